/* check_reference.c: the compute core (src/nn) against PyTorch. Each case folder holds
 * float64 PyTorch results, rounded to float32, for one small model: logits, loss, attention
 * probabilities or LSTM states, and (in a full case) every gradient and the parameters after
 * a few AdamW and SGD steps. This program builds the same model through the nn API, copies
 * the case's initial parameters into it and compares every array. tests/reference/README
 * gives the format, the conventions and the tolerances used here.
 *
 * A case is full when its manifest lists gradients (grad.x0); a forward case (the arrays
 * param.*, input.* and out.* only) runs the forward test alone.
 *
 * Usage: check_reference [CASE_DIR...]. Without arguments it runs the forward case shipped
 * in $top_srcdir/tests/reference (so that every clone checks LayerNorm, attention and the
 * loss against PyTorch) and every case folder under $top_srcdir/../shared/data/reference
 * (top_srcdir may be relative to the current directory; "." when unset). When that folder
 * does not exist it says so and runs the shipped case only, except under CI (CI=true),
 * where the missing data fail the test. It prints one line per array compared, with its
 * maximum absolute difference. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/rng.h"
#include "core/status.h"
#include "nn/model.h"
#include "nn/optim.h"

#include "testlib.h"

/* README "Tolerances": per array max|a-b| <= REL_TOL * max|b|; AdamW parameters entry by
 * entry, except the K part of attn.b_qkv whose true gradient is zero (README "AdamW note"). */
#define REL_TOL 1e-5
#define ADAMW_ABS_TOL 1e-5
#define ADAMW_K_TOL 5e-3

#define MAX_DIMS 4

/* The case folders to run, set once by main before the runner starts (Check's loop tests
 * pass an index only): the full cases first, ncases in all, nfull of them full. */
static char **case_dirs;
static int ncases, nfull;

/* ---- reading a case folder ------------------------------------------------------------ */

struct ref_array {
    char name[128];
    int is_int; /* int32 rather than float32 */
    int ndims;
    int dims[MAX_DIMS];
    size_t count;
    void *data; /* float[count] or int32_t[count] */
};

struct ref_case {
    char dir[4096];
    char label[128];   /* "# case: NAME", or the folder's name */
    char config[8192]; /* what follows "# config:" */
    int narrays, cap;
    struct ref_array *arrays;
};

