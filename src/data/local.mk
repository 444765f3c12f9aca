# src/data: UTF-8 texts, tokenizers (char, word, BPE), corpora and splits, batches,
# labelled sets, metrics; and the bundled corpora with their generator.
libattnlab_a_SOURCES += \
	src/data/hmap.c src/data/hmap.h \
	src/data/utf8.c src/data/utf8.h \
	src/data/text.c src/data/text.h \
	src/data/tokenizer.c src/data/tokenizer.h src/data/tok_internal.h \
	src/data/tok_char.c src/data/tok_word.c src/data/tok_bpe.c \
	src/data/tok_gpt2.c src/data/tok_gpt2.h \
	src/data/tokenizer_io.c src/data/stopwords.c \
	src/data/corpus.c src/data/corpus.h \
	src/data/batch.c src/data/batch.h \
	src/data/tsv.c src/data/tsv.h \
	src/data/labelled.c src/data/labelled.h \
	src/data/metrics.c src/data/metrics.h

check_PROGRAMS += tests/check_data
TESTS += tests/check_data
tests_check_data_SOURCES = tests/check_data.c
tests_check_data_CFLAGS = $(TEST_CFLAGS)
tests_check_data_LDADD = $(TEST_LIBS)

# The synthetic corpora: corpora/generate regenerates them (--write DIR) and, as a test,
# compares what it makes with the committed files byte for byte.
check_PROGRAMS += corpora/generate
TESTS += corpora/generate
corpora_generate_SOURCES = corpora/generate.c
corpora_generate_CFLAGS = $(AM_CFLAGS)
corpora_generate_LDADD = libattnlab.a $(JANSSON_LIBS) $(PCRE2_LIBS) -lm

EXTRA_DIST += corpora/README corpora/english.txt corpora/chinese.txt \
	corpora/copy.txt corpora/reverse.txt corpora/sort.txt corpora/add.txt \
	corpora/brackets.txt corpora/sentiment.tsv \
	tests/data/empty.txt tests/data/stopwords.txt tests/data/small.tsv \
	tests/data/malformed.tsv tests/data/zh.txt doc/data.md
