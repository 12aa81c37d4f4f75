"""Optimizers for autograd Tensors (lib.pure.optim).

Each optimizer holds the parameters (the Tensors of model.parameters()); step() reads
every parameter's .grad and replaces its .value, zero_grad() clears the grads.  The
update rules are PyTorch's, with its defaults.  SGD and Adam step all parameters at once
(one numpy operation per formula over flat buffers): the velocities / moments live in
one flat array each, and the parameters' new values are views of one flat result."""
from __future__ import annotations

import numpy as np

from .tensor import PureTensor

__all__ = ["SGD", "Adam"]


def _zeros_for(params) -> list:
    return [PureTensor.zeros(p.value.shape) for p in params]


def _clear(params) -> None:
    for p in params:
        p.grad = None


class _FlatParams:
    """The layout of a list of distinct parameters in flat arrays: their sizes and
    shapes, and the flat array (``p``) the values set by the last step are views of."""
    __slots__ = ("p", "params", "shapes", "sizes", "values")

    def __init__(self, params):
        self.params = list(params)
        self.shapes = [p.value.data.shape for p in params]
        self.sizes = [p.value.data.size for p in params]
        self.p = None
        self.values = None

    def holds(self, params) -> bool:
        return len(params) == len(self.params) and all(a is b for a, b in zip(params, self.params))

    def flatten(self, arrays) -> np.ndarray:
        """``arrays`` (one per parameter) laid out flat, copied into a fresh array."""
        return np.concatenate([a.reshape(-1) for a in arrays]) if len(arrays) > 1 else arrays[0].reshape(-1)

    def views(self, flat: np.ndarray) -> list:
        """Consecutive slices of ``flat``, each in its parameter's shape."""
        out = []
        off = 0
        for shape, size in zip(self.shapes, self.sizes):
            out.append(flat[off:off + size].reshape(shape))
            off += size
        return out

    def grads(self):
        """The gradients laid out flat, or None unless every parameter has one of its shape."""
        grads = []
        for p, shape in zip(self.params, self.shapes):
            if p.grad is None or p.grad.data.shape != shape:
                return None
            grads.append(p.grad.data)
        return self.flatten(grads)

    def values_flat(self) -> np.ndarray:
        """The parameters' values laid out flat: the last step's result while every value
        is still the view of it that step set, else gathered afresh."""
        if self.p is not None and all(p.value is v for p, v in zip(self.params, self.values)):
            return self.p
        return self.flatten([p.value.data for p in self.params])

    def set_values(self, new_p: np.ndarray) -> None:
        self.p = new_p
        self.values = [PureTensor(a) for a in self.views(new_p)]
        for p, value in zip(self.params, self.values):
            p.value = value


class SGD:
    """p -= lr * g, with g = grad + weight_decay * p and optional (Nesterov) momentum."""

    def __init__(self, parameters, lr: float = 0.01, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False):
        self.parameters = parameters
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov
        self.velocity = [None] * len(parameters)
        self.state = None  # _FlatParams, and the flat velocity buffer (with momentum)
        self.flat_v = None

    @classmethod
    def create(cls, *args, **kwargs) -> SGD:
        return cls(*args, **kwargs)

    def step(self) -> None:
        lr, mom, damp, wd = self.lr, self.momentum, self.dampening, self.weight_decay
        st = self.state if self.state is not None and self.state.holds(self.parameters) else None
        if st is not None:
            g = st.grads()
            if g is not None:
                p = st.values_flat()
                if wd != 0.0:
                    g = g + p * wd
                if mom != 0.0:
                    v = self.flat_v
                    step = g * (1.0 - damp)
                    v *= mom  # buf = buf * momentum + g * (1 - dampening), in the buffer
                    v += step
                    g = g + v * mom if self.nesterov else v
                st.set_values(p + g * (-lr))
                return
            st.p = st.values = None
        # parameter by parameter (the first step, or some gradients missing)
        with_grad = 0
        for i, param in enumerate(self.parameters):
            if param.grad is None:
                continue
            with_grad += 1
            g = param.grad.data
            if wd != 0.0:
                g = g + param.value.data * wd
            if mom != 0.0:
                vel = self.velocity[i]
                buf = g if vel is None else vel.data * mom + g * (1.0 - damp)
                self.velocity[i] = PureTensor(buf)
                g = g + buf * mom if self.nesterov else buf
            param.value = PureTensor(param.value.data + g * (-lr))
        if st is None and with_grad == len(self.parameters) and len({id(p) for p in self.parameters}) == with_grad:
            # from now on all at once: the velocities become views of one flat buffer
            st = _FlatParams(self.parameters)
            if mom != 0.0:
                self.flat_v = st.flatten([v.data for v in self.velocity]).copy()
                self.velocity = [PureTensor(a) for a in st.views(self.flat_v)]
            self.state = st

    def zero_grad(self) -> None:
        _clear(self.parameters)

    def __str__(self) -> str:
        return (f"SGD(lr={self.lr}, momentum={self.momentum}, weight_decay={self.weight_decay}, "
                f"nesterov={str(self.nesterov).lower()})")