/* Writes a reason for a failure into why (truncated to whylen). */
static void say(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

static int host_is_little_endian(void)
{
    const uint32_t one = 1;
    return *(const unsigned char *)&one == 1;
}

static void swap_words(unsigned char *p, size_t count)
{
    for (size_t k = 0; k < count; k++, p += 4) {
        unsigned char t0 = p[0], t1 = p[1];
        p[0] = p[3];
        p[1] = p[2];
        p[2] = t1;
        p[3] = t0;
    }
}

/* Reads exactly count little-endian 4-byte words from path into a new buffer; NULL with a
 * reason in why when the file is missing, short or too long. */
static void *read_words(const char *path, size_t count, char *why, size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        say(why, whylen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    void *buf = malloc(4 * (count ? count : 1));
    size_t got = buf ? fread(buf, 4, count, f) : 0;
    int extra = fgetc(f) != EOF;
    fclose(f);
    if (!buf || got != count || extra) {
        say(why, whylen, "%s: expected exactly %zu bytes", path, 4 * count);
        free(buf);
        return NULL;
    }
    if (!host_is_little_endian())
        swap_words(buf, count);
    return buf;
}

/* Parses one manifest line "name dtype dim0 ... file" and loads its file. */
static int parse_array_line(struct ref_case *rc, char *line, struct ref_array *a, char *why,
                            size_t whylen)
{
    char *field[MAX_DIMS + 3];
    int nf = 0;
    for (char *tok = strtok(line, " \r\n"); tok; tok = strtok(NULL, " \r\n")) {
        if (nf == MAX_DIMS + 3) {
            say(why, whylen, "manifest line with too many fields");
            return 0;
        }
        field[nf++] = tok;
    }
    if (nf < 4 || strlen(field[0]) >= sizeof a->name ||
        (strcmp(field[1], "f32") != 0 && strcmp(field[1], "i32") != 0)) {
        say(why, whylen, "malformed manifest line for '%s'", nf ? field[0] : "");
        return 0;
    }
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", field[0]);
    a->is_int = field[1][0] == 'i';
    a->ndims = nf - 3;
    a->count = 1;
    for (int d = 0; d < a->ndims; d++) {
        char *end;
        long v = strtol(field[2 + d], &end, 10);
        if (*end || v < 1 || v > 1L << 24) {
            say(why, whylen, "%s: bad dimension '%s'", a->name, field[2 + d]);
            return 0;
        }
        a->dims[d] = (int)v;
        a->count *= (size_t)v;
    }
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", rc->dir, field[nf - 1]);
    a->data = read_words(path, a->count, why, whylen);
    return a->data != NULL;
}

static void case_free(struct ref_case *rc)
{
    for (int k = 0; k < rc->narrays; k++)
        free(rc->arrays[k].data);
    free(rc->arrays);
    memset(rc, 0, sizeof *rc);
}

static int case_add_line(struct ref_case *rc, char *line, char *why, size_t whylen)
{
    if (strncmp(line, "# case:", 7) == 0) {
        sscanf(line + 7, " %127s", rc->label);
        return 1;
    }
    if (strncmp(line, "# config:", 9) == 0) {
        snprintf(rc->config, sizeof rc->config, " %s", line + 9);
        rc->config[strcspn(rc->config, "\r\n")] = '\0';
        return 1;
    }
    if (line[0] == '#' || line[strspn(line, " \r\n")] == '\0')
        return 1;
    if (rc->narrays == rc->cap) {
        int ncap = rc->cap ? 2 * rc->cap : 64;
        void *p = realloc(rc->arrays, sizeof *rc->arrays * (size_t)ncap);
        if (!p) {
            say(why, whylen, "out of memory");
            return 0;
        }
        rc->arrays = p;
        rc->cap = ncap;
    }
    if (!parse_array_line(rc, line, &rc->arrays[rc->narrays], why, whylen))
        return 0;
    rc->narrays++;
    return 1;
}

/* Loads dir/manifest.txt and every array it lists. On failure returns 0 with a reason. */
static int case_load(struct ref_case *rc, const char *dir, char *why, size_t whylen)
{
    memset(rc, 0, sizeof *rc);
    snprintf(rc->dir, sizeof rc->dir, "%s", dir);
    const char *base = strrchr(dir, '/');
    snprintf(rc->label, sizeof rc->label, "%s", base && base[1] ? base + 1 : dir);
    char path[8192];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        say(why, whylen, "%s: %s", path, strerror(errno));
        return 0;
    }
    char line[8000];
    int ok = 1;
    while (ok && fgets(line, sizeof line, f))
        ok = case_add_line(rc, line, why, whylen);
    fclose(f);
    if (ok && rc->config[0] == '\0') {
        say(why, whylen, "%s: no '# config:' line", path);
        ok = 0;
    }
    if (!ok)
        case_free(rc);
    return ok;
}

static const struct ref_array *case_find(const struct ref_case *rc, const char *name)
{
    for (int k = 0; k < rc->narrays; k++)
        if (strcmp(rc->arrays[k].name, name) == 0)
            return &rc->arrays[k];
    return NULL;
}

/* The float32 array `name` with exactly `count` entries; fails the test otherwise. */
static const float *case_floats(const struct ref_case *rc, const char *name, size_t count)
{
    const struct ref_array *a = case_find(rc, name);
    ck_assert_msg(a != NULL, "%s: the manifest has no array '%s'", rc->label, name);
    ck_assert_msg(!a->is_int && a->count == count,
                  "%s: '%s' should be f32 with %zu entries, not %s with %zu", rc->label, name,
                  count, a->is_int ? "i32" : "f32", a->count);
    return a->data;
}

static const int32_t *case_ints(const struct ref_case *rc, const char *name, size_t count)
{
    const struct ref_array *a = case_find(rc, name);
    ck_assert_msg(a != NULL, "%s: the manifest has no array '%s'", rc->label, name);
    ck_assert_msg(a->is_int && a->count == count, "%s: '%s' should be i32 with %zu entries",
                  rc->label, name, count);
    return a->data;
}

/* The value of `key` in the config line, copied into out; fails the test when absent. */
static void config_word(const struct ref_case *rc, const char *key, char *out, size_t n)
{
    char pat[64];
    snprintf(pat, sizeof pat, " %s=", key);
    const char *p = strstr(rc->config, pat);
    ck_assert_msg(p != NULL, "%s: the config line has no '%s='", rc->label, key);
    p += strlen(pat);
    size_t len = strcspn(p, " ");
    ck_assert_msg(len > 0 && len < n, "%s: config '%s' has a bad value", rc->label, key);
    memcpy(out, p, len);
    out[len] = '\0';
}

static double config_num(const struct ref_case *rc, const char *key)
{
    char word[64], *end;
    config_word(rc, key, word, sizeof word);
    double v = strtod(word, &end);
    ck_assert_msg(*end == '\0', "%s: config %s=%s is not a number", rc->label, key, word);
    return v;
}

static int config_int(const struct ref_case *rc, const char *key)
{
    double v = config_num(rc, key);
    ck_assert_msg(v == (int)v && v >= 0, "%s: config %s=%g is not a count", rc->label, key, v);
    return (int)v;
}

static int config_is(const struct ref_case *rc, const char *key, const char *want)
{
    char word[64];
    config_word(rc, key, word, sizeof word);
    return strcmp(word, want) == 0;
}

/* ---- comparing ------------------------------------------------------------------------- */

/* What one test has compared so far; failures are asserted once at the end so that the
 * log shows every figure, not only the first mismatch. */
struct tally {
    char label[128];
    int compared, failed;
    char failures[1024];
};

static void tally_fail(struct tally *t, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t used = strlen(t->failures);
    if (used + strlen(msg) + 3 < sizeof t->failures)
        snprintf(t->failures + used, sizeof t->failures - used, "%s%s", used ? "; " : "", msg);
    t->failed++;
}

static struct tally tally_start(const struct ref_case *rc)
{
    struct tally t = {.compared = 0};
    snprintf(t.label, sizeof t.label, "%s", rc->label);
    return t;
}

/* |a - b| with non-finite values of a counted as infinitely far. */
static double gap(double a, double b)
{
    return isfinite(a) ? fabs(a - b) : INFINITY;
}

/* Per array: max|a-b| <= REL_TOL * max|b|. a is double so that losses keep their precision. */
static void check_scaled(struct tally *t, const char *name, const double *a, const float *b,
                         size_t n)
{
    double diff = 0.0, ref = 0.0;
    for (size_t k = 0; k < n; k++) {
        diff = fmax(diff, gap(a[k], b[k]));
        ref = fmax(ref, fabs((double)b[k]));
    }
    double tol = REL_TOL * ref;
    int ok = diff <= tol;
    printf("%-10s %-30s max|a-b| %.3e  max|b| %.3e  ratio %.2e  tol %.2e  %s\n", t->label, name,
           diff, ref, ref > 0 ? diff / ref : diff, tol, ok ? "ok" : "MISMATCH");
    t->compared++;
    if (!ok)
        tally_fail(t, "%s max|a-b| %.3e > %.3e", name, diff, tol);
}

static void check_scaled_f(struct tally *t, const char *name, const float *a, const float *b,
                           size_t n)
{
    double *ad = malloc(sizeof *ad * (n ? n : 1));
    ck_assert_ptr_nonnull(ad);
    for (size_t k = 0; k < n; k++)
        ad[k] = a[k];
    check_scaled(t, name, ad, b, n);
    free(ad);
}

/* AdamW parameters: every entry within ADAMW_ABS_TOL, except entries [klo, khi) (the K part
 * of attn.b_qkv; klo = khi = 0 for none) within ADAMW_K_TOL. */
static void check_adamw_param(struct tally *t, const char *name, const float *a, const float *b,
                              size_t n, size_t klo, size_t khi)
{
    double diff = 0.0, kdiff = 0.0;
    for (size_t k = 0; k < n; k++) {
        if (k >= klo && k < khi)
            kdiff = fmax(kdiff, gap(a[k], b[k]));
        else
            diff = fmax(diff, gap(a[k], b[k]));
    }
    int ok = diff <= ADAMW_ABS_TOL && kdiff <= ADAMW_K_TOL;
    if (khi > klo)
        printf("%-10s %-30s max|a-b| %.3e  (tol %.0e; K part %.3e, tol %.0e)  %s\n", t->label, name,
               diff, ADAMW_ABS_TOL, kdiff, ADAMW_K_TOL, ok ? "ok" : "MISMATCH");
    else
        printf("%-10s %-30s max|a-b| %.3e  (tol %.0e each)  %s\n", t->label, name, diff,
               ADAMW_ABS_TOL, ok ? "ok" : "MISMATCH");
    t->compared++;
    if (!ok)
        tally_fail(t, "%s max|a-b| %.3e (K part %.3e)", name, diff, kdiff);
}

static void tally_assert(const struct tally *t)
{
    ck_assert_msg(t->compared > 0, "%s: nothing was compared", t->label);
    ck_assert_msg(t->failed == 0,
                  "CORE DISAGREES WITH PYTORCH (%s): %d of %d arrays out of tolerance: %s",
                  t->label, t->failed, t->compared, t->failures);
}

/* ---- building the case's model --------------------------------------------------------- */

struct sizes {
    int gpt; /* 0: lstm */
    int v, t, b;
};

static void add_layer(struct model *m, struct layer_config cfg)
{
    struct al_error err;
    al_error_clear(&err);
    ck_assert_msg(model_add(m, &cfg, &err) == AL_OK, "model_add(%s): %s", layer_kind_name(cfg.kind),
                  err.msg);
}

/* The stack that README.md's model describes, through the nn API. */
static void add_layers(const struct ref_case *rc, struct model *m, int gpt)
{
    if (gpt) {
        /* the core's LayerNorm eps and GELU are fixed; a case asking for others can't run */
        ck_assert_msg(fabs(config_num(rc, "ln_eps") - 1e-5) < 1e-12 &&
                          config_is(rc, "gelu", "tanh"),
                      "%s: the core has ln_eps=1e-5 and the tanh GELU only", rc->label);
        add_layer(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = config_int(rc, "C")});
        add_layer(m, (struct layer_config){.kind = LAYER_POSITION, .position = POSITION_LEARNED});
        int blocks = config_int(rc, "blocks"), heads = config_int(rc, "H");
        for (int k = 0; k < blocks; k++)
            add_layer(m, (struct layer_config){
                             .kind = LAYER_BLOCK, .heads = heads, .ff = config_int(rc, "F")});
        add_layer(m, (struct layer_config){.kind = LAYER_LAYERNORM});
    } else {
        add_layer(m, (struct layer_config){.kind = LAYER_EMBEDDING, .units = config_int(rc, "E")});
        add_layer(m, (struct layer_config){.kind = LAYER_LSTM, .units = config_int(rc, "H")});
    }
    add_layer(m, (struct layer_config){.kind = LAYER_OUTPUT});
}

