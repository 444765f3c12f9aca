# src/lang, the laboratory's commands: data, training, inference, drawings, model files and
# the live panes (the laboratory itself is src/lab).
libattnlab_a_SOURCES += \
	src/lang/draw.c src/lang/draw.h \
	src/lang/cmd_common.c src/lang/cmd_common.h \
	src/lang/cmd_data.c \
	src/lang/cmd_train.c \
	src/lang/cmd_infer.c \
	src/lang/cmd_show.c \
	src/lang/cmd_heads.c \
	src/lang/cmd_explain.c \
	src/lang/cmd_notebook.c \
	src/lang/gpt2_load.c src/lang/gpt2_load.h \
	src/lang/cmd_io.c \
	src/lang/live.c src/lang/live.h
