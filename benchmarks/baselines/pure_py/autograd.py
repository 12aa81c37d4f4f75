"""Reverse-mode automatic differentiation over PureTensor (lib.pure.autograd).

Every op records its inputs and an OpType on the result; backward(t) visits the graph
once in reverse topological order (so shared sub-expressions get the sum of all their
uses) and accumulates into ``.grad`` of every tensor with requires_grad.  Gradients stay
in ``.grad`` until zero_grad()."""
from __future__ import annotations

import enum

import numpy as np

from . import kernels as K
from .tensor import PureTensor
from .tensor_ops import log_softmax_array, sigmoid_array, softmax_array, take_rows_array

__all__ = [
    "OpType",
    "Tensor",
    "as_tensor",
    "backward",
    "detach",
    "is_grad_enabled",
    "no_grad_begin",
    "no_grad_end",
    "tensor_add",
    "tensor_add_scalar",
    "tensor_attention",
    "tensor_binary_cross_entropy",
    "tensor_conv2d",
    "tensor_cross_entropy",
    "tensor_div",
    "tensor_div_scalar",
    "tensor_layer_norm",
    "tensor_linear",
    "tensor_log_softmax",
    "tensor_matmul",
    "tensor_max_pool2d",
    "tensor_mean",
    "tensor_mse",
    "tensor_mul",
    "tensor_mul_scalar",
    "tensor_neg",
    "tensor_pow_scalar",
    "tensor_relu",
    "tensor_reshape",
    "tensor_sigmoid",
    "tensor_softmax",
    "tensor_sub",
    "tensor_sum",
    "tensor_take_rows",
    "tensor_tanh",
    "tensor_transpose",
]


class OpType(enum.Enum):
    Add = enum.auto()
    Sub = enum.auto()
    Mul = enum.auto()
    Div = enum.auto()
    MatMul = enum.auto()
    Linear = enum.auto()
    Relu = enum.auto()
    Sum = enum.auto()
    Mean = enum.auto()
    MulScalar = enum.auto()
    DivScalar = enum.auto()
    AddScalar = enum.auto()
    PowScalar = enum.auto()
    Sigmoid = enum.auto()
    Tanh = enum.auto()
    Neg = enum.auto()
    Softmax = enum.auto()
    LogSoftmax = enum.auto()
    Transpose = enum.auto()
    Reshape = enum.auto()
    TakeRows = enum.auto()
    CrossEntropy = enum.auto()
    BinaryCrossEntropy = enum.auto()
    Conv2d = enum.auto()
    MaxPool2d = enum.auto()
    Mse = enum.auto()
    Attention = enum.auto()
    LayerNorm = enum.auto()


