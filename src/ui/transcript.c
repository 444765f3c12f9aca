/* transcript.c: the .lab and Markdown writers of the notebook (see transcript.h). */
#include "ui/transcript.h"

#include "core/atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/notebook_cells.h"
#include "viz/canvas.h"

static int cell_written(const struct nb_cell *cell, int with_pending)
{
    if (cell->state == NB_CELL_RUNNING)
        return 0;
    if (cell->state == NB_CELL_PENDING || cell->state == NB_CELL_QUEUED)
        return with_pending; /* not run (yet) */
    return 1;
}

/* A failed cell is kept, commented out line by line, so that the saved file replays
 * without stopping at a typo and the learner still sees what was tried. */
static void write_commented(FILE *f, const char *text)
{
    fputs("# failed in the notebook, left out when run:\n", f);
    const char *p = text;
    do {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(f, "# %.*s\n", (int)len, p);
        p = nl ? nl + 1 : NULL;
    } while (p && *p);
}

enum al_status transcript_write_lab(const struct nb_cells *c, int with_pending, FILE *f,
                                    struct al_error *err)
{
    for (int i = 0; i < c->n; i++) {
        if (!cell_written(&c->cells[i], with_pending))
            continue;
        if (c->cells[i].state == NB_CELL_FAILED)
            write_commented(f, c->cells[i].text);
        else
            fprintf(f, "%s\n", c->cells[i].text);
    }
    if (ferror(f))
        return al_fail(err, AL_EIO, "cannot write the notebook: %s", strerror(errno));
    return AL_OK;
}

/* The longest run of backticks in s, so that a fence can be made longer than it. */
static int longest_backticks(const char *s)
{
    int best = 0, run = 0;
    for (; s && *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

static void fence_line(FILE *f, int n, const char *info)
{
    for (int i = 0; i < n; i++)
        fputc('`', f);
    fprintf(f, "%s\n", info);
}

/* body as one fenced block: the fence is longer than any run of backticks inside. */
static void fenced(FILE *f, const char *info, const char *body)
{
    int n = longest_backticks(body) + 1;
    if (n < 3)
        n = 3;
    fence_line(f, n, info);
    fputs(body, f);
    size_t len = strlen(body);
    if (len == 0 || body[len - 1] != '\n')
        fputc('\n', f);
    fence_line(f, n, "");
    fputc('\n', f);
}

/* The text blocks from *j on, up to the next drawing or error, in one string: one output,
 * one fence (a command that prints line by line would otherwise give a fence a line). */
static char *joined_text(const struct nb_cell *cell, int *j)
{
    size_t len = 0;
    int end = *j;
    for (; end < cell->nblocks && cell->blocks[end].kind == BLOCK_TEXT; end++)
        len += (cell->blocks[end].text ? strlen(cell->blocks[end].text) : 0) + 1;
    char *out = malloc(len + 1), *p = out;
    if (!out)
        return NULL;
    for (int k = *j; k < end; k++) {
        const char *t = cell->blocks[k].text ? cell->blocks[k].text : "";
        size_t n = strlen(t);
        memcpy(p, t, n);
        p += n;
        if (n == 0 || t[n - 1] != '\n')
            *p++ = '\n';
    }
    *p = '\0';
    *j = end - 1;
    return out;
}

static enum al_status write_blocks(const struct nb_cell *cell, FILE *f)
{
    for (int j = 0; j < cell->nblocks; j++) {
        const struct nb_block *b = &cell->blocks[j];
        switch (b->kind) {
        case BLOCK_TEXT: {
            char *text = joined_text(cell, &j);
            if (!text)
                return AL_ENOMEM;
            fenced(f, "text", text);
            free(text);
            break;
        }
        case BLOCK_ERROR: /* marked, so the reader sees the cell failed (a fence keeps the
                           * caret under its column) */
            fputs("**Error:**\n\n", f);
            fenced(f, "text", b->text ? b->text : "");
            break;
        case BLOCK_PROGRESS: break; /* a finished cell's progress is in its summary */
        case BLOCK_CANVAS: {
            char *drawing = b->canvas ? canvas_render(b->canvas, 0) : NULL;
            if (b->canvas && !drawing)
                return AL_ENOMEM;
            if (b->text)
                fprintf(f, "**%s**\n\n", b->text);
            if (drawing)
                fenced(f, "text", drawing);
            free(drawing);
            break;
        }
        }
    }
    return AL_OK;
}

enum al_status transcript_write_markdown(const struct nb_cells *c, FILE *f, struct al_error *err)
{
    fputs("# attnlab notebook\n\n", f);
    for (int i = 0; i < c->n; i++) {
        const struct nb_cell *cell = &c->cells[i];
        if (!cell_written(cell, 0))
            continue;
        if (cell->state == NB_CELL_FAILED)
            fprintf(f, "In [%d] (failed):\n\n", cell->number);
        else
            fprintf(f, "In [%d]:\n\n", cell->number);
        fenced(f, "attnlab", cell->text);
        if (write_blocks(cell, f))
            return al_fail(err, AL_ENOMEM, "out of memory while exporting");
        if (cell->state == NB_CELL_INTERRUPTED)
            fputs("*(paused)*\n\n", f);
    }
    if (ferror(f))
        return al_fail(err, AL_EIO, "cannot write the transcript: %s", strerror(errno));
    return AL_OK;
}

enum al_status transcript_save(const struct nb_cells *c, const char *path, int markdown,
                               struct al_error *err)
{
    /* Written to memory first, then saved atomically (a temporary file, fsync, rename; the old
     * file's mode and symlinks are kept), so a failure leaves the old file as it was. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return al_fail(err, AL_ENOMEM, "out of memory while exporting");
    enum al_status st =
        markdown ? transcript_write_markdown(c, f, err) : transcript_write_lab(c, 1, f, err);
    if (fclose(f) != 0 && st == AL_OK)
        st = al_fail(err, AL_ENOMEM, "out of memory while exporting");
    if (st == AL_OK)
        st = atomic_write_file(path, buf, len, err);
    free(buf);
    return st;
}
