/* notebook_cells.c: the cell list and lesson splitting (see notebook_cells.h). */
#include "ui/notebook_cells.h"

#include <stdlib.h>
#include <string.h>

#include "lab/lab.h"
#include "lang/parser.h"
#include "viz/canvas.h"

void nb_cells_init(struct nb_cells *c)
{
    memset(c, 0, sizeof *c);
    c->next_number = 1;
}

static void block_free(struct nb_block *b)
{
    free(b->text);
    canvas_free(b->canvas);
    for (int i = 0; b->frames && i < b->nframes; i++)
        lab_frame_free(&b->frames[i]);
    free(b->frames);
}

/* Copies of an overview's frames (AL_ENOMEM: none kept). */
static enum al_status copy_frames(struct nb_block *nb, const struct block *b)
{
    if (!b->frames || b->nframes < 1)
        return AL_OK;
    nb->frames = calloc((size_t)b->nframes, sizeof *nb->frames);
    if (!nb->frames)
        return AL_ENOMEM;
    nb->nframes = b->nframes;
    for (int i = 0; i < b->nframes; i++)
        if (lab_frame_copy(&nb->frames[i], &b->frames[i]) != AL_OK)
            return AL_ENOMEM;
    return AL_OK;
}

void nb_cell_clear_blocks(struct nb_cell *cell)
{
    for (int i = 0; i < cell->nblocks; i++)
        block_free(&cell->blocks[i]);
    cell->nblocks = 0;
}

void nb_cells_free(struct nb_cells *c)
{
    for (int i = 0; i < c->n; i++) {
        nb_cell_clear_blocks(&c->cells[i]);
        free(c->cells[i].blocks);
        free(c->cells[i].text);
        free(c->cells[i].origin);
    }
    free(c->cells);
    nb_cells_init(c);
}

static char *dup_text(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = 0;
    }
    return d;
}

int nb_cells_insert(struct nb_cells *c, int at, const char *text, size_t len,
                    enum nb_cell_state state)
{
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    if (c->n == c->cap) {
        int cap = c->cap ? 2 * c->cap : 16;
        struct nb_cell *grown = realloc(c->cells, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        c->cells = grown;
        c->cap = cap;
    }
    char *copy = dup_text(text, len);
    if (!copy)
        return -1;
    if (at < 0 || at > c->n)
        at = c->n;
    memmove(&c->cells[at + 1], &c->cells[at], (size_t)(c->n - at) * sizeof *c->cells);
    memset(&c->cells[at], 0, sizeof *c->cells);
    c->cells[at].text = copy;
    c->cells[at].state = state;
    c->cells[at].id = ++c->last_id;
    c->n++;
    return at;
}

static struct canvas *canvas_copy(const struct canvas *src)
{
    struct canvas *c = canvas_new(canvas_width(src), canvas_height(src));
    if (c)
        canvas_blit(c, 0, 0, src);
    return c;
}

enum al_status nb_cell_add_block(struct nb_cell *cell, const struct block *b)
{
    struct nb_block nb = {b->kind, NULL, NULL, b->done, b->total, NULL, 0};
    if (b->text && !(nb.text = dup_text(b->text, strlen(b->text))))
        return AL_ENOMEM;
    if (b->kind == BLOCK_CANVAS &&
        ((b->canvas && !(nb.canvas = canvas_copy(b->canvas))) || copy_frames(&nb, b) != AL_OK)) {
        block_free(&nb);
        return AL_ENOMEM;
    }
    struct nb_block *last = cell->nblocks ? &cell->blocks[cell->nblocks - 1] : NULL;
    if (last && last->kind == BLOCK_PROGRESS) {
        block_free(last);
        *last = nb;
        return AL_OK;
    }
    if (cell->nblocks == cell->cap_blocks) {
        int cap = cell->cap_blocks ? 2 * cell->cap_blocks : 4;
        struct nb_block *grown = realloc(cell->blocks, (size_t)cap * sizeof *grown);
        if (!grown) {
            block_free(&nb);
            return AL_ENOMEM;
        }
        cell->blocks = grown;
        cell->cap_blocks = cap;
    }
    cell->blocks[cell->nblocks++] = nb;
    return AL_OK;
}

int nb_cell_overview(const struct nb_cell *cell)
{
    for (int j = cell->nblocks - 1; j >= 0; j--)
        if (cell->blocks[j].frames && cell->blocks[j].nframes > 0)
            return j;
    return -1;
}

void nb_cell_finish(struct nb_cell *cell, enum nb_cell_state state)
{
    if (cell->nblocks && cell->blocks[cell->nblocks - 1].kind == BLOCK_PROGRESS)
        block_free(&cell->blocks[--cell->nblocks]);
    cell->state = state;
}

int nb_cells_find(const struct nb_cells *c, int id)
{
    for (int i = 0; i < c->n; i++)
        if (c->cells[i].id == id)
            return i;
    return -1;
}

int nb_cells_next_queued(const struct nb_cells *c)
{
    for (int i = 0; i < c->n; i++)
        if (c->cells[i].state == NB_CELL_QUEUED)
            return i;
    return -1;
}

void nb_cells_remove(struct nb_cells *c, int i)
{
    if (i < 0 || i >= c->n)
        return;
    nb_cell_clear_blocks(&c->cells[i]);
    free(c->cells[i].blocks);
    free(c->cells[i].text);
    free(c->cells[i].origin);
    memmove(&c->cells[i], &c->cells[i + 1], (size_t)(c->n - i - 1) * sizeof *c->cells);
    c->n--;
}

int nb_cells_next_pending(const struct nb_cells *c, int from)
{
    for (int i = from < 0 ? 0 : from; i < c->n; i++)
        if (c->cells[i].state == NB_CELL_PENDING)
            return i;
    return -1;
}

/* 1 when the line holds something other than blanks and a comment. */
static int line_has_code(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '#')
            return 0;
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 1;
    }
    return 0;
}

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* Appends text[start..end) as a lesson cell that starts at line `line` of path. */
static enum al_status add_lesson_cell(struct nb_cells *c, const char *text, size_t start,
                                      size_t end, const char *path, int line)
{
    int i = nb_cells_insert(c, c->n, text + start, end - start, NB_CELL_PENDING);
    if (i < 0)
        return AL_ENOMEM;
    c->cells[i].line = line;
    if (path && !(c->cells[i].origin = dup_text(path, strlen(path))))
        return AL_ENOMEM;
    return AL_OK;
}

enum al_status nb_cells_load_lesson(struct nb_cells *c, const char *text, size_t len,
                                    const char *path)
{
    size_t start = 0, pos = 0;
    int has_code = 0, line = 1, start_line = 1;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        has_code |= line_has_code(text + pos, end - pos);
        pos = end;
        line += nl != NULL;
        if (has_code && !parse_is_incomplete(text + start, pos - start)) {
            if (add_lesson_cell(c, text, start, pos, path, start_line) != AL_OK)
                return AL_ENOMEM;
            start = pos;
            start_line = line;
            has_code = 0;
        }
    }
    /* Trailing comments (or an unfinished model block) become a last cell of their own. */
    if (start < len && !is_blank(text + start, len - start) &&
        add_lesson_cell(c, text, start, len, path, start_line) != AL_OK)
        return AL_ENOMEM;
    return AL_OK;
}
