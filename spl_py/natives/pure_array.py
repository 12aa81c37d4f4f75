"""``FloatArray``: the ``data`` field of ``lib.pure`` tensors.

Simple code sees a list of f64: ``xs[i]``, ``xs[i] = v``, ``xs.len()``, ``for x in xs``,
``xs.push(v)``, slices, ``==`` with lists, printing as ``[1.0, 2.5]``; the list methods of
``runtime/methods.py`` work too.  Underneath is a growable float64 numpy buffer, so the
kernels in ``pure_natives`` reach the numbers without copying (``view()``).
"""
from __future__ import annotations

import numpy as np

from ..runtime import formatting, methods, values
from ..runtime.ops import slice_ as _slice
from ..runtime.panic import SplPanic

__all__ = ["FloatArray", "as_array"]


def _index_error(i, n: int) -> SplPanic:
    if type(i) is not int and type(i) is not bool:
        return SplPanic(f"list index must be i64, not {values.type_name(i)}")
    return SplPanic(f"index {i} out of range for list of length {n}")


_F64 = np.dtype(np.float64)
_fromiter = np.fromiter


def _num(v) -> float:
    t = type(v)
    if t is float or t is int or t is bool:
        return float(v)
    if isinstance(v, (np.floating, np.integer)):
        return float(v)
    raise SplPanic(f"tensor data holds f64 values, not {values.type_name(v)}")


