/* layer_position.c: the position kind: adds a learned or sinusoidal position encoding. */
#include "nn/layer_kind.h"
#include "nn/position.h"

enum { POSITION_WEIGHT }; /* learned only */
enum { POSITION_TABLE };  /* the sinusoid table [context,c] */

static const char *const position_words[] = {"learned", "sinusoidal", NULL};

static const struct layer_opt opts[] = {{.name = "kind",
                                         .type = LAYER_OPT_ENUM,
                                         .def = "learned",
                                         .words = position_words,
                                         .help = "learned vectors or fixed sinusoids",
                                         .flags = LAYER_OPT_POSITIONAL,
                                         .field = offsetof(struct layer_config, position)},
                                        {0}};

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)vocab;
    if (cfg->position != POSITION_LEARNED)
        return 0;
    layer_param_spec(&s[POSITION_WEIGHT], "weight", context, in_width, INIT_NORMAL, LAYER_INIT_STD);
    return 1;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)b;
    (void)t;
    sizes[POSITION_TABLE] = (size_t)context * l->in_width;
    return 1;
}

static void init(struct layer *l, int context)
{
    if (l->cfg.position == POSITION_SINUSOID)
        position_sinusoid_table(l->buf[POSITION_TABLE], context, l->in_width);
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    const float *table =
        l->cfg.position == POSITION_LEARNED ? p[POSITION_WEIGHT].value : l->buf[POSITION_TABLE];
    position_forward(l->out, in, table + (size_t)ps->pos0 * l->in_width, ps->b, ps->t, l->in_width);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    (void)in;
    position_backward(din, l->cfg.position == POSITION_LEARNED ? p[POSITION_WEIGHT].grad : NULL,
                      dout, ps->b, ps->t, l->in_width);
}

const struct layer_kind_desc layer_position = {
    .word = "position",
    .summary = "Adds position information to each token's vector",
    .opts = opts,
    .flags = LAYER_ONCE,
    .params = params,
    .buffers = buffers,
    .init = init,
    .forward = forward,
    .backward = backward,
};
