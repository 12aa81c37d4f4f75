"""Symbol tables built by the checker and read by the language server.

A :class:`ModuleSymbols` holds one module's scopes (module, functions, lambdas,
comprehensions), each mapping a name to a :class:`Symbol` (kind, position, signature), the
module's classes as :class:`ClassInfo`, and every resolved name use (``references``) so an
editor can answer hover, go-to-definition and completion without re-resolving.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import ast as A
from .ast import type_text
from .errors import source_lines
from .runtime.builtins import BUILTIN_NAMES

# Members every object answers to (runtime.methods._PRESENT and the printing hook).
COMMON_MEMBERS = frozenset({"expect", "is_none", "is_present", "is_some", "to_string", "to_text",
                            "unwrap", "unwrap_or", "unwrap_or_else"})


@dataclass(frozen=True)
class ParamInfo:
    name: str
    has_default: bool = False
    type: str = ""
    variadic: bool = False

    def text(self) -> str:
        out = self.name + (f": {self.type}" if self.type else "") + ("..." if self.variadic else "")
        return out + (" = ..." if self.has_default else "")


@dataclass(frozen=True)
class Signature:
    """What a call may pass: ``label`` names the callee in messages (``f``, ``Point.norm``,
    ``Point``); ``constructor`` selects the field wording of Decision 7."""
    label: str
    params: tuple[ParamInfo, ...]
    ret: Optional[A.TypeExpr] = None
    constructor: bool = False

    @staticmethod
    def of(label: str, params: tuple, ret=None) -> "Signature":
        return Signature(label, tuple(ParamInfo(p.name, p.default is not None, type_text(p.type), p.variadic)
                                      for p in params), ret)

    def text(self, prefix: str = "fn") -> str:
        ret = f" -> {type_text(self.ret)}" if self.ret is not None else ""
        return f"{prefix} {self.label}({', '.join(p.text() for p in self.params)}){ret}"


@dataclass(eq=False)
class Symbol:
    """A named thing.  ``kind`` is one of: function, extern, method, class, struct, enum,
    trait, type, variable, parameter, field, variant, module, import, builtin.  ``span``
    is the position of the name where it is defined (``NO_SPAN`` for builtins)."""
    name: str
    kind: str
    span: A.Span = A.NO_SPAN
    filename: str = ""
    detail: str = ""
    doc: Optional[str] = None
    mutable: bool = False
    signature: Optional[Signature] = None
    info: Optional["ClassInfo"] = None          # class/struct/enum/trait symbols
    value_class: Optional["ClassInfo"] = None   # variables whose class is known statically
    module: Optional[object] = None             # ``use a.b`` binds ``b``: a checker_imports.ModuleInfo
    target: Optional["Symbol"] = None           # what an imported name refers to
    home: Optional["Scope"] = None              # the module scope the symbol was declared in
    method_kind: str = ""                       # fn / me / static for methods
    has_default: bool = False                   # fields and parameters with ``= default``
    node: Optional[A.Node] = None               # the declaring node, where there is one

    def resolved(self) -> "Symbol":
        sym = self
        for _ in range(32):
            if sym.target is None:
                return sym
            sym = sym.target
        return sym


@dataclass(eq=False)
class ClassInfo:
    """A class, struct, enum or trait with everything attached to it (impl blocks and the
    default methods of implemented traits included)."""
    name: str
    kind: str
    span: A.Span
    filename: str
    fields: dict[str, Symbol] = field(default_factory=dict)
    methods: dict[str, Symbol] = field(default_factory=dict)
    variants: dict[str, Symbol] = field(default_factory=dict)
    bases: list["ClassInfo"] = field(default_factory=list)
    has_init: bool = False
    open: bool = False   # an unknown base or trait: members cannot be listed completely
    doc: Optional[str] = None

    def all_fields(self) -> list[Symbol]:
        out: dict[str, Symbol] = {}
        for base in self.bases:
            for f in base.all_fields():
                out.setdefault(f.name, f)
        for name, f in self.fields.items():
            out.setdefault(name, f)
        return list(out.values())

    def method(self, name: str) -> Optional[Symbol]:
        if name in self.methods:
            return self.methods[name]
        for base in self.bases:
            m = base.method(name)
            if m is not None:
                return m
        return None

    def member(self, name: str) -> Optional[Symbol]:
        for f in self.all_fields():
            if f.name == name:
                return f
        return self.method(name)

    def members(self) -> dict[str, Symbol]:
        out = {f.name: f for f in self.all_fields()}
        for base in self.bases:
            for k, v in base.members().items():
                out.setdefault(k, v)
        out.update(self.methods)
        return out

    def is_closed(self) -> bool:
        """Whether every member is known (so a missing one is an error)."""
        return (self.kind in ("class", "struct") and not self.has_init and not self.open
                and all(b.is_closed() for b in self.bases))

    def constructor(self) -> Optional[Signature]:
        if self.kind not in ("class", "struct") or self.open or any(b.open for b in self.bases):
            return None
        init = self.method("__init__")
        if init is not None:
            sig = init.signature
            return Signature(self.name, sig.params, constructor=False) if sig else None
        params = tuple(ParamInfo(f.name, f.has_default, "")
                       for f in self.all_fields())
        return Signature(self.name, params, constructor=True)


@dataclass(eq=False)
class Scope:
    """One level of name binding: ``module``, ``function``, ``method``, ``lambda`` or
    ``comprehension``."""
    kind: str
    name: str
    span: A.Span
    parent: Optional["Scope"] = None
    symbols: dict[str, Symbol] = field(default_factory=dict)
    children: list["Scope"] = field(default_factory=list)
    class_info: Optional[ClassInfo] = None

    def lookup(self, name: str) -> Optional[Symbol]:
        scope: Optional[Scope] = self
        while scope is not None:
            sym = scope.symbols.get(name)
            if sym is not None:
                return sym
            scope = scope.parent
        return None

    def visible(self) -> dict[str, Symbol]:
        """Every name visible here, innermost first wins."""
        chain = []
        scope: Optional[Scope] = self
        while scope is not None:
            chain.append(scope)
            scope = scope.parent
        out: dict[str, Symbol] = {}
        for s in reversed(chain):
            out.update(s.symbols)
        return out

    def contains(self, line: int, col: int) -> bool:
        s = self.span
        if s.line == 0:
            return False
        end_line = s.end_line or s.line
        if (line, col) < (s.line, s.col):
            return False
        return s.end_line == 0 or (line, col) <= (end_line, s.end_col)


BUILTIN_SYMBOLS: dict[str, Symbol] = {n: Symbol(n, "builtin", detail=f"builtin {n}")
                                      for n in sorted(BUILTIN_NAMES)}


@dataclass(eq=False)
class ModuleSymbols:
    """The checker's result for one module, for tools."""
    filename: str
    scope: Scope
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    references: list[tuple[A.Span, Symbol]] = field(default_factory=list)
    exports: Optional[list[str]] = None
    unknown_star: bool = False   # a ``use m.*`` of an unreadable module: names may come from it

    @property
    def globals(self) -> dict[str, Symbol]:
        return self.scope.symbols

    def scope_at(self, line: int, col: int) -> Scope:
        """The innermost scope containing the 1-based position."""
        scope = self.scope
        while True:
            for child in scope.children:
                if child.contains(line, col):
                    scope = child
                    break
            else:
                return scope

    def visible_at(self, line: int, col: int) -> dict[str, Symbol]:
        """Names for completion at a position (builtins included)."""
        out = dict(BUILTIN_SYMBOLS)
        out.update(self.scope_at(line, col).visible())
        return out

    def symbol_at(self, line: int, col: int) -> Optional[Symbol]:
        """The symbol used or defined at a position (for hover and go-to-definition)."""
        for span, sym in self.references:
            if span.line == line and span.col <= col < max(span.end_col, span.col + 1):
                return sym
        for sym in _all_symbols(self.scope):
            s = sym.span
            if s.line == line and s.col <= col < max(s.end_col, s.col + 1):
                return sym
        return None


