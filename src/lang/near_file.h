/* near_file.h: for a file that does not exist, the name beside it that was probably meant
 * ("corpora/englsh.txt" -> "corpora/english.txt"), so that `load` and `run` can say so. */
#ifndef ATTNLAB_LANG_NEAR_FILE_H
#define ATTNLAB_LANG_NEAR_FILE_H

/* When path (as opened) does not exist but its folder holds a file whose name is within a
 * small edit distance of path's last component, returns written (the name as the user
 * wrote it) with its last component replaced by that name, as a heap string the caller
 * frees. NULL otherwise (the file exists, nothing is near, the folder cannot be read). */
char *near_file(const char *path, const char *written);

#endif
