"""numpy kernels of lib.pure's layers, losses and optimizers: fused linear, convolution
and pooling (NCHW, im2col), cross-entropy / BCE / Huber with their gradients, the Adam
update, Dropout masks.  Helpers (``arr``, ``make``) come from ``pure_natives``."""
from __future__ import annotations

import numpy as np

from ..runtime.panic import SplPanic
from ..runtime.values import Some
from .pure_array import FloatArray
from . import native
from . import pure_natives as _P
from .pure_natives import _cls, _shape_text, arr, make, sum_to

# ufunc reductions called directly: what ndarray.sum / .max / np.mean call underneath
# (the same numbers), without their Python wrappers (~1 us per call)
_add_reduce = np.add.reduce
_max_reduce = np.maximum.reduce
# np.concatenate without its __array_function__ dispatch (~0.2 us a call; plain ndarrays
# only here); axis None flattens every input, as reshape(-1) would, in the same call
_concatenate = getattr(np.concatenate, "__wrapped__", np.concatenate)
_ONLY_INT = frozenset([int])  # _ONLY_INT.issuperset(map(type, xs)): a list of i64 only
try:  # the ufunc np.clip calls (np.clip adds ~2 us of argument handling)
    from numpy._core.umath import clip as _clip
except ImportError:  # pragma: no cover - other numpy versions
    _clip = np.clip


# ---------------------------------------------------------------------------------------
# Losses

def _targets(logits: np.ndarray, target):
    """Class indices (list of i64 / tensor of shape [N]) or a one-hot / probability
    tensor of the logits' shape -> ``(p, one_hot)``: a probability matrix of the logits'
    shape, and whether it is the one-hot rows of class indices (each row sums to 1.0)."""
    n, c = logits.shape[0], logits.shape[-1]
    if type(target) is list and _ONLY_INT.issuperset(map(type, target)):
        idx = target
    else:
        if type(target) is list:
            t = np.asarray([float(v) for v in target])
        else:
            if hasattr(target, "value") and hasattr(target.value, "data"):
                target = target.value
            t = arr(target)
        if t.shape == logits.shape:
            return t, False
        idx = t.reshape(-1).astype(np.int64).tolist()
    if len(idx) != n:
        raise SplPanic(f"cross_entropy: {len(idx)} targets for {n} predictions")
    if idx and (min(idx) < 0 or max(idx) >= c):
        raise SplPanic(f"cross_entropy: class index out of range 0..{c}")
    out = np.zeros((n, c))
    out[np.arange(n), idx] = 1.0
    return out, True


@native("pure_cross_entropy")
def pure_cross_entropy(logits, target):
    """Mean cross-entropy of softmax(logits) rows; returns ``(loss, dloss/dlogits)``."""
    x0 = x = arr(logits)
    if x.ndim == 1:
        x = x.reshape(1, -1)
    p, one_hot = _targets(x, target)
    z = x - _max_reduce(x, -1, None, None, True)
    logp = z - np.log(_add_reduce(np.exp(z), -1, None, None, True))
    n = x.shape[0]
    loss = float(-_add_reduce(p * logp, None) / n)
    if one_hot:  # rows of p sum to exactly 1.0, and exp(logp) * 1.0 is exp(logp)
        grad = (np.exp(logp) - p) / n
    else:
        grad = (np.exp(logp) * _add_reduce(p, -1, None, None, True) - p) / n
    return loss, make(logits, grad if x is x0 else grad.reshape(x0.shape))


@native("pure_huber")
def pure_huber(pred, target, delta):
    """Mean Huber loss and its gradient w.r.t. ``pred``."""
    d = arr(pred) - arr(target)
    a = np.abs(d)
    delta = float(delta)
    quad = a <= delta
    loss = np.where(quad, 0.5 * d * d, delta * (a - 0.5 * delta))
    grad = np.where(quad, d, delta * np.sign(d)) / max(d.size, 1)
    return float(_add_reduce(loss, None) / loss.size), make(pred, grad)  # np.mean's numbers


# ---------------------------------------------------------------------------------------
# Convolution and pooling (NCHW)

def _im2col(x, k, stride, pad):
    n, c, h, w = x.shape
    oh = (h + 2 * pad - k) // stride + 1
    ow = (w + 2 * pad - k) // stride + 1
    if oh <= 0 or ow <= 0:
        raise SplPanic(f"conv2d: kernel {k} larger than padded input {h}x{w}")
    if pad:  # zero padding (what np.pad gives, without its per-call set-up)
        xp = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
        xp[:, :, pad:pad + h, pad:pad + w] = x
    else:
        xp = x
    s = xp.strides
    cols = np.lib.stride_tricks.as_strided(
        xp, (n, c, k, k, oh, ow), (s[0], s[1], s[2], s[3], s[2] * stride, s[3] * stride))
    return cols, oh, ow


def _check4(x, what):
    if x.ndim != 4:
        raise SplPanic(f"{what} expects input of shape [batch, channels, height, width], "
                       f"got {_shape_text(x.shape)}")


try:  # what np.einsum(..., optimize=True) runs for two operands, minus the path search
    from numpy._core.einsumfunc import bmm_einsum as _bmm_einsum
except ImportError:  # pragma: no cover - other numpy versions
    _bmm_einsum = None


