"""numpy kernels behind ``lib.pure`` (tensor, tensor_ops, autograd, nn, training, data).

Every native takes and returns Simple values: ``PureTensor`` instances (``data`` a
``FloatArray`` or a plain list, ``shape`` a list of i64), lists, numbers.  Results are
built with the argument's own class (``type(t)``), so no Simple class is imported here.
Natives are registered under bare ``pure_*`` names: any ``lib.pure`` module may declare
them with ``extern fn``.
"""
from __future__ import annotations

import math

import numpy as np

from ..runtime.formatting import to_text
from ..runtime.ops import index as _list_index
from ..runtime.panic import SplPanic
from ..runtime.values import Some, SplClass, type_name
from . import native
from .pure_array import FloatArray, as_array, list_buffer

_rng = np.random.default_rng(0)

# Tensor kernels follow numpy/torch on overflow, division by zero and invalid values
# (inf/nan results, Decision 4) and, like torch, say nothing about it: numpy's
# floating-point warnings are off once for the process rather than inside every kernel
# (an errstate context per op cost about a microsecond, a fifth of a small op).
np.seterr(all="ignore")


def _shape_text(shape) -> str:
    return to_text([int(s) for s in shape])


def strides_of(shape) -> list:
    n = len(shape)
    if n == 1:
        return [1]
    if n == 2:
        return [int(shape[1]), 1]
    out = [0] * n
    acc = 1
    for i in range(n - 1, -1, -1):
        out[i] = acc
        acc *= int(shape[i])
    return out


def _bad_size(size: int, shape) -> SplPanic:
    n = 1
    for s in shape:
        n *= int(s)
    return SplPanic(f"tensor data has {size} values but shape {_shape_text(shape)} needs {n}")


def arr(t) -> np.ndarray:
    """The numbers of tensor ``t`` as an ndarray of its shape (a view when possible).
    An autograd Tensor stands for its value; a number for a 0-d array."""
    try:
        data = t.data
        nd = data._nd
    except AttributeError:  # not a PureTensor of a FloatArray
        return _arr(t)
    # the common case: the view made before, while the tensor has that shape (compared
    # by value: a shape list may have been changed in place)
    if nd is not None and data._ndshape == tuple(t.shape):
        return nd
    return _arr(t)


def _arr(t) -> np.ndarray:
    try:
        data, shape = t.data, t.shape
    except AttributeError:
        if isinstance(t, (int, float)):
            return np.asarray(float(t))
        v = getattr(t, "value", None)
        if v is not None and hasattr(v, "data"):
            return arr(v)  # an autograd Tensor: its value
        raise SplPanic(f"expected a tensor, got {type_name(t)}") from None
    if type(data) is FloatArray:  # its view is not made yet, or not of this shape
        a = data._buf
        if a.shape[0] != data._n:
            a = a[: data._n]
        try:
            nd = a.reshape(shape)
        except (ValueError, TypeError):
            raise _bad_size(a.size, shape) from None
        data._nd = nd
        data._ndshape = nd.shape
        return nd
    if callable(data) and hasattr(t, "value"):
        return arr(t.value)  # an autograd Tensor (data/shape are its methods)
    a = as_array(data)
    try:
        return a.reshape(shape)
    except (ValueError, TypeError):
        raise _bad_size(a.size, shape) from None


_F64 = np.dtype(np.float64)
_ND = np.ndarray
# ufunc reductions called directly: what ndarray.sum / .max call underneath (the same
# numbers), without their Python wrappers (~1 us per call)
_add_reduce = np.add.reduce
_max_reduce = np.maximum.reduce
_ONLY_INT = frozenset([int])  # _ONLY_INT.issuperset(map(type, xs)): a list of i64 only
_new_float_array = FloatArray.__new__
_new_object = object.__new__


def _positional(cls) -> bool:
    """Whether ``cls`` is a plain class of exactly the fields data, shape, strides (no
    ``__init__`` of its own), so ``make`` may fill a new instance's fields directly.
    Remembered on the class itself (classes are made afresh per program run, so no
    table keeps old ones alive) as the class it holds for: a subclass inherits the
    attribute but is not that class, so it is worked out again."""
    if getattr(cls, "_pure_direct", None) is cls:
        return True
    ok = (getattr(cls, "_spl_fields", None) == ("data", "shape", "strides")
          and not getattr(cls, "_spl_has_init", True))
    if ok:
        try:
            cls._pure_direct = cls
        except (AttributeError, TypeError):  # a built-in type
            pass
    return ok


