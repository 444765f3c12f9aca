# src/io: file formats over bytes (the checkpoint envelope, a model's sections, safetensors).
# Below lang, above nn and data.
libattnlab_a_SOURCES += \
	src/io/bytes.c src/io/bytes.h \
	src/io/container.c src/io/container.h \
	src/io/layer_text.c src/io/layer_text.h \
	src/io/model_io.c src/io/model_io.h \
	src/io/base64.c src/io/base64.h \
	src/io/safetensors.c src/io/safetensors.h \
	src/io/gpt2.c src/io/gpt2.h

check_PROGRAMS += tests/check_io
TESTS += tests/check_io
tests_check_io_SOURCES = tests/check_io.c
tests_check_io_CFLAGS = $(TEST_CFLAGS)
tests_check_io_LDADD = $(TEST_LIBS)

# Exact resume across processes, saves killed with SIGKILL, the command-line deploy (the
# real binary).
IO_SHELL_TESTS = tests/io/resume.sh tests/io/kill_save.sh tests/io/deploy.sh
TESTS += $(IO_SHELL_TESTS)
EXTRA_DIST += $(IO_SHELL_TESTS) doc/checkpoint.md tests/fuzz/fuzz_checkpoint.c \
	tests/fuzz/fuzz_safetensors.c tests/fuzz/regressions/checkpoint \
	tests/fuzz/regressions/safetensors

# The PyTorch round trip (skips without python3-torch); st_logits prints a model's logits.
check_PROGRAMS += tests/torch/st_logits
tests_torch_st_logits_SOURCES = tests/torch/st_logits.c
tests_torch_st_logits_CFLAGS = $(TEST_CFLAGS)
tests_torch_st_logits_LDADD = $(TEST_LIBS)
TESTS += tests/torch/roundtrip.sh
EXTRA_DIST += tests/torch/roundtrip.sh tests/torch/roundtrip.py tests/torch/attnlab_torch.py
