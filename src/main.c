/* main.c: the attnlab program: reads its arguments and runs scripts, -e commands or
 * standard input through the plain sink; on a terminal without them (or with one lesson
 * file) the curses notebook of src/ui takes over. Exit status: 0 success, 1 a command failed
 * or output could not be written, 2 bad arguments, 130 a script stopped by Ctrl-C. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "core/matmul.h"
#include "core/memory.h"
#include "lang/commands.h"
#include "lang/manpage.h"
#include "lang/parser.h"
#include "lang/script.h"
#include "lang/session.h"
#include "ui/deploy.h"
#include "ui/notebook.h"
#include "ui/plain.h"
#include "viz/viz.h"

struct args {
    const char **exprs; /* -e texts, in order */
    int nexprs;
    int batch, keep_going, reference, man;
};

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTION]... [FILE.lab]...\n"
            "  or:  %s generate --model FILE.ckpt [--length N] [--temperature T] [--top-k K]\n"
            "                   [--seed S] PROMPT\n"
            "  or:  %s evaluate --model FILE.ckpt [--seq N] FILE\n"
            "A terminal laboratory for small neural language models.\n"
            "\n"
            "Runs the commands of each FILE (- for standard input), or of -e, or those piped\n"
            "into standard input. With a terminal and no --batch, opens the notebook.\n"
            "\n"
            "  -e, --execute=COMMANDS  run COMMANDS (separated by ';'); may be repeated\n"
            "  -b, --batch             run scripts in plain mode even on a terminal\n"
            "  -k, --keep-going        report every error and run on; exit 1 at the end\n"
            "      --reference         print the command reference (Markdown) and exit\n"
            "      --man               print the manual page attnlab(1) (roff) and exit\n"
            "  -h, --help              display this help and exit\n"
            "  -V, --version           output version information and exit\n"
            "\n"
            "Exit status: 0 if all commands succeeded, 1 if one failed (or output could not be\n"
            "written), 2 on bad arguments, 130 if Ctrl-C stopped a script.\n"
            "Inside attnlab, type 'help' for the list of commands.\n"
            "Report bugs to: %s\n",
            PACKAGE_NAME, PACKAGE_NAME, PACKAGE_NAME, PACKAGE_BUGREPORT);
}

static void version(void)
{
    printf("%s %s\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           PACKAGE_NAME, PACKAGE_VERSION);
}

static int bad_usage(void)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", PACKAGE_NAME);
    return 2;
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct args *a)
{
    enum { OPT_REFERENCE = 256, OPT_MAN };
    static const struct option longopts[] = {
        {"execute", required_argument, NULL, 'e'}, {"batch", no_argument, NULL, 'b'},
        {"keep-going", no_argument, NULL, 'k'},    {"reference", no_argument, NULL, OPT_REFERENCE},
        {"help", no_argument, NULL, 'h'},          {"version", no_argument, NULL, 'V'},
        {"man", no_argument, NULL, OPT_MAN},       {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "e:bkhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': a->exprs[a->nexprs++] = optarg; break;
        case 'b': a->batch = 1; break;
        case 'k': a->keep_going = 1; break;
        case OPT_REFERENCE: a->reference = 1; break;
        case OPT_MAN: a->man = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': version(); return 0;
        default: return bad_usage();
        }
    }
    return -1;
}

/* Reads standard input a statement at a time, so that piped commands run as they arrive
 * and a model block is gathered until its `end`. Prompts when stdin is a terminal. */
static void run_stdin(struct session *s, struct sink *sink)
{
    int prompt = isatty(STDIN_FILENO);
    char *chunk = NULL, *line = NULL;
    size_t chunk_len = 0, line_cap = 0;
    int line_no = 1, chunk_first = 1;
    for (;;) {
        if (prompt) {
            fputs(chunk_len ? "...> " : "attnlab> ", stdout);
            fflush(stdout);
        }
        ssize_t n = getline(&line, &line_cap, stdin);
        if (n > 0) {
            char *grown = realloc(chunk, chunk_len + (size_t)n + 1);
            if (!grown)
                break;
            chunk = grown;
            memcpy(chunk + chunk_len, line, (size_t)n + 1);
            chunk_len += (size_t)n;
            line_no++;
            if (parse_is_incomplete(chunk, chunk_len))
                continue;
        }
        if (chunk_len) {
            enum al_status st = script_run_text(s, "<stdin>", chunk, chunk_len, chunk_first, sink);
            chunk_len = 0;
            chunk_first = line_no;
            if ((st && !s->keep_going && !prompt) || s->quit)
                break;
        }
        if (n <= 0)
            break;
    }
    free(chunk);
    free(line);
}

/* Runs -e texts, then files, or else standard input. */
static int run_all(struct args *a, char **files, int nfiles, struct session *s, struct sink *sink)
{
    for (int i = 0; i < a->nexprs && !s->quit; i++)
        if (script_run_text(s, "-e", a->exprs[i], strlen(a->exprs[i]), 1, sink) && !s->keep_going)
            return 1;
    for (int i = 0; i < nfiles && !s->quit; i++) {
        if (strcmp(files[i], "-") == 0) {
            run_stdin(s, sink);
        } else {
            struct al_error err;
            al_error_clear(&err);
            enum al_status st = script_run_file(s, files[i], sink, &err);
            if (err.status) {
                fprintf(stderr, "%s: %s\n", PACKAGE_NAME, err.msg);
                return 2;
            }
            if (st && !s->keep_going)
                return 1;
        }
        if (s->errors && !s->keep_going)
            return 1;
    }
    if (a->nexprs == 0 && nfiles == 0) {
        if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && !a->batch)
            return ui_interactive_run(s, sink, NULL); /* the notebook, or the line REPL */
        run_stdin(s, sink);
    }
    return s->errors ? 1 : 0;
}

