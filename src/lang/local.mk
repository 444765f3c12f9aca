# src/lang: lexer, parser, evaluator, command tables, the session, the script driver.
libattnlab_a_SOURCES += \
	src/lang/source.c src/lang/source.h \
	src/lang/lexer.c src/lang/lexer.h \
	src/lang/ast.c src/lang/ast.h \
	src/lang/parser.c src/lang/parser.h \
	src/lang/diag.c src/lang/diag.h \
	src/lang/commands.c src/lang/commands.h \
	src/lang/cmd_session.c \
	src/lang/cmd_model.c \
	src/lang/keras.c src/lang/keras.h \
	src/lang/near_file.c src/lang/near_file.h \
	src/lang/manpage.c src/lang/manpage.h \
	src/lang/eval.c src/lang/eval.h \
	src/lang/session.c src/lang/session.h \
	src/lang/script.c src/lang/script.h

check_PROGRAMS += tests/check_lang
TESTS += tests/check_lang
tests_check_lang_SOURCES = tests/check_lang.c
tests_check_lang_CFLAGS = $(TEST_CFLAGS)
tests_check_lang_LDADD = $(TEST_LIBS)

# Script tests: tests/scripts/NAME.lab runs through tests/run-script-test.sh and its output
# (stdout, stderr, exit status) must equal NAME.out. To add one, write NAME.lab, list it
# below, and create NAME.out with: ATTNLAB_UPDATE=1 make check TESTS=tests/scripts/NAME.lab
# (then read the .out before committing it). tests/scripts/errors/ is the error catalogue.
TEST_EXTENSIONS = .lab
LAB_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/run-script-test.sh
AM_LAB_LOG_FLAGS =
LANG_SCRIPT_TESTS = \
	tests/scripts/session.lab \
	tests/scripts/help.lab \
	tests/scripts/run.lab \
	tests/scripts/stdin.lab \
	tests/scripts/quit.lab \
	tests/scripts/execute.lab \
	tests/scripts/comments.lab \
	tests/scripts/data.lab \
	tests/scripts/tsv_header.lab \
	tests/scripts/models.lab \
	tests/scripts/inspect.lab \
	tests/scripts/checkpoint.lab \
	tests/scripts/checkpoint_errors.lab \
	tests/scripts/timeline.lab \
	tests/scripts/diverged.lab \
	tests/scripts/errors/attention_head_range.lab \
	tests/scripts/errors/attention_head_word.lab \
	tests/scripts/errors/attention_layer_all.lab \
	tests/scripts/errors/attention_layer_range.lab \
	tests/scripts/errors/attention_no_attention.lab \
	tests/scripts/errors/bad_escape.lab \
	tests/scripts/errors/bad_unicode_escape.lab \
	tests/scripts/errors/bool_value.lab \
	tests/scripts/errors/compile_no_model.lab \
	tests/scripts/errors/compile_warmup_decay.lab \
	tests/scripts/errors/data_before_load.lab \
	tests/scripts/errors/dense_activation.lab \
	tests/scripts/errors/duplicate_option.lab \
	tests/scripts/errors/empty_model.lab \
	tests/scripts/errors/end_without_model.lab \
	tests/scripts/errors/enum_value.lab \
	tests/scripts/errors/equals_without_key.lab \
	tests/scripts/errors/evaluate_before_compile.lab \
	tests/scripts/errors/fit_seq_too_long.lab \
	tests/scripts/errors/fit_stride_labelled.lab \
	tests/scripts/errors/fit_vocabulary_changed.lab \
	tests/scripts/errors/fork_existing_name.lab \
	tests/scripts/errors/generate_before_compile.lab \
	tests/scripts/errors/generate_classifier.lab \
	tests/scripts/errors/gradcheck_before_compile.lab \
	tests/scripts/errors/gradcheck_layer_range.lab \
	tests/scripts/errors/help_too_many.lab \
	tests/scripts/errors/help_unknown.lab \
	tests/scripts/errors/histogram_layer_range.lab \
	tests/scripts/errors/integer_expected.lab \
	tests/scripts/errors/layer_as_command.lab \
	tests/scripts/errors/layer_enum.lab \
	tests/scripts/errors/layer_missing_arg.lab \
	tests/scripts/errors/layer_option.lab \
	tests/scripts/errors/layer_range.lab \
	tests/scripts/errors/let_in_model.lab \
	tests/scripts/errors/let_missing_eq.lab \
	tests/scripts/errors/let_unknown_variable.lab \
	tests/scripts/errors/load_empty_file.lab \
	tests/scripts/errors/load_folder.lab \
	tests/scripts/errors/load_invalid_utf8.lab \
	tests/scripts/errors/load_malformed_tsv.lab \
	tests/scripts/errors/load_missing_file.lab \
	tests/scripts/errors/load_near_miss.lab \
	tests/scripts/errors/save_without_keyword.lab \
	tests/scripts/errors/load_split_range.lab \
	tests/scripts/errors/load_tsv_bad_lines.lab \
	tests/scripts/errors/load_stopwords_char.lab \
	tests/scripts/errors/load_word_min_freq.lab \
	tests/scripts/errors/lone_dollar.lab \
	tests/scripts/errors/malformed_number.lab \
	tests/scripts/errors/missing_arg.lab \
	tests/scripts/errors/missing_value.lab \
	tests/scripts/errors/model_after_output.lab \
	tests/scripts/errors/model_before_load.lab \
	tests/scripts/errors/model_classify_unlabelled.lab \
	tests/scripts/errors/model_embedding_first.lab \
	tests/scripts/errors/model_heads_width.lab \
	tests/scripts/errors/model_name_string.lab \
	tests/scripts/errors/model_no_output.lab \
	tests/scripts/errors/model_unknown_layer_kept.lab \
	tests/scripts/errors/negative_seed.lab \
	tests/scripts/errors/nested_model.lab \
	tests/scripts/errors/number_too_large.lab \
	tests/scripts/errors/option_range.lab \
	tests/scripts/errors/option_type.lab \
	tests/scripts/errors/partial_set.lab \
	tests/scripts/errors/plot_no_history.lab \
	tests/scripts/errors/plot_unknown_model.lab \
	tests/scripts/errors/predict_unknown_character.lab \
	tests/scripts/errors/run_error_inside.lab \
	tests/scripts/errors/run_missing_file.lab \
	tests/scripts/errors/run_recursive.lab \
	tests/scripts/errors/single_quote.lab \
	tests/scripts/errors/step_batch_too_large.lab \
	tests/scripts/errors/step_before_compile.lab \
	tests/scripts/errors/step_seq_too_long.lab \
	tests/scripts/errors/stop_at_first.lab \
	tests/scripts/errors/string_expected.lab \
	tests/scripts/errors/summary_unknown_model.lab \
	tests/scripts/errors/surrogate_escape.lab \
	tests/scripts/errors/text_after_end.lab \
	tests/scripts/errors/threads_word.lab \
	tests/scripts/errors/tokens_before_load.lab \
	tests/scripts/errors/too_many_args.lab \
	tests/scripts/errors/unknown_character.lab \
	tests/scripts/errors/unknown_command.lab \
	tests/scripts/errors/unknown_layer.lab \
	tests/scripts/errors/unknown_option.lab \
	tests/scripts/errors/unknown_variable.lab \
	tests/scripts/errors/unterminated_model.lab \
	tests/scripts/errors/unterminated_string.lab \
	tests/scripts/errors/use_unknown_model.lab \
	tests/scripts/errors/watch_layer_range.lab
