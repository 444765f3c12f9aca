/* parser.c: a recursive-descent parser in the manner of Lua's lparser.c: one token of
 * lookahead, each function headed by its rule, errors raised by longjmp to parser_next. */
#include "lang/parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void raise_at(struct parser *p, const struct lang_pos *pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static _Noreturn void raise_at(struct parser *p, const struct lang_pos *pos, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_set(p->diag, pos, AL_EINVAL, "%s", msg);
    longjmp(p->on_error, 1);
}

static _Noreturn void raise_nomem(struct parser *p)
{
    diag_set(p->diag, &p->tok.pos, AL_ENOMEM, "out of memory");
    longjmp(p->on_error, 1);
}

/* Describes the current token for "expected X, got Y". */
static void describe(const struct lex_token *t, char *out, size_t n)
{
    if (t->kind == LEX_WORD || t->kind == LEX_INT || t->kind == LEX_FLOAT)
        snprintf(out, n, "'%.40s'", t->text);
    else if (t->kind == LEX_STRING)
        snprintf(out, n, "a string");
    else if (t->kind == LEX_VAR)
        snprintf(out, n, "'$%.40s'", t->text);
    else
        snprintf(out, n, "%s", lex_kind_name(t->kind));
}

static _Noreturn void error_expected(struct parser *p, const char *what)
{
    char got[64];
    describe(&p->tok, got, sizeof got);
    raise_at(p, &p->tok.pos, "expected %s, got %s", what, got);
}

static void next(struct parser *p)
{
    lex_next(&p->lx, &p->tok);
    if (p->tok.kind == LEX_ERROR)
        raise_at(p, &p->tok.pos, "%s", p->lx.msg);
}

static int at_sep(const struct parser *p)
{
    enum lex_kind k = p->tok.kind;
    return k == LEX_NEWLINE || k == LEX_SEMI || k == LEX_EOF;
}

static int is_word(const struct parser *p, const char *w)
{
    return p->tok.kind == LEX_WORD && strcmp(p->tok.text, w) == 0;
}

static char *take_text(struct parser *p)
{
    char *s = strdup(p->tok.text ? p->tok.text : "");
    if (!s)
        raise_nomem(p);
    return s;
}

static void enter_level(struct parser *p)
{
    if (++p->depth > PARSE_MAX_DEPTH)
        raise_at(p, &p->tok.pos, "nesting too deep (limit %d)", PARSE_MAX_DEPTH);
}

/* value ::= STRING | INT | FLOAT | WORD | VAR */
static void value(struct parser *p, struct ast_value *v)
{
    static const enum ast_value_kind kinds[] = {[LEX_WORD] = AST_WORD,
                                                [LEX_STRING] = AST_STRING,
                                                [LEX_INT] = AST_INT,
                                                [LEX_FLOAT] = AST_FLOAT,
                                                [LEX_VAR] = AST_VAR};
    enum lex_kind k = p->tok.kind;
    if (k != LEX_WORD && k != LEX_STRING && k != LEX_INT && k != LEX_FLOAT && k != LEX_VAR)
        error_expected(p, "a value (a number, a word, a string or a $variable)");
    v->kind = kinds[k];
    v->pos = p->tok.pos;
    v->ival = p->tok.ival;
    v->fval = p->tok.fval;
    v->text = take_text(p);
    next(p);
}

/* option ::= WORD '=' value   (the WORD is the current token, '=' the next one) */
static void option(struct parser *p, struct ast_line *line, char *key, struct lang_pos pos)
{
    struct ast_option *o = ast_line_add_option(line);
    if (!o) {
        free(key);
        raise_nomem(p);
    }
    o->key = key;
    o->pos = pos;
    next(p); /* skip '=' */
    if (at_sep(p))
        error_expected(p, "a value after '='");
    value(p, &o->value);
}

/* items ::= { value | WORD '=' value } */
static void items(struct parser *p, struct ast_line *line)
{
    while (!at_sep(p)) {
        if (line->nargs + line->nopts >= PARSE_MAX_ITEMS)
            raise_at(p, &p->tok.pos, "too many items on one line (limit %d)", PARSE_MAX_ITEMS);
        if (p->tok.kind == LEX_EQ)
            raise_at(p, &p->tok.pos, "expected an option name before '='");
        if (p->tok.kind != LEX_WORD) {
            struct ast_value *v = ast_line_add_arg(line);
            if (!v)
                raise_nomem(p);
            value(p, v);
            continue;
        }
        struct lang_pos pos = p->tok.pos;
        p->pending = take_text(p);
        next(p);
        char *word = p->pending;
        p->pending = NULL;
        if (p->tok.kind == LEX_EQ) {
            option(p, line, word, pos);
            continue;
        }
        struct ast_value *v = ast_line_add_arg(line);
        if (!v) {
            free(word);
            raise_nomem(p);
        }
        v->kind = AST_WORD;
        v->text = word;
        v->pos = pos;
    }
}

/* line ::= WORD items   (the head of a command, or a layer line) */
static void line(struct parser *p, struct ast_line *l)
{
    l->pos = p->tok.pos;
    l->name = take_text(p);
    next(p);
    items(p, l);
}

/* let ::= 'let' WORD '=' value */
static void let_statement(struct parser *p)
{
    struct ast_line *h = &p->cur->head;
    h->pos = p->tok.pos;
    h->name = take_text(p);
    next(p);
    if (p->tok.kind != LEX_WORD)
        error_expected(p, "a variable name after 'let'");
    struct ast_value *name = ast_line_add_arg(h);
    if (!name)
        raise_nomem(p);
    value(p, name);
    if (p->tok.kind != LEX_EQ)
        error_expected(p, "'=' after the variable name");
    next(p);
    if (at_sep(p))
        error_expected(p, "a value after '='");
    struct ast_value *v = ast_line_add_arg(h);
    if (!v)
        raise_nomem(p);
    value(p, v);
    if (!at_sep(p))
        error_expected(p, "the end of the line after the value");
}

