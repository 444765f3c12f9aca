/* container.h: the checkpoint file's envelope (doc/checkpoint.md): a magic number and a
 * format version, then sections, each a four-letter tag, a 64-bit length, the payload and
 * a CRC-32 (zlib's) of all three, and last an END section holding the file's length, so that
 * a truncated file is told from a complete one. Integers are little-endian.
 *
 * The reader trusts nothing: it checks every length against the bytes that are really
 * there before using it, every CRC, the order (END last, exactly at the end of the file) and
 * that no tag appears twice. What the sections mean is the business of model_io.h and of
 * the session above it. */
#ifndef ATTNLAB_IO_CONTAINER_H
#define ATTNLAB_IO_CONTAINER_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "io/bytes.h"

#define CKPT_MAGIC "ATTNCKPT"
#define CKPT_MAGIC_LEN 8
#define CKPT_VERSION 1u
#define CKPT_HEADER_LEN 16       /* magic, u32 version, u32 flags (0) */
#define CKPT_SECTION_OVERHEAD 16 /* tag, u64 length, then after the payload u32 crc */
#define CKPT_MAX_SECTIONS 32

/* Starts a checkpoint in out (the header). */
void ckpt_begin(struct bytes_out *out);
/* Starts a section: returns a mark for ckpt_section_end. Write its payload into out in
 * between. */
size_t ckpt_section_begin(struct bytes_out *out, const char tag[4]);
/* Fills in the section's length and appends its CRC. */
void ckpt_section_end(struct bytes_out *out, size_t mark);
/* Appends the END section. */
void ckpt_finish(struct bytes_out *out);

struct ckpt_section {
    char tag[5];
    const unsigned char *data;
    size_t len;
};

struct ckpt_reader {
    const char *name; /* the file, for messages */
    uint32_t version;
    struct ckpt_section sections[CKPT_MAX_SECTIONS];
    int nsections;
};

/* Checks the envelope of buf[0..len) completely (magic, version, every section's bounds and
 * CRC, the END section) and indexes its sections. name appears in every message, which says
 * what is wrong and where ("m.ckpt: section PARM (at byte 1234) is damaged: its CRC-32 does
 * not match"). AL_EFORMAT on any failure. */
enum al_status ckpt_read(struct ckpt_reader *r, const char *name, const unsigned char *buf,
                         size_t len, struct al_error *err);
/* The section tagged tag, or NULL. */
const struct ckpt_section *ckpt_find(const struct ckpt_reader *r, const char tag[4]);

#endif
