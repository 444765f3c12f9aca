# src/nn: layers, the model stack, losses, optimizers.
libattnlab_a_SOURCES += \
	src/nn/embedding.c src/nn/embedding.h \
	src/nn/position.c src/nn/position.h \
	src/nn/dense.c src/nn/dense.h \
	src/nn/layernorm.c src/nn/layernorm.h \
	src/nn/attention.c src/nn/attention.h \
	src/nn/transformer.c src/nn/transformer.h \
	src/nn/lstm.c src/nn/lstm.h \
	src/nn/dropout.c src/nn/dropout.h \
	src/nn/loss.c src/nn/loss.h \
	src/nn/optim.c src/nn/optim.h \
	src/nn/layer_kind.h src/nn/layer_kinds.h src/nn/layer_kinds.c src/nn/layer_text.c \
	src/nn/layer_embedding.c \
	src/nn/layer_position.c \
	src/nn/layer_attention.c \
	src/nn/layer_block.c \
	src/nn/layer_lstm.c \
	src/nn/layer_dense.c \
	src/nn/layer_dropout.c \
	src/nn/layer_layernorm.c \
	src/nn/layer_rmsnorm.c \
	src/nn/layer_output.c \
	src/nn/layer_classify.c \
	src/nn/layer_mlp.c \
	src/nn/model.c src/nn/model.h \
	src/nn/model_run.c \
	src/nn/gradcheck.c src/nn/gradcheck.h

check_PROGRAMS += tests/check_nn
TESTS += tests/check_nn
tests_check_nn_SOURCES = tests/check_nn.c
tests_check_nn_CFLAGS = $(TEST_CFLAGS)
# Every heap call of the code under test passes through the test's counters.
tests_check_nn_LDFLAGS = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=aligned_alloc
tests_check_nn_LDADD = $(TEST_LIBS)
