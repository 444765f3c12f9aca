/* ast.h: what the parser produces and the evaluator reads. A statement is one command line
 * (a word, positional values, key=value options), a `let`, or a `model` block with its
 * layer lines. Everything carries its source position. Owns its strings. */
#ifndef ATTNLAB_LANG_AST_H
#define ATTNLAB_LANG_AST_H

#include "lang/source.h"

enum ast_value_kind { AST_WORD, AST_STRING, AST_INT, AST_FLOAT, AST_VAR };

struct ast_value {
    enum ast_value_kind kind;
    char *text;     /* lexeme; decoded contents for strings; the name for variables */
    long long ival; /* AST_INT */
    double fval;    /* AST_INT and AST_FLOAT */
    struct lang_pos pos;
};

struct ast_option {
    char *key;
    struct lang_pos pos; /* of the key */
    struct ast_value value;
};

/* One line: a command's head, or a layer line inside a model block. */
struct ast_line {
    char *name;
    struct lang_pos pos;
    struct ast_value *args;
    int nargs, cap_args;
    struct ast_option *opts;
    int nopts, cap_opts;
};

enum ast_kind { AST_COMMAND, AST_LET, AST_MODEL };

/* AST_LET is a line named "let" with args {NAME, value}; AST_MODEL is a line named "model"
 * with its layer lines. */
struct ast_cmd {
    enum ast_kind kind;
    struct ast_line head;
    struct ast_line *layers;
    int nlayers, cap_layers;
    struct lang_pos end_pos; /* of `end`, for model blocks */
};

struct ast_cmd *ast_cmd_new(enum ast_kind kind);
void ast_cmd_free(struct ast_cmd *cmd);
void ast_line_free(struct ast_line *line);

/* Appends zeroed slots; return NULL when out of memory. The slot belongs to the line. */
struct ast_value *ast_line_add_arg(struct ast_line *line);
struct ast_option *ast_line_add_option(struct ast_line *line);
struct ast_line *ast_cmd_add_layer(struct ast_cmd *cmd);

#endif
