"""Specialised closures for the interpreter's hottest nodes (binary operators,
comparisons, calls of global functions).

A generic binary-operator closure costs three Python calls per evaluation (left operand,
right operand, the operator); most operands in loops and recursive functions are
constants or local variables, which the closures generated here read inline.  Semantics
are those of the generic closures: same evaluation order, same messages.  As in the
interpreter, the closures bind their parameters as default arguments (see its docstring).
"""
from __future__ import annotations

from . import ast as A
from .interp_fold import FOLDABLE, NOT_CONSTANT, constant_value
from .runtime import ops
from .runtime.builtins import BUILTINS
from .runtime.methods import METHOD_TABLES, bound_method, call_method, is_direct_method, refuse_me_method
from .runtime.panic import SplPanic

_FAST_OPS = {"+", "-", "*", "@", "&", "|", "^", "<<", ">>"}  # Python's operator is Simple's
_HELPER_OPS = {"/": ops.div, "%": ops.mod}  # not Python's: the runtime helper, called inline
_CHECKED_OPS = {"+", "-", "*", "/", "%", "**", "<<"}
_COMPARE_OPS = {"==", "!=", "<", "<=", ">", ">="}

_CODE: dict = {}  # template key -> the generated ``_spl_make`` factory



def _unassigned(name):
    raise SplPanic(f"variable {name} is used before it is assigned") from None


def operand(interp, node):
    """("const", value) / ("local", name) / ("fn", closure) for an operand node."""
    t = type(node)
    if t is A.Name:
        if interp.scope is not None and interp.scope.depth_of(node.id) == 0:
            return "local", node.id
    elif t in FOLDABLE:
        value = constant_value(node, interp.checked)
        if value is not NOT_CONSTANT:
            return "const", value
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
        lines = ["def _spl_make(L, R, _unassigned, _index):",
                 "    def index(env, L=L, R=R, _unassigned=_unassigned, _index=_index):"]
        lines += _load("a", kl, "L") + _load("b", kr, "R")
        lines += ["        return _index(a, b)", "    return index"]
        ns: dict = {}
        exec(compile("\n".join(lines), "<spl operator>", "exec"), ns)  # noqa: S102 - fixed templates only
        code = _CODE[key] = ns["_spl_make"]
    return code(vl, vr, _unassigned, ops.index)


def binary(interp, node, py_op: str, add_fallback: bool = False):
    """A closure for ``left <py_op> right``: a Python operator that already has the
    Simple meaning (``add_fallback`` rewords a TypeError of ``+`` as ops.add does), or
    ``/`` and ``%`` through their runtime helpers."""
    kl, vl = operand(interp, node.left)
    kr, vr = operand(interp, node.right)
    helper = _HELPER_OPS.get(py_op)
    key = (kl, kr, py_op, add_fallback)
    code = _CODE.get(key)
    if code is None:
        lines = ["def _spl_make(L, R, _unassigned, _call):",
                 "    def binop(env, L=L, R=R, _unassigned=_unassigned, _call=_call):"]
        lines += _load("a", kl, "L") + _load("b", kr, "R")
        if helper is not None:
            lines.append("        return _call(a, b)")
        elif add_fallback:
            lines += ["        try:", f"            return a {py_op} b", "        except TypeError:",
                      "            return _call(a, b)"]
        else:
            lines.append(f"        return a {py_op} b")
        lines.append("    return binop")
        ns: dict = {}
        exec(compile("\n".join(lines), "<spl operator>", "exec"), ns)  # noqa: S102 - fixed templates only
        code = _CODE[key] = ns["_spl_make"]
    return code(vl, vr, _unassigned, helper if helper is not None else ops.add)


_MISSING = object()


def _unbound(name: str):
    """A module-level name read while not bound: the builtin of that name, or the error
    (as the interpreter's load_global)."""
    value = BUILTINS.get(name, _MISSING)
    if value is _MISSING:
        raise SplPanic(f"undefined name {name}")
    return value


