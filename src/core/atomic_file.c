/* atomic_file.c: the temporary-file, fsync, rename, fsync-the-folder dance (atomic_file.h). */
#include "core/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40 /* as the kernel's own limit on symbolic links in a path */

/* The file that writing to path really replaces: path itself, or the end of its chain of
 * symbolic links (which may not exist yet). Heap string; NULL with err set on failure. */
static char *final_target(const char *path, struct al_error *err)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        if (hops == MAX_LINKS) {
            al_fail(err, AL_EIO, "cannot write %s: too many symbolic links", path);
            free(cur);
            return NULL;
        }
        char link[PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            al_fail(err, AL_EIO, "cannot write %s: %s", path, strerror(errno));
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        char *next;
        const char *slash = strrchr(cur, '/');
        if (link[0] == '/' || !slash) {
            next = strdup(link);
        } else { /* relative to the folder of the link */
            size_t d = (size_t)(slash - cur) + 1;
            next = malloc(d + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, d);
                memcpy(next + d, link, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    al_fail(err, AL_ENOMEM, "out of memory");
    return NULL;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Opens a new temporary file beside target; O_EXCL so that no existing file is touched, and
 * mode 0666 so that the kernel applies the umask (no umask() call: threads may run). */
static int open_temp(const char *target, char *tmp, size_t cap)
{
    static unsigned counter;
    const char *slash = strrchr(target, '/');
    int dirlen = slash ? (int)(slash - target) + 1 : 0;
    const char *base = slash ? slash + 1 : target;
    for (int tries = 0; tries < 100; tries++) {
        snprintf(tmp, cap, "%.*s.%s.tmp%ld.%u", dirlen, target, base, (long)getpid(), counter++);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

static int fsync_folder(const char *target)
{
    const char *slash = strrchr(target, '/');
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == target)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - target), target);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    /* Some file systems cannot fsync a folder; the rename itself has happened. */
    if (rc != 0 && (errno == EINVAL || errno == ENOTSUP))
        rc = 0;
    close(fd);
    return rc;
}

enum al_status atomic_write_file(const char *path, const void *data, size_t len,
                                 struct al_error *err)
{
    char *target = final_target(path, err);
    if (!target)
        return err ? err->status : AL_EIO;
    struct stat old;
    int had_old = stat(target, &old) == 0;
    if (had_old && S_ISDIR(old.st_mode)) {
        free(target);
        return al_fail(err, AL_EIO, "cannot write %s: it is a folder", path);
    }
    char tmp[PATH_MAX + 64];
    int fd = open_temp(target, tmp, sizeof tmp);
    if (fd < 0) {
        al_fail(err, AL_EIO, "cannot write %s: %s", path, strerror(errno));
        free(target);
        return AL_EIO;
    }
    const char *step = "write";
    int rc = write_all(fd, data, len);
    if (rc == 0 && had_old &&
        (step = "keep the permissions of", fchmod(fd, old.st_mode & 07777) != 0))
        rc = -1;
    if (rc == 0 && (step = "flush", fsync(fd) != 0))
        rc = -1;
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        saved = errno;
        step = "close";
        rc = -1;
    }
    if (rc == 0 && (step = "rename the new file over", rename(tmp, target) != 0)) {
        saved = errno;
        rc = -1;
    }
    if (rc != 0) {
        unlink(tmp);
        al_fail(err, AL_EIO, "cannot %s %s: %s (the old file, if any, is intact)", step, path,
                strerror(saved));
        free(target);
        return AL_EIO;
    }
    if (fsync_folder(target) != 0) {
        saved = errno;
        free(target);
        return al_fail(err, AL_EIO, "wrote %s, but could not flush its folder: %s", path,
                       strerror(saved));
    }
    free(target);
    return AL_OK;
}