def _contract(eq, a, b):
    """``np.einsum(eq, a, b, optimize=True)`` with its operands in the order its path
    puts them (so the numbers are the same), without the per-call path search."""
    if _bmm_einsum is not None:
        return _bmm_einsum(eq, a, b)
    return np.einsum(eq, a, b, optimize=True)


@native("pure_conv2d")
def pure_conv2d(x_t, w_t, b_t, stride, padding):
    x, w = arr(x_t), arr(w_t)
    _check4(x, "conv2d")
    oc, ic, k, _ = w.shape
    if x.shape[1] != ic:
        raise SplPanic(f"conv2d: input has {x.shape[1]} channels, layer expects {ic}")
    cols, oh, ow = _im2col(x, k, int(stride), int(padding))
    out = _contract("ockl,nckluv->nouv", w, cols)
    if b_t is not None:
        out = out + arr(b_t).reshape(1, oc, 1, 1)
    return make(x_t, out)


@native("pure_conv2d_backward")
def pure_conv2d_backward(x_t, w_t, g_t, stride, padding, need_dx=True):
    """Gradients ``(dx, dw, db)`` of conv2d (``dx`` nil unless ``need_dx``)."""
    x, w, g = arr(x_t), arr(w_t), arr(g_t)
    stride, pad = int(stride), int(padding)
    oc, ic, k, _ = w.shape
    cols, oh, ow = _im2col(x, k, stride, pad)
    dw = _contract("nouv,nckluv->ockl", g, cols)
    db = _add_reduce(g, (0, 2, 3))  # g.sum(axis=(0, 2, 3))
    cls = _cls(x_t)
    if not need_dx:
        return None, make(cls, dw), make(cls, db)
    n, _, h, wd = x.shape
    dxp = np.zeros((n, ic, h + 2 * pad, wd + 2 * pad))
    contrib = _contract("ockl,nouv->nckluv", w, g)
    for kh in range(k):
        for kw in range(k):
            dxp[:, :, kh:kh + stride * oh:stride, kw:kw + stride * ow:stride] += contrib[:, :, kh, kw]
    dx = dxp[:, :, pad:pad + h, pad:pad + wd] if pad else dxp
    return make(cls, dx), make(cls, dw), make(cls, db)


def _windows(x, k, oh, ow):
    """Non-overlapping k x k windows (stride k) of x as [n, c, oh, ow, k*k], each
    window's positions in row-major order (as im2col lists them)."""
    n, c = x.shape[:2]
    if x.shape[2] != oh * k or x.shape[3] != ow * k:
        x = x[:, :, :oh * k, :ow * k]
    return x.reshape(n, c, oh, k, ow, k).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, k * k)


@native("pure_maxpool2d")
def pure_maxpool2d(x_t, k, stride):
    """Max pooling; returns ``(out, argmax)`` where argmax indexes each window."""
    x = arr(x_t)
    _check4(x, "max_pool2d")
    k, stride = int(k), int(stride)
    n, c = x.shape[:2]
    if stride == k:
        oh, ow = (x.shape[2] - k) // k + 1, (x.shape[3] - k) // k + 1
        if oh <= 0 or ow <= 0:
            _im2col(x, k, stride, 0)  # the error message
        win = _windows(x, k, oh, ow).reshape(-1, k * k)
        flat_am = win.argmax(axis=-1)
        out = win[np.arange(win.shape[0]), flat_am].reshape(n, c, oh, ow)
        am = flat_am.reshape(n, c, oh, ow)
    else:
        cols, oh, ow = _im2col(x, k, stride, 0)
        flat = cols.reshape(n, c, k * k, oh, ow)
        am = flat.argmax(axis=2)
        out = np.take_along_axis(flat, am[:, :, None], axis=2)[:, :, 0]
    return make(x_t, out), make(x_t, am.astype(np.float64))


@native("pure_maxpool2d_backward")
def pure_maxpool2d_backward(x_t, am_t, g_t, k, stride):
    x, am, g = arr(x_t), arr(am_t).astype(np.int64), arr(g_t)
    k, stride = int(k), int(stride)
    n, c, oh, ow = g.shape
    dx = np.zeros_like(x)
    if stride == k:
        # windows do not overlap: each input gets at most one gradient (0.0 + g, so a
        # -0.0 lands as 0.0, as the accumulating path gives)
        d = np.zeros((am.size, k * k))
        d[np.arange(am.size), am.reshape(-1)] = (g + 0.0).reshape(-1)
        dx[:, :, :oh * k, :ow * k] = d.reshape(n, c, oh, ow, k, k).transpose(0, 1, 2, 4, 3, 5) \
            .reshape(n, c, oh * k, ow * k)
        return make(x_t, dx)
    kh, kw = am // k, am % k
    ni, ci, ui, vi = np.indices((n, c, oh, ow))
    np.add.at(dx, (ni, ci, ui * stride + kh, vi * stride + kw), g)
    return make(x_t, dx)


# ---------------------------------------------------------------------------------------
# Fused layer, loss and optimizer kernels

@native("pure_linear")
def pure_linear(x_t, w_t, b_t):
    """``x @ w^T + b`` for a weight of shape [out, in]."""
    x, w = arr(x_t), arr(w_t)
    if x.shape[-1] != w.shape[1]:
        raise SplPanic(f"Linear expects {w.shape[1]} input features, got input of shape "
                       f"{_shape_text(x.shape)}")
    out = x @ w.T
    if b_t is not None:
        out = out + arr(b_t)
    return make(w_t, out)