def global_call_constant(get, name: str, value):
    """``f(c)`` where ``f`` is a module-level name and ``c`` a constant."""
    def call_constant(env, get=get, name=name, value=value):
        f = get(name, _MISSING)
        if f is _MISSING:
            f = _unbound(name)
        return f(value)
    return call_constant


def global_call(get, name: str, args: tuple):
    """``f(a)`` / ``f(a, b)`` where ``f`` is a module-level name (``get``: the module
    globals' ``get``): the lookup inlined."""
    if len(args) == 1:
        (a0,) = args

        def call1(env, get=get, name=name, a0=a0):
            f = get(name, _MISSING)
            if f is _MISSING:
                f = _unbound(name)
            return f(a0(env))
        return call1
    if len(args) == 2:
        a0, a1 = args

        def call2(env, get=get, name=name, a0=a0, a1=a1):
            f = get(name, _MISSING)
            if f is _MISSING:
                f = _unbound(name)
            return f(a0(env), a1(env))
        return call2
    if not args:
        def call0(env, get=get, name=name):
            f = get(name, _MISSING)
            if f is _MISSING:
                f = _unbound(name)
            return f()
        return call0
    return None


def method_call(obj, name: str, guard, args: tuple):
    """``o.name()`` / ``o.name(a)`` / ``o.name(a, b)`` (no named arguments): the arguments
    without a list, and the method tables of built-in types read inline (call_method
    does the rest and words the errors).  ``guard``: the name of a ``val`` receiver, whose
    ``me`` methods are refused."""
    if is_direct_method(name):
        return _direct_method_call(obj, name, guard, args)
    tables = METHOD_TABLES
    if len(args) == 1:
        (a0,) = args

        def call1(env, obj=obj, name=name, guard=guard, a0=a0):
            o = obj(env)
            if guard is not None and name in getattr(type(o), "_spl_me_methods", ()):
                refuse_me_method(guard, name)
            a = a0(env)
            table = tables.get(type(o))
            if table is not None:
                f = table.get(name)
                if f is not None:
                    return f(o, a)
            return call_method(o, name, a)
        return call1
    if not args:
        def call0(env, obj=obj, name=name, guard=guard):
            o = obj(env)
            if guard is not None and name in getattr(type(o), "_spl_me_methods", ()):
                refuse_me_method(guard, name)
            table = tables.get(type(o))
            if table is not None:
                f = table.get(name)
                if f is not None:
                    return f(o)
            return call_method(o, name)
        return call0
    if len(args) == 2:
        a0, a1 = args

        def call2(env, obj=obj, name=name, guard=guard, a0=a0, a1=a1):
            o = obj(env)
            if guard is not None and name in getattr(type(o), "_spl_me_methods", ()):
                refuse_me_method(guard, name)
            a = a0(env)
            b = a1(env)
            table = tables.get(type(o))
            if table is not None:
                f = table.get(name)
                if f is not None:
                    return f(o, a, b)
            return call_method(o, name, a, b)
        return call2
    return None


def _direct_method_call(obj, name: str, guard, args: tuple):
    """``o.name(...)`` for a name no builtin type has (``is_direct_method``): the method is
    looked up before the arguments are evaluated, as Python (and so transpiled code) does."""
    if not args:
        def direct0(env, obj=obj, name=name, guard=guard):
            o = obj(env)
            if guard is not None and name in getattr(type(o), "_spl_me_methods", ()):
                refuse_me_method(guard, name)
            return bound_method(o, name)()
        return direct0
    if len(args) == 1:
        (a0,) = args

        def direct1(env, obj=obj, name=name, guard=guard, a0=a0):
            o = obj(env)
            if guard is not None and name in getattr(type(o), "_spl_me_methods", ()):
                refuse_me_method(guard, name)
            return bound_method(o, name)(a0(env))
        return direct1

    def direct(env, obj=obj, name=name, guard=guard, args=args):
        o = obj(env)
        if guard is not None and name in getattr(type(o), "_spl_me_methods", ()):
            refuse_me_method(guard, name)
        method = bound_method(o, name)
        return method(*[a(env) for a in args])
    return direct


