/* fuzz_script.c: the command language on any text: lexer, parser, evaluator and every
 * command, in a fresh session per input, its output rendered by the plain sink into
 * /dev/null. The session works in a private folder holding a.txt, b.tsv, c.lab and stop.txt
 * (names in the dictionary), so that load, run, fit and generate get real data. Long work is
 * cut short through the sink's interrupt (as Ctrl-C would), models are held to 32 MB by the
 * session's memory_limit, and inputs that change that limit or the thread count are skipped.
 * (The folder is not entered: libFuzzer's paths are relative. The script is named as a file
 * in it, and paths in a script are relative to the script's folder.) */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/script.h"
#include "lang/session.h"
#include "ui/plain.h"

struct budget {
    struct sink sink;
    struct plain_sink *plain;
    int polls;
};

static void forward_emit(struct sink *self, const struct block *b)
{
    struct budget *g = self->data;
    g->plain->sink.emit(&g->plain->sink, b);
}

/* Lets long commands run a few steps, then stops them. */
static int budget_interrupted(struct sink *self)
{
    struct budget *g = self->data;
    return ++g->polls > 6;
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    if (!f)
        abort();
    fputs(text, f);
    fclose(f);
}

static char script_name[64];

static void setup_folder(void)
{
    char dir[] = "/tmp/attnlab-fuzz-XXXXXX", start[4096];
    if (!getcwd(start, sizeof start) || !mkdtemp(dir))
        abort();
    snprintf(script_name, sizeof script_name, "%s/fuzz.lab", dir);
    if (chdir(dir) != 0)
        abort();
    put("a.txt", "To be, or not to be, that is the question:\n"
                 "Whether 'tis nobler in the mind to suffer\n"
                 "The slings and arrows of outrageous fortune.\n");
    put("b.tsv", "pos\tgood and fine\nneg\tbad and poor\npos\tlovely day\nneg\tawful day\n"
                 "pos\tgreat fun\nneg\tsad end\n");
    put("c.lab", "set seed=1\nload \"a.txt\"\nmodel r\n  embedding 8\n  lstm 8\n  output\nend\n");
    put("stop.txt", "the\nand # a comment\nof\n");
    if (chdir(start) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *null;
    if (!null) {
        setup_folder();
        null = fopen("/dev/null", "w");
        if (!null)
            abort();
    }
    if (memmem(data, size, "memory_limit", 12) || memmem(data, size, "threads", 7))
        return 0;
    struct session s;
    session_init(&s);
    s.settings.memory_limit = (size_t)32 << 20;
    s.keep_going = 1; /* every command of the input runs, errors or not */
    struct plain_sink plain;
    plain_sink_init(&plain, null, null, &s.settings);
    struct budget g = {.sink = {forward_emit, budget_interrupted, NULL}, .plain = &plain};
    g.sink.data = &g;
    script_run_text(&s, script_name, (const char *)data, size, 1, &g.sink);
    session_free(&s);
    return 0;
}
