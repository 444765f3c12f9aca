/* gpt2.c: GPT-2's published layout into an attnlab model (see gpt2.h). Every tensor is
 * looked up by name, its shape checked against the config before anything is allocated,
 * and copied in, transposed where GPT-2 stores [in,out]. */
#include "io/gpt2.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum al_status bad(struct al_error *err, const char *fmt, const char *a, long v)
{
    char msg[200];
    snprintf(msg, sizeof msg, fmt, a, v);
    return al_fail(err, AL_EFORMAT, "%s", msg);
}

/* An integer key in 1..max, or (when alt is not NULL) the alternative key. */
static enum al_status get_int(json_t *root, const char *key, const char *alt, long max, int *out,
                              struct al_error *err)
{
    json_t *v = json_object_get(root, key);
    if (!v && alt)
        v = json_object_get(root, alt);
    if (!v)
        return bad(err, "config.json: \"%s\" is missing%.0ld", key, 0);
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > max)
        return bad(err, "config.json: \"%s\" must be a whole number from 1 to %ld", key, max);
    *out = (int)json_integer_value(v);
    return AL_OK;
}

enum al_status gpt2_config_parse(const char *json, size_t len, struct gpt2_config *cfg,
                                 struct al_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return al_fail(err, AL_EFORMAT, "config.json is not valid JSON (line %d: %s)", je.line,
                       je.text);
    struct gpt2_config c = {0};
    enum al_status st = json_is_object(root) ? AL_OK
                                             : al_fail(err, AL_EFORMAT,
                                                       "config.json is not "
                                                       "a JSON object");
    json_t *type = json_object_get(root, "model_type");
    if (st == AL_OK && type && (!json_is_string(type) || strcmp(json_string_value(type), "gpt2")))
        st = al_fail(err, AL_EFORMAT, "config.json: model_type is \"%.40s\", not \"gpt2\"",
                     json_is_string(type) ? json_string_value(type) : "?");
    if (st == AL_OK)
        st = get_int(root, "n_layer", NULL, 1000, &c.n_layer, err);
    if (st == AL_OK)
        st = get_int(root, "n_head", NULL, 1024, &c.n_head, err);
    if (st == AL_OK)
        st = get_int(root, "n_embd", NULL, 65536, &c.n_embd, err);
    if (st == AL_OK)
        st = get_int(root, "n_positions", "n_ctx", 1 << 20, &c.n_positions, err);
    if (st == AL_OK)
        st = get_int(root, "vocab_size", NULL, 10000000, &c.vocab_size, err);
    c.eps = 1e-5f;
    json_t *eps = json_object_get(root, "layer_norm_epsilon");
    if (st == AL_OK && eps) {
        double e = json_number_value(eps);
        if (!json_is_number(eps) || !(e >= 1e-12 && e <= 1))
            st = al_fail(err, AL_EFORMAT,
                         "config.json: layer_norm_epsilon must be a number "
                         "from 1e-12 to 1");
        c.eps = (float)e;
    }
    json_t *act = json_object_get(root, "activation_function");
    const char *a = act ? json_string_value(act) : "gelu_new";
    if (st == AL_OK && (!a || (strcmp(a, "gelu_new") && strcmp(a, "gelu_pytorch_tanh"))))
        st = al_fail(err, AL_EFORMAT,
                     "config.json: activation_function \"%.40s\" is not GELU's "
                     "tanh approximation (gelu_new), the one attnlab's blocks "
                     "compute",
                     a ? a : "?");
    if (st == AL_OK && c.n_embd % c.n_head)
        st = al_fail(err, AL_EFORMAT, "config.json: n_embd %d is not a multiple of n_head %d",
                     c.n_embd, c.n_head);
    json_decref(root);
    if (st == AL_OK)
        *cfg = c;
    return st;
}

/* The tensor GPT-2 calls name, with or without the "transformer." prefix. */
static const struct st_tensor *find(const struct st_file *st, const char *name)
{
    char full[ST_MAX_NAME + 16];
    const struct st_tensor *t = st_find(st, name);
    if (t)
        return t;
    snprintf(full, sizeof full, "transformer.%s", name);
    return st_find(st, full);
}