static void optim_from_case(const struct ref_case *rc, enum optim_kind kind,
                            struct optim_config *oc)
{
    optim_config_default(oc, kind);
    if (kind == OPTIM_SGD) {
        ck_assert_msg(config_num(rc, "sgd_dampening") == 0 && config_int(rc, "sgd_nesterov") == 0,
                      "%s: the core's SGD has no dampening and no Nesterov", rc->label);
        oc->lr = (float)config_num(rc, "sgd_lr");
        oc->momentum = (float)config_num(rc, "sgd_momentum");
        oc->weight_decay = (float)config_num(rc, "sgd_weight_decay");
    } else {
        oc->lr = (float)config_num(rc, "adamw_lr");
        oc->beta1 = (float)config_num(rc, "adamw_beta1");
        oc->beta2 = (float)config_num(rc, "adamw_beta2");
        oc->eps = (float)config_num(rc, "adamw_eps");
        oc->weight_decay = (float)config_num(rc, "adamw_weight_decay");
    }
    oc->clip = 0.0f;
    oc->schedule = SCHEDULE_CONSTANT;
}

/* The manifest's k-th "param." array, in manifest order. */
static const struct ref_array *case_param(const struct ref_case *rc, int k)
{
    for (int i = 0; i < rc->narrays; i++)
        if (strncmp(rc->arrays[i].name, "param.", 6) == 0 && k-- == 0)
            return &rc->arrays[i];
    return NULL;
}