# ---------------------------------------------------------------- whole expressions
#
# ``fib(n - 1) + fib(n - 2)`` as nested closures costs five Python calls; as one generated
# function (temporaries for every intermediate value, evaluated in the same order, the same
# exceptions raised) it costs one plus the calls of the functions themselves.  Code is
# generated per expression *shape* (constants, local names and other closures are
# parameters), so programs share it; the shape is a small nested tuple, so finding the
# generated code for an expression costs no text building.

_EXPR_CODE: dict = {}  # shape -> the generated ``_spl_make`` factory


def _fast_binop(interp, node) -> bool:
    if type(node) is A.BinOp:
        op = node.op
        return (op in _FAST_OPS or op in _HELPER_OPS) and not (interp.checked and op in _CHECKED_OPS)
    return type(node) is A.Compare and node.op in _COMPARE_OPS


def _global_call(interp, node) -> bool:
    if type(node) is not A.Call or type(node.func) is not A.Name:
        return False
    for arg in node.args:
        if arg.name is not None:
            return False
    return interp.scope is None or interp.scope.depth_of(node.func.id) is None


def _generated(interp, node) -> bool:
    return type(node) is A.Index or _fast_binop(interp, node) or _global_call(interp, node)


_GENERATED_TYPES = frozenset({A.Index, A.BinOp, A.Compare, A.Call})


def compound(interp, node) -> bool:
    """Whether ``node`` (a fast operator, an index or a global call) has an operand that is
    one too."""
    t = type(node)
    if t is A.Index:
        children = (node.obj, node.index)
    elif t is A.BinOp or t is A.Compare:
        if not _fast_binop(interp, node):
            return False
        children = (node.left, node.right)
    elif t is A.Call:
        if not _global_call(interp, node):
            return False
        children = [a.value for a in node.args]
    else:
        return False
    return any_generated(interp, children)


def any_generated(interp, nodes) -> bool:
    """Whether any of ``nodes`` is a fast operator, an index or a global call."""
    for node in nodes:
        if type(node) in _GENERATED_TYPES and _generated(interp, node):
            return True
    return False


def _shape(interp, node, values: list):
    """The shape of ``node``: "c" (a constant), "l" (a local name), "f" (any other closure),
    ``(op, left, right)``, ``("[]", obj, index)`` or ``("call", *args)`` (a global
    function); appends the parameters of the generated code to ``values``, in the order
    :class:`_Codegen` numbers them."""
    t = type(node)
    if t in FOLDABLE:
        value = constant_value(node, interp.checked)
        if value is not NOT_CONSTANT:
            values.append(value)
            return "c"
    if t is A.Name and interp.scope is not None and interp.scope.depth_of(node.id) == 0:
        values.append(node.id)
        return "l"
    if _fast_binop(interp, node):
        return (node.op, _shape(interp, node.left, values), _shape(interp, node.right, values))
    if t is A.Index:
        return ("[]", _shape(interp, node.obj, values), _shape(interp, node.index, values))
    if _global_call(interp, node):
        values.append(node.func.id)
        return ("call",) + tuple([_shape(interp, a.value, values) for a in node.args])
    values.append(interp.visit(node))
    return "f"


