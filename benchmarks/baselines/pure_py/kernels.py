"""The numpy kernels behind the fused autograd ops of pure_py.autograd (lib.pure's
linear, losses, convolution and pooling (NCHW, im2col), multi-head attention and
layer normalisation), each with its backward.  Plain ndarrays in and out."""
from __future__ import annotations

import numpy as np

_add_reduce = np.add.reduce
_max_reduce = np.maximum.reduce


def sum_to(x: np.ndarray, shape: tuple) -> np.ndarray:
    """``x`` summed down to ``shape`` (the reverse of broadcasting)."""
    if x.shape == shape:
        return x
    while x.ndim > len(shape):
        x = _add_reduce(x, 0)
    for i, s in enumerate(shape):
        if s == 1 and x.shape[i] != 1:
            x = _add_reduce(x, i, keepdims=True)
    return x if x.shape == shape else x.reshape(shape)


def scatter_rows(g: np.ndarray, rows: list, n: int) -> np.ndarray:
    """Backward of take_rows: the rows of ``g`` added into zeros of ``n`` rows."""
    out = np.zeros((n,) + g.shape[1:])
    idx = np.asarray(rows, dtype=np.int64)
    if len(set(rows)) == len(rows):
        out[idx] = g + 0.0
    else:
        np.add.at(out, idx, g)
    return out


# ------------------------------------------------------------------------------ linear
def linear(x: np.ndarray, w: np.ndarray, b) -> np.ndarray:
    """``x @ w^T + b`` for a weight of shape [out, in]."""
    if x.shape[-1] != w.shape[1]:
        raise ValueError(f"Linear expects {w.shape[1]} input features, got input of shape {list(x.shape)}")
    out = x @ w.T
    if b is not None:
        out = out + b
    return out


def linear_backward(x: np.ndarray, w: np.ndarray, g: np.ndarray, need_dx: bool):
    """``(dx, dw, db)`` (``dx`` None unless ``need_dx``)."""
    x2 = x if x.ndim == 2 else x.reshape(-1, x.shape[-1])
    g2 = g if g.ndim == 2 else g.reshape(-1, g.shape[-1])
    dx = g @ w if need_dx else None
    return dx, g2.T @ x2, _add_reduce(g2, 0)


# ------------------------------------------------------------------------------ losses
def _one_hot_targets(logits: np.ndarray, target):
    """``(p, one_hot)``: class indices (a list of ints or an array of shape [N]) as one-hot
    rows, or a probability array of the logits' shape as it is."""
    n, c = logits.shape[0], logits.shape[-1]
    if isinstance(target, list) and all(type(i) is int for i in target):
        idx = target
    else:
        t = np.asarray(target, dtype=np.float64)
        if t.shape == logits.shape:
            return t, False
        idx = t.reshape(-1).astype(np.int64).tolist()
    if len(idx) != n:
        raise ValueError(f"cross_entropy: {len(idx)} targets for {n} predictions")
    if idx and (min(idx) < 0 or max(idx) >= c):
        raise ValueError(f"cross_entropy: class index out of range 0..{c}")
    out = np.zeros((n, c))
    out[np.arange(n), idx] = 1.0
    return out, True


def cross_entropy(logits: np.ndarray, target):
    """Mean cross-entropy of softmax(logits) rows: ``(loss, dloss/dlogits)``."""
    x = logits if logits.ndim != 1 else logits.reshape(1, -1)
    p, one_hot = _one_hot_targets(x, target)
    z = x - _max_reduce(x, -1, keepdims=True)
    logp = z - np.log(_add_reduce(np.exp(z), -1, keepdims=True))
    n = x.shape[0]
    loss = float(-_add_reduce(p * logp, None) / n)
    if one_hot:
        grad = (np.exp(logp) - p) / n
    else:
        grad = (np.exp(logp) * _add_reduce(p, -1, keepdims=True) - p) / n
    return loss, grad.reshape(logits.shape)


def binary_cross_entropy(p: np.ndarray, t: np.ndarray, eps: float):
    """Mean BCE of probabilities ``p`` clamped to [eps, 1 - eps]: ``(loss, dloss/dp)``
    (no gradient where the clamp is active)."""
    if p.shape != t.shape:
        t = np.broadcast_to(t, p.shape)
    pc = np.clip(p, eps, 1.0 - eps)
    n = max(p.size, 1)
    qc = 1.0 - pc
    terms = t * np.log(pc) + (1.0 - t) * np.log(qc)
    loss = float(-(_add_reduce(terms, None) / terms.size))
    grad = np.where(pc == p, (pc - t) / (pc * qc), 0.0) / n
    return loss, grad


