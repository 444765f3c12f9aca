/* lexer.c: characters to tokens (see lexer.h). Columns count UTF-8 characters. */
#include "lang/lexer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

void lex_init(struct lexer *lx, const struct lang_source *src)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->line = src->first_line;
    lx->col = 1;
}

void lex_free(struct lexer *lx)
{
    free(lx->buf);
    lx->buf = NULL;
    lx->bcap = lx->blen = 0;
}

const char *lex_kind_name(enum lex_kind k)
{
    switch (k) {
    case LEX_EOF: return "the end of the input";
    case LEX_NEWLINE: return "the end of the line";
    case LEX_SEMI: return "';'";
    case LEX_EQ: return "'='";
    case LEX_WORD: return "a word";
    case LEX_STRING: return "a string";
    case LEX_INT: return "an integer";
    case LEX_FLOAT: return "a number";
    case LEX_VAR: return "a variable";
    case LEX_ERROR: return "an invalid token";
    }
    return "a token";
}

static int peek(const struct lexer *lx, size_t ahead)
{
    size_t i = lx->at + ahead;
    return i < lx->src->len ? (unsigned char)lx->src->text[i] : -1;
}

/* Moves one byte on; a continuation byte of UTF-8 does not start a new column. */
static void advance(struct lexer *lx)
{
    int c = peek(lx, 0);
    if (c < 0)
        return;
    lx->at++;
    if (c == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        lx->col++;
    }
}

static void here(const struct lexer *lx, struct lang_pos *pos)
{
    pos->src = lx->src;
    pos->line = lx->line;
    pos->col = lx->col;
    pos->offset = lx->at;
}

/* Returns 0 when out of memory or past LEX_MAX_TOKEN. */
static int save(struct lexer *lx, int c)
{
    if (lx->blen >= LEX_MAX_TOKEN) /* a token of exactly LEX_MAX_TOKEN bytes fits */
        return 0;
    if (lx->blen + 2 > lx->bcap) {
        size_t cap = lx->bcap ? lx->bcap * 2 : 64;
        char *b = realloc(lx->buf, cap);
        if (!b)
            return 0;
        lx->buf = b;
        lx->bcap = cap;
    }
    lx->buf[lx->blen++] = (char)c;
    lx->buf[lx->blen] = '\0';
    return 1;
}

static void fail(struct lexer *lx, struct lex_token *tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(struct lexer *lx, struct lex_token *tok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lx->msg, sizeof lx->msg, fmt, ap);
    va_end(ap);
    tok->kind = LEX_ERROR;
    tok->text = lx->msg;
    tok->len = strlen(lx->msg);
}

