/* check_core.c: the BLAS door against its naive reference, the RNG, the arena, kernels, the
 * UTF-8 codec and the string buffer. */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/atomic_file.h"
#include "core/kernels.h"
#include "core/matmul.h"
#include "core/rng.h"
#include "core/status.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include "testlib.h"

/* realloc of the code under test (linked with --wrap=realloc): fails when reallocs_left is 0,
 * counts down when it is positive, and passes through when it is negative. */
static long reallocs_left = -1;
void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
    if (reallocs_left == 0)
        return NULL;
    if (reallocs_left > 0)
        reallocs_left--;
    return __real_realloc(p, n);
}

static void fill(struct rng *r, float *x, int n)
{
    for (int i = 0; i < n; i++)
        x[i] = rng_normal(r);
}

/* Odd shapes, both transpositions, strided leading dimensions, alpha and beta. */
START_TEST(test_mm_matches_reference)
{
    struct rng r;
    rng_seed(&r, 7);
    static const int shapes[][3] = {{1, 1, 1}, {3, 5, 7}, {17, 1, 9}, {13, 31, 2}, {64, 33, 65}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++) {
                int pad = 3; /* rows longer than the matrix: a slice of a wider one */
                int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
                float *a = malloc(sizeof(float) * (size_t)lda * (ta ? k : m));
                float *b = malloc(sizeof(float) * (size_t)ldb * (tb ? n : k));
                float *c1 = malloc(sizeof(float) * (size_t)ldc * m);
                float *c2 = malloc(sizeof(float) * (size_t)ldc * m);
                fill(&r, a, lda * (ta ? k : m));
                fill(&r, b, ldb * (tb ? n : k));
                fill(&r, c1, ldc * m);
                for (int i = 0; i < ldc * m; i++)
                    c2[i] = c1[i];
                mm(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c1, ldc);
                mm_reference(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, 0.25f, c2, ldc);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < ldc; j++) /* padding must be untouched too */
                        ck_assert_float_eq_tol(c1[i * ldc + j], c2[i * ldc + j], 1e-4f);
                free(a);
                free(b);
                free(c1);
                free(c2);
            }
    }
}
END_TEST

START_TEST(test_mm_shorthands)
{
    /* A = [[1,2],[3,4]], B = [[5,6],[7,8]] */
    float a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8}, c[4];
    mm_ab(c, a, b, 2, 2, 2, 0);
    ck_assert_float_eq(c[0], 19);
    ck_assert_float_eq(c[1], 22);
    ck_assert_float_eq(c[2], 43);
    ck_assert_float_eq(c[3], 50);
    mm_abt(c, a, b, 2, 2, 2, 0); /* A·Bᵀ */
    ck_assert_float_eq(c[0], 17);
    ck_assert_float_eq(c[1], 23);
    ck_assert_float_eq(c[2], 39);
    ck_assert_float_eq(c[3], 53);
    mm_atb(c, a, b, 2, 2, 2, 1); /* += Aᵀ·B = [[26,30],[38,44]] */
    ck_assert_float_eq(c[0], 43);
    ck_assert_float_eq(c[1], 53);
    ck_assert_float_eq(c[2], 77);
    ck_assert_float_eq(c[3], 97);
}
END_TEST

START_TEST(test_rng_deterministic_and_ranged)
{
    struct rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    double sum = 0, sumsq = 0;
    for (int i = 0; i < 20000; i++) {
        ck_assert_uint_eq(rng_u32(&a), rng_u32(&b));
        float u = rng_uniform(&a);
        (void)rng_uniform(&b);
        ck_assert(u >= 0.0f && u < 1.0f);
        uint32_t k = rng_below(&a, 7);
        (void)rng_below(&b, 7);
        ck_assert_uint_lt(k, 7);
        float z = rng_normal(&a);
        ck_assert_float_eq(z, rng_normal(&b));
        sum += z;
        sumsq += (double)z * z;
    }
    ck_assert_double_lt(fabs(sum / 20000), 0.03);
    ck_assert_double_lt(fabs(sumsq / 20000 - 1.0), 0.05);
    rng_seed(&b, 43);
    ck_assert_uint_ne(rng_u32(&a), rng_u32(&b));
}
END_TEST

