/* peer_ids.c: random texts and attnlab's GPT-2 ids for them, one JSON object a line
 * ({"text": ..., "ids": [...]}), for tests/gpt2/peer.js to compare with the gpt-3-encoder
 * npm package's own encoder. The texts mix scripts, whitespace runs, contractions, digits,
 * punctuation and emoji, drawn from a seeded generator.
 * Usage: peer_ids TOKENIZER_DIR SEED COUNT */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "data/tok_gpt2.h"

static const char *const parts[] = {"a",
                                    "e",
                                    "the",
                                    "The",
                                    "cat",
                                    "ROMEO",
                                    "x",
                                    "Q",
                                    "zz",
                                    "hello",
                                    "world",
                                    "0",
                                    "7",
                                    "42",
                                    "3.14",
                                    "1999",
                                    "٣",
                                    "½",
                                    "²",
                                    " ",
                                    " ",
                                    " ",
                                    "  ",
                                    "   ",
                                    "\t",
                                    "\n",
                                    "\n\n",
                                    " \n",
                                    "\r\n",
                                    "'s",
                                    "'t",
                                    "'re",
                                    "'ve",
                                    "'m",
                                    "'ll",
                                    "'d",
                                    "'S",
                                    "'",
                                    "\"",
                                    ",",
                                    ".",
                                    "!",
                                    "?",
                                    "...",
                                    "-",
                                    "--",
                                    "—",
                                    "(",
                                    ")",
                                    "[",
                                    "]",
                                    "{",
                                    "}",
                                    "<|endoftext|>",
                                    "#",
                                    "$",
                                    "%",
                                    "&",
                                    "*",
                                    "_",
                                    "/",
                                    "\\",
                                    "@",
                                    "naïve",
                                    "café",
                                    "Ünïcödé",
                                    "ß",
                                    "ñ",
                                    "Ελληνικά",
                                    "русский",
                                    "注意力",
                                    "机制",
                                    "。",
                                    "，",
                                    "日本語",
                                    "한국어",
                                    "العربية",
                                    "עברית",
                                    "हिन्दी",
                                    "ไทย",
                                    "🙂",
                                    "👍🏽",
                                    "🇫🇷",
                                    "❤️",
                                    "\xc2\xa0",
                                    "\xe3\x80\x80",
                                    "\xe2\x80\x83",
                                    "\xe2\x80\xa8",
                                    "~",
                                    "`",
                                    "^",
                                    "|",
                                    "+",
                                    "=",
                                    ":",
                                    ";",
                                    "é",
                                    "\xcc\x81",
                                    "ŉ",
                                    "ǅ",
                                    "Ⅻ",
                                    "①",
                                    "𝔘",
                                    "𝟘"};

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: peer_ids TOKENIZER_DIR SEED COUNT\n");
        return 2;
    }
    struct tokenizer *t = NULL;
    struct al_error e;
    if (tok_gpt2_read_dir(argv[1], &t, &e) != AL_OK) {
        fprintf(stderr, "peer_ids: %s\n", e.msg);
        return 1;
    }
    struct rng rng;
    rng_seed(&rng, (uint64_t)strtoull(argv[2], NULL, 10));
    long count = strtol(argv[3], NULL, 10);
    size_t nparts = sizeof parts / sizeof parts[0];
    for (long k = 0; k < count; k++) {
        char text[1024];
        size_t w = 0;
        int n = 1 + (int)(rng_below(&rng, 24));
        for (int i = 0; i < n; i++) {
            const char *p = parts[rng_below(&rng, (uint32_t)nparts)];
            size_t len = strlen(p);
            if (w + len >= sizeof text)
                break;
            memcpy(text + w, p, len);
            w += len;
        }
        text[w] = '\0';
        int32_t *ids = NULL;
        size_t nids;
        if (tok_encode(t, text, w, &ids, &nids, &e) != AL_OK) {
            fprintf(stderr, "peer_ids: %s\n", e.msg);
            return 1;
        }
        json_t *o = json_object(), *a = json_array();
        json_object_set_new(o, "text", json_stringn(text, w));
        for (size_t i = 0; i < nids; i++)
            json_array_append_new(a, json_integer(ids[i]));
        json_object_set_new(o, "ids", a);
        char *line = json_dumps(o, JSON_COMPACT);
        puts(line);
        free(line);
        json_decref(o);
        free(ids);
    }
    tok_free(t);
    return 0;
}
