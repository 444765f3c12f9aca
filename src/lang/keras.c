/* keras.c: the table of Keras words and what to write in attnlab instead. */
#include "lang/keras.h"

#include <stddef.h>
#include <strings.h>

struct keras_word {
    const char *word;   /* command or layer ("*" for any) */
    const char *option; /* NULL: the word itself */
    const char *hint;
};

static const struct keras_word table[] = {
    /* fit(x, y, batch_size=64, epochs=..., validation_split=0.1, verbose=1, shuffle=True) */
    {"fit", "batch_size", "Keras's batch_size is batch= here: fit epochs=3 batch=64"},
    {"step", "batch_size", "Keras's batch_size is batch= here"},
    {"fit", "validation_split",
     "the validation part is the one the data was loaded with: load \"FILE\" split=0.9 keeps "
     "the last 10% for validation, and fit reports val_loss and val_accuracy on it"},
    {"fit", "validation_data",
     "the validation part is the one the data was loaded with: load \"FILE\" split=0.9"},
    {"fit", "verbose", "fit always prints one line an epoch (and progress on long epochs)"},
    {"fit", "shuffle", "fit always shuffles the windows, in an order drawn from the seed"},
    {"fit", "steps_per_epoch", "an epoch is every window once; for a number of steps use step N"},
    {"compile", "learning_rate", "the learning rate is lr= here: compile optimizer=adam lr=1e-3"},
    {"evaluate", "batch_size", "evaluate uses the compiled batch; batches=N limits how many"},
    {"predict", "batch_size", "predict reads one text: predict \"TEXT\""},
    /* Embedding(vocab, 16, input_length=40) */
    {"embedding", "input_dim",
     "the vocabulary comes from the loaded data: write only the width, embedding 16"},
    {"embedding", "output_dim", "write the width as a value: embedding 16"},
    {"embedding", "input_length",
     "the sequence length is the model's: model NAME context=40 (fit and step take seq=)"},
    {"embedding", "mask_zero",
     "padding is masked already where it matters (classify pools "
     "over the true lengths)"},
    /* LSTM(64, return_sequences=True, dropout=0.2) */
    {"lstm", "return_sequences",
     "an lstm here returns every step already (every position predicts the next token): "
     "write lstm 64"},
    {"lstm", "dropout", "add a layer after it: dropout 0.2"},
    {"lstm", "recurrent_dropout", "add a layer after it: dropout 0.2"},
    {"lstm", "units", "write the units as a value: lstm 64"},
    {"dense", "units", "write the units as a value: dense 64"},
    {"dense", "use_bias", "a dense layer always has a bias"},
    {"dropout", "rate", "write the rate as a value: dropout 0.2"},
    /* layers attnlab does not have */
    {"gru", NULL, "attnlab has no GRU: an lstm is the recurrent layer here, lstm 64"},
    {"simplernn", NULL, "attnlab has no simple RNN: an lstm is the recurrent layer here, lstm 64"},
    {"bidirectional", NULL,
     "a recurrent layer here reads left to right; for a model that reads both ways use "
     "attention (or block) with causal=off"},
    {"flatten", NULL, "a classifier pools in its last layer: classify pool=mean"},
    {"globalaveragepooling1d", NULL, "a classifier pools in its last layer: classify pool=mean"},
    {"globalmaxpooling1d", NULL,
     "a classifier pools in its last layer: classify pool=mean (or pool=last)"},
    {"multiheadattention", NULL,
     "self-attention is attention heads=H, or a whole transformer block: block heads=H"},
    {"activation", NULL, "an activation is an option of dense: dense 64 activation=relu"},
    {"softmax", NULL,
     "the softmax is part of the loss here: end a language model with output (or dense "
     "VOCAB activation=softmax), a classifier with classify"},
    {"batchnormalization", NULL, "normalisation here is layernorm"},
    {"conv1d", NULL, "attnlab has no convolutions: mix positions with attention or lstm"},
    {"input", NULL, "the input is the loaded data's tokens: start the model with embedding WIDTH"},
    {"timedistributed", NULL, "dense and output apply at every position already"},
    /* commands */
    {"sequential", NULL, "a model is a block of layer lines: model NAME, the layers, end"},
    {"add", NULL, "layers go one a line inside a block: model NAME, the layers, end"},
    {"fit_generator", NULL, "fit trains over every window of the loaded data: fit epochs=3"},
    {"texts_to_sequences", NULL, "tokens \"TEXT\" shows how a text becomes token ids"},
    {"to_categorical", NULL,
     "targets stay token ids: loss=crossentropy (Keras's sparse_categorical_crossentropy)"},
};

const char *keras_hint(const char *word, const char *option)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const struct keras_word *k = &table[i];
        if (strcasecmp(k->word, word) != 0)
            continue;
        if (!option ? !k->option : k->option && !strcasecmp(k->option, option))
            return k->hint;
    }
    return NULL;
}
