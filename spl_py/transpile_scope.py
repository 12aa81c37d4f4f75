"""Static facts the transpiler needs about one function body.

* Which names are local, and which assignments need ``nonlocal`` / ``global``.
* ``val`` vs ``var`` bindings (assigning a ``val`` is a runtime error in Simple).
* A small *kind* inference: for locals whose every assignment has a provable kind
  (``int+`` = non-negative int, ``int``, ``float``, ``str``, ``bool``, ``list``, ...),
  the transpiler may emit plain Python operators and subscripts.  Kinds come from
  literals, operators, builtins, methods of values of known kind and what top-level
  functions return.  Parameters, fields and anything written by a nested function are
  unknown (annotations are not enforced at run time, so they prove nothing).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

from . import ast as A
from .scopes import declared_names, pattern_names, plain_assigned_names, target_names


@dataclass(frozen=True, slots=True)
class Held(A.Expr):
    """Transpiler-only: a value generated code already holds in the temporary ``py``, of
    kind ``kind`` (the object and index of ``xs[i] += f()``, evaluated once, before ``f()``)."""
    py: str = ""
    kind: str | None = None


class Hoisted(list):
    """Statements hoisted out of the expression being compiled, to run before it (the
    compilers' ``pre``), and how many expressions with effects had been compiled when it
    began (``start``: see ExpressionCompiler.expr_Try)."""
    __slots__ = ("start",)

    def __init__(self, start: int = 0):
        super().__init__()
        self.start = start


# local_shapes: a unit enum variant (no fields, one value); not (), which is also the
# shape of a class without fields
UNIT = ("<unit variant>",)

INT_KINDS = ("int+", "int")
NUMERIC = ("int+", "int", "float")
BOTTOM = "bottom"


_TEXT_TO_TEXT = frozenset({"replace", "trim", "strip", "trim_start", "trim_end", "lstrip", "rstrip",
                           "to_upper", "to_lower", "upper", "lower"})


# Number methods (runtime.methods) that give a float for an int or a float receiver, and
# those that keep a float a float (an int receiver gives back an int).
_NUMBER_TO_FLOAT = frozenset({"sqrt", "exp", "log", "ln", "log10", "log2", "sin", "cos", "tan", "tanh",
                              "asin", "acos", "atan", "to_f64", "to_float", "to_f32"})
_FLOAT_TO_FLOAT = frozenset({"floor", "ceil", "round", "abs"})
_BITWISE = ("&", "|", "^", "<<", ">>")
# What more text methods (runtime.methods.TEXT_METHODS) give, whatever their arguments.
_TEXT_METHOD_KINDS = {
    "contains": "bool", "starts_with": "bool", "ends_with": "bool", "is_empty": "bool",
    "index_of": "int", "last_index_of": "int", "find": "int", "char_code_at": "int", "count": "int",
    "char_at": "str", "substring": "str", "slice": "str", "to_string": "str", "repeat": "str",
    "split": "list",
}
# List methods (runtime.methods.LIST_METHODS) whose result kind does not depend on the
# elements: new lists, texts, truth values, positions.
_LIST_METHOD_KINDS = {
    "join": "str", "contains": "bool", "is_empty": "bool", "count": "int+", "index_of": "int",
    "map": "list", "filter": "list", "zip": "list", "enumerate": "list", "reverse": "list",
    "reversed": "list", "sort": "list", "sorted": "list", "copy": "list", "clone": "list",
    "concat": "list", "to_list": "list",
}


def _bitwise_kind(op: str, a, b):
    """``& | ^`` of two bools is a bool; of two ints, or a shift of ints, an int
    (non-negative from non-negative operands)."""
    if a == BOTTOM or b == BOTTOM:
        return BOTTOM
    if a == b == "bool" and op in ("&", "|", "^"):
        return "bool"
    if a in INT_KINDS and b in INT_KINDS:
        return "int+" if a == b == "int+" else "int"
    return None


def join(a, b):
    if a == BOTTOM:
        return b
    if b == BOTTOM:
        return a
    if a == b:
        return a
    if a in INT_KINDS and b in INT_KINDS:
        return "int"
    return None


def _number_kind(a, b, keeps_non_negative: bool):
    """An arithmetic result: non-negative from non-negative ints (where the operation keeps
    them so), an int from ints, a float from other numbers, else unknown."""
    if keeps_non_negative and a == "int+" and b == "int+":
        return "int+"
    if a in INT_KINDS and b in INT_KINDS:
        return "int"
    if a in NUMERIC and b in NUMERIC:
        return "float"
    return None


def binop_kind(op: str, a, b):
    if a == BOTTOM or b == BOTTOM:
        return BOTTOM
    if op == "+" and a == "str":
        return "str"  # Python's str + anything else raises (no Simple value has __radd__ for text)
    if a is None or b is None:
        return None
    if op in ("+", "*"):
        k = _number_kind(a, b, keeps_non_negative=True)
        if k is not None:
            return k
        if op == "+" and a == b and a in ("str", "list"):
            return a
        if op == "*" and a == "str" and b in INT_KINDS:
            return "str"
        return None
    if op == "-":
        return _number_kind(a, b, keeps_non_negative=False)
    if op in ("/", "%"):
        return _number_kind(a, b, keeps_non_negative=True)
    if op == "**":
        if a in INT_KINDS and b == "int+":
            return a
        if a == "float" and b in NUMERIC:
            return "float"
        return None
    return None


class FunctionInfo:
    """Scope facts of one function (or of the module when ``outer`` is None)."""

    def __init__(self, outer: Optional["FunctionInfo"], params: tuple, body: tuple,
                 module_names: dict, is_module: bool = False, method: bool = False):
        self.outer = outer
        self.is_module = is_module
        self._body = body
        self.module_names = module_names
        names: dict[str, bool] = {}
        for p in params:
            names[p] = True
        if method:
            names["self"] = False
        if not is_module:
            declared_names(body, names)
        self.names = names  # local name -> mutable
        self.params = set(params) | ({"self"} if method else set())
        self.nonlocals: set[str] = set()
        self.globals: set[str] = set()
        self.kinds: dict[str, object] = {}
        self.temp_count = 0
        self.try_escapes = False  # a ``?`` inside a comprehension returns through spl_TryReturn
        self.module_kinds: dict[str, object] = outer.module_kinds if outer is not None else {}
        # module function name -> the kind of every value it returns
        self.return_kinds: dict[str, object] = outer.return_kinds if outer is not None else {}
        if is_module:
            self._infer_return_kinds(body)
            self._infer_module_vals(body)
        else:
            self._dialect_locals(body)
            self._infer(body)

    @cached_property
    def has_inner_functions(self) -> bool:
        """Whether a function defined inside may assign this one's locals (nonlocal);
        worked out only when asked (by a compound assignment)."""
        return not self.is_module and any(
            isinstance(n, (A.FnDef, A.Lambda)) for stmt in self._body for n in A.walk(stmt))

    # ------------------------------------------------------------------ names

    def depth_of(self, name: str) -> Optional[int]:
        info, depth = self, 0
        while info is not None and not info.is_module:
            if name in info.names:
                return depth
            info, depth = info.outer, depth + 1
        return None

    def mutable(self, name: str) -> Optional[bool]:
        info = self
        while info is not None and not info.is_module:
            if name in info.names:
                return info.names[name]
            info = info.outer
        return self.module_names.get(name)

    def _dialect_locals(self, body) -> None:
        """``x = 1`` of a name declared nowhere declares it here (Python dialect)."""
        for target in plain_assigned_names(body):
            if self.depth_of(target) is None and target not in self.module_names:
                self.names.setdefault(target, True)

    # ------------------------------------------------------------------ kinds

    def _infer_module_vals(self, body) -> None:
        """Kinds of module-level names every binding of which is a plain assignment at the
        top level (``val N = 4``, ``var total = 0`` ... ``total = total + i``, ``for k in
        0..10``) and which no function, method or lambda assigns: nothing else can change
        them (another module cannot assign them either)."""
        if any(isinstance(s, A.Use) and s.star for s in body):
            return  # ``use a.*`` may rebind any name at run time
        assigns, other = _plain_bindings(body)
        for stmt in body:  # anything a function, method or lambda assigns (as a global)
            for node in A.walk(stmt):
                if isinstance(node, (A.FnDef, A.Lambda)) and node.body is not None:
                    other.update(_names_assigned_in(node.body))
        seen: dict[str, int] = {}  # every binding anywhere (block expressions included)
        for stmt in body:
            for node in A.walk(stmt):
                if isinstance(node, (A.Assign, A.AugAssign)):
                    names = _assigned_names(node.target)
                elif isinstance(node, (A.VarDecl, A.For)):
                    names = target_names(node.target)
                else:
                    continue
                for n in names:
                    seen[n] = seen.get(n, 0) + 1
        kinds = {n: BOTTOM for n, values in assigns.items()
                 if n not in other and n in self.module_names and seen.get(n) == len(values)}
        self.module_kinds.update(kinds)
        self._solve_kinds(list(kinds), assigns, self.module_kinds)

    def _infer_return_kinds(self, body) -> None:
        """Kinds of what top-level functions return, for calls by name (``"{argmax(p)}"``
        needs no ``to_text`` when ``argmax`` returns an int).  A function counts when only
        its ``fn`` binds its name and no decorator wraps it; its kind joins every ``return``
        value and its tail value (an ``if`` tail with an ``else`` joins its branches' tails;
        any other tail, or a missing ``else``, leaves it unknown).  Fixed point from
        "returns nothing yet"; unsettled after a few rounds means unknown."""
        if any(isinstance(s, A.Use) and s.star for s in body):
            return
        assigns, _ = _plain_bindings(body)
        fns = {}
        for stmt in body:
            if isinstance(stmt, A.FnDef) and stmt.body is not None and not stmt.attributes:
                fns[stmt.name] = None if stmt.name in fns else stmt
        for stmt in body:
            if isinstance(stmt, (A.ExternFn, A.ClassDef, A.EnumDef, A.TraitDef, A.Use)):
                fns.pop(getattr(stmt, "name", None), None)
        fns = {n: fn for n, fn in fns.items() if fn is not None and n not in assigns}
        for n in fns:
            self.return_kinds[n] = BOTTOM
        for _ in range(6):
            changed = False
            for n, fn in fns.items():
                info = FunctionInfo(self, tuple(p.name for p in fn.params), fn.body.body, self.module_names)
                k = info.returned_kind(fn.body.body)
                if k != self.return_kinds[n]:
                    self.return_kinds[n], changed = k, True
            if not changed:
                break
        else:
            self.return_kinds.clear()
        for n, k in list(self.return_kinds.items()):
            if k == BOTTOM or k is None:
                del self.return_kinds[n]

    def returned_kind(self, body):
        k = self._tail_kind(body)
        for stmt in _walk_stmts(body):
            if isinstance(stmt, A.Return):
                k = join(k, "nil" if stmt.value is None else self.expr_kind(stmt.value))
            if k is None:
                return None
        return k

    def _tail_kind(self, body):
        if not body:
            return None
        last = body[-1]
        if isinstance(last, A.ExprStmt):
            return self.expr_kind(last.value)
        if isinstance(last, A.Return):
            return BOTTOM  # counted with the other returns
        if isinstance(last, A.If) and last.orelse is not None:
            k = self._tail_kind(last.orelse.body)
            for _, block in last.branches:
                k = join(k, self._tail_kind(block.body))
            return k
        return None

    def kind_of_name(self, name: str):
        if name in self.kinds:
            return self.kinds[name]
        return None

    def _infer(self, body) -> None:
        assigns, unknown = _plain_bindings(body)
        unknown.update(self.params)
        for node in _walk_exprs(body):
            if isinstance(node, A.Lambda):
                unknown.update(_names_assigned_in(node.body))
        for stmt in _walk_stmts(body):
            if isinstance(stmt, A.FnDef) and stmt.body is not None:
                unknown.update(_names_assigned_in(stmt.body))
        self.kinds = {name: BOTTOM for name in assigns if name not in unknown and name in self.names}
        self._solve_kinds(list(self.kinds), assigns, self.kinds)

    def _solve_kinds(self, names, assigns, table) -> None:
        """Fixed point: each name's kind is the join of the kinds of every value bound to it
        (``table`` is where expr_kind reads names from while solving)."""
        for _ in range(8):
            changed = False
            for name in names:
                k = BOTTOM
                for value in assigns[name]:
                    if isinstance(value, tuple) and value[0] == "elements":  # a literal list's
                        vk = BOTTOM
                        for element in value[1]:
                            vk = join(vk, self.expr_kind(element))
                    elif isinstance(value, tuple):
                        # a range holds ints (make_range insists), none below its start
                        start = self.expr_kind(value[1].start)
                        vk = BOTTOM if start == BOTTOM else "int+" if start == "int+" else "int"
                    elif value is None:
                        vk = "nil"
                    else:
                        vk = self.expr_kind(value)
                    k = join(k, vk)
                    if k is None:
                        break
                if k != table[name]:
                    table[name] = k
                    changed = True
            if not changed:
                break
        for name in names:
            if table[name] == BOTTOM:
                table[name] = None

    def expr_kind(self, e):
        """The provable kind of expression ``e`` (None when unknown)."""
        if isinstance(e, A.IntLit):
            return "int+" if e.value >= 0 else "int"
        if isinstance(e, A.FloatLit):
            return "float"
        if isinstance(e, (A.StrLit, A.InterpStr)):
            return "str"
        if isinstance(e, A.BoolLit):
            return "bool"
        if isinstance(e, (A.ListLit, A.ListComp, A.ListRepeat)):
            return "list"
        if isinstance(e, (A.DictLit, A.DictComp)):
            return "dict"
        if isinstance(e, A.TupleLit):
            return "tuple"
        if isinstance(e, Held):
            return e.kind
        if isinstance(e, A.Name):
            depth = self.depth_of(e.id)
            if depth == 0:
                return self.kinds.get(e.id)
            if depth is None:
                return self.module_kinds.get(e.id)
            return None
        if isinstance(e, A.BinOp):
            if e.op in ("+", "-", "*", "/", "%", "**"):
                return binop_kind(e.op, self.expr_kind(e.left), self.expr_kind(e.right))
            if e.op in _BITWISE:
                return _bitwise_kind(e.op, self.expr_kind(e.left), self.expr_kind(e.right))
            return None
        if isinstance(e, A.UnaryOp):
            k = self.expr_kind(e.operand)
            if e.op == "not":
                return "bool"
            if e.op == "~" and k in INT_KINDS + (BOTTOM,):
                return "int" if k != BOTTOM else k
            if e.op == "-" and k in NUMERIC + (BOTTOM,):
                return "int" if k in INT_KINDS else k
            if e.op == "+" and k in NUMERIC + (BOTTOM,):
                return k
            return None
        if isinstance(e, (A.Compare, A.Presence)):
            return "bool"
        if isinstance(e, A.BoolOp):
            a, b = self.expr_kind(e.left), self.expr_kind(e.right)
            return "bool" if a == b == "bool" else None
        if isinstance(e, A.IfExpr):
            return join(self.expr_kind(e.then), self.expr_kind(e.orelse))
        if isinstance(e, A.Call):
            return self._call_kind(e)
        if isinstance(e, (A.Index, A.Slice)) and self.expr_kind(e.obj) == "str":
            return "str"  # a character or a piece of the text (or an error)
        if isinstance(e, A.Slice) and self.expr_kind(e.obj) == "list":
            return "list"
        return None

    def _call_kind(self, e: A.Call):
        func = e.func
        if isinstance(func, A.Attribute) and func.name == "len" and not e.args:
            if self.expr_kind(func.obj) in ("list", "str", "dict", "tuple"):
                return "int+"
            return None
        if isinstance(func, A.Attribute) and func.name in _TEXT_TO_TEXT and self.expr_kind(func.obj) == "str":
            return "str"  # runtime.methods.TEXT_METHODS: str methods giving str
        if isinstance(func, A.Attribute) and func.name in _TEXT_METHOD_KINDS and self.expr_kind(func.obj) == "str":
            return _TEXT_METHOD_KINDS[func.name]
        if isinstance(func, A.Attribute) and func.name in _LIST_METHOD_KINDS and self.expr_kind(func.obj) == "list":
            return _LIST_METHOD_KINDS[func.name]
        if isinstance(func, A.Attribute) and not e.args:
            receiver = self.expr_kind(func.obj)
            if receiver in NUMERIC:
                if func.name in _NUMBER_TO_FLOAT or (receiver == "float" and func.name in _FLOAT_TO_FLOAT):
                    return "float"  # runtime.methods: FLOAT_METHODS / INT_METHODS
                if func.name in ("to_int", "to_i64") or (receiver != "float" and func.name in _FLOAT_TO_FLOAT):
                    return "int"
        if isinstance(func, A.Name) and self.depth_of(func.id) is None and func.id in self.return_kinds:
            return self.return_kinds[func.id]
        if isinstance(func, A.Name) and self.depth_of(func.id) is None \
                and func.id not in self.module_names:
            if func.id == "len" and len(e.args) == 1 and \
                    self.expr_kind(e.args[0].value) in ("list", "str", "dict", "tuple"):
                return "int+"
            if func.id == "float" and len(e.args) == 1:
                return "float"
            if func.id in ("to_text", "str", "text") and len(e.args) == 1:
                return "str"
        return None

    def new_temp(self, stem: str) -> str:
        root = self
        while root.outer is not None and not root.is_module:
            root = root.outer
        root.temp_count += 1
        return f"spl_{stem}{root.temp_count}"


def _plain_bindings(body) -> tuple[dict, set]:
    """Every binding of one body (nested blocks, not nested functions): ``assigns`` maps a
    name bound only by plain ``name = value`` / ``val`` / ``+=`` / ``for name in a..b`` /
    a for loop over a literal list to those values; ``opaque`` holds names bound any other
    way (other tuple targets, other for loops, match captures, comprehension targets, definitions, imports), whose kind is
    unknown."""
    assigns: dict[str, list] = {}
    opaque: set[str] = set()
    for stmt in _walk_stmts(body):
        if isinstance(stmt, A.VarDecl):
            if isinstance(stmt.target, A.NameTarget):
                assigns.setdefault(stmt.target.name, []).append(stmt.value)
            else:
                opaque.update(target_names(stmt.target))
        elif isinstance(stmt, A.Assign):
            if isinstance(stmt.target, A.Name):
                assigns.setdefault(stmt.target.id, []).append(stmt.value)
            else:
                opaque.update(_assigned_names(stmt.target))
        elif isinstance(stmt, A.AugAssign):
            if isinstance(stmt.target, A.Name):
                assigns.setdefault(stmt.target.id, []).append(A.BinOp(stmt.op, stmt.target, stmt.value))
        elif isinstance(stmt, A.For):
            if isinstance(stmt.target, A.NameTarget) and isinstance(stmt.iter, A.Range):
                assigns.setdefault(stmt.target.name, []).append(("range", stmt.iter))
            else:
                elements = _literal_loop_elements(stmt.target, stmt.iter)
                if elements is None:
                    opaque.update(target_names(stmt.target))
                for n, values in (elements or {}).items():
                    assigns.setdefault(n, []).append(("elements", values))
        elif isinstance(stmt, (A.FnDef, A.ExternFn, A.ClassDef, A.EnumDef, A.TraitDef)):
            opaque.add(stmt.name)
        elif isinstance(stmt, A.Use):
            opaque.update(item.alias or item.name for item in stmt.names)
            if not stmt.names:
                opaque.add(stmt.path[-1])
        elif isinstance(stmt, A.Match):
            for arm in stmt.arms:
                opaque.update(pattern_names(arm.pattern))
    for node in _walk_exprs(body):
        if isinstance(node, (A.ListComp, A.DictComp)):
            for clause in node.clauses:
                opaque.update(target_names(clause.target))
    return assigns, opaque


def _literal_loop_elements(target, iterable):
    """``for x in [a, b]`` / ``for (x, y) in [(a, b), (c, d)]``: each name to the
    expressions it takes in turn (a literal list's elements, evaluated before the loop),
    else None."""
    if not isinstance(iterable, A.ListLit):
        return None
    if isinstance(target, A.NameTarget):
        return {target.name: list(iterable.elems)}
    if not (isinstance(target, A.TupleTarget) and all(isinstance(t, A.NameTarget) for t in target.elems)):
        return None
    width = len(target.elems)
    if not all(isinstance(e, A.TupleLit) and len(e.elems) == width for e in iterable.elems):
        return None
    if len({t.name for t in target.elems}) != width:
        return None
    return {t.name: [e.elems[i] for e in iterable.elems] for i, t in enumerate(target.elems)}


def _assigned_names(target) -> list[str]:
    if isinstance(target, A.Name):
        return [target.id]
    if isinstance(target, A.TupleLit):
        out: list[str] = []
        for t in target.elems:
            out.extend(_assigned_names(t))
        return out
    return []


def _walk_stmts(body):
    """Statements of one function body, nested blocks included, nested functions not."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (A.FnDef, A.ClassDef, A.ImplDef, A.TraitDef, A.EnumDef)):
            continue
        for child in stmt.children():
            if isinstance(child, A.Block):
                yield from _walk_stmts(child.body)
            elif isinstance(child, A.MatchArm):
                yield from _walk_stmts(child.body.body)
        for expr in _exprs_of(stmt):
            for sub in A.walk(expr):
                if isinstance(sub, A.Lambda):
                    break
                if isinstance(sub, A.BlockExpr):
                    yield from _walk_stmts((sub.stmt,))


def _exprs_of(stmt):
    for child in stmt.children():
        if isinstance(child, A.Expr):
            yield child


def _walk_exprs(body):
    for stmt in _walk_stmts(body):
        for expr in _exprs_of(stmt):
            yield from A.walk(expr)
        if isinstance(stmt, A.If):
            for cond, _ in stmt.branches:
                yield from A.walk(cond)


def _names_assigned_in(node) -> set[str]:
    """Names assigned anywhere inside ``node`` (a nested function body)."""
    out: set[str] = set()
    for sub in A.walk(node):
        if isinstance(sub, (A.Assign, A.AugAssign)):
            out.update(_assigned_names(sub.target))
    return out
