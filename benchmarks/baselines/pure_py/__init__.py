"""pure_py: lib.pure (the pure-Simple deep-learning library of stdlib/lib/pure) written by
hand in Python, for the benchmark baselines of the lib.pure programs.

The same classes and algorithms as lib.pure: PureTensor (a float64 ndarray), the
autograd Tensor with its graph (op, inputs) and backward in reverse topological order,
layers (Linear, Sequential, Conv2d, LayerNorm, Embedding, MultiHeadAttention, ...),
optimizers (SGD, Adam), losses, Trainer, Dataset / DataLoader and metrics; the fused
ops lib.pure fuses (linear, losses, attention, layer norm, conv2d, optimizer steps) are
fused here too, with the same numpy operations in the same order, so every number
comes out the same.

    from pure_py.tensor import PureTensor, manual_seed
    from pure_py.nn import Linear, Sequential
"""
