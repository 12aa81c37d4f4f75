"""lib.pure against numpy, in one run: prints each timing and the ratio.

    python benchmarks/stdlib_bench.py [--quick]

1. matmul of two 256x256 tensors through lib.pure.tensor_ops.matmul vs ``a @ b``;
2. element-wise ops on 10^6 values (add, mul_scalar, relu) vs the numpy expressions;
3. one XOR training epoch (2-8-1 network, tanh + sigmoid, binary cross-entropy, Adam,
   full batch) through lib.pure autograd vs the same network written with numpy by hand.

The lib.pure side runs as Simple code, once with the interpreter and once transpiled
to Python; each figure is the best of several repeats, per operation, and the numpy
baseline is measured next to it in the same run.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spl_py.api import run_source  # noqa: E402

SIMPLE = '''
use lib.pure.tensor (PureTensor, manual_seed)
use lib.pure.tensor_ops (matmul, add, mul_scalar, relu)
use lib.pure.autograd.{Tensor, backward}
use lib.pure.nn.{Linear, Tanh, Sigmoid, Sequential}
use lib.pure.optim (Adam)
use lib.pure.training (binary_cross_entropy_loss)

fn make(shape: [i64]) -> PureTensor<f64>:
    PureTensor.randn(shape)

fn bench_matmul(a: PureTensor<f64>, b: PureTensor<f64>, n: i64):
    for i in 0..n:
        matmul(a, b)

fn bench_add(a: PureTensor<f64>, b: PureTensor<f64>, n: i64):
    for i in 0..n:
        add(a, b)

fn bench_mul_scalar(a: PureTensor<f64>, n: i64):
    for i in 0..n:
        mul_scalar(a, 1.5)

fn bench_relu(a: PureTensor<f64>, n: i64):
    for i in 0..n:
        relu(a)

class XorRun:
    model: Sequential
    opt: Adam
    x: Tensor
    y: Tensor

fn xor_setup() -> XorRun:
    manual_seed(0)
    val model = Sequential.create([Linear.create(2, 8), Tanh.create(), Linear.create(8, 1), Sigmoid.create()])
    val x = Tensor.from_data([0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], [4, 2])
    val y = Tensor.from_data([0.0, 1.0, 1.0, 0.0], [4, 1])
    XorRun(model: model, opt: Adam.create(model.parameters(), lr: 0.05), x: x, y: y)

fn xor_epochs(run: XorRun, n: i64) -> f64:
    var last = 0.0
    for i in 0..n:
        run.opt.zero_grad()
        val loss = binary_cross_entropy_loss(run.model.forward(run.x), run.y)
        backward(loss)
        run.opt.step()
        last = loss.item()
    last
'''


def repeat(fn, n: int):
    """Call fn n times, dropping each result (as the Simple loops do)."""
    def run():
        for _ in range(n):
            fn()
    return run


def pair(spl_fn, np_fn, repeats: int, n: int) -> tuple:
    """Best per-call times of the two, measured alternately so machine noise (other
    processes, BLAS threads) hits both sides alike."""
    ts, tn = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        spl_fn()
        ts.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        np_fn()
        tn.append(time.perf_counter() - t0)
    return min(ts) / n, min(tn) / n


class NumpyXor:
    """The same 2-8-1 network and Adam update, by hand."""

    def __init__(self):
        rng = np.random.default_rng(0)
        b1, b2 = 1 / np.sqrt(2), 1 / np.sqrt(8)
        self.p = [rng.uniform(-b1, b1, (8, 2)), rng.uniform(-b1, b1, 8),
                  rng.uniform(-b2, b2, (1, 8)), rng.uniform(-b2, b2, 1)]
        self.m = [np.zeros_like(q) for q in self.p]
        self.v = [np.zeros_like(q) for q in self.p]
        self.t = 0
        self.x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
        self.y = np.array([[0], [1], [1], [0]], dtype=float)

    def epoch(self) -> float:
        w1, b1, w2, b2 = self.p
        h = np.tanh(self.x @ w1.T + b1)
        p = 1 / (1 + np.exp(-(h @ w2.T + b2)))
        pc = np.clip(p, 1e-7, 1 - 1e-7)
        loss = -np.mean(self.y * np.log(pc) + (1 - self.y) * np.log(1 - pc))
        dp = (-(self.y / pc) + (1 - self.y) / (1 - pc)) / len(self.y)
        dz2 = dp * p * (1 - p)
        g = [None, None, dz2.T @ h, dz2.sum(axis=0)]
        dh = dz2 @ w2 * (1 - h * h)
        g[0], g[1] = dh.T @ self.x, dh.sum(axis=0)
        self.t += 1
        for i, q in enumerate(self.p):
            self.m[i] = 0.9 * self.m[i] + 0.1 * g[i]
            self.v[i] = 0.999 * self.v[i] + 0.001 * g[i] ** 2
            mh = self.m[i] / (1 - 0.9 ** self.t)
            vh = self.v[i] / (1 - 0.999 ** self.t)
            q -= 0.05 * mh / (np.sqrt(vh) + 1e-8)
        return float(loss)


def measure(spl: dict, reps: int) -> list:
    """(name, lib.pure seconds, numpy seconds) per benchmark, for one back end."""
    rows = []

    # 1. matmul 256x256
    n = 20
    a, b = spl["make"]([256, 256]), spl["make"]([256, 256])
    an, bn = a.data.view().reshape(256, 256), b.data.view().reshape(256, 256)
    rows.append(("matmul 256x256",) + pair(lambda: spl["bench_matmul"](a, b, n),
                                           repeat(lambda: an @ bn, n), reps, n))

    # 2. element-wise on 10^6 values
    n = 10
    a, b = spl["make"]([1000, 1000]), spl["make"]([1000, 1000])
    an, bn = a.data.view().reshape(1000, 1000), b.data.view().reshape(1000, 1000)
    rows.append(("add 10^6",) + pair(lambda: spl["bench_add"](a, b, n), repeat(lambda: an + bn, n), reps, n))
    rows.append(("mul_scalar 10^6",) + pair(lambda: spl["bench_mul_scalar"](a, n),
                                            repeat(lambda: an * 1.5, n), reps, n))
    rows.append(("relu 10^6",) + pair(lambda: spl["bench_relu"](a, n),
                                      repeat(lambda: np.maximum(an, 0.0), n), reps, n))

    # 3. one XOR epoch
    n = 50
    run = spl["xor_setup"]()
    ref = NumpyXor()
    rows.append(("XOR epoch (autograd + Adam)",) + pair(lambda: spl["xor_epochs"](run, n),
                                                        repeat(ref.epoch, n), reps, n))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke test)")
    args = parser.parse_args()
    reps = 2 if args.quick else 9
    print(f"{'benchmark':<30} {'back end':<10} {'lib.pure':>12} {'numpy':>12} {'ratio':>8}")
    for backend in ("interp", "transpile"):
        try:
            spl = run_source(SIMPLE, "<stdlib_bench>", backend=backend).namespace
        except Exception as exc:  # noqa: BLE001 - report and go on with the other back end
            print(f"{backend}: cannot run the Simple side ({type(exc).__name__}: {exc})")
            continue
        for name, ts, tn in measure(spl, reps):
            print(f"{name:<30} {backend:<10} {ts * 1e3:>10.3f}ms {tn * 1e3:>10.3f}ms {ts / tn:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
