"""``spl-py transpile FILE [-o OUT.py | --out-dir DIR]``: write readable Python.

The program and every module it imports (user modules and bundled stdlib modules) are
transpiled; each imported module is written at a path mirroring its module path, and each
``use`` names the relative path of the module file it needs, so the written tree runs with
``python OUT.py`` wherever ``spl_py`` is installed.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

from . import __version__
from .resources import stdlib_dir
from .runtime.loader import resolve_module


class Layout:
    """Where each transpiled module goes."""

    def __init__(self, main: Path, main_out: Path):
        self.main = main.resolve()
        self.root = main_out.parent
        self.main_out = main_out

    def out_path(self, spl: Path) -> Path:
        spl = spl.resolve()
        if spl == self.main:
            return self.main_out
        stdlib = stdlib_dir().resolve()
        try:
            return self.root / spl.relative_to(stdlib).with_suffix(".py")
        except ValueError:
            pass
        try:
            return self.root / spl.relative_to(self.main.parent).with_suffix(".py")
        except ValueError:
            return self.root / "_ext" / (spl.stem + ".py")


def header(spl: Path) -> str:
    return (f"# Transpiled from {spl.name} by spl-py {__version__}: regenerate with `spl-py transpile`.\n"
            f"# spl-source: {spl.resolve()}\n")


def transpile_tree(main: Path, main_out: Path, checked: bool = False, write: bool = True,
                   stream=None) -> list[Path]:
    """Transpile ``main`` and its imports; returns the files written."""
    from .parser import parse_file
    from .transpiler import Transpiler

    layout = Layout(main, main_out)
    todo = [main.resolve()]
    done: set = set()
    written = []
    while todo:
        spl = todo.pop()
        if spl in done:
            continue
        done.add(spl)
        out = layout.out_path(spl)
        deps: dict = {}

        def rel_py(path, spl=spl, out=out, deps=deps):
            target = resolve_module(path, spl)
            deps[path] = target
            return os.path.relpath(layout.out_path(target), out.parent).replace(os.sep, "/")

        filename = str(main) if spl == main.resolve() else str(spl)
        tree, source = parse_file(spl, filename)
        result = Transpiler(filename, source, checked=checked, rel_py=rel_py,
                            standalone_main=spl == main.resolve()).transpile(tree)
        text = result.source(header(spl))
        todo.extend(deps.values())
        if write:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
            written.append(out)
        else:
            (stream or sys.stdout).write(text)
    return written


def transpile_command(file: str, output: Optional[str], out_dir: Optional[str],
                      checked: bool = False) -> int:
    main = Path(file)
    if output == "-":  # the usual spelling of standard output
        output = None
    if output is None and out_dir is None:
        from .parser import parse_file
        from .transpiler import Transpiler
        tree, source = parse_file(main)
        result = Transpiler(str(main), source, checked=checked, standalone_main=True,
                            rel_py=lambda p: "").transpile(tree)
        sys.stdout.write(result.source(header(main)))
        return 0
    main_out = Path(output) if output else Path(out_dir) / (main.stem + ".py")
    for path in transpile_tree(main, main_out, checked):
        print(f"wrote {path}", file=sys.stderr)
    return 0
