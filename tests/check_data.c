/* check_data.c: the data module: UTF-8 loading (BOM, CRLF, invalid bytes, empty, folder,
 * missing), the three tokenizers (Chinese, stop words, min_freq, max_vocab, BPE round trips),
 * serialisation, corpora and splits, batches and epochs, labelled sets, metrics, and the
 * bundled corpora. Expected values are worked out by hand in the comments. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/rng.h"
#include "data/batch.h"
#include "data/corpus.h"
#include "data/labelled.h"
#include "data/metrics.h"
#include "data/text.h"
#include "data/tokenizer.h"
#include "data/utf8.h"

#include "testlib.h"

/* ---- helpers ---- */

static char tmp_path[256];

/* Writes n bytes to a fresh temporary file and returns its name (valid until the next call). */
static const char *write_tmp(const char *bytes, size_t n)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/check_data_XXXXXX");
    int fd = mkstemp(tmp_path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    return tmp_path;
}

static struct tokenizer *train(enum tok_kind kind, const char *text, struct tok_options *o)
{
    struct tok_options d;
    if (!o) {
        tok_options_default(&d);
        o = &d;
    }
    o->kind = kind;
    struct tokenizer *t = NULL;
    struct al_error e;
    enum al_status st = tok_train(o, text, strlen(text), &t, &e);
    ck_assert_msg(st == AL_OK, "tok_train: %s", e.msg);
    return t;
}

static size_t encode(const struct tokenizer *t, const char *s, int32_t *out, size_t cap)
{
    int32_t *ids;
    size_t n;
    struct al_error e;
    ck_assert_msg(tok_encode(t, s, strlen(s), &ids, &n, &e) == AL_OK, "encode: %s", e.msg);
    ck_assert_uint_le(n, cap);
    if (n)
        memcpy(out, ids, n * sizeof *ids);
    free(ids);
    return n;
}

static void assert_piece(const struct tokenizer *t, int32_t id, const char *want)
{
    size_t len;
    const char *p = tok_piece(t, id, &len);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(len, strlen(want));
    ck_assert_mem_eq(p, want, len);
}

/* ---- UTF-8 and texts ---- */

START_TEST(test_utf8_decode)
{
    uint32_t cp;
    ck_assert_int_eq(utf8_decode((const unsigned char *)"\xE4\xB8\xAD", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x4E2D);                                                   /* 中 */
    ck_assert_int_eq(utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);     /* overlong */
    ck_assert_int_eq(utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0); /* D800 */
    ck_assert_int_eq(utf8_decode((const unsigned char *)"\xE4\xB8", 2, &cp), 0);     /* truncated */
    ck_assert_int_eq(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0);
    ck_assert_int_eq(utf8_class_of(0x4E2D), UTF8_IDEO);
    ck_assert_int_eq(utf8_class_of(0x3002), UTF8_PUNCT); /* 。 */
    ck_assert_int_eq(utf8_class_of(0x3000), UTF8_SPACE);
    ck_assert_uint_eq(utf8_lower('Q'), 'q');
    ck_assert_uint_eq(utf8_lower(0xC9), 0xE9); /* É -> é */
}
END_TEST

START_TEST(test_text_bom_crlf)
{
    /* BOM, then "ab\r\n中\r\nc": 3 + 4 + 5 + 1 bytes on disk */
    const char raw[] = "\xEF\xBB\xBF"
                       "ab\r\n\xE4\xB8\xAD\r\nc";
    struct text t;
    struct al_error e;
    ck_assert_int_eq(text_load(write_tmp(raw, sizeof raw - 1), 0, &t, &e), AL_OK);
    unlink(tmp_path);
    ck_assert_str_eq(t.bytes, "ab\n\xE4\xB8\xAD\nc");
    ck_assert_uint_eq(t.len, 8);
    ck_assert_uint_eq(t.chars, 6); /* a b \n 中 \n c */
    ck_assert_uint_eq(t.lines, 3);
    ck_assert_int_eq(t.had_bom, 1);
    ck_assert_uint_eq(t.crlf, 2);
    text_free(&t);
}
END_TEST

START_TEST(test_text_invalid_utf8)
{
    /* "ab\ncd" then 0xFF at byte offset 5, line 2, column 3 */
    const char raw[] = "ab\ncd\xFF"
                       "e\n";
    struct text t = {0};
    struct al_error e;
    ck_assert_int_eq(text_load(write_tmp(raw, sizeof raw - 1), 0, &t, &e), AL_EUTF8);
    ck_assert_ptr_null(t.bytes);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 3);
    ck_assert_int_eq(e.offset, 5);
    ck_assert_ptr_nonnull(strstr(e.msg, "byte offset 5"));
    ck_assert_ptr_nonnull(strstr(e.msg, "line 2"));
    ck_assert_ptr_nonnull(strstr(e.msg, tmp_path)); /* names the file */
    /* replaced: U+FFFD (3 bytes) stands for the one bad byte */
    ck_assert_int_eq(text_load(tmp_path, 1, &t, &e), AL_OK);
    unlink(tmp_path);
    ck_assert_str_eq(t.bytes, "ab\ncd\xEF\xBF\xBD"
                              "e\n");
    ck_assert_uint_eq(t.replaced, 1);
    ck_assert_uint_eq(t.chars, 8);
    text_free(&t);
    /* after a BOM the offset still counts the file's bytes: "\xEF\xBB\xBF" "x\n" then a lone
     * 0xC3 (a lead byte whose continuation is missing) at offset 5, line 2, column 1 */
    ck_assert_int_eq(text_from_bytes("\xEF\xBB\xBFx\n\xC3(", 7, 0, &t, &e), AL_EUTF8);
    ck_assert_int_eq(e.offset, 5);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 1);
}
END_TEST

