/* source.c: copies of command texts and the lookup of a line by offset. */
#include "lang/source.h"

#include <stdlib.h>
#include <string.h>

struct lang_source *source_new(const char *name, const char *text, size_t len, int first_line)
{
    struct lang_source *src = calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->name = strdup(name ? name : "<input>");
    src->text = malloc(len + 1);
    if (!src->name || !src->text) {
        source_free(src);
        return NULL;
    }
    memcpy(src->text, text, len);
    src->text[len] = '\0';
    src->len = len;
    src->first_line = first_line > 0 ? first_line : 1;
    return src;
}

void source_free(struct lang_source *src)
{
    if (!src)
        return;
    free(src->name);
    free(src->text);
    free(src);
}

void source_line_at(const struct lang_source *src, size_t offset, size_t *start, size_t *len)
{
    if (offset > src->len)
        offset = src->len;
    size_t s = offset;
    while (s > 0 && src->text[s - 1] != '\n')
        s--;
    size_t e = offset;
    while (e < src->len && src->text[e] != '\n')
        e++;
    if (e > s && src->text[e - 1] == '\r')
        e--;
    *start = s;
    *len = e - s;
}
