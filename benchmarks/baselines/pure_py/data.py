"""Datasets, mini-batches and preprocessing (lib.pure.data).

A Dataset holds features as a PureTensor of shape [N, F] (one row per sample) and targets
as a PureTensor of shape [N, ...] or a list of class indices.  create_xor_dataset and
create_linear_dataset give lists of (input, target) pairs of autograd Tensors, one sample
each, which Dataset.from_pairs stacks.  Shuffling uses a seed of its own, so a
DataLoader's batch order is the same on every run."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import tensor as _tensor
from .autograd import Tensor
from .tensor import PureTensor
from .tensor_ops import take_rows

__all__ = [
    "DataLoader",
    "Dataset",
    "IrisDataset",
    "create_digits_dataset",
    "create_linear_dataset",
    "create_xor_dataset",
    "one_hot",
    "standardize",
]

# lib.pure's data files (the Iris flowers), in the stdlib of this repository
DATA_FILES = Path(__file__).resolve().parents[3] / "stdlib" / "lib" / "pure" / "data_files"


def permutation_seeded(n: int, seed: int) -> list:
    """A permutation of 0..n from a generator of its own, seeded by ``seed``."""
    return np.random.default_rng(seed).permutation(n).tolist()


def _plain(x) -> PureTensor:
    if isinstance(x, Tensor):
        return x.value
    if isinstance(x, list):
        return PureTensor.from_data([v * 1.0 for v in x], [len(x)])
    return x


def _pick(y, rows: list):
    """The rows ``rows`` of targets given as a tensor or a list."""
    if isinstance(y, PureTensor):
        return take_rows(y, rows)
    if isinstance(y, list):
        return [y[r] for r in rows]
    return take_rows(_plain(y), rows)


def _stack(items: list) -> PureTensor:
    """The samples ``items`` (tensors of one shape, or numbers) stacked along a new first
    axis; a leading 1 of a sample's shape is the sample axis already."""
    data = []
    row = None
    for item in items:
        if isinstance(item, (int, float)):
            data.append(item * 1.0)
            continue
        t = _plain(item)
        if row is None:
            row = t.shape[1:] if len(t.shape) > 1 and t.shape[0] == 1 else t.shape
        data.extend(t.data.ravel().tolist())
    return PureTensor.from_data(data, [len(items)] + (row or []))


class Dataset:
    """Features x ([N, ...]) and targets y (tensor or list) of N samples."""
    __slots__ = ("x", "y")

    def __init__(self, x: PureTensor, y):
        self.x = x
        self.y = y

    @classmethod
    def create(cls, x, y=None) -> Dataset:
        """Dataset.create(x, y), or Dataset.create(pairs) for a list of (x, y) pairs."""
        if y is None and isinstance(x, list):
            return cls.from_pairs(x)
        return cls(_plain(x), y)

    @classmethod
    def from_pairs(cls, pairs: list) -> Dataset:
        """The samples of a list of (x, y) pairs stacked: a sample of shape [1, F] (or [F])
        becomes a row of x [N, F]; targets likewise (numbers become [N] values)."""
        if not pairs:
            raise ValueError("Dataset.from_pairs: no (x, y) pairs")
        return cls(_stack([p[0] for p in pairs]), _stack([p[1] for p in pairs]))

    def batches(self) -> list:
        """The whole set as one batch, for Trainer.fit / evaluate."""
        return [(Tensor(self.x), Tensor(self.y) if isinstance(self.y, PureTensor) else self.y)]

    def __len__(self) -> int:
        return self.x.data.shape[0]

    def get(self, i: int):
        """Sample i as an (x, y) pair."""
        return take_rows(self.x, [i]), _pick(self.y, [i])

    def subset(self, rows: list) -> Dataset:
        return Dataset(take_rows(self.x, rows), _pick(self.y, rows))

    def __str__(self) -> str:
        return f"Dataset(samples={len(self)}, features={self.x.shape})"


class DataLoader:
    """Mini-batches of a Dataset: batches() gives [(x_batch, y_batch)] as Tensors (or
    the target list).  With shuffle, each call draws a new seeded order."""

    def __init__(self, dataset, batch_size: int = 32, shuffle: bool = False, drop_last: bool = False,
                 seed: int = 0):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.seed = seed
        self.epoch = 0

    @classmethod
    def create(cls, *args, **kwargs) -> DataLoader:
        return cls(*args, **kwargs)

    def num_batches(self) -> int:
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else (n + self.batch_size - 1) // self.batch_size

    def __len__(self) -> int:
        return self.num_batches()

    def batches(self) -> list:
        n = len(self.dataset)
        if self.shuffle:
            order = permutation_seeded(n, self.seed * 1000003 + self.epoch)
        else:
            order = list(range(n))
        self.epoch += 1
        out = []
        if n == 0:
            return out
        # the samples in batch order, gathered once: each batch is then a block of rows
        every = self.dataset.subset(order)
        blocks = isinstance(every.x, PureTensor) and isinstance(every.y, (PureTensor, list))
        start = 0
        while start < n:
            end = min(start + self.batch_size, n)
            if end - start == self.batch_size or not self.drop_last:
                if blocks:
                    y = Tensor(PureTensor(every.y.data[start:end])) if isinstance(every.y, PureTensor) \
                        else every.y[start:end]
                    out.append((Tensor(PureTensor(every.x.data[start:end])), y))
                else:
                    part = self.dataset.subset(order[start:end])
                    y = Tensor(part.y) if isinstance(part.y, PureTensor) else part.y
                    out.append((Tensor(part.x), y))
            start = end
        return out

    def __str__(self) -> str:
        return (f"DataLoader(batch_size={self.batch_size}, shuffle={str(self.shuffle).lower()}, "
                f"batches={self.num_batches()})")