class FloatArray:
    """A list of f64 backed by a numpy buffer (capacity grows by doubling on push)."""
    # _nd: the numbers as an ndarray of the owning tensor's shape (a view of _buf; its
    # shape tuple in _ndshape), kept by the kernels so each use need not reshape again
    # (pure_natives.arr); None until made, and dropped whenever _buf or _n changes (push,
    # pop, insert, clear).  A kernel's result adopted by pure_natives.make has no _buf at
    # first: __getattr__ makes it, the flat view of _nd (a copy, dropping _nd, where _nd
    # is not in C order), once list code needs it, so most never do.
    __slots__ = ("_buf", "_n", "_nd", "_ndshape")
    __hash__ = None  # mutable, like a list

    def __init__(self, items=()):
        if type(items) is FloatArray:
            buf = items.view().copy()
        elif isinstance(items, np.ndarray):
            buf = np.array(items, dtype=np.float64).ravel()
        else:
            buf = list_buffer(items if type(items) is list else list(items))
        self._buf = buf
        self._n = buf.shape[0]
        self._nd = None

    @classmethod
    def wrap(cls, arr: np.ndarray) -> "FloatArray":
        """Adopt ``arr`` (flattened, float64) without copying when possible.  The caller
        must not keep using ``arr``."""
        self = cls.__new__(cls)
        a = arr if (arr.ndim == 1 and arr.dtype == np.float64 and arr.flags.c_contiguous) \
            else np.ascontiguousarray(arr, dtype=np.float64).reshape(-1)
        self._buf = a
        self._n = a.shape[0]
        self._nd = None
        return self

    def view(self) -> np.ndarray:
        """The live numbers (a view: writes go through)."""
        return self._buf[: self._n]

    # --- the Python protocols runtime/ops.py uses ---------------------------------
    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if type(i) is int:
            if 0 <= i < self._n:
                return float(self._buf[i])
            raise _index_error(i, self._n)
        if type(i) is slice:
            return FloatArray.wrap(self.view()[i].copy())
        raise _index_error(i, self._n)

    def __setitem__(self, i, v) -> None:
        if type(i) is int and 0 <= i < self._n:
            self._buf[i] = _num(v)
            return
        raise _index_error(i, self._n)

    def __iter__(self):
        return iter(self.view().tolist())

    def __contains__(self, v) -> bool:
        try:
            return bool((self.view() == _num(v)).any())
        except SplPanic:
            return False

    def __eq__(self, other):
        if isinstance(other, FloatArray):
            return self._n == other._n and bool(np.array_equal(self.view(), other.view()))
        if type(other) is list or type(other) is tuple:
            return self._n == len(other) and self.tolist() == list(other)
        return NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __add__(self, other):
        if isinstance(other, FloatArray):
            return FloatArray.wrap(np.concatenate([self.view(), other.view()]))
        if type(other) is list:
            return FloatArray(self.tolist() + other)
        return NotImplemented

    def __radd__(self, other):
        if type(other) is list:
            return other + self.tolist()
        return NotImplemented

    # repetition and ordering as a list's (to_list: the numbers as Python floats)
    def __mul__(self, n):
        return self.tolist() * n

    __rmul__ = __mul__

    def __lt__(self, other):
        return self.tolist() < _as_list(other)

    def __le__(self, other):
        return self.tolist() <= _as_list(other)

    def __gt__(self, other):
        return self.tolist() > _as_list(other)

    def __ge__(self, other):
        return self.tolist() >= _as_list(other)

    def __repr__(self) -> str:
        return self.to_string()

    __str__ = __repr__

    # --- Simple list methods --------------------------------------------------------
    def tolist(self) -> list:
        return self.view().tolist()

    to_list = tolist

    def to_string(self) -> str:
        return "[" + ", ".join([repr(x) for x in self.view().tolist()]) + "]"

    def len(self) -> int:
        return self._n

    def push(self, v) -> None:
        x = _num(v)
        n = self._n
        if n == self._buf.shape[0]:
            grown = np.empty(max(8, 2 * n), dtype=np.float64)
            grown[:n] = self._buf[:n]
            self._buf = grown
        self._buf[n] = x
        self._n = n + 1
        self._nd = None

    append = push

    def extend(self, xs) -> None:
        for x in xs:
            self.push(x)

    def pop(self, i=None):
        if self._n == 0:
            raise SplPanic("pop of empty list")
        buf = self._buf  # (made before _nd, which it may be made from, is dropped)
        self._nd = None
        if i is None:
            self._n -= 1
            return float(buf[self._n])
        if type(i) is not int or not 0 <= i < self._n:
            raise _index_error(i, self._n)
        v = float(self._buf[i])
        self._buf[i:self._n - 1] = self._buf[i + 1:self._n].copy()
        self._n -= 1
        return v

    def insert(self, i, v) -> None:
        if type(i) is not int or not 0 <= i <= self._n:
            raise SplPanic(f"insert index {i} out of range for list of length {self._n}")
        self.push(0.0)
        self._buf[i + 1:self._n] = self._buf[i:self._n - 1].copy()
        self._buf[i] = _num(v)

    def clear(self) -> None:
        self._buf = self._buf[:0]  # the next push gets fresh memory, not _nd's
        self._n = 0
        self._nd = None

    def set(self, i, v) -> None:
        self.__setitem__(i, v)

    def remove(self, v):
        """As a list's ``remove``: an i64 removes (and gives) the element at that index,
        another value its first occurrence."""
        if type(v) is int:
            return self.pop(v)
        at = np.flatnonzero(self.view() == _num(v)) if type(v) in (float, bool) else ()
        if len(at) == 0:
            raise SplPanic(f"value not in list: {formatting.to_text(v)}")
        self.pop(int(at[0]))
        return None

    def get(self, i, default=None):
        if type(i) is int and 0 <= i < self._n:
            return float(self._buf[i])
        return default

    def contains(self, v) -> bool:
        return self.__contains__(v)

    def sum(self, start=0):
        return float(self.view().sum()) + start

    def max(self, key=None):
        if self._n == 0:
            raise SplPanic("max of empty list")
        if key is not None:
            return max(self.tolist(), key=key)
        return float(self.view().max())

    def min(self, key=None):
        if self._n == 0:
            raise SplPanic("min of empty list")
        if key is not None:
            return min(self.tolist(), key=key)
        return float(self.view().min())

    def copy(self) -> "FloatArray":
        return FloatArray(self)

    clone = copy

    def reverse(self) -> "FloatArray":
        return FloatArray.wrap(self.view()[::-1].copy())

    reversed = reverse

    def sort(self, key=None, reverse=False):
        if key is None:
            s = np.sort(self.view())
            return FloatArray.wrap(s[::-1].copy() if reverse else s)
        return sorted(self.tolist(), key=key, reverse=reverse)

    sorted = sort

    def slice(self, a=0, b=None) -> "FloatArray":
        return _slice(self, a, b)

    def is_empty(self) -> bool:
        return self._n == 0

    def __getattr__(self, name: str):
        """The flat buffer not made yet (see _nd above); every other list method (map,
        filter, enumerate, join, index_of, ...) runs on a plain-list copy."""
        if name == "_buf":
            nd = self._nd
            buf = self._buf = nd.reshape(-1)
            if not nd.flags.c_contiguous:
                self._nd = None  # _buf is a copy: the numbers from now on
            return buf
        f = methods.LIST_METHODS.get(name)
        if f is None or name.startswith("__"):
            raise AttributeError(name)
        lst = self.tolist()  # (every list method that changes the list is defined above)
        return lambda *a, **k: f(lst, *a, **k)


def list_buffer(items: list) -> np.ndarray:
    """The numbers of a flat list as a fresh float64 array (errors worded for tensor data)."""
    try:  # (fromiter: flat numbers only, and ~0.1 us quicker than np.array)
        return _fromiter(items, _F64, len(items))
    except (TypeError, ValueError):
        if any(isinstance(x, (list, tuple, np.ndarray)) for x in items):
            raise SplPanic("tensor data must be a flat list of f64") from None
        return np.array([_num(x) for x in items], dtype=np.float64)


def _as_list(x):
    return x.tolist() if type(x) is FloatArray else x


def as_array(x) -> np.ndarray:
    """A float64 numpy view/copy of a FloatArray, list or number."""
    if type(x) is FloatArray:
        return x.view()
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        return np.array([_num(v) for v in x], dtype=np.float64)


# Print like a list, and name the type "list" in messages.
formatting._TEXT[FloatArray] = FloatArray.to_string
values._TYPE_NAMES[FloatArray] = "list"
