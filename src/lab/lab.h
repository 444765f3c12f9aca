/* lab.h: the laboratory part of a session: the loaded data (a text corpus or a labelled
 * set), the named models with their loss histories, the attention probe that the notebook
 * watches, and the state of the running training command. Commands change it only in their
 * commit phase. Never prints. */
#ifndef ATTNLAB_LANG_LAB_H
#define ATTNLAB_LANG_LAB_H

#include <stddef.h>
#include <stdint.h>

#include "core/replica.h"
#include "core/rng.h"
#include "core/status.h"
#include "viz/viz.h"

struct corpus;
struct labelled_set;
struct model;
struct tokenizer;

/* A series of (step, value) points, growing. `loss` holds the value whatever the series
 * measures (loss, accuracy, gradient norm, learning rate). */
struct history {
    float *step, *loss;
    int n, cap;
};

enum al_status history_add(struct history *h, float step, float loss, struct al_error *err);
void history_free(struct history *h);

struct lab_model {
    char name[64];
    struct model *net;
    struct tokenizer *tok; /* the data's tokenizer when the model was made (a copy) */
    char **class_names;    /* classifier: label names [nclasses]; NULL for a language model */
    int nclasses;
    int batch; /* the batch it was compiled for (0: not compiled) */
    struct history train, val;
    struct history accuracy, val_accuracy, grad_norm, lr; /* recorded by training too */
    double tokens_seen;
    long saved_step; /* net->step when last saved or loaded: more steps are unsaved */
};

/* One picture of the watched probe's attention: the probabilities of every head and what
 * is needed to draw them without the model (for the timeline and the notebook's pane). */
struct lab_frame {
    long step;    /* the model's optimizer step when it was taken */
    int heads, t; /* probs [heads][t][t] */
    int causal;
    float *probs;
    char **labels;  /* [t] token labels */
    char title[96]; /* "model layer": the head is added when drawn */
};

void lab_frame_free(struct lab_frame *f);
/* A deep copy of src into dst (dst freed first). AL_ENOMEM leaves dst empty. */
enum al_status lab_frame_copy(struct lab_frame *dst, const struct lab_frame *src);

/* The timeline of the watched probe: at most LAB_TIMELINE_MAX frames taken every `every`
 * steps; when full, every other frame goes and `every` doubles, so the frames stay evenly
 * spread over the whole training however long it runs (bounded memory). */
#define LAB_TIMELINE_MAX 64
struct lab_timeline {
    struct lab_frame frames[LAB_TIMELINE_MAX];
    int n;
    long every;
    long gen;                      /* changes whenever the frames change (readers copy on change) */
    const struct lab_model *model; /* the frames' model; another model starts afresh */
};

/* Drops every frame (a new probe or another model). */
void lab_timeline_clear(struct lab_timeline *tl);
/* Takes ownership of f's contents when f->step is due (a multiple of `every`, after the
 * last frame); thins first when full. Returns 1 when taken (f is then emptied). */
int lab_timeline_offer(struct lab_timeline *tl, struct lab_frame *f);
/* 1 when a frame at this step would be taken: lets training skip computing it. */
int lab_timeline_due(const struct lab_timeline *tl, long step);

struct lab_watch {
    int active;
    char *text;
    int layer; /* index into the model's layers */
    int head;  /* 0-based; -1: the mean over heads */
    long drawn_step;
    const struct lab_model *drawn_model;
    long gen;  /* changes with every `watch` */
    int scale; /* enum heatmap_scale */
};

struct lab_run {
    int running;
    long paused_left; /* steps a paused `step` command had left, 0 when none */
    const struct lab_model *paused_model;
    struct {
        int batch, seq, eval_every, eval_batches;
    } paused;       /* the paused command's options, which `step` keeps */
    double started; /* monotonic seconds */
    double elapsed;
    long done, total; /* steps */
    double tokens;    /* tokens trained by this command */
};

struct lab {
    struct corpus *corpus;         /* text corpus, or NULL */
    struct labelled_set *labelled; /* labelled set, or NULL (only one of the two is loaded) */
    size_t *order;                 /* labelled: shuffled example order; first ntrain train */
    size_t ntrain;
    char *data_path;
    struct lab_model **models;
    int nmodels, cap_models;
    int current; /* -1: none */
    struct lab_watch watch;
    struct lab_timeline timeline; /* frames of the watched probe while training */
    double pace;                  /* `set pace=N`: training steps a second at most; 0: off */
    int replay_frame;             /* `replay`: the frame it shows, -1 when none */
    long replay_gen;              /* changes with each frame `replay` shows */
    struct lab_run run;
    struct viz_options viz; /* glyphs and colours for drawings */
    int display_width;      /* columns the output has (the notebook pane); 0: unknown */
    struct replica world;   /* the processes that train together (core/world.h); size 1:
                               this one alone. Every model added joins it. */
};

void lab_init(struct lab *l);
void lab_free(struct lab *l);

/* The current model, or NULL. */
struct lab_model *lab_current(const struct lab *l);
/* The model named name, or NULL. */
struct lab_model *lab_find(const struct lab *l, const char *name);
int lab_index(const struct lab *l, const char *name);

/* A new lab_model named name owning net and a copy of tok; NULL when out of memory (net is
 * then not freed). */
struct lab_model *lab_model_new(const char *name, struct model *net, const struct tokenizer *tok);
void lab_model_free(struct lab_model *m);
/* A deep copy named name (parameters, optimizer state, history). NULL when out of memory. */
struct lab_model *lab_model_clone(const struct lab_model *m, const char *name);

/* Adds m (taking ownership), makes it current and makes it one of the lab's world's
 * replicas. A model of the same name is replaced (freed), unless keep_old: then it stays,
 * renamed NAME~1 (or ~2, ...), and kept_as receives that name (kept_as[0] is '\0' when
 * nothing was renamed; kept_as may be NULL). A failure (AL_ENOMEM) leaves the lab as it was
 * and m still the caller's. */
enum al_status lab_add_model(struct lab *l, struct lab_model *m, int keep_old, char *kept_as,
                             struct al_error *err);
/* Removes the model at index i (freed); the current model stays current, or there is none
 * when it was the one removed. */
void lab_drop_model(struct lab *l, int i);
/* Models with training steps not yet saved: how many, and the first one's index in *first. */
int lab_unsaved_models(const struct lab *l, int *first);

/* Whether this process writes the files a session saves: among processes only rank 0 does
 * (the others run the same commands, and would write the same bytes). */
int lab_writes_files(const struct lab *l);

/* 1 when a and b give every token the same id (same kind and the same pieces in order). */
int lab_same_tokens(const struct tokenizer *a, const struct tokenizer *b);

/* The tokenizer of the loaded data, or NULL. */
const struct tokenizer *lab_data_tokenizer(const struct lab *l);

/* Monotonic seconds. */
double lab_now(void);

#endif
