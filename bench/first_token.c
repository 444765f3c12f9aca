/* first_token.c: how long `attnlab generate --model baby.ckpt --length 1 "ROMEO:"` takes, from
 * the moment the process is started to the moment its first generated token arrives on its
 * standard output, for the baby GPT of bench/README (embedding 128, learned positions, 4
 * blocks of 4 heads, LayerNorm, output; 818,241 parameters) saved by a script after 5 steps
 * on tinyshakespeare. Each run is a fresh process, as a deployed model would be; the line
 * gives the median, the fastest and the slowest run, the time to the process's exit and its
 * CPU time (user + system, its threads included).
 * Usage: first_token --attnlab BUILD/attnlab [--runs N] [--dir DIR] [corpus.txt] */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char prompt[] = "ROMEO:";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Writes and runs the script that trains and saves the baby GPT into dir/baby.ckpt. */
static int make_checkpoint(const char *attnlab, const char *dir, const char *corpus,
                           const char *ckpt)
{
    char script[4200], cmd[9000];
    snprintf(script, sizeof script, "%s/baby.lab", dir);
    FILE *f = fopen(script, "w");
    if (!f)
        return -1;
    fprintf(f,
            "set seed=1 threads=1\n"
            "load \"%s\"\n"
            "model baby\n"
            "  embedding 128\n"
            "  position learned\n"
            "  block 4 heads=4\n"
            "  layernorm\n"
            "  output\n"
            "end\n"
            "compile batch=12\n"
            "step 5\n"
            "save model \"%s\"\n",
            corpus, ckpt);
    if (fclose(f) != 0)
        return -1;
    snprintf(cmd, sizeof cmd, "'%s' --batch '%s' >/dev/null 2>&1", attnlab, script);
    return system(cmd) == 0 ? 0 : -1;
}

/* One run: *first is the time from the spawn to the first byte after the prompt, *exit to
 * the process's end, *cpu its CPU time. */
static int run_once(const char *attnlab, const char *ckpt, double *first, double *exit_at,
                    double *cpu)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    char *argv[] = {(char *)attnlab, "generate", "--model",      (char *)ckpt,
                    "--length",      "1",        (char *)prompt, NULL};
    pid_t pid;
    double t0 = now();
    int bad = posix_spawn(&pid, attnlab, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (bad) {
        close(fds[0]);
        return -1;
    }
    char buf[256];
    size_t got = 0;
    *first = -1;
    for (;;) {
        ssize_t n = read(fds[0], buf + got, sizeof buf - got - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
        if (*first < 0 && got > sizeof prompt - 1)
            *first = now() - t0;
        if (got >= sizeof buf - 1)
            got = 0; /* only the first bytes matter */
    }
    close(fds[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    *exit_at = now() - t0;
    *cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec * 1e-6;
    return *first < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *attnlab = "./attnlab", *dir = "/tmp/attnlab-first-token";
    int runs = 21;
    static const struct option longs[] = {{"attnlab", required_argument, NULL, 'a'},
                                          {"runs", required_argument, NULL, 'r'},
                                          {"dir", required_argument, NULL, 'd'},
                                          {NULL, 0, NULL, 0}};
    for (int c; (c = getopt_long(argc, argv, "", longs, NULL)) != -1;) {
        if (c == 'a')
            attnlab = optarg;
        else if (c == 'r')
            runs = atoi(optarg);
        else if (c == 'd')
            dir = optarg;
        else
            return 2;
    }
    if (runs < 1 || runs > 10000)
        return 2;
    char corpus[4200], ckpt[4200];
    const char *top = getenv("top_srcdir");
    if (optind < argc)
        snprintf(corpus, sizeof corpus, "%s", argv[optind]);
    else
        snprintf(corpus, sizeof corpus, "%s/../shared/data/tinyshakespeare.txt", top ? top : ".");
    if (access(corpus, R_OK) != 0) {
        fprintf(stderr, "first_token: no corpus at %s\n", corpus);
        return 77;
    }
    char *abs = realpath(corpus, NULL);
    mkdir(dir, 0755);
    snprintf(ckpt, sizeof ckpt, "%s/baby.ckpt", dir);
    if (!abs || make_checkpoint(attnlab, dir, abs, ckpt) != 0) {
        fprintf(stderr, "first_token: cannot make %s with %s\n", ckpt, attnlab);
        free(abs);
        return 1;
    }
    free(abs);
    double *first = malloc(sizeof *first * (size_t)runs * 3), *done = first + runs,
           *cpu = done + runs;
    if (!first)
        return 1;
    signal(SIGPIPE, SIG_IGN);
    for (int i = 0; i < runs; i++)
        if (run_once(attnlab, ckpt, &first[i], &done[i], &cpu[i]) != 0) {
            fprintf(stderr, "first_token: run %d of %s generate failed\n", i + 1, attnlab);
            free(first);
            return 1;
        }
    qsort(first, (size_t)runs, sizeof *first, cmp_double);
    qsort(done, (size_t)runs, sizeof *done, cmp_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
    printf("attnlab first token, baby-gpt checkpoint (generate --length 1 \"%s\", %d runs): "
           "median %.1f ms (fastest %.1f, slowest %.1f); process exit %.1f ms; CPU %.1f ms\n",
           prompt, runs, first[runs / 2] * 1e3, first[0] * 1e3, first[runs - 1] * 1e3,
           done[runs / 2] * 1e3, cpu[runs / 2] * 1e3);
    free(first);
    return 0;
}
