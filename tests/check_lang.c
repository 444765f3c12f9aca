/* check_lang.c: the lexer, the parser, diagnostics, suggestions, option validation, and the
 * rule that a failing command leaves the session as it was. */
#include "config.h"

#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "data/tokenizer.h"
#include "lang/commands.h"
#include "lang/diag.h"
#include "lang/eval.h"
#include "lang/lexer.h"
#include "lang/manpage.h"
#include "lang/parser.h"
#include "lang/script.h"
#include "lang/session.h"
#include "nn/optim.h"

#include "testlib.h"

/* ---- helpers ---- */

/* Runs text as a script named "t.lab"; returns the error count added. */
static int run(struct session *s, struct capture *c, const char *text)
{
    int before = s->errors;
    script_run_text(s, "t.lab", text, strlen(text), 1, &c->sink);
    return s->errors - before;
}

/* ---- lexer ---- */

static void lex_all(const char *text, enum lex_kind *kinds, int *n, struct lex_token *toks)
{
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct lexer lx;
    lex_init(&lx, src);
    *n = 0;
    for (;;) {
        struct lex_token t;
        lex_next(&lx, &t);
        kinds[*n] = t.kind;
        if (toks) {
            toks[*n] = t;
            toks[*n].text = NULL; /* the lexer's buffer is reused */
        }
        (*n)++;
        if (t.kind == LEX_EOF || *n == 32)
            break;
    }
    lex_free(&lx);
    source_free(src);
}

START_TEST(test_lex_kinds_and_positions)
{
    enum lex_kind k[32];
    struct lex_token t[32];
    int n;
    lex_all("set seed=42 # c\nlet x = -1; echo .5 3e-4 $x \"s\"", k, &n, t);
    enum lex_kind want[] = {LEX_WORD,  LEX_WORD, LEX_EQ,     LEX_INT,  LEX_NEWLINE, LEX_WORD,
                            LEX_WORD,  LEX_EQ,   LEX_INT,    LEX_SEMI, LEX_WORD,    LEX_FLOAT,
                            LEX_FLOAT, LEX_VAR,  LEX_STRING, LEX_EOF};
    ck_assert_int_eq(n, 16);
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(k[i], want[i]);
    ck_assert_int_eq(t[3].ival, 42);
    ck_assert_int_eq(t[3].pos.line, 1);
    ck_assert_int_eq(t[3].pos.col, 10);
    ck_assert_int_eq(t[8].ival, -1);
    ck_assert_int_eq(t[8].pos.line, 2);
    ck_assert_int_eq(t[8].pos.col, 9);
    ck_assert(t[11].fval == 0.5);
    ck_assert(t[12].fval == 3e-4);
    ck_assert_int_eq(t[13].pos.col, 26);
}
END_TEST

START_TEST(test_lex_string_escapes_and_utf8_columns)
{
    const char *text = "echo \"\xC3\xA9\" \"a\\tb\\n\\\"\\\\\\u00e9\\u2192\" x";
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct lexer lx;
    lex_init(&lx, src);
    struct lex_token t;
    lex_next(&lx, &t); /* echo */
    lex_next(&lx, &t);
    ck_assert_int_eq(t.kind, LEX_STRING);
    ck_assert_str_eq(t.text, "\xC3\xA9");
    lex_next(&lx, &t);
    ck_assert_int_eq(t.kind, LEX_STRING);
    ck_assert_int_eq(t.pos.col, 10); /* "é" is three characters wide, not four */
    ck_assert_str_eq(t.text, "a\tb\n\"\\\xC3\xA9\xE2\x86\x92");
    lex_next(&lx, &t);
    ck_assert_int_eq(t.kind, LEX_WORD);
    ck_assert_int_eq(t.pos.col, 35);
    lex_free(&lx);
    source_free(src);
}
END_TEST

static const char *lex_error(const char *text, int *col)
{
    static char msg[200];
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct lexer lx;
    lex_init(&lx, src);
    struct lex_token t;
    do
        lex_next(&lx, &t);
    while (t.kind != LEX_ERROR && t.kind != LEX_EOF);
    snprintf(msg, sizeof msg, "%s", t.kind == LEX_ERROR ? lx.msg : "(none)");
    *col = t.pos.col;
    lex_free(&lx);
    source_free(src);
    return msg;
}

