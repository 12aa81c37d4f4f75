"""Simple stack traces for transpiled code.

Transpiled modules are compiled with the ``.spl`` file name and ``.spl`` line numbers, so
Python's own traceback already walks the Simple call stack.  ``to_runtime_error`` turns an
exception escaping transpiled code into the same ``SplRuntimeError`` (message, hint,
frames) the interpreter builds: one frame per Simple function (comprehension frames and
runtime helpers are skipped), labelled like the interpreter labels them.

Where the transpiler emitted a plain Python operation for speed (``xs[i]`` with an index
it proved non-negative, ``range(a, b)`` in a ``for`` over ``a..b``), Python's message is
less precise than the interpreter's; the transpiler records such *sites* (column -> the operands' Python source) and the failing
operation is re-run through the runtime helper to obtain the exact Simple message.
"""
from __future__ import annotations

import re
from typing import Optional

from ..errors import Frame, SplRuntimeError
from .methods import no_field, no_method
from .panic import SplPanic, spl_type_of_pyname, translate_exception


class ModuleInfo:
    """What the trace builder knows about one transpiled module (by code file name)."""

    def __init__(self, filename: str, source: Optional[str], labels: Optional[dict] = None,
                 sites: Optional[dict] = None, line_map=None, display: Optional[str] = None):
        self.filename = filename
        self.source = source
        self.labels = labels or {}
        self.sites = sites or {}
        self.line_map = line_map  # python line -> .spl line (standalone files only)
        self.display = display or filename


MODULES: dict[str, ModuleInfo] = {}

# comprehensions have no frame of their own in Simple (lambdas do: "in <lambda>")
_SKIPPED = {"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"}
# The label of generated functions that are no Simple function (a written-out constructor).
HIDDEN = ""
_METHOD_OPS = {"LOAD_METHOD"}
_ATTR_OPS = {"LOAD_ATTR"}
_NO_ATTR = r"'([^']+)' object has no attribute '([^']+)'"  # (compiled by re on first use)


def register(info: ModuleInfo) -> None:
    MODULES[info.filename] = info


def label_of(code, info: ModuleInfo) -> str:
    qual = getattr(code, "co_qualname", code.co_name)
    label = info.labels.get(qual)
    if label is not None:
        return label
    return qual.rpartition("<locals>.")[2]


def simple_name(py: str) -> str:
    """Inverse of ``rt.py_name``."""
    from .rt import py_name
    if py.endswith("_") and py_name(py[:-1]) == py:
        return py[:-1]
    return py


def _opname(code, lasti: int) -> str:
    import opcode  # (only failures get here: not imported at start-up)
    try:
        return opcode.opname[code.co_code[lasti]]
    except (IndexError, TypeError):
        return ""


