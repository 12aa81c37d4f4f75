"""Golden outputs: every program under examples_spl/ prints exactly its checked-in output."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, GOLDEN, run_cli

PROGRAMS = sorted(p for p in EXAMPLES.rglob("*.spl"))


def golden_for(program):
    return GOLDEN / program.relative_to(EXAMPLES).with_suffix(".out")


def test_every_example_has_a_golden_output():
    missing = [str(p) for p in PROGRAMS if not golden_for(p).exists()]
    assert PROGRAMS and not missing


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example_prints_golden_output(program):
    result = run_cli("run", "--interp", program)
    assert result.returncode == 0, result.stderr
    assert result.stdout == golden_for(program).read_text(encoding="utf-8")
