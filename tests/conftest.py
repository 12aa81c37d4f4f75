"""Shared fixtures: run Simple programs in-process or through the installed CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples_spl"
GOLDEN = ROOT / "tests" / "golden"


def run_cli(*args, input_text=None, cwd=None, env=None, timeout=120):
    """``python -m spl_py ARGS`` as a subprocess; returns the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.pop("SPL_DEBUG", None)
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "spl_py", *map(str, args)], capture_output=True,
                          text=True, input=input_text, cwd=cwd or ROOT, env=full_env, timeout=timeout)


@pytest.fixture
def spl_file(tmp_path):
    """Write a Simple program to a temporary file and return its path."""
    def write(source: str, name: str = "prog.spl") -> Path:
        path = tmp_path / name
        path.write_text(source, encoding="utf-8")
        return path
    return write
