/* layer_classify.c: the classify kind: pools the sequence (the mean of its tokens, or its
 * last token, with the true lengths) and scores each label with a dense layer. */
#include <string.h>

#include "core/kernels.h"
#include "nn/dense.h"
#include "nn/layer_kind.h"

enum { CLASSIFY_WEIGHT, CLASSIFY_BIAS };
enum { CLASSIFY_POOLED, CLASSIFY_DPOOLED }; /* [B,c] each */

static const char *const pool_words[] = {"mean", "last", NULL};

static const struct layer_opt opts[] = {
    {.name = "pool",
     .type = LAYER_OPT_ENUM,
     .def = "mean",
     .words = pool_words,
     .help = "how the sequence becomes one vector: the mean over its tokens, or its last token",
     .field = offsetof(struct layer_config, pool)},
    {.name = "classes",
     .type = LAYER_OPT_INT,
     .min = 2,
     .max = 65536,
     .help = "number of labels (from the loaded data)",
     .flags = LAYER_OPT_INTERNAL,
     .field = offsetof(struct layer_config, classes)},
    {0}};

static enum al_status configure(struct layer_config *cfg, int in_width, struct al_error *err)
{
    (void)in_width;
    if (cfg->classes < 2)
        return al_fail(err, AL_EINVAL, "classify: at least 2 classes are needed, not %d",
                       cfg->classes);
    return AL_OK;
}

static int out_width(const struct layer_config *cfg, int in_width, int vocab)
{
    (void)in_width;
    (void)vocab;
    return cfg->classes;
}

static int params(const struct layer_config *cfg, int in_width, int vocab, int context,
                  struct param_spec *s)
{
    (void)vocab;
    (void)context;
    layer_param_spec(&s[CLASSIFY_WEIGHT], "weight", cfg->classes, in_width, INIT_NORMAL,
                     LAYER_INIT_STD);
    layer_param_spec(&s[CLASSIFY_BIAS], "bias", 1, cfg->classes, INIT_ZERO, 0);
    return 2;
}

static int buffers(const struct layer *l, int b, int t, int context, size_t *sizes)
{
    (void)t;
    (void)context;
    sizes[CLASSIFY_POOLED] = sizes[CLASSIFY_DPOOLED] = (size_t)b * l->in_width;
    return 2;
}

/* Sequence end (exclusive) of batch row i for pooling. */
static int seq_len(const struct layer_pass *ps, int i)
{
    if (!ps->lengths)
        return ps->t;
    int n = ps->lengths[i];
    return n < 1 ? 1 : n > ps->t ? ps->t : n;
}

static void forward(struct layer *l, const struct param *p, const float *in,
                    const struct layer_pass *ps)
{
    int c = l->in_width, t = ps->t;
    float *pooled = l->buf[CLASSIFY_POOLED];
    for (int i = 0; i < ps->b; i++) {
        int n = seq_len(ps, i);
        float *pi = pooled + (size_t)i * c;
        const float *x = in + (size_t)i * t * c;
        if (l->cfg.pool == POOL_LAST) {
            memcpy(pi, x + (size_t)(n - 1) * c, sizeof(float) * (size_t)c);
            continue;
        }
        vec_zero(pi, (size_t)c);
        for (int s = 0; s < n; s++)
            vec_add(pi, x + (size_t)s * c, (size_t)c);
        for (int j = 0; j < c; j++)
            pi[j] /= (float)n;
    }
    dense_forward(l->out, pooled, p[CLASSIFY_WEIGHT].value, p[CLASSIFY_BIAS].value, ps->b, c,
                  l->out_width);
}

static void backward(struct layer *l, const struct param *p, float *din, float *dout,
                     const float *in, const struct layer_pass *ps)
{
    (void)in;
    int c = l->in_width, t = ps->t;
    float *dp = l->buf[CLASSIFY_DPOOLED];
    dense_backward(dp, p[CLASSIFY_WEIGHT].grad, p[CLASSIFY_BIAS].grad, dout,
                   l->buf[CLASSIFY_POOLED], p[CLASSIFY_WEIGHT].value, ps->b, c, l->out_width);
    if (!din)
        return;
    vec_zero(din, (size_t)ps->b * t * c);
    for (int i = 0; i < ps->b; i++) {
        int n = seq_len(ps, i);
        const float *d = dp + (size_t)i * c;
        float *x = din + (size_t)i * t * c;
        if (l->cfg.pool == POOL_LAST) {
            memcpy(x + (size_t)(n - 1) * c, d, sizeof(float) * (size_t)c);
            continue;
        }
        for (int s = 0; s < n; s++)
            for (int j = 0; j < c; j++)
                x[(size_t)s * c + j] = d[j] / (float)n;
    }
}

static double flops(const struct layer *l, int b, int t)
{
    (void)t;
    return 6.0 * b * (double)l->in_width * l->out_width;
}

const struct layer_kind_desc layer_classify = {
    .word = "classify",
    .summary = "Pools the sequence and scores each label (a classifier's last layer)",
    .opts = opts,
    .flags = LAYER_ENDS | LAYER_POOLS | LAYER_LABELS,
    .configure = configure,
    .out_width = out_width,
    .params = params,
    .buffers = buffers,
    .forward = forward,
    .backward = backward,
    .flops = flops,
};