class _Codegen:
    """The body of the generated function for a shape (once per shape and process)."""

    def __init__(self):
        self.lines: list[str] = []
        self.params = 0
        self.temps = 0

    def param(self) -> str:
        self.params += 1
        return f"P{self.params - 1}"

    def temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def emit(self, shape) -> str:
        if shape == "c":
            return self.param()
        if shape == "l":
            p, v = self.param(), self.temp()
            self.lines += ["try:", f"    {v} = env[{p}]", "except KeyError:", f"    _unassigned({p})"]
            return v
        if shape == "f":
            p, v = self.param(), self.temp()
            self.lines.append(f"{v} = {p}(env)")
            return v
        kind = shape[0]
        if kind == "call":
            name, f = self.param(), self.temp()
            self.lines += [f"{f} = _get({name}, _M)", f"if {f} is _M:", f"    {f} = _unbound({name})"]
            args = [self.emit(arg) for arg in shape[1:]]
            v = self.temp()
            self.lines.append(f"{v} = {f}({', '.join(args)})")
            return v
        a = self.emit(shape[1])
        b = self.emit(shape[2])
        v = self.temp()
        if kind == "[]":  # ops.index, with its commonest case inline
            self.lines += [f"if type({a}) is list and type({b}) is int and {b} >= 0:", "    try:",
                           f"        {v} = {a}[{b}]", "    except IndexError:", f"        {v} = _index({a}, {b})",
                           "else:", f"    {v} = _index({a}, {b})"]
        elif kind == "+":
            self.lines += ["try:", f"    {v} = {a} + {b}", "except TypeError:", f"    {v} = _add({a}, {b})"]
        elif kind == "/" or kind == "%":
            self.lines.append(f"{v} = {'_div' if kind == '/' else '_mod'}({a}, {b})")
        else:
            self.lines.append(f"{v} = {a} {kind} {b}")
        return v


def _generate(shape):
    gen = _Codegen()
    result = gen.emit(shape)
    params = [f"P{i}" for i in range(gen.params)]
    bound = ["_get", "_M", "_unassigned", "_unbound", "_add", "_index", "_div", "_mod"] + params
    lines = [f"def _spl_make({', '.join(bound)}):",
             f"    def expression(env, {', '.join(f'{p}={p}' for p in bound)}):"]
    lines += ["        " + line for line in gen.lines]
    lines += [f"        return {result}", "    return expression"]
    ns: dict = {}
    exec(compile("\n".join(lines), "<spl expression>", "exec"), ns)  # noqa: S102 - fixed templates only
    return ns["_spl_make"]


def expression(interp, node):
    """One generated closure for a compound expression (see :func:`compound`)."""
    values: list = []
    shape = _shape(interp, node, values)
    make = _EXPR_CODE.get(shape)
    if make is None:
        make = _EXPR_CODE[shape] = _generate(shape)
    return make(interp.ctx.globals_get, _MISSING, _unassigned, _unbound, ops.add, ops.index, ops.div,
                ops.mod, *values)


def if_compare(op, left, right, body, orelse, tail, span, ctx, line, relocate):
    """``if a OP b:`` (one branch; ``left``/``right`` from :func:`operand`): the comparison
    inline in the statement closure, failures reported as ``located`` would."""
    (kl, vl), (kr, vr) = left, right
    key = ("if", kl, kr, op)
    make = _CODE.get(key)
    if make is None:
        bound = "L, R, body, orelse, tail, span, ctx, line, _relocate, _unassigned"
        lines = [f"def _spl_make({bound}):",
                 f"    def run_if(env, {', '.join(f'{p}={p}' for p in bound.split(', '))}):", "        try:"]
        lines += ["    " + x for x in _load("a", kl, "L") + _load("b", kr, "R")]
        lines += [f"            c = a {op} b",
                  "        except Exception as exc:",
                  "            error = _relocate(exc, span, ctx, line)",
                  "            if error is exc:",
                  "                raise",
                  "            raise error from exc",
                  "        if c:",
                  "            return body(env)",
                  "        if orelse is not None:",
                  "            return orelse(env)",
                  "        return tail(None) if tail is not None else None",
                  "    return run_if"]
        ns: dict = {}
        exec(compile("\n".join(lines), "<spl operator>", "exec"), ns)  # noqa: S102 - fixed templates only
        make = _CODE[key] = ns["_spl_make"]
    return make(vl, vr, body, orelse, tail, span, ctx, line, relocate, _unassigned)
