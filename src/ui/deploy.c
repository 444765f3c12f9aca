/* deploy.c: `attnlab generate` and `attnlab evaluate` (deploy.h). */
#include "ui/deploy.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/strbuf.h"
#include "lab/checkpoint.h"
#include "lang/commands.h"
#include "lang/script.h"
#include "lang/session.h"
#include "nn/model.h"
#include "nn/parallel.h"
#include "ui/plain.h"
#include "viz/viz.h"

int deploy_is_command(int argc, char **argv)
{
    return argc >= 2 && (strcmp(argv[1], "generate") == 0 || strcmp(argv[1], "evaluate") == 0);
}

static int usage(const char *cmd, const char *why)
{
    if (why)
        fprintf(stderr, "%s %s: %s\n", PACKAGE_NAME, cmd, why);
    fprintf(stderr,
            "Usage: %s generate --model FILE.ckpt [--length N] [--temperature T] [--top-k K]\n"
            "                   [--seed S] PROMPT\n"
            "       %s evaluate --model FILE.ckpt [--seq N] FILE\n"
            "generate prints the model's continuation of PROMPT; evaluate prints its loss,\n"
            "perplexity and accuracy on FILE (a classifier: per-class metrics and the confusion\n"
            "matrix on a label<TAB>text file), as the same commands in a session would.\n",
            PACKAGE_NAME, PACKAGE_NAME);
    return 2;
}

/* Checks a flag's value against the command's own option spec (type and range). */
static int check_value(const char *cmd, const char *option, const char *text)
{
    const struct cmd_spec *spec = cmd_find(cmd);
    for (int i = 0; spec && spec->opts && spec->opts[i].name; i++) {
        const struct opt_spec *o = &spec->opts[i];
        if (strcmp(o->name, option) != 0)
            continue;
        char *end;
        double x = strtod(text, &end);
        int integral = o->type != VAL_INT || (x == (double)(long long)x && !strpbrk(text, ".eE"));
        if (end == text || *end || !integral || (o->min < o->max && (x < o->min || x > o->max)))
            return -1;
        return 0;
    }
    return -1;
}

/* A language string literal of s: quoted, with \ " and control characters escaped. */
static void quote(struct strbuf *b, const char *s)
{
    strbuf_puts(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            strbuf_printf(b, "\\%c", c);
        else if (c == '\n')
            strbuf_puts(b, "\\n");
        else if (c == '\t')
            strbuf_puts(b, "\\t");
        else if (c < 0x20)
            strbuf_printf(b, "\\u%04x", c);
        else
            strbuf_add(b, s, 1);
    }
    strbuf_puts(b, "\"");
}

int deploy_main(int argc, char **argv)
{
    const char *cmd = argv[1];
    int gen = strcmp(cmd, "generate") == 0;
    static const struct option longopts[] = {{"model", required_argument, NULL, 'm'},
                                             {"length", required_argument, NULL, 'n'},
                                             {"temperature", required_argument, NULL, 't'},
                                             {"top-k", required_argument, NULL, 'k'},
                                             {"seed", required_argument, NULL, 's'},
                                             {"seq", required_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *model = NULL;
    struct strbuf opts = {0};
    optind = 1;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, "m:h", longopts, NULL)) != -1) {
        const char *name = c == 'n'   ? "length"
                           : c == 't' ? "temperature"
                           : c == 'k' ? "top_k"
                           : c == 's' ? "seed"
                           : c == 'q' ? "seq"
                                      : NULL;
        if (c == 'm') {
            model = optarg;
        } else if (c == 'h') {
            usage(cmd, NULL);
            return 0;
        } else if (!name || (gen == (c == 'q'))) {
            free(strbuf_take(&opts));
            return usage(cmd, c == '?' ? "unknown option"
                                       : "that option belongs to the other "
                                         "command");
        } else if (check_value(cmd, name, optarg) != 0) {
            char why[160];
            snprintf(why, sizeof why, "bad value '%.40s' for --%s", optarg,
                     longopts[c == 'n'   ? 1
                              : c == 't' ? 2
                              : c == 'k' ? 3
                              : c == 's' ? 4
                                         : 5]
                         .name);
            free(strbuf_take(&opts));
            return usage(cmd, why);
        } else {
            strbuf_printf(&opts, " %s=%s", name, optarg);
        }
    }
    int rest = argc - 1 - optind;
    if (!model || rest != 1) {
        free(strbuf_take(&opts));
        return usage(cmd, !model ? "--model FILE is required"
                          : gen  ? "give one PROMPT"
                                 : "give one FILE to evaluate");
    }
    const char *arg = argv[1 + optind];
    char *options = strbuf_take(&opts);
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    struct session s;
    session_init(&s);
    s.lab.viz = viz_auto_options(getenv("TERM"), getenv("NO_COLOR"),
                                 strcmp(nl_langinfo(CODESET), "UTF-8") == 0); /* as main's */
    struct plain_sink plain;
    plain_sink_init(&plain, stdout, stderr, &s.settings);
    plain_catch_interrupts();
    struct lab_model *m;
    struct rng rng;
    struct al_error err;
    int status = 1;
    /* generate reads one sequence: compiled for inference only (no gradients, and the
     * optimizer state is checked but not kept) and for batch 1, it needs a far smaller arena
     * and computes the same numbers at any thread count. evaluate loads the model as `load
     * model` does, saved batch and threads included, which set how its sums are grouped, so
     * that its figures equal the session's to the last digit. */
    enum al_status st = checkpoint_load(model, gen ? 1 : 0, gen, &m, &rng, &err);
    if (st == AL_OK) {
        model_set_threads(m->net, s.settings.threads, NULL); /* as `load model` does */
        if ((st = lab_add_model(&s.lab, m, 0, NULL, &err)) != AL_OK)
            lab_model_free(m);
    }
    if (st != AL_OK) {
        fprintf(stderr, "%s %s: %s\n", PACKAGE_NAME, cmd, err.msg);
    } else {
        s.rng = rng; /* as `load model` does */
        struct strbuf line = {0};
        strbuf_printf(&line, "%s ", cmd);
        quote(&line, arg);
        strbuf_puts(&line, options ? options : "");
        char *text = strbuf_take(&line);
        if (text)
            status = script_run_text(&s, cmd, text, strlen(text), 1, &plain.sink) ? 1 : 0;
        free(text);
    }
    fflush(stdout);
    free(options);
    session_free(&s);
    return status;
}
