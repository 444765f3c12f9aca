# src/ui: the output sinks. plain: stdout/stderr for scripts and pipes.
libattnlab_a_SOURCES += \
	src/ui/plain.c src/ui/plain.h \
	src/ui/deploy.c src/ui/deploy.h
