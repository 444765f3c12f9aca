# tests/testlib.mk: what the tests share. tests/testlib.[ch] (source paths, golden files,
# the capture sink, one main) is a library every Check suite links through TEST_LIBS.
check_LIBRARIES = tests/libtestlib.a
tests_libtestlib_a_SOURCES = tests/testlib.c tests/testlib.h
tests_libtestlib_a_CFLAGS = $(TEST_CFLAGS)
