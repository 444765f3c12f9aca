/* eval.h: runs one parsed statement against a session: finds its spec, validates every
 * argument and option (variables substituted here, at evaluation time), then the command's
 * check and exec phases (see commands.h). Never prints: output goes to the sink. */
#ifndef ATTNLAB_LANG_EVAL_H
#define ATTNLAB_LANG_EVAL_H

#include "lab/output.h"
#include "lang/ast.h"
#include "lang/commands.h"
#include "lang/diag.h"

struct session;

/* Runs cmd. On failure diag says why and where (diag->shown when a nested script already
 * reported it), and the session is as it was unless the command's commit phase says
 * otherwise (only `run` does: the commands of the file that ran before the error stay). */
enum al_status eval_command(struct session *s, const struct ast_cmd *cmd, struct sink *sink,
                            struct lang_diag *diag);

/* Validates one line (a command head or a layer line) against spec, filling args/nargs
 * (room for CMD_MAX_ARGS) and opts (room for CMD_MAX_OPTS, index = spec option index).
 * what names the line in messages ("command", "layer"). */
enum al_status eval_validate_line(const struct session *s, const struct cmd_spec *spec,
                                  const struct ast_line *line, const char *what,
                                  struct lang_value *args, int *nargs, struct lang_value *opts,
                                  struct lang_diag *diag);

#endif
