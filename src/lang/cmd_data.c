/* cmd_data.c: the data commands: load (a text corpus or a labelled TSV file), data
 * (statistics, a sample, the vocabulary) and tokens (how the tokenizer splits a text).
 * load does all its work in check, into a plan; exec only swaps it in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "data/corpus.h"
#include "data/labelled.h"
#include "data/tokenizer.h"
#include "lab/lab.h"
#include "lang/commands.h"
#include "lang/draw.h"
#include "lang/near_file.h"
#include "lang/session.h"
#include "viz/canvas.h"
#include "viz/table.h"

/* ---- load ---- */

static const char *const format_words[] = {"auto", "text", "tsv", NULL};
/* In the order of enum labelled_header. */
static const char *const header_words[] = {"auto", "on", "off", NULL};
/* The trainable kinds (tok_kind_words), then the current model's own tokenizer. */
static const char *const tokenizer_words[] = {"char", "word", "bpe", "model", NULL};
_Static_assert(TOK_KIND_COUNT == 3, "tokenizer_words lists the trainable kinds, then model");
#define TOKENIZER_MODEL 3

static const struct opt_spec load_args[] = {
    {.name = "file",
     .type = VAL_STRING,
     .help = "a UTF-8 text file, or a TSV of label<TAB>text; in a script, relative to the script"},
    CMD_OPTS_END,
};
static const struct opt_spec load_opts[] = {
    {.name = "tokenizer",
     .type = VAL_ENUM,
     .words = tokenizer_words,
     .help = "how text becomes tokens (default: char for text, word for TSV); model: the "
             "current model's own tokenizer (an imported GPT-2's), to fine-tune it"},
    {.name = "split",
     .type = VAL_FLOAT,
     .def = "0.9",
     .min = 0.01,
     .max = 1.0,
     .help = "fraction of the data that trains"},
    {.name = "format",
     .type = VAL_ENUM,
     .def = "auto",
     .words = format_words,
     .help = "text or tsv; auto goes by the extension"},
    {.name = "lowercase", .type = VAL_BOOL, .def = "off", .help = "word: fold to lower case"},
    {.name = "stopwords",
     .type = VAL_STRING,
     .help = "word: \"english\" or a file of words to drop"},
    {.name = "min_freq",
     .type = VAL_INT,
     .def = "1",
     .min = 1,
     .max = 1000000,
     .help = "word: rarer words become <unk>"},
    {.name = "max_vocab",
     .type = VAL_INT,
     .def = "0",
     .min = 0,
     .max = 10000000,
     .help = "word: largest vocabulary (0: no limit)"},
    {.name = "merges",
     .type = VAL_INT,
     .def = "256",
     .min = 0,
     .max = 100000,
     .help = "bpe: how many merges to learn"},
    {.name = "replace_invalid",
     .type = VAL_BOOL,
     .def = "off",
     .help = "replace invalid UTF-8 with U+FFFD instead of failing"},
    {.name = "header",
     .type = VAL_ENUM,
     .def = "auto",
     .words = header_words,
     .help = "TSV: is the first line column names? auto: when it looks so (load says which "
             "line it skipped and why)"},
    CMD_OPTS_END,
};

struct load_plan {
    struct corpus *corpus;
    struct labelled_set *labelled;
    size_t *order, ntrain;
    char *path;
};

static void load_plan_free(void *p)
{
    struct load_plan *plan = p;
    corpus_free(plan->corpus);
    labelled_free(plan->labelled);
    free(plan->order);
    free(plan->path);
    free(plan);
}

static int is_tsv(const char *path, const struct lang_value *format)
{
    if (format->i != 0)
        return format->i == 2;
    size_t n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".tsv") == 0;
}

static enum al_status tok_options_from(struct cmd_ctx *c, int tsv, struct tok_options *o)
{
    tok_options_default(o);
    const struct lang_value *t = cmd_opt(c, "tokenizer");
    o->kind = t->set && t->i != TOKENIZER_MODEL ? (enum tok_kind)t->i : tsv ? TOK_WORD : TOK_CHAR;
    o->lowercase = (int)cmd_opt(c, "lowercase")->i;
    o->min_freq = (int)cmd_opt(c, "min_freq")->i;
    o->max_vocab = (int)cmd_opt(c, "max_vocab")->i;
    o->merges = (int)cmd_opt(c, "merges")->i;
    const struct lang_value *sw = cmd_opt(c, "stopwords");
    if (sw->set) {
        if (o->kind != TOK_WORD)
            return cmd_fail(c, &sw->pos, AL_EINVAL,
                            "stopwords apply to the word tokenizer (add tokenizer=word)");
        o->stopwords = strcmp(sw->s, "english") == 0 ? TOK_STOP_ENGLISH : TOK_STOP_FILE;
        o->stopwords_path = o->stopwords == TOK_STOP_FILE ? sw->s : NULL;
    }
    return AL_OK;
}