# Training scripts: run-script-test.sh masks the time and speed of their summaries.
LANG_SCRIPT_TESTS += tests/scripts/train.lab tests/scripts/classifier.lab tests/scripts/keras.lab \
	tests/scripts/learn_reverse.lab tests/scripts/determinism.lab tests/scripts/rmsnorm.lab
# The bundled lessons, run whole.
LANG_SCRIPT_TESTS += tests/scripts/lesson_first_lesson.lab \
	tests/scripts/lesson_1_text_to_tokens.lab tests/scripts/lesson_2_keras_lstm.lab \
	tests/scripts/lesson_3_attention_from_scratch.lab \
	tests/scripts/lesson_4_watching_attention_form.lab \
	tests/scripts/lesson_lstm_vs_transformer.lab tests/scripts/lesson_6_sampling.lab \
	tests/scripts/lesson_sentiment.lab \
	tests/scripts/lesson_8_save_and_deploy.lab
# The lessons' golden outputs show learning: no line repeats a word more than three times.
TESTS += tests/lesson-repeats.sh tests/lesson-8-deploy.sh
EXTRA_DIST += tests/lesson-repeats.sh tests/lesson-8-deploy.sh
TESTS += $(LANG_SCRIPT_TESTS)
EXTRA_DIST += tests/run-script-test.sh $(LANG_SCRIPT_TESTS) \
	$(LANG_SCRIPT_TESTS:.lab=.out) \
	tests/scripts/parts/hello.lab tests/scripts/parts/bad.lab \
	tests/data/lang tests/data/io \
	doc/language.md
