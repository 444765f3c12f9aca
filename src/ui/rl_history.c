/* rl_history.c: where the history lives and keeping it (see rl.h). History is kept
 * across sessions in the user's state directory, appended line by line. */
#include "ui/rl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>

enum { HISTORY_KEEP = 1000 };

static char *history_file; /* the open history file, NULL when off */

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", a, b);
    return s;
}

char *rlb_history_path(void)
{
    const char *over = getenv("ATTNLAB_HISTORY");
    if (over)
        return *over ? strdup(over) : NULL;
    const char *state = getenv("XDG_STATE_HOME");
    if (state && *state == '/') /* the XDG spec ignores relative paths */
        return join(state, "/attnlab/history");
    const char *home = getenv("HOME");
    if (home && *home)
        return join(home, "/.local/state/attnlab/history");
    return NULL;
}

/* mkdir -p of path's directory; failures show up when the file is written. */
static void make_parent_dirs(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return;
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            break;
        *p = '/';
    }
    free(dir);
}

void rlb_history_open(void)
{
    using_history();
    free(history_file);
    history_file = rlb_history_path();
    if (!history_file)
        return;
    make_parent_dirs(history_file);
    read_history(history_file);
}

void rlb_history_add(const char *line)
{
    if (!line || !*line)
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, line) == 0)
        return;
    add_history(line);
    if (!history_file)
        return;
    /* append_history does not create the file. */
    if (access(history_file, F_OK) != 0)
        write_history(history_file);
    else
        append_history(1, history_file);
}

void rlb_history_close(void)
{
    if (history_file)
        history_truncate_file(history_file, HISTORY_KEEP);
    free(history_file);
    history_file = NULL;
}