START_TEST(test_arena_measure_then_carve)
{
    struct arena m;
    arena_init_measure(&m);
    ck_assert_ptr_null(arena_floats(&m, 3));
    ck_assert_ptr_null(arena_floats(&m, 100));
    struct arena a;
    ck_assert_int_eq(arena_init(&a, m.used, NULL), AL_OK);
    float *x = arena_floats(&a, 3), *y = arena_floats(&a, 100);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(y);
    ck_assert_uint_eq((uintptr_t)y % ARENA_ALIGN, 0);
    ck_assert_float_eq(y[99], 0.0f);
    ck_assert_ptr_null(arena_floats(&a, a.capacity)); /* full: NULL, not overflow */
    arena_free(&a);
}
END_TEST

START_TEST(test_softmax_and_gelu)
{
    float x[4] = {1.0f, 2.0f, -INFINITY, 3.0f};
    softmax_row(x, 4);
    ck_assert_float_eq(x[2], 0.0f);
    ck_assert_float_eq_tol(x[0] + x[1] + x[3], 1.0f, 1e-6f);
    ck_assert_float_eq_tol(x[3], expf(3) / (expf(1) + expf(2) + expf(3)), 1e-6f);
    float masked[2] = {-INFINITY, -INFINITY};
    softmax_row(masked, 2);
    ck_assert_float_eq(masked[0], 0.0f);
    float big[2] = {1000.0f, 1000.0f};
    ck_assert_float_eq_tol(logsumexp_row(big, 2), 1000.0f + logf(2.0f), 1e-3f);
    /* tanh_fast against libm's tanh in double over [-12, 12], both branches and the joins */
    double worst = 0.0;
    for (int k = -120000; k <= 120000; k++) {
        float x = k * 1e-4f;
        double exact = tanh((double)x);
        double err = fabs(tanh_fast(x) - exact) / fmax(fabs(exact), 1e-30);
        if (err > worst)
            worst = err;
    }
    ck_assert_double_lt(worst, 4e-7); /* a few float ulps (ulp = 1.2e-7 relative) */
    /* exp_fast against libm over its whole range */
    worst = 0.0;
    for (int k = -86999; k <= 87999; k++) { /* inside the clamp at -87 and 88 */
        float x = (float)(k / 1000.0);
        double err = fabs(exp_fast(x) - exp((double)x)) / exp((double)x);
        if (err > worst)
            worst = err;
    }
    ck_assert_double_lt(worst, 2.5e-7);
    ck_assert(exp_fast(-INFINITY) > 0.0f && isfinite(exp_fast(INFINITY)));
    ck_assert_float_eq(tanh_fast(0.0f), 0.0f);
    /* GELU(1) with the tanh approximation, and its derivative by central difference */
    ck_assert_float_eq_tol(gelu(1.0f), 0.8411920f, 1e-6f);
    for (float u = -3.0f; u <= 3.0f; u += 0.37f) {
        float h = 1e-2f;
        float numeric = (gelu(u + h) - gelu(u - h)) / (2 * h);
        ck_assert_float_eq_tol(gelu_grad(u), numeric, 2e-4f);
        ck_assert_float_eq_tol(gelu_grad_from_output(u, gelu(u)), gelu_grad(u), 1e-6f);
    }
    /* from the output: exact at 0, and where tanh is near -1 or saturated */
    ck_assert_float_eq(gelu_grad_from_output(0.0f, gelu(0.0f)), 0.5f);
    for (float u = -12.0f; u <= 12.0f; u += 0.25f)
        ck_assert_float_eq_tol(gelu_grad_from_output(u, gelu(u)), gelu_grad(u), 1e-5f);
}
END_TEST