START_TEST(test_lex_errors)
{
    int col;
    ck_assert_str_eq(lex_error("echo \"abc", &col),
                     "unterminated string; expected a closing '\"' on the same line");
    ck_assert_int_eq(col, 6);
    ck_assert_str_eq(lex_error("echo \"a\\qb\"", &col),
                     "unknown escape '\\q' in string; expected \\n, \\t, \\\", \\\\ or \\uXXXX");
    ck_assert_int_eq(col, 8);
    ck_assert_str_eq(lex_error("set seed=3x", &col), "malformed number '3x'");
    ck_assert_int_eq(col, 10);
    ck_assert_str_eq(lex_error("echo $ 1", &col), "expected a variable name after '$'");
    ck_assert_str_eq(lex_error("echo \"\\uD800\"", &col),
                     "'\\uD800' is not a character that a string can hold");
    ck_assert_str_eq(lex_error("echo 'x'", &col),
                     "unexpected character \"'\"; strings take double quotes");
    ck_assert_str_eq(lex_error("echo \"\xC3\x28\"", &col), "invalid UTF-8 in string");
    ck_assert_str_eq(lex_error("run lesson.lab", &col),
                     "a file name needs double quotes: \"lesson.lab\"");
    ck_assert_int_eq(col, 5);
    ck_assert_str_eq(lex_error("set seed=99999999999999999999", &col),
                     "number '99999999999999999999' is out of range");
}
END_TEST

/* ---- parser ---- */

START_TEST(test_parse_command_and_let)
{
    const char *text = "compile optimizer=adamw lr=$lr 3 \"x\"\nlet a = 2\n";
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct parser p;
    struct lang_diag d;
    struct ast_cmd *c;
    parser_init(&p, src);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_OK);
    ck_assert_int_eq(c->kind, AST_COMMAND);
    ck_assert_str_eq(c->head.name, "compile");
    ck_assert_int_eq(c->head.nopts, 2);
    ck_assert_str_eq(c->head.opts[0].key, "optimizer");
    ck_assert_int_eq(c->head.opts[0].value.kind, AST_WORD);
    ck_assert_str_eq(c->head.opts[1].value.text, "lr");
    ck_assert_int_eq(c->head.opts[1].value.kind, AST_VAR);
    ck_assert_int_eq(c->head.opts[1].pos.col, 25);
    ck_assert_int_eq(c->head.nargs, 2);
    ck_assert_int_eq(c->head.args[0].ival, 3);
    ck_assert_int_eq(c->head.args[1].kind, AST_STRING);
    ast_cmd_free(c);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_OK);
    ck_assert_int_eq(c->kind, AST_LET);
    ck_assert_int_eq(c->head.nargs, 2);
    ck_assert_str_eq(c->head.args[0].text, "a");
    ck_assert_int_eq(c->head.args[1].ival, 2);
    ast_cmd_free(c);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_END);
    parser_free(&p);
    source_free(src);
}
END_TEST

START_TEST(test_parse_model_block)
{
    const char *text = "model tiny\n  embedding 64\n\n  block 2 heads=4; output\nend; echo 1";
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct parser p;
    struct lang_diag d;
    struct ast_cmd *c;
    parser_init(&p, src);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_OK);
    ck_assert_int_eq(c->kind, AST_MODEL);
    ck_assert_str_eq(c->head.args[0].text, "tiny");
    ck_assert_int_eq(c->nlayers, 3);
    ck_assert_str_eq(c->layers[1].name, "block");
    ck_assert_int_eq(c->layers[1].pos.line, 4);
    ck_assert_int_eq(c->layers[1].pos.col, 3);
    ck_assert_str_eq(c->layers[1].opts[0].key, "heads");
    ck_assert_str_eq(c->layers[2].name, "output");
    ck_assert_int_eq(c->end_pos.line, 5);
    ast_cmd_free(c);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_OK);
    ck_assert_str_eq(c->head.name, "echo");
    ast_cmd_free(c);
    parser_free(&p);
    source_free(src);
}
END_TEST

START_TEST(test_parse_incomplete_and_errors)
{
    ck_assert(parse_is_incomplete("model x\n embedding 3\n", 21));
    ck_assert(parse_is_incomplete("model x", 7));
    ck_assert(!parse_is_incomplete("model x\nend\n", 12));
    ck_assert(!parse_is_incomplete("echo 1\n", 7));

    /* An error skips to the next statement; inside a block, past its 'end'. */
    const char *text = "set =3\nmodel m\n 64\n embedding 3\nend\necho ok\nend\n";
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct parser p;
    struct lang_diag d;
    struct ast_cmd *c;
    parser_init(&p, src);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_ERROR);
    ck_assert_str_eq(d.msg, "expected an option name before '='");
    ck_assert_int_eq(d.pos.col, 5);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_ERROR);
    ck_assert_str_eq(d.msg, "expected a layer (such as 'embedding 64') or 'end', got '64'");
    ck_assert_int_eq(d.pos.line, 3);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_OK);
    ck_assert_str_eq(c->head.name, "echo");
    ast_cmd_free(c);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_ERROR);
    ck_assert_str_eq(d.msg, "'end' without an open 'model' block");
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_END);
    parser_free(&p);
    source_free(src);
}
END_TEST

START_TEST(test_parse_limits)
{
    struct strbuf b = {0};
    strbuf_puts(&b, "echo");
    for (int i = 0; i < PARSE_MAX_ITEMS + 1; i++)
        strbuf_puts(&b, " 1");
    char *text = strbuf_take(&b);
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct parser p;
    struct lang_diag d;
    struct ast_cmd *c;
    parser_init(&p, src);
    ck_assert_int_eq(parser_next(&p, &c, &d), PARSE_ERROR);
    ck_assert_str_eq(d.msg, "too many items on one line (limit 64)");
    parser_free(&p);
    source_free(src);
    free(text);
}
END_TEST

