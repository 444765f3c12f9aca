/* atomic_file.c: temporary file, fsync, rename, fsync of the folder (see atomic_file.h). */
#include "data/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/text.h"

static void release(struct atomic_file *a)
{
    free(a->tmp);
    free(a->target);
    a->tmp = a->target = NULL;
    a->f = NULL;
}

/* The file to replace: path itself, or where the symlink at path leads (followed to the end,
 * so that the link survives the save). */
static char *resolve_target(const char *path, const char *shown, struct al_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return strdup(path);
    char *real = realpath(path, NULL);
    if (!real)
        al_fail(err, AL_EIO, "cannot write %s: it is a symbolic link to %s", shown,
                errno == ENOENT ? "a missing file" : strerror(errno));
    return real;
}

enum al_status atomic_open(struct atomic_file *a, const char *path, struct al_error *err)
{
    memset(a, 0, sizeof *a);
    char sb[TEXT_SHORT_PATH + 1];
    const char *shown = text_short_path(path, sb, sizeof sb);
    al_error_clear(err);
    a->target = resolve_target(path, shown, err);
    if (!a->target)
        return err && err->status ? err->status : al_fail(err, AL_ENOMEM, "out of memory");
    struct stat st;
    mode_t mode;
    if (stat(a->target, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            release(a);
            return al_fail(err, AL_EIO, "cannot write %s: it is a folder", shown);
        }
        mode = st.st_mode & 07777; /* keep the old file's permissions */
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    size_t n = strlen(a->target) + 16;
    a->tmp = malloc(n);
    if (!a->tmp) {
        release(a);
        return al_fail(err, AL_ENOMEM, "out of memory");
    }
    snprintf(a->tmp, n, "%s.tmpXXXXXX", a->target);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        release(a);
        return al_fail(err, AL_EIO, "cannot write %s: %s", shown, strerror(e));
    }
    fchmod(fd, mode); /* mkstemp makes 0600 */
    a->f = fdopen(fd, "w");
    if (!a->f) {
        int e = errno;
        close(fd);
        unlink(a->tmp);
        release(a);
        return al_fail(err, AL_EIO, "cannot write %s: %s", shown, strerror(e));
    }
    return AL_OK;
}

static void sync_folder(const char *file)
{
    char *copy = strdup(file);
    if (!copy)
        return;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(copy);
}

enum al_status atomic_commit(struct atomic_file *a, struct al_error *err)
{
    char sb[TEXT_SHORT_PATH + 1];
    const char *shown = text_short_path(a->target, sb, sizeof sb);
    int e = 0;
    if (fflush(a->f) != 0 || ferror(a->f))
        e = errno ? errno : EIO;
    if (!e && fsync(fileno(a->f)) != 0 && errno != EINVAL) /* EINVAL: cannot sync (a pipe) */
        e = errno;
    if (fclose(a->f) != 0 && !e)
        e = errno;
    if (!e && rename(a->tmp, a->target) != 0)
        e = errno;
    enum al_status st = AL_OK;
    if (e) {
        unlink(a->tmp);
        st = al_fail(err, AL_EIO, "cannot write %s: %s", shown, strerror(e));
    } else {
        sync_folder(a->target);
    }
    release(a);
    return st;
}

void atomic_abort(struct atomic_file *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    release(a);
}
