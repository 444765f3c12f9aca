/* main.c: the attnlab program: reads its arguments and runs scripts, -e commands or
 * standard input through the plain sink; on a terminal without them (or with one lesson
 * file) the curses notebook of src/ui takes over. Started by mpirun, it is one process of a
 * data-parallel run (core/world.h, doc/scale-out.md): every process runs the same scripts,
 * rank 0 prints and the others are silent. Exit status: 0 success, 1 a command failed or
 * output could not be written, 2 bad arguments, 130 a script stopped by Ctrl-C. */
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
#include "core/world.h"
#include "lang/commands.h"
#include "lang/manpage.h"
#include "lang/parser.h"
#include "lang/script.h"
#include "lang/session.h"
#include "ui/deploy.h"
#include "ui/notebook.h"
#include "ui/plain.h"
#include "ui/quiet.h"
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
            "      --mpi               join an MPI job (implied when mpirun starts attnlab)\n"
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
    const char *mpi = world_library();
    printf("%s %s\n"
           "MPI: %s\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           PACKAGE_NAME, PACKAGE_VERSION, mpi ? mpi : "no (./configure --with-mpi)");
}

static int bad_usage(void)
{
    fprintf(stderr, "Try '%s --help' for more information.\n", PACKAGE_NAME);
    return 2;
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct args *a)
{
    enum { OPT_REFERENCE = 256, OPT_MAN, OPT_MPI };
    static const struct option longopts[] = {{"execute", required_argument, NULL, 'e'},
                                             {"batch", no_argument, NULL, 'b'},
                                             {"keep-going", no_argument, NULL, 'k'},
                                             {"reference", no_argument, NULL, OPT_REFERENCE},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {"man", no_argument, NULL, OPT_MAN},
                                             {"mpi", no_argument, NULL, OPT_MPI},
                                             {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "e:bkhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': a->exprs[a->nexprs++] = optarg; break;
        case 'b': a->batch = 1; break;
        case 'k': a->keep_going = 1; break;
        case OPT_REFERENCE: a->reference = 1; break;
        case OPT_MAN: a->man = 1; break;
        case OPT_MPI: break; /* read before MPI starts: wants_mpi */
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

/* --mpi among the options (before "--"): read before MPI starts, as getopt runs after. */
static int wants_mpi(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--mpi") == 0)
            return 1;
    return 0;
}

/* Among processes, every one must run the same commands: a script or -e. Standard input
 * reaches rank 0 only, and the notebook is one person's screen (only rank 0 can have a
 * terminal: the processes vote, so that all refuse together). */
static int refuses_world(const struct replica *w, const struct args *a, char **files, int nfiles,
                         int interactive)
{
    if (w->size <= 1)
        return 0;
    int stdin_script = nfiles == 0 && a->nexprs == 0;
    for (int i = 0; i < nfiles; i++)
        stdin_script |= strcmp(files[i], "-") == 0;
    struct replica_vote v = world_vote(w, stdin_script || interactive, 0, 0);
    if (v.failed == 0)
        return 0;
    if (w->rank == 0)
        fprintf(stderr,
                "%s: the notebook and standard input run in one process; under mpirun (%d "
                "processes) give every process the script: mpirun -np %d %s --batch "
                "FILE.lab\n",
                PACKAGE_NAME, w->size, w->size, PACKAGE_NAME);
    return 1;
}

/* How a run among processes ended, for leave_world. */
struct world_end {
    int stop;         /* the session's world_stop */
    int failed;       /* its world_failed */
    char *last_error; /* this process's last error (ranks other than 0), or NULL */
};

/* The end of a run among processes. They leave together when the last votes agree: each
 * exits with its own status (the same everywhere). When a command failed on some processes
 * only, each of those shows its error (rank 0's sink has shown it already) and all leave
 * with a failure. When some did not answer (waiting in a collective that a failed process
 * left), the failed process shows its error and ends the whole job (MPI_Abort). */
static int leave_world(struct replica *w, struct world_end *end, int status)
{
    if (w->size > 1 && !end->stop) {
        int failed = status != 0;
        struct replica_vote v = world_vote(w, failed, 1, failed ? WORLD_FAILED_WAIT : 0);
        if (!v.answered || v.leaving != w->size || (v.failed != 0 && v.failed != w->size)) {
            end->stop = v.answered ? 1 : 2;
            end->failed = failed;
        }
    }
    if (w->size > 1 && end->stop) {
        if (end->failed && w->rank != 0)
            fprintf(stderr, "%s: rank %d of %d: %s", PACKAGE_NAME, w->rank, w->size,
                    end->last_error ? end->last_error : "failed\n");
        if (end->failed)
            fprintf(stderr, "%s: rank %d of %d failed where the others did not%s\n", PACKAGE_NAME,
                    w->rank, w->size,
                    end->stop == 2 ? ", which wait for it: stopping every process" : "");
        if (end->stop == 2) {
            fflush(stdout); /* what was printed goes out before the job ends */
            fflush(stderr);
            world_abort(w, status ? status : 1);
        }
        status = status ? status : 1;
    }
    free(end->last_error);
    world_leave(w);
    return status;
}

static int attnlab_main(int argc, char **argv, struct replica *world, struct world_end *end)
{
    hold_closed_stream(STDIN_FILENO);
    int stdout_closed = hold_closed_stream(STDOUT_FILENO);
    hold_closed_stream(STDERR_FILENO);
    if (world->rank != 0) /* only rank 0 prints: the others run the same commands silently */
        stdout_closed = freopen("/dev/null", "w", stdout) == NULL;
    if (deploy_is_command(argc, argv)) { /* attnlab generate|evaluate --model FILE ... */
        if (world->size > 1) {
            if (world->rank == 0)
                fprintf(stderr, "%s: %s --model runs in one process: start it without mpirun\n",
                        PACKAGE_NAME, argv[1]);
            return 2;
        }
        return deploy_main(argc, argv);
    }
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
    s.lab.world = *world;
    struct plain_sink plain;
    plain_sink_init(&plain, stdout, stderr, &s.settings);
    if (world->group) /* mpirun hands rank 0 a terminal of its own, wherever the output goes */
        plain.out_is_tty = 0;
    struct quiet_sink quiet;
    quiet_sink_init(&quiet);
    struct sink *sink = world->rank == 0 ? &plain.sink : &quiet.sink;
    /* Among processes Ctrl-C goes to mpirun, which ends them all: a process must not pause
     * alone while the others wait for it. */
    if (world->size <= 1)
        plain_catch_interrupts();
    int interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && !a.batch;
    if (refuses_world(world, &a, argv + optind, argc - optind, interactive)) {
        status = 2;
    } else if (argc - optind == 1 && a.nexprs == 0 && strcmp(argv[optind], "-") != 0 &&
               interactive) {
        /* One lesson file, a terminal and no --batch: the file opens as notebook cells. */
        status = ui_interactive_run(&s, &plain.sink, argv[optind]);
    } else {
        /* A script stops at Ctrl-C or a failed write; the line REPL does not. */
        int script = a.nexprs > 0 || argc > optind || !interactive;
        if (script)
            plain.stop = &s.quit;
        status = run_all(&a, argv + optind, argc - optind, &s, sink);
    }
    if (plain.interrupted && plain.stop) {
        fflush(stdout);
        fprintf(stderr, "%s: interrupted\n", PACKAGE_NAME);
        status = 130;
    }
    status = close_output(status, plain.write_error, stdout_closed, plain.out_bytes);
    end->stop = s.world_stop;
    end->failed = s.world_failed;
    end->last_error = quiet.last_error; /* handed over */
    session_free(&s);
    free(a.exprs);
    return status;
}

int main(int argc, char **argv)
{
    struct replica world;
    struct al_error err;
    if (world_join(&argc, &argv, wants_mpi(argc, argv), &world, &err) != AL_OK) {
        if (world.rank == 0)
            fprintf(stderr, "%s: %s\n", PACKAGE_NAME, err.msg);
        return 2;
    }
    struct world_end end = {0};
    int status = attnlab_main(argc, argv, &world, &end);
    return leave_world(&world, &end, status);
}