int gpt2_is_layout(const struct st_file *st)
{
    return find(st, "wte.weight") != NULL;
}

/* One tensor GPT-2 has, and the attnlab parameter it becomes. */
struct map {
    char src[64];   /* GPT-2's name, without prefix */
    char dst[64];   /* the attnlab parameter */
    int rows, cols; /* GPT-2's shape; rows 0: a vector of cols */
    int transpose;  /* stored [in,out]: the parameter is its transpose */
};

static int build_map(const struct gpt2_config *c, struct map *m)
{
    int n = 0, C = c->n_embd;
    m[n++] = (struct map){"wte.weight", "embedding.weight", c->vocab_size, C, 0};
    m[n++] = (struct map){"wpe.weight", "position.weight", c->n_positions, C, 0};
    for (int l = 0; l < c->n_layer; l++) {
        static const struct {
            const char *src, *dst;
            int r, cm, transpose; /* rows (0: vector), cols as multiples of C */
        } per[] = {{"ln_1.weight", "ln1.w", 0, 1, 0},
                   {"ln_1.bias", "ln1.b", 0, 1, 0},
                   {"attn.c_attn.weight", "attn.w_qkv", 1, 3, 1},
                   {"attn.c_attn.bias", "attn.b_qkv", 0, 3, 0},
                   {"attn.c_proj.weight", "attn.w_o", 1, 1, 1},
                   {"attn.c_proj.bias", "attn.b_o", 0, 1, 0},
                   {"ln_2.weight", "ln2.w", 0, 1, 0},
                   {"ln_2.bias", "ln2.b", 0, 1, 0},
                   {"mlp.c_fc.weight", "mlp.w_fc", 1, 4, 1},
                   {"mlp.c_fc.bias", "mlp.b_fc", 0, 4, 0},
                   {"mlp.c_proj.weight", "mlp.w_proj", 4, 1, 1},
                   {"mlp.c_proj.bias", "mlp.b_proj", 0, 1, 0}};
        for (size_t k = 0; k < sizeof per / sizeof per[0]; k++, n++) {
            snprintf(m[n].src, sizeof m[n].src, "h.%d.%s", l, per[k].src);
            snprintf(m[n].dst, sizeof m[n].dst, "block%d.%s", l + 1, per[k].dst);
            m[n].rows = per[k].r * C;
            m[n].cols = per[k].cm * C;
            m[n].transpose = per[k].transpose;
        }
    }
    m[n++] = (struct map){"ln_f.weight", "layernorm1.weight", 0, C, 0};
    m[n++] = (struct map){"ln_f.bias", "layernorm1.bias", 0, C, 0};
    return n;
}

/* A tensor's shape against the expected one ([cols] for a vector). */
static int shape_is(const struct st_tensor *t, int rows, int cols)
{
    if (rows == 0)
        return t->ndim == 1 && t->shape[0] == cols;
    return t->ndim == 2 && t->shape[0] == rows && t->shape[1] == cols;
}

static void shape_text(const struct st_tensor *t, char *buf, size_t n)
{
    size_t w = (size_t)snprintf(buf, n, "[");
    for (int d = 0; d < t->ndim && w < n; d++)
        w += (size_t)snprintf(buf + w, n - w, "%s%lld", d ? "," : "", (long long)t->shape[d]);
    if (w < n)
        snprintf(buf + w, n - w, "]");
}

/* Names GPT-2 files carry that are not parameters: the causal mask buffers, and the tied
 * lm_head (checked against wte separately). */
static int ignorable(const char *name)
{
    if (!strncmp(name, "transformer.", 12))
        name += 12;
    size_t n = strlen(name);
    if (!strcmp(name, "lm_head.weight"))
        return 1;
    return !strncmp(name, "h.", 2) && ((n > 10 && !strcmp(name + n - 10, ".attn.bias")) ||
                                       (n > 17 && !strcmp(name + n - 17, ".attn.masked_bias")));
}