def mse(x: np.ndarray, y: np.ndarray):
    """Mean of (x - y)^2 and its gradient w.r.t. x (that of y is its negation)."""
    d = x - y
    loss = float(_add_reduce(d * d, None) / d.size)
    half = (1.0 / d.size) * d  # d(d*d)/dd = d + d, times the mean's 1/n
    return loss, half + half


# ------------------------------------------------------------------------------ conv / pool
def _im2col(x: np.ndarray, k: int, stride: int, pad: int):
    n, c, h, w = x.shape
    oh = (h + 2 * pad - k) // stride + 1
    ow = (w + 2 * pad - k) // stride + 1
    if oh <= 0 or ow <= 0:
        raise ValueError(f"conv2d: kernel {k} larger than padded input {h}x{w}")
    if pad:
        xp = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
        xp[:, :, pad:pad + h, pad:pad + w] = x
    else:
        xp = x
    s = xp.strides
    cols = np.lib.stride_tricks.as_strided(
        xp, (n, c, k, k, oh, ow), (s[0], s[1], s[2], s[3], s[2] * stride, s[3] * stride))
    return cols, oh, ow


def conv2d(x: np.ndarray, w: np.ndarray, b, stride: int, padding: int) -> np.ndarray:
    if x.ndim != 4:
        raise ValueError(f"conv2d expects input of shape [batch, channels, height, width], got {list(x.shape)}")
    oc, ic, k, _ = w.shape
    if x.shape[1] != ic:
        raise ValueError(f"conv2d: input has {x.shape[1]} channels, layer expects {ic}")
    cols, _, _ = _im2col(x, k, stride, padding)
    out = np.einsum("ockl,nckluv->nouv", w, cols, optimize=True)
    if b is not None:
        out = out + b.reshape(1, oc, 1, 1)
    return out


def conv2d_backward(x: np.ndarray, w: np.ndarray, g: np.ndarray, stride: int, pad: int, need_dx: bool):
    """``(dx, dw, db)`` of conv2d (``dx`` None unless ``need_dx``)."""
    _, ic, k, _ = w.shape
    cols, oh, ow = _im2col(x, k, stride, pad)
    dw = np.einsum("nouv,nckluv->ockl", g, cols, optimize=True)
    db = _add_reduce(g, (0, 2, 3))
    if not need_dx:
        return None, dw, db
    n, _, h, wd = x.shape
    dxp = np.zeros((n, ic, h + 2 * pad, wd + 2 * pad))
    contrib = np.einsum("ockl,nouv->nckluv", w, g, optimize=True)
    for kh in range(k):
        for kw in range(k):
            dxp[:, :, kh:kh + stride * oh:stride, kw:kw + stride * ow:stride] += contrib[:, :, kh, kw]
    dx = dxp[:, :, pad:pad + h, pad:pad + wd] if pad else dxp
    return dx, dw, db


def _windows(x: np.ndarray, k: int, oh: int, ow: int) -> np.ndarray:
    """Non-overlapping k x k windows of x as [n, c, oh, ow, k*k] (row-major in each)."""
    n, c = x.shape[:2]
    if x.shape[2] != oh * k or x.shape[3] != ow * k:
        x = x[:, :, :oh * k, :ow * k]
    return x.reshape(n, c, oh, k, ow, k).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, k * k)


def max_pool2d(x: np.ndarray, k: int, stride: int):
    """Max pooling: ``(out, argmax)``, argmax the position of the maximum in each window."""
    if x.ndim != 4:
        raise ValueError(f"max_pool2d expects input of shape [batch, channels, height, width], got {list(x.shape)}")
    n, c = x.shape[:2]
    if stride == k:
        oh, ow = (x.shape[2] - k) // k + 1, (x.shape[3] - k) // k + 1
        win = _windows(x, k, oh, ow).reshape(-1, k * k)
        flat_am = win.argmax(axis=-1)
        out = win[np.arange(win.shape[0]), flat_am].reshape(n, c, oh, ow)
        return out, flat_am.reshape(n, c, oh, ow)
    cols, oh, ow = _im2col(x, k, stride, 0)
    flat = cols.reshape(n, c, k * k, oh, ow)
    am = flat.argmax(axis=2)
    return np.take_along_axis(flat, am[:, :, None], axis=2)[:, :, 0], am


def max_pool2d_backward(x: np.ndarray, am: np.ndarray, g: np.ndarray, k: int, stride: int) -> np.ndarray:
    n, c, oh, ow = g.shape
    dx = np.zeros_like(x)
    if stride == k:  # windows apart: each input gets at most one gradient
        d = np.zeros((am.size, k * k))
        d[np.arange(am.size), am.reshape(-1)] = (g + 0.0).reshape(-1)
        dx[:, :, :oh * k, :ow * k] = d.reshape(n, c, oh, ow, k, k).transpose(0, 1, 2, 4, 3, 5) \
            .reshape(n, c, oh * k, ow * k)
        return dx
    kh, kw = am // k, am % k
    ni, ci, ui, vi = np.indices((n, c, oh, ow))
    np.add.at(dx, (ni, ci, ui * stride + kh, vi * stride + kw), g)
    return dx


