/* testlib.h: what the Check suites share: finding files in the source tree, golden files
 * with one update switch, a sink that captures a session's output, and one main. */
#ifndef ATTNLAB_TESTS_TESTLIB_H
#define ATTNLAB_TESTS_TESTLIB_H

#include <check.h>

#include "core/strbuf.h"
#include "lab/output.h"

/* ---- the source tree ---- */

/* $top_srcdir/rel (top_srcdir as make check sets it; "." when unset). The result lives in a
 * static buffer that the next call reuses: copy it to keep two at once. */
const char *srcpath(const char *rel);

/* ---- golden files ---- */

/* 1 when ATTNLAB_UPDATE=1: golden files (and script outputs) are rewritten, not compared. */
int golden_updating(void);
/* Compares got with the file rel (under top_srcdir) byte for byte and fails the test when
 * they differ or the file is missing; with ATTNLAB_UPDATE=1 writes got to it instead. */
void golden_check(const char *rel, const char *got);
/* The whole file at path in a new NUL-terminated string (the caller frees); NULL when it
 * cannot be read. */
char *slurp(const char *path);

/* ---- the capture sink ---- */

/* Keeps what a session emits: text, progress and canvas titles (each followed by '\n') and
 * canvases (rendered as on a plain terminal without colour) in out, error blocks in err. */
struct capture {
    struct sink sink;
    struct strbuf out, err;
};

void capture_init(struct capture *c);
void capture_free(struct capture *c);
/* What a buffer holds so far ("" when nothing). */
const char *text_of(const struct strbuf *b);

/* ---- main ---- */

typedef Suite *(*suite_fn)(void);

/* Runs every suite of the NULL-terminated list in one runner, with stdout line-buffered so
 * that a forked test's output survives its failure; returns main's exit status. */
int run_suites(const suite_fn *suites);

#endif
