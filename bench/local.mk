# bench: the training benchmark. `make bench` builds and runs it (figures, not a test).
noinst_PROGRAMS = bench/bench
bench_bench_SOURCES = bench/bench.c
EXTRA_DIST += bench/README bench/torch_bench.py bench/shakespeare.lab

bench: bench/bench
	top_srcdir='$(top_srcdir)' ./bench/bench $(BENCH_FLAGS)
.PHONY: bench