def _all_symbols(scope: Scope):
    yield from scope.symbols.values()
    for child in scope.children:
        yield from _all_symbols(child)


# ------------------------------------------------------------------ name positions

_DECL_WORDS = r"(?:fn|me|class|struct|enum|trait|type|impl|static\s+fn|extern\s+fn)"


def name_span(source: str, span: A.Span, name: str, after_keyword: bool = True) -> A.Span:
    """The position of ``name`` in the declaration starting at ``span`` (declaration spans
    start at the keyword or at a preceding attribute)."""
    if span.line == 0 or not source:
        return span
    lines = source_lines(source)
    word = re.escape(name)
    pattern = re.compile((_DECL_WORDS + r"\s+" if after_keyword else "") + r"\b(" + word + r")\b")
    last = min(len(lines), max(span.end_line, span.line) + 1, span.line + 20)
    for ln in range(span.line, last + 1):
        text = lines[ln - 1]
        start = span.col - 1 if ln == span.line else 0
        m = pattern.search(text, start)
        if m:
            col = m.start(1) + 1
            return A.Span(ln, col, ln, col + len(name))
    return A.Span(span.line, span.col, span.line, span.col + 1)


class Reporter:
    """Collects the diagnostics of one file (``SplLanguageError`` instances)."""

    def __init__(self, filename: str, source: str):
        self.filename = filename
        self.source = source
        self.diagnostics: list = []
        self._seen: set = set()

    def add(self, cls, message: str, span: Optional[A.Span], hint: Optional[str] = None) -> None:
        key = (cls.kind, message, span.line if span else 0, span.col if span else 0)
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(cls(message, span, self.filename, self.source, hint=hint))

    def error(self, message: str, span, hint=None, cls=None) -> None:
        from .errors import SplNameError
        self.add(cls or SplNameError, message, span, hint)

    def type_error(self, message: str, span, hint=None) -> None:
        from .errors import SplTypeError
        self.add(SplTypeError, message, span, hint)

    def warning(self, message: str, span, hint=None) -> None:
        from .errors import SplWarning
        self.add(SplWarning, message, span, hint)


def close_matches(name: str, candidates) -> Optional[str]:
    """The "did you mean ...?" hint for a misspelt name, or None."""
    import difflib
    found = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.66)
    return f"did you mean {found[0]}?" if found else None
