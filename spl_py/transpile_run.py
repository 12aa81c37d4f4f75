"""``spl-py run`` on transpiled code: compile (or read from the cache), load modules, map
errors back to Simple stack traces.

The warm path -- every module found in the cache -- imports neither lark nor the parser,
the AST or the transpiler: only this module, ``spl_py.cache`` and ``spl_py.runtime``.
"""
from __future__ import annotations

import builtins
import functools
import sys
import time
from pathlib import Path
from types import CodeType
from typing import NamedTuple, Optional

from . import cache
from .errors import SplError, SplFileError, SplInternalError, SplSyntaxError, nested_too_deeply
from .runtime import rt, trace
from .runtime.builtins import SplExit, set_program_args
from .runtime.loader import FinishedModule, ModuleRegistry, SplModule
from .runtime.ops import set_checked
from .runtime.panic import SplPanic


def read_source(path: Path, filename: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SplFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SplSyntaxError(f"file is not valid UTF-8 (byte {exc.start})", None, filename) from None


def transpile_source(source: str, filename: str, checked: bool = False, rel_py=None):
    """Parse and transpile (the cold path): a ``TranspileResult``."""
    from .parser import parse
    from .transpiler import Transpiler

    tree = parse(source, filename)
    try:
        return Transpiler(filename, source, checked=checked, rel_py=rel_py).transpile(tree)
    except SplError:
        raise
    except RecursionError:
        raise nested_too_deeply(tree.body, filename, source) from None
    except Exception as exc:  # noqa: BLE001 - a transpiler bug, never the user's fault
        raise SplInternalError(f"transpiling {filename} failed: {type(exc).__name__}: {exc}") from exc


class CompiledModule(NamedTuple):
    """A transpiled module as ``spl-py run`` keeps it (and the cache stores it)."""
    code: CodeType
    labels: dict  # Python qualname -> Simple label, for traces
    sites: dict  # plain subscripts / ranges whose errors re-run the runtime helper
    helpers: tuple  # runtime names the code uses: given in its namespace (see compile_source)


def compile_source(source: str, filename: str, checked: bool = False) -> CompiledModule:
    """Transpile and compile.  The module's ``from spl_py.runtime.rt import ...`` (what a
    written file needs) is left out and its names put in the namespace instead by
    ``new_namespace``: importing ~20 names costs ~2.5 us per run, a tenth of a small
    program."""
    import warnings

    from .threads import compile_room

    with compile_room():
        result = transpile_source(source, filename, checked)
        try:
            with warnings.catch_warnings():  # e.g. "'str' object is not callable": a Simple runtime error
                warnings.simplefilter("ignore", SyntaxWarning)
                code = compile(result.run_tree(), filename, "exec", dont_inherit=True)
        except RecursionError:  # Python's compiler: too deep even with compile_room
            from .parser import parse
            raise nested_too_deeply(parse(source, filename).body, filename, source) from None
        except (SyntaxError, ValueError, TypeError) as exc:
            raise SplInternalError(f"transpiled code for {filename} does not compile: {exc}") from exc
    return CompiledModule(code, result.labels, result.sites, result.runtime_names)


# (file name, checked) -> (its size and mtime, its source, its CompiledModule, its
# trace.ModuleInfo): a module loaded again in this process (``spl-py test`` over many files,
# the REPL, a program run again) is not read, keyed, read from the cache and unmarshalled
# again while its file is unchanged (by size and mtime, as Python checks its .pyc files)
_LOADED: dict = {}


def forget_loaded() -> None:
    """Drop the in-process memo of loaded modules (the next load reads the cache file)."""
    _LOADED.clear()


def _settled(mtime_ns: int) -> bool:
    """Whether a file last changed long enough ago that a change of the same size would have
    moved its mtime (file systems keep it to a clock tick: a test rewriting a module at once
    may leave both alike); younger files are compared by their text."""
    return time.time_ns() - mtime_ns > 2_000_000_000


def load_code(path: Path, filename: str, checked: bool, use_cache: bool) -> CompiledModule:
    """The compiled module of a ``.spl`` file (from the cache when its key matches)."""
    stamp = hit = None
    if use_cache:
        try:
            st = path.stat()
            stamp = (st.st_size, st.st_mtime_ns)
        except OSError:
            pass  # read_source reports it
        hit = _LOADED.get((filename, checked))
        if hit is not None and stamp is not None and hit[0] == stamp and _settled(stamp[1]):
            trace.register(hit[3])
            return hit[2]
    source = read_source(path, filename)
    if hit is not None and hit[1] == source:
        if stamp is not None:
            _LOADED[(filename, checked)] = (stamp,) + hit[1:]
        trace.register(hit[3])
        return hit[2]
    compiled = None
    key = None
    if use_cache:
        key = cache.cache_key(source, checked)
        payload = cache.load(path, key, checked)
        if payload is not None and len(payload) == len(CompiledModule._fields):
            compiled = CompiledModule(*payload)
    if compiled is None:
        compiled = compile_source(source, filename, checked)
        if use_cache:
            cache.store(path, key, checked, tuple(compiled))
    info = trace.ModuleInfo(filename, source, compiled.labels, compiled.sites)
    trace.register(info)
    compiled = compiled._replace(code=cache.with_filename(compiled.code, filename))
    if use_cache:
        if len(_LOADED) >= 512:  # bounded: a long-lived process loading many files
            _LOADED.clear()
        if stamp is not None:
            _LOADED[(filename, checked)] = (stamp, source, compiled, info)
    return compiled


# id(helpers) -> (helpers, the namespace a module using them starts from): keyed by the
# tuple's identity (a compiled module keeps its one tuple, and the entry keeps the tuple
# alive), since hashing a tuple of ~20 names costs more than copying the namespace
_HELPER_NAMESPACES: dict = {}


def new_namespace(module_name: str, file: str, helpers: tuple = ()) -> dict:
    entry = _HELPER_NAMESPACES.get(id(helpers))
    if entry is None or entry[0] is not helpers:
        if len(_HELPER_NAMESPACES) > 1024:
            _HELPER_NAMESPACES.clear()
        start = {"__builtins__": builtins}
        start.update((n, getattr(rt, n)) for n in helpers)
        entry = _HELPER_NAMESPACES[id(helpers)] = (helpers, start)
    ns = entry[1].copy()
    ns["__name__"] = module_name
    ns["__file__"] = file
    return ns


_EXPORT_PAIRS: dict = {}


def _export_pairs(exports: tuple) -> tuple:
    """(Simple name, Python name) of each export, memoised per module's name tuple (a small
    program would otherwise spend a tenth of its run renaming its names again)."""
    pairs = _EXPORT_PAIRS.get(exports)
    if pairs is None:
        if len(_EXPORT_PAIRS) > 1024:
            _EXPORT_PAIRS.clear()
        pairs = _EXPORT_PAIRS[exports] = tuple((simple, rt.py_name(simple)) for simple in exports)
    return pairs


def _exported_pairs(ns: dict) -> tuple:
    exports = ns.get("__spl_exports__")
    if exports is None:
        exports = ns.get("__spl_names__", ())
        star = ns.get("__spl_star__")
        if star:
            exports = tuple(exports) + tuple(star)
    return _export_pairs(tuple(exports))


def _exports_of(ns: dict) -> dict:
    return {simple: ns[py] for simple, py in _exported_pairs(ns) if py in ns}


def _renamed(ns: dict) -> Optional[dict]:
    """Exports whose Python name differs: Simple name -> the namespace's key."""
    return {simple: py for simple, py in _exported_pairs(ns) if simple != py} or None


def module_from_namespace(dotted: str, file: Optional[Path], ns: dict) -> SplModule:
    return SplModule(dotted, file, _exports_of(ns), ns, _renamed(ns))


class TranspiledProgram:
    """One run: the module registry and the options (the transpiled ``api.Program``)."""

    def __init__(self, checked: bool = False, use_cache: bool = True):
        self.checked = checked
        self.use_cache = use_cache
        self._load = self.load  # (the bound method run_code installs, made once)

    @functools.cached_property
    def registry(self) -> ModuleRegistry:  # made at the first import (many programs have none)
        return ModuleRegistry()

    def load(self, path: tuple, rel_py: str, importer_file: str) -> SplModule:
        # (a str: resolve_module makes a Path only when the module is not in the stdlib)
        importing = importer_file if importer_file and not importer_file.startswith("<") else None
        return self.registry.load(path, importing, self._build_module)

    def _build_module(self, file: Path, dotted: str) -> SplModule:
        key = str(file)
        compiled = load_code(file, key, self.checked, self.use_cache)
        ns = new_namespace(dotted, key, compiled.helpers)
        exec(compiled.code, ns)  # noqa: S102 - the transpiled module
        return module_from_namespace(dotted, file, ns)

    def run_code(self, compiled: CompiledModule, filename: str) -> SplModule:
        rt.LOADER.load = self._load
        ns = new_namespace("__main__", filename, compiled.helpers)
        code = compiled.code
        try:
            exec(code, ns)  # noqa: S102 - the transpiled program
        except (SplExit, KeyboardInterrupt, BrokenPipeError):  # a closed pipe ends the run quietly (cli)
            raise
        except SplError as exc:
            if not isinstance(exc, SplPanic):
                raise
            raise _simple_error(exc)  # noqa: B904 - the cause is kept on the error
        except Exception as exc:  # noqa: BLE001 - reported in Simple terms
            raise _simple_error(exc)  # noqa: B904
        return FinishedModule("__main__", filename, ns, _exports_of)


def _simple_error(exc: BaseException) -> BaseException:
    error = trace.to_runtime_error(exc)
    return error if error is not None else exc


def run_file(path, args=(), checked: bool = False, use_cache: bool = True) -> SplModule:
    set_program_args(args)
    set_checked(checked)
    program = TranspiledProgram(checked, use_cache)
    filename = str(path)
    try:
        compiled = load_code(Path(path), filename, checked, use_cache)
    except SplInternalError as error:
        # A construct the transpiler cannot compile (yet): the interpreter runs it.
        import os
        if os.environ.get("SPL_DEBUG", "") not in ("", "0"):
            print(f"note: {error}; running with the interpreter", file=sys.stderr)
        from .api import run_file as interpreter_run_file
        return interpreter_run_file(path, args, checked, backend="interp")
    return program.run_code(compiled, filename)


def run_source(source: str, filename: str = "<input>", args=(), checked: bool = False) -> SplModule:
    set_program_args(args)
    set_checked(checked)
    program = TranspiledProgram(checked, use_cache=False)
    compiled = compile_source(source, filename, checked)
    trace.register(trace.ModuleInfo(filename, source, compiled.labels, compiled.sites))
    return program.run_code(compiled, filename)
