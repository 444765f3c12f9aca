/* generate.c: makes the synthetic corpora of attnlab from fixed seeds, and checks them.
 *   generate              compare each generated file with $top_srcdir/corpora (the test)
 *   generate --write DIR  write the files into DIR
 * Each synthetic task has one example a line, and a known attention pattern (see README).
 * The sentiment set is composed from templates with the project's own sentences.
 * Uses the project's RNG, so the files are the same on every machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"

#define LINES 2000

struct out {
    char *p;
    size_t n, cap;
};

static void put(struct out *o, const char *s)
{
    size_t k = strlen(s);
    if (o->n + k + 1 > o->cap) {
        o->cap = (o->n + k + 1) * 2;
        o->p = realloc(o->p, o->cap);
        if (!o->p) {
            fprintf(stderr, "generate: out of memory\n");
            exit(2);
        }
    }
    memcpy(o->p + o->n, s, k + 1);
    o->n += k;
}

static void putc_(struct out *o, char c)
{
    char s[2] = {c, '\0'};
    put(o, s);
}

/* A word of 3..8 letters from a..j: a small alphabet keeps the tasks about position. */
static int random_word(struct rng *r, char *w)
{
    int n = 3 + (int)rng_below(r, 6);
    for (int i = 0; i < n; i++)
        w[i] = (char)('a' + rng_below(r, 10));
    w[n] = '\0';
    return n;
}

/* copy: "abc>abc"; reverse: "abc<cba"; sort: "cab/abc" */
static void gen_words(struct out *o, uint64_t seed, char sep)
{
    struct rng r;
    rng_seed(&r, seed);
    for (int line = 0; line < LINES; line++) {
        char w[16], v[16];
        int n = random_word(&r, w);
        for (int i = 0; i < n; i++)
            v[i] = sep == '<' ? w[n - 1 - i] : w[i];
        v[n] = '\0';
        for (int i = 1; sep == '/' && i < n; i++) /* insertion sort: n <= 8 */
            for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
                char t = v[j];
                v[j] = v[j - 1];
                v[j - 1] = t;
            }
        put(o, w);
        putc_(o, sep);
        put(o, v);
        putc_(o, '\n');
    }
}

/* add: "23+58=81", both numbers 0..99 */
static void gen_add(struct out *o, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    for (int line = 0; line < LINES; line++) {
        char s[48];
        unsigned a = rng_below(&r, 100), b = rng_below(&r, 100);
        snprintf(s, sizeof s, "%u+%u=%u\n", a, b, a + b);
        put(o, s);
    }
}

/* brackets: an unfinished nest of ( [ { and, after '|', the closers that finish it:
 * "([]{(|)})". Each closer answers the opener it matches. */
static void gen_brackets(struct out *o, uint64_t seed)
{
    static const char open[] = "([{", close[] = ")]}";
    struct rng r;
    rng_seed(&r, seed);
    for (int line = 0; line < LINES; line++) {
        int stack[32], depth = 0, len = 2 + (int)rng_below(&r, 11);
        for (int i = 0; i < len; i++) {
            int push = depth == 0 || (depth < 6 && rng_below(&r, 5) < 3);
            if (push || i == len - 1) { /* end on an opener so that something is open */
                int k = (int)rng_below(&r, 3);
                stack[depth++] = k;
                putc_(o, open[k]);
            } else {
                putc_(o, close[stack[--depth]]);
            }
        }
        putc_(o, '|');
        while (depth > 0)
            putc_(o, close[stack[--depth]]);
        putc_(o, '\n');
    }
}

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static const char *const things[] = {"film",    "book",    "meal",   "hotel room", "concert",
                                     "phone",   "service", "story",  "soup",       "game",
                                     "journey", "lecture", "song",   "garden",     "coffee",
                                     "play",    "museum",  "bakery", "train ride", "workshop"};
static const char *const good[] = {"wonderful", "delightful", "excellent", "charming",
                                   "brilliant", "pleasant",   "superb",    "lovely",
                                   "clever",    "fresh",      "generous",  "memorable"};
static const char *const bad[] = {"dull",  "awful",  "tedious", "disappointing", "bland", "clumsy",
                                  "noisy", "dreary", "shallow", "terrible",      "stale", "sloppy"};
