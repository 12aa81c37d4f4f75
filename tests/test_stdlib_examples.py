"""The lib.pure examples print their golden output through the transpiler too (the
interpreter run is in test_examples.py), and every example's loss falls."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, GOLDEN, run_cli

PURE = sorted((EXAMPLES / "pure").glob("*.spl"))


@pytest.mark.parametrize("program", PURE, ids=lambda p: p.name)
def test_pure_example_matches_golden_when_transpiled(program):
    result = run_cli("run", program)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "pure" / program.with_suffix(".out").name).read_text(encoding="utf-8")


@pytest.mark.parametrize("program", PURE, ids=lambda p: p.name)
def test_pure_example_reports_a_falling_loss(program):
    text = (GOLDEN / "pure" / program.with_suffix(".out").name).read_text(encoding="utf-8")
    assert "true" in text.splitlines()[-1] or any(
        ("fell" in line or ">= 90%" in line) and line.rstrip().endswith("true") for line in text.splitlines())
    assert "false" not in text
