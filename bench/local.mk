# bench: the training benchmark (make bench).