START_TEST(test_status_messages)
{
    struct al_error e;
    ck_assert_int_eq(al_fail(&e, AL_ESHAPE, "width %d", 7), AL_ESHAPE);
    ck_assert_str_eq(e.msg, "width 7");
    ck_assert_str_eq(al_strerror(AL_ENOMEM), "out of memory");
    ck_assert_str_eq(al_strerror((enum al_status)999), "unknown error");
}
END_TEST

/* ---- the UTF-8 codec ---- */

static int decode(const char *bytes, size_t n, uint32_t *cp)
{
    return utf8_decode((const unsigned char *)bytes, n, cp);
}

/* The first and last code point of each length, and those beside the surrogates. */
START_TEST(test_utf8_decode_boundaries)
{
    static const struct {
        const char *bytes;
        int len;
        uint32_t cp;
    } ok[] = {
        {"\x00", 1, 0x00},
        {"\x7F", 1, 0x7F},
        {"\xC2\x80", 2, 0x80},
        {"\xDF\xBF", 2, 0x7FF},
        {"\xE0\xA0\x80", 3, 0x800},
        {"\xED\x9F\xBF", 3, 0xD7FF},
        {"\xEE\x80\x80", 3, 0xE000},
        {"\xEF\xBF\xBF", 3, 0xFFFF},
        {"\xF0\x90\x80\x80", 4, 0x10000},
        {"\xF4\x8F\xBF\xBF", 4, 0x10FFFF},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        uint32_t cp = 0xDEAD;
        ck_assert_int_eq(decode(ok[i].bytes, (size_t)ok[i].len, &cp), ok[i].len);
        ck_assert_uint_eq(cp, ok[i].cp);
        /* bytes after the sequence are not its business */
        char longer[8] = {0};
        memcpy(longer, ok[i].bytes, (size_t)ok[i].len);
        longer[ok[i].len] = 'x';
        ck_assert_int_eq(decode(longer, (size_t)ok[i].len + 1, &cp), ok[i].len);
    }
}
END_TEST

