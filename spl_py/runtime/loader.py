"""Module path resolution, load-once cache, cycle detection (Decision 20).

``use lib.X.Y`` is the bundled stdlib (``std.X`` is an alias); other paths resolve
against the importing file's folder, then each folder of ``SPL_PATH`` and ``SIMPLE_LIB``.
A path ``a.b`` names ``a/b.spl`` or the package file ``a/b/mod.spl`` / ``a/b/__init__.spl``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Optional

from ..resources import stdlib_dir
from .panic import SplPanic

__all__ = ["stdlib_dir", "resolve_module", "search_dirs", "ModuleNotFound",
           "ImportCycle", "ModuleRegistry", "SplModule", "check_import"]


class ModuleNotFound(SplPanic):
    """``use a.b`` found no file; carries the dotted name and the folders searched."""

    def __init__(self, name: str, searched: list[Path], also: str = ""):
        self.name = name
        self.searched = list(searched)
        places = ", ".join(str(p) for p in self.searched) or "nowhere"
        super().__init__(f"module {name} not found (searched: {places}){also}")


def module_or_name(load, path: tuple):
    """``use a.b.c`` without a name list: the module a.b.c, or, where there is no such
    module, the export c of module a.b (upstream writes ``use std.spec.step`` for the
    function step).  ``load(path)`` loads a module."""
    try:
        return load(path)
    except ModuleNotFound as missing:
        wanted = ("lib",) + tuple(path[1:]) if path[0] in ("lib", "std") else tuple(path)
        if len(path) < 2 or missing.name != ".".join(wanted):  # not this module: one it imports
            raise
        try:
            parent = load(path[:-1])
        except ModuleNotFound:
            raise missing from None
        if path[-1] not in parent.exports:
            exports = ", ".join(sorted(parent.exports)) or "none"
            raise ModuleNotFound(missing.name, missing.searched,
                                 also=f"; module {'.'.join(wanted[:-1])} has no export {path[-1]} (exports: {exports})") from None
        return parent.exports[path[-1]]


class ImportCycle(SplPanic):
    def __init__(self, cycle: list[str]):
        self.cycle = list(cycle)
        super().__init__("import cycle: " + " -> ".join(self.cycle))


def _env_dirs(var: str) -> list[Path]:
    value = os.environ.get(var, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


def search_dirs(importing_file: Optional[Path]) -> list[Path]:
    """Folders searched for a non-stdlib module, in order."""
    first = Path(importing_file).resolve().parent if importing_file else Path.cwd()
    return [first] + _env_dirs("SPL_PATH") + _env_dirs("SIMPLE_LIB")


def _candidates(base: Path, parts: tuple[str, ...]) -> Iterator[Path]:
    stem = base.joinpath(*parts)
    yield stem.with_name(stem.name + ".spl")
    yield stem / "mod.spl"
    yield stem / "__init__.spl"


# stdlib module path -> its file: the installed stdlib does not change while a process
# runs, and lib.pure's modules use one another ~30 times per program (each look-up stats
# and resolves paths).
_STDLIB_FILES: dict = {}


def resolve_module(path: tuple[str, ...], importing_file=None) -> Path:
    """The ``.spl`` file for module path ``path`` (``("lib", "math")``) imported from
    ``importing_file`` (a path or its text; None: from the current folder)."""
    path = tuple(path)
    if not path:
        raise ModuleNotFound("", [])
    dirs: list[Path] = []
    if path[0] in ("lib", "std"):
        path = ("lib",) + path[1:]
        found = _STDLIB_FILES.get(path)
        if found is not None:
            return found
        for cand in _candidates(stdlib_dir(), path):
            if cand.is_file():
                found = _STDLIB_FILES[path] = cand.resolve()
                return found
        dirs.append(stdlib_dir())
    dirs.extend(search_dirs(importing_file))
    seen: list[Path] = []
    for d in dirs:
        if d in seen:
            continue
        seen.append(d)
        for cand in _candidates(d, path):
            if cand.is_file():
                return cand.resolve()
    raise ModuleNotFound(".".join(path), seen)


class SplModule:
    """A loaded module: its exported names, readable as attributes (``b.X`` after
    ``use a.b``).  ``b.X`` reads the module's binding as it is now (a ``var`` the module
    has changed since it loaded reads its new value), as ``use a.b (X)`` reads it once;
    ``keys`` names the namespace entry of an export spelled differently there (a
    transpiled module's ``lambda_``)."""

    def __init__(self, name: str, path: Optional[Path] = None,
                 exports: Optional[dict] = None, namespace: Optional[dict] = None,
                 keys: Optional[dict] = None):
        self.name = name
        self.path = path
        self.exports: dict = exports if exports is not None else {}
        self.namespace: dict = namespace if namespace is not None else {}  # all top-level names
        self._keys = keys

    def __getattr__(self, attr: str):
        if attr.startswith("__") or attr == "_keys":  # keep Python's protocols (copy, pickle) working
            raise AttributeError(attr)
        exports = self._export_table()
        if exports is None:
            raise AttributeError(attr)
        try:
            value = exports[attr]
        except KeyError:
            raise ExportNotFound(self, attr) from None
        keys = self._keys
        return self.namespace.get(keys.get(attr, attr) if keys else attr, value)

    def _export_table(self) -> Optional[dict]:
        return self.__dict__.get("exports")

    def __repr__(self) -> str:
        return f"<module {self.name}>"

    __str__ = __repr__

    def to_string(self) -> str:
        return repr(self)


_PATHS: dict = {}


def path_of(filename: str) -> Optional[Path]:
    """``Path(filename)`` (None for ``<input>``-like names), memoised: a Path costs about
    2 us, much of a small program's run."""
    if filename.startswith("<"):
        return None
    path = _PATHS.get(filename)
    if path is None:
        if len(_PATHS) > 256:
            _PATHS.clear()
        path = _PATHS[filename] = Path(filename)
    return path


class FinishedModule(SplModule):
    """A program's main module, handed back after its run: its exports
    (``exports_of(namespace)``) are worked out when first read, if ever --
    nothing reads them while the program runs, and a small program would otherwise spend
    a tenth of its run on them.  (Imported modules take theirs when they finish loading:
    a module-level ``var`` exported then keeps that value.)"""

    def __init__(self, name: str, filename: str, namespace: dict, exports_of):
        self.name = name
        self._filename = filename
        self.namespace = namespace
        self._exports_of = exports_of
        self._keys = None  # (its exports are taken when first read, after the run)

    @property
    def path(self) -> Optional[Path]:
        return path_of(self._filename)

    def _export_table(self) -> dict:
        table = self.__dict__.get("exports")
        if table is None:
            table = self.__dict__["exports"] = self._exports_of(self.namespace)
        return table

    @property
    def exports(self) -> dict:
        return self._export_table()


class ExportNotFound(SplPanic, AttributeError):
    """An import or ``mod.X`` naming something the module does not export.  Also an
    AttributeError so ``hasattr`` and ``getattr(m, x, d)`` behave."""

    def __init__(self, module: SplModule, name: str):
        names = ", ".join(sorted(module.exports)) or "none"
        SplPanic.__init__(self, f"module {module.name} has no export {name} (exports: {names})")
        self.module_name = module.name
        self.export = name


def check_import(module: SplModule, name: str):
    """The value of ``name`` exported by ``module`` (for ``use a.b.{name}``)."""
    try:
        return module.exports[name]
    except KeyError:
        raise ExportNotFound(module, name) from None


class ModuleRegistry:
    """Modules of one process: each runs once (``get``/``add``), and ``begin``/``end``
    bracket a load so an import cycle is reported with its path.

    ``key`` identifies a module (the resolved file path is a good key); ``name`` is what
    messages show.  By default the key is the name."""

    def __init__(self):
        self.modules: dict[str, SplModule] = {}
        self._loading: list[tuple[str, str]] = []  # (key, name), outermost first

    def get(self, key: str) -> Optional[SplModule]:
        return self.modules.get(str(key))

    def __contains__(self, key) -> bool:
        return str(key) in self.modules

    def add(self, key: str, module: SplModule) -> None:
        self.modules[str(key)] = module

    def begin(self, name: str, key: Optional[str] = None) -> None:
        key = str(key if key is not None else name)
        for i, (k, _) in enumerate(self._loading):
            if k == key:
                raise ImportCycle([n for _, n in self._loading[i:]] + [name])
        self._loading.append((key, name))

    def end(self, name: str, module: Optional[SplModule] = None, key: Optional[str] = None) -> None:
        key = str(key if key is not None else name)
        for i in range(len(self._loading) - 1, -1, -1):
            if self._loading[i][0] == key:
                del self._loading[i]
                break
        if module is not None:
            self.modules[key] = module

    @property
    def loading(self) -> list[str]:
        """Names of the modules being loaded, outermost first."""
        return [n for _, n in self._loading]

    def load(self, path: tuple, importing_file: Optional[Path], build) -> SplModule:
        """The module ``use a.b`` names, run once per process: ``build(file, dotted_name)``
        runs it the first time (each back end its own way); a cycle raises ImportCycle."""
        file = resolve_module(path, importing_file)
        key = str(file)
        module = self.modules.get(key)
        if module is not None:
            return module
        dotted = ".".join(("lib",) + tuple(path[1:]) if path[0] == "std" else path)
        self.begin(dotted, key)
        try:
            module = build(file, dotted)
        finally:
            self.end(dotted, None, key)
        self.modules[key] = module
        return module
