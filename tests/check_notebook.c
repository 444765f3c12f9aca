/* check_notebook.c: the notebook's parts that need no terminal: layout arithmetic, the key
 * map, cells and lesson splitting, the .lab and Markdown writers, the history path. (The
 * screen itself is tested in tests/tmux/ with the real binary.) */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "lab/lab.h"
#include "lang/live.h"
#include "lang/session.h"
#include "ui/backend.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/notebook_cells.h"
#include "ui/rl.h"
#include "ui/transcript.h"
#include "viz/canvas.h"

#include "testlib.h"

START_TEST(layout_wide)
{
    struct layout_state st;
    struct layout l;
    layout_state_init(&st);
    layout_compute(&st, 100, 30, 1, &l);
    ck_assert_int_eq(l.too_small, 0);
    /* 40% of 100 columns on the right; 30 rows = 28 body + input + status. */
    ck_assert_int_eq(l.pane[LAYOUT_NOTEBOOK].w, 60);
    ck_assert_int_eq(l.pane[LAYOUT_NOTEBOOK].h, 28);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].x, 60);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 14);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].y, 14);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].h, 14);
    ck_assert_int_eq(l.input.y, 28);
    ck_assert_int_eq(l.status.y, 29);
}
END_TEST

START_TEST(layout_narrow_small_zoom)
{
    struct layout_state st;
    struct layout l;
    layout_state_init(&st);
    /* 60 columns: 24 for the side would leave 36 < 40 for the notebook, so the live panes go
     * below: 40% of 28 rows = 11 rows, side by side 30 + 30. */
    layout_compute(&st, 60, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_NOTEBOOK].w, 60);
    ck_assert_int_eq(l.pane[LAYOUT_NOTEBOOK].h, 17);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].y, 17);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].w, 30);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].x, 30);
    layout_compute(&st, 39, 30, 1, &l);
    ck_assert_int_eq(l.too_small, 1);
    layout_compute(&st, 80, 9, 1, &l);
    ck_assert_int_eq(l.too_small, 1);
    st.focus = LAYOUT_LOSS;
    st.zoomed = 1;
    layout_compute(&st, 100, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].w, 100);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 28);
    ck_assert_int_eq(l.pane[LAYOUT_NOTEBOOK].h, 0);
    st.zoomed = 0;
    st.hidden[LAYOUT_LOSS] = 1;
    layout_compute(&st, 100, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 0);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].h, 28);
    st.hidden[LAYOUT_ATTENTION] = 1;
    layout_compute(&st, 100, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_NOTEBOOK].w, 100);
    layout_resize_live(&st, 100);
    ck_assert_int_eq(st.live_percent, 75);
    layout_resize_live(&st, -100);
    ck_assert_int_eq(st.live_percent, 20);
}
END_TEST

START_TEST(layout_attention_rows)
{
    struct layout_state st;
    struct layout l;
    layout_state_init(&st);
    /* 120x40: a 22-token probe asks for 27 rows (title, 3 header rows, 22 rows, the legend);
     * of 38 the loss pane keeps 30% (11), so the attention pane gets them all. */
    st.attn_rows = 27;
    layout_compute(&st, 120, 40, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].h, 27);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 11);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].y, 11);
    /* More than that: the loss pane keeps its share. */
    st.attn_rows = 60;
    layout_compute(&st, 120, 40, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 11);
    /* 100x30: 28 rows, the loss pane keeps 8. */
    layout_compute(&st, 100, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 8);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].h, 20);
    /* Less than half: an even split. */
    st.attn_rows = 10;
    layout_compute(&st, 100, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, 14);
    ck_assert_int_eq(l.pane[LAYOUT_ATTENTION].h, 14);
    /* Side by side under the notebook: heights are shared, the wish does not apply. */
    st.attn_rows = 60;
    layout_compute(&st, 60, 30, 1, &l);
    ck_assert_int_eq(l.pane[LAYOUT_LOSS].h, l.pane[LAYOUT_ATTENTION].h);
}
END_TEST

START_TEST(layout_focus_cycles_shown)
{
    struct layout_state st;
    struct layout l;
    layout_state_init(&st);
    st.hidden[LAYOUT_LOSS] = 1;
    layout_compute(&st, 100, 30, 1, &l);
    layout_focus_next(&st, &l);
    ck_assert_int_eq(st.focus, LAYOUT_ATTENTION);
    layout_focus_next(&st, &l);
    ck_assert_int_eq(st.focus, LAYOUT_NOTEBOOK);
}
END_TEST

