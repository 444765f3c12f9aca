# src/nn: layers, the model stack, losses, optimizers.