def make(like, a, owned: bool = False) -> object:
    """A new tensor holding ``a``, of class ``like`` or, for a tensor ``like``, of its
    class (as ``_cls`` finds it); ``a`` is copied unless it owns its memory or ``owned``
    says that nothing else uses it (a block of rows of a fresh array)."""
    # the common cases first: ``like`` a plain tensor class, or a tensor of one (its
    # class attribute _pure_direct is the class: see _positional)
    try:
        direct = like._pure_direct
    except AttributeError:
        direct = None
    if direct is like or (direct is not None and type(like) is direct):
        cls = direct
    else:
        cls = like if type(like) is SplClass or type(like) is type else _cls(like)
        direct = cls if _positional(cls) else None
    if type(a) is not _ND or a.dtype is not _F64:
        if type(a) is not _ND or a.dtype != _F64:
            a = np.asarray(a, dtype=np.float64)
    shape = a.shape
    data = _new_float_array(FloatArray)
    if a.base is None or owned:
        # adopted: the flat _buf is made only if list code asks (see FloatArray._nd)
        data._nd = a
        data._ndshape = shape
        if len(shape) == 2:
            r, c = shape
            data._n = r * c
            shape, strides = [r, c], [c, 1]
        elif len(shape) == 1:
            data._buf = a
            data._n = shape[0]
            shape, strides = [shape[0]], [1]
        else:
            data._n = a.size
            shape = list(shape)
            strides = strides_of(shape)
    else:  # a view of some input: never shared (flatten copies)
        flat = a.flatten()
        data._nd = None
        data._buf = flat
        data._n = len(flat)
        shape = list(shape)
        strides = strides_of(shape)
    if direct is cls:
        t = _new_object(cls)
        t.data = data
        t.shape = shape
        t.strides = strides
        return t
    return cls(data=data, shape=shape, strides=strides)


def _cls(*ts):
    t = ts[0]
    try:
        if type(t.data) is FloatArray:  # the common case: a PureTensor first
            return type(t)
    except AttributeError:
        pass
    for t in ts:
        data = getattr(t, "data", None)
        if type(data) is FloatArray:
            return type(t)
        if data is not None and not callable(data):
            return type(t)
        v = getattr(t, "value", None)
        if v is not None and hasattr(v, "data"):
            return type(v)
    raise SplPanic("expected a tensor")


# ---------------------------------------------------------------------------------------
# Data buffers and random numbers

@native("pure_to_array")
def pure_to_array(xs):
    """A fresh FloatArray holding ``xs`` (a list, FloatArray or tensor data)."""
    if type(xs) is list:  # the common case, without FloatArray's constructor call
        buf = list_buffer(xs)
        data = _new_float_array(FloatArray)
        data._buf = buf
        data._n = len(xs)
        data._nd = None
        return data
    return FloatArray(xs)


@native("pure_fill")
def pure_fill(n, v):
    return FloatArray.wrap(np.full(int(n), float(v)))


@native("pure_seed")
def pure_seed(n):
    global _rng
    _rng = np.random.default_rng(int(n))


@native("pure_randn")
def pure_randn(n, mean=0.0, std=1.0):
    return FloatArray.wrap(_rng.normal(float(mean), float(std), int(n)))


@native("pure_uniform")
def pure_uniform(n, lo=0.0, hi=1.0):
    return FloatArray.wrap(_rng.uniform(float(lo), float(hi), int(n)))


@native("pure_permutation")
def pure_permutation(n):
    """A seeded random permutation of 0..n (Fisher-Yates, numpy's generator)."""
    return _rng.permutation(int(n)).tolist()


@native("pure_randint")
def pure_randint(lo, hi):
    """A seeded random i64 in lo..hi (hi excluded)."""
    return int(_rng.integers(int(lo), int(hi)))


@native("pure_permutation_seeded")
def pure_permutation_seeded(n, seed):
    return np.random.default_rng(int(seed)).permutation(int(n)).tolist()


@native("pure_single")
def pure_single(v, like):
    """A tensor of shape [1] holding ``v`` (a loss or a reduction), of ``like``'s class."""
    return make(like, np.array([float(v)]))


@native("pure_full_like")
def pure_full_like(a, v):
    """A tensor of ``a``'s class and shape filled with ``v``."""
    out = np.empty([int(s) for s in a.shape])
    out.fill(float(v))
    return make(a, out)