@native("pure_linear_backward")
def pure_linear_backward(x_t, w_t, g_t, need_dx=True):
    """``(dx, dw, db)`` of ``x @ w^T + b`` (``dx`` nil unless ``need_dx``: the input of a
    first layer needs no gradient)."""
    x, w, g = arr(x_t), arr(w_t), arr(g_t)
    cls = _cls(w_t)
    x2 = x if x.ndim == 2 else x.reshape(-1, x.shape[-1])
    g2 = g if g.ndim == 2 else g.reshape(-1, g.shape[-1])
    dx = make(cls, g @ w) if need_dx else None
    return dx, make(cls, g2.T @ x2), make(cls, _add_reduce(g2, 0))


def _state(t, shape):
    """The numbers of optimizer state tensor ``t`` as a writable view of its own buffer
    (updates in place), or None when it has no such buffer of ``shape``."""
    data = getattr(t, "data", None)
    if type(data) is FloatArray and data._buf.shape[0] == data._n and list(shape) == t.shape:
        return data._buf.reshape(shape)
    return None


@native("pure_adam_step")
def pure_adam_step(value, grad, m, v, t, lr, beta1, beta2, eps, weight_decay, decoupled):
    """One Adam/AdamW update of one parameter (PyTorch's formulas); returns the new
    ``(value, m, v)`` (the moment tensors ``m``/``v`` are updated in place when they
    own their buffers).  ``decoupled``: AdamW's ``p *= 1 - lr * wd`` instead of adding
    ``wd * p`` to the gradient."""
    p, g = arr(value), arr(grad)
    lr, b1, b2, eps, wd = float(lr), float(beta1), float(beta2), float(eps), float(weight_decay)
    if wd and not decoupled:
        g = g + wd * p
    m_arr, v_arr = _state(m, g.shape), _state(v, g.shape)
    if m_arr is not None and v_arr is not None:
        # the same operations as below, written into the state buffers
        m_arr *= b1
        m_arr += (1.0 - b1) * g
        gg = (1.0 - b2) * g
        gg *= g
        v_arr *= b2
        v_arr += gg
        m2, v2, m_out, v_out = m_arr, v_arr, m, v
    else:
        m2 = b1 * arr(m) + (1.0 - b1) * g
        v2 = b2 * arr(v) + (1.0 - b2) * g * g
        m_out, v_out = make(m, m2), make(v, v2)
    m_hat = m2 / (1.0 - b1 ** int(t))
    v_hat = v2 / (1.0 - b2 ** int(t))
    if wd and decoupled:
        p = p * (1.0 - lr * wd)
    denom = np.sqrt(v_hat)
    denom += eps
    step = lr * m_hat
    step /= denom
    return make(value, p - step), m_out, v_out


def _adopt(cls, flat, shape):
    """A tensor of class ``cls`` and ``shape`` over ``flat`` (a fresh 1-D float64 array
    or a slice of one that nothing else holds), without copying."""
    data = FloatArray.wrap(flat)
    shape = [int(s) for s in shape]
    if _P._positional(cls):
        t = _new_object(cls)
        t.data = data
        t.shape = shape
        t.strides = _P.strides_of(shape)
        return t
    return cls(data=data, shape=shape, strides=_P.strides_of(shape))


_new_object = object.__new__
_new_float_array = FloatArray.__new__


def _set_values(params, values):
    """Each parameter's new value (nil: it had no gradient and keeps its value), in
    order (a parameter listed twice ends with its second value)."""
    for i in range(len(params)):
        if values[i] is not None:
            params[i].value = values[i]


def _grad_of(param):
    try:
        g = param.grad
    except AttributeError:
        return None
    return g.value if type(g) is Some else g


class _AdamFlat:
    """An Adam/AdamW optimizer's moments for all its parameters in two flat buffers
    (``m``, ``v``): the optimizer's moment tensors are views of them, so each step
    updates every moment with one numpy operation per formula and nothing is gathered
    or copied back.  ``p`` is the flat array the parameters' current values are views
    of (the last step's result), so the next step need not gather those either while
    they are still the values this step left (``values``)."""
    __slots__ = ("params", "m_ts", "v_ts", "m_fas", "v_fas", "m", "v", "sizes", "shapes",
                 "p", "values", "shape_lists", "stride_lists", "slices")

    def __repr__(self) -> str:  # what printing it in Simple shows
        return f"AdamState(parameters={len(self.params)})"

    def valid(self, params, ms, vs) -> bool:
        """Whether the optimizer still holds exactly these parameters and moments."""
        own = self.params
        n = len(own)
        if len(params) != n or len(ms) != n or len(vs) != n:
            return False
        m_ts, v_ts, m_fas, v_fas = self.m_ts, self.v_ts, self.m_fas, self.v_fas
        for i in range(n):
            if (params[i] is not own[i] or ms[i] is not m_ts[i] or vs[i] is not v_ts[i]
                    or m_ts[i].data is not m_fas[i] or v_ts[i].data is not v_fas[i]
                    or m_fas[i]._n != self.sizes[i] or v_fas[i]._n != self.sizes[i]):
                return False
        return True