class Tensor:
    """A PureTensor value with gradient tracking."""
    __slots__ = (
        "aux",
        "gbuf",
        "grad",
        "inputs",
        "op_name",
        "op_type",
        "requires_grad",
        "scalar",
        "value",
    )

    def __init__(self, value: PureTensor, grad: PureTensor | None = None, requires_grad: bool = False,
                 op_type: OpType | None = None, inputs: list | None = None, op_name: str = "leaf",
                 scalar: float = 0.0, aux=None, gbuf: np.ndarray | None = None):
        self.value = value
        self.grad = grad
        self.requires_grad = requires_grad
        self.op_type = op_type
        self.inputs = inputs
        self.op_name = op_name
        self.scalar = scalar
        self.aux = aux
        self.gbuf = gbuf

    @staticmethod
    def from_data(data, shape, requires_grad: bool = False) -> Tensor:
        return Tensor(PureTensor.from_data(data, shape), requires_grad=requires_grad)

    @staticmethod
    def zeros(shape, requires_grad: bool = False) -> Tensor:
        return Tensor(PureTensor.zeros(shape), requires_grad=requires_grad)

    @staticmethod
    def ones(shape, requires_grad: bool = False) -> Tensor:
        return Tensor(PureTensor.ones(shape), requires_grad=requires_grad)

    @staticmethod
    def randn(shape, requires_grad: bool = False) -> Tensor:
        return Tensor(PureTensor.randn(shape), requires_grad=requires_grad)

    def zero_grad(self) -> None:
        self.grad = None

    @property
    def shape(self) -> list:
        return self.value.shape

    def numel(self) -> int:
        return self.value.numel()

    def item(self) -> float:
        """The single value of a one-element tensor (a loss)."""
        return self.value.item()

    def op(self) -> OpType | None:
        return self.op_type

    def backward(self) -> None:
        backward(self)

    def detach(self) -> Tensor:
        return Tensor(self.value)

    # a + b, a - b, a * b, a / b (tensors or numbers), a @ b, -a
    def __add__(self, other): return _arith("add", self, other)
    __radd__ = __add__
    def __sub__(self, other): return _arith("sub", self, other)
    def __rsub__(self, other): return _arith("rsub", self, other)
    def __mul__(self, other): return _arith("mul", self, other)
    __rmul__ = __mul__
    def __truediv__(self, other): return _arith("div", self, other)
    def __rtruediv__(self, other): return _arith("rdiv", self, other)
    def __matmul__(self, other): return tensor_matmul(self, other)
    def __neg__(self): return tensor_neg(self)

    def __str__(self) -> str:
        if self.requires_grad:
            return f"Tensor({self.value}, grad_fn={self.op_name})"
        return f"Tensor({self.value})"

    __repr__ = __str__