/* Every kind of invalid sequence is refused with 0, and *cp is left alone. */
START_TEST(test_utf8_decode_rejects)
{
    static const struct {
        const char *bytes;
        size_t n;
        const char *why;
    } bad[] = {
        {"", 0, "empty"},
        {"\xC0\xAF", 2, "overlong '/' in two bytes"},
        {"\xC1\xBF", 2, "overlong U+007F in two bytes"},
        {"\xE0\x80\xAF", 3, "overlong '/' in three bytes"},
        {"\xE0\x9F\xBF", 3, "overlong U+07FF in three bytes"},
        {"\xF0\x80\x80\xAF", 4, "overlong '/' in four bytes"},
        {"\xF0\x8F\xBF\xBF", 4, "overlong U+FFFF in four bytes"},
        {"\xED\xA0\x80", 3, "surrogate U+D800"},
        {"\xED\xBF\xBF", 3, "surrogate U+DFFF"},
        {"\xF4\x90\x80\x80", 4, "U+110000, above the range"},
        {"\xF5\x80\x80\x80", 4, "lead byte F5"},
        {"\xF7\xBF\xBF\xBF", 4, "lead byte F7"},
        {"\xF8\x88\x80\x80\x80", 5, "lead byte F8 (five-byte form)"},
        {"\xFC\x84\x80\x80\x80\x80", 6, "lead byte FC (six-byte form)"},
        {"\xFE", 1, "byte FE"},
        {"\xFF", 1, "byte FF"},
        {"\xC3", 1, "two-byte sequence cut after its lead"},
        {"\xE4\xB8", 2, "three-byte sequence cut short"},
        {"\xF0\x9F\x98", 3, "four-byte sequence cut short"},
        {"\xE4\xB8\xAD", 2, "a whole sequence, but n says two bytes"},
        {"\xE4\x41\x41", 3, "a lead byte followed by ASCII"},
        {"\xC3\xC3\xA9", 3, "a lead byte followed by another lead"},
        {"\x80", 1, "stray continuation byte 80"},
        {"\xBF\x41", 2, "stray continuation byte BF"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp = 0xDEAD;
        ck_assert_msg(decode(bad[i].bytes, bad[i].n, &cp) == 0, "accepted: %s", bad[i].why);
        ck_assert_uint_eq(cp, 0xDEAD);
    }
}
END_TEST

/* Over every sequence of continuation bytes after each lead: the decoder accepts exactly as
 * many as there are code points of that length, and each one is its code point's encoding.
 * (The loops count and assert once: Check's assertions are too slow for millions.) */
START_TEST(test_utf8_decode_exactly_the_shortest_forms)
{
    static const struct {
        int len;
        unsigned lead_lo, lead_hi;
        long count;
    } lens[] = {
        {2, 0xC0, 0xDF, 0x800 - 0x80},
        {3, 0xE0, 0xEF, 0x10000 - 0x800 - 0x800}, /* less the surrogates */
        {4, 0xF0, 0xFF, 0x110000 - 0x10000},
    };
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
        int len = lens[l].len;
        long accepted = 0, wrong = 0, tails = 1L << (6 * (len - 1));
        for (unsigned lead = lens[l].lead_lo; lead <= lens[l].lead_hi; lead++)
            for (long t = 0; t < tails; t++) {
                unsigned char s[4] = {(unsigned char)lead}, again[4];
                for (int i = 1; i < len; i++)
                    s[i] = (unsigned char)(0x80 | ((t >> (6 * (len - 1 - i))) & 0x3F));
                uint32_t cp;
                if (utf8_decode(s, (size_t)len, &cp) != len)
                    continue;
                accepted++;
                wrong += utf8_encode(cp, again) != len || memcmp(s, again, (size_t)len) != 0;
            }
        ck_assert_int_eq(accepted, lens[l].count);
        ck_assert_int_eq(wrong, 0);
    }
}
END_TEST

START_TEST(test_utf8_encode_round_trip)
{
    unsigned char s[UTF8_MAX + 1];
    long wrong = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        int want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (cp >= 0xD800 && cp <= 0xDFFF)
            want = 0; /* surrogates are not characters */
        memset(s, 0xAA, sizeof s);
        int n = utf8_encode(cp, s);
        uint32_t back = 0xDEAD;
        int k = n ? utf8_decode(s, (size_t)n, &back) : 0;
        wrong += n != want || s[n] != 0xAA || k != n || back != (n ? cp : 0xDEAD);
    }
    ck_assert_int_eq(wrong, 0);
    ck_assert_int_eq(utf8_encode(0x110000, s), 0);
    ck_assert_int_eq(utf8_encode(UINT32_MAX, s), 0);
    ck_assert_int_eq(utf8_encode(0x4E2D, s), 3);
    ck_assert(memcmp(s, "\xE4\xB8\xAD", 3) == 0);
}
END_TEST

static size_t validate(const char *s, size_t n)
{
    return utf8_validate((const unsigned char *)s, n);
}

