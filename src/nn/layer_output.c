/* layer_output.c: the output kind: a dense layer to the vocabulary, the logits of a
 * language model. */
#include "nn/dense.h"
#include "nn/layer_kind.h"

enum { OUTPUT_WEIGHT, OUTPUT_BIAS };

static int out_width(const struct layer_config *cfg, int in_width, int vocab)
{
    (void)cfg;
    (void)in_width;
    return vocab;
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)cfg;
    (void)context;
    layer_param_spec(&s[OUTPUT_WEIGHT], "weight", vocab, in_width, INIT_NORMAL, LAYER_INIT_STD);
    layer_param_spec(&s[OUTPUT_BIAS], "bias", 1, vocab, INIT_ZERO, 0);
    return 2;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    dense_forward(l->out, in, p[OUTPUT_WEIGHT].value, p[OUTPUT_BIAS].value, ps->b * ps->t,
                  l->in_width, l->out_width);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    dense_backward(din, p[OUTPUT_WEIGHT].grad, p[OUTPUT_BIAS].grad, dout, in,
                   p[OUTPUT_WEIGHT].value, ps->b * ps->t, l->in_width, l->out_width);
}

static double flops(const struct layer *l, int b, int t)
{
    return 6.0 * ((double)b * t) * l->in_width * l->out_width;
}

const struct layer_kind_desc layer_output = {
    .word = "output",
    .summary = "Projects to one score per vocabulary entry (a language model's last layer)",
    .flags = LAYER_ENDS,
    .out_width = out_width,
    .params = params,
    .forward = forward,
    .backward = backward,
    .flops = flops,
};