/* ---- diagnostics and suggestions ---- */

START_TEST(test_diag_format_with_caret)
{
    const char *text = "set seed=1\ncompile optimizer=adamw lr_rate=3e-3\n";
    struct lang_source *src = source_new("lesson.lab", text, strlen(text), 1);
    struct lang_diag d;
    struct lang_pos pos = {src, 2, 25, 11 + 24};
    diag_set(&d, &pos, AL_EINVAL, "unknown option '%s' for 'compile'", "lr_rate");
    diag_suggest(&d, "lr");
    char *s = diag_format(&d);
    ck_assert_str_eq(s, "lesson.lab:2:25: error: unknown option 'lr_rate' for 'compile'; "
                        "did you mean 'lr'?\n"
                        "    compile optimizer=adamw lr_rate=3e-3\n"
                        "                            ^\n");
    free(s);
    diag_set(&d, NULL, AL_EIO, "no position");
    s = diag_format(&d);
    ck_assert_str_eq(s, "attnlab: error: no position\n");
    free(s);
    source_free(src);
}
END_TEST

START_TEST(test_diag_caret_after_utf8_and_tab)
{
    const char *text = "\techo \"\xC3\xA9\" @";
    struct lang_source *src = source_new("t", text, strlen(text), 1);
    struct lang_diag d;
    struct lang_pos pos = {src, 1, 11, 11};
    diag_set(&d, &pos, AL_EINVAL, "x");
    char *s = diag_format(&d);
    ck_assert_str_eq(s, "t:1:11: error: x\n    \techo \"\xC3\xA9\" @\n    \t         ^\n");
    free(s);
    source_free(src);
}
END_TEST

START_TEST(test_suggestions)
{
    ck_assert_int_eq(diag_distance("ca", "ac"), 1);
    ck_assert_int_eq(diag_distance("kitten", "sitting"), 3);
    ck_assert_int_eq(diag_distance("", "abc"), 3);
    const char *opts[] = {"optimizer", "lr", "betas", "clip"};
    ck_assert_str_eq(diag_nearest("lr_rate", opts, 4), "lr");
    ck_assert_str_eq(diag_nearest("optimiser", opts, 4), "optimizer");
    ck_assert_str_eq(diag_nearest("clp", opts, 4), "clip");
    ck_assert_ptr_null(diag_nearest("zzzzzz", opts, 4));
    const char *set[] = {"seed", "threads", "colour", "glyphs"};
    ck_assert_str_eq(diag_nearest("color", set, 4), "colour");
    ck_assert_str_eq(diag_nearest("sede", set, 4), "seed");
    ck_assert_ptr_null(diag_nearest("x", set, 4));
}
END_TEST

/* ---- evaluation ---- */

static void assert_error(struct session *s, const char *cmd, const char *want)
{
    struct capture c;
    capture_init(&c);
    ck_assert_int_eq(run(s, &c, cmd), 1);
    ck_assert_str_eq(text_of(&c.err), want);
    capture_free(&c);
}

START_TEST(test_option_validation_messages)
{
    struct session s;
    session_init(&s);
    assert_error(&s, "set seed=fast",
                 "t.lab:1:10: error: expected an integer for 'seed', got 'fast'\n"
                 "    set seed=fast\n             ^\n");
    assert_error(&s, "set threads=0",
                 "t.lab:1:13: error: threads=0 is out of range; expected 1 to 256\n"
                 "    set threads=0\n                ^\n");
    assert_error(&s, "set colr=on",
                 "t.lab:1:5: error: unknown option 'colr' for 'set'; did you mean 'colour'?\n"
                 "    set colr=on\n        ^\n");
    assert_error(&s, "sett",
                 "t.lab:1:1: error: unknown command 'sett'; did you mean 'set'?\n"
                 "    sett\n    ^\n");
    assert_error(&s, "set seed=1 seed=2",
                 "t.lab:1:12: error: option 'seed' is given twice\n"
                 "    set seed=1 seed=2\n               ^\n");
    assert_error(&s, "quit now",
                 "t.lab:1:6: error: unexpected argument 'now'; 'quit' takes none\n"
                 "    quit now\n         ^\n");
    assert_error(&s, "run",
                 "t.lab:1:1: error: missing file for 'run'; usage: run \"FILE\"\n"
                 "    run\n    ^\n");
    assert_error(&s, "set glyphs=\"ascii\"",
                 "t.lab:1:12: error: unknown value \"ascii\" for 'glyphs'; expected one of "
                 "auto, unicode, ascii; did you mean 'ascii'?\n"
                 "    set glyphs=\"ascii\"\n               ^\n");
    session_free(&s);
}
END_TEST

