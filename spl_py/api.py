"""The work behind the command line, for the CLI, the REPL, tests and editors.

A :class:`Program` loads the entry file and every module it imports (each once per
process), running them with the interpreter.  Errors are spl-py's own exception families;
``run_file`` never lets a Python exception from spl-py's own code escape unconverted.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

from . import ast as A
from .errors import SplRuntimeError, nested_too_deeply
from .interp_support import ModuleContext, finish_trace, function_frame, located, run_with_frame_room
from .parser import parse, parse_file
from .runtime.builtins import set_program_args, sys_args
from .runtime.ops import set_checked
from .runtime.loader import FinishedModule, ModuleRegistry, SplModule, path_of
from .scopes import calls_name, main_takes_args, module_bindings_of

_DECLARATION_PHASE = frozenset({A.Use, A.ClassDef, A.EnumDef, A.TraitDef, A.TypeAlias, A.ExternFn, A.FnDef})


def export_names(module: A.Module) -> Optional[list[str]]:
    """Names the module exports, or None when it has no export statement (then every
    top-level name is visible)."""
    names: list[str] = []
    found = False
    for stmt in module.body:
        kind = type(stmt)
        if kind is A.Export:
            found = True
            names.extend(stmt.names)
        elif kind is A.Use and stmt.reexport:
            found = True
            names.extend(item.alias or item.name for item in stmt.names)
    return names if found else None


class Program:
    """One run of a Simple program: the module registry and the options."""

    def __init__(self, checked: bool = False):
        self.checked = checked
        self.registry = ModuleRegistry()

    # ---------------------------------------------------------------- modules

    def import_module(self, path: tuple, importing_file: Optional[Path]) -> SplModule:
        return self.registry.load(path, importing_file, self._build_module)

    def _build_module(self, file: Path, dotted: str) -> SplModule:
        tree, source = parse_file(file)
        return self.execute(tree, source, str(file), dotted, main=False)

    def execute(self, tree: A.Module, source: str, filename: str, name: str,
                main: bool = True) -> SplModule:
        return self.compile(tree, source, filename, name, main).run()

    def compile(self, tree: A.Module, source: str, filename: str, name: str,
                main: bool = True) -> "ClosureModule":
        """The module's statements compiled into closures, ready to run (the interpreter's
        counterpart of Python's ``compile``)."""
        from .interpreter import Interpreter

        env: dict = {}
        file_path = path_of(filename)
        ctx = ModuleContext(name, filename, source, env, module_bindings_of(tree.body),
                            lambda p, span: self.import_module(p, file_path), self)
        ctx.body = tree.body
        interp = Interpreter(ctx, self.checked)
        first: list = []  # declarations, then impl blocks, then the other statements
        impls: list = []
        rest: list = []
        for stmt in tree.body:
            kind = type(stmt)
            (first if kind in _DECLARATION_PHASE else impls if kind is A.ImplDef else rest).append(stmt)
        try:
            statements = tuple(interp.statement(s) for s in first + impls + rest)
        except RecursionError:  # nested past even a big stack's allowance
            raise nested_too_deeply(tree.body, filename, source) from None
        return ClosureModule(tree, ctx, statements, main)


class ClosureModule:
    """A module compiled by :meth:`Program.compile`.  Its closures read and write one
    namespace dict, so each :meth:`run` empties that dict and starts afresh."""

    def __init__(self, tree: A.Module, ctx: ModuleContext, statements: tuple, main: bool):
        self.tree = tree
        self.ctx = ctx
        self.statements = statements
        self.main = main
        # a main module calls its `fn main` when nothing at top level does
        self.main_call = None
        if main and not calls_name(tree.body, "main") \
                and any(isinstance(s, A.FnDef) and s.name == "main" for s in tree.body):
            self.main_call = (_main_span(tree), main_takes_args(tree.body))

    def run(self) -> SplModule:
        ctx, statements, main_call = self.ctx, self.statements, self.main_call
        env = ctx.globals
        env.clear()

        def run_module(env):
            for stmt in statements:
                stmt(env)
            if main_call is not None and callable(env.get("main")):
                span, takes_args = main_call
                args = (sys_args(),) if takes_args else ()
                located(lambda e: env["main"](*args), span, ctx)(env)
        try:
            run_with_frame_room(run_module, env)
        except SplRuntimeError as error:
            if self.main:
                finish_trace(error, ctx)
            else:
                function_frame(error, "<module>", ctx, error.line)
            raise
        exports_of = functools.partial(_exports_of, self.tree)
        if self.main:  # nothing reads a program's exports while it runs
            return FinishedModule(ctx.name, ctx.filename, env, exports_of)
        return SplModule(ctx.name, path_of(ctx.filename), exports_of(env), env)


def _exports_of(tree: A.Module, env: dict) -> dict:
    exports = export_names(tree)
    if exports is not None:
        return {k: env[k] for k in exports if k in env}
    return {k: v for k, v in env.items() if isinstance(k, str) and not k.startswith("\x00")}


def _main_span(tree: A.Module) -> A.Span:
    for stmt in tree.body:
        if isinstance(stmt, A.FnDef) and stmt.name == "main":
            return stmt.span
    return A.NO_SPAN


def run_source(source: str, filename: str = "<input>", args=(), checked: bool = False,
               backend: str = "interp") -> SplModule:
    """Run Simple source text: ``backend`` is ``"interp"`` or ``"transpile"``."""
    if backend != "interp":
        from . import transpile_run
        return transpile_run.run_source(source, filename, args, checked)
    set_program_args(args)
    set_checked(checked)
    tree = parse(source, filename)
    return Program(checked).execute(tree, source, filename, "__main__")


def run_file(path, args=(), checked: bool = False, backend: str = "interp",
             use_cache: bool = True) -> SplModule:
    """Run a file: ``backend`` is ``"interp"`` or ``"transpile"`` (``"auto"``: transpile)."""
    if backend != "interp":
        from . import transpile_run
        return transpile_run.run_file(path, args, checked, use_cache)
    set_program_args(args)
    set_checked(checked)
    tree, source = parse_file(path)
    return Program(checked).execute(tree, source, str(path), "__main__")


from .threads import run_with_big_stack  # noqa: E402,F401 - re-exported for callers
