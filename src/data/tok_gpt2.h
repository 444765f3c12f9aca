/* tok_gpt2.h: GPT-2's tokenizer as a tokenizer of attnlab (kind TOK_GPT2): byte-level BPE
 * over GPT-2's vocabulary (50,257 tokens for GPT-2 itself), read from the files that ship
 * with a GPT-2 model, never trained. The text is first cut by GPT-2's pre-tokenizing
 * expression
 *   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * (PCRE2 with Unicode properties), then each piece's bytes are merged in rank order.
 * Pieces are kept as raw bytes: GPT-2's printable stand-ins ('Ġ' for a space) exist only in
 * the files. */
#ifndef ATTNLAB_DATA_TOK_GPT2_H
#define ATTNLAB_DATA_TOK_GPT2_H

#include <stddef.h>

#include "data/tokenizer.h"

/* From the bytes of a vocabulary (vocab.json or encoder.json: a JSON object, piece -> id,
 * ids 0..n-1 each once) and of the merges (merges.txt or vocab.bpe: "a b" a line in rank
 * order, a first "#version" line allowed). AL_EFORMAT with the line or key for anything
 * malformed; *out untouched on failure. `what` names the files in messages. */
enum al_status tok_gpt2_parse(const char *vocab, size_t vocab_len, const char *merges,
                              size_t merges_len, const char *what, struct tokenizer **out,
                              struct al_error *err);

/* The same from two files. */
enum al_status tok_gpt2_read(const char *vocab_path, const char *merges_path,
                             struct tokenizer **out, struct al_error *err);

/* From a folder holding vocab.json + merges.txt (Hugging Face's names) or encoder.json +
 * vocab.bpe (OpenAI's). AL_EIO naming both pairs when neither is there. */
enum al_status tok_gpt2_read_dir(const char *dir, struct tokenizer **out, struct al_error *err);

/* GPT-2's table from bytes to printable code points (space -> U+0120 'Ġ'). */
unsigned tok_gpt2_byte_char(unsigned char b);

#endif
