"""Both back ends on every example program and on the test corpus: byte-identical stdout
and the same error report (message, position, Simple stack trace).

``examples_spl/**/*.spl`` must match ``tests/golden/``; ``tests/programs/*.spl`` must
match their ``.out``/``.err`` files (written from the interpreter, the reference).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from spl_harness import run_backend

from spl_py.errors import SplError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples_spl").rglob("*.spl"))
PROGRAMS = sorted((ROOT / "tests" / "programs").glob("*.spl"))
STDLIB_SPECS = sorted((ROOT / "stdlib").rglob("*_spec.spl"))
_FRAMES = re.compile(r"\.\.\. \d+ more frames \.\.\.")


def run_program(path: Path, backend: str, checked: bool = False) -> tuple[str, str]:
    """(stdout, error report) of one run, in-process, with paths relative to the repo."""
    return run_backend(path, backend, checked, root=ROOT)


def normalise(report: str) -> str:
    """Deep recursion: the frame *count* depends on the back end's Python frames per
    Simple call; the frames shown and the message must agree."""
    return _FRAMES.sub("... N more frames ...", report)


def golden_for(path: Path) -> Path:
    rel = path.relative_to(ROOT / "examples_spl").with_suffix(".out")
    return ROOT / "tests" / "golden" / rel


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples_spl")))
def test_examples_both_backends(path):
    interp = run_program(path, "interp")
    transpiled = run_program(path, "transpile")
    assert transpiled == interp
    golden = golden_for(path)
    if golden.exists():
        assert transpiled[0] == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda p: p.name)
def test_program_corpus(path):
    checked = path.name.startswith("checked_")
    interp = run_program(path, "interp", checked)
    transpiled = run_program(path, "transpile", checked)
    assert transpiled[0] == interp[0], "stdout differs between back ends"
    assert normalise(transpiled[1]) == normalise(interp[1]), "error report differs"
    expected_out = path.with_suffix(".out").read_text(encoding="utf-8")
    err_file = path.with_suffix(".err")
    expected_err = err_file.read_text(encoding="utf-8") if err_file.exists() else ""
    assert transpiled[0] == expected_out
    assert normalise(transpiled[1]).rstrip("\n") == normalise(expected_err).rstrip("\n")


@pytest.mark.parametrize("path", STDLIB_SPECS, ids=lambda p: p.name)
def test_stdlib_specs_both_backends(path):
    """The stdlib's own spec files exercise much of the stdlib through both back ends."""
    assert run_program(path, "transpile") == run_program(path, "interp")


def test_corpus_has_failing_programs():
    failing = [p for p in PROGRAMS if p.with_suffix(".err").exists()]
    assert len(failing) >= 20


# ----------------------------------------------------------------------------- fuzzing

class _Timeout(BaseException):
    """A BaseException so neither back end reports it as a program error."""


def _fuzz_run(source: str, backend: str):
    import contextlib
    import signal

    from spl_py.api import run_source

    def on_alarm(signum, frame):
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise _Timeout()

    out = io.StringIO()
    report = ""
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            run_source(source, "fuzz.spl", backend=backend)
    except SplError as error:
        report = error.format() if hasattr(error, "format") else str(error)
    except (_Timeout, RecursionError):
        return None  # too slow, or nested too deeply for this (main) thread's stack
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return out.getvalue(), normalise(report)


try:
    from fuzz_strategies import mutated_programs
    from hypothesis import HealthCheck, given, settings
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    mutated_programs = None


if mutated_programs is not None:
    @pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
    @settings(max_examples=150, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.data_too_large])
    @given(mutated_programs(max_mutations=2).filter(
        lambda s: not any(w in s for w in ("while", "loop", "input(", "sys_args"))))
    def test_mutated_programs_same_under_both_backends(source):
        interp = _fuzz_run(source, "interp")
        transpiled = _fuzz_run(source, "transpile")
        if interp is None or transpiled is None:
            return  # one of them ran into the time limit
        assert transpiled == interp