START_TEST(test_variables_substitute_at_evaluation)
{
    struct session s;
    session_init(&s);
    struct capture c;
    capture_init(&c);
    ck_assert_int_eq(run(&s, &c, "let n = 5\nset seed=$n\nlet n = 6\necho $n \"x\"\nset"), 0);
    ck_assert_str_eq(text_of(&c.out), "6 x\nseed=5 threads=1 colour=auto glyphs=auto\n");
    ck_assert_int_eq(s.settings.seed, 5);
    capture_free(&c);
    assert_error(&s, "set seed=$m",
                 "t.lab:1:10: error: unknown variable '$m'; did you mean '$n'?\n"
                 "    set seed=$m\n             ^\n");
    session_free(&s);
}
END_TEST

/* Everything a failed command must not touch. */
struct snapshot {
    struct session_settings settings;
    struct rng rng;
    int nvars;
    char vars[256];
};

static void take_snapshot(const struct session *s, struct snapshot *snap)
{
    memset(snap, 0, sizeof *snap);
    snap->settings = s->settings;
    snap->rng = s->rng;
    snap->nvars = s->nvars;
    for (int i = 0; i < s->nvars; i++)
        snprintf(snap->vars + strlen(snap->vars), sizeof snap->vars - strlen(snap->vars), "%s=%s;",
                 s->vars[i].name, s->vars[i].value.text);
}

START_TEST(test_failed_commands_change_nothing)
{
    static const char *const bad[] = {
        "set seed=5 threads=0", /* seed is valid, threads not: seed must not change */
        "set colour=off glyphs=emoji",
        "set threads=2 seed=-1",
        "let x = $nope",
        "let = 3",
        "model m\n embedding 8\n atention\nend",
        "model m\nend",
        "set seed=1.5 colour=on",
        "help nothing",
        "run \"/nonexistent/x.lab\"",
        "echo \"unterminated",
        "set seed=3 seed=4",
    };
    struct session s;
    session_init(&s);
    struct capture c;
    capture_init(&c);
    ck_assert_int_eq(run(&s, &c, "set seed=9 threads=1 colour=on\nlet x = 1\nlet y = \"two\""), 0);
    rng_u32(&s.rng); /* the RNG has moved on from its seed: a reseed would show */
    struct snapshot before, after;
    take_snapshot(&s, &before);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(run(&s, &c, bad[i]) == 1, "'%s' should fail", bad[i]);
        take_snapshot(&s, &after);
        ck_assert_msg(memcmp(&before, &after, sizeof before) == 0, "'%s' changed the session",
                      bad[i]);
    }
    capture_free(&c);
    session_free(&s);
}
END_TEST

START_TEST(test_keep_going_and_stop)
{
    struct session s;
    session_init(&s);
    struct capture c;
    capture_init(&c);
    ck_assert_int_eq(run(&s, &c, "echo 1\nbad\necho 2\nworse\necho 3"), 1);
    ck_assert_str_eq(text_of(&c.out), "1\n");
    s.keep_going = 1;
    ck_assert_int_eq(run(&s, &c, "echo a\nbad\necho b\nworse\necho c"), 2);
    ck_assert_str_eq(text_of(&c.out), "1\na\nb\nc\n");
    capture_free(&c);
    session_free(&s);
}
END_TEST

START_TEST(test_nested_run_reports_inner_position)
{
    char dir[] = "/tmp/check_lang_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char outer[64], inner[64];
    snprintf(outer, sizeof outer, "%s/outer.lab", dir);
    snprintf(inner, sizeof inner, "%s/inner.lab", dir);
    FILE *f = fopen(inner, "w");
    fputs("echo \"in\"\n  set seed=x\n", f);
    fclose(f);
    f = fopen(outer, "w");
    fputs("run \"inner.lab\"\necho \"not reached\"\n", f);
    fclose(f);
    struct session s;
    session_init(&s);
    struct capture c;
    capture_init(&c);
    struct al_error err;
    ck_assert_int_ne(script_run_file(&s, outer, &c.sink, &err), AL_OK);
    ck_assert_int_eq(s.errors, 1);
    ck_assert_str_eq(text_of(&c.out), "in\n");
    char want[256];
    snprintf(want, sizeof want,
             "%s:2:12: error: expected an integer for 'seed', got 'x'\n"
             "      set seed=x\n"
             "               ^\n",
             inner);
    ck_assert_str_eq(text_of(&c.err), want);
    capture_free(&c);
    session_free(&s);
    /* A script that runs itself stops at the depth limit. */
    f = fopen(outer, "w");
    fputs("run \"outer.lab\"\n", f);
    fclose(f);
    session_init(&s);
    capture_init(&c);
    ck_assert_int_ne(script_run_file(&s, outer, &c.sink, &err), AL_OK);
    ck_assert_int_eq(s.errors, 1);
    ck_assert_int_eq(s.run_depth, 0);
    ck_assert_ptr_nonnull(strstr(text_of(&c.err), "nested too deeply (limit 16)"));
    capture_free(&c);
    session_free(&s);
    remove(inner);
    remove(outer);
    remove(dir);
}
END_TEST