START_TEST(keys_map_context)
{
    ck_assert_int_eq(keys_map(1, KEY_F(1), 0, 0), KEYS_HELP);
    ck_assert_int_eq(keys_map(0, '?', 1, 0), KEYS_HELP);
    ck_assert_int_eq(keys_map(0, '?', 0, 0), KEYS_NONE); /* typed into a command */
    ck_assert_int_eq(keys_map(1, KEY_HOME, 1, 0), KEYS_TOP);
    ck_assert_int_eq(keys_map(1, KEY_HOME, 0, 0), KEYS_NONE);
    ck_assert_int_eq(keys_map(0, 27, 1, 1), KEYS_PAUSE);
    ck_assert_int_eq(keys_map(0, 27, 1, 0), KEYS_ESCAPE);
    ck_assert_int_eq(keys_map(0, 3, 0, 1), KEYS_PAUSE);
    ck_assert_int_eq(keys_map(0, 3, 0, 0), KEYS_CANCEL_LINE);
    ck_assert_int_eq(keys_map(1, KEY_NPAGE, 0, 1), KEYS_PAGE_DOWN);
    ck_assert_int_eq(keys_map(1, KEY_LEFT, 0, 0), KEYS_NONE);
    ck_assert_int_eq(keys_map(1, KEY_F(12), 0, 0), KEYS_IGNORE);
    ck_assert_int_eq(keys_map(0, 'a', 1, 1), KEYS_NONE); /* typing ahead while training */
}
END_TEST

static const char lesson[] = "# Lesson 1\n"
                             "set seed=1\n"
                             "\n"
                             "# a model\n"
                             "model tiny\n"
                             "  embedding 8\n"
                             "end\n"
                             "echo \"a\"; echo \"b\"\n"
                             "# the end\n";

START_TEST(cells_lesson_split)
{
    struct nb_cells c;
    nb_cells_init(&c);
    ck_assert_int_eq(nb_cells_load_lesson(&c, lesson, strlen(lesson), "dir/l.lab"), AL_OK);
    ck_assert_int_eq(c.n, 4);
    ck_assert_str_eq(c.cells[2].origin, "dir/l.lab");
    ck_assert_int_eq(c.cells[0].line, 1);
    ck_assert_int_eq(c.cells[1].line, 3); /* the blank line before "# a model" */
    ck_assert_str_eq(c.cells[0].text, "# Lesson 1\nset seed=1");
    ck_assert_str_eq(c.cells[1].text, "\n# a model\nmodel tiny\n  embedding 8\nend");
    ck_assert_str_eq(c.cells[2].text, "echo \"a\"; echo \"b\"");
    ck_assert_str_eq(c.cells[3].text, "# the end");
    ck_assert_int_eq(c.cells[0].state, NB_CELL_PENDING);
    ck_assert_int_eq(nb_cells_next_pending(&c, 1), 1);
    c.cells[1].state = NB_CELL_DONE;
    ck_assert_int_eq(nb_cells_next_pending(&c, 1), 2);
    nb_cells_free(&c);
}
END_TEST