def _adam_math(p, g, m, v, t, lr, b1, b2, eps, wd, decoupled):
    """The Adam/AdamW formulas over flat arrays: ``m`` and ``v`` updated in place, the
    new parameters returned (a fresh array)."""
    if wd and not decoupled:
        g = g + wd * p
    m *= b1
    m += (1.0 - b1) * g
    gg = (1.0 - b2) * g
    gg *= g
    v *= b2
    v += gg
    m_hat = m / (1.0 - b1 ** t)
    v_hat = v / (1.0 - b2 ** t)
    if wd and decoupled:
        p = p * (1.0 - lr * wd)
    denom = np.sqrt(v_hat)
    denom += eps
    step = np.multiply(lr, m_hat, out=m_hat)
    step /= denom
    return np.subtract(p, step, out=step)


class Adam:
    """Adam (Kingma & Ba) with bias correction; weight_decay adds wd * p to the grad."""
    decoupled = False

    def __init__(self, parameters, lr: float = 0.001, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0):
        self.parameters = parameters
        self.lr = lr
        self.betas = betas
        self.eps = eps
        self.weight_decay = weight_decay
        self.t = 0
        self.m = _zeros_for(parameters)
        self.v = _zeros_for(parameters)
        self.state = None  # _FlatParams, with the flat moment buffers below
        self.flat_m = None
        self.flat_v = None

    @classmethod
    def create(cls, *args, **kwargs) -> Adam:
        return cls(*args, **kwargs)

    def step(self) -> None:
        self.t += 1
        beta1, beta2 = self.betas
        if self.state is None or not self.state.holds(self.parameters):
            # the moments of all parameters in two flat buffers; m / v become views of them
            st = self.state = _FlatParams(self.parameters)
            self.flat_m = st.flatten([m.data for m in self.m]).copy()
            self.flat_v = st.flatten([v.data for v in self.v]).copy()
            self.m = [PureTensor(a) for a in st.views(self.flat_m)]
            self.v = [PureTensor(a) for a in st.views(self.flat_v)]
        st = self.state
        g = st.grads()
        if g is None:
            self._step_each(beta1, beta2)
            return
        p = st.values_flat()
        st.set_values(_adam_math(p, g, self.flat_m, self.flat_v, self.t, self.lr, beta1, beta2,
                                 self.eps, self.weight_decay, self.decoupled))

    def _step_each(self, beta1, beta2) -> None:
        """Parameter by parameter, skipping those without a gradient."""
        self.state.p = self.state.values = None
        for param, m, v in zip(self.parameters, self.m, self.v):
            if param.grad is not None:
                new = _adam_math(param.value.data, param.grad.data, m.data, v.data, self.t, self.lr,
                                 beta1, beta2, self.eps, self.weight_decay, self.decoupled)
                param.value = PureTensor(new)

    def zero_grad(self) -> None:
        _clear(self.parameters)

    def __str__(self) -> str:
        return f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps}, t={self.t})"