static enum al_status check_tensors(const struct gpt2_config *c, const struct st_file *st,
                                    const struct map *m, int n, const char *name,
                                    struct al_error *err)
{
    char s[64];
    const struct st_tensor *wte = find(st, "wte.weight"), *wpe = find(st, "wpe.weight");
    if (wte && wte->ndim == 2 && wte->shape[0] != c->vocab_size)
        return al_fail(err, AL_EFORMAT,
                       "%s: config.json says vocab_size %d but wte.weight has "
                       "%lld rows",
                       name, c->vocab_size, (long long)wte->shape[0]);
    if (wte && wte->ndim == 2 && wte->shape[1] != c->n_embd)
        return al_fail(err, AL_EFORMAT,
                       "%s: config.json says n_embd %d but wte.weight is %lld "
                       "wide",
                       name, c->n_embd, (long long)wte->shape[1]);
    if (wpe && wpe->ndim == 2 && wpe->shape[0] != c->n_positions)
        return al_fail(err, AL_EFORMAT,
                       "%s: config.json says n_positions %d but wpe.weight "
                       "has %lld rows",
                       name, c->n_positions, (long long)wpe->shape[0]);
    for (int k = 0; k < n; k++) {
        const struct st_tensor *t = find(st, m[k].src);
        if (!t)
            return al_fail(err, AL_EFORMAT,
                           "%s: the tensor %s is missing (config.json says %d "
                           "layers)",
                           name, m[k].src, c->n_layer);
        if (!shape_is(t, m[k].rows, m[k].cols)) {
            shape_text(t, s, sizeof s);
            return al_fail(err, AL_EFORMAT, "%s: %s has shape %s, expected [%d%s%d]", name,
                           m[k].src, s, m[k].rows ? m[k].rows : m[k].cols, m[k].rows ? "," : "",
                           m[k].rows ? m[k].cols : 0);
        }
    }
    /* anything else is a tensor this layout does not have: say so rather than drop it */
    for (int i = 0; i < st->n; i++) {
        const char *tn = st->tensors[i].name;
        const char *bare = strncmp(tn, "transformer.", 12) ? tn : tn + 12;
        int known = ignorable(tn);
        for (int k = 0; k < n && !known; k++)
            known = !strcmp(bare, m[k].src);
        if (!known)
            return al_fail(err, AL_EFORMAT,
                           "%s: unexpected tensor %.60s (config.json says %d "
                           "layers)",
                           name, tn, c->n_layer);
    }
    const struct st_tensor *head = st_find(st, "lm_head.weight");
    if (head && wte) {
        if (!shape_is(head, c->vocab_size, c->n_embd) ||
            memcmp(head->data, wte->data, 4 * (size_t)wte->count))
            return al_fail(err, AL_EFORMAT,
                           "%s: lm_head.weight differs from wte.weight, but "
                           "GPT-2's output is tied to its embedding",
                           name);
    }
    return AL_OK;
}

static enum al_status add(struct model *net, struct layer_config lc, struct al_error *err)
{
    return model_add(net, &lc, err);
}

static enum al_status make_model(const struct gpt2_config *c, struct model **out,
                                 struct al_error *err)
{
    struct model *net = model_new(c->vocab_size, c->n_positions);
    if (!net)
        return al_fail(err, AL_ENOMEM, "out of memory for a model");
    enum al_status st =
        add(net, (struct layer_config){.kind = LAYER_EMBEDDING, .units = c->n_embd}, err);
    if (st == AL_OK)
        st = add(net, (struct layer_config){.kind = LAYER_POSITION, .position = POSITION_LEARNED},
                 err);
    for (int l = 0; l < c->n_layer && st == AL_OK; l++)
        st = add(net,
                 (struct layer_config){
                     .kind = LAYER_BLOCK, .heads = c->n_head, .ff = 4 * c->n_embd, .eps = c->eps},
                 err);
    if (st == AL_OK)
        st = add(net, (struct layer_config){.kind = LAYER_LAYERNORM, .eps = c->eps}, err);
    if (st == AL_OK)
        st = add(net, (struct layer_config){.kind = LAYER_OUTPUT, .tie = 1, .nobias = 1}, err);
    if (st != AL_OK) {
        model_free(net);
        return st;
    }
    *out = net;
    return AL_OK;
}

static void tell(const struct gpt2_used *used, const void *bytes, size_t n)
{
    if (used && used->fn)
        used->fn(used->ctx, bytes, n);
}

