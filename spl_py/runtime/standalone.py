"""Running the files ``spl-py transpile`` writes, without spl-py's parser or transpiler.

``spl_run_standalone(globals())`` at the top of the main file installs Simple-style error
reports (``sys.excepthook``) and makes ``use`` load the neighbouring transpiled files.
Lines are mapped back to ``.spl`` lines through the ``# spl:LINE`` comments of each file.
"""
from __future__ import annotations

import bisect
import builtins
import os
import re
import sys
import threading

from ..threads import BIG_STACK_THREAD, run_with_big_stack
from . import trace
from .loader import ModuleRegistry

_REGISTRY = ModuleRegistry()
_MARK = re.compile(r"#\s*spl:(\d+)\s*$")
_SOURCE = re.compile(r"^# spl-source: (.*)$", re.M)


def _register(py_file: str, text: str, labels: dict) -> None:
    lines, spl = [], []
    for i, line in enumerate(text.splitlines(), 1):
        m = _MARK.search(line)
        if m:
            lines.append(i)
            spl.append(int(m.group(1)))

    def line_map(py_line: int) -> int:
        k = bisect.bisect_right(lines, py_line) - 1
        return spl[k] if k >= 0 else py_line

    m = _SOURCE.search(text)
    spl_path = m.group(1).strip() if m else py_file
    try:
        with open(spl_path, encoding="utf-8") as f:
            source = f.read()
    except OSError:
        source = None
    display = os.path.relpath(spl_path) if os.path.isabs(spl_path) else spl_path
    if display.startswith(".."):
        display = spl_path
    trace.register(trace.ModuleInfo(py_file, source, labels, None, line_map, display=display))


def load_standalone(path: tuple, rel_py: str, importer_file: str):
    from .loader import SplModule
    from .panic import SplPanic
    from .rt import py_name

    file = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(importer_file)), rel_py))
    module = _REGISTRY.get(file)
    if module is not None:
        return module
    dotted = ".".join(("lib",) + tuple(path[1:]) if path[0] == "std" else path)
    if not rel_py or not os.path.isfile(file):
        raise SplPanic(f"module {dotted} not found (transpiled file {file} is missing)")
    _REGISTRY.begin(dotted, file)
    try:
        with open(file, encoding="utf-8") as f:
            text = f.read()
        ns = {"__name__": dotted, "__file__": file, "__builtins__": builtins}
        _register(file, text, {})
        code = compile(text, file, "exec", dont_inherit=True)
        exec(code, ns)  # noqa: S102 - a file spl-py transpile wrote
        info = trace.MODULES.get(file)
        if info is not None:
            info.labels = ns.get("__spl_labels__", {})
    finally:
        _REGISTRY.end(dotted, None, file)
    exports = ns.get("__spl_exports__")
    names = list(ns.get("__spl_names__", ())) + list(ns.get("__spl_star__", ()))
    visible = {n: ns[py_name(n)] for n in (exports if exports is not None else names) if py_name(n) in ns}
    module = SplModule(dotted, None, visible, ns)
    _REGISTRY.add(file, module)
    return module


def _hook(exc_type, exc, tb):
    if issubclass(exc_type, KeyboardInterrupt):
        sys.stdout.flush()
        print("interrupted", file=sys.stderr)
        return
    if issubclass(exc_type, BrokenPipeError):
        # the reader went away (`python OUT.py | head`): stop quietly, as `spl-py run` does
        # (stdout to /dev/null, so the flush at exit does not fail again)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    error = trace.to_runtime_error(exc) if isinstance(exc, Exception) else None
    if error is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass
    print(error.format(), file=sys.stderr)


def install(namespace: dict, module_code=None) -> None:
    """Set up a written file's run.  The main file (``module_code``: its code, running)
    is run again from the top on a big-stack thread, as ``spl-py run`` runs programs (the
    same call depth; this call then returns at once there), and the process ends with it."""
    on_big_stack = threading.current_thread().name == BIG_STACK_THREAD
    file = namespace.get("__file__")
    if file:
        try:
            with open(file, encoding="utf-8") as f:
                _register(file, f.read(),
                          namespace.get("__spl_labels__", {}))
        except OSError:
            pass
    sys.excepthook = _hook
    if namespace.get("__name__") == "__main__" and not on_big_stack:  # `python OUT.py a b`: sys_args() is [a, b]
        from .builtins import set_program_args
        from .ops import set_checked
        set_program_args(sys.argv[1:])
        set_checked(namespace.get("__spl_checked__", False))
        if module_code is not None:
            fresh = {"__name__": "__main__", "__file__": file, "__builtins__": builtins}
            try:
                run_with_big_stack(exec, module_code, fresh)
            except SystemExit:
                raise
            except BaseException as exc:  # noqa: BLE001 - reported here, before this call's frames join its trace
                _hook(type(exc), exc, exc.__traceback__)
                raise SystemExit(1) from None
            raise SystemExit(0)
