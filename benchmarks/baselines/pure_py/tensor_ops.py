"""Operations on PureTensor without gradient tracking (lib.pure.tensor_ops).  Element-wise
ops broadcast like numpy; reductions without an axis return a float."""
from __future__ import annotations

import builtins

import numpy as np

from .tensor import PureTensor

__all__ = [
    "add",
    "argmax",
    "argmax_rows",
    "div",
    "log_softmax",
    "matmul",
    "max",
    "mean",
    "mean_axis",
    "min",
    "mul",
    "relu",
    "sigmoid",
    "softmax",
    "sub",
    "sum",
    "sum_axis",
    "take_rows",
    "tanh",
    "transpose",
]


def sigmoid_array(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)) where x >= 0, else exp(x) / (1 + exp(x)): no overflow either way."""
    pos = x >= 0
    e = np.exp(np.where(pos, np.negative(x), x))
    t = 1.0 + e
    return np.where(pos, 1.0 / t, e / t)


def softmax_array(x: np.ndarray, axis: int = -1) -> np.ndarray:
    z = x - np.maximum.reduce(x, axis, keepdims=True)
    e = np.exp(z)
    return e / np.add.reduce(e, axis, keepdims=True)


def log_softmax_array(x: np.ndarray, axis: int = -1) -> np.ndarray:
    z = x - np.maximum.reduce(x, axis, keepdims=True)
    return z - np.log(np.add.reduce(np.exp(z), axis, keepdims=True))


def take_rows_array(x: np.ndarray, rows: list) -> np.ndarray:
    """Rows ``rows`` (a list of ints) of ``x`` along axis 0, bounds-checked."""
    n = x.shape[0]
    if rows and (builtins.min(rows) < 0 or builtins.max(rows) >= n):
        bad = next(r for r in rows if r < 0 or r >= n)
        raise IndexError(f"index {bad} out of range for tensor with {n} rows")
    return x.take(np.array(rows, dtype=np.int64), 0)


def add(a: PureTensor, b: PureTensor) -> PureTensor: return PureTensor(np.add(a.data, b.data))
def sub(a: PureTensor, b: PureTensor) -> PureTensor: return PureTensor(np.subtract(a.data, b.data))
def mul(a: PureTensor, b: PureTensor) -> PureTensor: return PureTensor(np.multiply(a.data, b.data))
def div(a: PureTensor, b: PureTensor) -> PureTensor: return PureTensor(np.divide(a.data, b.data))
def matmul(a: PureTensor, b: PureTensor) -> PureTensor: return PureTensor(np.matmul(a.data, b.data))


def transpose(a: PureTensor) -> PureTensor:
    """Swaps the last two dimensions."""
    x = a.data
    return PureTensor(x.copy() if x.ndim < 2 else x.swapaxes(-1, -2).copy())


def relu(a: PureTensor) -> PureTensor: return PureTensor(np.maximum(a.data, 0.0))
def sigmoid(a: PureTensor) -> PureTensor: return PureTensor(sigmoid_array(a.data))
def tanh(a: PureTensor) -> PureTensor: return PureTensor(np.tanh(a.data))
def softmax(a: PureTensor, dim: int = -1) -> PureTensor: return PureTensor(softmax_array(a.data, dim))
def log_softmax(a: PureTensor, dim: int = -1) -> PureTensor: return PureTensor(log_softmax_array(a.data, dim))
def take_rows(a: PureTensor, rows: list) -> PureTensor: return PureTensor(take_rows_array(a.data, rows))


def sum(a: PureTensor) -> float:
    return float(np.add.reduce(a.data, None))


def mean(a: PureTensor) -> float:
    return float(np.add.reduce(a.data, None) / a.data.size)


def max(a: PureTensor) -> float:
    return float(np.max(a.data))


def min(a: PureTensor) -> float:
    return float(np.min(a.data))


def argmax(a: PureTensor) -> int:
    return int(np.argmax(a.data))


def argmax_rows(a: PureTensor, axis: int = 1) -> list:
    """The arg-max along ``axis``, as a list of ints."""
    return [int(i) for i in np.argmax(a.data, axis=axis).reshape(-1)]


def sum_axis(a: PureTensor, axis: int, keepdims: bool = False) -> PureTensor:
    return PureTensor(np.sum(a.data, axis=axis, keepdims=keepdims))


def mean_axis(a: PureTensor, axis: int, keepdims: bool = False) -> PureTensor:
    return PureTensor(np.mean(a.data, axis=axis, keepdims=keepdims))