static void skip_seps(struct parser *p)
{
    while (p->tok.kind == LEX_NEWLINE || p->tok.kind == LEX_SEMI)
        next(p);
}

/* layer ::= WORD items   (inside a model block; 'end' closes it) */
static void layer(struct parser *p)
{
    if (p->tok.kind != LEX_WORD)
        error_expected(p, "a layer (such as 'embedding 64') or 'end'");
    if (is_word(p, "model"))
        raise_at(p, &p->tok.pos,
                 "a 'model' block cannot contain another 'model'; "
                 "expected a layer or 'end'");
    if (is_word(p, "let"))
        raise_at(p, &p->tok.pos, "'let' is not allowed inside a 'model' block");
    if (p->cur->nlayers >= PARSE_MAX_LAYERS)
        raise_at(p, &p->tok.pos, "too many layers in one block (limit %d)", PARSE_MAX_LAYERS);
    struct ast_line *l = ast_cmd_add_layer(p->cur);
    if (!l)
        raise_nomem(p);
    line(p, l);
}

/* model ::= 'model' items sep { [layer] sep } 'end' */
static void model_block(struct parser *p)
{
    enter_level(p);
    struct ast_cmd *c = p->cur;
    p->in_block = 1; /* from here on, an error skips the whole block */
    line(p, &c->head);
    if (p->tok.kind == LEX_EOF)
        goto incomplete;
    next(p); /* the separator after the head */
    for (;;) {
        skip_seps(p);
        if (p->tok.kind == LEX_EOF)
            goto incomplete;
        if (is_word(p, "end"))
            break;
        layer(p);
        if (!at_sep(p))
            error_expected(p, "the end of the line");
    }
    c->end_pos = p->tok.pos;
    next(p);
    p->in_block = 0;
    if (!at_sep(p))
        error_expected(p, "the end of the line after 'end'");
    p->depth--;
    return;
incomplete:
    p->incomplete = 1;
    raise_at(p, &c->head.pos, "unterminated 'model' block: expected 'end' before %s",
             lex_kind_name(LEX_EOF));
}

/* statement ::= let | model | command */
static void statement(struct parser *p)
{
    if (p->tok.kind != LEX_WORD)
        error_expected(p, "a command");
    if (is_word(p, "end"))
        raise_at(p, &p->tok.pos, "'end' without an open 'model' block");
    enum ast_kind kind = is_word(p, "let")     ? AST_LET
                         : is_word(p, "model") ? AST_MODEL
                                               : AST_COMMAND;
    p->cur = ast_cmd_new(kind);
    if (!p->cur)
        raise_nomem(p);
    if (kind == AST_LET)
        let_statement(p);
    else if (kind == AST_MODEL)
        model_block(p);
    else
        line(p, &p->cur->head);
    if (!at_sep(p))
        error_expected(p, "the end of the line");
}

void parser_init(struct parser *p, const struct lang_source *src)
{
    memset(p, 0, sizeof *p);
    lex_init(&p->lx, src);
    p->tok.kind = LEX_NEWLINE; /* as if a line had just ended: read on at the first call */
}

void parser_free(struct parser *p)
{
    ast_cmd_free(p->cur);
    p->cur = NULL;
    free(p->pending);
    p->pending = NULL;
    lex_free(&p->lx);
}

/* After an error: skip to the next separator; inside a model block, past its 'end'. Lexer
 * errors on the way are ignored (they would be reported once the line is reached). */
static void resync(struct parser *p)
{
    int at_line_start = 0;
    for (;;) {
        enum lex_kind k = p->tok.kind;
        if (k == LEX_EOF)
            return;
        if (!p->in_block && (k == LEX_NEWLINE || k == LEX_SEMI))
            return;
        if (p->in_block && at_line_start && is_word(p, "end"))
            p->in_block = 0;
        at_line_start = k == LEX_NEWLINE || k == LEX_SEMI;
        lex_next(&p->lx, &p->tok);
    }
}

enum parse_result parser_next(struct parser *p, struct ast_cmd **out, struct lang_diag *diag)
{
    *out = NULL;
    p->diag = diag;
    if (setjmp(p->on_error)) {
        ast_cmd_free(p->cur);
        p->cur = NULL;
        free(p->pending);
        p->pending = NULL;
        p->depth = 0;
        if (p->incomplete)
            return PARSE_INCOMPLETE;
        resync(p);
        p->in_block = 0;
        return PARSE_ERROR;
    }
    if (p->tok.kind == LEX_EOF)
        return PARSE_END;
    next(p); /* step over the separator that ended the previous statement */
    skip_seps(p);
    if (p->tok.kind == LEX_EOF)
        return PARSE_END;
    statement(p);
    *out = p->cur;
    p->cur = NULL;
    return PARSE_OK;
}

int parse_is_incomplete(const char *text, size_t len)
{
    struct lang_source *src = source_new("<input>", text, len, 1);
    if (!src)
        return 0;
    struct parser p;
    struct lang_diag d;
    parser_init(&p, src);
    enum parse_result r;
    struct ast_cmd *cmd;
    while ((r = parser_next(&p, &cmd, &d)) == PARSE_OK || r == PARSE_ERROR)
        ast_cmd_free(cmd);
    parser_free(&p);
    source_free(src);
    return r == PARSE_INCOMPLETE;
}