def _adam_flat(params, ms, vs):
    """Moment buffers for ``params`` (distinct parameters, each moment of its
    parameter's shape and owning its numbers), the moment tensors remade as views of
    them holding the same numbers; None where the parameters do not allow it."""
    n = len(params)
    if n == 0 or len(ms) != n or len(vs) != n or len({id(p) for p in params}) != n:
        return None
    shapes, sizes = [], []
    for i in range(n):
        p = arr(params[i].value)
        if arr(ms[i]).shape != p.shape or arr(vs[i]).shape != p.shape:
            return None
        shapes.append(p.shape)
        sizes.append(p.size)
    st = _AdamFlat()
    st.params = list(params)
    _lay_out(st, shapes, sizes)
    total = sum(sizes)
    st.m, st.v = np.empty(total), np.empty(total)
    st.m_ts, st.v_ts, st.m_fas, st.v_fas = [], [], [], []
    for i, part in enumerate(st.slices):
        for src, flat, ts, fas in ((ms[i], st.m, st.m_ts, st.m_fas), (vs[i], st.v, st.v_ts, st.v_fas)):
            flat[part] = arr(src).reshape(-1)
            t = _adopt(_cls(src), flat[part], shapes[i])
            ts.append(t)
            fas.append(t.data)
    st.p = None
    st.values = None
    return st


def _adam_math(p, g, m, v, t, lr, b1, b2, eps, wd, decoupled):
    """The Adam/AdamW formulas over flat arrays: ``m`` and ``v`` updated in place, the
    new parameters returned (a fresh array).  The operations of pure_adam_step."""
    if wd and not decoupled:
        g = g + wd * p
    m *= b1
    m += (1.0 - b1) * g
    gg = (1.0 - b2) * g
    gg *= g
    v *= b2
    v += gg
    m_hat = m / (1.0 - b1 ** int(t))
    v_hat = v / (1.0 - b2 ** int(t))
    if wd and decoupled:
        p = p * (1.0 - lr * wd)
    denom = np.sqrt(v_hat)
    denom += eps
    step = np.multiply(lr, m_hat, out=m_hat)
    step /= denom
    return np.subtract(p, step, out=step)


@native("pure_adam_update")
def pure_adam_update(params, ms, vs, state, t, lr, beta1, beta2, eps, weight_decay, decoupled):
    """One Adam/AdamW step over all ``params`` (autograd Tensors) at once, which get
    their new values: returns
    ``(values, ms, vs, state)``, the new value of each parameter (nil where it has no
    gradient), the moment tensors (updated in place) and the optimizer's flat state
    (``state``: nil before the first step; see _AdamFlat).  Every element gets the same
    operations as pure_adam_step gives it."""
    lr, b1, b2, eps, wd = float(lr), float(beta1), float(beta2), float(eps), float(weight_decay)
    st = state if type(state) is _AdamFlat and state.valid(params, ms, vs) else None
    if st is None:
        st = _adam_flat(params, ms, vs)
        if st is not None:
            ms, vs = list(st.m_ts), list(st.v_ts)
    if st is not None:
        g = _flat_grads(st, params)
        if g is not None:
            p = _flat_params(st, params)
            new_p = _adam_math(p, g, st.m, st.v, t, lr, b1, b2, eps, wd, decoupled)
            return _take_flat_values(st, params, new_p), ms, vs, st
        st.p = st.values = None  # some parameters stay: the general path below
    values, new_m, new_v = _adam_general(params, ms, vs, t, lr, b1, b2, eps, wd, decoupled)
    _set_values(params, values)
    return values, new_m, new_v, st


def _adam_general(params, ms, vs, t, lr, b1, b2, eps, wd, decoupled):
    """Adam over the parameters that have a gradient, concatenated; moments written
    back in place where they own their buffers."""
    n = len(params)
    values, new_m, new_v = [None] * n, list(ms), list(vs)
    with_grad = [i for i in range(n) if _grad_of(params[i]) is not None]
    if len({id(params[i]) for i in with_grad}) != len(with_grad):
        # a parameter listed twice (tied weights): one update after the other, each
        # from the value the one before left, as a loop over parameters gives
        current = {}
        for i in with_grad:
            key = id(params[i])
            values[i], new_m[i], new_v[i] = pure_adam_step(
                current.get(key, params[i].value), _grad_of(params[i]), ms[i], vs[i], t, lr,
                b1, b2, eps, wd, decoupled)
            current[key] = values[i]
        return values, new_m, new_v
    items = []
    for i in with_grad:
        g_t = _grad_of(params[i])
        p, g, m, v = arr(params[i].value), arr(g_t), arr(ms[i]), arr(vs[i])
        if not (p.shape == g.shape == m.shape == v.shape):  # broadcasting: one at a time
            values[i], new_m[i], new_v[i] = pure_adam_step(
                params[i].value, g_t, ms[i], vs[i], t, lr, b1, b2, eps, wd, decoupled)
            continue
        items.append((i, p, g, m, v))
    if not items:
        return values, new_m, new_v
    p = _concatenate([it[1] for it in items], None)
    g = _concatenate([it[2] for it in items], None)
    m = _concatenate([it[3] for it in items], None)
    v = _concatenate([it[4] for it in items], None)
    new_p = _adam_math(p, g, m, v, t, lr, b1, b2, eps, wd, decoupled)
    off = 0
    for i, p_i, _, _, _ in items:
        end = off + p_i.size
        shape = p_i.shape
        values[i] = _adopt(_cls(params[i].value), new_p[off:end], shape)
        for states, new, src in ((ms, new_m, m), (vs, new_v, v)):
            state = _state(states[i], shape)
            if state is not None:
                state[...] = src[off:end].reshape(shape)
            else:
                new[i] = make(states[i], src[off:end].reshape(shape))
        off = end
    return values, new_m, new_v


