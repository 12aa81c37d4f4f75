"""benchmarks/stdlib_bench.py keeps running (a smoke test; the figures are not checked)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_stdlib_bench_quick_run_prints_every_ratio():
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stdlib_bench.py"), "--quick"],
                       capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    for name in ("matmul 256x256", "add 10^6", "XOR epoch"):
        assert sum(1 for line in lines if line.startswith(name)) == 2, r.stdout
    assert all(line.rstrip().endswith("x") for line in lines[1:])