def _position(code, lasti: int):
    try:
        positions = list(code.co_positions())
        return positions[lasti // 2]
    except (AttributeError, IndexError):
        return None


_PY_TREES: dict = {}


def _file_site(info: ModuleInfo, pos) -> Optional[tuple]:
    """A written ``.py`` file (``spl-py transpile``): find the subscript at the failing
    instruction's real position in the file."""
    import ast
    tree = _PY_TREES.get(info.filename)
    if tree is None:
        try:
            with open(info.filename, encoding="utf-8") as f:
                tree = _PY_TREES[info.filename] = ast.parse(f.read())
        except (OSError, SyntaxError):
            return None
    def at_pos(node) -> bool:
        return node.lineno == pos[0] and node.col_offset == pos[2] and node.end_col_offset == pos[3]

    for node in ast.walk(tree):
        guarded = _guarded_subscript(node)
        if guarded is not None and any(isinstance(n, ast.Compare) and at_pos(n) for n in ast.walk(node.test)):
            # the ``i >= 0`` of ``xs[i] if i >= 0 else spl_index(xs, i)``
            kind = "set" if isinstance(guarded.ctx, ast.Store) else "index"
            return kind, ast.unparse(guarded.value), ast.unparse(guarded.slice)
        if isinstance(node, (ast.Subscript, ast.Call)) and at_pos(node):
            if isinstance(node, ast.Subscript):
                kind = "set" if isinstance(node.ctx, ast.Store) else "index"
                return kind, ast.unparse(node.value), ast.unparse(node.slice)
            if isinstance(node.func, ast.Name) and node.func.id in ("range", "spl_pyrange"):
                bounds = [ast.unparse(a) for a in node.args]
                return "range", *(["0"] + bounds)[-2:]
    return None


def _guarded_subscript(node):
    """The subscript of a guarded read or store (``xs[i] if <test> else spl_index(xs, i)``,
    ``if <test>: xs[i] = v else: spl_set_index(xs, i, v)``), else None."""
    import ast
    if isinstance(node, ast.IfExp) and isinstance(node.body, ast.Subscript) and _calls(node.orelse, "spl_index"):
        return node.body
    if (isinstance(node, ast.If) and len(node.body) == 1 and isinstance(node.body[0], ast.Assign)
            and isinstance(node.body[0].targets[0], ast.Subscript) and len(node.orelse) == 1
            and isinstance(node.orelse[0], ast.Expr) and _calls(node.orelse[0].value, "spl_set_index")):
        return node.body[0].targets[0]
    return None


def _calls(e, helper: str) -> bool:
    import ast
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == helper


def _site_message(exc, tb, info: ModuleInfo) -> Optional[tuple]:
    """Re-run a plain subscript through the runtime helper for its exact message."""
    pos = _position(tb.tb_frame.f_code, tb.tb_lasti)
    if pos is None or pos[2] is None:
        return None
    site = info.sites.get(pos[2]) if info.line_map is None else _file_site(info, pos)
    if site is None:
        return None
    kind, obj_src, idx_src = site
    frame = tb.tb_frame
    try:
        obj = eval(obj_src, frame.f_globals, frame.f_locals)  # noqa: S307 - our own generated text
        idx = eval(idx_src, frame.f_globals, frame.f_locals)  # noqa: S307
        from . import ops
        if kind == "index":
            ops.index(obj, idx)
        elif kind == "range":
            ops.make_range(obj, idx)
        else:
            ops.set_index(obj, idx, None)
    except SplPanic as panic:
        return panic.message, panic.hint
    except Exception:  # noqa: BLE001 - fall back to the generic wording
        return None
    return None


def _direct_message(exc, tb, info: ModuleInfo) -> Optional[tuple]:
    """Messages for exceptions raised by a plain Python operation in transpiled code."""
    code = tb.tb_frame.f_code
    if isinstance(exc, AttributeError) and hasattr(exc, "obj") and not isinstance(exc, SplPanic):
        op = _opname(code, tb.tb_lasti)
        obj, name = exc.obj, exc.name
        if op in _METHOD_OPS:
            return no_method(obj, name), None
        if op in _ATTR_OPS:
            return no_field(obj, name), None
    if isinstance(exc, AttributeError) and _opname(code, tb.tb_lasti) == "STORE_ATTR":
        m = re.search(_NO_ATTR, str(exc))
        if m:
            return f"{spl_type_of_pyname(m.group(1))} has no field {m.group(2)}", None
    if isinstance(exc, NameError):
        var = getattr(exc, "name", None)
        if var is None:
            m = re.search(r"'([^']+)'", str(exc))
            var = m.group(1) if m else "?"
        if isinstance(exc, UnboundLocalError) or str(exc).startswith("cannot access free variable"):
            return f"variable {simple_name(var)} is used before it is assigned", None
        return f"undefined name {simple_name(var)}", None
    if isinstance(exc, ValueError):  # tuple targets of for loops (val/assign use spl_unpack)
        m = re.match(r"not enough values to unpack \(expected (\d+), got (\d+)\)", str(exc))
        if m:
            return f"cannot unpack {m.group(2)} values into {m.group(1)} names", None
    if isinstance(exc, TypeError):
        m = re.match(r"cannot unpack non-iterable (\S+) object", str(exc))
        if m:
            return f"cannot iterate over {spl_type_of_pyname(m.group(1))}", None
    if isinstance(exc, (IndexError, TypeError, KeyError)) and (info.sites or info.line_map is not None):
        return _site_message(exc, tb, info)
    return None


def describe(exc: BaseException) -> tuple[str, Optional[str]]:
    """(message, hint) exactly as the interpreter words a failure."""
    if isinstance(exc, SplPanic):
        return exc.message, exc.hint
    if isinstance(exc, RecursionError):
        return "maximum call depth exceeded", "is a recursive function missing its base case?"
    message = translate_exception(exc)
    if message is None:
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return message, None


def to_runtime_error(exc: BaseException) -> Optional[SplRuntimeError]:
    """The Simple error for an exception whose traceback passes through transpiled code,
    or None when no transpiled frame is involved."""
    frames: list[Frame] = []
    last = None  # (tb, info) of the innermost transpiled frame
    tb = exc.__traceback__
    innermost = None
    while tb is not None:
        code = tb.tb_frame.f_code
        info = MODULES.get(code.co_filename)
        if info is not None and code.co_name not in _SKIPPED and info.labels.get(getattr(code, "co_qualname", code.co_name)) != HIDDEN:
            line = tb.tb_lineno
            if info.line_map is not None:
                line = info.line_map(line)
            frames.append(Frame(info.display, line, label_of(code, info), info.source))
            last = (tb, info)
        elif info is not None:
            last = (tb, info)
        innermost = tb
        tb = tb.tb_next
    if last is None:
        return None
    if getattr(exc, "in_caller", False) and len(frames) > 1:
        frames.pop()  # raised while binding arguments: the call failed in the caller
    described = None
    if innermost is last[0]:
        described = _direct_message(exc, innermost, last[1])
    message, hint = described or describe(exc)
    line = frames[-1].line if frames else 0
    from ..ast import Span
    error = SplRuntimeError(message, Span(line, 1, line, 1), frames[-1].filename if frames else "<input>",
                            frames[-1].source if frames else None, hint=hint, frames=frames)
    error.__cause__ = exc
    return error
