/* base64.c: RFC 4648 base64 (base64.h). */
#include "io/base64.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const unsigned char *p, size_t n)
{
    if (n > (SIZE_MAX - 1) / 4 * 3 - 3)
        return NULL;
    char *s = malloc((n + 2) / 3 * 4 + 1), *o = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = alphabet[v >> 18 & 63];
        *o++ = alphabet[v >> 12 & 63];
        *o++ = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? alphabet[v & 63] : '=';
    }
    *o = '\0';
    return s;
}

static int value_of(char c)
{
    const char *at = c ? strchr(alphabet, c) : NULL;
    return at ? (int)(at - alphabet) : -1;
}

int base64_decode(const char *text, unsigned char **out, size_t *n)
{
    size_t len = strlen(text);
    if (len % 4)
        return -1;
    unsigned char *buf = malloc(len / 4 * 3 + 1), *o = buf;
    if (!buf)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        int last = i + 4 == len;
        int pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
        int v[4];
        for (int k = 0; k < 4; k++)
            v[k] = k >= 4 - pad ? 0 : value_of(text[i + k]);
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || (pad == 1 && text[i + 2] == '=')) {
            free(buf);
            return -1;
        }
        uint32_t x =
            (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        *o++ = (unsigned char)(x >> 16);
        if (pad < 2)
            *o++ = (unsigned char)(x >> 8);
        if (pad < 1)
            *o++ = (unsigned char)x;
    }
    *out = buf;
    *n = (size_t)(o - buf);
    return 0;
}
