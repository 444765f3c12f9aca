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

# GPT-2 small: import, first token, generation tokens/s (bench/gpt2_bench.c) and the same
# for PyTorch on the same files (bench/gpt2_torch.py, skipped without torch).
noinst_PROGRAMS += bench/gpt2_bench
bench_gpt2_bench_SOURCES = bench/gpt2_bench.c
EXTRA_DIST += bench/gpt2_torch.py

bench-gpt2: bench/gpt2_bench
	top_srcdir='$(top_srcdir)' ./bench/gpt2_bench $(BENCH_FLAGS)
	@for py in python3 /usr/bin/python3; do \
	  if $$py -c 'import torch, numpy' 2>/dev/null; then \
	    $$py $(srcdir)/bench/gpt2_torch.py $(BENCH_FLAGS); exit 0; fi; done; \
	echo "bench-gpt2: no PyTorch (python3-torch): the PyTorch line is skipped"
.PHONY: bench-gpt2

# Time to the first token of a deployed model: `attnlab generate --model baby.ckpt --length 1`
# from the process's start (bench/first_token.c; the checkpoint is made by a script first).
noinst_PROGRAMS += bench/first_token
bench_first_token_SOURCES = bench/first_token.c

bench-deploy: bench/first_token attnlab
	top_srcdir='$(top_srcdir)' ./bench/first_token --attnlab ./attnlab $(BENCH_FLAGS)
.PHONY: bench-deploy

# Training among processes (configure --with-mpi): the baby GPT in one process with 2
# threads, then under mpirun with 1 and 2 processes of 1 thread each, with the time of one
# all-reduce of its 3.3 MB of gradients (doc/scale-out.md). BENCH_MPI_SECONDS per line;
# BENCH_MPIRUN_FLAGS as tests/mpi/lib.sh's.
BENCH_MPI_SECONDS = 5
BENCH_MPIRUN_FLAGS = --allow-run-as-root --oversubscribe
if MPI
noinst_PROGRAMS += bench/bench_mpi
bench_bench_mpi_SOURCES = bench/bench_mpi.c $(BENCH_UTIL)
bench_bench_mpi_CFLAGS = $(AM_CFLAGS) $(MPI_CFLAGS)

bench-mpi: bench/bench bench/bench_mpi
	@echo "one process, in-process threads:"
	@top_srcdir='$(top_srcdir)' OPENBLAS_NUM_THREADS=1 ./bench/bench --config baby-gpt \
	  --threads 2 --seconds $(BENCH_MPI_SECONDS) | sed 1d
	@for np in 1 2; do \
	  echo "mpirun -np $$np, 1 thread each (threads column: processes x threads):"; \
	  top_srcdir='$(top_srcdir)' OPENBLAS_NUM_THREADS=1 $(MPIRUN) $(BENCH_MPIRUN_FLAGS) \
	    -np $$np ./bench/bench_mpi --threads 1 --seconds $(BENCH_MPI_SECONDS) || exit 1; \
	done
else
bench-mpi:
	@echo "bench-mpi: training among processes needs ./configure --with-mpi"
endif
EXTRA_DIST += bench/bench_mpi.c
.PHONY: bench-mpi
