"""Helpers shared by the transpiler tests: run Simple source under both back ends."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from spl_py.api import run_file
from spl_py.errors import SplError
from spl_py.threads import frames_for, run_with_big_stack

ROOT = Path(__file__).resolve().parent.parent


def run_backend(path: Path, backend: str, checked: bool = False, root: Path | None = None) -> tuple[str, str]:
    """(stdout, stderr + error report) of one in-process run of ``path``: from ``root``,
    with paths in the report relative to it, or else from the program's folder."""
    out, err = io.StringIO(), io.StringIO()
    report = ""
    cwd = os.getcwd()
    os.chdir(root if root is not None else path.parent)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                run_with_big_stack(run_file, path.relative_to(root) if root is not None else path.name, (),
                                   checked=checked, backend=backend, use_cache=False, frames=frames_for(backend))
            except SplError as error:
                report = str(error.format() if hasattr(error, "format") else error)
            sys.stdout.flush()
    finally:
        os.chdir(cwd)
    if root is not None:
        report = report.replace(str(root) + os.sep, "")
    return out.getvalue(), err.getvalue() + (report + "\n" if report else "")


def both(tmp_path: Path, source: str, name: str = "prog.spl", checked: bool = False):
    """Write ``source`` and run it under both back ends: ((out, err), (out, err))."""
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return run_backend(path, "interp", checked), run_backend(path, "transpile", checked)


def run_standalone(tmp_path: Path, source: str, name: str = "prog.spl") -> tuple[str, str, int]:
    """``spl-py transpile`` then ``python OUT.py`` (a fresh process): (stdout, stderr, rc)."""
    path = tmp_path / name
    if not path.exists():
        path.write_text(source, encoding="utf-8")
    out_dir = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "spl_py", "transpile", str(path), "--out-dir", str(out_dir)],
                   check=True, capture_output=True, cwd=ROOT)
    proc = subprocess.run([sys.executable, str(out_dir / (path.stem + ".py"))], capture_output=True,
                          text=True, cwd=tmp_path)
    return proc.stdout, proc.stderr, proc.returncode
