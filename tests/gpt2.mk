# tests/gpt2.mk: GPT-2 in attnlab (tokenizer, import, KV cache). The data live outside the
# repository, in $(top_srcdir)/../shared/data/gpt2-*; without them the tests skip (77).
check_PROGRAMS += tests/check_gpt2
TESTS += tests/check_gpt2
tests_check_gpt2_SOURCES = tests/check_gpt2.c
tests_check_gpt2_CFLAGS = $(TEST_CFLAGS)
tests_check_gpt2_LDADD = $(TEST_LIBS)
