/* layer_output.c: the output kind: a dense layer to the vocabulary, the logits of a
 * language model. tie=on reuses the embedding's weight [vocab,C] as its own (GPT-2's tied
 * output: logits = x·wteᵀ), so the gradients of both uses add up in the embedding's
 * gradient; bias=off drops the bias (GPT-2's output has none). */
#include "nn/dense.h"
#include "nn/layer_kind.h"

static const struct layer_opt opts[] = {
    {.name = "tie",
     .type = LAYER_OPT_BOOL,
     .def = "off",
     .help = "use the embedding's weight (its width must be the output's input width)",
     .field = offsetof(struct layer_config, tie)},
    {.name = "bias",
     .type = LAYER_OPT_BOOL,
     .def = "on",
     .help = "a bias per vocabulary entry",
     .flags = LAYER_OPT_NEGATE,
     .field = offsetof(struct layer_config, nobias)},
    {0}};

static int out_width(const struct layer_config *cfg, int in_width, int vocab)
{
    (void)cfg;
    (void)in_width;
    return vocab;
}

/* Its parameters, in order: the weight unless tied, the bias unless bias=off. */
static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)context;
    int n = 0;
    if (!cfg->tie)
        layer_param_spec(&s[n++], "weight", vocab, in_width, INIT_NORMAL, LAYER_INIT_STD);
    if (!cfg->nobias)
        layer_param_spec(&s[n++], "bias", 1, vocab, INIT_ZERO, 0);
    return n;
}

static const struct param *weight(const struct layer *l, const struct param *p,
                                  const struct layer_pass *ps)
{
    return l->cfg.tie ? ps->embedding : &p[0];
}

static const struct param *bias(const struct layer *l, const struct param *p)
{
    return l->cfg.nobias ? NULL : &p[l->cfg.tie ? 0 : 1];
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    const struct param *b = bias(l, p);
    size_t r0 = (size_t)ps->first_out; /* a row of scores costs a pass over the whole weight */
    dense_forward(l->out + r0 * l->out_width, in + r0 * l->in_width, weight(l, p, ps)->value,
                  b ? b->value : NULL, ps->b * ps->t - (int)r0, l->in_width, l->out_width);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    const struct param *w = weight(l, p, ps), *b = bias(l, p);
    dense_backward(din, w->grad, b ? b->grad : NULL, dout, in, w->value, ps->b * ps->t, l->in_width,
                   l->out_width);
}

static double flops(const struct layer *l, int b, int t)
{
    return 6.0 * ((double)b * t) * l->in_width * l->out_width;
}

const struct layer_kind_desc layer_output = {
    .word = "output",
    .summary = "Projects to one score per vocabulary entry (a language model's last layer)",
    .opts = opts,
    .flags = LAYER_ENDS,
    .out_width = out_width,
    .params = params,
    .forward = forward,
    .backward = backward,
    .flops = flops,
};
