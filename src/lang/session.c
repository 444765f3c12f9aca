/* session.c: variables, settings and the sources of a session (see session.h). */
#include "lang/session.h"

#include <stdlib.h>
#include <string.h>

#include "core/matmul.h"
#include "core/memory.h"
#include "core/pool.h"

void session_init(struct session *s)
{
    memset(s, 0, sizeof *s);
    /* attnlab's own threads split each batch (nn/parallel.h); OpenBLAS stays on one */
    s->settings.threads = threads_default();
    blas_set_threads(1);
    s->settings.colour = SESSION_COLOUR_AUTO;
    s->settings.glyphs = SESSION_GLYPHS_AUTO;
    s->settings.memory_limit = memory_default_limit();
    lab_init(&s->lab);
    session_apply_seed(s, SESSION_DEFAULT_SEED);
}

void session_free(struct session *s)
{
    for (int i = 0; i < s->nvars; i++) {
        free(s->vars[i].name);
        free(s->vars[i].value.text);
    }
    free(s->vars);
    for (int i = 0; i < s->nsources; i++)
        source_free(s->sources[i]);
    free(s->sources);
    lab_free(&s->lab);
    memset(s, 0, sizeof *s);
}

void session_apply_seed(struct session *s, long long seed)
{
    s->settings.seed = seed;
    rng_seed(&s->rng, (unsigned long long)seed);
}

static int find_var(const struct session *s, const char *name)
{
    for (int i = 0; i < s->nvars; i++)
        if (strcmp(s->vars[i].name, name) == 0)
            return i;
    return -1;
}

const struct ast_value *session_var(const struct session *s, const char *name)
{
    int i = find_var(s, name);
    return i < 0 ? NULL : &s->vars[i].value;
}

/* Everything that can fail happens before the session is touched. */
enum al_status session_set_var(struct session *s, const char *name, const struct ast_value *value,
                               struct al_error *err)
{
    int i = find_var(s, name);
    char *text = strdup(value->text ? value->text : "");
    char *copy_name = i < 0 ? strdup(name) : NULL;
    if (!text || (i < 0 && !copy_name))
        goto nomem;
    if (i < 0 && s->nvars == s->cap_vars) {
        int cap = s->cap_vars ? s->cap_vars * 2 : 8;
        struct session_var *v = realloc(s->vars, (size_t)cap * sizeof *v);
        if (!v)
            goto nomem;
        s->vars = v;
        s->cap_vars = cap;
    }
    if (i < 0) {
        i = s->nvars++;
        s->vars[i].name = copy_name;
    } else {
        free(s->vars[i].value.text);
    }
    s->vars[i].value = *value;
    s->vars[i].value.text = text;
    return AL_OK;
nomem:
    free(text);
    free(copy_name);
    return al_fail(err, AL_ENOMEM, "out of memory");
}

size_t session_var_names(const struct session *s, const char **out, size_t max)
{
    size_t n = 0;
    for (int i = 0; i < s->nvars && n < max; i++)
        out[n++] = s->vars[i].name;
    return n;
}

enum al_status session_adopt_source(struct session *s, struct lang_source *src,
                                    struct al_error *err)
{
    if (s->nsources == s->cap_sources) {
        int cap = s->cap_sources ? s->cap_sources * 2 : 8;
        struct lang_source **p = realloc(s->sources, (size_t)cap * sizeof *p);
        if (!p) {
            source_free(src);
            return al_fail(err, AL_ENOMEM, "out of memory");
        }
        s->sources = p;
        s->cap_sources = cap;
    }
    s->sources[s->nsources++] = src;
    return AL_OK;
}

const char *session_colour_name(enum session_colour c)
{
    static const char *const names[] = {"auto", "on", "off"};
    return (unsigned)c < 3 ? names[c] : "?";
}

const char *session_glyphs_name(enum session_glyphs g)
{
    static const char *const names[] = {"auto", "unicode", "ascii"};
    return (unsigned)g < 3 ? names[g] : "?";
}
