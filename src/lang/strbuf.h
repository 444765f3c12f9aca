/* strbuf.h: a growable string for building help texts and messages. An allocation
 * failure is remembered; strbuf_take then returns NULL. */
#ifndef ATTNLAB_LANG_STRBUF_H
#define ATTNLAB_LANG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *s;
    size_t len, cap;
    int failed;
};

void strbuf_add(struct strbuf *b, const char *p, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap);
/* Hands the string over (the caller frees it); "" when nothing was added; NULL on failure. */
char *strbuf_take(struct strbuf *b);

#endif