/* Loaders ask this between chunks of a read and between BPE merges: Ctrl-C (Esc in the
 * notebook) reaches them through the sink, as it reaches training steps. */
static int sink_poll(void *sink)
{
    return sink_interrupted(sink);
}

static enum al_status load_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *file = cmd_arg(c, 0);
    int tsv = is_tsv(file->s, cmd_opt(c, "format"));
    struct tok_options to;
    if (tok_options_from(c, tsv, &to) != AL_OK)
        return AL_EINVAL;
    const struct lang_value *tk = cmd_opt(c, "tokenizer");
    const struct lab_model *cur = lab_current(&s->lab);
    int by_model = tk->set && tk->i == TOKENIZER_MODEL;
    if (by_model && (!cur || !cur->tok))
        return cmd_fail(c, &tk->pos, AL_ESTATE,
                        "tokenizer=model needs a current model with a "
                        "tokenizer (import model or load model first)");
    if (by_model && tsv)
        return cmd_fail(c, &tk->pos, AL_EINVAL, "tokenizer=model is for text corpora, not TSV");
    const struct lang_value *header = cmd_opt(c, "header");
    if (header->given && !tsv)
        return cmd_fail(c, &header->pos, AL_EINVAL,
                        "header is for TSV files (a .tsv name, or format=tsv)");
    struct al_interrupt intr = {sink_poll, c->sink};
    to.interrupt = &intr;
    struct load_plan *plan = calloc(1, sizeof *plan);
    if (!plan || !(plan->path = cmd_resolve_path(file))) {
        free(plan);
        return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
    }
    c->plan = plan;
    c->plan_free = load_plan_free;
    const char *path = plan->path;
    char *near = near_file(path, file->s);
    if (near) {
        cmd_fail(c, &file->pos, AL_EIO, "no such file '%s'; did you mean %s?", file->s, near);
        free(near);
        return AL_EIO;
    }
    struct al_error err;
    al_error_clear(&err);
    int replace = (int)cmd_opt(c, "replace_invalid")->i;
    double split = cmd_opt(c, "split")->f;
    enum al_status st;
    if (tsv) {
        st = labelled_load(path, &to, replace, (enum labelled_header)header->i, &plan->labelled,
                           &err);
        if (st == AL_OK) {
            size_t n = plan->labelled->n;
            plan->order = malloc(sizeof *plan->order * n);
            if (!plan->order)
                return cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
            struct rng r = s->rng; /* the split is seeded by the session, without using it up */
            labelled_shuffle(n, plan->order, &r);
            plan->ntrain = (size_t)(split * (double)n + 0.5);
            if (plan->ntrain < 1)
                plan->ntrain = 1;
        }
    } else {
        struct corpus_options co;
        corpus_options_default(&co);
        co.tok = to;
        co.split = split;
        co.replace_invalid = replace;
        co.use = by_model ? cur->tok : NULL;
        st = corpus_load(path, &co, &plan->corpus, &err);
    }
    return st == AL_OK ? AL_OK : cmd_fail_error(c, &file->pos, &err);
}

static void describe_tokenizer(struct cmd_ctx *c, const struct tokenizer *t)
{
    const char *note = tok_note(t);
    cmd_printf(c, "tokenizer %s: %d tokens in the vocabulary%s%s", tok_kind_name(tok_kind(t)),
               tok_vocab_size(t), note[0] ? "\nnote: " : "", note);
}

/* One column of a header, quoted, cut to 24 bytes at a character boundary. */
static void put_column(struct strbuf *b, const char *s)
{
    size_t n = strlen(s), cut = n;
    if (n > 24)
        for (cut = 24; cut > 0 && (s[cut] & 0xC0) == 0x80; cut--)
            ;
    strbuf_printf(b, "\"%.*s%s\"", (int)cut, s, cut < n ? "..." : "");
}