static const char *const like[] = {"loved", "enjoyed", "adored", "admired", "liked"};
static const char *const hate[] = {"hated", "disliked", "regretted", "could not stand",
                                   "was bored by"};
static const char *const when[] = {"",           "Yesterday ",    "Last week ",
                                   "On Sunday ", "This morning ", "Honestly, "};

static const char *pick(struct rng *r, const char *const *list, size_t n)
{
    return list[rng_below(r, (uint32_t)n)];
}

/* One review of polarity pos (1) or neg (0), from one of six shapes; two shapes turn on
 * "not", so that the label depends on a word before the adjective. */
static void review(struct rng *r, int pos, char *s, size_t cap)
{
    const char *const *adj = pos ? good : bad, *const *other = pos ? bad : good;
    const char *t = pick(r, things, COUNT(things)), *t2 = pick(r, things, COUNT(things));
    const char *a = pick(r, adj, COUNT(good)), *a2 = pick(r, adj, COUNT(good));
    const char *w = pick(r, when, COUNT(when));
    switch (rng_below(r, 6)) {
    case 0:
        snprintf(s, cap, "%sthe %s was %s.", w, t, a);
        break;
    case 1:
        snprintf(s, cap, "%sI %s the %s.", w,
                 pos ? pick(r, like, COUNT(like)) : pick(r, hate, COUNT(hate)), t);
        break;
    case 2:
        snprintf(s, cap, "What a %s %s%s", a, t, pos ? "!" : ".");
        break;
    case 3:
        snprintf(s, cap, "The %s was %s and the %s was %s.", t, a, t2, a2);
        break;
    case 4:
        snprintf(s, cap,
                 pos ? "I would gladly recommend this %s to a friend."
                     : "I would not recommend this %s to anyone.",
                 t);
        break;
    default:
        snprintf(s, cap, "%sthe %s was not %s at all.", w, t, pick(r, other, COUNT(good)));
        break;
    }
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
}

static void gen_sentiment(struct out *o, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    put(o, "# label<TAB>text: generated by corpora/generate.c from its own templates\n");
    for (int line = 0; line < 400; line++) {
        int pos = (int)rng_below(&r, 2);
        char s[256];
        review(&r, pos, s, sizeof s);
        put(o, pos ? "positive\t" : "negative\t");
        put(o, s);
        putc_(o, '\n');
    }
}

static int check_or_write(const char *dir, const char *name, const struct out *o, int write)
{
    char path[1100]; /* dir is at most 1023 bytes, name a few */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (write) {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(o->p, 1, o->n, f) != o->n || fclose(f) != 0) {
            fprintf(stderr, "generate: cannot write %s\n", path);
            return 1;
        }
        return 0;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("FAIL %s: cannot open it\n", path);
        return 1;
    }
    size_t i = 0;
    int c, bad = 0;
    while ((c = fgetc(f)) != EOF && !bad)
        bad = i >= o->n || (unsigned char)o->p[i++] != c;
    fclose(f);
    if (bad || i != o->n) {
        printf("FAIL %s differs from what generate.c makes, near byte %zu\n", path, i);
        return 1;
    }
    printf("PASS %s (%zu bytes)\n", name, o->n);
    return 0;
}

int main(int argc, char **argv)
{
    int write = argc > 1 && strcmp(argv[1], "--write") == 0;
    const char *top = getenv("top_srcdir");
    char dir[1024];
    if (write && argc > 2)
        snprintf(dir, sizeof dir, "%s", argv[2]);
    else
        snprintf(dir, sizeof dir, "%s/corpora", top ? top : ".");
    static const char *const names[] = {"copy.txt", "reverse.txt",  "sort.txt",
                                        "add.txt",  "brackets.txt", "sentiment.tsv"};
    int failed = 0;
    for (int k = 0; k < 6; k++) {
        struct out o = {0};
        put(&o, "");
        if (k < 3)
            gen_words(&o, 101 + k, "></"[k]);
        else if (k == 3)
            gen_add(&o, 104);
        else if (k == 4)
            gen_brackets(&o, 105);
        else
            gen_sentiment(&o, 106);
        failed += check_or_write(dir, names[k], &o, write);
        free(o.p);
    }
    if (!write)
        printf("corpora: %d passed, %d failed\n", 6 - failed, failed);
    return failed ? 1 : 0;
}