START_TEST(cells_blocks_progress_replaced)
{
    struct nb_cells c;
    nb_cells_init(&c);
    ck_assert_int_eq(nb_cells_insert(&c, 0, "step 10\n", 8, NB_CELL_RUNNING), 0);
    ck_assert_int_eq(nb_cells_insert(&c, 0, "first", 5, NB_CELL_DONE), 0);
    ck_assert_str_eq(c.cells[1].text, "step 10");
    struct nb_cell *cell = &c.cells[1];
    struct block p1 = {.kind = BLOCK_PROGRESS, .text = "step 1/10", .done = 1, .total = 10};
    struct block p2 = {.kind = BLOCK_PROGRESS, .text = "step 2/10", .done = 2, .total = 10};
    struct block t = {.kind = BLOCK_TEXT, .text = "done"};
    ck_assert_int_eq(nb_cell_add_block(cell, &p1), AL_OK);
    ck_assert_int_eq(nb_cell_add_block(cell, &p2), AL_OK);
    ck_assert_int_eq(cell->nblocks, 1);
    ck_assert_str_eq(cell->blocks[0].text, "step 2/10");
    ck_assert_int_eq(cell->blocks[0].done, 2);
    /* a result replaces the progress line before it: nothing stale stays under it */
    ck_assert_int_eq(nb_cell_add_block(cell, &t), AL_OK);
    ck_assert_int_eq(cell->nblocks, 1);
    ck_assert_str_eq(cell->blocks[0].text, "done");
    ck_assert_int_eq(nb_cell_add_block(cell, &p1), AL_OK);
    ck_assert_int_eq(cell->nblocks, 2);
    /* a finished cell drops a last progress line too */
    nb_cell_finish(cell, NB_CELL_DONE);
    ck_assert_int_eq(cell->nblocks, 1);
    ck_assert_int_eq(cell->state, NB_CELL_DONE);
    /* an all-heads overview keeps copies of the attention behind it, for the zoom */
    ck_assert_int_eq(nb_cell_overview(cell), -1);
    float probs[2][2 * 3 * 3];
    char *labels[3] = {"a", "b", "c"};
    struct lab_frame frames[2];
    for (int l = 0; l < 2; l++) {
        for (int k = 0; k < 18; k++)
            probs[l][k] = (float)(l * 18 + k);
        frames[l] = (struct lab_frame){.step = 7, .heads = 2, .t = 3, .causal = 1};
        frames[l].probs = probs[l];
        frames[l].labels = labels;
    }
    struct canvas *cv = canvas_new(4, 2);
    struct block ov = {.kind = BLOCK_CANVAS, .canvas = cv, .frames = frames, .nframes = 2};
    ck_assert_int_eq(nb_cell_add_block(cell, &ov), AL_OK);
    canvas_free(cv);
    ck_assert_int_eq(nb_cell_overview(cell), 1);
    const struct nb_block *b = &cell->blocks[1];
    ck_assert_int_eq(b->nframes, 2);
    ck_assert_ptr_ne(b->frames[1].probs, probs[1]);
    ck_assert_float_eq(b->frames[1].probs[17], 35.0f);
    ck_assert_str_eq(b->frames[0].labels[2], "c");
    nb_cells_free(&c);
}
END_TEST

static char *write_to_string(const struct nb_cells *c, int markdown)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    struct al_error err;
    al_error_clear(&err);
    enum al_status st =
        markdown ? transcript_write_markdown(c, f, &err) : transcript_write_lab(c, 1, f, &err);
    ck_assert_int_eq(st, AL_OK);
    fclose(f);
    return buf;
}

START_TEST(transcript_lab_and_markdown)
{
    struct nb_cells c;
    nb_cells_init(&c);
    nb_cells_insert(&c, 0, "echo \"hi\"", 9, NB_CELL_DONE);
    c.cells[0].number = 1;
    struct block t = {.kind = BLOCK_TEXT, .text = "hi ```x```\n"};
    nb_cell_add_block(&c.cells[0], &t);
    nb_cells_insert(&c, 1, "plot", 4, NB_CELL_DONE);
    c.cells[1].number = 2;
    struct canvas *cv = canvas_new(3, 2);
    canvas_put(cv, 0, 0, 'a', canvas_style_plain());
    canvas_put(cv, 2, 1, 'b', canvas_style_plain());
    struct block d = {.kind = BLOCK_CANVAS, .text = "loss", .canvas = cv};
    nb_cell_add_block(&c.cells[1], &d);
    canvas_free(cv); /* the cell holds its own copy */
    nb_cells_insert(&c, 2, "save notebook \"x.lab\"", 21, NB_CELL_RUNNING);
    nb_cells_insert(&c, 3, "step 5", 6, NB_CELL_PENDING);
    /* an output printed line by line (one block a line) and a failed two-line cell */
    nb_cells_insert(&c, 2, "fit epochs=2", 12, NB_CELL_DONE);
    c.cells[2].number = 3;
    struct block e1 = {.kind = BLOCK_TEXT, .text = "epoch 1/2"};
    struct block e2 = {.kind = BLOCK_TEXT, .text = "epoch 2/2\n"};
    nb_cell_add_block(&c.cells[2], &e1);
    nb_cell_add_block(&c.cells[2], &e2);
    nb_cells_insert(&c, 3, "model m\n  embeding 8\nend", 25, NB_CELL_FAILED);
    c.cells[3].number = 4;
    struct block er = {.kind = BLOCK_ERROR,
                       .text = "2:3: error: unknown layer 'embeding'\n  embeding 8\n  ^"};
    nb_cell_add_block(&c.cells[3], &er);

    char *lab = write_to_string(&c, 0);
    ck_assert_str_eq(lab, "echo \"hi\"\nplot\nfit epochs=2\n"
                          "# failed in the notebook, left out when run:\n"
                          "# model m\n#   embeding 8\n# end\nstep 5\n");
    free(lab);
    char *md = write_to_string(&c, 1);
    ck_assert_str_eq(md, "# attnlab notebook\n\n"
                         "In [1]:\n\n```attnlab\necho \"hi\"\n```\n\n"
                         "````text\nhi ```x```\n````\n\n"
                         "In [2]:\n\n```attnlab\nplot\n```\n\n"
                         "**loss**\n\n```text\na\n  b\n```\n\n"
                         "In [3]:\n\n```attnlab\nfit epochs=2\n```\n\n"
                         "```text\nepoch 1/2\nepoch 2/2\n```\n\n"
                         "In [4] (failed):\n\n```attnlab\nmodel m\n  embeding 8\nend\n```\n\n"
                         "**Error:**\n\n```text\n2:3: error: unknown layer 'embeding'\n"
                         "  embeding 8\n  ^\n```\n\n");
    free(md);
    nb_cells_free(&c);
}
END_TEST

