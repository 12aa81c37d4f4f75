"""Error families.

User errors (``SplLanguageError`` and subclasses) carry a message, a span, the file name and
the source text, and render themselves in one format used by the CLI, the REPL and the
language server::

    prog.spl:3:9: error: expected an expression, found ')'
        val x = )
                ^
    hint: ...

Runtime errors additionally carry a Simple-level stack trace (one frame per call).
``SplInternalError`` marks a bug in spl-py itself and is never the user's fault.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # only for annotations: importing spl_py.ast costs ~70 ms of start-up
    from .ast import Span


class SplError(Exception):
    """Base of every error spl-py raises on purpose."""


def source_lines(source: str) -> list[str]:
    """The lines of a source text as the lexer numbers them: split at "\n" only (a form
    feed or U+2028 inside a string or comment does not start a line)."""
    return source.replace("\r\n", "\n").split("\n")


def source_line(source: Optional[str], line: int) -> Optional[str]:
    if not source or line < 1:
        return None
    lines = source_lines(source)
    if line > len(lines):
        return None
    return lines[line - 1]


def caret_block(source: Optional[str], span: Optional[Span]) -> list[str]:
    """The source line of ``span`` indented by four spaces, then a caret under its column."""
    if span is None:
        return []
    text = source_line(source, span.line)
    if text is None:
        return []
    expanded = text.expandtabs(4)
    prefix = text[: max(span.col - 1, 0)].expandtabs(4)
    width = 1
    if span.end_line == span.line and span.end_col > span.col:
        width = len(text[span.col - 1: span.end_col - 1].expandtabs(4)) or 1
    return ["    " + expanded.rstrip("\n"), "    " + " " * len(prefix) + "^" * width]


class SplLanguageError(SplError):
    """An error in the user's program, with a position."""

    kind = "error"

    def __init__(self, message: str, span: Optional[Span] = None, filename: str = "<input>",
                 source: Optional[str] = None, hint: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.span = span
        self.filename = filename
        self.source = source
        self.hint = hint

    @property
    def line(self) -> int:
        return self.span.line if self.span else 0

    @property
    def col(self) -> int:
        return self.span.col if self.span else 0

    def location(self) -> str:
        if self.span is None:
            return self.filename
        return f"{self.filename}:{self.span.line}:{self.span.col}"

    def format(self) -> str:
        out = [f"{self.location()}: {self.kind}: {self.message}"]
        out.extend(caret_block(self.source, self.span))
        if self.hint:
            out.append(f"hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.format()


class SplSyntaxError(SplLanguageError):
    def __init__(self, message, span=None, filename="<input>", source=None, hint=None,
                 expected: frozenset = frozenset()):
        super().__init__(message, span, filename, source, hint)
        self.expected = expected


def nested_too_deeply(body, filename: str, source: str) -> SplSyntaxError:
    """The error for a program a recursive pass (checker, compilers) could not go through,
    at its most deeply nested statement of ``body``."""
    from .ast import deepest_statement

    span = deepest_statement(body).span if body else None
    return SplSyntaxError("expression nested too deeply", span, filename, source)


class SplNameError(SplLanguageError):
    pass


class SplTypeError(SplLanguageError):
    pass


class SplImportError(SplLanguageError):
    pass


class SplWarning(SplLanguageError):
    kind = "warning"


class Frame:
    """One entry of a Simple stack trace: where a call was executing.  (A plain class:
    importing ``dataclasses`` would cost every ``spl-py run`` ~4 ms of start-up.)"""
    __slots__ = ("filename", "line", "function", "source")

    def __init__(self, filename: str, line: int, function: str, source: Optional[str] = None):
        self.filename = filename
        self.line = line
        self.function = function
        self.source = source  # the module's whole source text

    def __eq__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return (self.filename, self.line, self.function, self.source) == \
            (other.filename, other.line, other.function, other.source)

    def __repr__(self):
        return f"Frame(filename={self.filename!r}, line={self.line!r}, function={self.function!r})"


SHOWN_FRAMES = 10


class SplRuntimeError(SplLanguageError):
    """A failure while running a program.  ``frames`` lists the Simple call stack,
    outermost first; the position of the error itself is ``span``/``filename``."""

    def __init__(self, message: str, span: Optional[Span] = None, filename: str = "<input>",
                 source: Optional[str] = None, hint: Optional[str] = None,
                 frames: Optional[list[Frame]] = None):
        super().__init__(message, span, filename, source, hint)
        self.frames: list[Frame] = frames or []

    def format(self) -> str:
        out = []
        if self.frames:
            out.append("Traceback (most recent call last):")
            frames = self.frames
            if len(frames) > 2 * SHOWN_FRAMES:  # deep recursion: the ends tell the story
                hidden = len(frames) - 2 * SHOWN_FRAMES
                frames = frames[:SHOWN_FRAMES] + [None] + frames[-SHOWN_FRAMES:]
            for fr in frames:
                if fr is None:
                    out.append(f"  ... {hidden} more frames ...")
                    continue
                out.append(f"  {fr.filename}:{fr.line} in {fr.function}")
                text = source_line(fr.source, fr.line)
                if text is not None:
                    out.append("    " + text.strip())
        elif self.span is not None:
            out.append(f"{self.location()}:")
            text = source_line(self.source, self.span.line)
            if text is not None:
                out.append("    " + text.strip())
        out.append(f"error: {self.message}")
        if self.hint:
            out.append(f"hint: {self.hint}")
        return "\n".join(out)


class SplFileError(SplError):
    """A source file that cannot be read."""


class SplInternalError(SplError):
    """A bug in spl-py: raised when spl-py's own code fails unexpectedly."""

    def __init__(self, message: str):
        super().__init__(f"internal error (this is a bug in spl-py): {message}")
