"""``spl-py test``: run Simple spec files (``*_spec.spl``) written with the SSpec DSL.

Each file is run once to collect its ``describe``/``it`` tree (see
``natives/sspec_natives.py``); then every example runs with the ``before_each`` hooks of
its groups (outermost first) and the ``after_each`` hooks (innermost first).  Output
follows pytest: one character per example (``.`` passed, ``F`` failed, ``s`` skipped),
then each failure with its expectation, both values and the ``.spl`` line, then a
summary line ``N passed, N failed``.  The exit code is 1 when anything failed.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, TextIO

from .errors import SplError, SplSyntaxError, source_line
from .natives import sspec_natives as dsl
from .runtime import builtins as _builtins

__all__ = ["run_spec_paths", "discover", "SpecResult"]


@dataclass
class Failure:
    name: str
    message: str
    filename: str
    line: int
    source: Optional[str] = None
    expected: Optional[str] = None
    actual: Optional[str] = None
    trace: list = field(default_factory=list)
    output: str = ""  # what the example printed (captured)


class _Capture:
    """Swap sys.stdout for a buffer while an example runs (like pytest's capture), so
    the dots stay on one line; the text is shown only for failures."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.buffer = None
        self.saved = None

    def __enter__(self):
        if self.enabled:
            import io
            self.saved = sys.stdout
            self.buffer = io.StringIO()
            sys.stdout = self.buffer
        return self

    def __exit__(self, *exc):
        if self.enabled:
            sys.stdout = self.saved
        return False

    @property
    def text(self) -> str:
        return self.buffer.getvalue() if self.buffer is not None else ""


@dataclass
class SpecResult:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    errors: int = 0  # files that failed to load
    failures: list = field(default_factory=list)
    no_files: bool = False

    @property
    def exit_code(self) -> int:
        if self.no_files:
            return 2
        return 1 if self.failed or self.errors else 0


_SKIP_DIRS = {"build", "dist", "node_modules", "venv", "__pycache__", "site-packages"}


def _skipped(parts) -> bool:
    """Folders a search never enters (pytest's norecursedirs): hidden ones, build
    output, virtual environments."""
    return any(d.startswith(".") or d in _SKIP_DIRS or d.endswith(".egg-info") for d in parts)


def discover(paths) -> list[Path]:
    """Spec files under ``paths`` (files are taken as given; folders are searched for
    ``*_spec.spl``, skipping hidden, build and virtual-environment folders), sorted,
    without duplicates."""
    out: list[Path] = []
    for p in paths or ["."]:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*_spec.spl")
                              if not _skipped(f.relative_to(p).parts[:-1])))
        else:
            out.append(p)
    seen, unique = set(), []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _matches(name: str, pattern: Optional[str]) -> bool:
    """``-k``: case-insensitive substring of the full example name; ``not X``,
    ``A and B``, ``A or B`` combine like pytest's keyword expressions."""
    if not pattern:
        return True
    name = name.lower()

    def term(t: str) -> bool:
        t = t.strip()
        if t.startswith("not "):
            return not term(t[4:])
        return t.lower() in name

    return any(all(term(a) for a in alt.split(" and ")) for alt in pattern.split(" or "))


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, ValueError):
        return a == b


def _located(exc: BaseException) -> BaseException:
    """An exception escaping transpiled code carries no .spl position yet: recover it
    from the Python traceback (the transpiler compiles with .spl lines)."""
    if getattr(exc, "span", None) is not None:
        return exc
    from .runtime import trace
    converted = trace.to_runtime_error(exc)
    return converted if converted is not None else exc


def _locate(exc: BaseException, spec_file: str) -> tuple[str, int, Optional[str], list]:
    """(filename, line, source, frames) of an error: the innermost frame inside the spec
    file when the failure happened in code it called."""
    exc = _located(exc)
    filename = getattr(exc, "filename", spec_file)
    span = getattr(exc, "span", None)
    line = span.line if span is not None else 0
    source = getattr(exc, "source", None)
    frames = list(getattr(exc, "frames", None) or reversed(getattr(exc, "trace", None) or []))
    if not _same_file(filename, spec_file):
        for fr in reversed(frames):
            if _same_file(fr.filename, spec_file):
                return fr.filename, fr.line, fr.source, frames
    return filename, line, source, frames