/* A closed standard stream must not be taken by the next file opened (a loaded corpus would
 * become standard output): /dev/null holds its place, and a write "to" it is an error. */
static int hold_closed_stream(int fd)
{
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
        return 0;
    int nul = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (nul >= 0 && nul != fd) {
        dup2(nul, fd);
        close(nul);
    }
    return 1;
}

/* Flushes and closes standard output: a full disk or a closed pipe is reported ("write
 * error: No space left on device") and makes the exit status 1. */
static int close_output(int status, int write_error, int stdout_closed, size_t written)
{
    int e = write_error;
    if (fflush(stdout) != 0 && !e)
        e = errno;
    if (ferror(stdout) && !e)
        e = EIO;
    if (fclose(stdout) != 0 && !e)
        e = errno;
    if (!e && stdout_closed && written)
        e = EBADF;
    if (e) {
        fprintf(stderr, "%s: write error: %s\n", PACKAGE_NAME, strerror(e));
        return status ? status : 1;
    }
    if (fflush(stderr) != 0 || ferror(stderr))
        return status ? status : 1;
    return status;
}

/* OpenBLAS 0.3.21 allocates its work buffers (about 128 MiB, more with each thread) on the
 * first product and spins forever when the address-space limit (ulimit -v) refuses them.
 * Measured here: 1 thread needs the mapped size at start plus 221 MB, 2 threads plus 275 MB;
 * the check asks for 232 MB plus 64 MB a thread beyond the first, and refuses a smaller
 * limit before anything runs. */
static int address_space_too_small(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 0;
    int threads = blas_threads() > 0 ? blas_threads() : 1;
    unsigned long long need = memory_mapped() + ((232ULL + 64ULL * (unsigned)(threads - 1)) << 20);
    if (rl.rlim_cur >= need)
        return 0;
    fprintf(stderr,
            "%s: the address-space limit (ulimit -v %llu) is too small for OpenBLAS's buffers "
            "with %d thread%s: raise it to at least %llu, or set OPENBLAS_NUM_THREADS=1\n",
            PACKAGE_NAME, (unsigned long long)(rl.rlim_cur >> 10), threads, threads == 1 ? "" : "s",
            need >> 10);
    return 1;
}

int main(int argc, char **argv)
{
    hold_closed_stream(STDIN_FILENO);
    int stdout_closed = hold_closed_stream(STDOUT_FILENO);
    hold_closed_stream(STDERR_FILENO);
    if (deploy_is_command(argc, argv)) /* attnlab generate|evaluate --model FILE ... */
        return deploy_main(argc, argv);
    struct args a = {0};
    a.exprs = calloc((size_t)argc, sizeof *a.exprs);
    if (!a.exprs)
        return 1;
    int status = parse_args(argc, argv, &a);
    if (status < 0 && (a.reference || a.man)) {
        char *md = a.man ? cmd_man_page(PACKAGE_VERSION) : cmd_reference_markdown();
        if (md)
            fputs(md, stdout);
        free(md);
        status = md ? 0 : 1;
    }
    if (status >= 0) {
        free(a.exprs);
        return close_output(status, 0, stdout_closed, 1);
    }
    if (address_space_too_small()) {
        fflush(stderr);
        _exit(1); /* exit() would run OpenBLAS's shutdown, which spins under such a limit */
    }
    /* The user's locale for characters; numbers stay in the C locale ("3e-4" everywhere). */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    struct session s;
    session_init(&s);
    s.lab.viz = viz_auto_options(getenv("TERM"), getenv("NO_COLOR"),
                                 strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
    s.keep_going = a.keep_going;
    struct plain_sink plain;
    plain_sink_init(&plain, stdout, stderr, &s.settings);
    plain_catch_interrupts();
    int interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && !a.batch;
    /* One lesson file, a terminal and no --batch: the file opens as notebook cells. */
    if (argc - optind == 1 && a.nexprs == 0 && strcmp(argv[optind], "-") != 0 && interactive) {
        status = ui_interactive_run(&s, &plain.sink, argv[optind]);
    } else {
        /* A script stops at Ctrl-C or a failed write; the line REPL does not. */
        int script = a.nexprs > 0 || argc > optind || !interactive;
        if (script)
            plain.stop = &s.quit;
        status = run_all(&a, argv + optind, argc - optind, &s, &plain.sink);
    }
    if (plain.interrupted && plain.stop) {
        fflush(stdout);
        fprintf(stderr, "%s: interrupted\n", PACKAGE_NAME);
        status = 130;
    }
    status = close_output(status, plain.write_error, stdout_closed, plain.out_bytes);
    session_free(&s);
    free(a.exprs);
    return status;
}