@native("pure_arange")
def pure_arange(n):
    return FloatArray.wrap(np.arange(int(n), dtype=np.float64))


# ---------------------------------------------------------------------------------------
# Element-wise ops

_BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
    "pow": np.power, "max": np.maximum, "min": np.minimum,
}


@native("pure_binary")
def pure_binary(op, a, b):
    """``a op b`` with numpy broadcasting (a bias of the trailing dims broadcasts)."""
    x, y = arr(a), arr(b)
    try:
        r = _BINARY[op](x, y)
    except ValueError:
        raise SplPanic(f"{op}: shapes {_shape_text(x.shape)} and {_shape_text(y.shape)} "
                       "do not broadcast") from None
    return make(_cls(a, b), r)


_SCALAR = {
    "add": lambda x, s: x + s, "sub": lambda x, s: x - s, "mul": lambda x, s: x * s,
    "div": lambda x, s: x / s, "rsub": lambda x, s: s - x, "rdiv": lambda x, s: s / x,
    "pow": lambda x, s: np.power(x, s),
}


@native("pure_scalar")
def pure_scalar(op, a, s):
    return make(a, _SCALAR[op](arr(a), float(s)))


def _gelu(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _gelu_grad(x):
    c = math.sqrt(2.0 / math.pi)
    u = c * (x + 0.044715 * x ** 3)
    t = np.tanh(u)
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * c * (1.0 + 3 * 0.044715 * x * x)


def _sigmoid(x):
    """1 / (1 + exp(-x)) where x >= 0, else exp(x) / (1 + exp(x)) (no overflow either
    way), each element computed by exactly those operations, without boolean indexing."""
    pos = x >= 0
    e = np.exp(np.where(pos, np.negative(x), x))
    t = 1.0 + e
    return np.where(pos, 1.0 / t, e / t)


_UNARY = {
    "neg": np.negative, "abs": np.abs, "relu": lambda x: np.maximum(x, 0.0),
    "sigmoid": _sigmoid, "tanh": np.tanh, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
    "sign": np.sign, "square": np.square, "gelu": _gelu, "gelu_grad": _gelu_grad,
    "relu_mask": lambda x: (x > 0).astype(np.float64),
    "reciprocal": lambda x: 1.0 / x,
}


@native("pure_unary")
def pure_unary(op, a):
    return make(a, _UNARY[op](arr(a)))


@native("pure_leaky_relu")
def pure_leaky_relu(a, slope, grad=False):
    x = arr(a)
    if grad:
        return make(a, np.where(x > 0, 1.0, float(slope)))
    return make(a, np.where(x > 0, x, float(slope) * x))


@native("pure_elu")
def pure_elu(a, alpha, grad=False):
    x = arr(a)
    neg = float(alpha) * np.exp(np.minimum(x, 0.0))
    if grad:
        return make(a, np.where(x > 0, 1.0, neg))
    return make(a, np.where(x > 0, x, neg - float(alpha)))


@native("pure_clamp")
def pure_clamp(a, lo, hi, grad=False):
    x = arr(a)
    if grad:
        return make(a, ((x >= lo) & (x <= hi)).astype(np.float64))
    return make(a, np.clip(x, float(lo), float(hi)))


@native("pure_where_positive")
def pure_where_positive(mask, a):
    """``a`` where ``mask > 0``, else 0 (ReLU's backward)."""
    return make(a, np.where(arr(mask) > 0, arr(a), 0.0))


# ---------------------------------------------------------------------------------------
# Linear algebra, shapes

@native("pure_matmul")
def pure_matmul(a, b):
    x, y = arr(a), arr(b)
    if x.ndim == 0 or y.ndim == 0:
        raise SplPanic("matmul needs tensors of rank 1 or more")
    if x.shape[-1] != y.shape[0 if y.ndim == 1 else -2]:
        raise SplPanic(f"matmul: shapes {_shape_text(x.shape)} and {_shape_text(y.shape)} "
                       "are not aligned")
    return make(_cls(a, b), np.matmul(x, y))


@native("pure_transpose")
def pure_transpose(a):
    """Swap the last two axes (a rank-1 tensor is returned as a copy)."""
    x = arr(a)
    if x.ndim < 2:
        return make(a, x.copy())
    return make(a, x.swapaxes(-1, -2))


@native("pure_reshape")
def pure_reshape(a, shape):
    x = arr(a)
    shape = [int(s) for s in shape]
    try:
        return make(a, x.reshape(shape).copy())
    except ValueError:
        raise SplPanic(f"cannot reshape {_shape_text(x.shape)} to {_shape_text(shape)}") from None


def sum_to(x: np.ndarray, shape: tuple) -> np.ndarray:
    """``x`` summed down to ``shape`` (reverse of broadcasting)."""
    if x.shape == shape:
        return x
    while x.ndim > len(shape):
        x = _add_reduce(x, 0)  # x.sum(axis=0), without its wrapper
    for i, s in enumerate(shape):
        if s == 1 and x.shape[i] != 1:
            x = _add_reduce(x, i, None, None, True)
    return x if x.shape == shape else x.reshape(shape)


@native("pure_sum_to_shape")
def pure_sum_to_shape(g, shape):
    """Sum a broadcast gradient back down to ``shape`` (reverse of broadcasting)."""
    if getattr(g, "shape", None) == shape and type(shape) is list:
        return g
    x = arr(g)
    shape = tuple(int(s) for s in shape)
    if x.shape == shape:
        return g
    return make(g, sum_to(x, shape))


@native("pure_broadcast_to")
def pure_broadcast_to(a, shape):
    return make(a, np.broadcast_to(arr(a), tuple(int(s) for s in shape)))


@native("pure_concat")
def pure_concat(ts, axis):
    if not ts:
        raise SplPanic("concat of no tensors")
    xs = [arr(t) for t in ts]
    try:
        return make(ts[0], np.concatenate(xs, axis=int(axis)))
    except (ValueError, np.exceptions.AxisError) as e:
        raise SplPanic(f"concat: {e}") from None


@native("pure_slice_axis")
def pure_slice_axis(a, axis, start, end):
    x = arr(a)
    if axis == 0 and x.ndim:
        return make(a, x[int(start):int(end)])
    idx = [slice(None)] * x.ndim
    idx[int(axis)] = slice(int(start), int(end))
    return make(a, x[tuple(idx)])


@native("pure_pad_axis")
def pure_pad_axis(g, shape, axis, start):
    """Zeros of ``shape`` with ``g`` placed from ``start`` along ``axis`` (slice backward)."""
    out = np.zeros([int(s) for s in shape])
    x = arr(g)
    idx = [slice(None)] * out.ndim
    idx[int(axis)] = slice(int(start), int(start) + x.shape[int(axis)])
    out[tuple(idx)] = x
    return make(g, out)


def _rows_of(x, rows):
    """Rows ``rows`` (a list of i64) of the array ``x``, gathered into a fresh array."""
    n = x.shape[0]
    if rows and (min(rows) < 0 or max(rows) >= n):
        bad = next(int(r) for r in rows if r < 0 or r >= n)
        raise SplPanic(f"index {bad} out of range for tensor with {n} rows")
    return x.take(np.array(rows, dtype=np.int64), 0)  # (x[idx]'s numbers; indexing costs ~1 us more)


@native("pure_take_rows")
def pure_take_rows(a, rows):
    """Rows ``rows`` (a list of i64) of ``a`` along axis 0."""
    return make(a, _rows_of(arr(a), rows))


@native("pure_row_batches")
def pure_row_batches(a, rows, size, drop_last):
    """Rows ``rows`` of ``a`` (as pure_take_rows gives them) cut into consecutive
    blocks of ``size`` rows (a shorter last block unless ``drop_last``): a DataLoader's
    batches, in one gather.  Each block owns its own part of the gathered array.  For a
    list ``a`` (class indices), its elements ``rows`` (as pure_pick gives them) cut the
    same way into lists."""
    n = len(rows)
    size = int(size)
    if size <= 0:
        raise SplPanic(f"batch size must be positive, got {size}")
    if type(a) is list:
        picked = pure_pick(a, rows)
        return [picked[start:start + size] for start in range(0, n, size)
                if start + size <= n or not drop_last]
    every = _rows_of(arr(a), rows)
    cls = _cls(a)
    out = []
    for start in range(0, n, size):
        end = start + size if start + size < n else n
        if end - start == size or not drop_last:
            out.append(make(cls, every[start:end], True))
    return out


@native("pure_scatter_rows")
def pure_scatter_rows(g, rows, n):
    """Backward of ``take_rows``: add the rows of ``g`` into zeros of ``n`` rows."""
    x = arr(g)
    out = np.zeros((int(n),) + x.shape[1:])
    idx = np.asarray([int(r) for r in rows], dtype=np.int64)
    if len(set(rows)) == len(rows) and (not rows or min(rows) >= 0):
        out[idx] = x + 0.0  # rows apart: each gets 0.0 + its one row, as np.add.at adds it
    else:
        np.add.at(out, idx, x)
    return make(g, out)


# ---------------------------------------------------------------------------------------
# Reductions

_REDUCE = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "prod": np.prod,
           "var": np.var, "std": np.std}


