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

enum al_status transcript_write_lab(const struct nb_cells *c, int with_pending, FILE *f,
                                    struct al_error *err)
{
    for (int i = 0; i < c->n; i++)
        if (cell_written(&c->cells[i], with_pending))
            fprintf(f, "%s\n", c->cells[i].text);
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

static void fenced(FILE *f, const char *info, const char *body)
{
    int n = longest_backticks(body) + 1;
    if (n < 3)
        n = 3;
    for (int i = 0; i < n; i++)
        fputc('`', f);
    fprintf(f, "%s\n%s", info, body);
    size_t len = strlen(body);
    if (len == 0 || body[len - 1] != '\n')
        fputc('\n', f);
    for (int i = 0; i < n; i++)
        fputc('`', f);
    fputs("\n\n", f);
}

static enum al_status write_block(const struct nb_block *b, FILE *f)
{
    switch (b->kind) {
    case BLOCK_TEXT: fenced(f, "", b->text ? b->text : ""); break;
    case BLOCK_ERROR: fenced(f, "text", b->text ? b->text : ""); break;
    case BLOCK_PROGRESS: fprintf(f, "*%s*\n\n", b->text ? b->text : ""); break;
    case BLOCK_CANVAS: {
        char *drawing = b->canvas ? canvas_render(b->canvas, 0) : NULL;
        if (b->canvas && !drawing)
            return AL_ENOMEM;
        if (b->text)
            fprintf(f, "**%s**\n\n", b->text);
        if (drawing)
            fenced(f, "", drawing);
        free(drawing);
        break;
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
        fprintf(f, "In [%d]:\n\n", cell->number);
        fenced(f, "attnlab", cell->text);
        if (cell->state == NB_CELL_FAILED)
            fputs("Error:\n\n", f);
        for (int j = 0; j < cell->nblocks; j++)
            if (write_block(&cell->blocks[j], f))
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
    enum al_status st = markdown ? transcript_write_markdown(c, f, err)
                                 : transcript_write_lab(c, 1, f, err);
    if (fclose(f) != 0 && st == AL_OK)
        st = al_fail(err, AL_ENOMEM, "out of memory while exporting");
    if (st == AL_OK)
        st = atomic_write_file(path, buf, len, err);
    free(buf);
    return st;
}
