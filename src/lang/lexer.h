/* lexer.h: turns a source into tokens, one at a time. Knows characters, not commands:
 * words, numbers, double-quoted strings, `$name`, `=`, `;`, line ends. `#` starts a
 * comment to the end of the line. Every token carries its position. The lexer never
 * throws: a malformed token comes back as LEX_ERROR with a message, and the parser
 * decides what to do with it. */
#ifndef ATTNLAB_LANG_LEXER_H
#define ATTNLAB_LANG_LEXER_H

#include <stddef.h>

#include "lang/source.h"

enum lex_kind {
    LEX_EOF,
    LEX_NEWLINE,
    LEX_SEMI,   /* ; */
    LEX_EQ,     /* = */
    LEX_WORD,   /* [A-Za-z_][A-Za-z0-9_]* */
    LEX_STRING, /* "..." with \n \t \" \\ \uXXXX; text holds the decoded bytes */
    LEX_INT,    /* -12, 42 */
    LEX_FLOAT,  /* 3e-4, .5, -1.25 */
    LEX_VAR,    /* $name; text holds the name without the $ */
    LEX_ERROR   /* lexer->msg says what is wrong, pos says where */
};

/* Longest string literal accepted: 1 MiB. */
#define LEX_MAX_TOKEN (1 << 20)

struct lex_token {
    enum lex_kind kind;
    const char *text; /* the lexeme (or decoded string); valid until the next lex_next */
    size_t len;
    long long ival; /* LEX_INT */
    double fval;    /* LEX_INT and LEX_FLOAT */
    struct lang_pos pos;
};

struct lexer {
    const struct lang_source *src;
    size_t at; /* byte offset of the next character */
    int line;
    int col;
    char *buf; /* the current token's text */
    size_t blen, bcap;
    char msg[200]; /* the message of the last LEX_ERROR */
};

void lex_init(struct lexer *lx, const struct lang_source *src);
void lex_free(struct lexer *lx);

/* Reads the next token into tok. On LEX_ERROR, lx->msg holds the message and tok->pos the
 * spot; the lexer has skipped past the bad character(s), so reading on is possible. */
void lex_next(struct lexer *lx, struct lex_token *tok);

/* "a word", "a string", "the end of the line", ... for "expected X, got Y" messages. */
const char *lex_kind_name(enum lex_kind k);

#endif
