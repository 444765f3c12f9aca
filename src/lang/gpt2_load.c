/* gpt2_load.c: GPT-2's files into a session's model (see gpt2_load.h): finding the files,
 * mapping the weights, the tokenizer, and io/gpt2's checks and copying. */
#include "lang/gpt2_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/text.h"
#include "data/tok_gpt2.h"
#include "data/tokenizer.h"
#include "io/gpt2.h"
#include "io/safetensors.h"
#include "nn/model.h"

/* The largest weights file mapped (gpt2-xl's is 6 GB). */
#define GPT2_MAX_FILE ((size_t)1 << 36)

static enum al_status map_file(const char *path, struct text_map *m, struct al_error *err)
{
    enum al_status st = text_map_bytes(path, GPT2_MAX_FILE, m, err);
    if (st == AL_EIO)
        return al_fail(err, AL_EIO,
                       "cannot open %.200s (a GPT-2 checkpoint needs "
                       "model.safetensors)",
                       path);
    return st;
}

/* gpt2_build is done with these bytes of the mapping: their pages leave the process. */
static void release(void *ctx, const void *bytes, size_t n)
{
    text_release(ctx, bytes, n);
}

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The folder of a file path ("." when it has none) into out. */
static void folder_of(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, n, ".");
    else
        snprintf(out, n, "%.*s", (int)(slash - path ? slash - path : 1), path);
}

int gpt2_load_applies(const char *path)
{
    if (is_dir(path))
        return 1;
    struct text_map m;
    if (map_file(path, &m, NULL) != AL_OK)
        return 0;
    struct st_file st;
    int yes = 0;
    if (st_parse(m.bytes, m.len, path, &st, NULL) == AL_OK) {
        yes = gpt2_is_layout(&st);
        st_free(&st);
    }
    text_unmap(&m);
    return yes;
}

enum al_status gpt2_load(const char *path, const char *tokdir, const char *name, size_t max_bytes,
                         struct lab_model **out, struct al_error *err)
{
    char dir[4096], file[4200], cfgpath[4200];
    if (is_dir(path)) {
        snprintf(dir, sizeof dir, "%s", path);
        snprintf(file, sizeof file, "%s/model.safetensors", path);
    } else {
        folder_of(path, dir, sizeof dir);
        snprintf(file, sizeof file, "%s", path);
    }
    snprintf(cfgpath, sizeof cfgpath, "%s/config.json", dir);
    char *cfgtext = NULL;
    size_t cfglen = 0;
    struct gpt2_config cfg;
    enum al_status st = text_read_file(cfgpath, &cfgtext, &cfglen, err);
    if (st != AL_OK)
        st = al_fail(err, AL_EIO, "%.200s: GPT-2's config.json is missing beside the weights", dir);
    else
        st = gpt2_config_parse(cfgtext, cfglen, &cfg, err);
    free(cfgtext);
    if (st != AL_OK)
        return st;
    struct tokenizer *tok = NULL;
    st = tok_gpt2_read_dir(tokdir ? tokdir : dir, &tok, err);
    if (st == AL_EIO && !tokdir)
        st = al_fail(err, AL_EIO,
                     "%.200s has no GPT-2 tokenizer (vocab.json and merges.txt, or "
                     "encoder.json and vocab.bpe); tokenizer=\"DIR\" names another "
                     "folder",
                     dir);
    if (st != AL_OK)
        return st;
    struct text_map m = {0};
    struct st_file sf;
    int parsed = 0;
    struct model *net = NULL;
    st = map_file(file, &m, err);
    if (st == AL_OK && (st = st_parse(m.bytes, m.len, file, &sf, err)) == AL_OK)
        parsed = 1;
    if (st == AL_OK && !gpt2_is_layout(&sf))
        st = al_fail(err, AL_EFORMAT, "%.200s: not GPT-2's layout (no wte.weight)", file);
    struct gpt2_used used = {release, &m};
    if (st == AL_OK)
        st = gpt2_build(&cfg, &sf, tok_vocab_size(tok), max_bytes, file, &used, &net, err);
    if (parsed)
        st_free(&sf);
    text_unmap(&m);
    struct lab_model *lm = NULL;
    if (st == AL_OK && !(lm = lab_model_new(name, net, tok))) {
        model_free(net);
        st = al_fail(err, AL_ENOMEM, "out of memory");
    }
    tok_free(tok);
    if (st != AL_OK)
        return st;
    lm->batch = 1;
    *out = lm;
    return AL_OK;
}