START_TEST(test_text_bad_files)
{
    struct text t = {0};
    struct al_error e;
    ck_assert_int_eq(text_load(srcpath("tests/data/empty.txt"), 0, &t, &e), AL_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "empty"));
    ck_assert_int_eq(text_load(srcpath("tests/data"), 0, &t, &e), AL_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "folder"));
    ck_assert_int_eq(text_load(srcpath("tests/data/no-such-file.txt"), 0, &t, &e), AL_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "No such file"));
    ck_assert_int_eq(text_load(write_tmp("\xEF\xBB\xBF", 3), 0, &t, &e), AL_EFORMAT);
    unlink(tmp_path);
    ck_assert_ptr_null(t.bytes);
    if (geteuid() != 0) { /* root reads anything, so only others can see this refusal */
        write_tmp("x", 1);
        chmod(tmp_path, 0);
        ck_assert_int_eq(text_load(tmp_path, 0, &t, &e), AL_EIO);
        unlink(tmp_path);
    }
}
END_TEST

/* A failed load leaves the caller's pointer as it was. */
START_TEST(test_corpus_bad_files_leave_nothing)
{
    struct corpus_options o;
    corpus_options_default(&o);
    struct corpus *sentinel = (struct corpus *)&o, *c = sentinel;
    struct al_error e;
    ck_assert_int_eq(corpus_load(srcpath("tests/data/empty.txt"), &o, &c, &e), AL_EFORMAT);
    ck_assert_int_eq(corpus_load(srcpath("tests/data"), &o, &c, &e), AL_EIO);
    ck_assert_int_eq(corpus_load(srcpath("tests/data/missing"), &o, &c, &e), AL_EIO);
    ck_assert_int_eq(corpus_load(write_tmp("ok\xFF", 3), &o, &c, &e), AL_EUTF8);
    unlink(tmp_path);
    o.split = 0;
    ck_assert_int_eq(corpus_load(srcpath("tests/data/zh.txt"), &o, &c, &e), AL_EINVAL);
    o.split = 0.5;
    o.tok.kind = TOK_WORD;
    o.tok.max_vocab = 2;
    ck_assert_int_eq(corpus_load(srcpath("tests/data/zh.txt"), &o, &c, &e), AL_EINVAL);
    o.tok.max_vocab = 0;
    o.tok.stopwords = TOK_STOP_FILE;
    char stop_path[1024]; /* srcpath's buffer is reused by the next call */
    snprintf(stop_path, sizeof stop_path, "%s", srcpath("tests/data/missing-stopwords"));
    o.tok.stopwords_path = stop_path;
    ck_assert_int_eq(corpus_load(srcpath("tests/data/zh.txt"), &o, &c, &e), AL_EIO);
    ck_assert_ptr_eq(c, sentinel);
}
END_TEST

/* ---- char tokenizer ---- */

