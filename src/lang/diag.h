/* diag.h: diagnostics of the language: a message, a position, and the rendering
 *     lesson.lab:3:14: error: unknown option 'lr_rate' for 'compile'; did you mean 'lr'?
 *         compile optimizer=adamw lr_rate=3e-3
 *                                 ^
 * and the "did you mean" search over known names. Formats text; never prints. */
#ifndef ATTNLAB_LANG_DIAG_H
#define ATTNLAB_LANG_DIAG_H

#include <stddef.h>

#include "core/status.h"
#include "lang/source.h"

struct lang_diag {
    enum al_status status; /* AL_OK while nothing failed */
    int has_pos;
    struct lang_pos pos;
    char msg[512];
    int shown; /* already handed to the sink (by a nested script): do not report again */
};

void diag_clear(struct lang_diag *d);

/* Records a failure at pos (NULL: no position). Returns status, for `return diag_set(...)`. */
enum al_status diag_set(struct lang_diag *d, const struct lang_pos *pos, enum al_status status,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Appends "; did you mean 'X'?" to d->msg when suggestion is not NULL. */
void diag_suggest(struct lang_diag *d, const char *suggestion);

/* The rendering shown above, ending with a newline; without a position just
 * "attnlab: error: msg\n". Returns a heap string the caller frees, NULL when out of memory. */
char *diag_format(const struct lang_diag *d);

/* Damerau-Levenshtein distance (optimal string alignment) between a and b. */
int diag_distance(const char *a, const char *b);

/* The candidate nearest to word, or NULL when none is near enough: within a distance of
 * 1 for words of up to 3 characters, 2 up to 8, 3 beyond; or a name that the word starts with
 * followed by '_' ("lr_rate" -> "lr"), or one that starts with the word ("temp" ->
 * "temperature"). Ties go to the earlier candidate. */
const char *diag_nearest(const char *word, const char *const *cands, size_t n);

#endif
