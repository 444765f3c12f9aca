/* check_reliability.c: regression tests for the defects a fuzzing and bad-input review
 * found: NUL bytes, a text of no tokens, endless files, memory limits, many labels, stop-word
 * files, line ends, long paths, and the binary reader's limits. The command-level side (messages,
 * exit statuses, write errors) is tests/bad-files.sh. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/memory.h"
#include "core/rng.h"
#include "data/corpus.h"
#include "data/labelled.h"
#include "data/text.h"
#include "nn/model.h"
#include "nn/optim.h"

static char folder[64];

static const char *in_folder(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    return path;
}

static const char *put(const char *name, const char *bytes, size_t n)
{
    const char *path = in_folder(name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

static void setup(void)
{
    strcpy(folder, "/tmp/check_reliability.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(folder));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", folder);
    ck_assert_int_eq(system(cmd), 0);
}

/* Defect 1: a NUL byte in a label gave label -1 and an out-of-bounds read in `data sample`. */
START_TEST(nul_byte_in_tsv_is_refused)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct labelled_set *s = NULL;
    struct al_error e;
    ck_assert_int_eq(
        labelled_from_bytes("pos\tfine\na\0\tx\n", 14, &o, 0, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(e.msg, "line 2: NUL byte in the label at column 2 (byte offset 10)");
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(
        labelled_load(put("n.tsv", "a\0\tx\n", 5), &o, 1, LABELLED_HEADER_AUTO, &s, &e),
        AL_EFORMAT);
    ck_assert_ptr_nonnull(
        strstr(e.msg, "n.tsv:1: NUL byte in the label at column 2 (byte offset 1)"));
}
END_TEST

/* Defect 1, the other half: every example's label is a valid index into the names. */
START_TEST(every_label_index_is_valid)
{
    struct tok_options o;
    tok_options_default(&o);
    struct labelled_set *s = NULL;
    const char tsv[] = "b\tx\na\ty\nab\tz\nb\tw\n";
    ck_assert_int_eq(
        labelled_from_bytes(tsv, sizeof tsv - 1, &o, 0, LABELLED_HEADER_AUTO, &s, NULL), AL_OK);
    ck_assert_int_eq(s->nlabels, 3);
    const char *want[] = {"b", "a", "ab", "b"};
    for (size_t i = 0; i < s->n; i++) {
        ck_assert_int_ge(s->label[i], 0);
        ck_assert_str_eq(s->label_names[s->label[i]], want[i]);
    }
    ck_assert_int_eq(labelled_label_index(s, "ab"), 1);
    ck_assert_int_eq(labelled_label_index(s, "c"), -1);
    labelled_free(s);
}
END_TEST

/* Defect 2: no tokens (blank text, stop words only) is an error and leaks nothing (the leak
 * itself shows under make check with --enable-sanitizers and make check-valgrind). */
START_TEST(text_of_no_tokens)
{
    struct corpus_options o;
    corpus_options_default(&o);
    o.tok.kind = TOK_WORD;
    struct corpus *c = NULL;
    struct al_error e;
    ck_assert_int_eq(corpus_from_bytes(" \n", 2, &o, &c, &e), AL_EFORMAT);
    ck_assert_str_eq(e.msg, "the text yields no tokens");
    o.tok.stopwords = TOK_STOP_ENGLISH;
    ck_assert_int_eq(corpus_from_bytes("the and of\n", 11, &o, &c, &e), AL_EFORMAT);
    ck_assert_ptr_null(c);
}
END_TEST

static int polls;
static int stop_at_once(void *ctx)
{
    (void)ctx;
    polls++;
    return 1;
}

/* Defect 3: devices, FIFOs and folders are refused at once (a FIFO without a writer must
 * not block), and a long read asks its interrupt. */
START_TEST(endless_and_odd_files)
{
    char *b;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(text_read_file("/dev/zero", &b, &n, &e), AL_EIO);
    ck_assert_str_eq(e.msg, "/dev/zero is a device, not a regular file");
    ck_assert_int_eq(mkfifo(in_folder("fifo"), 0600), 0);
    ck_assert_int_eq(text_read_file(in_folder("fifo"), &b, &n, &e), AL_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "fifo is a FIFO (named pipe), not a regular file"));
    ck_assert_int_eq(text_read_file(folder, &b, &n, &e), AL_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "is a folder, not a file"));
    struct al_interrupt intr = {stop_at_once, NULL};
    polls = 0;
    ck_assert_int_eq(text_read_file_polled(put("t.txt", "abc\n", 4), &intr, &b, &n, &e), AL_ESTATE);
    ck_assert_int_eq(polls, 1);
    ck_assert_ptr_nonnull(strstr(e.msg, "interrupted while reading"));
    /* A script may come from a pipe, but not from a device. */
    ck_assert_int_eq(text_read_stream("/dev/zero", 1 << 20, NULL, &b, &n, &e), AL_EIO);
}
END_TEST

