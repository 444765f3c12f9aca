/* deploy.h: attnlab as a command-line tool for a trained model:
 *   attnlab generate --model m.ckpt [--length N] [--temperature T] [--top-k K] [--seed S] PROMPT
 *   attnlab evaluate --model m.ckpt [--seq N] FILE
 * The checkpoint is loaded as `load model` would (its random numbers included), then the
 * session command runs through the plain sink, so the output is byte for byte the same as
 * the same commands in a session. */
#ifndef ATTNLAB_UI_DEPLOY_H
#define ATTNLAB_UI_DEPLOY_H

/* 1 when argv[1] names a deploy subcommand. */
int deploy_is_command(int argc, char **argv);
/* Runs it; returns the exit status (0 done, 1 the model or the command failed, 2 bad
 * arguments, with the usage on stderr). */
int deploy_main(int argc, char **argv);

#endif
