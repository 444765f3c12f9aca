/* keras.h: what a Keras program's words mean in attnlab. A learner coming from the seed's
 * Keras example writes batch_size=, validation_split=, GRU, Flatten...; where attnlab has
 * the same thing under another name, or does it another way, the error says what to write
 * instead. Pure lookups: no session, no output. */
#ifndef ATTNLAB_LANG_KERAS_H
#define ATTNLAB_LANG_KERAS_H

/* For a Keras word that attnlab does not take: the advice to append to the error, or NULL.
 * word is the command or layer; option the unknown option's key, or NULL when the word
 * itself is unknown (an unknown command or layer). Case is ignored ("GRU", "gru"). */
const char *keras_hint(const char *word, const char *option);

#endif
