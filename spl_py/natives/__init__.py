"""Registry of Python implementations for ``extern fn`` declarations (Decision 18).

A native is registered under ``"<module path>.<extern name>"`` (``"lib.math.sqrt"``)
or, for runtime-wide natives, under a bare name.  Native modules are imported lazily,
the first time an extern of their Simple module is looked up.
"""
from __future__ import annotations

import importlib
from typing import Callable, Optional

from ..runtime.panic import SplPanic

__all__ = ["native", "register_native", "lookup_native", "extern_native", "NATIVE_MODULES"]

_REGISTRY: dict[str, Callable] = {}

# Simple module path -> Python module defining its natives.  Other engineers add rows
# here (lib.pure.*, lib.torch.*, ...).
NATIVE_MODULES: dict[str, str] = {
    "lib.math": "spl_py.natives.math_natives",
    "lib.random": "spl_py.natives.random_natives",
    **{f"lib.pure.{m}": "spl_py.natives.pure_natives" for m in (
        "tensor", "tensor_ops", "autograd", "nn", "training", "optim", "data", "metrics",
        "serialization", "plot", "mod", "accel", "torch_ffi")},
    "lib.pure": "spl_py.natives.pure_natives",
    "lib.sspec": "spl_py.natives.sspec_natives",
    "lib.spec": "spl_py.natives.sspec_natives",
}

_imported: set[str] = set()


def register_native(qualified_name: str, fn: Callable) -> Callable:
    _REGISTRY[qualified_name] = fn
    _BOUND.clear()
    return fn


def native(qualified_name: str) -> Callable[[Callable], Callable]:
    """Decorator: ``@native("lib.math.sqrt")`` binds the function to that extern."""
    def deco(fn: Callable) -> Callable:
        return register_native(qualified_name, fn)
    return deco


def _canonical(module_path: str) -> str:
    # ``std.x`` is an alias of ``lib.x`` (Decision 20 / §6).
    if module_path == "std" or module_path.startswith("std."):
        return "lib" + module_path[3:]
    return module_path


def lookup_native(module_path: str, name: str) -> Optional[Callable]:
    """The native for ``extern fn name`` declared in ``module_path``, or None."""
    module_path = _canonical(module_path)
    key = f"{module_path}.{name}"
    fn = _REGISTRY.get(key)
    if fn is None:
        py_module = NATIVE_MODULES.get(module_path)
        if py_module is not None and py_module not in _imported:
            _imported.add(py_module)
            importlib.import_module(py_module)
            fn = _REGISTRY.get(key)
    if fn is None:
        fn = _REGISTRY.get(name)
    return fn


def extern_native(module_path: str, name: str) -> Callable:
    """What ``extern fn name`` in ``module_path`` is bound to (both back ends): its native,
    or a function that fails with a Simple error when called."""
    fn = _BOUND.get((module_path, name))
    if fn is not None:
        return fn
    fn = lookup_native(module_path, name)
    if fn is None:
        fn = _UNBOUND.get(name)
        if fn is None:
            def fn(*args, **kwargs):
                raise SplPanic(f"extern function {name} has no native binding",
                               hint="extern functions are provided by spl-py's natives registry")
            fn.__name__ = name
            _UNBOUND[name] = fn
    _BOUND[(module_path, name)] = fn
    return fn


_UNBOUND: dict[str, Callable] = {}  # extern name -> its failing stub (made once per process)
# (module path, extern name) -> its native, as found (a small program declares its externs
# at every run; the look-up costs about 0.3 us)
_BOUND: dict[tuple, Callable] = {}
