/* stopwords.c: the built-in English stop-word list, and reading a user's list into a
 * tokenizer. The list is the project's own short selection of function words. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/text.h"
#include "data/tok_internal.h"

const char *const tok_english_stopwords[] = {
    "a",      "about",  "above", "after",  "again",    "against",    "all",  "am",
    "an",     "and",    "any",   "are",    "as",       "at",         "be",   "because",
    "been",   "before", "being", "below",  "between",  "both",       "but",  "by",
    "can",    "could",  "did",   "do",     "does",     "doing",      "down", "during",
    "each",   "few",    "for",   "from",   "further",  "had",        "has",  "have",
    "having", "he",     "her",   "here",   "hers",     "herself",    "him",  "himself",
    "his",    "how",    "i",     "if",     "in",       "into",       "is",   "it",
    "its",    "itself", "just",  "me",     "more",     "most",       "my",   "myself",
    "no",     "nor",    "not",   "now",    "of",       "off",        "on",   "once",
    "only",   "or",     "other", "our",    "ours",     "ourselves",  "out",  "over",
    "own",    "same",   "she",   "should", "so",       "some",       "such", "than",
    "that",   "the",    "their", "theirs", "them",     "themselves", "then", "there",
    "these",  "they",   "this",  "those",  "through",  "to",         "too",  "under",
    "until",  "up",     "very",  "was",    "we",       "were",       "what", "when",
    "where",  "which",  "while", "who",    "whom",     "why",        "will", "with",
    "would",  "you",    "your",  "yours",  "yourself", "yourselves", NULL};

static enum al_status add_stop(struct tokenizer *t, const char *w, size_t n, struct al_error *err)
{
    char low[256];
    if (n >= sizeof low)
        return AL_OK; /* no word that long is a stop word worth keeping */
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    int64_t *v;
    return smap_upsert(&t->stop, low, n, 1, &v, err);
}

static enum al_status add_from_file(struct tokenizer *t, const char *path, struct al_error *err)
{
    char *s;
    size_t n;
    enum al_status st = text_read_file_polled(path, t->opt.interrupt, &s, &n, err);
    if (st)
        return st;
    /* The same checks as a text (NUL bytes, invalid UTF-8), named after the list. */
    struct text checked;
    st = text_from_bytes(s, n, 0, &checked, err);
    if (st) {
        free(s);
        char sb[TEXT_SHORT_PATH + 1], msg[sizeof err->msg + 96];
        if (err) {
            snprintf(msg, sizeof msg, "stop-word file %s: %s", text_short_path(path, sb, sizeof sb),
                     err->msg);
            memcpy(err->msg, msg, sizeof err->msg - 1);
            err->msg[sizeof err->msg - 1] = '\0';
        }
        return st;
    }
    text_free(&checked);
    for (size_t i = 0; st == AL_OK && i < n;) {
        if (s[i] == '#') { /* a comment runs to the end of its line */
            while (i < n && s[i] != '\n')
                i++;
            continue;
        }
        if (isspace((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !isspace((unsigned char)s[j]))
            j++;
        st = add_stop(t, s + i, j - i, err);
        i = j;
    }
    free(s);
    return st;
}

enum al_status tok_load_stopwords(struct tokenizer *t, const char *path, struct al_error *err)
{
    if (t->opt.stopwords == TOK_STOP_FILE) {
        if (!path || !*path)
            return al_fail(err, AL_EINVAL, "stopwords=file needs a file name");
        return add_from_file(t, path, err);
    }
    if (t->opt.stopwords == TOK_STOP_ENGLISH)
        for (int i = 0; tok_english_stopwords[i]; i++) {
            const char *w = tok_english_stopwords[i];
            size_t n = 0;
            while (w[n])
                n++;
            enum al_status st = add_stop(t, w, n, err);
            if (st)
                return st;
        }
    return AL_OK;
}
