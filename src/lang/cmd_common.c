/* cmd_common.c: shared preconditions of commands. */
#include "lang/cmd_common.h"

#include "lang/session.h"
#include "nn/model.h"

enum al_status cmd_need_model(struct cmd_ctx *c, const struct session *s, struct lab_model **out)
{
    *out = lab_current(&s->lab);
    if (!*out)
        return cmd_fail(c, NULL, AL_ESTATE, "no model yet: define one with model NAME ... end");
    return AL_OK;
}

enum al_status cmd_need_compiled(struct cmd_ctx *c, const struct session *s, struct lab_model **out)
{
    if (cmd_need_model(c, s, out) != AL_OK)
        return AL_ESTATE;
    if (!(*out)->net->compiled)
        return cmd_fail(c, NULL, AL_ESTATE, "model '%s' is not compiled yet: run compile first",
                        (*out)->name);
    return AL_OK;
}