def standardize(x) -> PureTensor:
    """Zero mean, unit (population) standard deviation per column; a constant column
    becomes 0."""
    a = _plain(x).data
    lo = a.mean(axis=0, keepdims=True)
    span = a.std(axis=0, keepdims=True)
    return PureTensor((a - lo) / np.where(span == 0, 1.0, span))


def one_hot(labels: list, num_classes: int) -> PureTensor:
    """[N, num_classes] rows with a 1.0 at each label."""
    out = np.zeros((len(labels), num_classes))
    for i, label in enumerate(labels):
        if label < 0 or label >= num_classes:
            raise ValueError(f"one_hot: label {label} out of range 0..{num_classes}")
        out[i, label] = 1.0
    return PureTensor(out)


def _sample(x: list, y: list):
    """One sample as an (input, target) pair of Tensors of shapes [1, len(x)] and [1, len(y)]."""
    return Tensor.from_data(x, [1, len(x)]), Tensor.from_data(y, [1, len(y)])


def create_xor_dataset() -> list:
    """The four XOR points as (input [1, 2], target [1, 1]) pairs."""
    return [_sample([0.0, 0.0], [0.0]), _sample([0.0, 1.0], [1.0]), _sample([1.0, 0.0], [1.0]),
            _sample([1.0, 1.0], [0.0])]


def create_linear_dataset(num_samples: int = 20, slope: float = 2.0, intercept: float = 1.0,
                          noise: float = 0.0) -> list:
    """y = slope * x + intercept (+ seeded Gaussian noise) at num_samples points x in [0, 1),
    as (x [1, 1], y [1, 1]) pairs."""
    eps = (_tensor.generator().normal(0.0, noise, num_samples) if noise > 0.0
           else np.zeros(num_samples)).tolist()
    out = []
    for i in range(num_samples):
        x = i * 1.0 / num_samples
        out.append(_sample([x], [slope * x + intercept + eps[i]]))
    return out


# The ten 5x3 digit glyphs, drawn 1 = ink.
GLYPHS = ["111101101101111", "010110010010111", "111001111100111", "111001111001111",
          "101101111001001", "111100111001111", "111100111101111", "111001001001001",
          "111101111101111", "111101111001111"]


def create_digits_dataset(n: int = 200, noise: float = 0.15, seed: int = 0):
    """A small MNIST-style set: each sample is a digit glyph drawn into 8x8 at a random
    offset with Gaussian pixel noise; x [n, 1, 8, 8], labels a list.  The offsets come
    from a permutation of n * 10 seeded by ``seed`` (sample s moves down order[s] % 3 and
    right order[s + n] % 4), the noise from the shared generator."""
    order = np.random.default_rng(seed).permutation(n * 10)
    jitter = _tensor.generator().normal(0.0, noise, n * 64)
    shapes = np.array([[1.0 if ch == "1" else 0.0 for ch in g] for g in GLYPHS]).reshape(-1, 5, 3)
    ink = np.zeros((n, 8, 8))
    for s in range(n):
        dy, dx = int(order[s]) % 3, int(order[s + n]) % 4
        ink[s, dy + 1:dy + 6, dx + 1:dx + 4] = shapes[s % 10]
    return PureTensor((ink.reshape(-1) + jitter).reshape(n, 1, 8, 8)), [s % 10 for s in range(n)]


class IrisDataset:
    """Fisher's 150 Iris flowers (4 features, 3 classes) from lib.pure's data file."""
    __slots__ = ("class_names", "features", "labels")

    def __init__(self, features: PureTensor, labels: list, class_names: list):
        self.features = features
        self.labels = labels
        self.class_names = class_names

    @classmethod
    def load_builtin(cls) -> IrisDataset:
        names, feats, labels = [], [], []
        for line in (DATA_FILES / "iris.csv").read_text(encoding="utf-8").splitlines()[1:]:
            if not line.strip():
                continue
            *xs, name = line.split(",")
            if name not in names:
                names.append(name)
            feats.extend(float(x) for x in xs)
            labels.append(names.index(name))
        return cls(PureTensor.from_data(feats, [len(labels), 4]), labels, names)

    def __len__(self) -> int:
        return len(self.labels)

    def num_classes(self) -> int:
        return len(self.class_names)

    def standardized(self) -> IrisDataset:
        """Features standardised per column (zero mean, unit variance)."""
        return IrisDataset(standardize(self.features), self.labels, self.class_names)

    def targets_one_hot(self) -> PureTensor:
        return one_hot(self.labels, len(self.class_names))

    def split_sets(self, ratio: float = 0.8, seed: int = 42):
        """(train, test): a seeded shuffle, then the first ``ratio`` of the samples for training."""
        n = len(self)
        order = permutation_seeded(n, seed)
        n_train = int(n * ratio + 0.5)
        return self.subset(order[:n_train]), self.subset(order[n_train:])

    def subset(self, rows: list) -> IrisDataset:
        return IrisDataset(take_rows(self.features, rows), [self.labels[r] for r in rows], self.class_names)

    def to_dataset(self) -> Dataset:
        return Dataset(self.features, self.labels)

    def __str__(self) -> str:
        return f"IrisDataset(samples={len(self)}, classes=[{', '.join(self.class_names)}])"
