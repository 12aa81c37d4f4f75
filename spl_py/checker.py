"""``spl-py check``: find name, import and arity problems without running anything.

``check_source(source, filename)`` parses a module, declares its top-level names and those
of every module it imports (:mod:`spl_py.checker_decls`), walks every body
(:mod:`spl_py.checker_walk`) and returns a :class:`CheckResult`: all diagnostics of the file
(``SplLanguageError`` instances: errors and warnings, in source order) and the module's
symbol tables (:class:`spl_py.checker_symbols.ModuleSymbols`) for the language server.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .checker_decls import ModuleGraph, ModuleInfo, declare_module, module_exports, use_path_span
from .checker_symbols import ClassInfo, ModuleSymbols, Reporter, Scope, Signature, Symbol
from .checker_walk import Walker
from .errors import SplImportError, SplLanguageError, SplSyntaxError, SplWarning, nested_too_deeply
from .parser import parse

EXIT_OK, EXIT_ERROR, EXIT_SYNTAX = 0, 1, 2

__all__ = ["CheckResult", "check_source", "check_file", "check_paths", "ModuleGraph",
           "ModuleSymbols", "Scope", "Symbol", "ClassInfo", "Signature"]


@dataclass
class CheckResult:
    filename: str
    diagnostics: list = field(default_factory=list)   # SplLanguageError instances, source order
    symbols: Optional[ModuleSymbols] = None           # None when the file does not parse

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if not isinstance(d, SplWarning)]

    @property
    def warnings(self) -> list:
        return [d for d in self.diagnostics if isinstance(d, SplWarning)]

    @property
    def syntax_error(self) -> bool:
        return any(isinstance(d, SplSyntaxError) for d in self.diagnostics)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_source(source: str, filename: str = "<input>", graph: Optional[ModuleGraph] = None) -> CheckResult:
    """Check one module's text; ``filename`` locates its relative imports."""
    graph = graph if graph is not None else ModuleGraph()
    try:
        tree = parse(source, filename)
    except SplSyntaxError as error:
        return CheckResult(filename, [error], None)
    try:
        return _check_tree(tree, source, filename, graph)
    except RecursionError:  # nested past even a big stack's allowance
        return CheckResult(filename, [nested_too_deeply(tree.body, filename, source)], None)


def _check_tree(tree, source: str, filename: str, graph: ModuleGraph) -> CheckResult:
    report = Reporter(filename, source)
    path = Path(filename).resolve() if not filename.startswith("<") else None
    info = None
    if path is not None:
        # The checked file is a module of the graph too, so a cycle back to it is seen.
        info = ModuleInfo(path.stem, path, partial=True)
        graph.modules[path] = info
    symbols = declare_module(tree, source, filename, graph, report, info)
    if info is not None:
        info.symbols = symbols
        info.exports = module_exports(tree, symbols)
        info.partial = False
        _report_cycles(info, graph, report, path)
    else:
        from .api import export_names
        symbols.exports = export_names(tree)
    Walker(symbols, source, report).visit(tree)
    diagnostics = sorted(report.diagnostics, key=lambda d: (d.line, d.col))
    return CheckResult(filename, diagnostics, symbols)


def _report_cycles(info, graph: ModuleGraph, report: Reporter, root: Path) -> None:
    seen: set = set()
    for use, module in info.imports:
        cycle = graph.cycle_through(module, root, info.name)
        if cycle and cycle[0] != info.name and info.name in cycle:
            i = cycle.index(info.name)
            cycle = cycle[i:-1] + cycle[:i] + [info.name]
        if not cycle:
            continue
        text = " -> ".join(cycle)
        if text in seen:
            continue
        seen.add(text)
        report.error(f"import cycle: {text}", use_path_span(report.source, use), cls=SplImportError,
                     hint="a module cannot use, directly or indirectly, a module that uses it")


def check_file(path, graph: Optional[ModuleGraph] = None) -> CheckResult:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        message = f"cannot read {path}: {getattr(error, 'strerror', None) or error}"
        return CheckResult(str(path), [SplLanguageError(message, None, str(path))], None)
    return check_source(source, str(path), graph)


def check_paths(paths, out=None) -> int:
    """The ``spl-py check`` command: prints every problem of every file and returns the
    exit code (0 clean or warnings only, 1 errors, 2 a syntax error)."""
    out = out if out is not None else sys.stderr
    graph = ModuleGraph()
    code = EXIT_OK
    errors = warnings = 0
    for p in paths:
        result = check_file(p, graph)
        for diag in result.diagnostics:
            print(diag.format(), file=out)
        errors += len(result.errors)
        warnings += len(result.warnings)
        if result.syntax_error:
            code = EXIT_SYNTAX
        elif result.errors and code == EXIT_OK:
            code = EXIT_ERROR
    if errors or warnings:
        print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(len(paths), 'file')}",
              file=out)
    return code


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
