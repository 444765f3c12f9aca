# src/ui notebook: the curses notebook, its readline bridge, the line REPL fallback, the
# transcript writers, and their tests (Check for the pure parts, tmux for the real binary).
libattnlab_a_SOURCES += \
	src/ui/tty.c src/ui/tty.h \
	src/ui/layout.c src/ui/layout.h \
	src/ui/keys.c src/ui/keys.h \
	src/ui/rl.c src/ui/rl.h src/ui/rl_history.c src/ui/rl_complete.c \
	src/ui/notebook_cells.c src/ui/notebook_cells.h \
	src/ui/transcript.c src/ui/transcript.h \
	src/ui/backend.c src/ui/backend.h \
	src/ui/notebook.c src/ui/notebook.h src/ui/notebook_internal.h \
	src/ui/notebook_sink.c src/ui/notebook_draw.c src/ui/notebook_overview.c \
	src/ui/repl.c

check_PROGRAMS += tests/check_notebook
TESTS += tests/check_notebook
tests_check_notebook_SOURCES = tests/check_notebook.c
tests_check_notebook_CFLAGS = $(TEST_CFLAGS)
tests_check_notebook_LDADD = $(TEST_LIBS)

# The real binary in a private tmux server; each script skips (77) without tmux.
NOTEBOOK_TMUX_TESTS = \
	tests/tmux/basic.sh \
	tests/tmux/train.sh \
	tests/tmux/quit.sh \
	tests/tmux/live.sh \
	tests/tmux/resize.sh \
	tests/tmux/heads.sh
TESTS += $(NOTEBOOK_TMUX_TESTS)
EXTRA_DIST += $(NOTEBOOK_TMUX_TESTS) tests/tmux/lib.sh tests/tmux/keylat.pl doc/notebook.md
