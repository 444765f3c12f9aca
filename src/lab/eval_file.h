/* eval_file.h: measuring a model on a whole file, read with the model's own tokenizer (and,
 * for a classifier, its own class names): `evaluate "FILE"` and `attnlab evaluate`. */
#ifndef ATTNLAB_LANG_EVAL_FILE_H
#define ATTNLAB_LANG_EVAL_FILE_H

#include "core/status.h"
#include "lab/lab.h"
#include "lab/train.h"

/* A language model: every window of seq tokens of the text. A classifier: every line
 * label<TAB>text of a TSV file (blank lines, lines starting with '#' and a first line of
 * column names that are none of the model's classes skipped; each label must be one of the
 * model's classes; a bad line is "FILE:LINE: why"). Draws nothing from any RNG. */
enum al_status eval_file(struct lab_model *m, const char *path, int seq, struct eval_result *out,
                         struct al_error *err);

#endif
