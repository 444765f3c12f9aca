/* utf8.c: the coarse character classes and the lower-casing of utf8.h. */
#include "data/utf8.h"

static int is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static int is_ideo(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || /* hiragana, katakana */
           (cp >= 0x3400 && cp <= 0x4DBF) || /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) || /* CJK unified ideographs */
           (cp >= 0xF900 && cp <= 0xFAFF) || /* compatibility ideographs */
           (cp >= 0x20000 && cp <= 0x3FFFF); /* supplementary ideographic planes */
}

static int is_punct(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7F)
        return 1; /* control characters: a token each rather than glued into words */
    if (cp < 0x80)
        return cp > 0x20 && !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
                              (cp >= 'a' && cp <= 'z') || cp == '_');
    return (cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
           cp == 0xF7 || (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x2BFF) ||
           (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
           (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
           (cp >= 0x1F000 && cp <= 0x1FAFF); /* emoji and pictographs */
}

enum utf8_class utf8_class_of(uint32_t cp)
{
    if (is_space(cp))
        return UTF8_SPACE;
    if (is_punct(cp))
        return UTF8_PUNCT;
    if (is_ideo(cp))
        return UTF8_IDEO;
    return UTF8_WORD;
}

uint32_t utf8_lower(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp < 0xC0)
        return cp;
    if ((cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
        (cp >= 0x410 && cp <= 0x42F))
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    return cp;
}