START_TEST(test_utf8_validate_offsets)
{
    ck_assert_uint_eq(validate("", 0), 0);
    ck_assert_uint_eq(validate("plain", 5), 5);
    ck_assert_uint_eq(validate("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z", 11), 11);
    ck_assert_uint_eq(validate("ab\xC0\xAF"
                               "cd",
                               6),
                      2);                                              /* overlong */
    ck_assert_uint_eq(validate("\xE4\xB8\xAD\xE0\x80\xAF", 6), 3);     /* overlong, 3 bytes */
    ck_assert_uint_eq(validate("\xE4\xB8\xAD\xF0\x80\x80\xAF", 7), 3); /* overlong, 4 bytes */
    ck_assert_uint_eq(validate("ok\xED\xA0\x80", 5), 2);               /* surrogate */
    ck_assert_uint_eq(validate("ok\xF4\x90\x80\x80", 6), 2);           /* above U+10FFFF */
    ck_assert_uint_eq(validate("ok\xF5", 3), 2);
    ck_assert_uint_eq(validate("ab\xE4\xB8", 4), 2); /* cut at the end */
    ck_assert_uint_eq(validate("a\x80"
                               "b",
                               3),
                      1);                               /* stray continuation */
    ck_assert_uint_eq(validate("a\xC3\xA9\xA9", 4), 3); /* one too many */
    ck_assert_uint_eq(validate("nul\0ok", 6), 6);       /* NUL is a character */
}
END_TEST

/* ---- the string buffer ---- */

START_TEST(test_strbuf_grows)
{
    struct strbuf b = {0};
    char *empty = strbuf_take(&b);
    ck_assert_ptr_nonnull(empty);
    ck_assert_str_eq(empty, "");
    free(empty);
    for (int i = 0; i < 10000; i++)
        strbuf_add(&b, "0123456789", (size_t)(i % 10) + 1);
    ck_assert_int_eq(b.failed, 0);
    ck_assert_uint_eq(b.len, 55000);
    ck_assert_uint_ge(b.cap, b.len + 1);
    char *s = strbuf_take(&b);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(strlen(s), 55000);
    ck_assert(memcmp(s, "001012", 6) == 0);
    ck_assert(memcmp(s + 55000 - 10, "0123456789", 10) == 0);
    free(s);
    ck_assert_ptr_null(b.s); /* taken: the buffer is empty again */
    ck_assert_uint_eq(b.len, 0);
    strbuf_add(&b, "a\0b", 3); /* bytes, NULs included */
    ck_assert_uint_eq(b.len, 3);
    ck_assert(memcmp(b.s, "a\0b", 4) == 0);
    free(strbuf_take(&b));
}
END_TEST

START_TEST(test_strbuf_printf)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "loss ");
    strbuf_printf(&b, "%.3f at step %d", 2.5, 40);
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    strbuf_printf(&b, " [%s]", big); /* longer than the formatting's stack buffer */
    char *s = strbuf_take(&b);
    ck_assert_uint_eq(strlen(s), strlen("loss 2.500 at step 40 [") + 999 + 1);
    ck_assert(strncmp(s, "loss 2.500 at step 40 [xxx", 26) == 0);
    ck_assert_str_eq(s + strlen(s) - 3, "xx]");
    free(s);
}
END_TEST

/* One failed allocation is remembered: later appends do nothing, take frees what was built
 * and returns NULL, and the buffer can be used again afterwards. */
START_TEST(test_strbuf_out_of_memory)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "kept until the end");
    reallocs_left = 0;
    strbuf_printf(&b, "%0300d", 7);
    reallocs_left = -1;
    ck_assert_int_eq(b.failed, 1);
    strbuf_puts(&b, "ignored");
    strbuf_printf(&b, "%d", 42);
    ck_assert_uint_eq(b.len, strlen("kept until the end"));
    ck_assert_ptr_null(strbuf_take(&b));
    ck_assert_int_eq(b.failed, 0);
    strbuf_puts(&b, "again");
    char *s = strbuf_take(&b);
    ck_assert_str_eq(s, "again");
    free(s);
    /* a size that cannot be doubled fails the same way, without asking for memory */
    strbuf_puts(&b, "x");
    strbuf_add(&b, "", SIZE_MAX - 2);
    ck_assert_int_eq(b.failed, 1);
    ck_assert_ptr_null(strbuf_take(&b));
}
END_TEST