/* Says which line was skipped as a header, and why: a header that is in fact an example of
 * a rare class is visible here, and header=off keeps it. */
static void describe_header(struct cmd_ctx *c, const struct labelled_set *ls)
{
    if (ls->header_why == LABELLED_NO_HEADER)
        return;
    struct strbuf b = {0};
    strbuf_printf(&b, "header: line %ld (", ls->header_line);
    put_column(&b, ls->header_label);
    strbuf_printf(&b, " / ");
    put_column(&b, ls->header_text);
    strbuf_printf(&b, ") skipped");
    if (ls->header_why == LABELLED_HEADER_ASKED)
        strbuf_printf(&b, " (header=on)");
    else if (ls->header_why == LABELLED_HEADER_NAMED)
        strbuf_printf(&b, ": it holds column names; header=off reads it as an example");
    else
        strbuf_printf(&b, ": its label occurs nowhere else, while every other label repeats; "
                          "header=off reads it as an example");
    cmd_emit_strbuf(c, &b);
}

static enum al_status load_exec(struct cmd_ctx *c, struct session *s)
{
    struct load_plan *plan = c->plan;
    struct lab *l = &s->lab;
    corpus_free(l->corpus);
    labelled_free(l->labelled);
    free(l->order);
    free(l->data_path);
    l->corpus = plan->corpus;
    l->labelled = plan->labelled;
    l->order = plan->order;
    l->ntrain = plan->ntrain;
    l->data_path = plan->path;
    memset(plan, 0, sizeof *plan);
    if (l->corpus) {
        size_t nval;
        corpus_val(l->corpus, &nval);
        cmd_printf(c, "loaded %s: %zu bytes, %zu tokens (%zu train, %zu validation)", l->data_path,
                   l->corpus->text.len, l->corpus->ntokens, l->corpus->ntrain, nval);
        describe_tokenizer(c, l->corpus->tok);
    } else {
        cmd_printf(c, "loaded %s: %zu labelled example%s, %d label%s (%zu train, %zu validation)",
                   l->data_path, l->labelled->n, l->labelled->n == 1 ? "" : "s",
                   l->labelled->nlabels, l->labelled->nlabels == 1 ? "" : "s", l->ntrain,
                   l->labelled->n - l->ntrain);
        describe_header(c, l->labelled);
        describe_tokenizer(c, l->labelled->tok);
    }
    return AL_OK;
}

/* ---- data ---- */

static const char *const data_views[] = {"stats", "sample", "vocab", NULL};
static const struct opt_spec data_args[] = {
    {.name = "view",
     .type = VAL_ENUM,
     .def = "stats",
     .words = data_views,
     .help = "stats, a sample of the text, or the vocabulary"},
    CMD_OPTS_END,
};
static const struct opt_spec data_opts[] = {
    {.name = "top",
     .type = VAL_INT,
     .def = "20",
     .min = 1,
     .max = 100000,
     .help = "vocab: how many tokens, most frequent first"},
    {.name = "length",
     .type = VAL_INT,
     .def = "200",
     .min = 1,
     .max = 100000,
     .help = "sample: how many characters (labelled data: whole examples up to that many)"},
    CMD_OPTS_END,
};

static enum al_status need_data(struct cmd_ctx *c, const struct session *s)
{
    if (!lab_data_tokenizer(&s->lab))
        return cmd_fail(c, NULL, AL_ESTATE, "no data is loaded: use load \"FILE\" first");
    return AL_OK;
}

static void data_stats(struct cmd_ctx *c, const struct lab *l)
{
    const struct tokenizer *t = lab_data_tokenizer(l);
    if (l->corpus) {
        const struct text *tx = &l->corpus->text;
        size_t nval;
        corpus_val(l->corpus, &nval);
        cmd_printf(c,
                   "file        %s\nbytes       %zu\ncharacters  %zu\nlines       %zu\n"
                   "tokens      %zu\nvocabulary  %d (%s)\ntrain       %zu tokens\n"
                   "validation  %zu tokens",
                   l->data_path, tx->len, tx->chars, tx->lines, l->corpus->ntokens,
                   tok_vocab_size(t), tok_kind_name(tok_kind(t)), l->corpus->ntrain, nval);
        return;
    }
    const struct labelled_set *ls = l->labelled;
    struct strbuf b = {0};
    strbuf_printf(&b,
                  "file        %s\nexamples    %zu (%zu train, %zu validation)\n"
                  "vocabulary  %d (%s)\nlabels      %d:",
                  l->data_path, ls->n, l->ntrain, ls->n - l->ntrain, tok_vocab_size(t),
                  tok_kind_name(tok_kind(t)), ls->nlabels);
    for (int k = 0; k < ls->nlabels; k++) {
        size_t count = 0;
        for (size_t i = 0; i < ls->n; i++)
            count += ls->label[i] == k;
        strbuf_printf(&b, " %s (%zu)", ls->label_names[k], count);
    }
    if (ls->header_why != LABELLED_NO_HEADER)
        strbuf_printf(&b, "\nheader      line %ld, skipped", ls->header_line);
    cmd_emit_strbuf(c, &b);
}

