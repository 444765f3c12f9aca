/* container.c: the checkpoint envelope (container.h). */
#include "io/container.h"

#include <string.h>
#include <zlib.h>

/* zlib's crc32 takes a uInt length: feed large buffers in pieces. */
static uint32_t crc_of(uint32_t crc, const unsigned char *p, size_t n)
{
    uLong c = crc;
    while (n > 0) {
        uInt piece = n > 0x40000000u ? 0x40000000u : (uInt)n;
        c = crc32(c, p, piece);
        p += piece;
        n -= piece;
    }
    return (uint32_t)c;
}

void ckpt_begin(struct bytes_out *out)
{
    out_bytes(out, CKPT_MAGIC, CKPT_MAGIC_LEN);
    out_u32(out, CKPT_VERSION);
    out_u32(out, 0);
}

size_t ckpt_section_begin(struct bytes_out *out, const char tag[4])
{
    size_t mark = out->n;
    out_bytes(out, tag, 4);
    out_u64(out, 0);
    return mark;
}

void ckpt_section_end(struct bytes_out *out, size_t mark)
{
    if (out->failed)
        return;
    out_put_u64_at(out, mark + 4, (uint64_t)(out->n - mark - 12));
    out_u32(out, crc_of(0, out->p + mark, out->n - mark));
}

void ckpt_finish(struct bytes_out *out)
{
    size_t mark = ckpt_section_begin(out, "END.");
    out_u64(out, (uint64_t)(out->n + 8 + 4)); /* the whole file, this section included */
    ckpt_section_end(out, mark);
}

static int tag_ok(const unsigned char *t)
{
    for (int i = 0; i < 4; i++)
        if (t[i] < 0x20 || t[i] > 0x7e)
            return 0;
    return 1;
}

enum al_status ckpt_read(struct ckpt_reader *r, const char *name, const unsigned char *buf,
                         size_t len, struct al_error *err)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    if (len > 9 && le_u64(buf) <= len - 8 && buf[8] == '{')
        return al_fail(err, AL_EFORMAT,
                       "%s looks like a safetensors file, not a checkpoint: "
                       "read it with import model",
                       name);
    if (len < CKPT_MAGIC_LEN || memcmp(buf, CKPT_MAGIC, CKPT_MAGIC_LEN) != 0)
        return al_fail(err, AL_EFORMAT,
                       "%s is not an attnlab checkpoint (no %s magic number "
                       "at its start)",
                       name, CKPT_MAGIC);
    if (len < CKPT_HEADER_LEN)
        return al_fail(err, AL_EFORMAT, "%s is truncated: %zu bytes, shorter than the header", name,
                       len);
    r->version = le_u32(buf + 8);
    if (r->version > CKPT_VERSION)
        return al_fail(err, AL_EFORMAT,
                       "%s has checkpoint format version %u; this attnlab "
                       "reads version %u and older: use a newer attnlab",
                       name, r->version, CKPT_VERSION);
    if (r->version == 0)
        return al_fail(err, AL_EFORMAT, "%s: format version 0 does not exist", name);
    if (le_u32(buf + 12) != 0)
        return al_fail(err, AL_EFORMAT, "%s: unknown header flags 0x%x", name, le_u32(buf + 12));
    size_t off = CKPT_HEADER_LEN;
    for (;;) {
        if (len - off < CKPT_SECTION_OVERHEAD)
            return al_fail(err, AL_EFORMAT,
                           "%s is truncated: it ends at byte %zu, inside a "
                           "section header, before the END section",
                           name, len);
        const unsigned char *h = buf + off;
        char tag[5] = {0};
        memcpy(tag, h, 4);
        if (!tag_ok(h))
            return al_fail(err, AL_EFORMAT,
                           "%s is damaged: a section at byte %zu has no "
                           "valid tag",
                           name, off);
        uint64_t n = le_u64(h + 4);
        if (n > len - off - CKPT_SECTION_OVERHEAD)
            return al_fail(err, AL_EFORMAT,
                           "%s is truncated or damaged: section %s at byte "
                           "%zu claims %llu bytes; only %zu follow",
                           name, tag, off, (unsigned long long)n,
                           len - off - CKPT_SECTION_OVERHEAD);
        size_t body = 12 + (size_t)n;
        uint32_t want = le_u32(h + body);
        if (crc_of(0, h, body) != want)
            return al_fail(err, AL_EFORMAT,
                           "%s is damaged: section %s (at byte %zu) fails "
                           "its CRC-32 check",
                           name, tag, off);
        if (ckpt_find(r, tag))
            return al_fail(err, AL_EFORMAT, "%s is damaged: section %s appears twice", name, tag);
        if (r->nsections == CKPT_MAX_SECTIONS)
            return al_fail(err, AL_EFORMAT, "%s has more than %d sections", name,
                           CKPT_MAX_SECTIONS);
        struct ckpt_section *s = &r->sections[r->nsections++];
        memcpy(s->tag, tag, 5);
        s->data = h + 12;
        s->len = (size_t)n;
        off += body + 4;
        if (strcmp(tag, "END.") == 0) {
            if (n != 8 || le_u64(s->data) != len || off != len)
                return al_fail(err, AL_EFORMAT,
                               "%s is damaged: %zu bytes after its END "
                               "section, or a wrong recorded length",
                               name, len - off);
            return AL_OK;
        }
    }
}

const struct ckpt_section *ckpt_find(const struct ckpt_reader *r, const char tag[4])
{
    for (int i = 0; i < r->nsections; i++)
        if (memcmp(r->sections[i].tag, tag, 4) == 0)
            return &r->sections[i];
    return NULL;
}
