/* manpage.c: attnlab(1) in roff (man(7) macros), its language part from the command table. */
#include "lang/manpage.h"

#include <string.h>

#include "core/strbuf.h"
#include "lang/commands.h"

/* Text with roff's specials escaped: a backslash, a minus, a double quote (which .B would
 * take as grouping), and a line starting with '.' or '\''. */
static void roff_text(struct strbuf *b, const char *s)
{
    int bol = 1;
    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\''))
            strbuf_puts(b, "\\&");
        if (*s == '\\')
            strbuf_puts(b, "\\e");
        else if (*s == '-')
            strbuf_puts(b, "\\-");
        else if (*s == '"')
            strbuf_puts(b, "\\(dq");
        else
            strbuf_printf(b, "%c", *s);
        bol = *s == '\n';
    }
}

static const char *const head =
    ".TH ATTNLAB 1 \"\" \"attnlab %s\" \"User Commands\"\n"
    ".SH NAME\n"
    "attnlab \\- a terminal laboratory for small neural language models\n"
    ".SH SYNOPSIS\n"
    ".B attnlab\n"
    "[\\fIOPTION\\fR]... [\\fIFILE\\fR.lab]...\n"
    ".SH DESCRIPTION\n"
    "attnlab loads a text corpus, tokenizes it, builds layer stacks (embedding, positional\n"
    "encoding, multi\\-head self\\-attention, transformer blocks, LSTM, dense), trains them step\n"
    "by step while the loss curve and the attention weights redraw, evaluates, explains, and\n"
    "generates text. Commands are typed into a full\\-screen notebook (each command a cell with\n"
    "its output under it) or run from script files, without the screen, for lessons, tests and\n"
    "automation.\n"
    ".PP\n"
    "With a terminal and one lesson file, the notebook opens the file as cells; F5 runs the\n"
    "next one and F1 lists the keys. Otherwise each \\fIFILE\\fR runs in order (\\- is\n"
    "standard input), after the commands of \\fB\\-e\\fR; without either, the commands piped\n"
    "into standard input run one statement at a time.\n"
    ".SH OPTIONS\n"
    ".TP\n"
    "\\fB\\-e\\fR, \\fB\\-\\-execute\\fR=\\fICOMMANDS\\fR\n"
    "Run \\fICOMMANDS\\fR (separated by ;). May be repeated; runs before the files.\n"
    ".TP\n"
    "\\fB\\-b\\fR, \\fB\\-\\-batch\\fR\n"
    "Run scripts in plain mode even on a terminal.\n"
    ".TP\n"
    "\\fB\\-k\\fR, \\fB\\-\\-keep\\-going\\fR\n"
    "Report every error and run on; exit 1 at the end.\n"
    ".TP\n"
    "\\fB\\-\\-reference\\fR\n"
    "Print the command reference in Markdown (doc/language.md's) and exit.\n"
    ".TP\n"
    "\\fB\\-\\-man\\fR\n"
    "Print this manual page (roff) and exit.\n"
    ".TP\n"
    "\\fB\\-\\-mpi\\fR\n"
    "Join an MPI job even when no launcher's environment says so (mpirun implies it): each\n"
    "process trains on its share of every batch (doc/scale-out.md). A build without\n"
    "\\fBconfigure \\-\\-with\\-mpi\\fR says so and exits 2.\n"
    ".TP\n"
    "\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n"
    "Display a short help and exit.\n"
    ".TP\n"
    "\\fB\\-V\\fR, \\fB\\-\\-version\\fR\n"
    "Output version information and exit.\n"
    ".SH THE LANGUAGE IN BRIEF\n"
    "One command a line; ; separates commands on one line; # starts a comment. A command is a\n"
    "word, then values, then \\fIkey\\fR=\\fIvalue\\fR options in any order. Values are\n"
    "integers, numbers (3e\\-4), words, strings in double quotes, and $\\fIname\\fR for a\n"
    "variable set with \\fBlet\\fR \\fIname\\fR = \\fIvalue\\fR. \\fBmodel\\fR \\fINAME\\fR\n"
    "opens a block of layer lines, one a line, closed by \\fBend\\fR. Every command is checked\n"
    "completely before it changes anything; an error names the file, line and column and\n"
    "suggests the nearest name. Inside attnlab, \\fBhelp\\fR \\fINAME\\fR explains a command or\n"
    "a layer; the full reference is doc/language.md.\n";

