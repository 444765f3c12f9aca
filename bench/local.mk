# bench: the training benchmark. `make bench` builds and runs it (figures, not a test).
noinst_PROGRAMS = bench/bench bench/blas_parallel
BENCH_UTIL = bench/bench_util.c bench/bench_util.h
bench_bench_SOURCES = bench/bench.c $(BENCH_UTIL)
bench_blas_parallel_SOURCES = bench/blas_parallel.c $(BENCH_UTIL)
EXTRA_DIST += bench/README bench/torch_bench.py bench/shakespeare.lab

bench: bench/bench
	top_srcdir='$(top_srcdir)' ./bench/bench $(BENCH_FLAGS)

# Concurrent single-threaded OpenBLAS calls, data-parallel against row-split products.
bench-blas: bench/blas_parallel
	./bench/blas_parallel $(BENCH_FLAGS)
.PHONY: bench bench-blas
