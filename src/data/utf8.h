/* utf8.h: the character classes the word tokenizer needs, over the code points that
 * core/utf8.h (the one UTF-8 codec, included here) decodes. Knows nothing of files or
 * tokenizers. */
#ifndef ATTNLAB_DATA_UTF8_H
#define ATTNLAB_DATA_UTF8_H

#include <stdint.h>

#include "core/utf8.h"

enum utf8_class {
    UTF8_SPACE, /* whitespace, including U+3000 and no-break space */
    UTF8_PUNCT, /* punctuation and symbols: each one a token of its own */
    UTF8_WORD,  /* letters, digits and marks: they join into words */
    UTF8_IDEO   /* CJK ideographs and kana: written without spaces, one token each */
};

enum utf8_class utf8_class_of(uint32_t cp);

/* Lower case for ASCII, Latin-1, Greek and Cyrillic capitals; other code points unchanged. */
uint32_t utf8_lower(uint32_t cp);

#endif