START_TEST(test_table_lookups)
{
    const char *names[64];
    size_t n = cmd_names(names, 64);
    ck_assert_uint_ge(n, 8);
    ck_assert_str_eq(names[0], "set");
    ck_assert_ptr_nonnull(cmd_find("run"));
    ck_assert_ptr_null(cmd_find("embedding"));
    ck_assert_ptr_nonnull(layer_find("embedding"));
    const char *opts[8];
    ck_assert_uint_eq(cmd_option_names(cmd_find("set"), opts, 8), 6);
    ck_assert_str_eq(opts[5], "memory_limit");
    ck_assert_str_eq(opts[1], "threads");
    /* Every command's help text includes its summary line. */
    size_t ng;
    const struct cmd_group *g = cmd_groups(&ng);
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < *g[i].count; j++) {
            char *h = cmd_help_text(&g[i].specs[j], NULL);
            ck_assert_ptr_nonnull(strstr(h, g[i].specs[j].summary));
            free(h);
        }
}
END_TEST

/* The words of an enum live with the enum; the command table uses that one list. */
static size_t count_words(const char *const *words)
{
    size_t n = 0;
    while (words[n])
        n++;
    return n;
}

static const struct opt_spec *find_option(const char *command, const char *option)
{
    const struct cmd_spec *spec = cmd_find(command);
    for (int i = 0; spec && spec->opts && spec->opts[i].name; i++)
        if (strcmp(spec->opts[i].name, option) == 0)
            return &spec->opts[i];
    return NULL;
}

START_TEST(test_enum_word_lists)
{
    ck_assert_uint_eq(count_words(optim_kind_words), OPTIM_KIND_COUNT);
    ck_assert_uint_eq(count_words(schedule_kind_words), SCHEDULE_KIND_COUNT);
    ck_assert_uint_eq(count_words(tok_kind_words), TOK_KIND_COUNT);
    ck_assert_str_eq(optim_kind_words[OPTIM_ADAMW], "adamw");
    ck_assert_str_eq(schedule_kind_words[SCHEDULE_COSINE], "cosine");
    ck_assert_str_eq(tok_kind_words[TOK_BPE], "bpe");
    for (int k = 0; k < OPTIM_KIND_COUNT; k++)
        ck_assert_str_eq(optim_kind_name((enum optim_kind)k), optim_kind_words[k]);
    for (int k = 0; k < TOK_KIND_COUNT; k++)
        ck_assert_str_eq(tok_kind_name((enum tok_kind)k), tok_kind_words[k]);
    /* the option's value is an index into the owner's list, so it must be that list */
    ck_assert_ptr_eq(find_option("compile", "optimizer")->words, optim_kind_words);
    ck_assert_ptr_eq(find_option("compile", "schedule")->words, schedule_kind_words);
    /* load's tokenizer= is the trainable kinds, in the owner's order, then "model" (the
     * current model's own tokenizer) */
    const char *const *tw = find_option("load", "tokenizer")->words;
    for (int k = 0; k < TOK_KIND_COUNT; k++)
        ck_assert_str_eq(tw[k], tok_kind_words[k]);
    ck_assert_str_eq(tw[TOK_KIND_COUNT], "model");
    ck_assert_ptr_null(tw[TOK_KIND_COUNT + 1]);
}
END_TEST

/* Stands in for the notebook's writer: records the file it was asked to write. */
static enum al_status fake_save_lab(void *ctx, const char *path, struct al_error *err)
{
    (void)err;
    snprintf(ctx, 64, "%s", path);
    return AL_OK;
}

