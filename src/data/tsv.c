/* tsv.c: splitting and judging the lines of a label<TAB>text file (tsv.h). */
#include "data/tsv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

int tsv_cr_only(const char *buf, size_t n)
{
    return memchr(buf, '\r', n) && !memchr(buf, '\n', n);
}

/* Spaces, TABs and stray CRs only: a CR counts so that "x\r\r\n" is judged alike before and
 * after CRLF becomes LF. */
static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static void classify(struct tsv_line *l, int check_utf8)
{
    const char *p = l->p;
    size_t n = l->len;
    const char *z = memchr(p, '\0', n);
    if (z) {
        l->kind = TSV_NUL;
        l->bad = (size_t)(z - p);
        return;
    }
    size_t ok = check_utf8 ? utf8_validate((const unsigned char *)p, n) : n;
    if (ok < n) {
        l->kind = TSV_UTF8;
        l->bad = ok;
        return;
    }
    if (blank(p, n)) {
        l->kind = TSV_BLANK;
        return;
    }
    if (p[0] == '#') {
        l->kind = TSV_COMMENT;
        return;
    }
    const char *tab = memchr(p, '\t', n);
    if (!tab) {
        l->kind = TSV_NO_TAB;
        return;
    }
    int tabs = 0;
    for (size_t i = 0; i < n; i++)
        tabs += p[i] == '\t';
    l->label = p;
    l->label_len = (size_t)(tab - p);
    l->text = tab + 1;
    l->text_len = n - l->label_len - 1;
    if (tabs > 1) {
        l->kind = TSV_COLUMNS;
        l->columns = tabs + 1;
    } else if (blank(l->label, l->label_len)) {
        l->kind = TSV_EMPTY_LABEL;
    } else if (blank(l->text, l->text_len)) {
        l->kind = TSV_EMPTY_TEXT;
    } else {
        l->kind = TSV_EXAMPLE;
    }
}

int tsv_next(const char *buf, size_t n, size_t *pos, long *line, int cr_only, int check_utf8,
             struct tsv_line *out)
{
    if (*pos >= n)
        return 0;
    const char *p = buf + *pos;
    const char *end = memchr(p, cr_only ? '\r' : '\n', n - *pos);
    size_t len = end ? (size_t)(end - p) : n - *pos;
    memset(out, 0, sizeof *out);
    out->p = p;
    out->start = *pos;
    out->number = ++*line;
    *pos += len + (end != NULL);
    if (!cr_only && len > 0 && p[len - 1] == '\r')
        len--;
    out->len = len;
    classify(out, check_utf8);
    return 1;
}

/* Where a bad byte sits: "in the label", "in the text" or (no TAB) "in the line". */
static const char *part_of(const struct tsv_line *l)
{
    const char *tab = memchr(l->p, '\t', l->len);
    if (!tab)
        return "line";
    return (size_t)(tab - l->p) < l->bad ? "text" : "label";
}

/* The 1-based column (in characters) of the byte at offset at of the line. */
static long column_of(const struct tsv_line *l, size_t at)
{
    long col = 1;
    for (size_t i = 0; i < at; i++)
        col += ((unsigned char)l->p[i] & 0xC0) != 0x80;
    return col;
}

void tsv_describe(const struct tsv_line *l, int brief, char *buf, size_t cap)
{
    const char *expect = "(expected label<TAB>text)";
    switch (l->kind) {
    case TSV_NUL:
        if (brief)
            snprintf(buf, cap, "NUL byte");
        else
            snprintf(buf, cap, "NUL byte in the %s at column %ld (byte offset %zu)", part_of(l),
                     column_of(l, l->bad), l->start + l->bad);
        break;
    case TSV_UTF8:
        if (brief)
            snprintf(buf, cap, "invalid UTF-8");
        else
            snprintf(buf, cap,
                     "invalid UTF-8 in the %s at column %ld (byte offset %zu): byte 0x%02X; "
                     "replace_invalid=on replaces it",
                     part_of(l), column_of(l, l->bad), l->start + l->bad,
                     (unsigned char)l->p[l->bad]);
        break;
    case TSV_NO_TAB:
        snprintf(buf, cap, brief ? "no TAB" : "no TAB between label and text %s", expect);
        break;
    case TSV_COLUMNS:
        if (brief)
            snprintf(buf, cap, "%d columns", l->columns);
        else
            snprintf(buf, cap, "too many columns: %d, with %d TABs %s", l->columns, l->columns - 1,
                     expect);
        break;
    case TSV_EMPTY_LABEL:
        snprintf(buf, cap, brief ? "empty label" : "empty label before the TAB %s", expect);
        break;
    case TSV_EMPTY_TEXT:
        snprintf(buf, cap, brief ? "empty text" : "empty text after the TAB %s", expect);
        break;
    default:
        if (cap)
            buf[0] = '\0';
    }
}

int tsv_is_column_name(const char *s, size_t n)
{
    static const char *const names[] = {
        "label", "labels", "class",    "category", "sentiment", "target", "topic",   "polarity",
        "text",  "texts",  "sentence", "review",   "document",  "tweet",  "message", NULL};
    while (n > 0 && s[0] == ' ')
        s++, n--;
    while (n > 0 && s[n - 1] == ' ')
        n--;
    for (int i = 0; names[i]; i++)
        if (strlen(names[i]) == n && strncasecmp(names[i], s, n) == 0)
            return 1;
    return 0;
}