/* Matches the model's parameters to the manifest's by order, checks every shape and copies
 * the reference values in. */
static void load_params(const struct ref_case *rc, struct model *m)
{
    int nref = 0;
    while (case_param(rc, nref))
        nref++;
    ck_assert_msg(nref == m->nparams, "%s: the model has %d parameter tensors, the manifest %d",
                  rc->label, m->nparams, nref);
    for (int k = 0; k < m->nparams; k++) {
        const struct ref_array *a = case_param(rc, k);
        struct param *p = &m->params[k];
        int rows = a->ndims == 2 ? a->dims[0] : 1, cols = a->dims[a->ndims - 1];
        ck_assert_msg(!a->is_int && a->ndims <= 2 && rows == p->rows && cols == p->cols,
                      "%s: parameter %d is %s [%d,%d] in the model but %s in the manifest "
                      "(%d dims, %zu entries)",
                      rc->label, k, p->name, p->rows, p->cols, a->name, a->ndims, a->count);
        memcpy(p->value, a->data, sizeof(float) * a->count);
    }
}

/* A fresh model for the case, compiled for batch B with the given optimizer, holding the
 * case's initial parameters. */
static struct model *case_model(const struct ref_case *rc, struct sizes *sz, enum optim_kind kind)
{
    char word[16];
    config_word(rc, "model", word, sizeof word);
    ck_assert_msg(strcmp(word, "gpt") == 0 || strcmp(word, "lstm") == 0, "%s: unknown model '%s'",
                  rc->label, word);
    ck_assert_msg(config_is(rc, "loss", "mean_cross_entropy"), "%s: unknown loss", rc->label);
    sz->gpt = strcmp(word, "gpt") == 0;
    sz->v = config_int(rc, "V");
    sz->t = config_int(rc, "T");
    sz->b = config_int(rc, "B");
    struct model *m = model_new(sz->v, sz->t);
    ck_assert_ptr_nonnull(m);
    add_layers(rc, m, sz->gpt);
    struct optim_config oc;
    optim_from_case(rc, kind, &oc);
    struct rng rng;
    rng_seed(&rng, 1); /* the initialisation is overwritten by the case's parameters */
    struct al_error err;
    al_error_clear(&err);
    ck_assert_msg(model_compile(m, &oc, sz->b, &rng, &err) == AL_OK, "compile: %s", err.msg);
    load_params(rc, m);
    return m;
}

