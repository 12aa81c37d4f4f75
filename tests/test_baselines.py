"""The hand-written Python baselines of benchmarks/run_bench.py are equivalents: each
prints exactly what its Simple program prints (its golden output).  So do the fused numpy
ones of the lib.pure programs (baselines/numpy/)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "benchmarks" / "baselines"
GOLDEN = ROOT / "tests" / "golden"


def _golden(baseline: Path) -> Path:
    name = baseline.stem
    for folder in ("tour", "pure"):
        if name.startswith(folder + "_"):
            return GOLDEN / folder / (name[len(folder) + 1:] + ".out")
    return GOLDEN / (name + ".out")


CASES = [b for b in sorted(BASELINES.glob("*.py")) + sorted(BASELINES.glob("numpy/*.py")) if _golden(b).exists()]


def test_every_example_has_a_baseline():
    examples = sorted((ROOT / "examples_spl").rglob("*.spl"))
    names = {"_".join(p.relative_to(ROOT / "examples_spl").with_suffix("").parts) for p in examples}
    assert names <= {b.stem for b in BASELINES.glob("*.py")}


@pytest.mark.parametrize("baseline", CASES, ids=[str(b.relative_to(BASELINES).with_suffix("")) for b in CASES])
def test_baseline_prints_the_golden_output(baseline):
    result = subprocess.run([sys.executable, str(baseline)], capture_output=True, text=True, check=False,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == _golden(baseline).read_text(encoding="utf-8")
