/* near_file.c: the near-miss file name (see near_file.h). */
#include "lang/near_file.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/diag.h"

char *near_file(const char *path, const char *written)
{
    struct stat st; /* only a name that is not there at all (not a broken link or a loop) */
    if (lstat(path, &st) == 0 || errno != ENOENT)
        return NULL;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t len = strlen(base);
    if (len == 0)
        return NULL;
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    DIR *d = dir ? opendir(dir) : NULL;
    free(dir);
    if (!d)
        return NULL;
    /* Short names tolerate one edit, longer ones two, long ones three (as diag_nearest). */
    int best_d = (len <= 3 ? 1 : len < 9 ? 2 : 3) + 1;
    char *best = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, base) == 0)
            continue;
        int dist = diag_distance(base, e->d_name);
        if (dist < best_d) {
            free(best);
            best = strdup(e->d_name);
            best_d = dist;
        } else if (dist == best_d && best && strcmp(e->d_name, best) < 0) {
            free(best); /* ties: the first in name order, not in the folder's order */
            best = strdup(e->d_name);
        }
    }
    closedir(d);
    if (!best)
        return NULL;
    const char *wslash = strrchr(written, '/');
    size_t keep = wslash ? (size_t)(wslash - written) + 1 : 0;
    char *out = malloc(keep + strlen(best) + 1);
    if (out) {
        memcpy(out, written, keep);
        strcpy(out + keep, best);
    }
    free(best);
    return out;
}