static int is_ident_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_ident(int c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Length of the valid UTF-8 sequence at the lexer's position, 0 when invalid. */
static int utf8_len(const struct lexer *lx)
{
    uint32_t cp;
    const unsigned char *s = (const unsigned char *)lx->src->text;
    return utf8_decode(s + lx->at, lx->src->len - lx->at, &cp);
}

static int save_utf8(struct lexer *lx, uint32_t cp)
{
    unsigned char u[UTF8_MAX];
    int n = utf8_encode(cp, u);
    for (int i = 0; i < n; i++)
        if (!save(lx, u[i]))
            return 0;
    return 1;
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* \uXXXX: four hex digits naming a code point that is neither NUL nor a surrogate. */
static int read_unicode_escape(struct lexer *lx, struct lex_token *tok, struct lang_pos *esc)
{
    unsigned cp = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(peek(lx, 0));
        if (h < 0) {
            tok->pos = *esc;
            fail(lx, tok, "expected four hex digits after '\\u'");
            return 0;
        }
        cp = cp * 16 + (unsigned)h;
        advance(lx);
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
        tok->pos = *esc;
        fail(lx, tok, "'\\u%04X' is not a character that a string can hold", cp);
        return 0;
    }
    if (!save_utf8(lx, cp)) {
        fail(lx, tok, "string too long");
        return 0;
    }
    return 1;
}

static int read_escape(struct lexer *lx, struct lex_token *tok)
{
    struct lang_pos esc;
    here(lx, &esc);
    advance(lx); /* the backslash */
    int c = peek(lx, 0);
    const char *from = "nt\"\\", *to = "\n\t\"\\";
    const char *hit = c > 0 ? strchr(from, c) : NULL;
    if (hit) {
        advance(lx);
        return save(lx, to[hit - from]) ? 1 : (fail(lx, tok, "string too long"), 0);
    }
    if (c == 'u') {
        advance(lx);
        return read_unicode_escape(lx, tok, &esc);
    }
    tok->pos = esc;
    if (c < 0x20 || c >= 0x7F)
        fail(lx, tok, "unknown escape in string; expected \\n, \\t, \\\", \\\\ or \\uXXXX");
    else
        fail(lx, tok, "unknown escape '\\%c' in string; expected \\n, \\t, \\\", \\\\ or \\uXXXX",
             c);
    if (c >= 0 && c != '\n')
        advance(lx);
    return 0;
}

/* Skips the rest of a bad string so that lexing resumes after it. */
static void skip_string_rest(struct lexer *lx)
{
    for (int c = peek(lx, 0); c >= 0 && c != '\n' && c != '"'; c = peek(lx, 0))
        advance(lx);
    if (peek(lx, 0) == '"')
        advance(lx);
}

static void read_string(struct lexer *lx, struct lex_token *tok)
{
    advance(lx); /* the opening quote */
    for (;;) {
        int c = peek(lx, 0);
        if (c < 0 || c == '\n') {
            fail(lx, tok, "unterminated string; expected a closing '\"' on the same line");
            return;
        }
        if (c == '"')
            break;
        if (c == '\\') {
            if (!read_escape(lx, tok)) {
                skip_string_rest(lx);
                return;
            }
            continue;
        }
        int n = utf8_len(lx);
        if (n == 0) {
            here(lx, &tok->pos);
            fail(lx, tok, "invalid UTF-8 in string");
            skip_string_rest(lx);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!save(lx, peek(lx, 0))) {
                fail(lx, tok, "string too long (more than %d bytes)", LEX_MAX_TOKEN);
                skip_string_rest(lx);
                return;
            }
            advance(lx);
        }
    }
    advance(lx);
    tok->kind = LEX_STRING;
}

/* A word may hold ~N (a model kept aside by a redefinition is called a~1). */
static void read_word(struct lexer *lx, struct lex_token *tok, enum lex_kind kind)
{
    while (is_ident(peek(lx, 0)) ||
           (kind == LEX_WORD && peek(lx, 0) == '~' && is_digit(peek(lx, 1)))) {
        if (!save(lx, peek(lx, 0))) {
            fail(lx, tok, "word too long");
            return;
        }
        advance(lx);
    }
    tok->kind = kind;
}

static void save_digits(struct lexer *lx)
{
    while (is_digit(peek(lx, 0))) {
        save(lx, peek(lx, 0));
        advance(lx);
    }
}

/* [+-]? digits? ('.' digits?)? ([eE] [+-]? digits)?, with at least one digit before the
 * exponent, and not glued to a letter ("3x" is an error, not 3 then x). */
static void read_number(struct lexer *lx, struct lex_token *tok)
{
    int is_float = 0;
    if (peek(lx, 0) == '-' || peek(lx, 0) == '+') {
        save(lx, peek(lx, 0));
        advance(lx);
    }
    save_digits(lx);
    if (peek(lx, 0) == '.') {
        is_float = 1;
        save(lx, '.');
        advance(lx);
        save_digits(lx);
    }
    int e = peek(lx, 0);
    if ((e == 'e' || e == 'E') &&
        (is_digit(peek(lx, 1)) ||
         ((peek(lx, 1) == '-' || peek(lx, 1) == '+') && is_digit(peek(lx, 2))))) {
        is_float = 1;
        for (int i = 0; i < 2; i++) {
            save(lx, peek(lx, 0));
            advance(lx);
        }
        save_digits(lx);
    }
    if (is_ident(peek(lx, 0)) || peek(lx, 0) == '.') {
        while (is_ident(peek(lx, 0)) || peek(lx, 0) == '.') {
            save(lx, peek(lx, 0));
            advance(lx);
        }
        fail(lx, tok, "malformed number '%.40s'", lx->buf);
        return;
    }
    errno = 0;
    char *end;
    if (is_float) {
        tok->fval = strtod(lx->buf, &end);
        tok->kind = LEX_FLOAT;
    } else {
        tok->ival = strtoll(lx->buf, &end, 10);
        tok->fval = (double)tok->ival;
        tok->kind = LEX_INT;
    }
    if (errno == ERANGE || *end != '\0')
        fail(lx, tok, "number '%.40s' is out of range", lx->buf);
}

