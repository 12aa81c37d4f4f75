"""Expressions for the transpiler: one ``expr_<Node>`` handler per Simple expression.

Plain Python operators are emitted only where they provably mean what the shared runtime
helper means (the interpreter calls the helper):

* ``+ - *``, comparisons, ``and``/``or``/``not``, bitwise operators: always plain (Python's
  exceptions are worded the Simple way by ``translate_exception``); with ``--checked``,
  integer-capable operations use the overflow-checking helpers.
* ``/``: plain when one operand is provably a float (only ``int / int`` truncates).
* ``%``: plain only for two provably non-negative ints (the C remainder equals Python's).
* ``**``: plain for an int or float base with a provably integer exponent.
* ``xs[i]``: a plain subscript when ``i`` is a provably non-negative int (or text) and both
  operands are side-effect free; the site is recorded so that an error re-runs the helper
  for the interpreter's exact message.
* method calls: ``obj.m(...)`` directly when ``m`` is no builtin method name (so only a
  user object can have it); a builtin type's method straight away where the receiver's
  kind is known; else ``spl_m_<m>`` (the likeliest builtin receivers first) or
  ``call_method``.
"""
from __future__ import annotations

import ast
import keyword

from . import ast as A
from .errors import SplInternalError
from .runtime import rt
from .runtime.methods import BUILTIN_METHOD_NAMES, PYTHON_ATTRIBUTES, is_direct_method
from .scopes import target_names
from .transpile_scope import NUMERIC, UNIT, Held, Hoisted


_PLAIN_OPS = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult, "@": ast.MatMult, "&": ast.BitAnd,
              "|": ast.BitOr, "^": ast.BitXor, "<<": ast.LShift, ">>": ast.RShift,
              "/": ast.Div, "%": ast.Mod, "**": ast.Pow}
_CHECKED = {"+": "spl_add_checked", "-": "spl_sub_checked", "*": "spl_mul_checked",
            "/": "spl_div_checked", "%": "spl_mod_checked", "**": "spl_pow_checked",
            "<<": "spl_shl_checked"}
_COMPARE = {"==": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE}
_INT = ("int+", "int")
_NUM = ("int+", "int", "float")


def const(v) -> ast.Constant:
    return ast.Constant(v)


def name(n: str, store: bool = False) -> ast.Name:
    return ast.Name(n, ast.Store() if store else ast.Load())


def attr(obj, a: str) -> ast.Attribute:
    return ast.Attribute(obj, a, ast.Load())


def call(func, args=(), keywords=()) -> ast.Call:
    return ast.Call(func, list(args), list(keywords))


def is_identifier(s: str) -> bool:
    return s.isidentifier() and not keyword.iskeyword(s)


_FLOAT_TYPES = frozenset("eEfFgG%")  # presentation types that say the value is a number


def _number_spec(kind, spec: str) -> bool:
    """Whether ``{v:spec}`` may be a plain f-string spec: ``v`` is provably an int or a float,
    and Python accepts the spec for every value of that kind (it does for one: the format
    mini-language depends on the type, not the value), so ``format_value`` would give the same
    text.  The spec must also be safe to write inside an f-string."""
    if kind not in ("int+", "int", "float") or not spec.isprintable() or any(c in spec for c in "\\'\"{}"):
        return False
    if spec.endswith("c"):  # a character: Python's range check depends on the value
        return False
    try:
        format(1.5 if kind == "float" else 1, spec)
    except (ValueError, TypeError):
        return False
    return True


def _safe_in_fstring(node) -> bool:
    """f-string expression parts must survive ``ast.unparse`` (no backslashes/quotes)."""
    if isinstance(node, ast.FormattedValue):
        node = node.value
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            if any(c in sub.value for c in "\\'\"\n\r{}") or not sub.value.isprintable():
                return False
        if isinstance(sub, (ast.JoinedStr, ast.Lambda)):
            return False
    return True


def _type_path(e) -> tuple:
    """``("E", "V")`` for ``E.V``, ``("C",)`` for ``C``; () for other expressions."""
    if isinstance(e, A.Name):
        return (e.id,)
    if isinstance(e, A.Attribute) and isinstance(e.obj, A.Name):
        return (e.obj.id, e.name)
    return ()


# literals: written into generated code as they are (each evaluation is a new value)
LITERALS = (A.IntLit, A.FloatLit, A.StrLit, A.BoolLit, A.NilLit)
# what evaluates without effects (nothing printed or changed, no error), before a ``?``
_NO_EFFECT = (A.Name, A.Lambda, Held) + LITERALS
# expressions short enough to be written twice in generated code
_SHORT = (A.Name, A.Attribute) + LITERALS


