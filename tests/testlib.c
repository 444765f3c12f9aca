/* testlib.c: the scaffolding of the Check suites (see testlib.h). */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz/canvas.h"

const char *srcpath(const char *rel)
{
    static char buf[4096];
    const char *top = getenv("top_srcdir");
    snprintf(buf, sizeof buf, "%s/%s", top && *top ? top : ".", rel);
    return buf;
}

int golden_updating(void)
{
    const char *upd = getenv("ATTNLAB_UPDATE");
    return upd && strcmp(upd, "1") == 0;
}

char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n >= 0 && fseek(f, 0, SEEK_SET) == 0)
        s = malloc((size_t)n + 1);
    if (s)
        s[fread(s, 1, (size_t)n, f)] = '\0';
    fclose(f);
    return s;
}

void golden_check(const char *rel, const char *got)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", srcpath(rel));
    if (golden_updating()) {
        FILE *f = fopen(path, "wb");
        ck_assert_msg(f != NULL, "cannot write %s", path);
        fputs(got, f);
        ck_assert_msg(fclose(f) == 0, "cannot write %s", path);
        return;
    }
    char *want = slurp(path);
    ck_assert_msg(want != NULL, "missing golden file %s (ATTNLAB_UPDATE=1 writes it)", path);
    int same = strcmp(got, want) == 0;
    free(want);
    ck_assert_msg(same, "%s differs (ATTNLAB_UPDATE=1 rewrites it); got:\n%s", path, got);
}

static void capture_emit(struct sink *self, const struct block *b)
{
    struct capture *c = self->data;
    struct strbuf *to = b->kind == BLOCK_ERROR ? &c->err : &c->out;
    strbuf_puts(to, b->text ? b->text : "");
    if (b->kind != BLOCK_ERROR)
        strbuf_puts(to, "\n");
    if (b->kind == BLOCK_CANVAS && b->canvas) {
        char *drawing = canvas_render(b->canvas, 0);
        strbuf_puts(to, drawing ? drawing : "(drawing unavailable)");
        strbuf_puts(to, "\n");
        free(drawing);
    }
}

void capture_init(struct capture *c)
{
    memset(c, 0, sizeof *c);
    c->sink.emit = capture_emit;
    c->sink.data = c;
}

void capture_free(struct capture *c)
{
    free(c->out.s);
    free(c->err.s);
    memset(c, 0, sizeof *c);
}

const char *text_of(const struct strbuf *b)
{
    return b->s ? b->s : "";
}

int run_suites(const suite_fn *suites)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    SRunner *sr = srunner_create(NULL);
    for (const suite_fn *f = suites; *f; f++)
        srunner_add_suite(sr, (*f)());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
