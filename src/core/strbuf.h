/* strbuf.h: the one growable string of attnlab, for help texts, messages, rendered
 * canvases and serialised bytes. Start from `struct strbuf b = {0};`, append, then take.
 * An allocation failure is recorded once: later appends do nothing and strbuf_take
 * returns NULL, so a caller checks for out of memory at the end, not after every append. */
#ifndef ATTNLAB_CORE_STRBUF_H
#define ATTNLAB_CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *s;    /* NUL-terminated once anything was added; NULL before */
    size_t len; /* bytes in s, not counting the terminating NUL */
    size_t cap;
    int failed; /* an allocation failed: s is no longer appended to */
};

/* Appends n bytes (which may include NULs: the buffer also carries binary data). */
void strbuf_add(struct strbuf *b, const void *p, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *b, const char *fmt, va_list ap);
/* Hands the string over (the caller frees it); "" when nothing was added; NULL after a
 * failure, when the partial string is freed. Either way b is empty again afterwards. */
char *strbuf_take(struct strbuf *b);

#endif
