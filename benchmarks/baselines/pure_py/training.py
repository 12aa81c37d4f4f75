"""Losses, TrainingHistory and Trainer (lib.pure.training).  Losses take autograd
Tensors and return a one-element Tensor to call backward on."""
from __future__ import annotations

import sys

from .autograd import (
    Tensor,
    as_tensor,
    backward,
    no_grad_begin,
    no_grad_end,
    tensor_binary_cross_entropy,
    tensor_cross_entropy,
    tensor_mse,
)
from .metrics import accuracy, accuracy_from_logits
from .optim import SGD, Adam
from .tensor import PureTensor

__all__ = [
    "SGD",
    "Adam",
    "Trainer",
    "TrainingHistory",
    "accuracy",
    "accuracy_from_logits",
    "binary_cross_entropy_loss",
    "cross_entropy_loss",
    "mse_loss",
]


def mse_loss(pred, target):
    """Mean squared error (a float for two PureTensors, else a Tensor)."""
    if isinstance(pred, PureTensor) and isinstance(target, PureTensor):
        d = pred.data - target.data
        return float((d * d).mean())
    return tensor_mse(pred, target)


def binary_cross_entropy_loss(pred, target) -> Tensor:
    """-mean(t log p + (1 - t) log(1 - p)); p is clamped to [1e-7, 1 - 1e-7]."""
    return tensor_binary_cross_entropy(pred, target)


def cross_entropy_loss(logits, target) -> Tensor:
    """Softmax cross-entropy of logits [N, C] against class indices or one-hot rows."""
    return tensor_cross_entropy(logits, target)


def _loss_value(loss) -> float:
    if isinstance(loss, Tensor):
        return float(loss.value.data.reshape(-1)[0])
    return loss


class TrainingHistory:
    """Loss (and optional metric) per epoch."""
    __slots__ = ("epochs", "losses", "metrics")

    def __init__(self):
        self.epochs = []
        self.losses = []
        self.metrics = []

    @classmethod
    def create(cls) -> TrainingHistory:
        return cls()

    def add_epoch(self, epoch: int, loss: float) -> None:
        self.epochs.append(epoch)
        self.losses.append(loss)

    def add_metric(self, value: float) -> None:
        self.metrics.append(value)

    def get_final_loss(self) -> float:
        return self.losses[-1] if self.losses else 0.0

    def best_loss(self) -> float:
        return min(self.losses) if self.losses else 0.0

    def __len__(self) -> int:
        return len(self.losses)

    def __str__(self) -> str:
        return f"TrainingHistory(epochs={len(self.epochs)}, final_loss={self.get_final_loss()})"


def _progress_bar(total: int, desc: str):
    """A tqdm bar when stdout is a terminal and tqdm is installed, else None."""
    if not sys.stdout.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    import shutil
    width = shutil.get_terminal_size((80, 20)).columns or 80
    return tqdm(total=total, desc=desc, file=sys.stdout, leave=True, ncols=min(width, 100))


class Trainer:
    """model.forward + loss_fn + backward + optimizer.step over the batches of ``data``:
    a DataLoader (anything with batches()), an (x, y) tuple, or a list of (x, y)."""

    def __init__(self, model, optimizer, loss_fn):
        self.model = model
        self.optimizer = optimizer
        self.loss_fn = loss_fn
        self.history = TrainingHistory.create()

    @classmethod
    def create(cls, model, optimizer, loss_fn) -> Trainer:
        return cls(model, optimizer, loss_fn)

    def train_step(self, batch_x, batch_y) -> float:
        """One optimisation step on one batch; returns the loss."""
        self.optimizer.zero_grad()
        pred = self.model.forward(batch_x)
        loss = self.loss_fn(pred, as_tensor(batch_y))
        backward(loss)
        self.optimizer.step()
        return _loss_value(loss)

    @staticmethod
    def _batches(data) -> list:
        if isinstance(data, tuple):
            return [data]
        if isinstance(data, list):
            return data
        return data.batches()

    def fit(self, data, epochs: int = 10, verbose: bool = True, log_every: int = 0) -> TrainingHistory:
        """Trains for ``epochs`` epochs; returns the history.  A progress bar when stdout
        is a terminal and tqdm is installed, else a line every ``log_every`` epochs
        (default: ten lines in all) when verbose."""
        every = log_every
        if every <= 0:
            every = epochs // 10 if epochs >= 10 else 1
        bar = _progress_bar(epochs, "training") if verbose else None
        self.model.train()
        for epoch in range(epochs):
            total = 0.0
            count = 0
            for batch in self._batches(data):
                total += self.train_step(batch[0], batch[1])
                count += 1
            loss = total / count if count > 0 else 0.0
            self.history.add_epoch(epoch + 1, loss)
            if bar is not None:
                bar.set_postfix(loss=f"{loss:.4f}")
                bar.update(1)
            elif verbose and ((epoch + 1) % every == 0 or epoch == 0 or epoch + 1 == epochs):
                print(f"Epoch {epoch + 1}/{epochs}: loss = {loss:.6f}")
        if bar is not None:
            bar.close()
        return self.history

    def evaluate_loss(self, data) -> float:
        """Mean loss over the batches of ``data`` without recording gradients (model in
        eval mode meanwhile)."""
        self.model.eval()
        no_grad_begin()
        total = 0.0
        count = 0
        for batch in self._batches(data):
            pred = self.model.forward(batch[0])
            total += _loss_value(self.loss_fn(pred, as_tensor(batch[1])))
            count += 1
        no_grad_end()
        self.model.train()
        return total / count if count > 0 else 0.0

    def predict(self, x) -> Tensor:
        no_grad_begin()
        out = self.model.forward(x)
        no_grad_end()
        return out

    def get_history(self) -> TrainingHistory:
        return self.history

    def get_final_loss(self) -> float:
        return self.history.get_final_loss()

    def __str__(self) -> str:
        return f"Trainer(model={self.model}, optimizer={self.optimizer})"
