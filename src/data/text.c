/* text.c: reading files whole and turning their bytes into a checked, normalised text. */
#include "data/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/utf8.h"

/* "/a/very/long/.../name.txt": a path cut in the middle to at most 60 bytes, so that the
 * reason after it still fits in an error message. */
const char *text_short_path(const char *path, char *buf, size_t cap)
{
    size_t n = strlen(path);
    if (n <= TEXT_SHORT_PATH || cap < TEXT_SHORT_PATH + 1)
        return path;
    size_t tail = TEXT_SHORT_PATH - 20 - 3;
    snprintf(buf, cap, "%.20s...%s", path, path + n - tail);
    return buf;
}

/* What a non-regular file is, for the message. */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a FIFO (named pipe)";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

static enum al_status too_big(const char *p, size_t max, struct al_error *err)
{
    return al_fail(err, AL_EFORMAT, "%s is larger than %zu MB, the largest file attnlab reads", p,
                   max >> 20);
}

/* Reads fd to its end in chunks of 1 MiB, asking intr between chunks. */
static enum al_status read_fd(int fd, const char *p, size_t hint, size_t max,
                              const struct al_interrupt *intr, char **bytes, size_t *len,
                              struct al_error *err)
{
    size_t cap = hint + 1 > (1 << 16) ? hint + 1 : (1 << 16), n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            return al_fail(err, AL_ENOMEM, "out of memory reading %s", p);
        if (n + 1 >= cap) {
            if (n > max) {
                free(buf);
                return too_big(p, max, err);
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
            continue;
        }
        if (al_interrupted(intr)) {
            free(buf);
            return al_fail(err, AL_ESTATE, "interrupted while reading %s", p);
        }
        size_t want = cap - n - 1 < ((size_t)1 << 20) ? cap - n - 1 : ((size_t)1 << 20);
        ssize_t got = read(fd, buf + n, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            return al_fail(err, AL_EIO, "cannot read %s: %s", p, strerror(e));
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max) {
            free(buf);
            return too_big(p, max, err);
        }
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return AL_OK;
}

/* Opens path for reading into *fd (*st its status): streams lets FIFOs (a pipe, `<(...)`)
 * through; devices, folders and sockets are refused at once, and a regular file past max. */
static enum al_status open_path(const char *path, const char *p, int streams, size_t max, int *out,
                                struct stat *out_st, struct al_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it. */
    int fd = open(path, O_RDONLY | (streams ? 0 : O_NONBLOCK) | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        if (e == EISDIR || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
            return al_fail(err, AL_EIO, "%s is a folder, not a file", p);
        return al_fail(err, AL_EIO, "cannot open %s: %s", p, strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return al_fail(err, AL_EIO, "cannot open %s: %s", p, strerror(e));
    }
    if (!S_ISREG(st.st_mode) && (!streams || !S_ISFIFO(st.st_mode))) {
        close(fd);
        if (S_ISDIR(st.st_mode))
            return al_fail(err, AL_EIO, "%s is a folder, not a file", p);
        return al_fail(err, AL_EIO, "%s is %s, not a regular file", p, file_kind(st.st_mode));
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
        close(fd);
        return too_big(p, max, err);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *out = fd;
    *out_st = st;
    return AL_OK;
}

/* A FIFO is read to at most max bytes when streams is set. */
static enum al_status read_path(const char *path, int streams, size_t max,
                                const struct al_interrupt *intr, char **bytes, size_t *len,
                                struct al_error *err)
{
    char sb[TEXT_SHORT_PATH + 1];
    const char *p = text_short_path(path, sb, sizeof sb);
    int fd;
    struct stat st;
    enum al_status s = open_path(path, p, streams, max, &fd, &st, err);
    if (s != AL_OK)
        return s;
    size_t hint = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    s = read_fd(fd, p, hint, max, intr, bytes, len, err);
    close(fd);
    return s;
}

enum al_status text_map_bytes(const char *path, size_t max, struct text_map *out,
                              struct al_error *err)
{
    char sb[TEXT_SHORT_PATH + 1];
    const char *p = text_short_path(path, sb, sizeof sb);
    int fd;
    struct stat st;
    enum al_status s = open_path(path, p, 0, max, &fd, &st, err);
    if (s != AL_OK)
        return s;
    struct text_map m = {.bytes = (const unsigned char *)"", .len = (size_t)st.st_size};
    if (m.len > 0) {
        /* populated at once: every byte is read (CRCs, tensors), and one call maps them
         * all for less than a fault every 64 KB */
        void *at = mmap(NULL, m.len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (at != MAP_FAILED) {
            m.mapped = at;
            m.bytes = at;
        } else { /* a file system that cannot map: read it */
            char *heap;
            s = read_fd(fd, p, m.len, max, NULL, &heap, &m.len, err);
            m.heap = heap;
            m.bytes = (const unsigned char *)heap;
        }
    }
    close(fd);
    if (s == AL_OK)
        *out = m;
    return s;
}

void text_release(const struct text_map *m, const void *from, size_t n)
{
    if (!m->mapped || n == 0)
        return;
    long page = sysconf(_SC_PAGESIZE);
    uintptr_t a = (uintptr_t)from, e = a + n, base = (uintptr_t)m->mapped;
    a = (a + (uintptr_t)page - 1) / (uintptr_t)page * (uintptr_t)page; /* whole pages inside */
    e = e / (uintptr_t)page * (uintptr_t)page;
    if (a < base || e > base + m->len || a >= e)
        return;
    madvise((void *)a, e - a, MADV_DONTNEED); /* a private file mapping reads back from the
                                                 file if touched again */
}

void text_unmap(struct text_map *m)
{
    if (m->mapped)
        munmap(m->mapped, m->len);
    free(m->heap);
    memset(m, 0, sizeof *m);
}

enum al_status text_read_file_polled(const char *path, const struct al_interrupt *intr,
                                     char **bytes, size_t *len, struct al_error *err)
{
    return read_path(path, 0, TEXT_MAX_BYTES, intr, bytes, len, err);
}

enum al_status text_read_nonempty(const char *path, const struct al_interrupt *intr, char **bytes,
                                  size_t *len, struct al_error *err)
{
    enum al_status st = text_read_file_polled(path, intr, bytes, len, err);
    if (st)
        return st;
    int bom_only = *len == 3 && memcmp(*bytes, "\xEF\xBB\xBF", 3) == 0;
    if (*len == 0 || bom_only) {
        free(*bytes);
        *bytes = NULL;
        char sb[TEXT_SHORT_PATH + 1];
        return al_fail(err, AL_EFORMAT, "%s is empty%s", text_short_path(path, sb, sizeof sb),
                       bom_only ? " (only a byte-order mark)" : "");
    }
    return AL_OK;
}

enum al_status text_read_bytes(const char *path, size_t max, const struct al_interrupt *intr,
                               char **bytes, size_t *len, struct al_error *err)
{
    return read_path(path, 0, max, intr, bytes, len, err);
}

enum al_status text_read_stream(const char *path, size_t max, const struct al_interrupt *intr,
                                char **bytes, size_t *len, struct al_error *err)
{
    return read_path(path, 1, max, intr, bytes, len, err);
}

enum al_status text_read_file(const char *path, char **bytes, size_t *len, struct al_error *err)
{
    return text_read_file_polled(path, NULL, bytes, len, err);
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

/* Copies s into out with CRLF -> LF (and, in a file with no LF at all, CR -> LF: old Mac
 * line ends) and invalid bytes -> U+FFFD; fills the counts. */
static void normalise(const unsigned char *s, size_t n, size_t from, int cr_only, struct text *t)
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
            if (c == '\r' && cr_only)
                c = '\n';
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

/* A NUL byte anywhere is an error: texts are C strings further on, and a label or word cut at
 * a NUL would no longer match itself. */
static enum al_status check_nul(const char *s, size_t n, struct al_error *err)
{
    const char *z = memchr(s, '\0', n);
    if (!z)
        return AL_OK;
    long line = 1;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(z - p))) != NULL; p++)
        line++;
    al_fail(err, AL_EFORMAT, "NUL byte at line %ld, byte offset %zu", line, (size_t)(z - s));
    if (err)
        err->line = line, err->offset = (long long)(z - s);
    return AL_EFORMAT;
}

enum al_status text_from_bytes(const char *src, size_t n, int replace_invalid, struct text *out,
                               struct al_error *err)
{
    const unsigned char *s = (const unsigned char *)src;
    enum al_status nul = check_nul(src, n, err);
    if (nul)
        return nul;
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
    t.cr_only = memchr(src, '\r', n) && !memchr(src, '\n', n);
    t.bytes = malloc(n - from + 2 * bad + 1);
    if (!t.bytes)
        return al_fail(err, AL_ENOMEM, "out of memory for a text of %zu bytes", n);
    normalise(s, n, from, t.cr_only, &t);
    *out = t;
    return AL_OK;
}

enum al_status text_load_polled(const char *path, int replace_invalid,
                                const struct al_interrupt *intr, struct text *out,
                                struct al_error *err)
{
    char *raw;
    size_t n;
    enum al_status st = text_read_nonempty(path, intr, &raw, &n, err);
    if (st)
        return st;
    st = text_from_bytes(raw, n, replace_invalid, out, err);
    free(raw);
    if (st == AL_EUTF8 || st == AL_EFORMAT)
        text_prefix_error(err, path);
    return st;
}

enum al_status text_load(const char *path, int replace_invalid, struct text *out,
                         struct al_error *err)
{
    return text_load_polled(path, replace_invalid, NULL, out, err);
}

void text_prefix_error(struct al_error *err, const char *path)
{
    if (!err)
        return;
    char msg[sizeof err->msg + 64], sb[TEXT_SHORT_PATH + 1];
    snprintf(msg, sizeof msg, "%s: %s", text_short_path(path, sb, sizeof sb), err->msg);
    memcpy(err->msg, msg, sizeof err->msg - 1);
    err->msg[sizeof err->msg - 1] = '\0';
}

void text_free(struct text *t)
{
    free(t->bytes);
    t->bytes = NULL;
    t->len = 0;
}