static void skip_blanks_and_comments(struct lexer *lx)
{
    for (;;) {
        int c = peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance(lx);
        } else if (c == '#') {
            while (peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
                advance(lx);
        } else if (c == '\\' && peek(lx, 1) == '\n') {
            advance(lx); /* a backslash at the end of a line continues the command */
            advance(lx);
        } else {
            return;
        }
    }
}

/* "lesson.lab" written without quotes: words hold no '.' or '/', so say what would work. */
static void unquoted_path(struct lexer *lx, struct lex_token *tok)
{
    for (int c = peek(lx, 0); c > ' ' && c != ';' && c != '#' && c != '"' && c != '=';
         c = peek(lx, 0)) {
        save(lx, c);
        advance(lx);
    }
    fail(lx, tok, "a file name needs double quotes: \"%.60s\"", lx->buf);
}

static int starts_number(const struct lexer *lx)
{
    int c = peek(lx, 0), d = peek(lx, 1);
    if (is_digit(c))
        return 1;
    if (c == '.')
        return is_digit(d);
    if (c == '-' || c == '+')
        return is_digit(d) || (d == '.' && is_digit(peek(lx, 2)));
    return 0;
}

static void bad_character(struct lexer *lx, struct lex_token *tok)
{
    int n = utf8_len(lx);
    if (n == 0) {
        fail(lx, tok, "invalid UTF-8");
        advance(lx);
        return;
    }
    char ch[5] = {0};
    for (int i = 0; i < n; i++) {
        ch[i] = (char)peek(lx, 0);
        advance(lx);
    }
    if (strcmp(ch, "'") == 0)
        fail(lx, tok, "unexpected character \"'\"; strings take double quotes");
    else
        fail(lx, tok, "unexpected character '%s'", ch);
}

void lex_next(struct lexer *lx, struct lex_token *tok)
{
    skip_blanks_and_comments(lx);
    memset(tok, 0, sizeof *tok);
    here(lx, &tok->pos);
    lx->blen = 0;
    if (!save(lx, '\0')) {
        fail(lx, tok, "out of memory");
        return;
    }
    lx->blen = 0;
    lx->buf[0] = '\0';
    int c = peek(lx, 0);
    if (c < 0) {
        tok->kind = LEX_EOF;
    } else if (c == '\n' || c == ';' || c == '=') {
        tok->kind = c == '\n' ? LEX_NEWLINE : c == ';' ? LEX_SEMI : LEX_EQ;
        save(lx, c);
        advance(lx);
    } else if (c == '"') {
        read_string(lx, tok);
    } else if (starts_number(lx)) {
        read_number(lx, tok);
    } else if (is_ident_start(c)) {
        read_word(lx, tok, LEX_WORD);
        if (tok->kind == LEX_WORD && (peek(lx, 0) == '.' || peek(lx, 0) == '/'))
            unquoted_path(lx, tok);
    } else if (c == '$') {
        advance(lx);
        if (!is_ident_start(peek(lx, 0)))
            fail(lx, tok, "expected a variable name after '$'");
        else
            read_word(lx, tok, LEX_VAR);
    } else {
        bad_character(lx, tok);
    }
    if (tok->kind != LEX_ERROR) {
        tok->text = lx->buf;
        tok->len = lx->blen;
    }
}
