"""The interpreter's small machinery: control signals, scopes, module context, and the two
wrappers that turn failures into Simple errors with a stack trace.

A failure deep inside an expression surfaces as ``SplPanic`` or a Python exception; the
innermost statement wrapper (:func:`located`) turns it into an ``SplRuntimeError`` at that
statement's position.  While it propagates, every function wrapper records one frame with
the line its body was executing, and every statement wrapper of a caller supplies the
caller's line.  Nothing is recorded on the happy path (``try`` is free in CPython 3.11).
"""
from __future__ import annotations

from typing import Callable, Optional

from .errors import Frame, SplError, SplRuntimeError
from .runtime import ops
from .runtime.panic import SplPanic
from .runtime.trace import describe
from .scopes import PatternFacts, module_pattern_names

PARENT = "\x00parent"  # key of the defining function's environment in an environment dict


class Ret:
    """``return v`` (or a function body's last expression)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Tail(Ret):
    """The last expression of a block used for its value (``val x = if c:`` + blocks)."""
    __slots__ = ()


class _Signal:
    __slots__ = ("name", "value")

    def __init__(self, name):
        self.name = name
        self.value = None

    def __repr__(self):
        return self.name


BREAK = _Signal("break")
CONTINUE = _Signal("continue")


class EarlyReturn(Exception):
    """A ``return`` inside a block-valued expression, or ``expr?`` propagating Err/nil:
    unwinds to the enclosing function, which returns ``signal.value``."""

    def __init__(self, signal):
        super().__init__()
        self.signal = signal


class Scope:
    """Names bound in one function body: name -> True (var) / False (val)."""
    __slots__ = ("names", "parent")

    def __init__(self, parent: Optional["Scope"], names: dict[str, bool]):
        self.parent = parent
        self.names = names

    def depth_of(self, name: str) -> Optional[int]:
        scope, depth = self, 0
        while scope is not None:
            if name in scope.names:
                return depth
            scope, depth = scope.parent, depth + 1
        return None

    def is_mutable(self, name: str) -> Optional[bool]:
        scope = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None

    def declare(self, name: str, mutable: bool) -> None:
        self.names.setdefault(name, mutable)


class ModuleContext:
    """Per-module facts the compiled closures need."""

    def __init__(self, name: str, filename: str, source: str, globals_: dict,
                 declared: dict[str, bool], importer: Callable, program=None):
        self.name = name
        self.filename = filename
        self.source = source
        self.globals = globals_
        self.globals_get = globals_.get  # one bound method for all compiled global lookups
        self.declared = declared
        self.importer = importer
        self.program = program
        self.class_has_init = False
        self.body: tuple = ()  # the module's statements (for pattern_names)
        self._pattern_names: PatternFacts | None = None

    @property
    def pattern_names(self) -> PatternFacts:
        """scopes.module_pattern_names of the module, worked out when a pattern first asks."""
        if self._pattern_names is None:
            self._pattern_names = module_pattern_names(self.body)
        return self._pattern_names

    def declares(self, name: str) -> bool:
        return name in self.declared

    def is_mutable(self, name: str) -> Optional[bool]:
        return self.declared.get(name)

    def is_val(self, name: str) -> bool:
        return self.declared.get(name) is False


def runtime_error(exc: BaseException, span, ctx: ModuleContext) -> SplRuntimeError:
    message, hint = describe(exc)
    error = SplRuntimeError(message, span, ctx.filename, ctx.source, hint=hint)
    error.pending_line = span.line if span is not None else 0
    error.trace = []
    return error


def located(fn, span, ctx: ModuleContext):
    """Wrap a statement closure (or an expression closure standing for a statement) so
    failures inside it carry ``span``; its result passes through."""
    def run_located(env, fn=fn, span=span, ctx=ctx):
        try:
            return fn(env)
        except Exception as exc:  # noqa: BLE001 - every failure is reported in Simple terms
            reraise_at(exc, span, ctx, span.line)
    return run_located


# ---------------------------------------------------------------- statement closures
#
# The commonest statements catch failures themselves (one Python call less per statement
# than through located()).  Their try/except repeats located()'s on purpose: sharing it
# through a helper would put that call back on every statement run.  They bind their values
# as default arguments, as the interpreter's closures do.

_new = object.__new__


def expression_statement(value, span, ctx):
    def run_expr(env, value=value, span=span, ctx=ctx):
        try:
            value(env)
        except Exception as exc:  # noqa: BLE001 - as located()
            reraise_at(exc, span, ctx, span.line)
    return run_expr


def local_assignment(name, value, span, ctx):
    """``name = value`` into ``env`` itself (see NameCompiler.store_depth)."""

    def assign_local(env, name=name, value=value, span=span, ctx=ctx):
        try:
            env[name] = value(env)
        except Exception as exc:  # noqa: BLE001 - as located()
            reraise_at(exc, span, ctx, span.line)
    return assign_local


def index_assignment(obj, index, value, span, ctx):
    """``obj[index] = value`` (value first, as assign_target's store_index), in-range list
    elements stored inline."""
    def assign_index(env, obj=obj, index=index, value=value, span=span, ctx=ctx, set_index=ops.set_index):
        try:
            v = value(env)
            o = obj(env)
            i = index(env)
            if type(o) is list and type(i) is int and 0 <= i < len(o):
                o[i] = v
            else:
                set_index(o, i, v)
        except Exception as exc:  # noqa: BLE001 - as located()
            reraise_at(exc, span, ctx, span.line)
    return assign_index


def assignment(store, value, span, ctx):

    def assign(env, ctx=ctx, span=span, store=store, value=value):
        try:
            store(env, value(env))
        except Exception as exc:  # noqa: BLE001 - as located()
            reraise_at(exc, span, ctx, span.line)
    return assign


def signalling(value, kind, span, ctx):
    """A statement producing ``kind(value)`` (Ret for ``return v``, Tail/Ret for a block's
    last expression), allocated without a Python-level ``__init__`` call."""
    def produce(env, value=value, kind=kind, span=span, ctx=ctx):
        try:
            v = value(env)
        except Exception as exc:  # noqa: BLE001 - as located()
            reraise_at(exc, span, ctx, span.line)
        signal = _new(kind)
        signal.value = v
        return signal
    return produce


def reraise_at(exc: Exception, span, ctx: ModuleContext, line: int):
    """Raise what a statement at ``span`` reports for ``exc`` (see :func:`relocate`)."""
    error = relocate(exc, span, ctx, line)
    if error is exc:
        raise exc
    raise error from exc


def relocate(exc: Exception, span, ctx: ModuleContext, line: int) -> Exception:
    """What :func:`located` raises for ``exc``, for statement closures that catch failures
    themselves (one Python call less per statement): ``exc`` itself (re-raise it) or a new
    error (raise it ``from exc``).  BaseExceptions (Ctrl-C, exit) are never caught there."""
    if isinstance(exc, SplRuntimeError):
        if getattr(exc, "pending_line", 0) is None:
            exc.pending_line = line
        return exc
    if isinstance(exc, (EarlyReturn, BrokenPipeError)):
        return exc
    if isinstance(exc, SplError) and not isinstance(exc, SplPanic):
        return exc
    return runtime_error(exc, span, ctx)


def function_frame(error: SplRuntimeError, function: str, ctx: ModuleContext, def_line: int) -> None:
    """Record the frame of ``function`` on an error leaving it."""
    line = getattr(error, "pending_line", None) or def_line
    if not hasattr(error, "trace"):
        error.trace = []
    error.trace.append(Frame(ctx.filename, line, function, ctx.source))
    error.pending_line = None


def finish_trace(error: SplRuntimeError, ctx: ModuleContext, function: str = "<module>") -> None:
    """At the outermost level: record the module frame and fix the frame order."""
    if getattr(error, "pending_line", None) is not None or not getattr(error, "trace", None):
        function_frame(error, function, ctx, error.line)
    error.frames = list(reversed(error.trace))


def _reserved(run, env):
    return run(env)


# CPython (3.11+) keeps Python frames in 16 KiB "data stack" chunks, mapped and unmapped as
# a recursion crosses a chunk's end: a recursive Simple function whose calls oscillate
# across such a boundary pays an mmap + munmap per call (fib(25) ran 2-6x slower, depending
# only on how deep the caller's stack happened to be).  A frame that claims ~128 Ki slots
# makes CPython start a fresh 2 MiB chunk with ~1 MiB free after it (only the pages used
# are touched), so the program's frames rarely reach a chunk boundary.
_reserved.__code__ = _reserved.__code__.replace(co_stacksize=(1 << 17) + 64)


def run_with_frame_room(run, env):
    """``run(env)`` from a frame with lots of free data-stack room after it."""
    return _reserved(run, env)
