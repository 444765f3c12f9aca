# tests/gpt2.mk: GPT-2 in attnlab (tokenizer, import, KV cache). The data live outside the
# repository, in $(top_srcdir)/../shared/data/gpt2-*; without them the tests skip (77).
check_PROGRAMS += tests/check_gpt2
TESTS += tests/check_gpt2
tests_check_gpt2_SOURCES = tests/check_gpt2.c
tests_check_gpt2_CFLAGS = $(TEST_CFLAGS)
tests_check_gpt2_LDADD = $(TEST_LIBS)

# import model on gpt2-tiny: logits, attention, greedy continuation, malformed inputs.
check_PROGRAMS += tests/check_gpt2_import
TESTS += tests/check_gpt2_import
tests_check_gpt2_import_SOURCES = tests/check_gpt2_import.c
tests_check_gpt2_import_CFLAGS = $(TEST_CFLAGS)
tests_check_gpt2_import_LDADD = $(TEST_LIBS)

# The same ids as the gpt-3-encoder npm package on random texts (skips without node).
check_PROGRAMS += tests/gpt2/peer_ids
tests_gpt2_peer_ids_SOURCES = tests/gpt2/peer_ids.c
tests_gpt2_peer_ids_CFLAGS = $(TEST_CFLAGS)
tests_gpt2_peer_ids_LDADD = $(TEST_LIBS)
TESTS += tests/gpt2/peer.sh
EXTRA_DIST += tests/gpt2/peer.sh tests/gpt2/peer.js

# GPT-2's layer options, cached generation and heads from the language.
TESTS += tests/scripts/heads.lab tests/scripts/errors/output_tie_width.lab
EXTRA_DIST += tests/scripts/heads.lab tests/scripts/heads.out \
	tests/scripts/errors/output_tie_width.lab tests/scripts/errors/output_tie_width.out

# The lesson "Inside GPT-2" on gpt2-tiny.
TESTS += tests/gpt2/lesson.sh
EXTRA_DIST += tests/gpt2/lesson.sh tests/gpt2/lesson.out corpora/lessons/inside-gpt2.lab \
	doc/gpt2.md tests/fuzz/fuzz_gpt2.c
