/* cmd_common.h: the preconditions that many commands share. Each fails the command with a
 * message that says what to do next. */
#ifndef ATTNLAB_LANG_CMD_COMMON_H
#define ATTNLAB_LANG_CMD_COMMON_H

#include "lab/lab.h"
#include "lang/commands.h"

/* The current model in *out; fails when there is none. */
enum al_status cmd_need_model(struct cmd_ctx *c, const struct session *s, struct lab_model **out);
/* The same, and it must be compiled. */
enum al_status cmd_need_compiled(struct cmd_ctx *c, const struct session *s,
                                 struct lab_model **out);

#endif