/* Defect 3: a file over the limit is refused from its size, before reading. */
START_TEST(file_over_the_limit)
{
    const char *path = in_folder("big.txt");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)TEXT_MAX_BYTES + 1), 0); /* sparse: no disk used */
    close(fd);
    char *b;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(text_read_file(path, &b, &n, &e), AL_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "is larger than 256 MB, the largest file attnlab reads"));
}
END_TEST

/* Defect 4: a model over the memory limit is refused before its arena exists. */
START_TEST(compile_refuses_over_the_limit)
{
    struct model *m = model_new(50, 16);
    ck_assert_ptr_nonnull(m);
    struct layer_config emb = {.kind = LAYER_EMBEDDING, .units = 64};
    struct layer_config out = {.kind = LAYER_OUTPUT};
    ck_assert_int_eq(model_add(m, &emb, NULL), AL_OK);
    ck_assert_int_eq(model_add(m, &out, NULL), AL_OK);
    struct optim_config o;
    optim_config_default(&o, OPTIM_ADAMW);
    struct rng r;
    rng_seed(&r, 1);
    struct al_error e;
    ck_assert_int_eq(model_compile_within(m, &o, 8, 1000, &r, &e), AL_ENOMEM);
    ck_assert_ptr_nonnull(strstr(e.msg, "more than the memory limit of 1000 bytes"));
    ck_assert_int_eq(m->compiled, 0);
    ck_assert_ptr_null(m->arena.base);
    ck_assert_int_eq(model_compile_within(m, &o, 8, (size_t)64 << 20, &r, &e), AL_OK);
    ck_assert_int_eq(m->compiled, 1);
    model_free(m);
}
END_TEST

START_TEST(memory_figures)
{
    size_t b;
    ck_assert_int_eq(memory_parse("512M", &b), 0);
    ck_assert_uint_eq(b, (size_t)512 << 20);
    ck_assert_int_eq(memory_parse("1.5GB", &b), 0);
    ck_assert_uint_eq(b, (size_t)3 << 29);
    ck_assert_int_eq(memory_parse("12x", &b), -1);
    ck_assert_int_eq(memory_parse("-1", &b), -1);
    char s[32];
    memory_format((size_t)3 << 29, s, sizeof s);
    ck_assert_str_eq(s, "1.5 GB");
    /* Linux always has /proc/meminfo: something is measured, and the default is a share. */
    ck_assert_uint_gt(memory_available(), 0);
    ck_assert_uint_lt(memory_default_limit(), memory_available());
}
END_TEST

/* Defect 7: 100k labels took 31 s (a linear search each); now a hash map, and more than
 * LABELLED_MAX_CLASSES is refused at load. */
