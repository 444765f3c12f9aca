/* check_gpt2.c: GPT-2 in attnlab. Its tokenizer against the ids of ../shared/data/gpt2-tiny's
 * tokens.json (which the gpt-3-encoder npm package's own encoder gave), decoding, the
 * checkpoint round trip and every malformed tokenizer file. The shared data live outside
 * the repository ($top_srcdir/../shared/data); without them the test skips (77). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/tok_gpt2.h"
#include "data/tokenizer.h"

static char shared[1024];      /* $top_srcdir/../shared/data */
static struct tokenizer *gpt2; /* read once before the tests fork */

static const char *data_path(const char *rel)
{
    static char buf[2][1200];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", shared, rel);
    return buf[k];
}

static int32_t *encode(const struct tokenizer *t, const char *s, size_t *n)
{
    int32_t *ids = NULL;
    struct al_error e;
    enum al_status st = tok_encode(t, s, strlen(s), &ids, n, &e);
    ck_assert_msg(st == AL_OK, "tok_encode: %s", e.msg);
    return ids;
}

START_TEST(test_vocabulary)
{
    ck_assert_int_eq(tok_vocab_size(gpt2), 50257);
    ck_assert_int_eq(tok_merges(gpt2), 50000);
    ck_assert_str_eq(tok_kind_name(tok_kind(gpt2)), "gpt2");
    size_t len;
    const char *p = tok_piece(gpt2, 50256, &len);
    ck_assert_int_eq((int)len, 13);
    ck_assert(memcmp(p, "<|endoftext|>", 13) == 0);
    p = tok_piece(gpt2, 262, &len); /* "Ġthe" in the files: the bytes " the" */
    ck_assert_int_eq((int)len, 4);
    ck_assert(memcmp(p, " the", 4) == 0);
    p = tok_piece(gpt2, 0, &len); /* id 0 is '!', the first byte of the printable table */
    ck_assert(len == 1 && p[0] == '!');
    ck_assert_uint_eq(tok_gpt2_byte_char(' '), 0x120);
    ck_assert_uint_eq(tok_gpt2_byte_char('\n'), 0x10A);
    ck_assert_uint_eq(tok_gpt2_byte_char('A'), 'A');
}
END_TEST

/* The eight texts of tokens.json: our ids must be exactly the reference's. */
START_TEST(test_reference_ids)
{
    json_error_t je;
    json_t *root = json_load_file(data_path("gpt2-tiny/tokens.json"), 0, &je);
    ck_assert_msg(root != NULL, "tokens.json: %s", je.text);
    json_t *texts = json_object_get(root, "texts"), *all = json_object_get(root, "ids");
    ck_assert_int_eq((int)json_array_size(texts), 8);
    for (size_t k = 0; k < json_array_size(texts); k++) {
        const char *text = json_string_value(json_array_get(texts, k));
        json_t *want = json_array_get(all, k);
        size_t n;
        int32_t *ids = encode(gpt2, text, &n);
        ck_assert_msg(n == json_array_size(want), "text %zu: %zu ids, expected %zu", k, n,
                      json_array_size(want));
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(ids[i] == json_integer_value(json_array_get(want, i)),
                          "text %zu id %zu: %d, expected %lld", k, i, ids[i],
                          (long long)json_integer_value(json_array_get(want, i)));
        char *back;
        size_t blen;
        struct al_error e;
        ck_assert(tok_decode(gpt2, ids, n, &back, &blen, &e) == AL_OK);
        ck_assert_str_eq(back, text);
        free(back);
        free(ids);
    }
    json_decref(root);
}
END_TEST

/* Splits by hand: the lookahead leaves the last space of a run for the next word, and
 * contractions split off; invalid UTF-8 still encodes (byte-level) and decodes exactly. */
START_TEST(test_splits)
{
    struct tok_span *sp;
    size_t n;
    struct al_error e;
    const char *s = "a   b";
    ck_assert(tok_explain(gpt2, s, strlen(s), &sp, &n, &e) == AL_OK);
    ck_assert_int_eq((int)n, 4); /* pieces "a" "  " " b"; "  " is no token: two spaces */
    ck_assert(sp[0].start == 0 && sp[0].len == 1 && sp[0].id == 64);
    ck_assert(sp[1].start == 1 && sp[1].len == 1 && sp[1].id == 220);
    ck_assert(sp[2].start == 2 && sp[2].len == 1 && sp[2].id == 220);
    ck_assert(sp[3].start == 3 && sp[3].len == 2 && sp[3].id == 275);
    free(sp);
    const char bad[] = "ab\xff\xfe cd";
    int32_t *ids = NULL;
    ck_assert(tok_encode(gpt2, bad, sizeof bad - 1, &ids, &n, &e) == AL_OK);
    char *back;
    size_t blen;
    ck_assert(tok_decode(gpt2, ids, n, &back, &blen, &e) == AL_OK);
    ck_assert_uint_eq(blen, sizeof bad - 1);
    ck_assert(memcmp(back, bad, blen) == 0);
    free(back);
    free(ids);
    ids = encode(gpt2, "", &n);
    ck_assert_uint_eq(n, 0);
    free(ids);
}
END_TEST

/* Through a checkpoint's tokenizer record and back: the same ids. */
START_TEST(test_serialize)
{
    unsigned char *buf;
    size_t len;
    struct al_error e;
    ck_assert(tok_serialize(gpt2, &buf, &len, &e) == AL_OK);
    struct tokenizer *t2 = NULL;
    ck_assert_msg(tok_deserialize(buf, len, &t2, &e) == AL_OK, "%s", e.msg);
    const char *s = "It's 2026: don't, won't — naïve café 🙂 注意力";
    size_t n1, n2;
    int32_t *a = encode(gpt2, s, &n1), *b = encode(t2, s, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(a, b, n1 * sizeof *a) == 0);
    ck_assert_int_eq(tok_kind(t2), TOK_GPT2);
    free(a);
    free(b);
    tok_free(t2);
    free(buf);
}
END_TEST

