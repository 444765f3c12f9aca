# bench: the training benchmark. `make bench` builds and runs it (figures, not a test).
noinst_PROGRAMS = bench/bench bench/blas_parallel
BENCH_UTIL = bench/bench_util.c bench/bench_util.h
bench_bench_SOURCES = bench/bench.c $(BENCH_UTIL)
bench_blas_parallel_SOURCES = bench/blas_parallel.c $(BENCH_UTIL)
EXTRA_DIST += bench/README bench/torch_bench.py bench/shakespeare.lab bench/vs_torch.py \
	bench/torch_shakespeare.py

bench: bench/bench
	top_srcdir='$(top_srcdir)' ./bench/bench $(BENCH_FLAGS)

# Concurrent single-threaded OpenBLAS calls, data-parallel against row-split products.
bench-blas: bench/blas_parallel
	./bench/blas_parallel $(BENCH_FLAGS)

# attnlab against PyTorch, alternating runs; QUICK=1 skips the shakespeare recipe;
# VS_TORCH_FLAGS="--seconds 8 --rounds 2" by default.
bench-vs-torch: bench/bench attnlab
	@if test -x /usr/bin/python3; then \
	  /usr/bin/python3 $(srcdir)/bench/vs_torch.py --bench ./bench/bench --attnlab ./attnlab \
	    --srcdir '$(top_srcdir)' $(if $(QUICK),--quick) $(VS_TORCH_FLAGS); \
	else echo "bench-vs-torch needs /usr/bin/python3 (apt-get install python3)"; fi
.PHONY: bench bench-blas bench-vs-torch