@native("pure_reduce")
def pure_reduce(op, a):
    x = arr(a)
    if x.size == 0 and op != "sum":
        raise SplPanic(f"{op} of empty tensor")
    if op == "argmax":
        return int(np.argmax(x))
    if op == "argmin":
        return int(np.argmin(x))
    if op == "sum":
        return float(_add_reduce(x, None))
    if op == "mean":
        return float(_add_reduce(x, None) / x.size)  # np.mean's numbers
    return float(_REDUCE[op](x))


@native("pure_reduce_axis")
def pure_reduce_axis(op, a, axis, keepdims=False):
    x = arr(a)
    ax = int(axis)
    if not -x.ndim <= ax < x.ndim:
        raise SplPanic(f"axis {ax} out of range for shape {_shape_text(x.shape)}")
    if op == "argmax":
        return [int(i) for i in np.argmax(x, axis=ax).reshape(-1)]
    return make(a, _REDUCE[op](x, axis=ax, keepdims=bool(keepdims)))


@native("pure_softmax")
def pure_softmax(a, axis=-1):
    x = arr(a)
    ax = int(axis)
    z = x - _max_reduce(x, ax, None, None, True)
    e = np.exp(z)
    return make(a, e / _add_reduce(e, ax, None, None, True))


@native("pure_log_softmax")
def pure_log_softmax(a, axis=-1):
    x = arr(a)
    ax = int(axis)
    z = x - _max_reduce(x, ax, None, None, True)
    return make(a, z - np.log(_add_reduce(np.exp(z), ax, None, None, True)))


