"""Static scope facts shared by the interpreter, the transpiler and the checker.

Simple binds names per function (a ``val`` inside an ``if`` is visible for the rest of the
function, as in Python).  These helpers find, without running anything, which names a
function body declares and whether each is a ``val`` (immutable) or ``var`` binding.
"""
from __future__ import annotations

from typing import NamedTuple

from . import ast as A


def target_names(target) -> list[str]:
    if type(target) is A.NameTarget:
        return [target.name]
    if isinstance(target, A.TupleTarget):
        out: list[str] = []
        for elem in target.elems:
            out.extend(target_names(elem))
        return out
    return []


_BUILTIN_PATTERN_NAMES = frozenset({"Some", "Ok", "Err", "None"})


_TYPE_DECLARATIONS = (A.ClassDef, A.EnumDef, A.TraitDef, A.TypeAlias)


def module_bindings(body, assigned: set | None = None) -> dict[str, bool]:
    """Every name a module binds at top level (declarations, types, imports by name):
    name -> True if it is mutable (``assigned``: as for declared_names)."""
    names = declared_names(body, None, assigned)
    for stmt in body:
        if isinstance(stmt, _TYPE_DECLARATIONS):
            names.setdefault(stmt.name, False)
        elif isinstance(stmt, A.Use):
            if stmt.names:
                for item in stmt.names:
                    names.setdefault(item.alias or item.name, False)
            elif not stmt.star:
                names.setdefault(stmt.path[-1], False)
    return names


# Scans of one AST body (a tuple, immutable) by its id, for the interpreter, which compiles a
# module again on every run (the REPL, ``spl-py test``, a benchmark loop): value (the body,
# kept alive so that its id is not reused, then the result).
_BODY_SCANS: dict = {}


def _memo(key, body, scan):
    hit = _BODY_SCANS.get(key)
    if hit is None:
        if len(_BODY_SCANS) > 4096:
            _BODY_SCANS.clear()
        hit = _BODY_SCANS[key] = (body, scan())
    return hit[1]


def module_bindings_of(body) -> dict[str, bool]:
    """``module_bindings(body)``, worked out once per body (a fresh dict each call)."""
    return dict(_memo(("module", id(body)), body, lambda: module_bindings(body)))


def function_declarations(body: tuple, names: dict[str, bool]) -> tuple[dict[str, bool], set]:
    """``declared_names(body, names, assigned)`` for a function whose parameters (and
    ``self``) are ``names``: (the names it declares, parameters included; the names plain
    assignments assign), worked out once per body and parameters (fresh copies each call)."""
    def scan():
        assigned: set = set()
        return declared_names(body, dict(names), assigned), frozenset(assigned)
    declared, assigned = _memo(("function", id(body), tuple(names.items())), body, scan)
    return dict(declared), set(assigned)


class PatternFacts(NamedTuple):
    """What decides how a module's one-name patterns read (``variant_first``)."""
    variants: frozenset      # variant names of the enums the module declares
    classes: frozenset       # names of the classes it declares
    free: frozenset          # those variant names the module binds to nothing else
    user_imports: bool       # whether it imports modules other than the stdlib's


def module_pattern_names(body) -> PatternFacts:
    variants = frozenset(v.name for s in body if isinstance(s, A.EnumDef) for v in s.variants)
    classes = frozenset(s.name for s in body if isinstance(s, A.ClassDef))
    assigned: set = set()
    free = variants - module_bindings(body, assigned).keys() - assigned
    user_imports = any(isinstance(s, A.Use) and s.path[0] not in ("lib", "std") for s in body)
    return PatternFacts(variants, classes, free, user_imports)


def variant_first(name: str, facts: PatternFacts) -> bool:
    """Whether a one-name pattern (``Plus``, ``Number(v)``, spec 3.7) first tests the
    matched value as an enum variant of that name (``runtime.values.variant_test``), and
    only when the value is no enum value of such an enum means the name as bound (a
    variant name of this module's enums bound to nothing else then just does not match):
    always, unless the name is a class of this module, or a builtin wrapper (Some, Ok,
    Err, None) where no enum of this module, nor of a module it imports (other than the
    stdlib's), may have a variant so named."""
    if name in facts.variants:
        return True
    if name in _BUILTIN_PATTERN_NAMES:
        return facts.user_imports and name != "None"
    return name not in facts.classes


def pattern_names(pattern) -> list[str]:
    if isinstance(pattern, A.CapturePattern):
        return [pattern.name]
    out: list[str] = []
    for child in pattern.children():
        if isinstance(child, A.Pattern):
            out.extend(pattern_names(child))
    return out


def declared_names(body: tuple, into: dict | None = None, assigned: set | None = None) -> dict[str, bool]:
    """Names declared by the statements of one function body (not nested functions):
    name -> True if the binding is mutable.  Assignments to names declared nowhere are
    left to the caller (the Python dialect lets ``x = 1`` declare ``x``): with
    ``assigned``, the names that ``name = value`` / ``(a, b) = value`` assign are
    collected there in the same scan."""
    names: dict[str, bool] = {} if into is None else into
    for stmt in body:
        if type(stmt) not in _DECLARE_NOTHING:
            _declare_stmt(stmt, names, assigned)
        elif assigned is not None and type(stmt) is A.AugAssign and type(stmt.target) is A.Name:
            assigned.add(stmt.target.id)  # ``q += 1`` assigns q too (Python: a local)
    return names


