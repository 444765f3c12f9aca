/* diag.c: error messages with positions and carets, and name suggestions. */
#include "lang/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

void diag_clear(struct lang_diag *d)
{
    memset(d, 0, sizeof *d);
}

enum al_status diag_set(struct lang_diag *d, const struct lang_pos *pos, enum al_status status,
                        const char *fmt, ...)
{
    d->status = status;
    d->has_pos = pos != NULL && pos->src != NULL;
    if (d->has_pos)
        d->pos = *pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return status;
}

void diag_suggest(struct lang_diag *d, const char *suggestion)
{
    if (!suggestion)
        return;
    size_t used = strlen(d->msg);
    snprintf(d->msg + used, sizeof d->msg - used, "; did you mean '%s'?", suggestion);
}

/* The caret line: under each character before the spot a blank, except that tabs stay tabs
 * so that the caret lines up however the terminal expands them. */
static void add_caret(struct strbuf *b, const char *line, size_t upto, int dots)
{
    strbuf_puts(b, dots ? "       " : "    ");
    for (size_t i = 0; i < upto; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c == '\t')
            strbuf_add(b, "\t", 1);
        else if ((c & 0xC0) != 0x80)
            strbuf_add(b, " ", 1);
    }
    strbuf_puts(b, "^\n");
}

/* A long line (a 1 MiB string) is shown as a window of DIAG_WINDOW bytes either side of
 * the caret, cut on character boundaries, with "..." where it was cut. */
#define DIAG_WINDOW 72

char *diag_format(const struct lang_diag *d)
{
    struct strbuf b = {0};
    char head[600];
    if (!d->has_pos) {
        snprintf(head, sizeof head, "attnlab: error: %s\n", d->msg);
        strbuf_puts(&b, head);
        return strbuf_take(&b);
    }
    const struct lang_source *src = d->pos.src;
    snprintf(head, sizeof head, "%s:%d:%d: error: %s\n", src->name, d->pos.line, d->pos.col,
             d->msg);
    strbuf_puts(&b, head);
    size_t start, len;
    source_line_at(src, d->pos.offset, &start, &len);
    size_t upto = d->pos.offset - start;
    if (upto > len)
        upto = len;
    const char *t = src->text;
    size_t from = start, to = start + len, at = start + upto;
    if (at - from > DIAG_WINDOW) {
        from = at - DIAG_WINDOW;
        while (from < at && ((unsigned char)t[from] & 0xC0) == 0x80)
            from++;
    }
    if (to - at > DIAG_WINDOW) {
        to = at + DIAG_WINDOW;
        while (to > at && ((unsigned char)t[to] & 0xC0) == 0x80)
            to--;
    }
    strbuf_puts(&b, from > start ? "    ..." : "    ");
    strbuf_add(&b, t + from, to - from);
    strbuf_puts(&b, to < start + len ? "...\n" : "\n");
    add_caret(&b, t + from, at - from, from > start);
    return strbuf_take(&b);
}

int diag_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (int)(n > m ? n : m);
    int d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

/* "lr_rate" starts with "lr_"; "temp" starts "temperature". Both need two characters. */
static int prefix_related(const char *word, const char *cand)
{
    size_t w = strlen(word), c = strlen(cand);
    if (w >= 2 && c > w && strncmp(cand, word, w) == 0)
        return 1;
    return c >= 2 && w > c && strncmp(word, cand, c) == 0 && word[c] == '_';
}

const char *diag_nearest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    /* Short words tolerate one edit, longer ones two, long ones up to three. */
    int limit = len <= 3 ? 1 : len < 9 ? 2 : 3;
    const char *best = NULL;
    int best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        int dist = diag_distance(word, cands[i]);
        if (dist < best_d) {
            best = cands[i];
            best_d = dist;
        }
    }
    if (best)
        return best;
    for (size_t i = 0; i < n; i++)
        if (prefix_related(word, cands[i]))
            return cands[i];
    return NULL;
}