START_TEST(test_char_chinese)
{
    /* 你 U+4F60 < 我 U+6211 < 爱 U+7231: ids 0, 1, 2 in code-point order */
    struct tokenizer *t = train(TOK_CHAR, "我爱你我", NULL);
    ck_assert_int_eq(tok_vocab_size(t), 3);
    assert_piece(t, 0, "你");
    assert_piece(t, 1, "我");
    ck_assert_int_eq(tok_freq(t, 1), 2);
    int32_t ids[8];
    ck_assert_uint_eq(encode(t, "我爱你我", ids, 8), 4);
    ck_assert_int_eq(ids[0], 1);
    ck_assert_int_eq(ids[1], 2);
    ck_assert_int_eq(ids[2], 0);
    ck_assert_int_eq(ids[3], 1);
    char *s;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(tok_decode(t, ids, 4, &s, &n, &e), AL_OK);
    ck_assert_str_eq(s, "我爱你我");
    free(s);
    /* explain: spans of 3 bytes each, an unknown character marked */
    struct tok_span *sp;
    ck_assert_int_eq(tok_explain(t, "你好", 6, &sp, &n, &e), AL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(sp[0].id, 0);
    ck_assert_uint_eq(sp[0].start, 0);
    ck_assert_uint_eq(sp[0].len, 3);
    ck_assert_int_eq(sp[1].id, TOK_UNKNOWN);
    ck_assert_uint_eq(sp[1].start, 3);
    free(sp);
    /* encoding a character outside the vocabulary is an error that names it */
    int32_t *out = NULL;
    ck_assert_int_eq(tok_encode(t, "你好", 6, &out, &n, &e), AL_EINVAL);
    ck_assert_ptr_nonnull(strstr(e.msg, "好"));
    ck_assert_int_eq(e.offset, 3);
    ck_assert_int_eq(tok_decode(t, (int32_t[]){3}, 1, &s, &n, &e), AL_EINVAL);
    tok_free(t);
}
END_TEST

START_TEST(test_char_ascii_order_and_freq)
{
    struct tokenizer *t = train(TOK_CHAR, "hello\n", NULL);
    /* '\n' < 'e' < 'h' < 'l' < 'o' */
    ck_assert_int_eq(tok_vocab_size(t), 5);
    assert_piece(t, 0, "\n");
    assert_piece(t, 3, "l");
    ck_assert_int_eq(tok_freq(t, 3), 2);
    ck_assert_int_eq(tok_pad_id(t), -1);
    ck_assert_str_eq(tok_note(t), "");
    tok_free(t);
}
END_TEST

/* ---- word tokenizer ---- */

static const char *const CATS = "The cat sat. The dog, the cat!";

START_TEST(test_word_basic)
{
    struct tok_options o;
    tok_options_default(&o);
    o.lowercase = 1;
    struct tokenizer *t = train(TOK_WORD, CATS, &o);
    /* the 3, cat 2, then the ones in byte order: ! , . dog sat */
    ck_assert_int_eq(tok_vocab_size(t), 9);
    assert_piece(t, 0, "<pad>");
    assert_piece(t, 1, "<unk>");
    assert_piece(t, 2, "the");
    assert_piece(t, 3, "cat");
    assert_piece(t, 4, "!");
    assert_piece(t, 5, ",");
    assert_piece(t, 8, "sat");
    ck_assert_int_eq(tok_freq(t, 2), 3);
    ck_assert_int_eq(tok_freq(t, 1), 0);
    int32_t ids[16];
    ck_assert_uint_eq(encode(t, "The cat sat on the mat.", ids, 16), 7);
    int32_t want[] = {2, 3, 8, 1, 2, 1, 6}; /* on, mat: <unk> */
    ck_assert_mem_eq(ids, want, sizeof want);
    char *s;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(tok_decode(t, ids, 7, &s, &n, &e), AL_OK);
    ck_assert_str_eq(s, "the cat sat <unk> the <unk>.");
    free(s);
    tok_free(t);
}
END_TEST

START_TEST(test_word_case_and_apostrophe)
{
    struct tokenizer *t = train(TOK_WORD, "Don't stop, don't.", NULL);
    /* without lowercasing "Don't" and "don't" differ; the apostrophe stays inside */
    int32_t ids[8];
    ck_assert_uint_eq(encode(t, "Don't don't", ids, 8), 2);
    ck_assert_int_ne(ids[0], ids[1]);
    ck_assert_int_ne(ids[0], tok_unk_id(t));
    tok_free(t);
}
END_TEST

START_TEST(test_word_stopwords_english)
{
    struct tok_options o;
    tok_options_default(&o);
    o.stopwords = TOK_STOP_ENGLISH;
    struct tokenizer *t = train(TOK_WORD, CATS, &o);
    /* "The" and "the" are dropped whatever their case: cat 2, then ! , . dog sat */
    ck_assert_int_eq(tok_vocab_size(t), 8);
    assert_piece(t, 2, "cat");
    struct tok_span *sp;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(tok_explain(t, "The cat", 7, &sp, &n, &e), AL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(sp[0].id, TOK_DROPPED);
    ck_assert_uint_eq(sp[0].len, 3);
    ck_assert_int_eq(sp[1].id, 2);
    ck_assert_uint_eq(sp[1].start, 4);
    free(sp);
    int32_t ids[4];
    ck_assert_uint_eq(encode(t, "the cat", ids, 4), 1); /* dropped pieces yield no id */
    tok_free(t);
}
END_TEST

START_TEST(test_word_stopwords_file)
{
    struct tok_options o;
    tok_options_default(&o);
    o.stopwords = TOK_STOP_FILE;
    o.stopwords_path = srcpath("tests/data/stopwords.txt"); /* cat, DOG, mat */
    struct tokenizer *t = train(TOK_WORD, "the cat and the Dog", &o);
    /* the 2, and 1: <pad> <unk> the and */
    ck_assert_int_eq(tok_vocab_size(t), 4);
    assert_piece(t, 2, "the");
    assert_piece(t, 3, "and");
    ck_assert_ptr_null(tok_get_options(t)->stopwords_path);
    tok_free(t);
}
END_TEST

START_TEST(test_word_min_freq)
{
    struct tok_options o;
    tok_options_default(&o);
    o.lowercase = 1;
    o.min_freq = 2;
    struct tokenizer *t = train(TOK_WORD, CATS, &o);
    /* only the (3) and cat (2) stay; <unk> takes ! , . dog sat: 5 */
    ck_assert_int_eq(tok_vocab_size(t), 4);
    ck_assert_int_eq(tok_freq(t, 1), 5);
    int32_t ids[4];
    ck_assert_uint_eq(encode(t, "the bird", ids, 4), 2);
    ck_assert_int_eq(ids[0], 2);
    ck_assert_int_eq(ids[1], 1);
    tok_free(t);
}
END_TEST

START_TEST(test_word_max_vocab)
{
    struct tok_options o;
    tok_options_default(&o);
    o.lowercase = 1;
    o.max_vocab = 3;
    struct tokenizer *t = train(TOK_WORD, CATS, &o);
    /* <pad> <unk> the; <unk> holds cat 2 + five singletons = 7 */
    ck_assert_int_eq(tok_vocab_size(t), 3);
    assert_piece(t, 2, "the");
    ck_assert_int_eq(tok_freq(t, 1), 7);
    tok_free(t);
}
END_TEST

START_TEST(test_word_chinese_fallback)
{
    struct tokenizer *t = train(TOK_WORD, "我爱你。\n你爱我。", NULL);
    /* each ideograph and each 。 is a token: 我 2, 爱 2, 你 2, 。 2 */
    ck_assert_int_eq(tok_vocab_size(t), 6);
    ck_assert_ptr_nonnull(strstr(tok_note(t), "Chinese"));
    int32_t ids[8];
    ck_assert_uint_eq(encode(t, "我爱你。", ids, 8), 4);
    char *s;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(tok_decode(t, ids, 4, &s, &n, &e), AL_OK);
    ck_assert_str_eq(s, "我爱你。"); /* no spaces put between Chinese characters */
    free(s);
    tok_free(t);
    /* a text with no spaces at all falls back to characters and says so */
    t = train(TOK_WORD, "abcab", NULL);
    ck_assert_int_eq(tok_vocab_size(t), 5); /* <pad> <unk> a b c */
    ck_assert_ptr_nonnull(strstr(tok_note(t), "falls back"));
    tok_free(t);
    /* mixed text keeps English words whole */
    t = train(TOK_WORD, "attention 注意力 works", NULL);
    ck_assert_uint_eq(encode(t, "attention 注意力", ids, 8), 4);
    assert_piece(t, ids[0], "attention");
    assert_piece(t, ids[1], "注");
    tok_free(t);
}
END_TEST

START_TEST(test_word_invalid_utf8)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct tokenizer *t = NULL;
    struct al_error e;
    ck_assert_int_eq(tok_train(&o, "ab \xFF", 4, &t, &e), AL_EUTF8);
    ck_assert_int_eq(e.offset, 3);
    ck_assert_ptr_null(t);
}
END_TEST

/* ---- BPE ---- */

START_TEST(test_bpe_merges_by_hand)
{
    struct tok_options o;
    tok_options_default(&o);
    o.merges = 5;
    struct tokenizer *t = train(TOK_BPE, "abababab", &o);
    /* (a,b) x4 -> 256 "ab"; then (256,256) x3 -> 257 "abab"; then (257,257) once: stop */
    ck_assert_int_eq(tok_merges(t), 2);
    ck_assert_int_eq(tok_vocab_size(t), 258);
    assert_piece(t, 256, "ab");
    assert_piece(t, 257, "abab");
    ck_assert_int_eq(tok_freq(t, 257), 2);
    ck_assert_int_eq(tok_freq(t, 'a'), 0);
    ck_assert_ptr_nonnull(strstr(tok_note(t), "stopped after 2 of 5"));
    int32_t ids[8];
    ck_assert_uint_eq(encode(t, "ababab", ids, 8), 2);
    ck_assert_int_eq(ids[0], 257);
    ck_assert_int_eq(ids[1], 256);
    tok_free(t);
}
END_TEST

/* Ties: tok_bpe.c merges the most frequent pair, and among equally frequent pairs the
 * lowest (first id, then second id). Each chunk below makes its pairs alone:
 *   "zyzyzy": zy x3, yz x2      "azaz": az x2, za x1
 *   "baba":   ba x2, ab x1      "acac": ac x2, ca x1
 * so zy (count 3) goes first although its ids are the highest; then the pairs of count 2
 * in order: ac before az (same first id, c < z), az before ba (a < b, although ba's second
 * id is the lower), ba; yz is gone (zyzyzy is now three "zy"), and (256,256)
 * "zyzy" comes last (count 2, but a new id is higher than every byte). */
START_TEST(test_bpe_tie_break)
{
    struct tok_options o;
    tok_options_default(&o);
    o.merges = 50;
    struct tokenizer *t = train(TOK_BPE, "zyzyzy\nazaz\nbaba\nacac", &o);
    ck_assert_int_eq(tok_merges(t), 5);
    assert_piece(t, 256, "zy");
    assert_piece(t, 257, "ac");
    assert_piece(t, 258, "az");
    assert_piece(t, 259, "ba");
    assert_piece(t, 260, "zyzy");
    tok_free(t);
}
END_TEST

START_TEST(test_bpe_words_stay_apart)
{
    struct tok_options o;
    tok_options_default(&o);
    o.merges = 50;
    struct tokenizer *t = train(TOK_BPE, "the cat the cat the cat", &o);
    /* chunks: "the" " cat" " the" " cat" ...: no token spans a word boundary */
    struct tok_span *sp;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(tok_explain(t, "the cat", 7, &sp, &n, &e), AL_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(sp[0].len, 3);
    ck_assert_uint_eq(sp[1].start, 3);
    ck_assert_uint_eq(sp[1].len, 4);
    assert_piece(t, sp[1].id, " cat");
    free(sp);
    tok_free(t);
}
END_TEST

static void assert_round_trip(const struct tokenizer *t, const char *s, size_t n)
{
    int32_t *ids;
    size_t m, back_len;
    char *back;
    struct al_error e;
    ck_assert_int_eq(tok_encode(t, s, n, &ids, &m, &e), AL_OK);
    ck_assert_int_eq(tok_decode(t, ids, m, &back, &back_len, &e), AL_OK);
    ck_assert_uint_eq(back_len, n);
    if (n)
        ck_assert_mem_eq(back, s, n);
    free(ids);
    free(back);
}

START_TEST(test_bpe_round_trip_random_bytes)
{
    const char *train_text = "The quick brown fox jumps over the lazy dog. 快速的棕色狐狸 "
                             "jumps again; the dog sleeps.\n\tThe end, 12345 67890!  ";
    struct tok_options o;
    tok_options_default(&o);
    o.merges = 40;
    struct tokenizer *t = train(TOK_BPE, train_text, &o);
    ck_assert_int_gt(tok_merges(t), 10);
    struct rng r;
    rng_seed(&r, 1234);
    char buf[300];
    for (int trial = 0; trial < 500; trial++) {
        size_t n = rng_below(&r, sizeof buf);
        for (size_t i = 0; i < n; i++) /* every other trial from the training alphabet */
            buf[i] = trial % 2 ? (char)rng_below(&r, 256)
                               : train_text[rng_below(&r, (uint32_t)strlen(train_text))];
        assert_round_trip(t, buf, n);
    }
    assert_round_trip(t, "", 0);
    assert_round_trip(t, train_text, strlen(train_text));
    /* a long run with no space or punctuation is cut into chunks at character boundaries */
    static char longrun[3 * 1000 + 1];
    for (int i = 0; i < 1000; i++)
        memcpy(longrun + 3 * i, i % 2 ? "\xE7\x8B\x90" : "\xE7\x8B\xB8", 3); /* 狐 狸 */
    assert_round_trip(t, longrun, sizeof longrun - 1);
    tok_free(t);
}
END_TEST

/* ---- escaping and serialisation ---- */

START_TEST(test_escape)
{
    char out[64];
    size_t n = tok_escape("a\nb\t\\\xFF中", 9, out, sizeof out);
    ck_assert_str_eq(out, "a\\nb\\t\\\\\\xFF中");
    ck_assert_uint_eq(n, strlen(out));
    char small[4];
    ck_assert_uint_eq(tok_escape("\n\n\n", 3, small, sizeof small), 6);
    ck_assert_str_eq(small, "\\n\\");
}
END_TEST

static void assert_same(const struct tokenizer *a, const struct tokenizer *b, const char *text)
{
    ck_assert_int_eq(tok_kind(a), tok_kind(b));
    ck_assert_int_eq(tok_vocab_size(a), tok_vocab_size(b));
    for (int32_t i = 0; i < tok_vocab_size(a); i++) {
        size_t la, lb;
        const char *pa = tok_piece(a, i, &la), *pb = tok_piece(b, i, &lb);
        ck_assert_uint_eq(la, lb);
        ck_assert_mem_eq(pa, pb, la);
        ck_assert_int_eq(tok_freq(a, i), tok_freq(b, i));
    }
    ck_assert_str_eq(tok_note(a), tok_note(b));
    ck_assert_int_eq(tok_pad_id(a), tok_pad_id(b));
    int32_t ia[64], ib[64];
    size_t na = encode(a, text, ia, 64), nb = encode(b, text, ib, 64);
    ck_assert_uint_eq(na, nb);
    ck_assert_mem_eq(ia, ib, na * sizeof *ia);
}

static void serial_round_trip(struct tokenizer *t, const char *text)
{
    unsigned char *buf;
    size_t len;
    struct al_error e;
    ck_assert_int_eq(tok_serialize(t, &buf, &len, &e), AL_OK);
    struct tokenizer *back = NULL;
    ck_assert_msg(tok_deserialize(buf, len, &back, &e) == AL_OK, "%s", e.msg);
    assert_same(t, back, text);
    tok_free(back);
    for (size_t cut = 0; cut < len; cut++) { /* every truncation is refused */
        back = NULL;
        ck_assert_int_eq(tok_deserialize(buf, cut, &back, &e), AL_EFORMAT);
        ck_assert_ptr_null(back);
    }
    for (size_t at = 0; at < len; at++) { /* a damaged byte is refused or harmless */
        buf[at] ^= 0x55;
        back = NULL;
        if (tok_deserialize(buf, len, &back, &e) == AL_OK) {
            int32_t *ids;
            size_t n;
            if (tok_encode(back, text, strlen(text), &ids, &n, &e) == AL_OK)
                free(ids);
            tok_free(back);
        }
        buf[at] ^= 0x55;
    }
    buf[0] = 'X';
    ck_assert_int_eq(tok_deserialize(buf, len, &back, &e), AL_EFORMAT);
    free(buf);
    tok_free(t);
}

START_TEST(test_serialize_round_trips)
{
    serial_round_trip(train(TOK_CHAR, "我爱你 hello\n", NULL), "你 hello");
    struct tok_options o;
    tok_options_default(&o);
    o.lowercase = 1;
    o.min_freq = 2;
    o.stopwords = TOK_STOP_ENGLISH;
    serial_round_trip(train(TOK_WORD, "A cat and a cat, 我爱你我。 A dog.", &o), "the cat 我, dog");
    tok_options_default(&o);
    o.merges = 30;
    serial_round_trip(train(TOK_BPE, "low lower lowest newer newest wider", &o),
                      "lowest \xFF newer");
}
END_TEST

/* ---- corpora, batches, epochs ---- */

START_TEST(test_corpus_split)
{
    struct corpus_options o;
    corpus_options_default(&o);
    struct corpus *c;
    struct al_error e;
    ck_assert_int_eq(corpus_from_bytes("abcdefghij", 10, &o, &c, &e), AL_OK);
    ck_assert_uint_eq(c->ntokens, 10);
    size_t nt, nv;
    const int32_t *tr = corpus_train(c, &nt), *va = corpus_val(c, &nv);
    ck_assert_uint_eq(nt, 9); /* the first 90% */
    ck_assert_uint_eq(nv, 1);
    ck_assert_int_eq(tr[0], 0);
    ck_assert_int_eq(va[0], 9); /* 'j' */
    corpus_free(c);
}
END_TEST

START_TEST(test_corpus_load_file)
{
    struct corpus_options o;
    corpus_options_default(&o);
    o.split = 0.5;
    struct corpus *c;
    struct al_error e;
    const char raw[] = "\xEF\xBB\xBFhi\r\nho\r\n";
    ck_assert_int_eq(corpus_load(write_tmp(raw, sizeof raw - 1), &o, &c, &e), AL_OK);
    unlink(tmp_path);
    ck_assert_str_eq(c->text.bytes, "hi\nho\n");
    ck_assert_uint_eq(c->ntokens, 6);
    ck_assert_uint_eq(c->ntrain, 3);
    ck_assert_int_eq(tok_vocab_size(c->tok), 4); /* \n h i o */
    corpus_free(c);
}
END_TEST

START_TEST(test_batch_sample)
{
    int32_t tokens[100];
    for (int i = 0; i < 100; i++)
        tokens[i] = i;
    int32_t x[4 * 8], y[4 * 8], x2[4 * 8], y2[4 * 8];
    struct rng r;
    struct al_error e;
    rng_seed(&r, 5);
    ck_assert_int_eq(batch_sample(tokens, 100, 4, 8, &r, x, y, &e), AL_OK);
    for (int b = 0; b < 4; b++) {
        ck_assert_int_le(x[b * 8], 91); /* the last start whose target fits: 100 - 8 - 1 */
        for (int t = 0; t < 8; t++) {
            ck_assert_int_eq(x[b * 8 + t], x[b * 8] + t);
            ck_assert_int_eq(y[b * 8 + t], x[b * 8 + t] + 1);
        }
    }
    rng_seed(&r, 5);
    batch_sample(tokens, 100, 4, 8, &r, x2, y2, &e);
    ck_assert_mem_eq(x, x2, sizeof x); /* same seed, same batch */
    /* the only window of 9 tokens with T = 8 starts at 0 */
    ck_assert_int_eq(batch_sample(tokens, 9, 1, 8, &r, x, y, &e), AL_OK);
    ck_assert_int_eq(x[0], 0);
    ck_assert_int_eq(y[7], 8);
    ck_assert_int_eq(batch_sample(tokens, 8, 1, 8, &r, x, y, &e), AL_EINVAL);
    ck_assert_int_eq(batch_sample(tokens, 100, 0, 8, &r, x, y, &e), AL_EINVAL);
}
END_TEST

START_TEST(test_epoch)
{
    int32_t tokens[25];
    for (int i = 0; i < 25; i++)
        tokens[i] = i;
    struct rng r;
    rng_seed(&r, 9);
    struct epoch ep;
    struct al_error e;
    ck_assert_int_eq(epoch_init(&ep, 25, 4, &r, &e), AL_OK);
    ck_assert_uint_eq(ep.nwin, 6); /* starts 0 4 8 12 16 20; the last needs token 24 */
    int32_t x[8 * 4], y[8 * 4];    /* room for B = 8 rows of T = 4 */
    int seen[6] = {0};
    int rows, total = 0, calls = 0;
    while ((rows = epoch_next(&ep, tokens, 4, x, y)) > 0) {
        ck_assert_int_eq(rows, calls == 0 ? 4 : 2);
        for (int b = 0; b < rows; b++) {
            ck_assert_int_eq(x[b * 4] % 4, 0);
            ck_assert_int_eq(y[b * 4 + 3], x[b * 4] + 4);
            seen[x[b * 4] / 4]++;
        }
        total += rows;
        calls++;
    }
    ck_assert_int_eq(total, 6);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(seen[i], 1);
    epoch_restart(&ep, &r);
    ck_assert_int_eq(epoch_next(&ep, tokens, 8, x, y), 6);
    epoch_free(&ep);
    ck_assert_int_eq(epoch_init(&ep, 4, 4, &r, &e), AL_EINVAL);
}
END_TEST

/* Overlapping windows: starts 0, 3, 6, ..., every start s with s + 4 < 25 exactly once. */
START_TEST(test_epoch_stride)
{
    int32_t tokens[25];
    for (int i = 0; i < 25; i++)
        tokens[i] = i;
    struct rng r;
    rng_seed(&r, 9);
    struct epoch ep;
    struct al_error e;
    ck_assert_uint_eq(epoch_windows(25, 4, 4), 6);
    ck_assert_uint_eq(epoch_windows(25, 4, 1), 21); /* starts 0..20 */
    ck_assert_uint_eq(epoch_windows(4, 4, 1), 0);
    ck_assert_int_eq(epoch_init_strided(&ep, 25, 4, 3, &r, &e), AL_OK);
    ck_assert_uint_eq(ep.nwin, 7); /* 0 3 6 9 12 15 18; 21 would need token 25 */
    int32_t x[7 * 4], y[7 * 4];
    ck_assert_int_eq(epoch_next(&ep, tokens, 7, x, y), 7);
    int seen[7] = {0};
    for (int b = 0; b < 7; b++) {
        ck_assert_int_eq(x[b * 4] % 3, 0);
        ck_assert_int_eq(x[b * 4 + 3], x[b * 4] + 3);
        ck_assert_int_eq(y[b * 4 + 3], x[b * 4] + 4);
        seen[x[b * 4] / 3]++;
    }
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(seen[i], 1);
    ck_assert_int_eq(epoch_next(&ep, tokens, 7, x, y), 0);
    epoch_free(&ep);
    ck_assert_int_eq(epoch_init_strided(&ep, 25, 4, 0, &r, &e), AL_EINVAL);
}
END_TEST

/* ---- labelled sets ---- */

START_TEST(test_labelled_small)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    o.lowercase = 1;
    struct labelled_set *s;
    struct al_error e;
    ck_assert_msg(labelled_load(srcpath("tests/data/small.tsv"), &o, 0, LABELLED_HEADER_AUTO, &s,
                                &e) == AL_OK,
                  "%s", e.msg);
    ck_assert_uint_eq(s->n, 4);
    ck_assert_int_eq(s->nlabels, 3); /* negative neutral positive */
    ck_assert_str_eq(s->label_names[0], "negative");
    ck_assert_str_eq(s->label_names[2], "positive");
    ck_assert_int_eq(labelled_label_index(s, "neutral"), 1);
    ck_assert_int_eq(s->label[0], 2);
    ck_assert_int_eq(s->label[1], 0);
    ck_assert_int_eq(s->line[2], 5); /* the blank line and the comment are skipped */
    /* "a warm and generous film ." is 6 tokens; "it is a film ." is 5 */
    ck_assert_uint_eq(s->len[0], 6);
    size_t rows[2] = {3, 0};
    int32_t x[2 * 7], lens[2], labels[2]; /* room for the longer batch below */
    labelled_batch(s, rows, 2, 5, tok_pad_id(s->tok), x, lens, labels);
    ck_assert_int_eq(lens[0], 5);
    ck_assert_int_eq(lens[1], 5); /* truncated from 6 */
    ck_assert_int_eq(labels[0], 1);
    ck_assert_int_eq(labels[1], 2);
    ck_assert_int_eq(x[5], s->ids[0][0]);
    labelled_batch(s, rows, 2, 7, tok_pad_id(s->tok), x, lens, labels);
    ck_assert_int_eq(lens[0], 5);
    ck_assert_int_eq(x[5], 0); /* padded with <pad> */
    ck_assert_int_eq(x[6], 0);
    size_t order[4];
    struct rng r;
    rng_seed(&r, 3);
    labelled_shuffle(4, order, &r);
    int hit[4] = {0};
    for (int i = 0; i < 4; i++)
        hit[order[i]]++;
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(hit[i], 1);
    labelled_free(s);
}
END_TEST

/* Every bad line says why, with its line; the first in full, the others in a word. */
/* A string literal as bytes and their count (without the literal's own NUL). */
#define BYTES(lit) lit, sizeof(lit) - 1

START_TEST(test_labelled_bad_lines)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct labelled_set *s = NULL;
    struct al_error e;
    static const struct {
        const char *tsv;
        size_t n;
        enum al_status st;
        const char *msg;
    } cases[] = {
        {BYTES("a\tx\nb\n"), AL_EFORMAT,
         "line 2: no TAB between label and text (expected label<TAB>text)"},
        {BYTES("a\tx\tz\n"), AL_EFORMAT,
         "line 1: too many columns: 3, with 2 TABs (expected label<TAB>text)"},
        {BYTES("a\tx\n \ty\n"), AL_EFORMAT,
         "line 2: empty label before the TAB (expected label<TAB>text)"},
        {BYTES("a\t \r\n"), AL_EFORMAT,
         "line 1: empty text after the TAB (expected label<TAB>text)"},
        {BYTES("a\tx\rb\t\xC3\x28\r"), AL_EUTF8,
         "line 2: invalid UTF-8 in the text at column 3 (byte offset 6): byte 0xC3; "
         "replace_invalid=on replaces it"},
        {BYTES("\xEF\xBB\xBF\xC3\xA9t\xC3\xA9\0\tx\n"), AL_EFORMAT,
         "line 1: NUL byte in the label at column 4 (byte offset 8)"},
        {BYTES("no tab\n# fine\n\t\n  \na\tb\tc\n\tx\n"), AL_EFORMAT,
         "line 1: no TAB between label and text (expected label<TAB>text); 3 bad lines in "
         "all, also lines 5 (3 columns), 6 (empty label)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ck_assert_int_eq(
            labelled_from_bytes(cases[i].tsv, cases[i].n, &o, 0, LABELLED_HEADER_AUTO, &s, &e),
            cases[i].st);
        ck_assert_str_eq(e.msg, cases[i].msg);
        ck_assert_ptr_null(s);
    }
    /* the line numbers and offsets agree with the file's own */
    ck_assert_int_eq(
        labelled_from_bytes(BYTES("a\tx\r\nb\tx\0\r\n"), &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.offset, 8);
    /* replace_invalid: the byte becomes U+FFFD and the line is an example */
    ck_assert_int_eq(
        labelled_from_bytes(BYTES("a\tx\nb\ty\xFF\n"), &o, 1, LABELLED_HEADER_AUTO, &s, &e), AL_OK);
    ck_assert_uint_eq(s->n, 2);
    labelled_free(s);
}
END_TEST

/* A header row: found by its names or by its lone label, asked for, or refused. */
START_TEST(test_labelled_header)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct labelled_set *s = NULL;
    struct al_error e;
    const char named[] = "Label\tText\npos\tgood\nneg\tbad\n";
    ck_assert_int_eq(
        labelled_from_bytes(named, sizeof named - 1, &o, 0, LABELLED_HEADER_AUTO, &s, &e), AL_OK);
    ck_assert_uint_eq(s->n, 2);
    ck_assert_int_eq(s->header_why, LABELLED_HEADER_NAMED);
    ck_assert_int_eq(s->header_line, 1);
    ck_assert_str_eq(s->header_label, "Label");
    ck_assert_str_eq(s->header_text, "Text");
    ck_assert_int_eq(s->line[0], 2);
    labelled_free(s);
    ck_assert_int_eq(
        labelled_from_bytes(named, sizeof named - 1, &o, 0, LABELLED_HEADER_OFF, &s, &e), AL_OK);
    ck_assert_uint_eq(s->n, 3);
    ck_assert_int_eq(s->nlabels, 3);
    ck_assert_int_eq(s->header_why, LABELLED_NO_HEADER);
    labelled_free(s);
    /* a lone first label over labels that all repeat, after a comment and a blank line */
    const char lone[] = "# c\n\nkind\tsay\na\tx\nb\ty\na\tz\nb\tw\n";
    ck_assert_int_eq(
        labelled_from_bytes(lone, sizeof lone - 1, &o, 0, LABELLED_HEADER_AUTO, &s, &e), AL_OK);
    ck_assert_int_eq(s->header_why, LABELLED_HEADER_UNIQUE);
    ck_assert_int_eq(s->header_line, 3);
    ck_assert_uint_eq(s->n, 4);
    labelled_free(s);
    /* not a header: the first label repeats, even when it is a column name; one other label
     * left is not enough to tell a header from a rare class */
    const char *plain[] = {"review\tx\nnews\ty\nreview\tz\n", "rare\tx\na\ty\na\tz\n",
                           "a\tx\nb\ty\n"};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(
            labelled_from_bytes(plain[i], strlen(plain[i]), &o, 0, LABELLED_HEADER_AUTO, &s, &e),
            AL_OK);
        ck_assert_int_eq(s->header_why, LABELLED_NO_HEADER);
        ck_assert_int_eq(s->header_line, 0);
        labelled_free(s);
    }
    /* header=on: the first line whatever it holds, even without a TAB; CR line ends */
    ck_assert_int_eq(
        labelled_from_bytes(BYTES("just names\ra\tx\r"), &o, 0, LABELLED_HEADER_ON, &s, &e), AL_OK);
    ck_assert_int_eq(s->header_why, LABELLED_HEADER_ASKED);
    ck_assert_str_eq(s->header_label, "just names");
    ck_assert_str_eq(s->header_text, "");
    ck_assert_uint_eq(s->n, 1);
    labelled_free(s);
    /* ...but not its bytes; and a header alone leaves no examples */
    s = NULL;
    ck_assert_int_eq(labelled_from_bytes(BYTES("a\0\nb\tx\n"), &o, 0, LABELLED_HEADER_ON, &s, &e),
                     AL_EFORMAT);
    ck_assert_int_eq(
        labelled_from_bytes(BYTES("label\ttext\n"), &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_str_eq(e.msg, "no examples under the header row (expected label<TAB>text lines)");
    ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_labelled_malformed)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct labelled_set *s = NULL;
    struct al_error e;
    ck_assert_int_eq(
        labelled_load(srcpath("tests/data/malformed.tsv"), &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(e.line, 2);
    ck_assert_ptr_nonnull(strstr(e.msg, "malformed.tsv:2: no TAB between label and text "
                                        "(expected label<TAB>text); 3 bad lines in all, "
                                        "also lines 3 (empty text), 4 (empty label)"));
    ck_assert_int_eq(
        labelled_from_bytes("\n\n# nothing\n", 12, &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_int_eq(
        labelled_load(srcpath("tests/data/empty.txt"), &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_int_eq(
        labelled_from_bytes("pos\tok\nneg\tno\xFF\n", 15, &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EUTF8);
    ck_assert_int_eq(e.line, 2);
    ck_assert_ptr_null(s);
    /* CRLF endings do not leak into the texts */
    ck_assert_int_eq(
        labelled_from_bytes("pos\tok\r\nneg\tno\r\n", 16, &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_OK);
    ck_assert_uint_eq(s->len[0], 1);
    assert_piece(s->tok, s->ids[1][0], "no");
    labelled_free(s);
}
END_TEST

/* ---- metrics ---- */

START_TEST(test_metrics_by_hand)
{
    /* truth and predictions give rows (truth) [[3,1,0],[1,1,0],[1,0,3]] */
    int32_t truth[] = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
    int32_t pred[] = {0, 1, 0, 1, 0, 2, 2, 0, 2, 0};
    struct confusion c;
    struct al_error e;
    ck_assert_int_eq(confusion_init(&c, 3, &e), AL_OK);
    ck_assert_int_eq(confusion_add_all(&c, truth, pred, 10, &e), AL_OK);
    int64_t want[9] = {3, 1, 0, 1, 1, 0, 1, 0, 3};
    ck_assert_mem_eq(c.m, want, sizeof want);
    ck_assert_double_eq_tol(metric_accuracy(&c), 0.7, 1e-12);
    struct class_metrics m0 = metric_class(&c, 0), m1 = metric_class(&c, 1),
                         m2 = metric_class(&c, 2);
    ck_assert_double_eq_tol(m0.precision, 3.0 / 5, 1e-12); /* column 0 sums to 5 */
    ck_assert_double_eq_tol(m0.recall, 3.0 / 4, 1e-12);
    ck_assert_double_eq_tol(m0.f1, 2.0 / 3, 1e-12); /* 2 * .6 * .75 / 1.35 */
    ck_assert_int_eq(m0.support, 4);
    ck_assert_double_eq_tol(m1.precision, 0.5, 1e-12);
    ck_assert_double_eq_tol(m1.recall, 0.5, 1e-12);
    ck_assert_double_eq_tol(m2.precision, 1.0, 1e-12);
    ck_assert_double_eq_tol(m2.recall, 0.75, 1e-12);
    ck_assert_double_eq_tol(m2.f1, 6.0 / 7, 1e-12);
    ck_assert_double_eq_tol(metric_macro_f1(&c), 85.0 / 126, 1e-12);     /* (2/3+1/2+6/7)/3 */
    ck_assert_double_eq_tol(metric_weighted_f1(&c), 149.0 / 210, 1e-12); /* support 4,2,4 */
    ck_assert_int_eq(confusion_add(&c, 3, 0, &e), AL_EINVAL);
    confusion_reset(&c);
    ck_assert_double_eq(metric_accuracy(&c), 0.0);
    confusion_free(&c);
}
END_TEST

START_TEST(test_metrics_never_predicted_and_perplexity)
{
    struct confusion c;
    struct al_error e;
    confusion_init(&c, 2, &e);
    confusion_add(&c, 0, 0, &e);
    confusion_add(&c, 1, 0, &e);
    struct class_metrics m1 = metric_class(&c, 1);
    ck_assert_double_eq(m1.precision, 0.0); /* never predicted: 0, not NaN */
    ck_assert_double_eq(m1.f1, 0.0);
    ck_assert_double_eq_tol(metric_class(&c, 0).f1, 2.0 / 3, 1e-12); /* p .5, r 1 */
    ck_assert_double_eq_tol(metric_macro_f1(&c), 1.0 / 3, 1e-12);
    confusion_free(&c);
    ck_assert_int_eq(confusion_init(&c, 0, &e), AL_EINVAL);
    ck_assert_double_eq_tol(metric_perplexity(log(65.0)), 65.0, 1e-9);
    ck_assert_double_eq_tol(metric_perplexity(0.0), 1.0, 1e-12);
}
END_TEST

/* ---- the bundled corpora ---- */

START_TEST(test_bundled_corpora_load)
{
    struct corpus_options o;
    corpus_options_default(&o);
    struct corpus *c;
    struct al_error e;
    static const char *const files[] = {
        "corpora/english.txt", "corpora/chinese.txt", "corpora/copy.txt",    "corpora/reverse.txt",
        "corpora/sort.txt",    "corpora/add.txt",     "corpora/brackets.txt"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        ck_assert_msg(corpus_load(srcpath(files[i]), &o, &c, &e) == AL_OK, "%s", e.msg);
        corpus_free(c);
    }
    o.tok.kind = TOK_WORD;
    ck_assert_int_eq(corpus_load(srcpath("corpora/chinese.txt"), &o, &c, &e), AL_OK);
    ck_assert_str_ne(tok_note(c->tok), "");
    corpus_free(c);
    struct labelled_set *s;
    ck_assert_msg(labelled_load(srcpath("corpora/sentiment.tsv"), &o.tok, 0, LABELLED_HEADER_AUTO,
                                &s, &e) == AL_OK,
                  "%s", e.msg);
    ck_assert_int_eq(s->nlabels, 2);
    ck_assert_uint_ge(s->n, 200);
    labelled_free(s);
}
END_TEST

static Suite *data_suite(void)
{
    Suite *s = suite_create("data");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, test_utf8_decode);
    tcase_add_test(tc, test_text_bom_crlf);
    tcase_add_test(tc, test_text_invalid_utf8);
    tcase_add_test(tc, test_text_bad_files);
    tcase_add_test(tc, test_corpus_bad_files_leave_nothing);
    suite_add_tcase(s, tc);
    tc = tcase_create("tokenizers");
    tcase_add_test(tc, test_char_chinese);
    tcase_add_test(tc, test_char_ascii_order_and_freq);
    tcase_add_test(tc, test_word_basic);
    tcase_add_test(tc, test_word_case_and_apostrophe);
    tcase_add_test(tc, test_word_stopwords_english);
    tcase_add_test(tc, test_word_stopwords_file);
    tcase_add_test(tc, test_word_min_freq);
    tcase_add_test(tc, test_word_max_vocab);
    tcase_add_test(tc, test_word_chinese_fallback);
    tcase_add_test(tc, test_word_invalid_utf8);
    tcase_add_test(tc, test_bpe_merges_by_hand);
    tcase_add_test(tc, test_bpe_tie_break);
    tcase_add_test(tc, test_bpe_words_stay_apart);
    tcase_add_test(tc, test_bpe_round_trip_random_bytes);
    tcase_add_test(tc, test_escape);
    tcase_add_test(tc, test_serialize_round_trips);
    suite_add_tcase(s, tc);
    tc = tcase_create("datasets");
    tcase_add_test(tc, test_corpus_split);
    tcase_add_test(tc, test_corpus_load_file);
    tcase_add_test(tc, test_batch_sample);
    tcase_add_test(tc, test_epoch);
    tcase_add_test(tc, test_epoch_stride);
    tcase_add_test(tc, test_labelled_small);
    tcase_add_test(tc, test_labelled_malformed);
    tcase_add_test(tc, test_labelled_bad_lines);
    tcase_add_test(tc, test_labelled_header);
    suite_add_tcase(s, tc);
    tc = tcase_create("metrics");
    tcase_add_test(tc, test_metrics_by_hand);
    tcase_add_test(tc, test_metrics_never_predicted_and_perplexity);
    suite_add_tcase(s, tc);
    tc = tcase_create("corpora");
    tcase_add_test(tc, test_bundled_corpora_load);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){data_suite, NULL});
}
