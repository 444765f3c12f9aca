/* parser.h: tokens to statements, one statement per call, so that a script runs each
 * command as soon as it is read and a syntax error on line 50 does not stop lines 1-49.
 *
 *   script    ::= { [statement] sep } EOF          sep ::= NEWLINE | ';'
 *   statement ::= let | model | command
 *   let       ::= 'let' WORD '=' value
 *   model     ::= 'model' items sep { [layer] sep } 'end'
 *   layer     ::= WORD items
 *   command   ::= WORD items
 *   items     ::= { value | WORD '=' value }
 *   value     ::= STRING | INT | FLOAT | WORD | VAR
 *
 * `model`, `end` and `let` are the only keywords. Errors unwind with longjmp to the one
 * protected frame in parser_next, which frees the half-built statement; nothing else is
 * ever crossed. */
#ifndef ATTNLAB_LANG_PARSER_H
#define ATTNLAB_LANG_PARSER_H

#include <setjmp.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/lexer.h"

/* Limits that keep a malformed or hostile script from eating memory. */
#define PARSE_MAX_ITEMS 64   /* positional arguments plus options on one line */
#define PARSE_MAX_LAYERS 256 /* layer lines in one model block */
#define PARSE_MAX_DEPTH 32   /* nesting of grammar rules (blocks) */

enum parse_result {
    PARSE_OK,        /* *out holds a statement */
    PARSE_END,       /* no more statements */
    PARSE_ERROR,     /* diag says what and where; the parser skipped to the next statement */
    PARSE_INCOMPLETE /* the input ended inside a model block: a REPL asks for another line */
};

struct parser {
    struct lexer lx;
    struct lex_token tok; /* the one token of lookahead */
    struct ast_cmd *cur;  /* the statement being built, freed when an error unwinds */
    char *pending;        /* a word read but not yet stored in cur; freed likewise */
    struct lang_diag *diag;
    int depth;
    int in_block;
    int incomplete;
    jmp_buf on_error;
};

void parser_init(struct parser *p, const struct lang_source *src);
void parser_free(struct parser *p);

/* Reads the next statement. On PARSE_OK, *out is a new statement the caller frees with
 * ast_cmd_free; otherwise *out is NULL and, for PARSE_ERROR and PARSE_INCOMPLETE, diag is
 * filled. After PARSE_ERROR, calling again goes on with the next statement. */
enum parse_result parser_next(struct parser *p, struct ast_cmd **out, struct lang_diag *diag);

/* 1 when text ends inside an open model block (the REPL's "read another line"). */
int parse_is_incomplete(const char *text, size_t len);

#endif
