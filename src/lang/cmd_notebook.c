/* cmd_notebook.c: save notebook "x.lab" (the cells as a lesson file) and export "x.md" (the
 * transcript with its drawings, as Markdown). Only the notebook has cells: it lends the
 * writers through the session's ui hooks while it runs. */
#include <string.h>

#include "lang/commands.h"
#include "lang/session.h"

static const struct opt_spec save_args[] = {
    {.name = "file", .type = VAL_STRING, .help = "where to write, usually NAME.lab"},
    CMD_OPTS_END,
};
static const struct opt_spec export_args[] = {
    {.name = "file", .type = VAL_STRING, .help = "where to write the transcript, NAME.md"},
    CMD_OPTS_END,
};

static enum al_status need_notebook(struct cmd_ctx *c, const struct session *s, const void *fn)
{
    if (!s->ui.ctx || !fn)
        return cmd_fail(c, NULL, AL_ESTATE,
                        "%s works in the notebook, which keeps the cells; a script is already "
                        "its own notebook",
                        c->spec->name);
    return AL_OK;
}

static enum al_status save_check(struct cmd_ctx *c, const struct session *s)
{
    return need_notebook(c, s, (const void *)s->ui.save_lab);
}

static enum al_status save_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lang_value *file = cmd_arg(c, 0);
    struct al_error err;
    if (s->ui.save_lab(s->ui.ctx, file->s, &err) != AL_OK)
        return cmd_fail_error(c, &file->pos, &err);
    cmd_printf(c, "saved the notebook's cells to %s", file->s);
    return AL_OK;
}

static enum al_status export_check(struct cmd_ctx *c, const struct session *s)
{
    const struct lang_value *file = cmd_arg(c, 0);
    size_t n = strlen(file->s);
    if (n < 3 || strcmp(file->s + n - 3, ".md") != 0)
        return cmd_fail(c, &file->pos, AL_EINVAL,
                        "export writes the notebook as Markdown: give a file name ending in .md");
    return need_notebook(c, s, (const void *)s->ui.export_md);
}

static enum al_status export_exec(struct cmd_ctx *c, struct session *s)
{
    const struct lang_value *file = cmd_arg(c, 0);
    struct al_error err;
    if (s->ui.export_md(s->ui.ctx, file->s, &err) != AL_OK)
        return cmd_fail_error(c, &file->pos, &err);
    cmd_printf(c, "exported the transcript to %s", file->s);
    return AL_OK;
}

const struct cmd_spec cmd_notebook_specs[] = {
    {
        .name = "save",
        .keyword = "notebook",
        .summary = "Writes the notebook's cells to a lesson file",
        .usage = "save notebook \"FILE.lab\"",
        .help = "The file opens again as cells with attnlab FILE.lab: one key runs the next cell.",
        .args = save_args,
        .min_args = 1,
        .max_args = 1,
        .check = save_check,
        .exec = save_exec,
    },
    {
        .name = "export",
        .summary = "Writes the notebook's transcript, drawings included, as Markdown",
        .usage = "export \"FILE.md\"",
        .args = export_args,
        .min_args = 1,
        .max_args = 1,
        .check = export_check,
        .exec = export_exec,
    },
};
const size_t cmd_notebook_count = sizeof cmd_notebook_specs / sizeof cmd_notebook_specs[0];
