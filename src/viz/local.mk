# src/viz: the canvas and what draws on it (plots, heatmaps, bars, histograms, tables).
libattnlab_a_SOURCES += \
	src/viz/canvas.c src/viz/canvas.h \
	src/viz/text.c src/viz/text.h \
	src/viz/render.c \
	src/viz/options.c src/viz/viz.h \
	src/viz/scale.c src/viz/scale.h \
	src/viz/dots.c src/viz/dots.h \
	src/viz/plot_data.c src/viz/plot_data.h \
	src/viz/plot.c src/viz/plot.h \
	src/viz/heatmap_cells.c src/viz/heatmap_cells.h \
	src/viz/heatmap.c src/viz/heatmap.h \
	src/viz/heatmap_grid.c \
	src/viz/heatmap_heads.c \
	src/viz/bars.c src/viz/bars.h src/viz/hist.c \
	src/viz/table.c src/viz/table.h

check_PROGRAMS += tests/check_viz
TESTS += tests/check_viz
tests_check_viz_SOURCES = tests/check_viz.c
tests_check_viz_CFLAGS = $(TEST_CFLAGS)
tests_check_viz_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/golden/viz