# Statements that declare nothing (the commonest ones: the scan skips them at once).
_DECLARE_NOTHING = frozenset({A.ExprStmt, A.AugAssign, A.Break, A.Continue, A.Pass, A.Assert})


def _declare_stmt(stmt, names: dict, assigned: set | None) -> None:
    kind = type(stmt)  # statement classes have no subclasses
    if kind is A.VarDecl:
        for n in target_names(stmt.target):
            names[n] = names.get(n, False) or stmt.mutable
        _declare_block_value(stmt.value, names, assigned)
    elif kind is A.For:
        for n in target_names(stmt.target):
            names.setdefault(n, True)
        declared_names(stmt.body.body, names, assigned)
    elif kind is A.While or kind is A.Loop:
        declared_names(stmt.body.body, names, assigned)
    elif kind is A.If:
        for _, block in stmt.branches:
            declared_names(block.body, names, assigned)
        if stmt.orelse is not None:
            declared_names(stmt.orelse.body, names, assigned)
    elif kind is A.Match:
        for arm in stmt.arms:
            for n in pattern_names(arm.pattern):
                names.setdefault(n, True)
            declared_names(arm.body.body, names, assigned)
    elif kind is A.Assign or kind is A.Return:
        if assigned is not None and kind is A.Assign:
            _assign_target_names(stmt.target, assigned)
        _declare_block_value(stmt.value, names, assigned)
    elif kind is A.FnDef or kind is A.ExternFn:
        names.setdefault(stmt.name, False)


def _assign_target_names(target, out: set) -> None:
    if type(target) is A.Name:
        out.add(target.id)
    elif type(target) is A.TupleLit:
        for elem in target.elems:
            _assign_target_names(elem, out)


def plain_assigned_names(body: tuple) -> set[str]:
    """Names ``name = value`` (or ``(a, b) = value``) assigns in one function body, nested
    blocks included, nested functions not.  In the Python dialect such an assignment to a
    name declared nowhere declares it for the whole function (as Python does), so reading
    it before the assignment is "used before it is assigned" on both back ends."""
    assigned: set[str] = set()
    declared_names(body, {}, assigned)
    return assigned


def _child_nodes(node) -> list:
    """``list(node.children())``, without the generators (these scans run per compile)."""
    fields = A._CHILD_FIELDS.get(type(node))
    if fields is None:
        return list(node.children())
    out: list = []
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, A.Node):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(A._nodes_in(value))
    return out


def _declare_block_value(value, names: dict, assigned: set | None = None) -> None:
    """``val x = if c:`` + blocks declares what its blocks declare.  The builder makes a
    BlockExpr only as the whole value of a val/var, an assignment or a return
    (``builder._as_value``), so no expression needs searching deeper; comprehension targets
    and lambda parameters have scopes of their own anyway."""
    if type(value) is A.BlockExpr:
        _declare_stmt(value.stmt, names, assigned)


def main_takes_args(body) -> bool:
    """Whether the ``fn main`` that ``spl-py run`` calls (Decision 22) takes the program's
    arguments: ``fn main(args: [text])`` (a first parameter without a default) is called
    with ``sys_args()``, as upstream runs it."""
    for stmt in body:
        if isinstance(stmt, A.FnDef) and stmt.name == "main":
            return bool(stmt.params) and stmt.params[0].default is None
    return False


def calls_name(nodes, name: str) -> bool:
    """Whether the top-level statements among ``nodes`` call function ``name``: directly,
    or through functions and methods of this module that call it (a method counts where
    a top-level ``x.m(...)`` could be a call of it).  Static: a call in a branch never
    taken counts too."""
    targets, method_targets = {name}, set()
    callers = [(n, targets) for n in nodes if isinstance(n, A.FnDef)] + [
        (m, method_targets) for n in nodes if isinstance(n, (A.ClassDef, A.ImplDef, A.EnumDef))
        for m in n.methods if m.body is not None]
    grown = True
    while grown:  # the functions and methods calling a target, to a fixed point
        grown = False
        for fn, known in callers:
            if fn.name not in known and _calls_any([fn], targets, method_targets):
                known.add(fn.name)
                grown = True
    statements = [n for n in nodes if not isinstance(n, _DECLARATIONS)]
    return _calls_any(statements, targets, method_targets)


_DECLARATIONS = (A.FnDef, A.ClassDef, A.ImplDef, A.TraitDef, A.EnumDef)


def _calls_any(nodes, names: set, method_names: set) -> bool:
    stack = list(nodes)  # as A.walk, in another order (any match answers)
    while stack:
        sub = stack.pop()
        if isinstance(sub, A.Call):
            f = sub.func
            if (isinstance(f, A.Name) and f.id in names) or (isinstance(f, A.Attribute) and f.name in method_names):
                return True
        stack.extend(_child_nodes(sub))
    return False


# ``return`` outside a function, ``break``/``continue`` outside a loop of the same function:
# errors before the program runs (as Python refuses them when compiling), worded alike by
# both back ends and ``spl-py check``.
MISPLACED_JUMP = {A.Return: "return outside a function", A.Break: "break outside a loop",
                  A.Continue: "continue outside a loop"}