/* ---- the tests: one of each per case folder --------------------------------------------- */

static void load_or_fail(struct ref_case *rc, int i)
{
    char why[512] = "";
    ck_assert_msg(case_load(rc, case_dirs[i], why, sizeof why), "case %s: %s", case_dirs[i], why);
}

/* Forward and backward once at the initial parameters; returns the loss. */
static double run_once(struct model *m, const struct ref_case *rc, const struct sizes *sz)
{
    size_t bt = (size_t)sz->b * sz->t;
    const int32_t *tokens = case_ints(rc, "input.tokens", bt);
    const int32_t *targets = case_ints(rc, "input.targets", bt);
    struct al_error err;
    al_error_clear(&err);
    ck_assert_msg(model_forward(m, tokens, NULL, sz->b, sz->t, 0, NULL, NULL, &err) == AL_OK,
                  "forward: %s", err.msg);
    double loss = 0.0;
    ck_assert_msg(model_backward(m, targets, &loss, &err) == AL_OK, "backward: %s", err.msg);
    return loss;
}

static void check_attention(struct tally *t, const struct ref_case *rc, const struct model *m,
                            const struct sizes *sz)
{
    int block = 0;
    for (int i = 0; i < m->nlayers; i++) {
        if (m->layers[i].cfg.kind != LAYER_BLOCK)
            continue;
        int heads = 0;
        const float *att = model_attention_probs(m, i, &heads);
        ck_assert_ptr_nonnull(att);
        char name[64];
        snprintf(name, sizeof name, "out.att.%d", ++block);
        size_t n = (size_t)sz->b * heads * sz->t * sz->t;
        check_scaled_f(t, name, att, case_floats(rc, name, n), n);
    }
    ck_assert_msg(case_find(rc, "out.att.1") == NULL || block > 0, "no block layer");
}