def as_tensor(x) -> Tensor:
    """A Tensor for x: a Tensor as is, a PureTensor (or list of floats) as a constant leaf."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, PureTensor):
        return Tensor(x)
    if isinstance(x, list):
        return Tensor(PureTensor(np.array(x, dtype=np.float64)))
    raise TypeError(f"expected a Tensor or PureTensor, got {type(x).__name__}")


def detach(t: Tensor) -> Tensor:
    """A new leaf sharing the value, cut off from the graph."""
    return Tensor(t.value)


_grad_enabled = True


def no_grad_begin() -> None:
    global _grad_enabled
    _grad_enabled = False


def no_grad_end() -> None:
    global _grad_enabled
    _grad_enabled = True


def is_grad_enabled() -> bool:
    return _grad_enabled


def _result(value: np.ndarray, op: OpType, inputs: list, name: str, scalar: float = 0.0, aux=None) -> Tensor:
    """The result of an op: records the graph only when an input needs gradients."""
    for x in inputs:
        if x.requires_grad:
            if _grad_enabled:
                return Tensor(PureTensor(value), None, True, op, inputs, name, scalar, aux)
            break
    return Tensor(PureTensor(value), None, False, None, None, "leaf", scalar, aux)


def _single(v: float) -> np.ndarray:
    return np.array([v])


# ---------------------------------------------------------------------------------- ops
def _arith(op: str, t: Tensor, other) -> Tensor:
    if isinstance(other, (int, float)):
        s = float(other)
        if op == "add":
            return tensor_add_scalar(t, s)
        if op == "sub":
            return tensor_add_scalar(t, -s)
        if op == "rsub":
            return tensor_add_scalar(tensor_neg(t), s)
        if op == "mul":
            return tensor_mul_scalar(t, s)
        if op == "div":
            return tensor_div_scalar(t, s)
        return tensor_mul_scalar(tensor_pow_scalar(t, -1.0), s)
    if op == "add":
        return tensor_add(t, other)
    if op == "sub":
        return tensor_sub(t, other)
    if op == "rsub":
        return tensor_sub(other, t)
    if op == "mul":
        return tensor_mul(t, other)
    if op == "div":
        return tensor_div(t, other)
    return tensor_div(other, t)


def tensor_add(a, b) -> Tensor:
    x, y = as_tensor(a), as_tensor(b)
    return _result(np.add(x.value.data, y.value.data), OpType.Add, [x, y], "add")


def tensor_sub(a, b) -> Tensor:
    x, y = as_tensor(a), as_tensor(b)
    return _result(np.subtract(x.value.data, y.value.data), OpType.Sub, [x, y], "sub")


def tensor_mul(a, b) -> Tensor:
    x, y = as_tensor(a), as_tensor(b)
    return _result(np.multiply(x.value.data, y.value.data), OpType.Mul, [x, y], "mul")


def tensor_div(a, b) -> Tensor:
    x, y = as_tensor(a), as_tensor(b)
    return _result(np.divide(x.value.data, y.value.data), OpType.Div, [x, y], "div")


def tensor_matmul(a, b) -> Tensor:
    x, y = as_tensor(a), as_tensor(b)
    return _result(np.matmul(x.value.data, y.value.data), OpType.MatMul, [x, y], "matmul")


def tensor_linear(x, w: Tensor, b: Tensor | None) -> Tensor:
    """x @ w^T + b for a weight of shape [out, in] (one fused node; bias may be None)."""
    xt = as_tensor(x)
    if b is not None:
        return _result(K.linear(xt.value.data, w.value.data, b.value.data), OpType.Linear, [xt, w, b], "linear")
    return _result(K.linear(xt.value.data, w.value.data, None), OpType.Linear, [xt, w], "linear")


def tensor_relu(a) -> Tensor:
    x = as_tensor(a)
    return _result(np.maximum(x.value.data, 0.0), OpType.Relu, [x], "relu")


def tensor_sigmoid(a) -> Tensor:
    x = as_tensor(a)
    return _result(sigmoid_array(x.value.data), OpType.Sigmoid, [x], "sigmoid")


def tensor_tanh(a) -> Tensor:
    x = as_tensor(a)
    return _result(np.tanh(x.value.data), OpType.Tanh, [x], "tanh")


def tensor_neg(a) -> Tensor:
    x = as_tensor(a)
    return _result(np.negative(x.value.data), OpType.Neg, [x], "neg")


def tensor_mul_scalar(a, s: float) -> Tensor:
    x = as_tensor(a)
    return _result(x.value.data * s, OpType.MulScalar, [x], "mul_scalar", s)


def tensor_div_scalar(a, s: float) -> Tensor:
    x = as_tensor(a)
    return _result(x.value.data / s, OpType.DivScalar, [x], "div_scalar", s)


def tensor_add_scalar(a, s: float) -> Tensor:
    x = as_tensor(a)
    return _result(x.value.data + s, OpType.AddScalar, [x], "add_scalar", s)


def tensor_pow_scalar(a, p: float) -> Tensor:
    x = as_tensor(a)
    return _result(np.power(x.value.data, p), OpType.PowScalar, [x], "pow", p)


def tensor_sum(a) -> Tensor:
    """Sum of all elements: a tensor of shape [1]."""
    x = as_tensor(a)
    return _result(_single(float(np.add.reduce(x.value.data, None))), OpType.Sum, [x], "sum")


def tensor_mean(a) -> Tensor:
    x = as_tensor(a)
    d = x.value.data
    return _result(_single(float(np.add.reduce(d, None) / d.size)), OpType.Mean, [x], "mean")


def tensor_softmax(a, dim: int = -1) -> Tensor:
    x = as_tensor(a)
    return _result(softmax_array(x.value.data, dim), OpType.Softmax, [x], "softmax", 0.0, dim)


def tensor_log_softmax(a, dim: int = -1) -> Tensor:
    x = as_tensor(a)
    return _result(log_softmax_array(x.value.data, dim), OpType.LogSoftmax, [x], "log_softmax", 0.0, dim)


def tensor_transpose(a) -> Tensor:
    x = as_tensor(a)
    d = x.value.data
    return _result(d.copy() if d.ndim < 2 else d.swapaxes(-1, -2).copy(), OpType.Transpose, [x], "transpose")


def tensor_reshape(a, shape) -> Tensor:
    x = as_tensor(a)
    return _result(x.value.data.reshape(shape).copy(), OpType.Reshape, [x], "reshape")


def tensor_take_rows(a, rows: list) -> Tensor:
    """Rows ``rows`` of a (an embedding lookup when a is a weight matrix)."""
    x = as_tensor(a)
    return _result(take_rows_array(x.value.data, rows), OpType.TakeRows, [x], "take_rows", 0.0, rows)


def tensor_cross_entropy(logits, target) -> Tensor:
    """Mean cross-entropy of softmax(logits) against class indices or one-hot rows."""
    x = as_tensor(logits)
    if isinstance(target, Tensor):
        target = target.value.data
    elif isinstance(target, PureTensor):
        target = target.data
    loss, grad = K.cross_entropy(x.value.data, target)
    return _result(_single(loss), OpType.CrossEntropy, [x], "cross_entropy", 0.0, grad)


def tensor_binary_cross_entropy(pred, target, eps: float = 1e-7) -> Tensor:
    """Mean binary cross-entropy of probabilities pred (clamped to [eps, 1 - eps])."""
    x = as_tensor(pred)
    loss, grad = K.binary_cross_entropy(x.value.data, as_tensor(target).value.data, eps)
    return _result(_single(loss), OpType.BinaryCrossEntropy, [x], "binary_cross_entropy", eps, grad)


def tensor_mse(pred, target) -> Tensor:
    """Mean of (pred - target)^2 as one node; gradients reach both sides."""
    x, t = as_tensor(pred), as_tensor(target)
    loss, grad = K.mse(x.value.data, t.value.data)
    return _result(_single(loss), OpType.Mse, [x, t], "mse", 0.0, grad)


def tensor_attention(q, k, v, heads: int, scale: float, mask: PureTensor | None = None) -> Tensor:
    """Multi-head scaled dot-product attention as one node (see kernels.attention)."""
    qt, kt, vt = as_tensor(q), as_tensor(k), as_tensor(v)
    out, saved = K.attention(qt.value.data, kt.value.data, vt.value.data, heads, scale,
                             None if mask is None else mask.data)
    return _result(out, OpType.Attention, [qt, kt, vt], "attention", scale, saved)


def tensor_layer_norm(x, weight: Tensor, bias: Tensor, axis: int = -1, eps: float = 1e-5) -> Tensor:
    """(x - mean) / sqrt(var + eps) * weight + bias along ``axis``, as one node."""
    xt = as_tensor(x)
    out, saved = K.norm_affine(xt.value.data, weight.value.data, bias.value.data, axis, eps)
    return _result(out, OpType.LayerNorm, [xt, weight, bias], "layer_norm", eps, saved)


def tensor_conv2d(x, w: Tensor, b: Tensor | None, stride: int = 1, padding: int = 0) -> Tensor:
    xt = as_tensor(x)
    if b is not None:
        return _result(K.conv2d(xt.value.data, w.value.data, b.value.data, stride, padding),
                       OpType.Conv2d, [xt, w, b], "conv2d", 0.0, (stride, padding))
    return _result(K.conv2d(xt.value.data, w.value.data, None, stride, padding),
                   OpType.Conv2d, [xt, w], "conv2d", 0.0, (stride, padding))


def tensor_max_pool2d(x, kernel_size: int, stride: int) -> Tensor:
    xt = as_tensor(x)
    out, am = K.max_pool2d(xt.value.data, kernel_size, stride)
    return _result(out, OpType.MaxPool2d, [xt], "max_pool2d", 0.0, (am, kernel_size, stride))


# ---------------------------------------------------------------------------------- backward
def _acc(x: Tensor, g: np.ndarray) -> None:
    """Add gradient ``g`` (summed down to x's shape) into x's buffer."""
    if x.requires_grad:
        shape = x.value.data.shape
        if g.shape != shape:
            g = K.sum_to(g, shape)
        x.gbuf = g if x.gbuf is None else np.add(x.gbuf, g)


# The gradient rule of each op, by op_name: given node t (inputs ins) and the gradient g
# of t, add the gradients of the inputs (_acc).
def _d_linear(t, ins, g):
    dx, dw, db = K.linear_backward(ins[0].value.data, ins[1].value.data, g, ins[0].requires_grad)
    _acc(ins[0], dx)
    _acc(ins[1], dw)
    if len(ins) > 2:
        _acc(ins[2], db)


def _d_relu(t, ins, g):
    if ins[0].requires_grad:
        _acc(ins[0], np.where(ins[0].value.data > 0, g, 0.0))


def _d_sigmoid(t, ins, g):
    if ins[0].requires_grad:
        y = t.value.data
        _acc(ins[0], g * (y * (1.0 - y)))


def _d_tanh(t, ins, g):
    if ins[0].requires_grad:
        _acc(ins[0], g * (1.0 - np.square(t.value.data)))


def _d_add(t, ins, g):
    _acc(ins[0], g)
    _acc(ins[1], g)


def _d_sub(t, ins, g):
    _acc(ins[0], g)
    _acc(ins[1], np.negative(g))


def _d_mul(t, ins, g):
    a, b = ins
    if a.requires_grad:
        _acc(a, np.multiply(g, b.value.data))
    if b.requires_grad:
        _acc(b, np.multiply(g, a.value.data))


def _d_div(t, ins, g):
    a, b = ins
    if a.requires_grad:
        _acc(a, np.divide(g, b.value.data))
    if b.requires_grad:
        _acc(b, np.negative(np.multiply(g, np.divide(t.value.data, b.value.data))))


def _d_matmul(t, ins, g):
    a, b = ins[0].value.data, ins[1].value.data
    if a.ndim == 1 and b.ndim == 1:
        da, db = g * b, g * a
    elif a.ndim == 1:
        da = b @ g if b.ndim == 2 else b.swapaxes(-1, -2) @ g
        db = np.multiply.outer(a, g)
    elif b.ndim == 1:
        da = np.multiply.outer(g, b)
        db = np.tensordot(a, g, axes=(list(range(a.ndim - 1)), list(range(g.ndim))))
    else:
        da = g @ b.swapaxes(-1, -2)
        db = a.swapaxes(-1, -2) @ g
        while da.ndim > a.ndim:
            da = np.add.reduce(da, 0)
        while db.ndim > b.ndim:
            db = np.add.reduce(db, 0)
    _acc(ins[0], da)
    _acc(ins[1], db)


def _expand(g: np.ndarray, shape: tuple, scale: float) -> np.ndarray:
    """Backward of a sum/mean of all elements: g broadcast to shape, times scale."""
    g = g.reshape(()) if g.size == 1 else g
    return np.multiply(g, scale, out=np.empty(shape))


def _d_sum(t, ins, g):
    _acc(ins[0], _expand(g, ins[0].value.data.shape, 1.0))


def _d_mean(t, ins, g):
    a = ins[0].value.data
    _acc(ins[0], _expand(g, a.shape, 1.0 / a.size))


def _d_mul_scalar(t, ins, g):
    _acc(ins[0], g * t.scalar)


def _d_div_scalar(t, ins, g):
    _acc(ins[0], g / t.scalar)


def _d_add_scalar(t, ins, g):
    _acc(ins[0], g)


def _d_pow(t, ins, g):
    a = ins[0].value.data
    _acc(ins[0], np.multiply(g, np.power(a, t.scalar - 1.0) * t.scalar))


def _d_neg(t, ins, g):
    _acc(ins[0], np.negative(g))


def _d_softmax(t, ins, g):
    s = t.value.data
    _acc(ins[0], s * (g - np.add.reduce(g * s, t.aux, keepdims=True)))


def _d_log_softmax(t, ins, g):
    out = t.value.data
    _acc(ins[0], g - np.exp(out) * np.add.reduce(g, t.aux, keepdims=True))


def _d_transpose(t, ins, g):
    _acc(ins[0], g.copy() if g.ndim < 2 else g.swapaxes(-1, -2).copy())


def _d_reshape(t, ins, g):
    _acc(ins[0], g.reshape(ins[0].value.data.shape).copy())


def _d_take_rows(t, ins, g):
    _acc(ins[0], K.scatter_rows(g, t.aux, ins[0].value.data.shape[0]))


def _scaled(aux: np.ndarray, g: np.ndarray) -> np.ndarray:
    """The gradient a loss kernel returned (for an upstream gradient of 1) times g."""
    s = g.reshape(-1)[0]
    return aux if s == 1.0 else aux * float(s)


def _d_loss(t, ins, g):
    _acc(ins[0], _scaled(t.aux, g))


def _d_mse(t, ins, g):
    d = _scaled(t.aux, g)
    _acc(ins[0], d)
    if ins[1].requires_grad:
        _acc(ins[1], np.negative(d))


def _d_conv2d(t, ins, g):
    stride, padding = t.aux
    dx, dw, db = K.conv2d_backward(ins[0].value.data, ins[1].value.data, g, stride, padding,
                                   ins[0].requires_grad)
    _acc(ins[0], dx)
    _acc(ins[1], dw)
    if len(ins) > 2:
        _acc(ins[2], db)


def _d_max_pool2d(t, ins, g):
    am, k, stride = t.aux
    _acc(ins[0], K.max_pool2d_backward(ins[0].value.data, am, g, k, stride))


def _d_attention(t, ins, g):
    dq, dk, dv = K.attention_backward(t.aux, g)
    _acc(ins[0], dq)
    _acc(ins[1], dk)
    _acc(ins[2], dv)


def _d_layer_norm(t, ins, g):
    # the input's gradient in two parts (through x - mean, then through the mean),
    # accumulated in that order as separate nodes would
    dx_centered, dx_mean, dw, db = K.norm_affine_backward(t.aux, g)
    _acc(ins[0], dx_centered)
    _acc(ins[0], dx_mean)
    _acc(ins[1], dw)
    _acc(ins[2], db)


_RULES = {
    "attention": _d_attention, "layer_norm": _d_layer_norm, "linear": _d_linear,
    "relu": _d_relu, "sigmoid": _d_sigmoid, "tanh": _d_tanh, "add": _d_add, "mul": _d_mul,
    "sub": _d_sub, "matmul": _d_matmul, "mean": _d_mean, "sum": _d_sum,
    "cross_entropy": _d_loss, "div": _d_div, "mul_scalar": _d_mul_scalar,
    "div_scalar": _d_div_scalar, "add_scalar": _d_add_scalar, "pow": _d_pow, "neg": _d_neg,
    "softmax": _d_softmax, "log_softmax": _d_log_softmax, "transpose": _d_transpose,
    "reshape": _d_reshape, "take_rows": _d_take_rows, "binary_cross_entropy": _d_loss,
    "mse": _d_mse, "conv2d": _d_conv2d, "max_pool2d": _d_max_pool2d,
}


def topo_order(root: Tensor) -> list:
    """Nodes reachable from ``root`` through ``inputs``, each after every node that uses
    it (root first).  Iterative (deep graphs do not hit the recursion limit); constant
    leaves (no gradient wanted, no inputs) are left out."""
    order = []
    seen = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        key = id(node)
        if key in seen:
            continue
        seen.add(key)
        ins = node.inputs
        if ins is None:
            order.append(node)
            continue
        stack.append((node, True))
        for child in ins:
            if id(child) not in seen and (child.requires_grad or child.inputs is not None):
                stack.append((child, False))
    order.reverse()
    return order


def backward(t: Tensor, grad_output: PureTensor | None = None) -> None:
    """Reverse-mode differentiation from t (seeded with ones, or grad_output)."""
    order = topo_order(t)
    for node in order:
        node.gbuf = None
    t.gbuf = grad_output.data if grad_output is not None else np.ones(t.value.data.shape)
    for node in order:
        g = node.gbuf
        if g is not None:
            if node.op_type is not None and node.inputs is not None:
                rule = _RULES.get(node.op_name)
                if rule is None:
                    raise NotImplementedError(f"no gradient rule for op {node.op_name}")
                rule(node, node.inputs, g)
            if node.requires_grad:
                node.grad = PureTensor(g) if node.grad is None else PureTensor(np.add(node.grad.data, g))
            node.gbuf = None
