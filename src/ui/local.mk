# src/ui: the output sinks. plain: stdout/stderr for scripts and pipes; quiet: the other
# processes of an MPI run.
libattnlab_a_SOURCES += \
	src/ui/plain.c src/ui/plain.h \
	src/ui/quiet.c src/ui/quiet.h \
	src/ui/deploy.c src/ui/deploy.h