START_TEST(test_forward)
{
    struct ref_case rc;
    load_or_fail(&rc, _i);
    struct sizes sz;
    struct model *m = case_model(&rc, &sz, OPTIM_ADAMW);
    double loss = run_once(m, &rc, &sz);
    struct tally t = tally_start(&rc);
    size_t nlogits = (size_t)sz.b * sz.t * sz.v;
    check_scaled_f(&t, "out.logits", m->layers[m->nlayers - 1].out,
                   case_floats(&rc, "out.logits", nlogits), nlogits);
    check_scaled(&t, "out.loss", &loss, case_floats(&rc, "out.loss", 1), 1);
    if (sz.gpt) {
        check_attention(&t, &rc, m, &sz);
    } else {
        const struct layer *l = &m->layers[1]; /* embedding, lstm, output */
        size_t n = (size_t)sz.b * sz.t * l->out_width;
        check_scaled_f(&t, "out.h", l->out, case_floats(&rc, "out.h", n), n);
    }
    model_free(m);
    case_free(&rc);
    tally_assert(&t);
}
END_TEST

START_TEST(test_gradients)
{
    struct ref_case rc;
    load_or_fail(&rc, _i);
    struct sizes sz;
    struct model *m = case_model(&rc, &sz, OPTIM_ADAMW);
    run_once(m, &rc, &sz);
    struct tally t = tally_start(&rc);
    char name[160];
    for (int k = 0; k < m->nparams; k++) {
        const struct ref_array *p = case_param(&rc, k);
        snprintf(name, sizeof name, "grad.%s", p->name + 6);
        check_scaled_f(&t, name, m->params[k].grad, case_floats(&rc, name, p->count), p->count);
    }
    size_t nx = (size_t)sz.b * sz.t * m->layers[0].out_width;
    const float *dx0 = model_input_grad(m);
    ck_assert_ptr_nonnull(dx0);
    check_scaled_f(&t, "grad.x0", dx0, case_floats(&rc, "grad.x0", nx), nx);
    model_free(m);
    case_free(&rc);
    tally_assert(&t);
}
END_TEST

/* Runs `steps` training steps from the case's parameters; losses[k] is the loss before step
 * k+1 and losses[steps] the loss after the last step. */
