"""Specialised closures for the interpreter's hottest nodes (binary operators,
comparisons, calls of global functions).

A generic binary-operator closure costs three Python calls per evaluation (left operand,
right operand, the operator); most operands in loops and recursive functions are
constants or local variables, which the closures generated here read inline.  Semantics
are those of the generic closures: same evaluation order, same messages.
"""
from __future__ import annotations

from .runtime import ops
from .runtime.panic import SplPanic

_CODE: dict = {}  # template key -> the generated ``_spl_make`` factory



def _unassigned(name):
    raise SplPanic(f"variable {name} is used before it is assigned") from None


def operand(interp, node):
    """("const", value) / ("local", name) / ("fn", closure) for an operand node."""
    from . import ast as A
    if isinstance(node, (A.IntLit, A.FloatLit, A.StrLit, A.BoolLit)):
        return "const", node.value
    if isinstance(node, A.Name) and interp.scope is not None and interp.scope.depth_of(node.id) == 0:
        return "local", node.id
    return "fn", interp.visit(node)


def _load(var: str, kind: str, slot: str) -> list[str]:
    if kind == "const":
        return [f"        {var} = {slot}"]
    if kind == "local":
        return ["        try:", f"            {var} = env[{slot}]", "        except KeyError:",
                f"            _unassigned({slot})"]
    return [f"        {var} = {slot}(env)"]


def index(interp, node):
    """``obj[i]`` through ops.index with both operands read inline when possible."""
    kl, vl = operand(interp, node.obj)
    kr, vr = operand(interp, node.index)
    key = (kl, kr, "[]", False)
    code = _CODE.get(key)
    if code is None:
        lines = ["def _spl_make(L, R, _unassigned, _index):", "    def index(env):"]
        lines += _load("a", kl, "L") + _load("b", kr, "R")
        lines += ["        return _index(a, b)", "    return index"]
        ns: dict = {}
        exec(compile("\n".join(lines), "<spl operator>", "exec"), ns)  # noqa: S102 - fixed templates only
        code = _CODE[key] = ns["_spl_make"]
    return code(vl, vr, _unassigned, ops.index)


def binary(interp, node, py_op: str, add_fallback: bool = False):
    """A closure for ``left <py_op> right`` (a Python operator that already has the
    Simple meaning); ``add_fallback`` rewords a TypeError of ``+`` as ops.add does."""
    kl, vl = operand(interp, node.left)
    kr, vr = operand(interp, node.right)
    key = (kl, kr, py_op, add_fallback)
    code = _CODE.get(key)
    if code is None:
        lines = ["def _spl_make(L, R, _unassigned, _add):", "    def binop(env):"]
        lines += _load("a", kl, "L") + _load("b", kr, "R")
        if add_fallback:
            lines += ["        try:", f"            return a {py_op} b", "        except TypeError:",
                      "            return _add(a, b)"]
        else:
            lines.append(f"        return a {py_op} b")
        lines.append("    return binop")
        ns: dict = {}
        exec(compile("\n".join(lines), "<spl operator>", "exec"), ns)  # noqa: S102 - fixed templates only
        code = _CODE[key] = ns["_spl_make"]
    return code(vl, vr, _unassigned, ops.add)


_MISSING = object()


def global_call(module_env: dict, name: str, load, args: tuple):
    """``f(a)`` / ``f(a, b)`` where ``f`` is a module-level name: the lookup inlined."""
    get = module_env.get
    if len(args) == 1:
        (a0,) = args

        def call1(env):
            f = get(name, _MISSING)
            if f is _MISSING:
                f = load(env)
            return f(a0(env))
        return call1
    if len(args) == 2:
        a0, a1 = args

        def call2(env):
            f = get(name, _MISSING)
            if f is _MISSING:
                f = load(env)
            return f(a0(env), a1(env))
        return call2
    if not args:
        def call0(env):
            f = get(name, _MISSING)
            if f is _MISSING:
                f = load(env)
            return f()
        return call0
    return None
