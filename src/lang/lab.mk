# src/lang, the laboratory: data and model commands, training, drawings, the live panes.
libattnlab_a_SOURCES += \
	src/lang/lab.c src/lang/lab.h \
	src/lang/train.c src/lang/train.h \
	src/lang/infer.c src/lang/infer.h \
	src/lang/picture.c src/lang/picture.h \
	src/lang/draw.c src/lang/draw.h \
	src/lang/cmd_common.c src/lang/cmd_common.h \
	src/lang/cmd_data.c \
	src/lang/cmd_train.c \
	src/lang/cmd_infer.c \
	src/lang/cmd_show.c \
	src/lang/cmd_heads.c \
	src/lang/cmd_explain.c \
	src/lang/cmd_notebook.c \
	src/lang/checkpoint.c src/lang/checkpoint.h \
	src/lang/safetensors_io.c src/lang/safetensors_io.h \
	src/lang/gpt2_load.c src/lang/gpt2_load.h \
	src/lang/cmd_io.c \
	src/lang/eval_file.c src/lang/eval_file.h \
	src/lang/live.c src/lang/live.h