static void train(struct model *m, const struct ref_case *rc, const struct sizes *sz, int steps,
                  double *losses)
{
    size_t bt = (size_t)sz->b * sz->t;
    const int32_t *tokens = case_ints(rc, "input.tokens", bt);
    const int32_t *targets = case_ints(rc, "input.targets", bt);
    struct al_error err;
    al_error_clear(&err);
    struct step_stats st;
    for (int k = 0; k < steps; k++) {
        ck_assert_msg(model_train_step(m, tokens, targets, NULL, sz->b, sz->t, NULL, &st, &err) ==
                          AL_OK,
                      "train step %d: %s", k + 1, err.msg);
        losses[k] = st.loss;
    }
    ck_assert_msg(model_evaluate(m, tokens, targets, NULL, sz->b, sz->t, &st, &err) == AL_OK,
                  "evaluate: %s", err.msg);
    losses[steps] = st.loss;
}

/* The K entries [C, 2C) of a gpt attn.b_qkv [3C]; an empty range for other parameters. */
static void k_part(const char *name, size_t count, size_t *lo, size_t *hi)
{
    size_t len = strlen(name), suffix = strlen("attn.b_qkv");
    int is_bqkv = len >= suffix && strcmp(name + len - suffix, "attn.b_qkv") == 0;
    *lo = is_bqkv ? count / 3 : 0;
    *hi = is_bqkv ? 2 * count / 3 : 0;
}

static void check_optimizer(int i, enum optim_kind kind, const char *prefix)
{
    struct ref_case rc;
    load_or_fail(&rc, i);
    struct sizes sz;
    struct model *m = case_model(&rc, &sz, kind);
    char key[64], name[160];
    snprintf(key, sizeof key, "%s_steps", prefix);
    int steps = config_int(&rc, key);
    double *losses = malloc(sizeof *losses * (size_t)(steps + 1));
    ck_assert_ptr_nonnull(losses);
    train(m, &rc, &sz, steps, losses);
    struct tally t = tally_start(&rc);
    snprintf(name, sizeof name, "%s.loss", prefix);
    check_scaled(&t, name, losses, case_floats(&rc, name, (size_t)steps + 1), (size_t)steps + 1);
    for (int k = 0; k < m->nparams; k++) {
        const struct ref_array *p = case_param(&rc, k);
        snprintf(name, sizeof name, "%s.param.%s", prefix, p->name + 6);
        const float *want = case_floats(&rc, name, p->count);
        size_t lo = 0, hi = 0;
        if (kind == OPTIM_ADAMW) {
            k_part(p->name, p->count, &lo, &hi);
            check_adamw_param(&t, name, m->params[k].value, want, p->count, lo, hi);
        } else {
            check_scaled_f(&t, name, m->params[k].value, want, p->count);
        }
    }
    free(losses);
    model_free(m);
    case_free(&rc);
    tally_assert(&t);
}

START_TEST(test_adamw)
{
    check_optimizer(_i, OPTIM_ADAMW, "adamw");
}
END_TEST

START_TEST(test_sgd)
{
    check_optimizer(_i, OPTIM_SGD, "sgd");
}
END_TEST

/* ---- finding the case folders ----------------------------------------------------------- */

static int is_case_dir(const char *dir)
{
    char path[8192];
    struct stat st;
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, name);
    return s;
}

/* Appends path to *dirs (growing it); frees path and returns 0 when out of memory. */
static int push_dir(char ***dirs, int *count, int *cap, char *path)
{
    if (*count == *cap) {
        int ncap = 2 * *cap + 8;
        char **p = realloc(*dirs, sizeof *p * (size_t)ncap);
        if (!p) {
            free(path);
            return 0;
        }
        *dirs = p;
        *cap = ncap;
    }
    (*dirs)[(*count)++] = path;
    return 1;
}

/* Every subfolder of root holding a manifest.txt, sorted; *n receives their number. NULL
 * (with errno set) when root cannot be opened. */
static char **find_cases(const char *root, int *n)
{
    DIR *d = opendir(root);
    if (!d)
        return NULL;
    char **dirs = calloc(1, sizeof *dirs);
    int count = 0, cap = dirs ? 1 : 0;
    for (struct dirent *e; dirs && (e = readdir(d));) {
        char *path = e->d_name[0] == '.' ? NULL : join(root, e->d_name);
        if (path && is_case_dir(path))
            push_dir(&dirs, &count, &cap, path);
        else
            free(path);
    }
    closedir(d);
    if (count)
        qsort(dirs, (size_t)count, sizeof *dirs, by_name);
    *n = count;
    return dirs;
}

