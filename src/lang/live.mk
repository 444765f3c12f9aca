# src/lang/live: the content of the notebook's live panes.
libattnlab_a_SOURCES += src/lang/live.c src/lang/live.h
