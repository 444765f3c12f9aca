# tests/fuzz: libFuzzer harnesses (fuzz_NAME.c), replayed by make check without clang.
# Adding a target: write tests/fuzz/fuzz_NAME.c (see README) and add NAME to this line.
FUZZ_TARGETS = script text tsv tokenizer checkpoint safetensors gpt2

FUZZ_SECONDS = 60
FUZZ_FLAGS = -timeout=25 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1
FUZZ_CFLAGS = $(DEFS) -I$(top_builddir) -I$(top_srcdir)/src -I$(top_srcdir)/tests/fuzz \
	-D_GNU_SOURCE $(CPPFLAGS) $(AM_CFLAGS) $(CFLAGS) $(NCURSES_CFLAGS) $(READLINE_CFLAGS)
FUZZ_LIBS = libattnlab.a $(READLINE_LIBS) $(NCURSES_LIBS) $(OPENBLAS_LIBS) $(JANSSON_LIBS) \
	$(ZLIB_LIBS) $(PCRE2_LIBS) $(MPI_LIBS) -lm $(LDFLAGS)
FUZZ_HDRS = tests/fuzz/fuzz.h tests/fuzz/tokopts.h
FUZZ_REPLAYS = $(FUZZ_TARGETS:%=tests/fuzz/replay-%)

# make check: each harness linked with replay.c (any compiler) runs over
# tests/fuzz/regressions/NAME/ (and the seeds of NAME): tests/fuzz/replay.sh.
tests/fuzz/replay-%: $(srcdir)/tests/fuzz/fuzz_%.c $(srcdir)/tests/fuzz/replay.c \
		$(FUZZ_HDRS:%=$(srcdir)/%) libattnlab.a
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)$(CC) $(FUZZ_CFLAGS) -o $@ $< $(srcdir)/tests/fuzz/replay.c $(FUZZ_LIBS)

TESTS += tests/fuzz/replay.sh
check_SCRIPTS = $(FUZZ_REPLAYS)
CLEANFILES += $(FUZZ_REPLAYS) $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%) tests/fuzz/attnlab.dict

# make fuzz FUZZ_SECONDS=N (after ./configure --enable-fuzzing): runs each target for N
# seconds on its corpus (tests/fuzz/corpus/NAME, seeded by seeds.sh); a crash is written to
# tests/fuzz/crashes/NAME-*: copy it into tests/fuzz/regressions/NAME/ with the fix.
tests/fuzz/fuzz-%: $(srcdir)/tests/fuzz/fuzz_%.c $(FUZZ_HDRS:%=$(srcdir)/%) libattnlab.a
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBS)

tests/fuzz/attnlab.dict: attnlab $(srcdir)/tests/fuzz/make-dict.sh
	$(AM_V_GEN)$(SHELL) $(srcdir)/tests/fuzz/make-dict.sh ./attnlab > $@

if FUZZING
fuzz: $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%) tests/fuzz/attnlab.dict
	@for t in $(FUZZ_TARGETS); do \
	  $(SHELL) $(srcdir)/tests/fuzz/seeds.sh "$(srcdir)" $$t tests/fuzz/corpus/$$t || exit 1; \
	  $(MKDIR_P) tests/fuzz/crashes; \
	  dict=; if [ $$t = script ]; then dict=-dict=tests/fuzz/attnlab.dict; fi; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  ./tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) $$dict \
	    -artifact_prefix=tests/fuzz/crashes/$$t- tests/fuzz/corpus/$$t || exit 1; \
	done
else
fuzz:
	@echo "make fuzz needs ./configure --enable-fuzzing (clang with libFuzzer)" >&2; exit 1
endif
.PHONY: fuzz

EXTRA_DIST += tests/fuzz/README tests/fuzz/replay.c tests/fuzz/replay.sh tests/fuzz/seeds.sh \
	tests/fuzz/make-dict.sh $(FUZZ_HDRS) $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%.c) \
	tests/fuzz/regressions tests/fuzz/seeds
