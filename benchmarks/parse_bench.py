"""Parser throughput: spl-py ``parse()`` against CPython's ``ast.parse`` in the same run.

Generates a ~20,000-line Simple program (classes, functions, loops, matches, lists,
interpolated strings) and a Python program of the same shape and size, parses each a few
times, interleaved (best run counts), and prints lines/s for both and their ratio (target >= 0.30).
Also measures the grammar load time in fresh processes: cold (empty cache directory, so
Lark builds the LALR tables) and cached (second process, same cache directory).

    python benchmarks/parse_bench.py [--lines 20000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPL_UNIT = '''\
# ---- unit {i}
enum Kind{i}:
    Small
    Large(size: i64)

class Layer{i}:
    """A dense layer, number {i}."""
    weights: [f64]
    bias: f64
    name: text = "layer{i}"

    static fn create(n: i64) -> Layer{i}:
        var ws: [f64] = []
        for j in 0..n:
            ws.push(((j * 2654435761) % 1000) / 1000.0 - 0.5)
        Layer{i}(weights: ws, bias: 0.0)

    fn forward(x: [f64]) -> f64:
        var total = self.bias
        for (j, w) in self.weights.enumerate():
            total = total + w * x[j]
        if total > 0.0: total else: 0.0

    me step(grads: [f64], lr: f64):
        var j = 0
        while j < self.weights.len():
            self.weights[j] = self.weights[j] - lr * grads[j]
            j += 1

fn describe{i}(k: Kind{i}) -> text:
    match k:
        case Kind{i}.Small: "small"
        case Kind{i}.Large(s) if s > 100: "huge {{s}}"
        case _: "large"

fn train{i}(epochs: i64) -> f64:
    val layer = Layer{i}.create(4)
    val xs = [0.5, -1.0, 2.0, 0.25]
    var loss = 0.0
    for epoch in 0..epochs:
        val y = layer.forward(xs)
        loss = (y - 1.0) ** 2
        val grads = [2.0 * (y - 1.0) * x for x in xs]
        layer.step(grads, 0.01)
        if epoch % 10 == 0:
            print "unit {i} epoch {{epoch + 1}}/{{epochs}}: loss = {{loss:.4f}} ({{describe{i}(Kind{i}.Small)}})"
    loss

'''

PY_UNIT = '''\
# ---- unit {i}
class Kind{i}:
    SMALL = 0
    LARGE = 1

class Layer{i}:
    """A dense layer, number {i}."""
    weights: list
    bias: float
    name: str = "layer{i}"

    @staticmethod
    def create(n: int) -> "Layer{i}":
        ws: list = []
        for j in range(0, n):
            ws.append(((j * 2654435761) % 1000) / 1000.0 - 0.5)
        return Layer{i}(weights=ws, bias=0.0)

    def forward(self, x: list) -> float:
        total = self.bias
        for (j, w) in enumerate(self.weights):
            total = total + w * x[j]
        return total if total > 0.0 else 0.0

    def step(self, grads: list, lr: float):
        j = 0
        while j < len(self.weights):
            self.weights[j] = self.weights[j] - lr * grads[j]
            j += 1

def describe{i}(k) -> str:
    match k:
        case Kind{i}.SMALL:
            return "small"
        case (Kind{i}.LARGE, s) if s > 100:
            return f"huge {{s}}"
        case _:
            return "large"

def train{i}(epochs: int) -> float:
    layer = Layer{i}.create(4)
    xs = [0.5, -1.0, 2.0, 0.25]
    loss = 0.0
    for epoch in range(0, epochs):
        y = layer.forward(xs)
        loss = (y - 1.0) ** 2
        grads = [2.0 * (y - 1.0) * x for x in xs]
        layer.step(grads, 0.01)
        if epoch % 10 == 0:
            print(f"unit {i} epoch {{epoch + 1}}/{{epochs}}: loss = {{loss:.4f}} ({{describe{i}(Kind{i}.SMALL)}})")
    return loss

'''


def generate(unit: str, lines: int) -> str:
    per_unit = unit.count("\n")
    return "".join(unit.format(i=i) for i in range(max(1, round(lines / per_unit))))


def best_times(fns, repeat: int) -> list[float]:
    """Best wall time of each function over ``repeat`` rounds, the functions interleaved
    within each round so that a busy machine slows both sides alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


LOAD_SCRIPT = """
import time
start = time.perf_counter()
from spl_py.parser import get_parser, parse
get_parser()
loaded = time.perf_counter()
parse("val x = 1\\n", "warm.spl")
print(loaded - start, time.perf_counter() - loaded)
"""


def load_time(cache_home: str) -> tuple[float, float]:
    """(import + grammar load, first tiny parse) in a fresh interpreter, in seconds."""
    env = dict(os.environ, XDG_CACHE_HOME=cache_home, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from spl_py.parser import get_parser, parse

    spl_source = generate(SPL_UNIT, args.lines)
    py_source = generate(PY_UNIT, args.lines)
    spl_lines = spl_source.count("\n")
    py_lines = py_source.count("\n")

    get_parser()
    module = parse(spl_source, "bench.spl")  # warm-up, and a check that it parses
    compile(py_source, "bench.py", "exec", ast.PyCF_ONLY_AST)
    spl_time, py_time = best_times([lambda: parse(spl_source, "bench.spl"),
                                    lambda: ast.parse(py_source, "bench.py")], args.repeat)
    spl_rate = spl_lines / spl_time
    py_rate = py_lines / py_time
    ratio = spl_rate / py_rate

    with tempfile.TemporaryDirectory() as cache_home:
        cold_load, cold_first = load_time(cache_home)
        cached_load, cached_first = load_time(cache_home)

    rows = [
        ("spl-py parse()", f"{spl_lines:,}", f"{spl_time * 1000:,.1f} ms", f"{spl_rate:,.0f}"),
        ("CPython ast.parse", f"{py_lines:,}", f"{py_time * 1000:,.1f} ms", f"{py_rate:,.0f}"),
    ]
    print(f"Parse throughput (best of {args.repeat}; {len(module.body)} top-level statements)")
    print(f"  {'parser':<20}{'lines':>10}{'time':>14}{'lines/s':>14}")
    for name, lines, elapsed, rate in rows:
        print(f"  {name:<20}{lines:>10}{elapsed:>14}{rate:>14}")
    verdict = "meets" if ratio >= 0.30 else "below"
    print(f"  ratio spl-py / CPython: {ratio:.2f}x ({verdict} the 0.30x target)")
    print()
    print("Grammar load in a fresh process (import spl_py.parser + get_parser())")
    print(f"  {'cache':<20}{'load':>14}{'first parse':>14}")
    print(f"  {'cold (empty cache)':<20}{cold_load * 1000:>11.0f} ms{cold_first * 1000:>11.1f} ms")
    print(f"  {'cached':<20}{cached_load * 1000:>11.0f} ms{cached_first * 1000:>11.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
