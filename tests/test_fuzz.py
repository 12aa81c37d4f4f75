"""Fuzzing: mutated example programs never crash the parser (or the interpreter).

``parse()`` must return a Module or raise SplSyntaxError -- never a Lark exception, a
RecursionError, a ValueError from number parsing, an AssertionError... .  The second test
runs mutated programs through the interpreter, where only Simple's own error families may
escape.  Both use a fixed seed (``derandomize=True``) so CI runs are reproducible.
"""
from __future__ import annotations

import contextlib
import io
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_strategies import corpus, mutated_programs
from spl_py import ast as A
from spl_py.errors import SplLanguageError, SplRuntimeError, SplSyntaxError
from spl_py.parser import parse

FUZZ = settings(max_examples=2000, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_parse(source: str) -> None:
    try:
        module = parse(source, "fuzz.spl")
    except SplSyntaxError as error:
        text = error.format()  # formatting must not fail either
        assert text.startswith("fuzz.spl")
        assert error.span is None or error.span.line >= 1
        return
    assert isinstance(module, A.Module)


@FUZZ
@given(mutated_programs())
def test_mutated_programs_parse_or_raise_syntax_error(source):
    check_parse(source)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list("()[]{}:,.\\\"'\n \t#=+-*/<>|?@abfinvlx019")), max_size=60))
def test_random_token_soup(source):
    check_parse(source)


def test_corpus_is_not_empty_and_parses():
    programs = corpus()
    assert programs
    for text in programs:
        parse(text, "corpus.spl")


# ----------------------------------------------------------------------------- interpreter

def _run_source():
    try:
        import spl_py.interpreter  # noqa: F401
        from spl_py import api
    except ImportError:
        return None
    return getattr(api, "run_source", None)


class _Timeout(BaseException):
    """Raised by the alarm below; a BaseException so the interpreter does not catch it."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    if not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        # Re-arm first: if the exception lands somewhere that swallows it (a gc callback),
        # it is raised again shortly after.
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _loop_free(source: str) -> bool:
    # Mutations easily turn a loop into an endless one; the alarm is the safety net.
    return not any(word in source for word in ("while", "loop", "input("))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.skipif(_run_source() is None, reason="spl_py.interpreter / api.run_source not available")
@settings(max_examples=150, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(mutated_programs(max_mutations=2).filter(_loop_free))
def test_mutated_programs_run_or_raise_spl_errors(source):
    run_source = _run_source()
    out = io.StringIO()
    try:
        with _time_limit(0.5), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            run_source(source, "fuzz.spl", backend="interp")
    except (SplSyntaxError, SplRuntimeError, SplLanguageError):
        pass
    except _Timeout:
        pass  # a mutated program that runs too long is not a failure