@native("pure_softmax_backward")
def pure_softmax_backward(s, g, axis=-1):
    """Given ``s = softmax(x)`` and upstream ``g``: ``s * (g - sum(g * s))`` per row."""
    sv, gv = arr(s), arr(g)
    return make(s, sv * (gv - _add_reduce(gv * sv, int(axis), None, None, True)))


@native("pure_log_softmax_backward")
def pure_log_softmax_backward(out, g, axis=-1):
    ov, gv = arr(out), arr(g)
    return make(out, gv - np.exp(ov) * _add_reduce(gv, int(axis), None, None, True))


@native("pure_allclose")
def pure_allclose(a, b, tol=1e-6):
    x, y = arr(a), arr(b)
    return x.shape == y.shape and bool(np.allclose(x, y, atol=float(tol), rtol=0.0))


# ---------------------------------------------------------------------------------------
# Autograd support

@native("pure_topo_order")
def pure_topo_order(root):
    """Nodes reachable from ``root`` through ``inputs``, each after every node that
    uses it (root first): the order reverse-mode differentiation visits them.
    Iterative, so deep graphs (long RNN unrolls) do not hit the recursion limit.
    Constant leaves (no gradient wanted, no inputs) are left out: backward has nothing
    to do for them, and leaving them out does not move any other node."""
    order = []
    append = order.append
    seen = set()
    see = seen.add
    stack = [(root, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, done = pop()
        if done:
            append(node)
            continue
        key = id(node)
        if key in seen:
            continue
        see(key)
        try:  # (attributes read directly: a getattr call per read cost ~25 ns more)
            ins = node.inputs
        except AttributeError:
            ins = None
        if ins is None:  # a leaf: done at once (what pushing it as done would give)
            append(node)
            continue
        push((node, True))
        if type(ins) is not list:
            ins = ins.value if type(ins) is Some else ins
        for child in ins:
            if id(child) not in seen:
                try:
                    wanted = child.requires_grad or child.inputs is not None
                except AttributeError:
                    wanted = (getattr(child, "requires_grad", True)
                              or getattr(child, "inputs", None) is not None)
                if wanted:
                    push((child, False))
    order.reverse()
    return order


@native("pure_unwrap")
def pure_unwrap(v):
    """The value inside ``Some(x)``, else ``v`` itself (grad fields may hold either)."""
    return v.value if type(v) is Some else v


# ---------------------------------------------------------------------------------------
# Small helpers for the Simple side

@native("pure_pick")
def pure_pick(xs, rows):
    """``[xs[r] for r in rows]`` for a list ``xs``, indexed as Simple indexes a list
    (out-of-range rows fail with its message)."""
    n = len(xs)
    if not rows:
        return []
    if _ONLY_INT.issuperset(map(type, rows)) and min(rows) >= 0 and max(rows) < n:
        return [xs[r] for r in rows]
    return [_list_index(xs, r) for r in rows]


@native("pure_index_list")
def pure_index_list(xs):
    """A copy of ``xs`` when it is a list of i64 only (indices as given), else nil."""
    if type(xs) is list and _ONLY_INT.issuperset(map(type, xs)):
        return list(xs)
    return None


@native("pure_fail")
def pure_fail(message):
    raise SplPanic(str(message))


_MATH = {"exp": math.exp, "log": math.log, "sqrt": math.sqrt, "tanh": math.tanh,
         "cos": math.cos, "sin": math.sin}


@native("pure_math")
def pure_math(op, x):
    try:
        return _MATH[op](float(x))
    except OverflowError:
        return math.inf
    except ValueError:
        return -math.inf if (op == "log" and x == 0) else math.nan


@native("pure_matmul_backward")
def pure_matmul_backward(a_t, b_t, g_t):
    """``(da, db)`` of ``a @ b`` (vectors, matrices and batched operands)."""
    a, b, g = arr(a_t), arr(b_t), arr(g_t)
    cls = _cls(a_t, b_t)
    if a.ndim == 1 and b.ndim == 1:
        return make(cls, g * b), make(cls, g * a)
    if a.ndim == 1:
        da = b @ g if b.ndim == 2 else b.swapaxes(-1, -2) @ g
        db = np.multiply.outer(a, g)
        return make(cls, da), make(cls, db)
    if b.ndim == 1:
        return make(cls, np.multiply.outer(g, b)), make(cls, np.tensordot(a, g, axes=(list(range(a.ndim - 1)), list(range(g.ndim)))))
    da = g @ b.swapaxes(-1, -2)
    db = a.swapaxes(-1, -2) @ g
    while da.ndim > a.ndim:
        da = _add_reduce(da, 0)
    while db.ndim > b.ndim:
        db = _add_reduce(db, 0)
    return make(cls, da), make(cls, db)


@native("pure_expand_grad")
def pure_expand_grad(g_t, shape, axis, keepdims, scale):
    """Backward of a sum/mean over ``axis`` (nil: all axes): broadcast ``g`` back to
    ``shape``, times ``scale``."""
    g = arr(g_t)
    shape = tuple(int(s) for s in shape)
    # broadcast_to(g, shape) * scale, each element computed once into the result
    if axis is None:
        g = g.reshape(()) if g.size == 1 else g
    elif not keepdims:
        g = np.expand_dims(g, int(axis))
    try:
        out = np.multiply(g, float(scale), out=np.empty(shape))
    except ValueError:
        np.broadcast_to(g, shape)  # its error
        raise
    return make(g_t, out)


@native("pure_arith")
def pure_arith(op, a, b):
    """``a op b`` for PureTensor operators: ``b`` a tensor (broadcasting) or a number;
    ``rsub``/``rdiv`` put the number on the left."""
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        return pure_scalar(op, a, b)
    if op == "rsub":
        return pure_binary("sub", b, a)
    if op == "rdiv":
        return pure_binary("div", b, a)
    return pure_binary(op, a, b)


@native("pure_scale_columns")
def pure_scale_columns(a, how):
    """Per-column ``(x - min) / (max - min)`` (``how == "minmax"``) or
    ``(x - mean) / std`` (``"standard"``); a constant column maps to 0."""
    x = arr(a)
    if how == "minmax":
        lo = x.min(axis=0, keepdims=True)
        span = x.max(axis=0, keepdims=True) - lo
    else:
        lo = x.mean(axis=0, keepdims=True)
        span = x.std(axis=0, keepdims=True)
    return make(a, (x - lo) / np.where(span == 0, 1.0, span))


from . import pure_io, pure_kernels  # noqa: E402,F401  (register their natives)