/* Copies tensor t into parameter p, transposing [in,out] into [out,in] when asked. */
static void copy_in(const struct st_tensor *t, struct param *p, int transpose,
                    const struct gpt2_used *used)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    int little = 1; /* the file's float32 are the host's: plain copies */
#else
    int little = 0;
#endif
    size_t total = 4 * (size_t)t->count;
    if (!transpose && little) {
        const size_t piece = (size_t)16 << 20; /* wte alone is 154 MB in GPT-2 small */
        for (size_t at = 0; at < total; at += piece) {
            size_t n = total - at < piece ? total - at : piece;
            memcpy((unsigned char *)p->value + at, t->data + at, n);
            tell(used, t->data + at, n);
        }
        return;
    }
    if (!transpose) {
        st_values(t, p->value);
        tell(used, t->data, total);
        return;
    }
    int in = (int)t->shape[0], outw = (int)t->shape[1];
    const unsigned char *d = t->data;
    enum { TILE = 32 }; /* tiles keep both sides in cache: 85M floats for GPT-2 small */
    float row[TILE];
    for (int i0 = 0; i0 < in; i0 += TILE) {
        int ni = in - i0 < TILE ? in - i0 : TILE;
        for (int o0 = 0; o0 < outw; o0 += TILE) {
            int no = outw - o0 < TILE ? outw - o0 : TILE;
            for (int i = 0; i < ni; i++) {
                if (little) {
                    memcpy(row, d + 4 * ((size_t)(i0 + i) * outw + o0), 4 * (size_t)no);
                } else {
                    for (int o = 0; o < no; o++) {
                        const unsigned char *b = d + 4 * ((size_t)(i0 + i) * outw + o0 + o);
                        uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                                     (uint32_t)b[3] << 24;
                        memcpy(&row[o], &u, 4);
                    }
                }
                for (int o = 0; o < no; o++)
                    p->value[(size_t)(o0 + o) * in + i0 + i] = row[o];
            }
        }
    }
    tell(used, t->data, total);
}

enum al_status gpt2_build(const struct gpt2_config *c, const struct st_file *st, int tok_vocab,
                          size_t max_bytes, const char *name, const struct gpt2_used *used,
                          struct model **out, struct al_error *err)
{
    if (tok_vocab != c->vocab_size)
        return al_fail(err, AL_EFORMAT,
                       "%s: the tokenizer has %d tokens but the model's wte has "
                       "%d rows: they do not belong together",
                       name, tok_vocab, c->vocab_size);
    int n = 2 + 12 * c->n_layer + 2;
    struct map *m = malloc(sizeof *m * (size_t)n);
    if (!m)
        return al_fail(err, AL_ENOMEM, "out of memory");
    build_map(c, m);
    enum al_status s = check_tensors(c, st, m, n, name, err);
    const struct st_tensor *head = st_find(st, "lm_head.weight");
    if (s == AL_OK && head) /* compared with wte by check_tensors; not copied */
        tell(used, head->data, 4 * (size_t)head->count);
    struct model *net = NULL;
    if (s == AL_OK)
        s = make_model(c, &net, err);
    if (s == AL_OK) {
        double need = model_arena_bytes(net, 1, 1, GPT2_MAX_T);
        if (need > (double)max_bytes)
            s = al_fail(err, AL_ENOMEM,
                        "%s: the model needs %.0f MB for inference, more than "
                        "the %.0f MB allowed",
                        name, need / 1048576.0, (double)max_bytes / 1048576.0);
    }
    if (s == AL_OK)
        s = model_compile_inference(net, 1, GPT2_MAX_T, NULL, err); /* all values set below */
    for (int k = 0; s == AL_OK && k < n; k++) {
        struct param *p = model_find_param(net, m[k].dst);
        if (!p) { /* the map and the layer kinds disagree: a bug, said plainly */
            s = al_fail(err, AL_EFORMAT, "internal: no parameter %s for %s", m[k].dst, m[k].src);
            break;
        }
        copy_in(find(st, m[k].src), p, m[k].transpose, used);
    }
    free(m);
    if (s != AL_OK) {
        model_free(net);
        return s;
    }
    *out = net;
    return AL_OK;
}