static const char *const tail =
    ".SH FILES\n"
    ".TP\n"
    "\\fI*.lab\\fR\n"
    "Scripts and lessons: commands, one a line. \\fBsave notebook\\fR writes the notebook's\n"
    "cells as one; \\fBrun\\fR runs one from another, relative names beside the script.\n"
    ".TP\n"
    "\\fI$XDG_STATE_HOME/attnlab/history\\fR (\\fI~/.local/state/attnlab/history\\fR)\n"
    "The notebook's command history, kept across sessions.\n"
    ".TP\n"
    "\\fIcorpora/lessons/\\fR\n"
    "The course: seven lessons from text to tokens to attention, sampling and classification.\n"
    ".SH ENVIRONMENT\n"
    ".TP\n"
    ".B TERM\n"
    "The terminal's kind: colours (256 for \\fI*256color\\fR), and \\fBdumb\\fR for plain ASCII.\n"
    ".TP\n"
    ".B NO_COLOR\n"
    "When set and not empty, no colours.\n"
    ".TP\n"
    ".BR LANG ,\\ LC_ALL\n"
    "A UTF\\-8 locale lets drawings use Unicode blocks and braille; otherwise ASCII.\n"
    ".TP\n"
    ".B ATTNLAB_HISTORY\n"
    "The history file instead of the default; empty: no history.\n"
    ".TP\n"
    ".B ATTNLAB_NO_TUI\n"
    "When set and not empty, a line prompt instead of the full\\-screen notebook.\n"
    ".TP\n"
    ".B OPENBLAS_NUM_THREADS\n"
    "Threads of the matrix products (also \\fBset threads=\\fR\\fIN\\fR).\n"
    ".SH EXIT STATUS\n"
    "0 when every command succeeded; 1 at the first error (with \\fB\\-\\-keep\\-going\\fR: at\n"
    "the end, after reporting every error); 2 on bad arguments or a script file that cannot\n"
    "be read, and under mpirun without a script. Under mpirun, a command that fails in some\n"
    "processes only ends the whole run with a failure, even with \\fB\\-\\-keep\\-going\\fR.\n"
    ".SH EXAMPLES\n"
    "Run a lesson as a script, its output to a file:\n"
    ".PP\n"
    ".RS\n"
    ".nf\n"
    "attnlab \\-\\-batch corpora/lessons/2\\-keras\\-lstm.lab > lesson2.txt\n"
    ".fi\n"
    ".RE\n"
    ".PP\n"
    "Train the same script on four machines (built with \\fBconfigure \\-\\-with\\-mpi\\fR; the\n"
    "script and its data at the same path on each; rank 0 prints and saves):\n"
    ".PP\n"
    ".RS\n"
    ".nf\n"
    "mpirun \\-\\-hostfile hosts \\-np 4 attnlab \\-\\-batch train.lab\n"
    ".fi\n"
    ".RE\n"
    ".PP\n"
    "Train a small transformer, its commands piped into standard input:\n"
    ".PP\n"
    ".RS\n"
    ".nf\n"
    "attnlab <<'EOF'\n"
    "set seed=42\n"
    "load \"corpora/english.txt\" tokenizer=char split=0.9\n"
    "model tiny context=32\n"
    "  embedding 32\n"
    "  position learned\n"
    "  block 2 heads=2\n"
    "  layernorm\n"
    "  output\n"
    "end\n"
    "compile lr=3e\\-3\n"
    "step 300\n"
    "generate \"The \" length=80 temperature=0.6\n"
    "EOF\n"
    ".fi\n"
    ".RE\n"
    ".PP\n"
    "Open the notebook on a lesson (F5 runs the next cell):\n"
    ".PP\n"
    ".RS\n"
    ".nf\n"
    "attnlab corpora/lessons/3\\-attention\\-from\\-scratch.lab\n"
    ".fi\n"
    ".RE\n"
    ".SH SEE ALSO\n"
    "doc/language.md (the language and every option), doc/from\\-keras.md (the Keras program\n"
    "beside attnlab's), doc/notebook.md (keys and panes), doc/viz.md (drawings).\n";

char *cmd_man_page(const char *version)
{
    struct strbuf b = {0};
    strbuf_printf(&b, head, version);
    size_t ng;
    const struct cmd_group *g = cmd_groups(&ng);
    strbuf_puts(&b, ".SH COMMANDS\n");
    for (size_t i = 0; i < ng; i++) {
        strbuf_puts(&b, ".SS ");
        roff_text(&b, g[i].title);
        strbuf_puts(&b, "\n");
        for (size_t j = 0; j < *g[i].count; j++) {
            const struct cmd_spec *c = &g[i].specs[j];
            strbuf_puts(&b, ".TP\n.B ");
            roff_text(&b, c->usage);
            strbuf_puts(&b, "\n");
            roff_text(&b, c->summary);
            strbuf_puts(&b, ".\n");
        }
    }
    strbuf_puts(&b, ".SS Layers (inside a model block)\n");
    size_t nl;
    const char *names[64];
    nl = layer_names(names, 64);
    for (size_t i = 0; i < nl && i < 64; i++) {
        const struct cmd_spec *l = layer_find(names[i]);
        strbuf_puts(&b, ".TP\n.B ");
        roff_text(&b, l->usage);
        strbuf_puts(&b, "\n");
        roff_text(&b, l->summary);
        strbuf_puts(&b, ".\n");
    }
    strbuf_puts(&b, tail);
    return strbuf_take(&b);
}