def _expectation_of(exc: BaseException):
    e = exc
    while e is not None:
        if isinstance(e, dsl.ExpectationFailed):
            return e
        e = e.__cause__
    return None


def _failure(name: str, exc: BaseException, spec_file: str) -> Failure:
    exc = _located(exc)
    filename, line, source, frames = _locate(exc, spec_file)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    f = Failure(name, message, filename, line, source, trace=frames)
    ef = _expectation_of(exc)
    if ef is not None:
        from .runtime.formatting import to_text
        f.actual = to_text(ef.actual)
        if ef.has_expected:
            f.expected = to_text(ef.expected)
        f.message = ef.message
        f.matcher = ef.matcher
    return f


class _Runner:
    def __init__(self, out: TextIO, k: Optional[str], backend: str = "auto", capture: bool = True):
        self.out = out
        self.k = k
        self.backend = backend
        self.capture = capture
        self.result = SpecResult()
        self.column = 0

    def mark(self, ch: str) -> None:
        self.out.write(ch)
        self.column += 1
        if self.column >= 80:
            self.out.write("\n")
            self.column = 0
        self.out.flush()

    def load(self, path: Path) -> None:
        """Run the spec file once (collecting its examples).  Through the transpiler the
        spec file itself is compiled afresh, never cached: its code binds the DSL names
        that are builtins only during a test run."""
        from .api import run_file
        if self.backend == "interp":
            run_file(path, backend="interp")
            return
        from . import transpile_run
        from .runtime.builtins import set_program_args
        set_program_args([])
        compiled = transpile_run.load_code(Path(path), str(path), False, use_cache=False)
        transpile_run.TranspiledProgram(False, use_cache=True).run_code(compiled, str(path))

    def run_file(self, path: Path) -> None:
        dsl.reset(collect=True)
        saved = {n: _builtins.BUILTINS.get(n) for n in dsl.DSL}
        _builtins.BUILTINS.update(dsl.DSL)  # spec files may use the DSL without importing it
        try:
            cap = _Capture(self.capture)
            try:
                with cap:
                    self.load(path)
            except SplError as exc:
                self.result.errors += 1
                self.mark("E")
                if isinstance(exc, SplSyntaxError):
                    f = Failure(f"{path} (syntax error)", exc.format(), str(path), 0)
                else:
                    f = _failure(f"{path} (while loading)", exc, str(path))
                f.output = cap.text
                self.result.failures.append(f)
                return
            spec_file = str(path)
            for ex in list(dsl.root().examples()):
                if _matches(ex.full_name(), self.k):
                    self.run_example(ex, spec_file)
        finally:
            dsl.reset(collect=False)
            for n, v in saved.items():
                if v is None:
                    _builtins.BUILTINS.pop(n, None)
                else:
                    _builtins.BUILTINS[n] = v

    def run_example(self, ex: dsl.Example, spec_file: str) -> None:
        if ex.skip:
            self.result.skipped += 1
            self.mark("s")
            return
        chain = []
        g = ex.group
        while g is not None:
            chain.append(g)
            g = g.parent
        chain.reverse()
        error: Optional[BaseException] = None
        cap = _Capture(self.capture)
        with cap:
            try:
                for grp in chain:
                    for hook in grp.before:
                        hook()
                ex.body()
            except Exception as exc:  # noqa: BLE001 - every failure of an example is reported
                error = exc
            for grp in reversed(chain):
                for hook in grp.after:
                    try:
                        hook()
                    except Exception as exc:  # noqa: BLE001
                        error = error or exc
        if error is None:
            self.result.passed += 1
            self.mark(".")
        else:
            self.result.failed += 1
            self.mark("F")
            f = _failure(ex.full_name(), error, spec_file)
            f.output = cap.text
            self.result.failures.append(f)

    def report(self, elapsed: float) -> None:
        out = self.out
        if self.column:
            out.write("\n")
        r = self.result
        if r.failures:
            out.write("\n" + "=" * 30 + " FAILURES " + "=" * 30 + "\n")
        for f in r.failures:
            out.write(f"\n___ {f.name} ___\n")
            where = f"{f.filename}:{f.line}" if f.line else f.filename
            out.write(f"{where}\n")
            text = source_line(f.source, f.line) if (f.source and f.line) else None
            if text is not None:
                out.write(f"    {text.strip()}\n")
            if f.expected is None and f.actual is None:
                out.write(f"error: {f.message}\n")
            else:  # (check / expect_not say "check failed: ..." themselves)
                head = f"{getattr(f, 'matcher', 'expectation')} failed: "
                out.write(f"{f.message if f.message.startswith(head) else head + f.message}\n")
            if f.expected is not None:
                out.write(f"  expected: {f.expected}\n")
            if f.actual is not None:
                out.write(f"  actual:   {f.actual}\n")
            if f.output:
                out.write("----- captured output -----\n" + f.output)
                if not f.output.endswith("\n"):
                    out.write("\n")
        parts = [f"{r.passed} passed", f"{r.failed} failed"]
        if r.skipped:
            parts.append(f"{r.skipped} skipped")
        if r.errors:
            parts.append(f"{r.errors} error{'s' if r.errors != 1 else ''}")
        out.write(f"{', '.join(parts)} in {elapsed:.2f}s\n")
        out.flush()


