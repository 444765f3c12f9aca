/* corpus.c: text -> tokenizer -> tokens -> split, built in locals and handed over whole. */
#include "data/corpus.h"

#include <stdlib.h>

void corpus_options_default(struct corpus_options *o)
{
    tok_options_default(&o->tok);
    o->split = 0.9;
    o->replace_invalid = 0;
}

static enum al_status build(struct text *text, const struct corpus_options *opt,
                            struct corpus **out, struct al_error *err)
{
    struct corpus *c = calloc(1, sizeof *c);
    if (!c)
        return al_fail(err, AL_ENOMEM, "out of memory for a corpus");
    enum al_status st = tok_train(&opt->tok, text->bytes, text->len, &c->tok, err);
    if (st == AL_OK)
        st = tok_encode(c->tok, text->bytes, text->len, &c->tokens, &c->ntokens, err);
    if (st == AL_OK && c->ntokens == 0)
        st = al_fail(err, AL_EFORMAT, "the text yields no tokens");
    if (st) {
        tok_free(c->tok);
        free(c->tokens); /* tok_encode may have made an array (of no tokens) */
        free(c);
        return st;
    }
    c->text = *text;
    c->split = opt->split;
    c->ntrain = (size_t)((double)c->ntokens * opt->split);
    if (c->ntrain > c->ntokens)
        c->ntrain = c->ntokens;
    *out = c;
    return AL_OK;
}

static enum al_status check_split(const struct corpus_options *opt, struct al_error *err)
{
    if (!(opt->split > 0.0 && opt->split <= 1.0))
        return al_fail(err, AL_EINVAL, "split=%g must be in (0, 1]", opt->split);
    return AL_OK;
}

enum al_status corpus_load(const char *path, const struct corpus_options *opt, struct corpus **out,
                           struct al_error *err)
{
    enum al_status st = check_split(opt, err);
    if (st)
        return st;
    struct text text;
    st = text_load_polled(path, opt->replace_invalid, opt->tok.interrupt, &text, err);
    if (st)
        return st;
    st = build(&text, opt, out, err);
    if (st)
        text_free(&text);
    return st;
}

enum al_status corpus_from_bytes(const char *bytes, size_t n, const struct corpus_options *opt,
                                 struct corpus **out, struct al_error *err)
{
    enum al_status st = check_split(opt, err);
    if (st)
        return st;
    if (n == 0)
        return al_fail(err, AL_EFORMAT, "the text is empty");
    struct text text;
    st = text_from_bytes(bytes, n, opt->replace_invalid, &text, err);
    if (st)
        return st;
    st = build(&text, opt, out, err);
    if (st)
        text_free(&text);
    return st;
}

void corpus_free(struct corpus *c)
{
    if (!c)
        return;
    text_free(&c->text);
    tok_free(c->tok);
    free(c->tokens);
    free(c);
}

const int32_t *corpus_train(const struct corpus *c, size_t *n)
{
    *n = c->ntrain;
    return c->tokens;
}

const int32_t *corpus_val(const struct corpus *c, size_t *n)
{
    *n = c->ntokens - c->ntrain;
    return c->tokens + c->ntrain;
}