@native("pure_sgd_step")
def pure_sgd_step(value, grad, velocity, lr, momentum, dampening, weight_decay, nesterov):
    """One SGD update of one parameter (PyTorch's rule): returns ``(value, velocity)``;
    ``velocity`` is nil before the first step with momentum (the gradient becomes it)."""
    cls = _cls(value)
    lr, mom, damp, wd = float(lr), float(momentum), float(dampening), float(weight_decay)
    g_t = grad
    g = arr(grad)
    if wd != 0.0:
        g = g + arr(value) * wd
        g_t = None
    buf_t = velocity
    if mom != 0.0:
        if velocity is None:
            buf = g
            if g_t is None:
                g_t = make(cls, g)
            buf_t = g_t
        else:
            buf = arr(velocity) * mom + g * (1.0 - damp)
            buf_t = make(cls, buf)
        g = g + buf * mom if nesterov else buf
    return make(cls, arr(value) + g * (-lr)), buf_t


class _SGDFlat:
    """An SGD optimizer's velocities for all its parameters in one flat buffer ``v``
    (the velocity tensors are views of it; None without momentum), and the flat array
    ``p`` the parameters' current values are views of (as _AdamFlat keeps them)."""
    __slots__ = ("params", "v_ts", "v_fas", "v", "sizes", "shapes", "shape_lists",
                 "stride_lists", "slices", "p", "values")

    def __repr__(self) -> str:  # what printing it in Simple shows
        return f"SGDState(parameters={len(self.params)})"

    def valid(self, params, velocity) -> bool:
        own = self.params
        n = len(own)
        if len(params) != n or len(velocity) != n:
            return False
        v_ts, v_fas, sizes = self.v_ts, self.v_fas, self.sizes
        for i in range(n):
            if params[i] is not own[i]:
                return False
            if v_ts is None:
                if velocity[i] is not None:
                    return False
            elif (velocity[i] is not v_ts[i] or v_ts[i].data is not v_fas[i]
                  or v_fas[i]._n != sizes[i]):
                return False
        return True


def _sgd_flat(params, velocity, with_momentum):
    """Flat state for ``params`` (distinct, each with a velocity of its shape when
    ``with_momentum``), the velocities remade as views of it; None where not possible."""
    n = len(params)
    if n == 0 or len(velocity) != n or len({id(p) for p in params}) != n:
        return None
    shapes, sizes = [], []
    for i in range(n):
        p = arr(params[i].value)
        if with_momentum and (velocity[i] is None or arr(velocity[i]).shape != p.shape):
            return None
        if not with_momentum and velocity[i] is not None:
            return None
        shapes.append(p.shape)
        sizes.append(p.size)
    st = _SGDFlat()
    st.params = list(params)
    _lay_out(st, shapes, sizes)
    st.p = st.values = None
    if not with_momentum:
        st.v = st.v_ts = st.v_fas = None
        return st
    st.v = np.empty(sum(sizes))
    st.v_ts, st.v_fas = [], []
    for i, part in enumerate(st.slices):
        st.v[part] = arr(velocity[i]).reshape(-1)
        t = _adopt(_cls(velocity[i]), st.v[part], shapes[i])
        st.v_ts.append(t)
        st.v_fas.append(t.data)
    return st


def _lay_out(st, shapes: list, sizes: list) -> None:
    """What a flat optimizer state keeps of its parameters' layout: their shapes and
    sizes, their slices of the flat arrays, and the shape and stride lists their new
    values get copies of."""
    st.shapes, st.sizes, st.slices = shapes, sizes, []
    off = 0
    for size in sizes:
        st.slices.append(slice(off, off + size))
        off += size
    st.shape_lists = [[int(d) for d in shape] for shape in shapes]
    st.stride_lists = [_P.strides_of(shape) for shape in st.shape_lists]


def _take_flat_values(st, params, new_p) -> list:
    """Give ``params`` new value tensors over consecutive slices of ``new_p`` (the views
    the next step finds as ``st.p`` and ``st.values``); returns a list of them."""
    values = []
    for param, part, shape, size, shape_list, stride_list in zip(
            params, st.slices, st.shapes, st.sizes, st.shape_lists, st.stride_lists):
        value = param.value
        cls = type(value)
        if getattr(cls, "_pure_direct", None) is cls and type(value.data) is FloatArray:
            # what _adopt makes, with the shape and strides worked out once; the view
            # the next forward uses, the flat _buf left to FloatArray to make if asked
            data = _new_float_array(FloatArray)
            data._n = size
            data._nd = new_p[part].reshape(shape)
            data._ndshape = shape
            t = _new_object(cls)
            t.data = data
            t.shape = shape_list[:]
            t.strides = stride_list[:]
        else:
            t = _adopt(_cls(value), new_p[part], shape)
        param.value = t
        values.append(t)
    st.p, st.values = new_p, values
    return values[:]