/* A small vocabulary: the 256 bytes as GPT-2 writes them, then "ab" and "abc". */
static char *tiny_vocab(const char *extra)
{
    size_t cap = 16384, w = 0;
    char *s = malloc(cap);
    w += (size_t)snprintf(s + w, cap - w, "{");
    for (int b = 0; b < 256; b++) {
        unsigned cp = tok_gpt2_byte_char((unsigned char)b);
        char u[8];
        if (cp == '"' || cp == '\\')
            snprintf(u, sizeof u, "\\%c", cp);
        else if (cp < 0x80)
            snprintf(u, sizeof u, "%c", cp);
        else if (cp < 0x800)
            snprintf(u, sizeof u, "%c%c", 0xC0 | cp >> 6, 0x80 | (cp & 63));
        w += (size_t)snprintf(s + w, cap - w, "\"%s\": %d, ", u, b);
    }
    w += (size_t)snprintf(s + w, cap - w, "\"ab\": 256, \"abc\": 257%s}", extra);
    return s;
}

static enum al_status parse(const char *vocab, const char *merges, struct al_error *e)
{
    struct tokenizer *t = NULL;
    enum al_status st = tok_gpt2_parse(vocab, strlen(vocab), merges, strlen(merges), "test", &t, e);
    if (st == AL_OK) {
        size_t n;
        int32_t *ids = encode(t, "xabcab", &n);
        ck_assert_int_eq((int)n, 3);
        ck_assert(ids[1] == 257 && ids[2] == 256);
        free(ids);
        tok_free(t);
    }
    return st;
}

START_TEST(test_malformed)
{
    struct al_error e;
    char *v = tiny_vocab("");
    ck_assert_msg(parse(v, "#version: 0.2\na b\nab c\n", &e) == AL_OK, "%s", e.msg);
    ck_assert(parse(v, "a b\nab c", &e) == AL_OK); /* no version line, no final new line */
    ck_assert(parse(v, "a b\nab x y\n", &e) == AL_EFORMAT);
    ck_assert_msg(strstr(e.msg, "line 2") != NULL, "%s", e.msg);
    ck_assert(parse(v, "a b\nab q\n", &e) == AL_EFORMAT); /* "abq" is no token */
    ck_assert_msg(strstr(e.msg, "merge 2") != NULL, "%s", e.msg);
    ck_assert(parse(v, "a b\nab zz\n", &e) == AL_EFORMAT); /* "zz" is no token */
    ck_assert_msg(strstr(e.msg, "does not have") != NULL, "%s", e.msg);
    ck_assert(parse(v, "", &e) == AL_EFORMAT);
    ck_assert(parse("{\"a\": 0", "a b", &e) == AL_EFORMAT);
    ck_assert_msg(strstr(e.msg, "not valid JSON") != NULL, "%s", e.msg);
    ck_assert(parse("[1, 2]", "a b", &e) == AL_EFORMAT);
    free(v);
    v = tiny_vocab(", \"qq\": 300"); /* ids must be 0..n-1 */
    ck_assert(parse(v, "a b\n", &e) == AL_EFORMAT);
    ck_assert_msg(strstr(e.msg, "out of range") != NULL, "%s", e.msg);
    free(v);
    v = tiny_vocab(", \"a b\": 258"); /* a space is not in GPT-2's byte alphabet */
    ck_assert(parse(v, "a b\n", &e) == AL_EFORMAT);
    ck_assert_msg(strstr(e.msg, "byte alphabet") != NULL, "%s", e.msg);
    free(v);
    v = tiny_vocab(", \"xy\": \"3\""); /* an id that is not a number */
    ck_assert(parse(v, "a b\n", &e) == AL_EFORMAT);
    free(v);
    struct tokenizer *t = NULL;
    ck_assert(tok_gpt2_read_dir("/nonexistent", &t, &e) == AL_EIO);
    ck_assert_msg(strstr(e.msg, "vocab.json") && strstr(e.msg, "encoder.json"), "%s", e.msg);
    ck_assert(t == NULL);
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_GPT2;
    ck_assert(tok_train(&o, "abc", 3, &t, &e) == AL_EINVAL);
}
END_TEST

static Suite *gpt2_suite(void)
{
    Suite *s = suite_create("gpt2");
    TCase *tc = tcase_create("tokenizer");
    tcase_add_test(tc, test_vocabulary);
    tcase_add_test(tc, test_reference_ids);
    tcase_add_test(tc, test_splits);
    tcase_add_test(tc, test_serialize);
    tcase_add_test(tc, test_malformed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *top = getenv("top_srcdir");
    snprintf(shared, sizeof shared, "%s/../shared/data", top && *top ? top : ".");
    if (access(data_path("gpt2-tiny/tokens.json"), R_OK) != 0 ||
        access(data_path("gpt2-tokenizer/encoder.json"), R_OK) != 0) {
        fprintf(stderr, "check_gpt2: SKIP: no GPT-2 data at %s (gpt2-tiny, gpt2-tokenizer)\n",
                shared);
        return 77;
    }
    struct al_error e;
    if (tok_gpt2_read_dir(data_path("gpt2-tokenizer"), &gpt2, &e) != AL_OK) {
        fprintf(stderr, "check_gpt2: GPT-2's tokenizer: %s\n", e.msg);
        return EXIT_FAILURE;
    }
    SRunner *sr = srunner_create(gpt2_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tok_free(gpt2);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
