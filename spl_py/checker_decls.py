"""The checker's declaration pass and module graph.

``declare_module`` finds every top-level name of a module (functions, classes with their
fields and methods, enums, traits, imports, module variables) without looking inside
function bodies; it serves both the module being checked (with a :class:`Reporter`, so
duplicates and import problems are reported) and every module it imports (silently, to
know their exports and signatures).  :class:`ModuleGraph` resolves ``use`` paths exactly
like the loader, parses each module once, and finds import cycles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import ast as A
from .api import export_names
from .checker_symbols import (ClassInfo, ModuleSymbols, Reporter, Scope, Signature, Symbol,
                              close_matches, name_span, type_text)
from .errors import SplImportError, SplSyntaxError, source_lines
from .parser import parse_file
from .runtime.loader import ModuleNotFound, resolve_module


@dataclass(eq=False)
class ModuleInfo:
    """An imported module as the checker sees it."""
    name: str                      # dotted, as first imported (``lib.math``)
    path: Path
    symbols: Optional[ModuleSymbols] = None
    exports: dict[str, Symbol] = field(default_factory=dict)
    error: Optional[SplSyntaxError] = None
    partial: bool = False          # still being declared (an import cycle): exports unknown
    imports: list[tuple[A.Use, "ModuleInfo"]] = field(default_factory=list)


def dotted(path: tuple) -> str:
    path = tuple(path)
    if path and path[0] == "std":
        path = ("lib",) + path[1:]
    return ".".join(path)


class ModuleGraph:
    """Modules parsed and declared during one check (shared by the files of one run)."""

    def __init__(self):
        self.modules: dict[Path, ModuleInfo] = {}

    def load(self, path: tuple, importing_file: Optional[Path]) -> ModuleInfo:
        """The module named by ``path``; raises ``ModuleNotFound``."""
        file = resolve_module(path, importing_file)
        info = self.modules.get(file)
        if info is not None:
            return info
        info = ModuleInfo(dotted(path), file, partial=True)
        self.modules[file] = info
        try:
            tree, source = parse_file(file)
        except SplSyntaxError as error:
            info.error = error
            info.partial = False
            return info
        except OSError as error:
            info.error = SplSyntaxError(f"cannot read {file}: {error.strerror or error}", None, str(file))
            info.partial = False
            return info
        info.symbols = declare_module(tree, source, str(file), self, None, info)
        info.exports = module_exports(tree, info.symbols)
        info.partial = False
        return info

    def cycle_through(self, start: ModuleInfo, root: Optional[Path], root_name: str) -> Optional[list[str]]:
        """An import cycle reachable from ``start`` (names, first repeated at the end)."""
        stack: list[ModuleInfo] = []
        done: set[Path] = set()

        def name_of(m: ModuleInfo) -> str:
            return root_name if root is not None and m.path == root else m.name

        def visit(m: ModuleInfo) -> Optional[list[str]]:
            if any(s.path == m.path for s in stack):
                i = next(k for k, s in enumerate(stack) if s.path == m.path)
                return [name_of(s) for s in stack[i:]] + [name_of(m)]
            if m.path in done:
                return None
            stack.append(m)
            for _, child in m.imports:
                found = visit(child)
                if found:
                    return found
            stack.pop()
            done.add(m.path)
            return None
        return visit(start)


def module_exports(tree: A.Module, symbols: ModuleSymbols) -> dict[str, Symbol]:
    """What ``use`` can take from the module, as ``api.Program.execute`` computes it."""
    names = export_names(tree)
    symbols.exports = names
    top = symbols.scope.symbols
    if names is None:
        return dict(top)
    return {n: top[n] for n in names if n in top}


# ------------------------------------------------------------------ declaration pass

_TYPE_KINDS = (A.ClassDef, A.EnumDef, A.TraitDef, A.TypeAlias)


class Declarer:
    def __init__(self, tree: A.Module, source: str, filename: str, graph: ModuleGraph,
                 report: Optional[Reporter], info: Optional[ModuleInfo] = None):
        self.tree = tree
        self.source = source
        self.filename = filename
        self.graph = graph
        self.report = report
        self.info = info
        self.root = Scope("module", "<module>", tree.span)
        self.symbols = ModuleSymbols(filename, self.root)
        self.definitions: dict[str, Symbol] = {}
        self.unknown_star = False   # a ``use m.*`` whose module could not be read

    # -- helpers
    def sym(self, name, kind, span, **kw) -> Symbol:
        return Symbol(name, kind, span, self.filename, home=self.root, **kw)

    def define(self, sym: Symbol, what: str = "") -> None:
        """A top-level definition; a second one of the same name is reported."""
        first = self.definitions.get(sym.name)
        if first is not None:
            if self.report is not None:
                self.report.error(f"duplicate definition of {sym.name}", sym.span,
                                  hint=f"{sym.name} is already defined at line {first.span.line}")
            return
        self.definitions[sym.name] = sym
        self.root.symbols[sym.name] = sym

    # -- the pass
    def run(self) -> ModuleSymbols:
        body = self.tree.body
        for stmt in body:
            if isinstance(stmt, A.Use):
                self.declare_use(stmt)
        for stmt in body:
            if isinstance(stmt, (A.FnDef, A.ExternFn)):
                self.define(function_symbol(stmt, self.source, self.filename, self.root))
            elif isinstance(stmt, _TYPE_KINDS):
                self.declare_type(stmt)
        for stmt in body:
            if isinstance(stmt, A.ClassDef):
                self.resolve_bases(stmt)
        for stmt in body:
            if isinstance(stmt, A.ImplDef):
                self.declare_impl(stmt)
        declared, assigned = collect_bindings(body)
        for name, (mutable, span) in declared.items():
            existing = self.root.symbols.get(name)
            if existing is None:
                self.root.symbols[name] = self.sym(name, "variable", span, mutable=mutable,
                                                   detail=("var " if mutable else "val ") + name)
            elif existing.kind == "variable":
                existing.mutable = existing.mutable or mutable
        for name, span in assigned.items():
            if name not in self.root.symbols:
                self.root.symbols[name] = self.sym(name, "variable", span, mutable=True,
                                                   detail=f"var {name}")
        if self.filename.endswith("_spec.spl"):
            self.spec_prelude()
        return self.symbols

    def spec_prelude(self) -> None:
        """``spl-py test`` lets spec files use the SSpec DSL (``lib.spec``) without importing it."""
        try:
            module = self.graph.load(("lib", "spec"), None)
        except ModuleNotFound:
            return
        for key, target in module.exports.items():
            self.root.symbols.setdefault(key, self.sym(key, "import", A.NO_SPAN, target=target,
                                                       detail=f"use lib.spec.{key}"))

    # -- types
    def declare_type(self, stmt) -> None:
        span = name_span(self.source, stmt.span, stmt.name)
        if isinstance(stmt, A.TypeAlias):
            self.define(self.sym(stmt.name, "type", span, detail=f"type {stmt.name} = {type_text(stmt.type)}"))
            return
        kind = stmt.kind if isinstance(stmt, A.ClassDef) else ("enum" if isinstance(stmt, A.EnumDef) else "trait")
        info = ClassInfo(stmt.name, kind, span, self.filename, doc=getattr(stmt, "doc", None))
        sym = self.sym(stmt.name, kind, span, info=info, doc=info.doc, detail=f"{kind} {stmt.name}")
        self.define(sym)
        if self.definitions.get(stmt.name) is sym:
            self.symbols.classes[stmt.name] = info
        if isinstance(stmt, A.ClassDef):
            for f in stmt.fields:
                self.add_field(info, f)
        if isinstance(stmt, A.EnumDef):
            for v in stmt.variants:
                vspan = A.Span(v.span.line, v.span.col, v.span.line, v.span.col + len(v.name))
                if v.name in info.variants:
                    self._report_dup(f"duplicate variant {v.name} in {stmt.name}", vspan)
                    continue
                sig = None
                if v.fields:
                    sig = Signature(f"{stmt.name}.{v.name}",
                                    tuple(_field_param(f) for f in v.fields), constructor=True)
                info.variants[v.name] = self.sym(v.name, "variant", vspan, signature=sig,
                                                 detail=f"{stmt.name}.{v.name}" + (
                                                     f"({', '.join(p.text() for p in sig.params)})" if sig else ""))
        for m in stmt.methods:
            self.add_method(info, m)
        if isinstance(stmt, A.ClassDef):
            info.has_init = "__init__" in info.methods

    def add_field(self, info: ClassInfo, f: A.FieldDef) -> None:
        span = A.Span(f.span.line, f.span.col, f.span.line, f.span.col + len(f.name))
        if f.name in info.fields:
            self._report_dup(f"duplicate field {f.name} in {info.name}", span)
            return
        detail = f"{f.name}: {type_text(f.type)}" if f.type is not None else f.name
        info.fields[f.name] = self.sym(f.name, "field", span, detail=detail + (" = ..." if f.default else ""),
                                       has_default=f.default is not None, mutable=True, node=f)

    def add_method(self, info: ClassInfo, m: A.FnDef) -> None:
        sym = function_symbol(m, self.source, self.filename, self.root, owner=info.name)
        if m.name in info.methods:
            self._report_dup(f"duplicate method {m.name} in {info.name}", sym.span)
            return
        info.methods[m.name] = sym

    def _report_dup(self, message: str, span) -> None:
        if self.report is not None:
            self.report.error(message, span)

    def resolve_bases(self, stmt: A.ClassDef) -> None:
        info = self.symbols.classes.get(stmt.name)
        if info is None:
            return
        for b in stmt.bases:
            target = self.root.symbols.get(b.name) if isinstance(b, A.NamedType) else None
            target = target.resolved() if target is not None else None
            if target is not None and target.info is not None and target.info is not info:
                info.bases.append(target.info)
            else:
                info.open = True

    def declare_impl(self, stmt: A.ImplDef) -> None:
        type_name = stmt.type.name if isinstance(stmt.type, A.NamedType) else None
        target = self.root.symbols.get(type_name) if type_name else None
        target = target.resolved() if target is not None else None
        info = target.info if target is not None else None
        if info is None or info.filename != self.filename:
            return  # reported by the walk (undefined type) or an impl of an imported type
        for m in stmt.methods:
            self.add_method(info, m)
        if stmt.trait is not None:
            trait = self.root.symbols.get(stmt.trait.name) if isinstance(stmt.trait, A.NamedType) else None
            trait = trait.resolved() if trait is not None else None
            if trait is not None and trait.info is not None:
                for k, v in trait.info.methods.items():
                    info.methods.setdefault(k, v)
            else:
                info.open = True

    # -- imports
    def path_span(self, stmt: A.Use) -> A.Span:
        return use_path_span(self.source, stmt)

    def declare_use(self, stmt: A.Use) -> None:
        here = Path(self.filename) if not self.filename.startswith("<") else None
        name = dotted(stmt.path)
        module: Optional[ModuleInfo] = None
        try:
            module = self.graph.load(stmt.path, here)
        except ModuleNotFound as missing:
            if self.report is not None:
                places = ", ".join(str(p) for p in missing.searched) or "nowhere"
                self.report.error(f"module {name} not found", self.path_span(stmt), hint=f"searched: {places}",
                                  cls=SplImportError)
        if module is not None and self.info is not None:
            self.info.imports.append((stmt, module))
        if module is not None and module.error is not None and self.report is not None:
            err = module.error
            self.report.error(f"module {name} has a syntax error", self.path_span(stmt),
                              hint=f"{err.location()}: {err.message}", cls=SplImportError)
        usable = module is not None and module.error is None and not module.partial
        if stmt.star:
            if usable:
                for key, target in module.exports.items():
                    self.root.symbols.setdefault(key, self.sym(key, "import", stmt.span, target=target,
                                                               detail=f"use {name}.{key}"))
            else:
                self.unknown_star = True
            return
        if not stmt.names:
            sym = self.sym(stmt.path[-1], "module", stmt.span, module=module, detail=f"module {name}")
            self.define(sym)
            return
        for item in stmt.names:
            target = module.exports.get(item.name) if usable else None
            if usable and target is None and self.report is not None:
                exports = ", ".join(sorted(module.exports)) or "none"
                self.report.error(f"module {name} has no export {item.name} (exports: {exports})",
                                  item.span, hint=close_matches(item.name, module.exports),
                                  cls=SplImportError)
            local = item.alias or item.name
            span = A.Span(item.span.line, item.span.col, item.span.line, item.span.col + len(item.name))
            self.define(self.sym(local, "import", span, target=target, module=module,
                                 detail=f"use {name}.{item.name}"))


def use_path_span(source: str, stmt: A.Use) -> A.Span:
    """The module path of a ``use`` line (``lib.pure.nn``)."""
    lines = source_lines(source)
    if 0 < stmt.span.line <= len(lines):
        text = lines[stmt.span.line - 1]
        pattern = r"\s*\.\s*".join(re.escape(p) for p in stmt.path)
        m = re.compile(r"\b(?:use|import)\s+(" + pattern + r")\b").search(text, stmt.span.col - 1)
        if m:
            return A.Span(stmt.span.line, m.start(1) + 1, stmt.span.line, m.end(1) + 1)
    return stmt.span


def _field_param(f: A.FieldDef):
    from .checker_symbols import ParamInfo
    return ParamInfo(f.name, f.default is not None, type_text(f.type))


def function_symbol(fn, source: str, filename: str, home: Scope, owner: Optional[str] = None) -> Symbol:
    """The symbol of a function, extern or method."""
    label = f"{owner}.{fn.name}" if owner else fn.name
    if isinstance(fn, A.ExternFn):
        kind, prefix, method_kind = "extern", "extern fn", ""
    else:
        kind = "method" if owner else "function"
        method_kind = fn.kind if owner else ""
        prefix = {"fn": "fn", "me": "me", "static": "static fn"}.get(fn.kind, "fn")
    sig = Signature.of(label, fn.params, fn.ret)
    span = name_span(source, fn.span, fn.name)
    return Symbol(fn.name, kind, span, filename, detail=sig.text(prefix), doc=getattr(fn, "doc", None),
                  signature=sig, home=home, method_kind=method_kind, node=fn)


def declare_module(tree: A.Module, source: str, filename: str, graph: ModuleGraph,
                   report: Optional[Reporter], info: Optional[ModuleInfo] = None) -> ModuleSymbols:
    declarer = Declarer(tree, source, filename, graph, report, info)
    symbols = declarer.run()
    symbols.unknown_star = declarer.unknown_star
    return symbols


# ------------------------------------------------------------------ bindings of a body

def collect_bindings(body) -> tuple[dict, dict]:
    """Names a function (or module) body binds, not looking into nested functions or
    lambdas: ``declared`` maps name -> (mutable, span) for val/var/for/match/comprehension
    targets and nested definitions (mutability as ``scopes.declared_names`` computes it);
    ``assigned`` maps name -> span for plain ``x = ...`` assignments (the Python dialect
    declares them when no enclosing scope has the name)."""
    declared: dict = {}
    assigned: dict = {}

    def declare(name, mutable, span, merge=False):
        if merge:
            prev = declared.get(name)
            declared[name] = ((prev[0] if prev else False) or mutable, prev[1] if prev else span)
        elif name not in declared:
            declared[name] = (mutable, span)

    def targets(t, mutable, merge=False):
        if isinstance(t, A.NameTarget):
            declare(t.name, mutable, _name_only(t.span, t.name), merge)
        elif isinstance(t, A.TupleTarget):
            for e in t.elems:
                targets(e, mutable, merge)

    def patterns(p):
        if isinstance(p, A.CapturePattern):
            declare(p.name, True, _name_only(p.span, p.name))
            return
        for c in p.children():
            if isinstance(c, A.Pattern):
                patterns(c)

    def assign_target(t):
        if isinstance(t, A.Name):
            assigned.setdefault(t.id, t.span)
        elif isinstance(t, A.TupleLit):
            for e in t.elems:
                assign_target(e)

    def node(n):
        if isinstance(n, (A.FnDef, A.ExternFn)):
            declare(n.name, False, n.span)
            for p in getattr(n, "params", ()):
                if p.default is not None:
                    node(p.default)
            return
        if isinstance(n, (A.ClassDef, A.EnumDef, A.TraitDef, A.TypeAlias)):
            declare(n.name, False, n.span)
            return
        if isinstance(n, (A.Lambda, A.ImplDef)):
            return
        if isinstance(n, A.VarDecl):
            targets(n.target, n.mutable, merge=True)
        elif isinstance(n, A.For):
            targets(n.target, True)
        elif isinstance(n, A.CompFor):
            targets(n.target, True)
        elif isinstance(n, A.MatchArm):
            patterns(n.pattern)
        elif isinstance(n, A.Assign):
            assign_target(n.target)
        for c in n.children():
            node(c)

    for stmt in body:
        node(stmt)
    return declared, assigned


def _name_only(span: A.Span, name: str) -> A.Span:
    return A.Span(span.line, span.col, span.line, span.col + len(name))