START_TEST(history_path_env)
{
    setenv("ATTNLAB_HISTORY", "/tmp/h1", 1);
    char *p = rlb_history_path();
    ck_assert_str_eq(p, "/tmp/h1");
    free(p);
    setenv("ATTNLAB_HISTORY", "", 1);
    ck_assert_ptr_null(rlb_history_path());
    unsetenv("ATTNLAB_HISTORY");
    setenv("XDG_STATE_HOME", "/x/state", 1);
    p = rlb_history_path();
    ck_assert_str_eq(p, "/x/state/attnlab/history");
    free(p);
    setenv("XDG_STATE_HOME", "relative", 1); /* ignored, as the XDG spec says */
    setenv("HOME", "/home/u", 1);
    p = rlb_history_path();
    ck_assert_str_eq(p, "/home/u/.local/state/attnlab/history");
    free(p);
}
END_TEST

/* ---- the backend thread (run under ThreadSanitizer with --enable-tsan) ---- */

struct emitted {
    int blocks, progress, cell;
};

/* The backend calls this with the lock held. */
static void count_block(void *ctx, int cell_id, const struct block *b)
{
    struct emitted *e = ctx;
    e->blocks++;
    e->progress += b->kind == BLOCK_PROGRESS;
    e->cell = cell_id;
}

static const char *corpus_path(char *buf, size_t cap)
{
    const char *top = getenv("top_srcdir");
    snprintf(buf, cap, "%s/corpora/english.txt", top ? top : ".");
    return buf;
}

