"""Neural-network layers over autograd Tensors (lib.pure.nn).

Every layer has forward(x) (x a Tensor or a PureTensor), parameters() -> [Tensor],
train(), eval() and a text form.  Weights come from the seeded generator of
pure_py.tensor (manual_seed), Kaiming-uniform like PyTorch's defaults:
U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
from __future__ import annotations

import math

import numpy as np

from .autograd import (
    Tensor,
    as_tensor,
    tensor_attention,
    tensor_conv2d,
    tensor_layer_norm,
    tensor_linear,
    tensor_max_pool2d,
    tensor_relu,
    tensor_reshape,
    tensor_sigmoid,
    tensor_take_rows,
    tensor_tanh,
)
from .tensor import PureTensor

__all__ = [
    "Conv2d",
    "Embedding",
    "Flatten",
    "LayerNorm",
    "Linear",
    "MaxPool2d",
    "Module",
    "MultiHeadAttention",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "count_parameters",
    "uniform_param",
    "zero_grad",
]


def uniform_param(shape, bound: float) -> Tensor:
    """A trainable Tensor of ``shape`` drawn from U(-bound, bound)."""
    return Tensor(PureTensor.rand(shape, -bound, bound), requires_grad=True)


def _bound(fan_in: int) -> float:
    return 1.0 / math.sqrt(fan_in * 1.0)


def _params_of(layers) -> list:
    return [p for layer in layers for p in layer.parameters()]


class Module:
    """What every layer has: a training flag, train() / eval(), parameters()."""
    __slots__ = ("training",)

    def __init__(self):
        self.training = True

    @classmethod
    def create(cls, *args, **kwargs):
        return cls(*args, **kwargs)

    def parameters(self) -> list:
        return []

    def train(self) -> None:
        self.training = True

    def eval(self) -> None:
        self.training = False

    def __repr__(self) -> str:
        return str(self)


class Linear(Module):
    """Fully connected layer: y = x W^T + b, W of shape [out_features, in_features]."""
    __slots__ = ("bias", "in_features", "out_features", "weight")

    def __init__(self, in_features: int, out_features: int, bias: bool = True):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        b = _bound(in_features)
        self.weight = uniform_param([out_features, in_features], b)
        self.bias = uniform_param([out_features], b) if bias else None

    def forward(self, x) -> Tensor:
        return tensor_linear(x, self.weight, self.bias)

    def parameters(self) -> list:
        return [self.weight, self.bias] if self.bias is not None else [self.weight]

    def __str__(self) -> str:
        return (f"Linear(in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={'true' if self.bias is not None else 'false'})")


class ReLU(Module):
    __slots__ = ()

    def forward(self, x) -> Tensor:
        return tensor_relu(x)

    def __str__(self) -> str:
        return "ReLU()"


class Sigmoid(Module):
    __slots__ = ()

    def forward(self, x) -> Tensor:
        return tensor_sigmoid(x)

    def __str__(self) -> str:
        return "Sigmoid()"


class Tanh(Module):
    __slots__ = ()

    def forward(self, x) -> Tensor:
        return tensor_tanh(x)

    def __str__(self) -> str:
        return "Tanh()"


class Flatten(Module):
    """Flattens every dimension after the first: [N, C, H, W] -> [N, C*H*W]."""
    __slots__ = ()

    def forward(self, x) -> Tensor:
        t = as_tensor(x)
        shape = t.value.shape
        return tensor_reshape(t, [shape[0], t.value.numel() // shape[0]])

    def __str__(self) -> str:
        return "Flatten()"


class Sequential(Module):
    """Runs layers in order; parameters() collects every layer's parameters."""
    __slots__ = ("layers",)

    def __init__(self, layers: list):
        super().__init__()
        self.layers = layers

    def forward(self, x) -> Tensor:
        out = as_tensor(x)
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def parameters(self) -> list:
        return _params_of(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    def add(self, layer) -> None:
        self.layers.append(layer)

    def train(self) -> None:
        self.training = True
        for layer in self.layers:
            layer.train()

    def eval(self) -> None:
        self.training = False
        for layer in self.layers:
            layer.eval()

    def __str__(self) -> str:
        s = "Sequential(\n"
        for i, layer in enumerate(self.layers):
            s += f"  ({i}): {layer}\n"
        return s + ")"


class Conv2d(Module):
    """2-D convolution over [batch, channels, height, width] (im2col + numpy)."""
    __slots__ = ("bias", "in_channels", "kernel_size", "out_channels", "padding", "stride", "weight")

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, stride: int = 1,
                 padding: int = 0, bias: bool = True):
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        b = _bound(in_channels * kernel_size * kernel_size)
        self.weight = uniform_param([out_channels, in_channels, kernel_size, kernel_size], b)
        self.bias = uniform_param([out_channels], b) if bias else None

    def forward(self, x) -> Tensor:
        return tensor_conv2d(x, self.weight, self.bias, self.stride, self.padding)

    def parameters(self) -> list:
        return [self.weight, self.bias] if self.bias is not None else [self.weight]

    def __str__(self) -> str:
        return (f"Conv2d(in_channels={self.in_channels}, out_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding})")