START_TEST(test_keyword_dispatch)
{
    int consumed;
    const struct cmd_spec *spec = cmd_select("save", "notebook", &consumed);
    ck_assert_ptr_nonnull(spec);
    ck_assert_str_eq(spec->keyword, "notebook");
    ck_assert_int_eq(consumed, 1);
    ck_assert_ptr_null(cmd_select("save", "modle", &consumed)); /* save has no default */
    ck_assert_ptr_null(cmd_select("save", NULL, &consumed));
    ck_assert_ptr_null(cmd_select("nosuch", NULL, &consumed));
    const struct cmd_spec *plot = cmd_select("plot", "loss", &consumed);
    ck_assert_int_eq(consumed, 0); /* no keywords: every word is an argument */
    ck_assert_ptr_eq(cmd_select("plot", NULL, &consumed), plot);
    spec = cmd_select("export", NULL, &consumed);
    ck_assert_ptr_nonnull(spec);
    ck_assert_ptr_null(spec->keyword);
    const char *words[8];
    size_t nwords = cmd_keywords("save", words, 8);
    ck_assert_uint_ge(nwords, 1);
    char title[64];
    ck_assert_str_eq(cmd_title(cmd_select("save", "notebook", &consumed), title, sizeof title),
                     "save notebook");
    ck_assert_str_eq(cmd_title(plot, title, sizeof title), "plot");

    /* Through the evaluator: the keyword selects the entry and is not its first argument. */
    struct session s;
    session_init(&s);
    char written[64] = "";
    s.ui.ctx = written;
    s.ui.save_lab = fake_save_lab;
    struct capture c;
    capture_init(&c);
    ck_assert_int_eq(run(&s, &c, "save notebook \"x.lab\""), 0);
    ck_assert_str_eq(written, "x.lab");
    ck_assert_str_eq(text_of(&c.out), "saved the notebook's cells to x.lab\n");
    capture_free(&c);

    /* An unknown keyword, a missing one, a string or a $variable in its place: each fails
     * before the command runs, and says which keywords there are. */
    static const char *const bad[] = {"save modle \"x.lab\"", "save", "save \"x.lab\"",
                                      "let w = notebook\nsave $w \"x.lab\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        capture_init(&c);
        written[0] = '\0';
        ck_assert_msg(run(&s, &c, bad[i]) == 1, "'%s' should fail", bad[i]);
        ck_assert_str_eq(written, "");
        ck_assert_msg(strstr(text_of(&c.err), "for 'save'; expected one of ") ||
                          strstr(text_of(&c.err), "after 'save'; expected one of ") ||
                          strstr(text_of(&c.err), "'save' takes one of "),
                      "%s", text_of(&c.err));
        if (i == 2) /* a .lab file name says which keyword was meant */
            ck_assert_msg(strstr(text_of(&c.err), "write save notebook \"x.lab\""), "%s",
                          text_of(&c.err));
        for (size_t k = 0; k < nwords && k < 8; k++)
            ck_assert_msg(strstr(text_of(&c.err), words[k]), "%s", text_of(&c.err));
        capture_free(&c);
    }
    capture_init(&c);
    ck_assert_int_eq(run(&s, &c, "save modle \"x.lab\""), 1);
    ck_assert_ptr_nonnull(strstr(text_of(&c.err), "t.lab:1:6: error: unknown keyword 'modle' "
                                                  "for 'save'; expected one of "));
    capture_free(&c);

    /* help NAME shows every form of the name */
    capture_init(&c);
    ck_assert_int_eq(run(&s, &c, "help save"), 0);
    const struct cmd_spec *all[8];
    size_t nall = cmd_find_all("save", all, 8);
    ck_assert_uint_eq(nall, nwords);
    for (size_t k = 0; k < nall && k < 8; k++)
        ck_assert_msg(strstr(text_of(&c.out), all[k]->usage), "%s", text_of(&c.out));
    capture_free(&c);
    session_free(&s);
}
END_TEST

/* Validates one value, written as source text, the way the evaluator validates what a user
 * writes: as option o of spec (positional 0) or as its only positional argument (1), with
 * the other arguments not required. Returns 1 when it passes; else the message in why. */
static int value_validates(const struct session *s, const struct cmd_spec *spec,
                           const struct opt_spec *o, int positional, char *why, size_t whylen)
{
    char text[256];
    const char *quote = o->type == VAL_STRING ? "\"" : "";
    ck_assert_msg(strpbrk(o->def, "\"\\") == NULL, "%s %s: a default with quotes", spec->name,
                  o->name);
    if (positional)
        snprintf(text, sizeof text, "x %s%s%s", quote, o->def, quote);
    else
        snprintf(text, sizeof text, "x %s=%s%s%s", o->name, quote, o->def, quote);
    struct cmd_spec one = *spec;
    one.min_args = 0;
    if (positional) {
        one.args = o;
        one.max_args = 1;
    }
    struct lang_source *src = source_new("default", text, strlen(text), 1);
    struct parser p;
    parser_init(&p, src);
    struct ast_cmd *cmd = NULL;
    struct lang_diag d;
    memset(&d, 0, sizeof d);
    int ok = parser_next(&p, &cmd, &d) == PARSE_OK;
    static struct lang_value args[CMD_MAX_ARGS], opts[CMD_MAX_OPTS];
    int nargs = 0;
    if (ok)
        ok = eval_validate_line(s, &one, &cmd->head, "command", args, &nargs, opts, &d) == AL_OK;
    snprintf(why, whylen, "'%.200s': %.250s", text, ok ? "" : d.msg);
    ast_cmd_free(cmd);
    parser_free(&p);
    source_free(src);
    return ok;
}

static int spec_defaults_validate(const struct session *s, const struct cmd_spec *spec)
{
    char why[512];
    int checked = 0;
    for (int k = 0; spec->args && spec->args[k].name; k++)
        if (spec->args[k].def) {
            ck_assert_msg(value_validates(s, spec, &spec->args[k], 1, why, sizeof why),
                          "%s: the default of argument %s fails validation: %s", spec->name,
                          spec->args[k].name, why);
            checked++;
        }
    for (int k = 0; spec->opts && spec->opts[k].name; k++)
        if (spec->opts[k].def) {
            ck_assert_msg(value_validates(s, spec, &spec->opts[k], 0, why, sizeof why),
                          "%s: the default of %s fails validation: %s", spec->name,
                          spec->opts[k].name, why);
            checked++;
        }
    return checked;
}