def _flat_params(st, params):
    """The parameters' numbers as one flat array: the last step's result when every
    value is still the view of it that step made, else gathered afresh."""
    p, values = st.p, st.values
    n = len(params)
    if p is not None:
        for i in range(n):
            value = params[i].value
            nd = value.data._nd  # (None once the list's buffer changed)
            if value is not values[i] or value.data is not values[i].data \
                    or nd is None or nd.base is not p or value.data._n != st.sizes[i]:
                p = None
                break
    if p is None:
        p = _concatenate([arr(params[i].value) for i in range(n)], None) \
            if n > 1 else arr(params[0].value).reshape(-1)
    return p


def _flat_grads(st, params):
    """The gradients as one flat array, or None unless every parameter has one of its
    own shape."""
    n = len(params)
    grads = [None] * n
    shapes = st.shapes
    for i in range(n):
        g_t = _grad_of(params[i])
        if g_t is None:
            return None
        g = arr(g_t)
        if g.shape != shapes[i]:
            return None
        grads[i] = g
    return _concatenate(grads, None) if n > 1 else grads[0].reshape(-1)


@native("pure_sgd_update")
def pure_sgd_update(params, velocity, state, lr, momentum, dampening, weight_decay, nesterov):
    """One SGD step over all ``params`` at once, which get their new values: returns
    ``(values, velocity, state)``,
    the new value of each parameter (nil where it has no gradient), the velocity
    tensors and the optimizer's flat state (nil before the first step; see _SGDFlat).
    Every element gets the operations pure_sgd_step gives it."""
    lr, mom, damp, wd = float(lr), float(momentum), float(dampening), float(weight_decay)
    n = len(params)
    st = state if type(state) is _SGDFlat and state.valid(params, velocity) else None
    if st is not None:
        g = _flat_grads(st, params)
        if g is not None:
            p = _flat_params(st, params)
            if wd != 0.0:
                g = g + p * wd
            if mom != 0.0:
                v = st.v
                step = g * (1.0 - damp)
                v *= mom  # buf = v * mom + g * (1 - dampening), kept in the buffer
                v += step
                g = g + v * mom if nesterov else v
            new_p = p + g * (-lr)
            return _take_flat_values(st, params, new_p), velocity, st
        st.p = st.values = None
    # parameter by parameter (the first step, missing gradients, tied weights)
    values, new_vel = [None] * n, list(velocity)
    current = {}
    with_grad = 0
    for i in range(n):
        g_t = _grad_of(params[i])
        if g_t is None:
            continue
        with_grad += 1
        key = id(params[i])
        values[i], new_vel[i] = pure_sgd_step(current.get(key, params[i].value), g_t, new_vel[i],
                                              lr, mom, damp, wd, nesterov)
        current[key] = values[i]
    if st is None and with_grad == n:
        st = _sgd_flat(params, new_vel, mom != 0.0)
        if st is not None and st.v_ts is not None:
            new_vel = list(st.v_ts)
    _set_values(params, values)
    return values, new_vel, st


@native("pure_mse")
def pure_mse(pred, target):
    """Mean squared error of ``pred - target`` (broadcasting) and its gradient w.r.t.
    the difference: ``(loss, 2 d / d.size)``."""
    x, y = arr(pred), arr(target)
    try:
        d = x - y
    except ValueError:
        raise SplPanic(f"sub: shapes {_shape_text(x.shape)} and {_shape_text(y.shape)} "
                       "do not broadcast") from None
    if d.size == 0:
        raise SplPanic("mean of empty tensor")
    loss = float(_add_reduce(d * d, None) / d.size)  # np.mean's numbers
    half = (1.0 / d.size) * d  # d(d*d)/dd = d + d, times the mean's 1/n: as autograd sums it
    return loss, make(_cls(pred, target), half + half)


def _leaky(x, slope):
    return np.where(x > 0, 1.0, float(slope))


def _elu_grad(x, alpha):
    return np.where(x > 0, 1.0, float(alpha) * np.exp(np.minimum(x, 0.0)))


def _clamp_mask(x, lohi):
    return ((x >= lohi[0]) & (x <= lohi[1])).astype(np.float64)


# d(op)/dx times the upstream g: from the output y (the first table) or from the input
# x and the op's parameter (the second); a kernel reads only the numbers its op needs.
_GRAD_FROM_Y = {
    "sigmoid": lambda y, g: g * (y * (1.0 - y)),
    "tanh": lambda y, g: g * (1.0 - np.square(y)),
    "exp": lambda y, g: g * y,
    "sqrt": lambda y, g: g / (y * 2.0),
}
_GRAD_FROM_X = {
    "relu": lambda x, g, p: np.where(x > 0, g, 0.0),
    "log": lambda x, g, p: g / x,
    "abs": lambda x, g, p: g * np.sign(x),
    "gelu": lambda x, g, p: g * _P._gelu_grad(x),
    "leaky_relu": lambda x, g, p: g * _leaky(x, p),
    "elu": lambda x, g, p: g * _elu_grad(x, p),
    "clamp": lambda x, g, p: g * _clamp_mask(x, p),
}


@native("pure_grad_unary")
def pure_grad_unary(op, x_t, y_t, g_t, param=0.0):
    """The gradient w.r.t. the input of the element-wise op ``op`` (one kernel instead
    of a chain of element-wise natives)."""
    f = _GRAD_FROM_Y.get(op)
    if f is not None:
        return make(_cls(x_t, g_t), f(arr(y_t), arr(g_t)))
    return make(_cls(x_t, g_t), _GRAD_FROM_X[op](arr(x_t), arr(g_t), param))


