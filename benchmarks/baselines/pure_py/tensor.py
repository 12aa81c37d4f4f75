"""PureTensor: the n-dimensional float64 tensor (lib.pure.tensor), and the seeded
generator behind random tensors, layer initialisation and shuffling."""
from __future__ import annotations

import numpy as np

__all__ = ["PureTensor", "compute_strides", "generator", "manual_seed", "shape_numel"]

# Tensor kernels follow numpy on overflow and invalid values and say nothing about it.
np.seterr(all="ignore")

_rng = np.random.default_rng(0)


def manual_seed(seed: int) -> None:
    """Restart the generator behind randn/rand, layer initialisation and shuffling."""
    global _rng
    _rng = np.random.default_rng(int(seed))


def generator() -> np.random.Generator:
    return _rng


def compute_strides(shape) -> list:
    """Row-major strides: the last dimension has stride 1."""
    strides = [0] * len(shape)
    acc = 1
    for i in range(len(shape) - 1, -1, -1):
        strides[i] = acc
        acc *= shape[i]
    return strides


def shape_numel(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _binary(op, a, b):
    y = b.data if isinstance(b, PureTensor) else float(b)
    return PureTensor(op(a.data, y))


class PureTensor:
    """A float64 ndarray (``data``, in its shape) with lib.pure's tensor API."""
    __slots__ = ("data",)

    def __init__(self, data: np.ndarray):
        self.data = data

    @staticmethod
    def from_data(data, shape) -> PureTensor:
        a = np.array(data, dtype=np.float64).reshape(-1)
        n = shape_numel(shape)
        if a.size != n:
            raise ValueError(f"from_data: {a.size} values do not fill shape {list(shape)} ({n} needed)")
        return PureTensor(a.reshape(shape))

    @staticmethod
    def full(shape, value: float) -> PureTensor:
        return PureTensor(np.full(shape_numel(shape), float(value)).reshape(shape))

    @staticmethod
    def zeros(shape) -> PureTensor:
        return PureTensor.full(shape, 0.0)

    @staticmethod
    def ones(shape) -> PureTensor:
        return PureTensor.full(shape, 1.0)

    @staticmethod
    def randn(shape, mean: float = 0.0, std: float = 1.0) -> PureTensor:
        """Samples of N(mean, std^2) from the seeded generator (see manual_seed)."""
        return PureTensor(_rng.normal(float(mean), float(std), shape_numel(shape)).reshape(shape))

    @staticmethod
    def rand(shape, low: float = 0.0, high: float = 1.0) -> PureTensor:
        """Samples of U(low, high)."""
        return PureTensor(_rng.uniform(float(low), float(high), shape_numel(shape)).reshape(shape))

    @staticmethod
    def arange(n: int) -> PureTensor:
        return PureTensor(np.arange(n, dtype=np.float64))

    @staticmethod
    def zeros_like(other: PureTensor) -> PureTensor:
        return PureTensor.full(other.shape, 0.0)

    @staticmethod
    def ones_like(other: PureTensor) -> PureTensor:
        return PureTensor.full(other.shape, 1.0)

    @property
    def shape(self) -> list:
        return list(self.data.shape)

    @property
    def strides(self) -> list:
        return compute_strides(self.data.shape)

    def numel(self) -> int:
        return self.data.size

    def ndim(self) -> int:
        return self.data.ndim

    def offset(self, indices) -> int:
        """Flat position of a multi-index, bounds-checked per dimension."""
        shape = self.data.shape
        if len(indices) != len(shape):
            raise IndexError(f"tensor of shape {list(shape)} needs {len(shape)} indices, got {len(indices)}")
        flat = 0
        for d, (i, stride) in enumerate(zip(indices, compute_strides(shape))):
            if i < 0 or i >= shape[d]:
                raise IndexError(f"index {i} out of range for dimension {d} of size {shape[d]}")
            flat += i * stride
        return flat

    def get(self, indices) -> float:
        return float(self.data.reshape(-1)[self.offset(indices)])

    def set(self, indices, value: float) -> None:
        self.data.reshape(-1)[self.offset(indices)] = value

    def item(self) -> float:
        """The single value of a one-element tensor."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element, not shape {self.shape}")
        return float(self.data.reshape(-1)[0])

    def reshape(self, shape) -> PureTensor:
        return PureTensor(self.data.reshape(shape).copy())

    def clone(self) -> PureTensor:
        return PureTensor(self.data.copy())

    def to_list(self) -> list:
        return self.data.reshape(-1).tolist()

    # a + b, a - b, a * b, a / b (tensors broadcast; numbers apply to every element),
    # a @ b, -a
    def __add__(self, other): return _binary(np.add, self, other)
    __radd__ = __add__
    def __sub__(self, other): return _binary(np.subtract, self, other)
    def __rsub__(self, other): return PureTensor(float(other) - self.data)
    def __mul__(self, other): return _binary(np.multiply, self, other)
    __rmul__ = __mul__
    def __truediv__(self, other): return _binary(np.divide, self, other)
    def __rtruediv__(self, other): return PureTensor(float(other) / self.data)
    def __matmul__(self, other): return PureTensor(np.matmul(self.data, other.data))
    def __neg__(self): return PureTensor(0.0 - self.data)

    def __str__(self) -> str:
        flat = self.data.reshape(-1).tolist()
        if len(flat) <= 16:
            return f"PureTensor(shape={self.shape}, data={flat})"
        head = ", ".join(repr(v) for v in flat[:6])
        return f"PureTensor(shape={self.shape}, data=[{head}, ..., {flat[-1]!r}])"

    __repr__ = __str__
