# src/lab: the session's laboratory under the language: named models and their histories,
# training runs, inference, pictures of them, the session's part of model files, and the
# output blocks and sink that everything above emits to.
libattnlab_a_SOURCES += \
	src/lab/output.h \
	src/lab/lab.c src/lab/lab.h \
	src/lab/train.c src/lab/train.h \
	src/lab/infer.c src/lab/infer.h \
	src/lab/picture.c src/lab/picture.h \
	src/lab/checkpoint.c src/lab/checkpoint.h \
	src/lab/safetensors_io.c src/lab/safetensors_io.h \
	src/lab/eval_file.c src/lab/eval_file.h
