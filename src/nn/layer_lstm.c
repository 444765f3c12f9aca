/* layer_lstm.c: the lstm kind: one LSTM layer returning every step (lstm.c). */
#include "nn/layer_kind.h"
#include "nn/lstm.h"

enum { LSTM_W_X, LSTM_W_H, LSTM_B };
enum { LSTM_GATES, LSTM_C, LSTM_TANH_C, LSTM_DZ, LSTM_DH_NEXT, LSTM_DC_NEXT };

static const struct layer_opt opts[] = {{.name = "units",
                                         .type = LAYER_OPT_INT,
                                         .min = 1,
                                         .max = 65536,
                                         .help = "number of outputs",
                                         .flags = LAYER_OPT_POSITIONAL | LAYER_OPT_REQUIRED,
                                         .field = offsetof(struct layer_config, units)},
                                        {.name = "layers",
                                         .type = LAYER_OPT_INT,
                                         .def = "1",
                                         .min = 1,
                                         .max = 16,
                                         .help = "stacked LSTM layers",
                                         .flags = LAYER_OPT_REPEAT},
                                        {0}};

static enum al_status configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    (void)in_width;
    return layer_check_units(cfg, err);
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)vocab;
    (void)context;
    int u = cfg->units;
    layer_param_spec(&s[LSTM_W_X], "w_x", 4 * u, in_width, INIT_GLOROT, 0);
    layer_param_spec(&s[LSTM_W_H], "w_h", 4 * u, u, INIT_GLOROT, 0);
    layer_param_spec(&s[LSTM_B], "b", 1, 4 * u, INIT_FORGET_BIAS, 0);
    return 3;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)context;
    size_t n = (size_t)b * t, u = (size_t)l->cfg.units;
    sizes[LSTM_GATES] = n * 4 * u;
    sizes[LSTM_C] = sizes[LSTM_TANH_C] = n * u;
    sizes[LSTM_DZ] = n * 4 * u;
    sizes[LSTM_DH_NEXT] = sizes[LSTM_DC_NEXT] = (size_t)b * u;
    return 6;
}

static struct lstm_cache cache_of(const struct layer *l)
{
    return (struct lstm_cache){
        .gates = l->buf[LSTM_GATES], .c = l->buf[LSTM_C], .tanh_c = l->buf[LSTM_TANH_C]};
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    struct lstm_cache cache = cache_of(l);
    lstm_forward(l->out, &cache, in, p[LSTM_W_X].value, p[LSTM_W_H].value, p[LSTM_B].value, ps->b,
                 ps->t, l->in_width, l->cfg.units);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    struct lstm_cache cache = cache_of(l);
    struct lstm_scratch scratch = {
        .dz = l->buf[LSTM_DZ], .dh_next = l->buf[LSTM_DH_NEXT], .dc_next = l->buf[LSTM_DC_NEXT]};
    lstm_backward(din, p[LSTM_W_X].grad, p[LSTM_W_H].grad, p[LSTM_B].grad, &scratch, dout, l->out,
                  &cache, in, p[LSTM_W_X].value, p[LSTM_W_H].value, ps->b, ps->t, l->in_width,
                  l->cfg.units);
}

static double flops(const struct layer *l, int b, int t)
{
    double n = (double)b * t, c = l->in_width, u = l->cfg.units;
    return 6.0 * n * (c + u) * 4.0 * u;
}

const struct layer_kind_desc layer_lstm = {
    .flags = LAYER_RECURRENT,
    .word = "lstm",
    .summary = "A long short-term memory layer, returning every step",
    .opts = opts,
    .configure = configure,
    .out_width = layer_units_width,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
    .flops = flops,
};