@native("pure_bce")
def pure_bce(pred, target, eps=1e-7):
    """Mean binary cross-entropy of probabilities ``pred`` (clamped to [eps, 1-eps]);
    returns ``(loss, dloss/dpred)`` (zero gradient where the clamp is active)."""
    p, t = arr(pred), arr(target)
    if p.shape != t.shape:
        try:
            t = np.broadcast_to(t, p.shape)
        except ValueError:
            raise SplPanic(f"binary_cross_entropy: prediction shape {_shape_text(p.shape)} and "
                           f"target shape {_shape_text(t.shape)} differ") from None
    pc = _clip(p, eps, 1.0 - eps)
    n = max(p.size, 1)
    qc = 1.0 - pc
    terms = t * np.log(pc) + (1.0 - t) * np.log(qc)
    loss = float(-(_add_reduce(terms, None) / terms.size))  # np.mean's numbers
    # where the clamp left p as it is: (p >= eps) & (p <= 1 - eps), NaN excluded, in one op
    inside = pc == p
    grad = np.where(inside, (pc - t) / (pc * qc), 0.0) / n
    return loss, make(pred, grad)


@native("pure_dropout_mask")
def pure_dropout_mask(like, p):
    """Keep-mask for Dropout: 1/(1-p) where a seeded U(0, 1) draw is >= p, else 0."""
    x = arr(like)
    keep = _P._rng.uniform(0.0, 1.0, x.size).reshape(x.shape) >= float(p)
    return make(like, keep * (1.0 / (1.0 - float(p))))


# ---------------------------------------------------------------------------------------
# Data sets

@native("pure_digit_images")
def pure_digit_images(n, noise, seed, glyphs):
    """The images of lib.pure.data's create_digits_dataset: ``(pixels, labels)``, n 8x8
    images flat (row-major) and their digits s % 10.  The offsets come from a
    permutation of n * 10 seeded by ``seed`` (down order[s] % 3, right order[s + n] % 4,
    after a one-pixel margin); the noise, N(0, noise^2) per pixel, from the shared
    generator (as pure_randn draws it)."""
    n = int(n)
    order = np.random.default_rng(int(seed)).permutation(n * 10)
    jitter = _P._rng.normal(0.0, float(noise), n * 64)
    shapes = np.array([[1.0 if ch == "1" else 0.0 for ch in g] for g in glyphs]).reshape(-1, 5, 3)
    ink = np.zeros((n, 8, 8))
    for s in range(n):
        dy, dx = int(order[s]) % 3, int(order[s + n]) % 4
        ink[s, dy + 1:dy + 6, dx + 1:dx + 4] = shapes[s % 10]
    return FloatArray.wrap(ink.reshape(-1) + jitter), [s % 10 for s in range(n)]


# ---------------------------------------------------------------------------------------
# Attention

@native("pure_causal_mask")
def pure_causal_mask(seq, kseq):
    """The additive causal mask of attention, flat [seq, kseq]: -1e9 where key j comes
    after query i, else 0."""
    i = np.arange(int(seq)).reshape(-1, 1)
    j = np.arange(int(kseq)).reshape(1, -1)
    return FloatArray.wrap(np.where(j > i, -1000000000.0, 0.0).reshape(-1))


def _split_head(x, lo, hi):
    return np.ascontiguousarray(x[..., lo:hi])


@native("pure_attention")
def pure_attention(q_t, k_t, v_t, heads, scale, mask_t):
    """Multi-head scaled dot-product attention of q [.., seq, E], k, v [.., kseq, E]:
    per head h (columns h*E/H .. (h+1)*E/H), softmax(q_h k_h^T * scale + mask) v_h, the
    heads concatenated.  Returns ``(out, saved)``; ``saved`` is what
    pure_attention_backward needs.  The same numpy operations, in the same order, as the
    slice / transpose / matmul / mul_scalar / add / softmax / matmul / concat graph."""
    q, k, v = arr(q_t), arr(k_t), arr(v_t)
    heads = int(heads)
    if q.ndim < 2 or k.ndim != q.ndim or v.ndim != q.ndim:
        raise SplPanic(f"attention expects [seq, embed] or [batch, seq, embed] inputs, got "
                       f"{_shape_text(q.shape)}, {_shape_text(k.shape)}, {_shape_text(v.shape)}")
    e = q.shape[-1]
    if heads <= 0 or e % heads != 0 or k.shape[-1] != e or v.shape[-1] != e:
        raise SplPanic(f"attention: embed dims {e}, {k.shape[-1]}, {v.shape[-1]} do not split "
                       f"into {heads} heads")
    if k.shape[-2] != v.shape[-2] or q.shape[:-2] != k.shape[:-2] or k.shape[:-2] != v.shape[:-2]:
        raise SplPanic(f"attention: query, key and value shapes {_shape_text(q.shape)}, "
                       f"{_shape_text(k.shape)}, {_shape_text(v.shape)} do not fit")
    mask = None if mask_t is None else arr(mask_t)
    scale = float(scale)
    hd = e // heads
    outs, saved = [], []
    for h in range(heads):
        lo, hi = h * hd, (h + 1) * hd
        qh, vh = _split_head(q, lo, hi), _split_head(v, lo, hi)
        kt = np.ascontiguousarray(_split_head(k, lo, hi).swapaxes(-1, -2))
        s = np.matmul(qh, kt) * scale
        if mask is not None:
            try:
                s = np.add(s, mask)
            except ValueError:
                raise SplPanic(f"attention: mask of shape {_shape_text(mask.shape)} does not fit "
                               f"scores of shape {_shape_text(s.shape)}") from None
        z = s - _max_reduce(s, -1, None, None, True)
        ez = np.exp(z)
        p = ez / _add_reduce(ez, -1, None, None, True)
        outs.append(np.matmul(p, vh))
        saved.append((qh, kt, vh, p))
    out = outs[0] if heads == 1 else np.concatenate(outs, axis=-1)
    return make(_cls(q_t, k_t, v_t), out), (scale, q.shape, k.shape, v.shape, saved)