/* Waits (polling under the lock, as the notebook does) until job id finished. */
static void wait_done(struct backend *be, int id, struct canvas *loss, struct canvas *attn,
                      int *drawn)
{
    for (;;) {
        backend_lock(be);
        int done = be->done_id == id;
        if (live_draw_loss(&be->front, loss, NAN))
            (*drawn)++;
        live_draw_attention(&be->front, -1, attn, NULL, 0);
        backend_unlock(be);
        if (done)
            return;
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

START_TEST(backend_runs_jobs_and_publishes)
{
    struct session s;
    session_init(&s);
    struct emitted e = {0, 0, 0};
    struct backend be;
    ck_assert_int_eq(backend_start(&be, &s, count_block, &e), 0);
    char path[1024], text[2048];
    snprintf(text, sizeof text,
             "load \"%s\" tokenizer=char split=0.9\n"
             "model tiny\n embedding 16\n position learned\n block 1 heads=2 ff=32\n"
             " layernorm\n output\nend\n"
             "compile optimizer=adamw lr=3e-3 batch=4\n"
             "watch \"the cat sat\" layer=1 head=all\n"
             "step 300 batch=4 seq=16\n",
             corpus_path(path, sizeof path));
    struct canvas *loss = canvas_new(40, 12), *attn = canvas_new(40, 14);
    int drawn = 0;
    backend_lock(&be);
    ck_assert_int_eq(backend_submit_locked(&be, 7, 1, text, NULL, 1), 0);
    ck_assert_int_eq(backend_submit_locked(&be, 8, 2, "echo busy", NULL, 1), -1);
    backend_unlock(&be);
    wait_done(&be, 7, loss, attn, &drawn);
    backend_lock(&be);
    ck_assert_int_eq(be.done_failed, 0);
    ck_assert_int_eq(be.done_paused, 0);
    ck_assert_int_eq(e.cell, 7);
    ck_assert_int_gt(e.blocks, 0);
    /* the snapshot saw every step, and the timeline kept at most its frames, spread out */
    ck_assert_int_eq(be.front.status.step, 300);
    ck_assert_int_eq(be.front.series[0].n, 300);
    ck_assert_int_gt(be.front.nframes, 8);
    ck_assert_int_le(be.front.nframes, LAB_TIMELINE_MAX);
    ck_assert_int_eq(be.front.frames[0].step, 1);
    ck_assert_ptr_nonnull(be.front.current.probs);
    be.done_id = 0;
    /* a long job paused from this thread stops after its step */
    ck_assert_int_eq(backend_submit_locked(&be, 9, 2, "step 100000 batch=4 seq=16", NULL, 1), 0);
    backend_unlock(&be);
    for (;;) { /* until it has trained a little */
        backend_lock(&be);
        long step = be.front.status.step;
        backend_unlock(&be);
        if (step > 310)
            break;
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    atomic_store(&be.pause, 1);
    wait_done(&be, 9, loss, attn, &drawn);
    backend_lock(&be);
    ck_assert_int_eq(be.done_paused, 1);
    ck_assert_int_lt(be.front.status.step, 100300);
    ck_assert_int_gt(drawn, 0);
    backend_unlock(&be);
    backend_stop(&be);
    canvas_free(loss);
    canvas_free(attn);
    session_free(&s);
}
END_TEST

START_TEST(timeline_thins_evenly)
{
    struct lab_timeline tl;
    memset(&tl, 0, sizeof tl);
    tl.every = 1;
    for (long step = 1; step <= 1000; step++) {
        if (!lab_timeline_due(&tl, step))
            continue;
        struct lab_frame f = {.step = step, .heads = 1, .t = 1};
        f.probs = malloc(sizeof *f.probs);
        f.labels = calloc(1, sizeof *f.labels);
        lab_timeline_offer(&tl, &f);
        lab_frame_free(&f);
    }
    ck_assert_int_le(tl.n, LAB_TIMELINE_MAX);
    ck_assert_int_ge(tl.n, LAB_TIMELINE_MAX / 2);
    ck_assert_int_eq(tl.frames[0].step, 1);
    ck_assert_int_ge(tl.frames[tl.n - 1].step, 1000 - tl.every);
    for (int i = 1; i < tl.n; i++) /* increasing, and never more than twice the spacing */
        ck_assert_int_le(tl.frames[i].step - tl.frames[i - 1].step, 2 * tl.every);
    lab_timeline_clear(&tl);
    ck_assert_int_eq(tl.n, 0);
}
END_TEST

static Suite *notebook_suite(void)
{
    Suite *s = suite_create("notebook");
    TCase *tc = tcase_create("pure");
    tcase_add_test(tc, layout_wide);
    tcase_add_test(tc, layout_narrow_small_zoom);
    tcase_add_test(tc, layout_attention_rows);
    tcase_add_test(tc, layout_focus_cycles_shown);
    tcase_add_test(tc, keys_map_context);
    tcase_add_test(tc, cells_lesson_split);
    tcase_add_test(tc, cells_blocks_progress_replaced);
    tcase_add_test(tc, transcript_lab_and_markdown);
    tcase_add_test(tc, history_path_env);
    tcase_add_test(tc, timeline_thins_evenly);
    TCase *tb = tcase_create("backend");
    tcase_set_timeout(tb, 120);
    tcase_add_test(tb, backend_runs_jobs_and_publishes);
    suite_add_tcase(s, tb);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){notebook_suite, NULL});
}