static void data_sample(struct cmd_ctx *c, const struct lab *l, long length)
{
    if (!l->corpus) {
        /* whole examples, in file order, until `length` characters are shown */
        const struct labelled_set *ls = l->labelled;
        size_t shown = 0;
        for (size_t i = 0; i < ls->n && (i == 0 || shown < (size_t)length); i++) {
            char *text = NULL;
            size_t n;
            if (tok_decode(ls->tok, ls->ids[i], ls->len[i], &text, &n, NULL) == AL_OK)
                cmd_printf(c, "%s\t%s", ls->label_names[ls->label[i]], text);
            shown += n;
            free(text);
        }
        return;
    }
    /* the first `length` characters, cut at a character boundary */
    const char *p = l->corpus->text.bytes;
    size_t n = 0, chars = 0, len = l->corpus->text.len;
    while (n < len && chars < (size_t)length) {
        n++;
        while (n < len && (p[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    char *copy = strndup(p, n);
    if (copy)
        cmd_emit_text(c, copy);
    free(copy);
}

static void data_vocab(struct cmd_ctx *c, const struct lab *l, const struct viz_options *vo,
                       long top)
{
    const struct tokenizer *t = lab_data_tokenizer(l);
    int v = tok_vocab_size(t);
    int *ids = malloc(sizeof *ids * (size_t)v);
    char **cells = calloc((size_t)3 * (top < v ? top : v), sizeof *cells);
    int rows = (int)(top < v ? top : v);
    if (!ids || !cells) {
        free(ids);
        free(cells);
        cmd_fail(c, NULL, AL_ENOMEM, "out of memory");
        return;
    }
    for (int i = 0; i < v; i++)
        ids[i] = i;
    /* most frequent first, ties by id: a selection of the top rows is enough */
    for (int i = 0; i < rows; i++)
        for (int j = i + 1; j < v; j++)
            if (tok_freq(t, ids[j]) > tok_freq(t, ids[i]) ||
                (tok_freq(t, ids[j]) == tok_freq(t, ids[i]) && ids[j] < ids[i])) {
                int tmp = ids[i];
                ids[i] = ids[j];
                ids[j] = tmp;
            }
    for (int i = 0; i < rows; i++) {
        size_t len;
        const char *piece = tok_piece(t, ids[i], &len);
        char esc[128];
        tok_label(piece, len, vo->ascii, esc, sizeof esc);
        cells[3 * i] = malloc(16);
        cells[3 * i + 1] = strdup(esc);
        cells[3 * i + 2] = malloc(24);
        if (cells[3 * i])
            snprintf(cells[3 * i], 16, "%d", ids[i]);
        if (cells[3 * i + 2])
            snprintf(cells[3 * i + 2], 24, "%lld", (long long)tok_freq(t, ids[i]));
    }
    static const struct table_column cols[] = {
        {"id", TABLE_RIGHT}, {"token", TABLE_LEFT}, {"count", TABLE_RIGHT}};
    char title[80];
    snprintf(title, sizeof title, "vocabulary: %d of %d tokens, most frequent first", rows, v);
    draw_table(c, vo, cols, 3, (const char *const *)cells, rows, title, 100);
    free(ids);
    for (int i = 0; i < 3 * rows; i++)
        free(cells[i]);
    free(cells);
}

static enum al_status data_exec(struct cmd_ctx *c, struct session *s)
{
    if (need_data(c, s) != AL_OK)
        return AL_ESTATE;
    switch (cmd_arg(c, 0)->i) {
    case 0: data_stats(c, &s->lab); break;
    case 1: data_sample(c, &s->lab, (long)cmd_opt(c, "length")->i); break;
    default: {
        struct viz_options vo = draw_viz(s);
        data_vocab(c, &s->lab, &vo, (long)cmd_opt(c, "top")->i);
    } break;
    }
    return AL_OK;
}

/* ---- tokens ---- */

static const struct opt_spec tokens_args[] = {
    {.name = "text", .type = VAL_STRING, .help = "the text to split"},
    CMD_OPTS_END,
};

static enum al_status tokens_exec(struct cmd_ctx *c, struct session *s)
{
    /* without data, an imported model's own tokenizer (GPT-2's) */
    const struct lab_model *cur = lab_current(&s->lab);
    const struct tokenizer *t = lab_data_tokenizer(&s->lab);
    if (!t && cur && cur->tok)
        t = cur->tok;
    if (!t)
        return need_data(c, s);
    const struct lang_value *text = cmd_arg(c, 0);
    struct tok_span *spans;
    size_t n;
    struct al_error err;
    if (tok_explain(t, text->s, strlen(text->s), &spans, &n, &err) != AL_OK)
        return cmd_fail_error(c, &text->pos, &err);
    struct strbuf pieces = {0}, ids = {0};
    /* each piece over its id, both padded to the wider of the two */
    for (size_t i = 0; i < n; i++) {
        char esc[256], piece[260], id[16];
        tok_label(text->s + spans[i].start, spans[i].len, draw_viz(s).ascii, esc, sizeof esc);
        snprintf(piece, sizeof piece, "[%s]", esc);
        if (spans[i].id == TOK_DROPPED)
            snprintf(id, sizeof id, "-");
        else if (spans[i].id == TOK_UNKNOWN)
            snprintf(id, sizeof id, "?");
        else
            snprintf(id, sizeof id, "%d", spans[i].id);
        int wp = canvas_text_width(piece, 0), wi = (int)strlen(id);
        int w = i + 1 == n ? 0 : wp > wi ? wp : wi; /* no padding at the end of a line */
        strbuf_printf(&pieces, "%s%s%*s", i ? " " : "", piece, w > wp ? w - wp : 0, "");
        strbuf_printf(&ids, "%s%s%*s", i ? " " : "", id, w > wi ? w - wi : 0, "");
    }
    char *ptext = strbuf_take(&pieces), *itext = strbuf_take(&ids);
    if (ptext && itext)
        cmd_printf(c, "%zu tokens (%s tokenizer)\n%s\n%s", n, tok_kind_name(tok_kind(t)), ptext,
                   itext);
    free(ptext);
    free(itext);
    free(spans);
    return AL_OK;
}

const struct cmd_spec cmd_data_specs[] = {
    {
        .name = "load",
        .summary = "Loads a text corpus or a labelled TSV file and tokenizes it",
        .usage = "load \"FILE\" [tokenizer=char|word|bpe|model] [split=0.9] [options]",
        .help = "A text file becomes one stream of tokens, split into a training part (the first "
                "fraction) and a validation part. A .tsv file (label<TAB>text a line) becomes "
                "labelled examples for classification, shuffled by the session's seed and then "
                "split; a header row of column names is skipped and reported (header=), and a "
                "bad line is an error that says where and why (doc/data.md).",
        .args = load_args,
        .min_args = 1,
        .max_args = 1,
        .opts = load_opts,
        .check = load_check,
        .exec = load_exec,
    },
    {
        .name = "data",
        .summary = "Shows the loaded data: statistics, a sample, or the vocabulary",
        .usage = "data [stats|sample|vocab] [top=N] [length=N]",
        .args = data_args,
        .max_args = 1,
        .opts = data_opts,
        .exec = data_exec,
    },
    {
        .name = "tokens",
        .summary = "Shows how the tokenizer splits a text, piece by piece, with the ids",
        .usage = "tokens \"TEXT\"",
        .help = "Each piece is shown in brackets; under them, the ids ('-' for a dropped "
                "stop word, '?' for a character the tokenizer never saw). Without loaded "
                "data, the current model's own tokenizer (an imported GPT-2's) splits it.",
        .args = tokens_args,
        .min_args = 1,
        .max_args = 1,
        .exec = tokens_exec,
    },
};
const size_t cmd_data_count = sizeof cmd_data_specs / sizeof cmd_data_specs[0];