/* Every default in the table (of commands and of layer lines) passes the evaluator's own
 * validation of the option it belongs to: its type, its range, its enum words. */
START_TEST(test_defaults_pass_validation)
{
    struct session s;
    session_init(&s);
    int checked = 0;
    size_t ng;
    const struct cmd_group *g = cmd_groups(&ng);
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < *g[i].count; j++)
            checked += spec_defaults_validate(&s, &g[i].specs[j]);
    const char *names[64];
    size_t nl = layer_names(names, 64);
    ck_assert_uint_le(nl, 64);
    for (size_t i = 0; i < nl; i++)
        checked += spec_defaults_validate(&s, layer_find(names[i]));
    ck_assert_int_ge(checked, 20); /* the table has defaults to check */
    /* and the check can fail: a default out of its range, or not one of its words */
    const struct cmd_spec *compile = cmd_find("compile");
    ck_assert_ptr_nonnull(compile);
    char why[512];
    struct opt_spec bad = {.name = "beta1", .type = VAL_FLOAT, .def = "2", .min = 0, .max = 1};
    ck_assert(!value_validates(&s, compile, &bad, 0, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "out of range"));
    bad = (struct opt_spec){.name = "optimizer",
                            .type = VAL_ENUM,
                            .def = "adamx",
                            .words = (const char *const[]){"adam", NULL}};
    ck_assert(!value_validates(&s, compile, &bad, 0, why, sizeof why));
    session_free(&s);
}
END_TEST

static size_t count_opts(const struct opt_spec *list)
{
    size_t n = 0;
    while (list && list[n].name)
        n++;
    return n;
}

/* What the evaluator and help rely on in every row of the table. */
static void check_row(const struct cmd_spec *spec, int is_layer)
{
    ck_assert_ptr_nonnull(spec->name);
    ck_assert_msg(spec->summary && spec->summary[0], "%s: no summary", spec->name);
    ck_assert_msg(spec->summary[strlen(spec->summary) - 1] != '.', "%s: summary ends in '.'",
                  spec->name);
    ck_assert_msg(spec->usage, "%s: no usage", spec->name);
    ck_assert_msg(is_layer ? !spec->exec : spec->exec != NULL, "%s: exec", spec->name);
    char title[96];
    cmd_title(spec, title, sizeof title);
    ck_assert_msg(strncmp(spec->usage, title, strlen(title)) == 0,
                  "%s: the usage does not start with '%s'", spec->name, title);
    ck_assert_msg(spec->min_args <= spec->max_args && spec->max_args <= CMD_MAX_ARGS,
                  "%s: argument counts", title);
    size_t nargs = count_opts(spec->args);
    ck_assert_msg(spec->max_args == 0 || nargs >= 1, "%s: arguments without specs", title);
    ck_assert_msg((size_t)spec->min_args <= nargs, "%s: fewer specs than min_args", title);
    ck_assert_msg(count_opts(spec->opts) <= CMD_MAX_OPTS, "%s: too many options", title);
}

START_TEST(test_every_spec_row_is_complete)
{
    size_t ng;
    const struct cmd_group *g = cmd_groups(&ng);
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < *g[i].count; j++) {
            const struct cmd_spec *spec = &g[i].specs[j];
            check_row(spec, 0);
            /* the entries of one name: distinct keywords, at most one default */
            const struct cmd_spec *all[16];
            size_t n = cmd_find_all(spec->name, all, 16), defaults = 0;
            ck_assert_uint_le(n, 16);
            for (size_t a = 0; a < n; a++) {
                defaults += !all[a]->keyword;
                for (size_t b = a + 1; b < n; b++)
                    ck_assert_msg(!all[a]->keyword || !all[b]->keyword ||
                                      strcmp(all[a]->keyword, all[b]->keyword) != 0,
                                  "%s %s: twice", spec->name, all[a]->keyword);
            }
            ck_assert_msg(defaults <= 1, "%s: %zu defaults", spec->name, defaults);
        }
    const char *names[64];
    size_t n = layer_names(names, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        check_row(layer_find(names[i]), 1);
}
END_TEST

/* A capture that asks long work to stop at its n-th poll. */
struct pausing {
    struct capture c;
    int polls, stop_at;
};

static int pausing_interrupted(struct sink *self)
{
    struct pausing *p = (struct pausing *)((char *)self->data - offsetof(struct pausing, c));
    return ++p->polls == p->stop_at;
}

/* `step` without options after a pause carries on with the paused command's options, not
 * the defaults (a teacher paused `step 20 batch=4 seq=8 eval_every=5`). */
