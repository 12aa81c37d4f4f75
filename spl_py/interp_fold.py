"""Constant folding for the interpreter: operators over literals are computed once, when
the expression is compiled (Python's own compiler folds them in transpiled code).

Folding uses the very functions the operator closures call, so a folded value is the value
the closure would compute.  An expression whose evaluation fails is not folded: it fails
when it runs, at its own position, as before.  Operations whose cost or result size depends
on the operands' magnitude (``**``, ``<<``, ``*``) fold only on small operands, so that code
never run (``if false: 10 ** 10 ** 9``) costs nothing at compile time either.
"""
from __future__ import annotations

import operator

from . import ast as A
from .runtime import ops

NOT_CONSTANT = object()

_LITERALS = frozenset({A.IntLit, A.FloatLit, A.BoolLit, A.StrLit})
_OPERATORS = frozenset({A.BinOp, A.Compare, A.UnaryOp, A.BoolOp})
FOLDABLE = _LITERALS | _OPERATORS  # the node types constant_value can fold
_NUMBERS = (int, float)  # bool is an int

_BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "&": operator.and_,
           "|": operator.or_, "^": operator.xor, "<<": operator.lshift, ">>": operator.rshift,
           "/": ops.div, "%": ops.mod, "**": ops.pow_}
_CHECKED = {"+": ops.add_checked, "-": ops.sub_checked, "*": ops.mul_checked, "/": ops.div_checked,
            "%": ops.mod_checked, "**": ops.pow_checked, "<<": ops.shl_checked}
_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}
_BOOLEAN = {"and": lambda a, b: a and b, "or": lambda a, b: a or b}  # operands folded already: no short circuit to keep
_SIZE_SENSITIVE = {"*", "**", "<<"}
_SMALL = 1 << 64


def _bounded(op: str, a, b) -> bool:
    """Whether ``a op b`` is cheap to compute and its result small."""
    if op not in _SIZE_SENSITIVE:
        return True  # the result is no bigger than the operands together
    if type(a) not in _NUMBERS or type(b) not in _NUMBERS:
        return False  # "ab" * n
    if op == "*":
        return abs(a) < _SMALL and abs(b) < _SMALL
    return abs(a) < _SMALL and -64 <= b <= 64


def constant_value(node, checked: bool):
    """The value of ``node`` when it is a literal or an operator expression over literals
    whose evaluation succeeds; NOT_CONSTANT otherwise."""
    t = type(node)
    if t in _LITERALS:
        return node.value
    if t not in _OPERATORS:
        return NOT_CONSTANT
    if t is A.UnaryOp:
        a = constant_value(node.operand, checked)
        if a is NOT_CONSTANT:
            return NOT_CONSTANT
        op = node.op
        if op == "not":
            return not a
        try:
            if op == "-":
                return ops.neg_checked(a) if checked else -a
            return +a if op == "+" else ~a
        except Exception:  # noqa: BLE001 - reported when the expression runs
            return NOT_CONSTANT
    # the other operators (BinOp, Compare, BoolOp) have two operands
    op = node.op
    if t is A.BinOp:
        table = _CHECKED if checked and op in _CHECKED else _BINARY
    else:
        table = _COMPARE if t is A.Compare else _BOOLEAN
    function = table.get(op)
    if function is None:
        return NOT_CONSTANT
    a = constant_value(node.left, checked)
    if a is NOT_CONSTANT:
        return NOT_CONSTANT
    b = constant_value(node.right, checked)
    if b is NOT_CONSTANT or not _bounded(op, a, b):
        return NOT_CONSTANT
    try:
        return function(a, b)
    except Exception:  # noqa: BLE001 - reported when the expression runs
        return NOT_CONSTANT