static char **cases_from_args(int argc, char **argv, int *n)
{
    char **dirs = calloc((size_t)argc, sizeof *dirs);
    if (!dirs)
        return NULL;
    for (int k = 1; k < argc; k++)
        dirs[k - 1] = strdup(argv[k]);
    *n = argc - 1;
    return dirs;
}

/* Appends the case folders under root (srcdir-relative) to *dirs; 0 when root is missing. */
static int add_cases_under(const char *rel, char ***dirs, int *count, int *cap)
{
    char root[4096];
    snprintf(root, sizeof root, "%s", srcpath(rel));
    int n = 0;
    char **found = find_cases(root, &n);
    if (!found)
        return 0;
    if (n == 0)
        fprintf(stderr, "check_reference: no case folder (with a manifest.txt) in %s\n", root);
    for (int k = 0; k < n; k++)
        push_dir(dirs, count, cap, found[k]);
    free(found);
    return 1;
}

/* Whether the case in dir is full: its manifest lists grad.x0. */
static int case_is_full(const char *dir)
{
    char path[8192], line[8000];
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    FILE *f = fopen(path, "r");
    int full = 0;
    while (f && !full && fgets(line, sizeof line, f))
        full = strncmp(line, "grad.x0 ", 8) == 0;
    if (f)
        fclose(f);
    return full;
}

/* Puts the full cases before the forward ones (keeping their order) and counts them. */
static int full_first(char **dirs, int n)
{
    char **sorted = malloc(sizeof *sorted * (size_t)(n ? n : 1));
    if (!sorted)
        return -1;
    int nf = 0, w = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n; k++)
            if (case_is_full(dirs[k]) == !pass) {
                sorted[w++] = dirs[k];
                nf += !pass;
            }
    memcpy(dirs, sorted, sizeof *dirs * (size_t)n);
    free(sorted);
    return nf;
}

static Suite *reference_suite(void)
{
    Suite *s = suite_create("reference");
    TCase *tc = tcase_create("pytorch");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_forward, 0, ncases);
    tcase_add_loop_test(tc, test_gradients, 0, nfull);
    tcase_add_loop_test(tc, test_adamw, 0, nfull);
    tcase_add_loop_test(tc, test_sgd, 0, nfull);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        case_dirs = cases_from_args(argc, argv, &ncases);
    } else {
        int cap = 0;
        add_cases_under("tests/reference", &case_dirs, &ncases, &cap);
        if (!add_cases_under("../shared/data/reference", &case_dirs, &ncases, &cap)) {
            const char *ci = getenv("CI");
            int in_ci = ci && strcmp(ci, "true") == 0;
            fprintf(stderr, "check_reference: %s: no reference data at %s%s\n",
                    in_ci ? "FAIL" : "note", srcpath("../shared/data/reference"),
                    in_ci ? " (CI=true: the full cases must run)"
                          : "; the shipped forward case runs alone");
            if (in_ci) {
                for (int k = 0; k < ncases; k++)
                    free(case_dirs[k]);
                free(case_dirs);
                return EXIT_FAILURE;
            }
        }
    }
    nfull = case_dirs ? full_first(case_dirs, ncases) : -1;
    if (!case_dirs || ncases == 0 || nfull < 0) {
        fprintf(stderr, "check_reference: no case to run\n");
        free(case_dirs);
        return EXIT_FAILURE;
    }
    for (int k = 0; k < ncases; k++)
        printf("case %d: %s (%s)\n", k, case_dirs[k], k < nfull ? "full" : "forward only");
    int status = run_suites((const suite_fn[]){reference_suite, NULL});
    for (int k = 0; k < ncases; k++)
        free(case_dirs[k]);
    free(case_dirs);
    return status;
}