START_TEST(test_step_resumes_with_its_options)
{
    const char *top = getenv("top_srcdir");
    char script[8192];
    snprintf(script, sizeof script,
             "set seed=1\nload \"%s/corpora/english.txt\"\n"
             "model m context=16\n embedding 8\n lstm 8\n output\nend\ncompile batch=8\n",
             top ? top : ".");
    struct session s;
    session_init(&s);
    struct pausing p = {.stop_at = 0};
    capture_init(&p.c);
    p.c.sink.interrupted = pausing_interrupted;
    ck_assert_int_eq(run(&s, &p.c, script), 0);
    p.polls = 0; /* count the step's polls only (loading polls too) */
    p.stop_at = 3;
    ck_assert_int_eq(run(&s, &p.c, "step 20 batch=4 seq=8 eval_every=5"), 0);
    ck_assert_int_eq(s.lab.run.paused_left, 17);
    p.stop_at = 0;
    ck_assert_int_eq(run(&s, &p.c, "step"), 0);
    ck_assert_msg(strstr(text_of(&p.c.out), "carrying on: 17 steps left of the paused command "
                                            "(batch=4 seq=8 eval_every=5)") != NULL,
                  "%s", text_of(&p.c.out));
    ck_assert_msg(strstr(text_of(&p.c.out), "steps 4..20") != NULL, "%s", text_of(&p.c.out));
    /* validation every 5 steps of the resumed run too: steps 5, 10, 15, 20 */
    ck_assert_int_eq(lab_current(&s.lab)->val.n, 4);
    capture_free(&p.c);
    session_free(&s);
}
END_TEST

/* doc/attnlab.1 is the man page the table generates (make man); they must agree. */
START_TEST(test_man_page_matches_table)
{
    char *doc;
    size_t len;
    struct al_error err;
    ck_assert_msg(script_read_file(srcpath("doc/attnlab.1"), &doc, &len, &err) == AL_OK, "%s",
                  err.msg);
    char *man = cmd_man_page(PACKAGE_VERSION);
    ck_assert_ptr_nonnull(man);
    ck_assert_msg(strcmp(doc, man) == 0,
                  "doc/attnlab.1 is out of date: regenerate it with 'make man'");
    /* the sections a man page has, and every command of the table */
    const char *const sections[] = {
        ".SH NAME",  ".SH SYNOPSIS",    ".SH OPTIONS",     ".SH THE LANGUAGE IN BRIEF",
        ".SH FILES", ".SH ENVIRONMENT", ".SH EXIT STATUS", ".SH EXAMPLES"};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        ck_assert_msg(strstr(man, sections[i]) != NULL, "no %s", sections[i]);
    size_t ng;
    const struct cmd_group *g = cmd_groups(&ng);
    for (size_t i = 0; i < ng; i++)
        for (size_t j = 0; j < *g[i].count; j++) {
            char key[64];
            snprintf(key, sizeof key, ".B %s", g[i].specs[j].name);
            ck_assert_msg(strstr(man, key) != NULL, "no %s", key);
        }
    free(man);
    free(doc);
}
END_TEST

/* doc/language.md carries the reference that the table generates; they must agree. */
START_TEST(test_doc_matches_table)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", srcpath("doc/language.md"));
    char *doc;
    size_t len;
    struct al_error err;
    ck_assert_msg(script_read_file(path, &doc, &len, &err) == AL_OK, "%s", err.msg);
    char *ref = cmd_reference_markdown();
    ck_assert_msg(strstr(doc, ref) != NULL,
                  "doc/language.md is out of date: regenerate its reference with "
                  "'attnlab --reference'");
    free(ref);
    free(doc);
}
END_TEST

static Suite *lang_suite(void)
{
    Suite *s = suite_create("lang");
    TCase *t = tcase_create("lexer");
    tcase_add_test(t, test_lex_kinds_and_positions);
    tcase_add_test(t, test_lex_string_escapes_and_utf8_columns);
    tcase_add_test(t, test_lex_errors);
    suite_add_tcase(s, t);
    t = tcase_create("parser");
    tcase_add_test(t, test_parse_command_and_let);
    tcase_add_test(t, test_parse_model_block);
    tcase_add_test(t, test_parse_incomplete_and_errors);
    tcase_add_test(t, test_parse_limits);
    suite_add_tcase(s, t);
    t = tcase_create("diag");
    tcase_add_test(t, test_diag_format_with_caret);
    tcase_add_test(t, test_diag_caret_after_utf8_and_tab);
    tcase_add_test(t, test_suggestions);
    suite_add_tcase(s, t);
    t = tcase_create("eval");
    tcase_add_test(t, test_option_validation_messages);
    tcase_add_test(t, test_variables_substitute_at_evaluation);
    tcase_add_test(t, test_failed_commands_change_nothing);
    tcase_add_test(t, test_keep_going_and_stop);
    tcase_add_test(t, test_nested_run_reports_inner_position);
    tcase_add_test(t, test_table_lookups);
    tcase_add_test(t, test_enum_word_lists);
    tcase_add_test(t, test_keyword_dispatch);
    tcase_add_test(t, test_every_spec_row_is_complete);
    tcase_add_test(t, test_defaults_pass_validation);
    tcase_add_test(t, test_doc_matches_table);
    tcase_add_test(t, test_step_resumes_with_its_options);
    tcase_add_test(t, test_man_page_matches_table);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suites((const suite_fn[]){lang_suite, NULL});
}