START_TEST(many_labels)
{
    size_t cap = 3000000, w = 0;
    char *tsv = malloc(cap);
    ck_assert_ptr_nonnull(tsv);
    for (int i = 0; i < 100000; i++)
        w += (size_t)snprintf(tsv + w, cap - w, "l%d\ttext %d\n", i, i % 7);
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct labelled_set *s = NULL;
    struct al_error e;
    clock_t t0 = clock();
    ck_assert_int_eq(labelled_from_bytes(tsv, w, &o, 0, LABELLED_HEADER_AUTO, &s, &e), AL_EFORMAT);
    ck_assert_double_lt((double)(clock() - t0) / CLOCKS_PER_SEC, 3.0);
    ck_assert_str_eq(e.msg, "100000 different labels: attnlab classifies at most 1000 classes "
                            "(is the label the first column?)");
    w = 0;
    for (int i = 0; i < 20000; i++) /* exactly the limit is fine */
        w += (size_t)snprintf(tsv + w, cap - w, "l%d\ttext\n", i % LABELLED_MAX_CLASSES);
    ck_assert_int_eq(labelled_from_bytes(tsv, w, &o, 0, LABELLED_HEADER_AUTO, &s, &e), AL_OK);
    ck_assert_int_eq(s->nlabels, LABELLED_MAX_CLASSES);
    labelled_free(s);
    free(tsv);
}
END_TEST

/* Defect 8: CR-only line ends are line ends; a stop-word file with invalid UTF-8 is refused;
 * a long path is cut in the middle, so the reason stays in the message. */
START_TEST(line_ends_stopwords_paths)
{
    struct tok_options o;
    tok_options_default(&o);
    o.kind = TOK_WORD;
    struct labelled_set *s = NULL;
    ck_assert_int_eq(
        labelled_from_bytes("pos\thi\rneg\tbad\r", 15, &o, 0, LABELLED_HEADER_AUTO, &s, NULL),
        AL_OK);
    ck_assert_int_eq(s->nlabels, 2);
    ck_assert_int_eq(s->n, 2);
    labelled_free(s);
    o.stopwords = TOK_STOP_FILE;
    o.stopwords_path = put("sw.txt", "caf\xe9\n", 5);
    struct tokenizer *t = NULL;
    struct al_error e;
    ck_assert_int_eq(tok_train(&o, "hello world\n", 12, &t, &e), AL_EUTF8);
    ck_assert_ptr_nonnull(strstr(e.msg, "sw.txt: invalid UTF-8 at line 1, column 4"));
    char path[400];
    memset(path, 'd', sizeof path);
    memcpy(path, "/nowhere/", 9);
    strcpy(path + 350, "/the-file.txt");
    char *b;
    size_t n;
    ck_assert_int_eq(text_read_file(path, &b, &n, &e), AL_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "the-file.txt: No such file or directory"));
    ck_assert_ptr_nonnull(strstr(e.msg, "..."));
}
END_TEST

/* The reader of binary files (checkpoints, safetensors): a limit of its own, regular files
 * only, and no text checks (a NUL byte and invalid UTF-8 are data here). */
START_TEST(binary_reader)
{
    const char *path = put("m.bin", "\0\xff\xfe\n\0", 5);
    char *b;
    size_t n;
    struct al_error e;
    ck_assert_int_eq(text_read_bytes(path, 5, NULL, &b, &n, &e), AL_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(memcmp(b, "\0\xff\xfe\n\0", 5), 0);
    free(b);
    ck_assert_int_eq(text_read_bytes(path, 4, NULL, &b, &n, &e), AL_EFORMAT);
    ck_assert_int_eq(text_read_bytes(folder, 100, NULL, &b, &n, &e), AL_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "is a folder, not a file"));
}
END_TEST

static Suite *reliability_suite(void)
{
    Suite *s = suite_create("reliability");
    TCase *tc = tcase_create("defects");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, nul_byte_in_tsv_is_refused);
    tcase_add_test(tc, every_label_index_is_valid);
    tcase_add_test(tc, text_of_no_tokens);
    tcase_add_test(tc, endless_and_odd_files);
    tcase_add_test(tc, file_over_the_limit);
    tcase_add_test(tc, compile_refuses_over_the_limit);
    tcase_add_test(tc, memory_figures);
    tcase_add_test(tc, many_labels);
    tcase_add_test(tc, line_ends_stopwords_paths);
    tcase_add_test(tc, binary_reader);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(reliability_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