def run_specs(paths, k: Optional[str] = None, out: Optional[TextIO] = None,
              backend: str = "auto", capture: bool = True) -> SpecResult:
    """Run the spec files under ``paths``; returns the counts and failures.  ``backend``
    as for ``api.run_file`` (``"interp"``, or ``"auto"``/``"transpile"``); with
    ``capture`` what examples print is kept and shown only for failures."""
    out = out or sys.stdout
    runner = _Runner(out, k, backend, capture)
    start = time.perf_counter()
    files = discover(paths)
    if not files:
        where = ", ".join(str(p) for p in paths) if paths else "."
        out.write(f"no *_spec.spl files found under {where}\n")
        runner.result.no_files = True
        return runner.result
    for path in files:
        if not path.is_file():
            runner.result.errors += 1
            runner.result.failures.append(Failure(str(path), "no such file", str(path), 0))
            continue
        runner.run_file(path)
    runner.report(time.perf_counter() - start)
    return runner.result


def run_spec_paths(paths, k: Optional[str] = None, backend: str = "auto",
                   capture: bool = True) -> int:
    """``spl-py test [PATH...] [-k PATTERN] [--interp] [-s]``: the exit code (0 all
    passed, 1 a failure or a file that did not load, 2 no spec files found)."""
    from .threads import frames_for, run_with_big_stack
    result = run_with_big_stack(run_specs, list(paths or []), k, None, backend, capture, frames=frames_for(backend))
    return result.exit_code


def main(argv=None) -> int:
    """``python -m spl_py.testing [PATH...] [-k PATTERN]`` (same as ``spl-py test``)."""
    import argparse
    parser = argparse.ArgumentParser(prog="spl-py test", description="Run Simple *_spec.spl files.")
    parser.add_argument("paths", nargs="*", help="spec files or folders (default: .)")
    parser.add_argument("-k", dest="k", help="only examples whose name contains PATTERN")
    parser.add_argument("--interp", action="store_true", help="use the tree-walking interpreter")
    parser.add_argument("-s", dest="no_capture", action="store_true",
                        help="let examples print directly instead of capturing their output")
    args = parser.parse_args(argv)
    return run_spec_paths(args.paths, args.k, "interp" if args.interp else "auto",
                          capture=not args.no_capture)


if __name__ == "__main__":
    sys.exit(main())