class MaxPool2d(Module):
    __slots__ = ("kernel_size", "stride")

    def __init__(self, kernel_size: int, stride: int = 0):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride > 0 else kernel_size

    def forward(self, x) -> Tensor:
        return tensor_max_pool2d(x, self.kernel_size, self.stride)

    def __str__(self) -> str:
        return f"MaxPool2d(kernel_size={self.kernel_size}, stride={self.stride})"


class LayerNorm(Module):
    """Normalises over the last dimension, then scales and shifts (learned)."""
    __slots__ = ("bias", "eps", "normalized_shape", "weight")

    def __init__(self, normalized_shape: int, eps: float = 1e-5):
        super().__init__()
        self.normalized_shape = normalized_shape
        self.eps = eps
        self.weight = Tensor.ones([normalized_shape], requires_grad=True)
        self.bias = Tensor.zeros([normalized_shape], requires_grad=True)

    def forward(self, x) -> Tensor:
        return tensor_layer_norm(x, self.weight, self.bias, -1, self.eps)

    def parameters(self) -> list:
        return [self.weight, self.bias]

    def __str__(self) -> str:
        return f"LayerNorm({self.normalized_shape}, eps={self.eps})"


class Embedding(Module):
    """A lookup table: forward(indices) returns rows of the [num, dim] weight."""
    __slots__ = ("embedding_dim", "num_embeddings", "weight")

    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.weight = Tensor(PureTensor.randn([num_embeddings, embedding_dim]), requires_grad=True)

    def forward(self, indices) -> Tensor:
        """indices: a list of ints (or a tensor holding whole numbers)."""
        if isinstance(indices, list) and all(type(i) is int for i in indices):
            return tensor_take_rows(self.weight, list(indices))
        if isinstance(indices, list):
            idx = [int(i) for i in indices]
        else:
            idx = [int(v) for v in as_tensor(indices).value.data.reshape(-1).tolist()]
        return tensor_take_rows(self.weight, idx)

    def parameters(self) -> list:
        return [self.weight]

    def __str__(self) -> str:
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"


class MultiHeadAttention(Module):
    """Scaled dot-product attention with num_heads heads over [seq, embed_dim] inputs
    (or [batch, seq, embed_dim]); causal=True masks future positions."""
    __slots__ = (
        "causal",
        "embed_dim",
        "head_dim",
        "k_proj",
        "masks",
        "num_heads",
        "out_proj",
        "q_proj",
        "v_proj",
    )

    def __init__(self, embed_dim: int, num_heads: int = 1, causal: bool = False):
        super().__init__()
        if embed_dim % num_heads != 0:
            raise ValueError(f"embed_dim {embed_dim} is not divisible by num_heads {num_heads}")
        self.embed_dim = embed_dim
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.q_proj = Linear(embed_dim, embed_dim)
        self.k_proj = Linear(embed_dim, embed_dim)
        self.v_proj = Linear(embed_dim, embed_dim)
        self.out_proj = Linear(embed_dim, embed_dim)
        self.causal = causal
        self.masks = []

    def forward(self, x) -> Tensor:
        return self.attend(x, x, x)

    def attend(self, query, key, value) -> Tensor:
        q = self.q_proj.forward(query)
        k = self.k_proj.forward(key)
        v = self.v_proj.forward(value)
        seq = q.value.data.shape[-2]
        kseq = k.value.data.shape[-2]
        scale = 1.0 / math.sqrt(self.head_dim * 1.0)
        mask = None
        if self.causal:
            # -1e9 where key j comes after query i (j > i), else 0; made once per size
            if self.masks and self.masks[0].data.shape == (seq, kseq):
                mask = self.masks[0]
            else:
                i = np.arange(seq).reshape(-1, 1)
                j = np.arange(kseq).reshape(1, -1)
                mask = PureTensor(np.where(j > i, -1000000000.0, 0.0))
                self.masks = [mask]
        # per head h (columns h * head_dim ..): softmax(q_h k_h^T * scale + mask) v_h
        return self.out_proj.forward(tensor_attention(q, k, v, self.num_heads, scale, mask))

    def parameters(self) -> list:
        return _params_of([self.q_proj, self.k_proj, self.v_proj, self.out_proj])

    def __str__(self) -> str:
        return f"MultiHeadAttention(embed_dim={self.embed_dim}, num_heads={self.num_heads})"


def count_parameters(model) -> int:
    """Number of trainable values in a model (or layer)."""
    return sum(p.value.numel() for p in model.parameters())


def zero_grad(model) -> None:
    """Clears the gradient of every parameter of a model."""
    for p in model.parameters():
        p.grad = None
