/* text.c: display widths (a compact, locale-free wcwidth) and the escaping of text into
 * glyphs: what a label looks like on a canvas. Owns no state. */
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "viz/canvas.h"
#include "viz/text.h"

struct range {
    uint32_t lo, hi;
};

/* East Asian Wide and Fullwidth blocks, and the emoji blocks terminals draw two columns wide. */
static const struct range wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},
    {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks, zero-width spaces and joiners, bidi controls, variation selectors. */
static const struct range zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x064B, 0x065F}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

static int in_table(uint32_t cp, const struct range *t, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp > t[mid].hi)
            lo = mid + 1;
        else if (cp < t[mid].lo)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

int viz_wcwidth(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return -1;
    if (cp < 0x300)
        return 1;
    if (in_table(cp, zero, sizeof zero / sizeof zero[0]))
        return 0;
    if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
        return 2;
    return 1;
}

static int ascii_unit(struct text_unit *u, const char *s)
{
    u->n = (int)strlen(s);
    for (int i = 0; i < u->n; i++)
        u->glyph[i] = (unsigned char)s[i];
    u->width = u->n;
    return u->n;
}

static void escape_cp(struct text_unit *u, uint32_t cp)
{
    char buf[16];
    if (cp < 0x80)
        snprintf(buf, sizeof buf, "\\x%02X", (unsigned)cp);
    else if (cp <= 0xFFFF)
        snprintf(buf, sizeof buf, "\\u%04X", (unsigned)cp);
    else
        snprintf(buf, sizeof buf, "\\U%06X", (unsigned)cp);
    ascii_unit(u, buf);
}

int text_next_unit(const char **p, unsigned flags, struct text_unit *u)
{
    const char *s = *p;
    size_t n = strnlen(s, UTF8_MAX);
    if (n == 0)
        return 0;
    uint32_t cp;
    int used = utf8_decode((const unsigned char *)s, n, &cp);
    if (used == 0) {
        char buf[8];
        snprintf(buf, sizeof buf, "\\x%02X", (unsigned)(unsigned char)s[0]);
        *p = s + 1;
        return ascii_unit(u, buf);
    }
    *p = s + used;
    int w = viz_wcwidth(cp);
    if (cp == '\n')
        ascii_unit(u, "\\n");
    else if (cp == '\t')
        ascii_unit(u, "\\t");
    else if (cp == '\r')
        ascii_unit(u, "\\r");
    else if (w <= 0 || ((flags & CANVAS_TEXT_ASCII) && cp >= 0x80))
        escape_cp(u, cp);
    else if (cp == '\\' && (flags & CANVAS_TEXT_LABEL))
        ascii_unit(u, "\\\\");
    else if (cp == ' ' && (flags & CANVAS_TEXT_LABEL)) {
        u->n = u->width = 1;
        u->glyph[0] = (flags & CANVAS_TEXT_ASCII) ? '_' : 0xB7; /* · */
    } else {
        u->n = 1;
        u->glyph[0] = cp;
        u->width = w;
    }
    return u->n;
}
