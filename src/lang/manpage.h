/* manpage.h: attnlab(1), written in roff from the same command table as `help` and
 * doc/language.md's reference, so that the three never disagree (tests/check_lang checks
 * doc/attnlab.1 against it; `make man` rewrites it). */
#ifndef ATTNLAB_LANG_MANPAGE_H
#define ATTNLAB_LANG_MANPAGE_H

/* The whole page for version (e.g. "0.1"). Heap string, the caller frees; NULL when out of
 * memory. */
char *cmd_man_page(const char *version);

#endif