@native("pure_attention_backward")
def pure_attention_backward(saved, g_t):
    """``(dq, dk, dv)`` of pure_attention given the gradient ``g`` of its output (the
    numbers the op-by-op graph gives: per head the matmul, softmax and scale rules, the
    heads' columns put together as the slices' padded gradients sum)."""
    scale, q_shape, k_shape, v_shape, heads = saved
    g = arr(g_t)
    n = len(heads)
    dq, dk, dv = np.zeros(q_shape), np.zeros(k_shape), np.zeros(v_shape)
    hd = q_shape[-1] // n
    for h, (qh, kt, vh, p) in enumerate(heads):
        lo, hi = h * hd, (h + 1) * hd
        gh = g if n == 1 else _split_head(g, lo, hi)
        dp = gh @ vh.swapaxes(-1, -2)
        dvh = p.swapaxes(-1, -2) @ gh
        ds = p * (dp - _add_reduce(dp * p, -1, None, None, True))
        ds = ds * scale
        dq[..., lo:hi] = ds @ kt.swapaxes(-1, -2)
        dk[..., lo:hi] = (qh.swapaxes(-1, -2) @ ds).swapaxes(-1, -2)
        dv[..., lo:hi] = dvh
    if n > 1:  # (the padded slices were summed: 0.0 + -0.0 is 0.0)
        dq += 0.0
        dk += 0.0
        dv += 0.0
    cls = _cls(g_t)
    return make(cls, dq), make(cls, dk), make(cls, dv)


# ---------------------------------------------------------------------------------------
# Normalisation

@native("pure_norm_affine")
def pure_norm_affine(x_t, w_t, b_t, axis, eps):
    """``(x - mean) / sqrt(var + eps) * w + b`` along ``axis`` (biased variance, dims
    kept): LayerNorm / BatchNorm.  Returns ``(out, saved)`` for pure_norm_affine_backward.
    The same numpy operations, in the same order, as the mean_axis / sub / mul /
    mean_axis / add_scalar / sqrt / div / mul / add graph."""
    x, w, b = arr(x_t), arr(w_t), arr(b_t)
    ax = int(axis)
    if not -x.ndim <= ax < x.ndim:
        raise SplPanic(f"axis {ax} out of range for shape {_shape_text(x.shape)}")
    n = x.shape[ax]
    # np.mean(..., axis=ax, keepdims=True): the sum divided by the count, in place
    mu = _add_reduce(x, ax, None, None, True)
    mu /= n
    c = np.subtract(x, mu)
    var = _add_reduce(np.multiply(c, c), ax, None, None, True)
    var /= n
    sd = np.sqrt(var + float(eps))
    normed = np.divide(c, sd)
    try:
        out = np.add(np.multiply(normed, w), b)
    except ValueError:
        raise SplPanic(f"normalisation: weight {_shape_text(w.shape)} / bias {_shape_text(b.shape)} "
                       f"do not fit input {_shape_text(x.shape)}") from None
    return make(_cls(x_t, w_t), out), (ax, x.shape, mu.shape, c, sd, normed, w, b.shape)


@native("pure_norm_affine_backward")
def pure_norm_affine_backward(saved, g_t):
    """``(dx_centered, dx_mean, dw, db)``: the two contributions to the input's gradient
    (through x - mean, then through the mean: autograd adds them in that order) and
    the weight and bias gradients, computed as the op-by-op graph computes them."""
    ax, x_shape, mu_shape, c, sd, normed, w, b_shape = saved
    g = arr(g_t)
    db = sum_to(g, b_shape)
    dw = sum_to(np.multiply(g, normed), w.shape)
    g_n = np.multiply(g, w)
    g_sd = sum_to(np.negative(np.multiply(g_n, np.divide(normed, sd))), sd.shape)
    g_var = g_sd / (sd * 2.0)
    n = x_shape[ax]
    g_sq = g_var * (1.0 / n)  # each element as broadcast_to(g_var, c.shape) * (1 / n) has it
    g_c = np.add(np.add(np.divide(g_n, sd), np.multiply(g_sq, c)), np.multiply(g_sq, c))
    g_mu = sum_to(np.negative(g_c), mu_shape)
    dx_mean = np.multiply(g_mu, 1.0 / n, out=np.empty(x_shape))  # broadcast_to(g_mu) * (1 / n)
    cls = _cls(g_t)
    return make(cls, g_c), make(cls, dx_mean), make(cls, dw), make(cls, db)