# ------------------------------------------------------------------------------ attention
def _head(x: np.ndarray, lo: int, hi: int) -> np.ndarray:
    return np.ascontiguousarray(x[..., lo:hi])


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, heads: int, scale: float, mask):
    """Multi-head scaled dot-product attention: per head h (columns h*E/H ..),
    softmax(q_h k_h^T * scale + mask) v_h, the heads concatenated.  ``(out, saved)``."""
    e = q.shape[-1]
    if heads <= 0 or e % heads != 0 or k.shape[-1] != e or v.shape[-1] != e:
        raise ValueError(f"attention: embed dims {e}, {k.shape[-1]}, {v.shape[-1]} do not split into {heads} heads")
    hd = e // heads
    outs, saved = [], []
    for h in range(heads):
        lo, hi = h * hd, (h + 1) * hd
        qh, vh = _head(q, lo, hi), _head(v, lo, hi)
        kt = np.ascontiguousarray(_head(k, lo, hi).swapaxes(-1, -2))
        s = np.matmul(qh, kt) * scale
        if mask is not None:
            s = np.add(s, mask)
        z = s - _max_reduce(s, -1, keepdims=True)
        ez = np.exp(z)
        p = ez / _add_reduce(ez, -1, keepdims=True)
        outs.append(np.matmul(p, vh))
        saved.append((qh, kt, vh, p))
    out = outs[0] if heads == 1 else np.concatenate(outs, axis=-1)
    return out, (scale, q.shape, k.shape, v.shape, saved)


def attention_backward(saved, g: np.ndarray):
    """``(dq, dk, dv)`` given the gradient ``g`` of the output."""
    scale, q_shape, k_shape, v_shape, heads = saved
    n = len(heads)
    dq, dk, dv = np.zeros(q_shape), np.zeros(k_shape), np.zeros(v_shape)
    hd = q_shape[-1] // n
    for h, (qh, kt, vh, p) in enumerate(heads):
        lo, hi = h * hd, (h + 1) * hd
        gh = g if n == 1 else _head(g, lo, hi)
        dp = gh @ vh.swapaxes(-1, -2)
        dvh = p.swapaxes(-1, -2) @ gh
        ds = p * (dp - _add_reduce(dp * p, -1, keepdims=True))
        ds = ds * scale
        dq[..., lo:hi] = ds @ kt.swapaxes(-1, -2)
        dk[..., lo:hi] = (qh.swapaxes(-1, -2) @ ds).swapaxes(-1, -2)
        dv[..., lo:hi] = dvh
    if n > 1:  # the heads' column blocks were summed: 0.0 + -0.0 is 0.0
        dq += 0.0
        dk += 0.0
        dv += 0.0
    return dq, dk, dv


# ------------------------------------------------------------------------------ normalisation
def norm_affine(x: np.ndarray, w: np.ndarray, b: np.ndarray, axis: int, eps: float):
    """``(x - mean) / sqrt(var + eps) * w + b`` along ``axis`` (biased variance):
    ``(out, saved)``."""
    n = x.shape[axis]
    mu = _add_reduce(x, axis, keepdims=True)
    mu /= n
    c = np.subtract(x, mu)
    var = _add_reduce(np.multiply(c, c), axis, keepdims=True)
    var /= n
    sd = np.sqrt(var + eps)
    normed = np.divide(c, sd)
    out = np.add(np.multiply(normed, w), b)
    return out, (axis, x.shape, mu.shape, c, sd, normed, w, b.shape)


def norm_affine_backward(saved, g: np.ndarray):
    """``(dx_centered, dx_mean, dw, db)``: the input's gradient through x - mean and
    through the mean, and the weight and bias gradients."""
    axis, x_shape, mu_shape, c, sd, normed, w, b_shape = saved
    db = sum_to(g, b_shape)
    dw = sum_to(np.multiply(g, normed), w.shape)
    g_n = np.multiply(g, w)
    g_sd = sum_to(np.negative(np.multiply(g_n, np.divide(normed, sd))), sd.shape)
    g_var = g_sd / (sd * 2.0)
    n = x_shape[axis]
    g_sq = g_var * (1.0 / n)
    g_c = np.add(np.add(np.divide(g_n, sd), np.multiply(g_sq, c)), np.multiply(g_sq, c))
    g_mu = sum_to(np.negative(g_c), mu_shape)
    dx_mean = np.multiply(g_mu, 1.0 / n, out=np.empty(x_shape))
    return g_c, dx_mean, dw, db