/* ---- the atomic writer (every save: checkpoints, safetensors, transcripts) ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_core.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void expect_file(const char *path, const char *want)
{
    char *got = slurp(path);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

static int files_in(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    closedir(d);
    return n;
}

START_TEST(test_atomic_write)
{
    make_tmpdir();
    char path[128], link[128];
    struct al_error err;
    snprintf(path, sizeof path, "%s/m.ckpt", tmpdir);
    ck_assert(atomic_write_file(path, "first", 5, &err) == AL_OK);
    expect_file(path, "first");
    /* the permissions of an existing file are kept */
    chmod(path, 0640);
    ck_assert(atomic_write_file(path, "second", 6, &err) == AL_OK);
    struct stat st;
    stat(path, &st);
    ck_assert_int_eq(st.st_mode & 07777, 0640);
    expect_file(path, "second");
    /* a symbolic link: its target is replaced, the link stays */
    snprintf(link, sizeof link, "%s/link.ckpt", tmpdir);
    ck_assert_int_eq(symlink("m.ckpt", link), 0);
    ck_assert(atomic_write_file(link, "third", 5, &err) == AL_OK);
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    expect_file(path, "third");
    ck_assert_int_eq(files_in(tmpdir), 2); /* no temporary file is left */
    /* a folder in the way, a missing folder: errors naming the file, nothing left */
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub", tmpdir);
    mkdir(sub, 0755);
    ck_assert_int_eq(atomic_write_file(sub, "x", 1, &err), AL_EIO);
    ck_assert_msg(strstr(err.msg, "sub") && strstr(err.msg, "folder"), "%s", err.msg);
    snprintf(sub, sizeof sub, "%s/none/m.ckpt", tmpdir);
    ck_assert_int_eq(atomic_write_file(sub, "x", 1, &err), AL_EIO);
    ck_assert_msg(strstr(err.msg, "none/m.ckpt"), "%s", err.msg);
    ck_assert_int_eq(files_in(tmpdir), 3);
    /* a dangling symbolic link: its target would be created, but its folder is missing */
    snprintf(link, sizeof link, "%s/dangling", tmpdir);
    ck_assert_int_eq(symlink("nowhere/x", link), 0);
    ck_assert_int_eq(atomic_write_file(link, "x", 1, &err), AL_EIO);
    ck_assert_msg(strstr(err.msg, "dangling") && strstr(err.msg, "No such file"), "%s", err.msg);
    /* ... and one to a missing file in an existing folder creates it, the link staying */
    snprintf(link, sizeof link, "%s/later", tmpdir);
    ck_assert_int_eq(symlink("new.ckpt", link), 0);
    ck_assert(atomic_write_file(link, "fourth", 6, &err) == AL_OK);
    snprintf(path, sizeof path, "%s/new.ckpt", tmpdir);
    expect_file(path, "fourth");
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_int_eq(files_in(tmpdir), 6); /* m, link, sub, dangling, later, new: no temporary */
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *t = tcase_create("core");
    tcase_add_test(t, test_mm_matches_reference);
    tcase_add_test(t, test_mm_shorthands);
    tcase_add_test(t, test_rng_deterministic_and_ranged);
    tcase_add_test(t, test_arena_measure_then_carve);
    tcase_add_test(t, test_softmax_and_gelu);
    tcase_add_test(t, test_status_messages);
    tcase_add_test(t, test_utf8_decode_boundaries);
    tcase_add_test(t, test_utf8_decode_rejects);
    tcase_add_test(t, test_utf8_decode_exactly_the_shortest_forms);
    tcase_add_test(t, test_utf8_encode_round_trip);
    tcase_add_test(t, test_utf8_validate_offsets);
    tcase_add_test(t, test_strbuf_grows);
    tcase_add_test(t, test_strbuf_printf);
    tcase_add_test(t, test_strbuf_out_of_memory);
    tcase_add_test(t, test_atomic_write);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){core_suite, NULL});
}
