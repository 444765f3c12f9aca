/* text.c: reading files whole and turning their bytes into a checked, normalised text. */
#include "data/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/utf8.h"

static enum al_status read_stream(FILE *f, const char *path, char **bytes, size_t *len,
                                  struct al_error *err)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            return al_fail(err, AL_ENOMEM, "out of memory reading %s", path);
        n += fread(buf + n, 1, cap - n - 1, f);
        if (ferror(f)) {
            free(buf);
            return al_fail(err, AL_EIO, "cannot read %s: %s", path, strerror(errno));
        }
        if (feof(f))
            break;
        if (n + 1 >= cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return AL_OK;
}

enum al_status text_read_file(const char *path, char **bytes, size_t *len, struct al_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return al_fail(err, AL_EIO, "cannot open %s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return al_fail(err, AL_EIO, "%s is a folder, not a file", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return al_fail(err, AL_EIO, "cannot open %s: %s", path, strerror(errno));
    enum al_status s = read_stream(f, path, bytes, len, err);
    fclose(f);
    return s;
}

/* Counts the invalid bytes of s[from..n) and describes the first one, with its line and
 * column, in first. Returns the number of invalid bytes (0 when the text is valid). */
static size_t scan_invalid(const unsigned char *s, size_t n, size_t from, struct al_error *first)
{
    size_t at = from + utf8_validate(s + from, n - from);
    if (at == n)
        return 0;
    long line = 1, col = 1;
    for (size_t i = from; i < at; i++) { /* all valid here: a column per code point */
        if (s[i] == '\n')
            line++, col = 1;
        else if ((s[i] & 0xC0) != 0x80)
            col++;
    }
    al_fail(first, AL_EUTF8, "invalid UTF-8 at line %ld, column %ld (byte offset %zu): byte 0x%02X",
            line, col, at, s[at]);
    if (first)
        first->line = line, first->column = col, first->offset = (long long)at;
    size_t bad = 0;
    for (size_t i = at; i < n; bad++) { /* each bad byte counts once; resume after it */
        i++;
        i += utf8_validate(s + i, n - i);
    }
    return bad;
}

/* Copies s into out with CRLF -> LF and invalid bytes -> U+FFFD; fills the counts. */
static void normalise(const unsigned char *s, size_t n, size_t from, struct text *t)
{
    unsigned char *o = (unsigned char *)t->bytes;
    size_t w = 0;
    for (size_t i = from; i < n;) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
                t->crlf++;
                i++;
                continue;
            }
            if (c == '\n')
                t->lines++;
            o[w++] = (unsigned char)c;
            i++;
            t->chars++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            w += (size_t)utf8_encode(0xFFFD, o + w);
            t->replaced++;
            k = 1;
        } else {
            memcpy(o + w, s + i, (size_t)k);
            w += (size_t)k;
        }
        i += (size_t)k;
        t->chars++;
    }
    o[w] = '\0';
    t->len = w;
    if (w > 0 && o[w - 1] != '\n')
        t->lines++;
}

enum al_status text_from_bytes(const char *src, size_t n, int replace_invalid, struct text *out,
                               struct al_error *err)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t from = (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) ? 3 : 0;
    struct al_error first;
    al_error_clear(&first);
    size_t bad = scan_invalid(s, n, from, &first);
    if (bad && !replace_invalid) {
        if (err)
            *err = first;
        return AL_EUTF8;
    }
    struct text t = {0};
    t.had_bom = from == 3;
    t.bytes = malloc(n - from + 2 * bad + 1);
    if (!t.bytes)
        return al_fail(err, AL_ENOMEM, "out of memory for a text of %zu bytes", n);
    normalise(s, n, from, &t);
    *out = t;
    return AL_OK;
}

enum al_status text_load(const char *path, int replace_invalid, struct text *out,
                         struct al_error *err)
{
    char *raw;
    size_t n;
    enum al_status st = text_read_file(path, &raw, &n, err);
    if (st)
        return st;
    int bom_only = n == 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0;
    if (n == 0 || bom_only) {
        free(raw);
        return al_fail(err, AL_EFORMAT, "%s is empty", path);
    }
    st = text_from_bytes(raw, n, replace_invalid, out, err);
    free(raw);
    if (st == AL_EUTF8)
        text_prefix_error(err, path);
    return st;
}

void text_prefix_error(struct al_error *err, const char *path)
{
    if (!err)
        return;
    char msg[sizeof err->msg + 64];
    snprintf(msg, sizeof msg, "%.60s: %s", path, err->msg);
    memcpy(err->msg, msg, sizeof err->msg - 1);
    err->msg[sizeof err->msg - 1] = '\0';
}

void text_free(struct text *t)
{
    free(t->bytes);
    t->bytes = NULL;
    t->len = 0;
}
