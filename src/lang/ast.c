/* ast.c: allocation of the parse tree (see ast.h). */
#include "lang/ast.h"

#include <stdlib.h>
#include <string.h>

struct ast_cmd *ast_cmd_new(enum ast_kind kind)
{
    struct ast_cmd *cmd = calloc(1, sizeof *cmd);
    if (cmd)
        cmd->kind = kind;
    return cmd;
}

void ast_line_free(struct ast_line *line)
{
    free(line->name);
    for (int i = 0; i < line->nargs; i++)
        free(line->args[i].text);
    for (int i = 0; i < line->nopts; i++) {
        free(line->opts[i].key);
        free(line->opts[i].value.text);
    }
    free(line->args);
    free(line->opts);
    memset(line, 0, sizeof *line);
}

void ast_cmd_free(struct ast_cmd *cmd)
{
    if (!cmd)
        return;
    ast_line_free(&cmd->head);
    for (int i = 0; i < cmd->nlayers; i++)
        ast_line_free(&cmd->layers[i]);
    free(cmd->layers);
    free(cmd);
}

/* Grows *items (of size elem) so that one more fits; new slots are zeroed. */
static void *grow(void **items, int *n, int *cap, size_t elem)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 4;
        void *p = realloc(*items, (size_t)c * elem);
        if (!p)
            return NULL;
        *items = p;
        *cap = c;
    }
    char *slot = (char *)*items + (size_t)(*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}

struct ast_value *ast_line_add_arg(struct ast_line *line)
{
    return grow((void **)&line->args, &line->nargs, &line->cap_args, sizeof *line->args);
}

struct ast_option *ast_line_add_option(struct ast_line *line)
{
    return grow((void **)&line->opts, &line->nopts, &line->cap_opts, sizeof *line->opts);
}

struct ast_line *ast_cmd_add_layer(struct ast_cmd *cmd)
{
    return grow((void **)&cmd->layers, &cmd->nlayers, &cmd->cap_layers, sizeof *cmd->layers);
}
