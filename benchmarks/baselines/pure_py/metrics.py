"""Classification metrics (lib.pure.metrics).  Inputs may be autograd Tensors,
PureTensors or lists; class predictions of a [N, C] tensor are the arg-max of each row."""
from __future__ import annotations

from .autograd import Tensor
from .tensor import PureTensor
from .tensor_ops import argmax_rows

__all__ = ["accuracy", "accuracy_from_logits", "confusion_matrix", "predicted_classes"]


def _values(x) -> PureTensor:
    if isinstance(x, Tensor):
        return x.value
    if isinstance(x, PureTensor):
        return x
    return PureTensor.from_data([v * 1.0 for v in x], [len(x)])


def predicted_classes(x) -> list:
    """Class indices: the arg-max of each row of a [N, C] tensor (C > 1), otherwise the
    values rounded (labels, or probabilities thresholded at 0.5)."""
    if isinstance(x, list):
        return [int(v) for v in x]
    t = _values(x)
    shape = t.shape
    if len(shape) == 2 and shape[1] > 1:
        return argmax_rows(t, 1)
    return [int(v + 0.5) if v >= 0.5 else 0 for v in t.to_list()]


def accuracy(predictions, targets) -> float:
    """Fraction of predictions equal to the targets."""
    p = predicted_classes(predictions)
    t = predicted_classes(targets)
    if not p:
        return 0.0
    correct = sum(1 for a, b in zip(p, t) if a == b)
    return correct * 1.0 / len(p)


def accuracy_from_logits(logits, targets) -> float:
    return accuracy(logits, targets)


def confusion_matrix(predictions, targets, num_classes: int) -> list:
    p = predicted_classes(predictions)
    t = predicted_classes(targets)
    m = [[0] * num_classes for _ in range(num_classes)]
    for a, b in zip(p, t):
        m[b][a] += 1
    return m