class ExpressionCompiler:
    """Mixed into the Transpiler."""

    def expr(self, node) -> ast.expr:
        handler = getattr(self, "expr_" + type(node).__name__, None)
        if handler is None:
            raise SplInternalError(f"the transpiler cannot compile {type(node).__name__}")
        value = handler(node)
        if not isinstance(node, _NO_EFFECT):
            self.effects_compiled += 1
        return value

    def new_pre(self) -> Hoisted:
        """A fresh ``pre`` for an expression whose hoisted statements run on their own."""
        return Hoisted(self.effects_compiled)

    # ------------------------------------------------------------------ atoms

    def expr_IntLit(self, node):
        v = node.value
        if type(v) in (int, float) and (v < 0 or (v == 0 and str(v).startswith("-"))):
            # a negative constant unparses without parentheses: (-2) ** 2 would read -2 ** 2
            return ast.UnaryOp(ast.USub(), const(-v))
        return const(v)

    expr_FloatLit = expr_IntLit

    def expr_BoolLit(self, node):
        return const(node.value)

    expr_StrLit = expr_BoolLit

    def expr_NilLit(self, node):
        return const(None)

    def expr_Ellipsis_(self, node):
        return call(self.helper("spl_not_implemented"))

    def expr_Name(self, node):
        simple = node.id
        if self.is_builtin(simple):
            self.builtins_used.add(simple)
            if simple in rt.__all__:
                self.helpers.add(simple)
                return name(simple)  # the helper is the builtin itself
            return name(rt.builtin_py_name(simple))  # bound by the module's header
        return name(self.var(simple))

    def expr_Held(self, node):
        return name(node.py)

    def expr_ListLit(self, node):
        return ast.List([self.expr(e) for e in node.elems], ast.Load())

    def expr_ListRepeat(self, node):
        return call(self.helper("spl_list_repeat"), [self.expr(node.value), self.expr(node.count)])

    def expr_TupleLit(self, node):
        return ast.Tuple([self.expr(e) for e in node.elems], ast.Load())

    def expr_DictLit(self, node):
        return ast.Dict([self.expr(k) for k, _ in node.pairs], [self.expr(v) for _, v in node.pairs])

    def expr_Range(self, node):
        args = [self.expr(node.start), self.expr(node.end)]
        if node.inclusive:
            args.append(const(True))
        return call(self.helper("spl_range"), args)

    def expr_InterpStr(self, node):
        # each value compiled once (what it hoists, such as a ``?``, must run once)
        values = {id(p): self.expr(p.value) for p in node.parts if not isinstance(p, str)}
        parts = [(True, const(p)) if isinstance(p, str) else (False, self.formatted(p, values[id(p)]))
                 for p in node.parts]
        if len(parts) == 1 and not parts[0][0]:
            value = parts[0][1]
            if isinstance(value, ast.FormattedValue):
                return ast.JoinedStr([value])
            kind = self.info.expr_kind(node.parts[0].value)
            if node.parts[0].spec is None and kind != "str":
                return call(self.helper("to_text"), [value]) if kind in ("int+", "int", "float") else value
            return value
        if all(_safe_in_fstring(p) for literal, p in parts if not literal):
            return ast.JoinedStr([p if literal or isinstance(p, ast.FormattedValue) else ast.FormattedValue(p, -1, None)
                                  for literal, p in parts])
        items = [const(p) if isinstance(p, str) else self.formatted(p, values[id(p)], as_text=True)
                 for p in node.parts]
        return call(attr(const(""), "join"), [ast.List(items, ast.Load())])

    def formatted(self, part: A.FormattedValue, value: ast.expr, as_text: bool = False) -> ast.expr:
        """One ``{value}`` / ``{value:spec}`` of an interpolation (``value``: its compiled
        value): the expression giving its text, or (in an f-string) a ``FormattedValue``
        applying a spec Python's format applies exactly as ``format_value`` does to a
        number of the value's kind."""
        kind = self.info.expr_kind(part.value)
        if part.spec is None:
            if kind == "str" or (kind in ("int+", "int", "float") and not as_text):
                return value
            if kind == "bool":
                return ast.IfExp(value, const("true"), const("false"))
            if kind == "list":
                return call(self.helper("spl_list_text"), [value])
            return call(self.helper("to_text"), [value])
        if not as_text and _number_spec(kind, part.spec):
            return ast.FormattedValue(value, -1, ast.JoinedStr([const(part.spec)]))
        if kind is None and part.spec[-1:] in _FLOAT_TYPES and _number_spec("float", part.spec):
            # a float (the commonest thing formatted with a spec) formats as format_value
            # would format it; anything else goes to format_value
            reads = self.read_twice(part.value, value)
            if reads is None:
                return call(self.helper("format_value"), [value, const(part.spec)])
            first, value = reads
            return ast.IfExp(self.type_is(first, self.pybuiltin("float")),
                             call(self.pybuiltin("format"), [value, const(part.spec)]),
                             call(self.helper("format_value"), [value, const(part.spec)]))
        return call(self.helper("format_value"), [value, const(part.spec)])

    # ------------------------------------------------------------------ operators

    def int_fast_path(self, left_node, left, op, right_node, right, helper: str):
        """``a / b`` or ``a % b`` on operands of unproven kind: for a non-negative int ``a``
        and a positive int ``b``, Python's ``//`` / ``%`` give what Simple's truncating
        operators give, so ``a // b if type(a) is int and a >= 0 and ... else spl_div(a, b)``.
        A compound ``a`` is computed once into a temporary (``:=``, first in the test, so
        it is always set; not inside a comprehension, where Python restricts it); ``b``
        must be a literal, a name or a field.  None where no such form applies."""
        tests = []
        kl, kr = self.info.expr_kind(left_node), self.info.expr_kind(right_node)
        value = left
        if kl != "int+":
            reads = self.read_twice(left_node, left)
            if reads is None:
                return None
            first, value = reads
            if kl == "int":  # proven an int, maybe negative
                tests.append(ast.Compare(first, [ast.GtE()], [const(0)]))
            else:
                tests += [self.type_is(first, self.pybuiltin("int")), ast.Compare(value, [ast.GtE()], [const(0)])]
        if not (isinstance(right_node, A.IntLit) and right_node.value > 0):
            if not self.rereadable(right_node):
                return None
            if kr not in ("int+", "int"):
                tests.append(self.type_is(right, self.pybuiltin("int")))
            tests.append(ast.Compare(right, [ast.Gt()], [const(0)]))
        if not tests:
            return ast.BinOp(value, op, right)
        test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)
        return ast.IfExp(test, ast.BinOp(value, op, right), call(self.helper(helper), [value, right]))

    def float_division(self, value: ast.expr, right_node, right: ast.expr, otherwise: ast.expr) -> ast.expr:
        """The int fast path's other branch for ``a / b``: Python's ``/`` where ``a`` (and a
        ``b`` that is no literal) is a float, as Simple divides floats; a zero divisor raises
        ZeroDivisionError, which reads as Simple's "division by zero" there too."""
        tests = [self.type_is(value, self.pybuiltin("float"))]
        if not isinstance(right_node, A.IntLit):
            tests.append(self.type_is(right, self.pybuiltin("float")))
        test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.And(), tests)
        return ast.IfExp(test, ast.BinOp(value, ast.Div(), right), otherwise)

    def nested_fast_path(self, left_node, left, op, right_node, right, helper: str):
        """``(a / b) % c`` (or ``%`` inside, or ``/`` outside) where the inner operation has
        an int fast path: its fast branch gives a non-negative int, so there the outer one
        tests only ``c``: ``(a // b % c if <c test> else spl_mod(a // b, c)) if <a, b
        tests> else spl_mod(spl_div(a, b), c)``.  None where the inner one has no such
        branch."""
        if not (isinstance(left_node, A.BinOp) and left_node.op in ("/", "%") and isinstance(left, ast.IfExp)
                and isinstance(left.body, ast.BinOp)):
            return None
        known = Held(kind="int+", span=left_node.span)
        fast = self.int_fast_path(known, left.body, op, right_node, right, helper)
        if fast is None:
            return None
        return ast.IfExp(left.test, fast, call(self.helper(helper), [left.orelse, right]))

    def binop(self, op: str, left_node, right_node) -> ast.expr:
        kl, kr = self.info.expr_kind(left_node), self.info.expr_kind(right_node)
        left, right = self.expr(left_node), self.expr(right_node)
        floaty = kl == "float" or kr == "float"
        if self.checked and op in _CHECKED and not floaty:
            return call(self.helper(_CHECKED[op]), [left, right])
        if op == "/":
            if floaty:
                return ast.BinOp(left, ast.Div(), right)
            if kl == "int+" and isinstance(right_node, A.IntLit) and right_node.value > 0:
                # truncating is flooring; the divisor is no zero (a ZeroDivisionError
                # would escape the error-catching builtins, which expect a Simple panic)
                return ast.BinOp(left, ast.FloorDiv(), right)
            literal = isinstance(right_node, A.IntLit) and right_node.value > 0
            helper = "spl_div_lit" if literal else "spl_div"
            fast = self.nested_fast_path(left_node, left, ast.FloorDiv(), right_node, right, helper)
            if fast is None:
                fast = self.int_fast_path(left_node, left, ast.FloorDiv(), right_node, right, helper)
                if fast is not None and kl is None and isinstance(fast, ast.IfExp):
                    fast.orelse = self.float_division(fast.body.left, right_node, right, fast.orelse)
            return fast if fast is not None else call(self.helper(helper), [left, right])
        if op == "%":
            if kl == "int+" and kr == "int+":
                return ast.BinOp(left, ast.Mod(), right)
            literal = isinstance(right_node, A.IntLit) and right_node.value > 0
            helper = "spl_mod_lit" if literal else "spl_mod"
            fast = self.nested_fast_path(left_node, left, ast.Mod(), right_node, right, helper)
            if fast is None:
                fast = self.int_fast_path(left_node, left, ast.Mod(), right_node, right, helper)
            return fast if fast is not None else call(self.helper(helper), [left, right])
        if op == "**":
            if (kl in _INT and kr == "int+") or (kl == "float" and kr in _INT):
                return ast.BinOp(left, ast.Pow(), right)
            return call(self.helper("spl_pow"), [left, right])
        return ast.BinOp(left, _PLAIN_OPS[op](), right)

    def expr_BinOp(self, node):
        op = node.op
        if op == "|>":
            return self.expr(A.pipe_as_call(node))
        if op == "??":
            if isinstance(node.left, A.NilLit):  # ``nil ?? x`` is x
                return self.expr(node.right)
            left = self.expr(node.left)
            hoisted, right = self.lazy_operand(node.right)
            reads = self.read_twice(node.left, left, "value") if not hoisted else None
            if reads is not None:
                # what spl_coalesce does, written out: no function for the right side
                first, again = reads
                present = ast.IfExp(self.type_is(again, self.helper("Some")), attr(again, "value"), again)
                return ast.IfExp(ast.Compare(first, [ast.Is()], [const(None)]), right, present)
            if not hoisted:
                fallback = ast.Lambda(ast.arguments([], [], None, [], [], None, []), right)
                return call(self.helper("spl_coalesce"), [left, fallback])
            # the right side hoists statements (`?`, block values): run them only when needed
            temp = self.info.new_temp("value")
            self.pre.append(ast.Assign([name(temp, True)], left))
            self.pre.append(ast.If(ast.Compare(name(temp), [ast.Is()], [const(None)]),
                                   hoisted + [ast.Assign([name(temp, True)], right)],
                                   [ast.Assign([name(temp, True)], call(self.helper("spl_unwrap_some"),
                                                                          [name(temp)]))]))
            return name(temp)
        return self.binop(op, node.left, node.right)

    def expr_Compare(self, node):
        op = node.op
        left, right = self.expr(node.left), self.expr(node.right)
        if op in _COMPARE:
            return ast.Compare(left, [_COMPARE[op]()], [right])
        if op in ("in", "not in"):
            if self.info.expr_kind(node.right) in ("list", "dict", "tuple"):
                return ast.Compare(left, [ast.In() if op == "in" else ast.NotIn()], [right])
            test = call(self.helper("spl_contains"), [right, left])
            return test if op == "in" else ast.UnaryOp(ast.Not(), test)
        if isinstance(node.right, A.NilLit):
            return ast.Compare(left, [ast.Is() if op == "is" else ast.IsNot()], [const(None)])
        shape = self.known_shape(_type_path(node.right)) if op in ("is", "is not") else None
        if shape is not None:  # this module's class or enum variant: what spl_same does
            if shape is UNIT:
                return ast.Compare(left, [ast.Is() if op == "is" else ast.IsNot()], [right])
            test = call(self.pybuiltin("isinstance"), [left, right])
            return test if op == "is" else ast.UnaryOp(ast.Not(), test)
        test = call(self.helper("spl_same"), [left, right])
        return test if op == "is" else ast.UnaryOp(ast.Not(), test)

    def lazy_operand(self, node, start=None):
        """Compile an operand that may not run (right of and/or/??, if-expression branches):
        returns (statements it hoisted, value).  Hoisted statements must then run only on
        the path that evaluates the operand.  They run where the enclosing expression's
        own do, so a ``?`` in the operand after effects is raised as there (expr_Try);
        ``start`` -1 has every ``?`` raised."""
        saved, self.pre = self.pre, Hoisted(self.pre.start if start is None else start)
        try:
            value = self.expr(node)
            hoisted = self.pre
        finally:
            self.pre = saved
        # the defs of block lambdas run nothing: made before the expression, as elsewhere
        saved.extend(s for s in hoisted if isinstance(s, ast.FunctionDef))
        return [s for s in hoisted if not isinstance(s, ast.FunctionDef)], value

    def expr_BoolOp(self, node):
        op = ast.And() if node.op == "and" else ast.Or()
        left = self.expr(node.left)
        hoisted, right = self.lazy_operand(node.right)
        if not hoisted:
            return ast.BoolOp(op, [left, right])
        temp = self.info.new_temp("cond")
        self.pre.append(ast.Assign([name(temp, True)], left))
        test = name(temp) if node.op == "and" else ast.UnaryOp(ast.Not(), name(temp))
        self.pre.append(ast.If(test, hoisted + [ast.Assign([name(temp, True)], right)], []))
        return name(temp)

    def expr_UnaryOp(self, node):
        operand = self.expr(node.operand)
        if node.op == "not":
            return ast.UnaryOp(ast.Not(), operand)
        if node.op == "-":
            if self.checked and self.info.expr_kind(node.operand) != "float":
                return call(self.helper("spl_neg_checked"), [operand])
            return ast.UnaryOp(ast.USub(), operand)
        if node.op == "+":
            return ast.UnaryOp(ast.UAdd(), operand)
        return ast.UnaryOp(ast.Invert(), operand)

    def expr_IfExpr(self, node):
        cond = self.expr(node.cond)
        then_hoisted, then = self.lazy_operand(node.then)
        else_hoisted, orelse = self.lazy_operand(node.orelse)
        if not then_hoisted and not else_hoisted:
            return ast.IfExp(cond, then, orelse)
        temp = self.info.new_temp("value")
        self.pre.append(ast.If(cond, then_hoisted + [ast.Assign([name(temp, True)], then)],
                               else_hoisted + [ast.Assign([name(temp, True)], orelse)]))
        return name(temp)

    def expr_IfLetExpr(self, node):
        """``then if spl_bind(t := subject) and <pattern test of t> else orelse``."""
        temp = self.info.new_temp("subject")
        bind = call(self.helper("spl_bind"), [ast.NamedExpr(name(temp, True), self.expr(node.subject))])
        test = self.pattern(node.pattern, name(temp))
        cond = bind if test is None else ast.BoolOp(ast.And(), [bind, test])
        return ast.IfExp(cond, self.expr(node.then), self.expr(node.orelse))

    def expr_BlockExpr(self, node):
        """``val x = if c:`` + blocks: the statement runs before, assigning a temporary."""
        temp = self.info.new_temp("value")
        stmt = node.stmt
        tail = ("assign", temp)
        saved, self.pre = self.pre, self.new_pre()
        try:
            if isinstance(stmt, A.If):
                out = self.compile_if(stmt, tail)
            else:
                out = [ast.Assign([name(temp, True)], const(None))] + self.compile_match(stmt, tail)
            out = self.locate(self.pre + out, stmt.span.line)
        finally:
            self.pre = saved
        self.pre.extend(out)
        return name(temp)

    def expr_Cast(self, node):
        type_name = node.type.name if isinstance(node.type, A.NamedType) else ""
        return call(call(self.helper("spl_cast"), [const(type_name)]), [self.expr(node.value)])

    # ------------------------------------------------------------------ postfix

    def expr_Attribute(self, node):
        obj = self.expr(node.obj)
        n = node.name
        if is_identifier(n) and not n.startswith("__") and n not in PYTHON_ATTRIBUTES:
            return attr(obj, n)
        return call(self.helper("get_attr"), [obj, const(n)])

    def expr_OptionalAttr(self, node):
        obj = self.expr(node.obj)
        n = node.name
        if self.rereadable(node.obj) and is_identifier(n) and not n.startswith("__") and n not in PYTHON_ATTRIBUTES:
            # what spl_optional_attr does, written out
            inner = ast.IfExp(self.type_is(obj, self.helper("Some")), attr(obj, "value"), obj)
            return ast.IfExp(ast.Compare(obj, [ast.Is()], [const(None)]), const(None), attr(inner, n))
        return call(self.helper("spl_optional_attr"), [obj, const(n)])

    def type_is(self, value: ast.expr, cls: ast.expr) -> ast.expr:
        """``type(value) is cls``."""
        return ast.Compare(call(self.pybuiltin("type"), [value]), [ast.Is()], [cls])

    def read_twice(self, node, value: ast.expr, stem: str = "t"):
        """``(first, again)``: ``value`` (the compiled ``node``) for its first read and for
        later ones -- itself for a name or field, else ``(spl_t1 := value)`` then ``spl_t1``
        -- or None inside a comprehension (where Python restricts ``:=``)."""
        if self.rereadable(node):
            return value, value
        if self.comp_depth:
            return None
        temp = self.info.new_temp(stem)
        return ast.NamedExpr(name(temp, True), value), name(temp)

    def rereadable(self, e) -> bool:
        """A name or a field of one, which generated code may read more than once."""
        if isinstance(e, A.Attribute):
            return self.rereadable(e.obj) and is_identifier(e.name) and not e.name.startswith("__") \
                and e.name not in PYTHON_ATTRIBUTES
        return isinstance(e, (A.Name, Held))

    def pure(self, e) -> bool:
        if isinstance(e, (A.Name, A.IntLit, A.StrLit, Held)):
            return True
        if isinstance(e, A.Attribute):
            return self.pure(e.obj)
        if isinstance(e, A.Index):
            return self.pure(e.obj) and self.pure(e.index)
        if isinstance(e, A.BinOp) and e.op in ("+", "-", "*"):
            return self.pure(e.left) and self.pure(e.right)
        return False

    def plain_subscript(self, node: A.Index, store: bool = False):
        """``obj[i]`` as a plain Python subscript when that cannot differ (see module doc)."""
        if not (self.pure(node.obj) and self.pure(node.index)):
            return None
        kind = self.info.expr_kind(node.index)
        if kind not in ("int+", "str") and self.info.expr_kind(node.obj) != "dict" \
                and not self.nonneg_index(node.index):
            return None
        return self.site_subscript(self.expr(node.obj), self.expr(node.index), store)

    def at_site(self, node: ast.expr, kind: str, a: ast.expr, b: ast.expr) -> ast.expr:
        """``node`` (a subscript or a ``range`` call) marked as an error site: a failure
        there re-runs the runtime helper (``kind`` with the operands' source ``a``, ``b``)
        for the interpreter's message (see runtime/trace.py)."""
        site = len(self.sites) + 1
        self.sites[site] = (kind, ast.unparse(a), ast.unparse(b))
        node.col_offset = node.end_col_offset = site
        return node

    def site_subscript(self, obj: ast.expr, index: ast.expr, store: bool = False) -> ast.Subscript:
        sub = ast.Subscript(obj, index, ast.Store() if store else ast.Load())
        return self.at_site(sub, "set" if store else "index", obj, index)

    def non_negative_int(self, index_node, first: ast.expr, index: ast.expr) -> ast.expr:
        """The test that index ``index`` (``first``: its first read) may go to Python's
        subscript of a container of unproven type (a dict, an object's ``get``, a list):
        ``i >= 0`` when it is proven a number, else ``type(i) is int and i >= 0`` (a text
        key cannot be compared with 0).  A float index fails in Python's subscript where
        ``ops.index`` fails, or finds what it finds (a dict key, ``get``)."""
        if self.info.expr_kind(index_node) in NUMERIC or self.number_or_failure(index_node):
            return ast.Compare(first, [ast.GtE()], [const(0)])
        return ast.BoolOp(ast.And(), [self.type_is(first, self.pybuiltin("int")),
                                      ast.Compare(index, [ast.GtE()], [const(0)])])

    def number_or_failure(self, e) -> bool:
        """``a + i`` / ``a - i`` with one side proven a number (``row * width + col``): a
        number whatever the other side holds, or Python's operator fails first."""
        return (isinstance(e, A.BinOp) and e.op in ("+", "-")
                and (self.info.expr_kind(e.left) in NUMERIC or self.info.expr_kind(e.right) in NUMERIC))

    def nonneg_index(self, e) -> bool:
        """Whether index ``e`` is a non-negative int (or fails as an index does): sums and
        products of non-negative ints and of loop bounds known to be at least 1 (read in the
        function of their loop, not as a comprehension's target)."""
        if isinstance(e, A.Name):
            if (e.id, self.info) in self.positive_names and e.id not in self.comp_names:
                return True
            return self.info.expr_kind(e) == "int+"
        if isinstance(e, A.IntLit):
            return e.value >= 0
        if isinstance(e, A.BinOp) and e.op in ("+", "*"):
            return self.nonneg_index(e.left) and self.nonneg_index(e.right)
        return False

    def expr_Index(self, node):
        if self.failing_place is not None and same_place(node, self.failing_place):
            return call(self.helper("spl_index"), [self.expr(node.obj), self.expr(node.index)])
        plain = self.plain_subscript(node)
        if plain is not None:
            return plain
        guarded = self.guarded_subscript(node)
        if guarded is not None:
            return guarded
        return call(self.helper("spl_index"), [self.expr(node.obj), self.expr(node.index)])

    def guarded_subscript(self, node: A.Index):
        """``xs[i]`` with ``i`` not proven a non-negative int, ``xs`` a name or field: a plain
        subscript when ``i`` is one at run time, else the helper (``xs[i] if type(xs) is
        list and type(i) is int and i >= 0 else spl_index(xs, i)``).  Only Simple's refusal
        of negative indexes makes a list subscript differ from Python's.  ``xs`` is read
        first, as the interpreter reads it (a parameter or a declared field of ``self``,
        which cannot fail, needs no test).  A compound index (``xs[r * n + c]``) goes
        through a ``:=`` temporary; the helper's branch computes it again (it runs no
        code: see ``pure``)."""
        if not self.rereadable(node.obj):
            return None
        if isinstance(node.index, A.Name):
            index = self.expr(node.index)
            if not isinstance(index, ast.Name):
                return None
            first = index
        elif self.comp_depth == 0 and self.pure(node.index):
            first, index = self.read_twice(node.index, self.expr(node.index), "i")
        else:
            return None
        obj = self.expr(node.obj)
        test = self.index_test(node.obj, obj, node.index, first, index)
        return ast.IfExp(test, self.site_subscript(obj, index),
                         call(self.helper("spl_index"), [self.expr(node.obj), self.expr(node.index)]))

    def index_test(self, obj_node, obj: ast.expr, index_node, first: ast.expr, index: ast.expr,
                   store: bool = False) -> ast.expr:
        """When ``xs[i]`` may be Python's subscript: ``type(xs) is list and i >= 0``, or
        ``i >= 0`` for a name proven to hold a list, a text or a tuple.  That is the test
        runtime.ops.index makes; an index ``>=`` cannot compare (a text, nil) fails there
        as Python's subscript would, so the compare is an error site too.  Where reading
        ``xs`` cannot fail, the list test is left out (it may then come after the index),
        and ``xs`` may be a dict: the index is tested to be an int as well."""
        proven = isinstance(obj_node, A.Name) and self.info.expr_kind(obj_node) in ("list", "str", "tuple")
        if self.always_readable(obj_node) and not proven:
            return self.non_negative_int(index_node, first, index)
        test = ast.Compare(first, [ast.GtE()], [const(0)])
        if self.info.expr_kind(index_node) not in ("int", "int+"):
            test = self.at_site(test, "set" if store else "index", obj, index)
        if proven:
            return test
        return ast.BoolOp(ast.And(), [self.type_is(obj, self.pybuiltin("list")), test])

    def always_readable(self, e) -> bool:
        """A parameter of this function, or a field this method's class declares: reading
        it cannot fail, so it may be read after the index without changing which error a
        failing ``xs[i]`` reports."""
        if isinstance(e, A.Name):
            return e.id in self.info.params and self.info.depth_of(e.id) == 0 and e.id not in self.comp_names
        return (isinstance(e, A.Attribute) and isinstance(e.obj, A.Name) and e.obj.id == "self"
                and e.name in self.class_fields and self.info.depth_of("self") == 0
                and self.info.mutable("self") is False and is_identifier(e.name)
                and not e.name.startswith("__") and e.name not in PYTHON_ATTRIBUTES)

    def expr_Slice(self, node):
        if self.info.expr_kind(node.obj) in ("list", "str", "tuple") and all(
                b is None or self.info.expr_kind(b) == "int+" for b in (node.lower, node.upper)):
            # non-negative bounds of a list, text or tuple: Python's slice (both clamp)
            lower = self.expr(node.lower) if node.lower is not None else None
            upper = self.expr(node.upper) if node.upper is not None else None
            if node.inclusive and upper is not None:
                upper = ast.BinOp(upper, ast.Add(), const(1))
            return ast.Subscript(self.expr(node.obj), ast.Slice(lower, upper), ast.Load())
        args = [self.expr(node.obj),
                self.expr(node.lower) if node.lower is not None else const(None),
                self.expr(node.upper) if node.upper is not None else const(None)]
        if node.inclusive:
            args.append(const(True))
        return call(self.helper("spl_slice"), args)

    def expr_Presence(self, node):
        return ast.Compare(self.expr(node.obj), [ast.IsNot()], [const(None)])

    def expr_Unwrap(self, node):
        return call(self.helper("spl_unwrap"), [self.expr(node.obj)])

    def expr_Try(self, node):
        """``expr?``: return Err/nil from the function, else continue with the value."""
        if self.info.is_module:
            return call(self.helper("spl_try_top_level"), [self.expr(node.obj)])
        if self.comp_depth or self.effects_compiled > self.pre.start:
            # no statement can run inside a comprehension, and statements hoisted before
            # this expression would run before what it evaluates first (``f() + g()?``):
            # the failure is raised, and the function (see Transpiler.function) returns it
            self.info.try_escapes = True
            return call(self.helper("spl_try_or_raise"), [self.expr(node.obj)])
        temp = self.info.new_temp("try")
        value = self.expr(node.obj)
        self.pre.append(ast.Assign([name(temp, True)], value))
        self.pre.append(ast.If(call(self.helper("spl_is_failure"), [name(temp)]),
                               [ast.Return(name(temp))], []))
        return call(self.helper("spl_try_value"), [name(temp)])

    def call_arguments(self, args):
        positional, keywords = [], []
        for a in args:
            value = self.expr(a.value)
            if a.name is None:
                positional.append(value)
            elif is_identifier(a.name):
                keywords.append(ast.keyword(a.name, value))
            else:
                keywords.append(ast.keyword(None, ast.Dict([const(a.name)], [value])))
        return positional, keywords

    def expr_Call(self, node):
        func = node.func
        if isinstance(func, A.Attribute):
            return self.method_call(func, node.args)
        if isinstance(func, A.OptionalAttr):
            return self.optional_method_call(func, node.args)
        callee = self.expr(func)
        positional, keywords = self.call_arguments(node.args)
        if keywords and isinstance(func, A.Name):
            positional, keywords = self.constructor_arguments(func.id, node.args, positional, keywords)
        return call(callee, positional, keywords)

    def constructor_arguments(self, callee: str, args, positional: list, keywords: list):
        """``Point(x: 1, y: 2)`` of a class with a written-out constructor (see
        plain_constructors): the named arguments passed by position where they follow the
        field order, so still evaluated as written (Python binds keywords through a dict:
        about 0.1 us more per object).  A field skipped gets what the constructor would
        fill in: its literal default, else MISSING (its default, or the missing-field error)."""
        fields = self.plain_constructors.get(callee)
        if fields is None or self.info.depth_of(callee) is not None or callee in self.comp_names:
            return positional, keywords
        order = [f.name for f in fields]
        named = args[len(positional):]
        if any(a.name is None for a in named) or any(a.name not in order for a in named):
            return positional, keywords
        at = [order.index(a.name) for a in named]
        if at[0] < len(positional) or any(b <= a for a, b in zip(at, at[1:])):
            return positional, keywords
        given = dict(zip(at, (k.value for k in keywords)))
        filled = [given[i] if i in given else self.expr(fields[i].default) if isinstance(fields[i].default, LITERALS)
                  else self.helper("MISSING") for i in range(len(positional), at[-1] + 1)]
        return positional + filled, []

    def expr_WithBase(self, node):
        return call(self.helper("spl_with_base"), [self.expr(node.func), self.expr(node.base)])

    def optional_method_call(self, func: A.OptionalAttr, args) -> ast.expr:
        """``o?.m(args)``: ``None if o is None else call_method(<o, unwrapped>, 'm', args)``
        -- the arguments are evaluated only when ``o`` is present; a ``me`` method is refused
        through a ``val`` binding (see interpreter.optional_method_call)."""
        obj = self.expr(func.obj)
        positional, keywords = self.call_arguments(args)
        guard = self.immutable_receiver(func.obj)
        reads = self.read_twice(func.obj, obj)
        if reads is None:  # in a comprehension: the arguments in a function
            given = ast.Tuple([ast.Tuple(positional, ast.Load()),
                               ast.Dict([const(k.arg) for k in keywords], [k.value for k in keywords])], ast.Load())
            thunk = ast.Lambda(ast.arguments([], [], None, [], [], None, []), given)
            return call(self.helper("spl_optional_call"), [obj, const(func.name), const(guard), thunk])
        first, value = reads
        receiver = ast.IfExp(self.type_is(value, self.helper("Some")), attr(value, "value"), value)
        if guard is not None:
            receiver = call(self.helper("spl_me_guard"), [receiver, const(func.name), const(guard)])
        method = call(self.helper("call_method"), [receiver, const(func.name)] + positional, keywords)
        return ast.IfExp(ast.Compare(first, [ast.Is()], [const(None)]), const(None), method)

    def method_call(self, func: A.Attribute, args) -> ast.expr:
        m = func.name
        kind = self.info.expr_kind(func.obj)
        obj = self.expr(func.obj)
        positional, keywords = self.call_arguments(args)
        if kind == "list" and m == "push" and len(positional) == 1 and not keywords:
            return call(attr(obj, "append"), positional)
        if kind in ("list", "str", "dict", "tuple") and m == "len" and not args:
            return call(self.pybuiltin("len"), [obj])
        direct_helper = rt.DIRECT_METHODS.get((kind, m))
        if direct_helper is not None:  # what call_method would call, without the look-up
            return call(self.helper(direct_helper), [obj] + positional, keywords)
        guard = self.immutable_receiver(func.obj)
        own_method = isinstance(func.obj, A.Name) and func.obj.id == "self" and m in self.class_methods
        guarded = guard is not None and (m in self.me_names or (self.has_use and m not in BUILTIN_METHOD_NAMES))
        if guarded:
            obj = call(self.helper("spl_me_guard"), [obj, const(m), const(guard)])
        elif m == "len" and not args and not own_method:
            return call(self.helper("spl_dot_len"), [obj])
        direct = is_direct_method(m) or (own_method and is_identifier(m) and not m.startswith("__"))
        if direct:
            return call(attr(obj, m), positional, keywords)
        if m == "push" and len(positional) == 1 and not keywords and not guarded \
                and self.rereadable(func.obj) and isinstance(args[0].value, _SHORT):
            # the commonest call on a field or parameter: Python's append when it is a list
            # (the argument is written in both branches: only for a short one)
            return self.call_if_type(self.type_is(obj, self.pybuiltin("list")), obj, "append", func, positional)
        float_helper = rt.DIRECT_METHODS.get(("float", m))
        if float_helper is not None and not args and not guarded and m not in rt.OPTION_METHODS:
            # ``x.abs()``, ``(-v).exp()`` on a value of unproven kind: most often a float, whose
            # method is called at once (the helper would test the same first)
            reads = self.read_twice(func.obj, obj)
            if reads is not None:
                first, value = reads
                return ast.IfExp(self.type_is(first, self.pybuiltin("float")),
                                 call(self.helper(float_helper), [value]),
                                 call(self.helper(f"spl_m_{m}"), [value]))
        list_helper = rt.DIRECT_METHODS.get(("list", m))
        if (list_helper is not None and not guarded and isinstance(func.obj, A.Attribute)
                and func.obj.name in self.list_fields and self.always_readable(func.obj)
                and len(positional) <= 2 and not keywords and all(isinstance(a.value, _SHORT) for a in args)):
            # a field declared a list: most likely one (declarations are not enforced, hence the test)
            other = (call(self.helper(f"spl_m_{m}"), [self.expr(func.obj)] + positional) if m in rt.RECEIVER_FIRST
                     else call(self.helper("call_method"), [self.expr(func.obj), const(m)] + positional))
            return ast.IfExp(self.type_is(obj, self.pybuiltin("list")),
                             call(self.helper(list_helper), [obj] + positional), other)
        if m in rt.RECEIVER_FIRST and len(positional) <= 2 and not keywords:
            owners = [c for c in self.method_owners.get(m, ()) if self.info.depth_of(c) is None]
            if owners and not guarded and self.rereadable(func.obj) and all(isinstance(a.value, _SHORT) for a in args):
                # a method of this module's classes named like a builtin one: called at once
                # on an object of such a class (the helper would look it up after its tests)
                kinds = [self.expr(A.Name(c, span=func.span)) for c in owners]
                test = (self.type_is(obj, kinds[0]) if len(kinds) == 1 else
                        ast.Compare(call(self.pybuiltin("type"), [obj]), [ast.In()], [ast.Tuple(kinds, ast.Load())]))
                return self.call_if_type(test, obj, m, func, positional)
            return call(self.helper(f"spl_m_{m}"), [obj] + positional)
        return call(self.helper("call_method"), [obj, const(m)] + positional, keywords)

    def call_if_type(self, test: ast.expr, obj: ast.expr, py_method: str, func: A.Attribute, positional: list):
        """``obj.py_method(args) if test else spl_m_<name>(obj, args)``: a receiver that is
        read twice (a name or field) and short arguments, written in both branches."""
        return ast.IfExp(test, call(attr(obj, py_method), positional),
                         call(self.helper(f"spl_m_{func.name}"), [self.expr(func.obj)] + positional))

    def immutable_receiver(self, obj):
        if not isinstance(obj, A.Name) or obj.id == "self":
            return None
        info = self.info
        if info.depth_of(obj.id) is not None:
            return obj.id if info.mutable(obj.id) is False else None
        if obj.id in self.type_names:
            return None
        return obj.id if info.module_names.get(obj.id) is False else None

    # ------------------------------------------------------------------ functions, comprehensions

    def expr_Lambda(self, node):
        body = node.body
        from .transpiler import _constant_default
        needs_block = isinstance(body, A.Block) or any(
            isinstance(sub, (A.BlockExpr, A.Try)) for sub in A.walk(body)) or any(
            (p.default is not None and not _constant_default(p.default)) or p.variadic for p in node.params)
        if needs_block:
            return self.block_lambda(node)
        from .transpile_scope import FunctionInfo
        outer = self.info
        self.info = FunctionInfo(outer, tuple(p.name for p in node.params), (), outer.module_names)
        self.qual.append("<locals>")
        self.qual.append("<lambda>")
        try:
            args = self.parameters(node.params, False)
            value = self.expr(body)
        finally:
            self.qual.pop()
            self.qual.pop()
            self.info = outer
        return ast.Lambda(args, value)

    def block_lambda(self, node):
        py = self.info.new_temp("lambda")
        body = node.body if isinstance(node.body, A.Block) else A.Block(
            (A.ExprStmt(node.body, span=node.body.span),), span=node.body.span)
        in_function = not self.info.is_module
        if in_function:
            self.qual.append("<locals>")
        try:
            fdef = self.function("<lambda>", py, node.params, body, kind="lambda", label="<lambda>")
        finally:
            if in_function:
                self.qual.pop()
        fdef.decorator_list = [self.helper("spl_lambda_fn")]
        self.pre.append(fdef)
        return name(py)

    def comprehension(self, clauses):
        """The generators; leaves the clauses' targets in ``comp_names`` (the caller restores
        it) so that the element, the later clauses and the conditions see them as bound --
        a target spelled like a builtin of the runtime is the target (``[max for max in a]``)."""
        generators = []
        for clause in clauses:
            iterable = self.expr(clause.iter)
            target = self.target(clause.target)
            self.comp_names = self.comp_names | set(target_names(clause.target))
            generators.append(ast.comprehension(target, iterable, [self.expr(c) for c in clause.conds], 0))
        return generators

    def expr_ListComp(self, node):
        saved = self.comp_names
        self.comp_depth += 1
        try:
            generators = self.comprehension(node.clauses)
            return ast.ListComp(self.expr(node.elt), generators)
        finally:
            self.comp_names = saved
            self.comp_depth -= 1

    def expr_DictComp(self, node):
        saved = self.comp_names
        self.comp_depth += 1
        try:
            generators = self.comprehension(node.clauses)
            return ast.DictComp(self.expr(node.key), self.expr(node.value), generators)
        finally:
            self.comp_names = saved
            self.comp_depth -= 1


def same_place(a, b) -> bool:
    """Whether names, fields of them and subscripts of those, ``a`` and ``b``, are
    written alike (spans aside)."""
    if isinstance(a, A.Index) and isinstance(b, A.Index):
        return same_place(a.obj, b.obj) and same_place(a.index, b.index)
    if isinstance(a, A.Name) and isinstance(b, A.Name):
        return a.id == b.id
    if isinstance(a, A.Attribute) and isinstance(b, A.Attribute):
        return a.name == b.name and same_place(a.obj, b.obj)
    return False


def reads_place(e, target: A.Index) -> bool:
    """Whether pure expression ``e`` reads ``target`` (``xs[i]``)."""
    if isinstance(e, A.Index):
        if same_place(e, target):
            return True
        return reads_place(e.obj, target) or reads_place(e.index, target)
    if isinstance(e, A.BinOp):
        return reads_place(e.left, target) or reads_place(e.right, target)
    return False
