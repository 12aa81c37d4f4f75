"""The Simple abstract syntax tree.

One frozen dataclass per construct, in the spirit of CPython's ``ast`` module.  Every node
carries a :class:`Span` (1-based lines and columns, end exclusive).  Written types are kept
(generic parameters included) although both back ends erase them at run time.

The parser builds these nodes directly during the LALR parse; the checker, the interpreter,
the transpiler and the language server only ever see this module's classes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Iterator, Optional, Union


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    col: int
    end_line: int
    end_col: int

    def to(self, other: "Span") -> "Span":
        """The span from the start of ``self`` to the end of ``other``."""
        return Span(self.line, self.col, other.end_line, other.end_col)


NO_SPAN = Span(0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Node:
    span: Span = field(default=NO_SPAN, kw_only=True, compare=False, repr=False)

    def children(self) -> Iterator["Node"]:
        """Child nodes in source order (tuples are flattened)."""
        names = _CHILD_FIELDS.get(type(self))
        if names is None:  # dataclasses.fields() is slow: look the names up once per class
            names = _CHILD_FIELDS[type(self)] = tuple(f.name for f in fields(self) if f.name != "span")
        for name in names:
            yield from _nodes_in(getattr(self, name))


_CHILD_FIELDS: dict = {}


def _nodes_in(value) -> Iterator[Node]:
    if isinstance(value, Node):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes_in(item)


def walk(node: Node) -> Iterator[Node]:
    """Every node below ``node`` (itself included), parents before children."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(current.children())))


def deepest_statement(body) -> "Stmt":
    """The statement of ``body`` whose nodes nest deepest (worked out without recursion:
    it locates "nested too deeply" where a recursive pass gave up)."""
    best, best_depth = body[0], -1
    for stmt in body:
        stack = [(stmt, 1)]
        while stack:
            node, depth = stack.pop()
            if depth > best_depth:
                best, best_depth = stmt, depth
            stack.extend((child, depth + 1) for child in node.children())
    return best


def spelled_names(node: Node) -> set[str]:
    """Every name written in ``node``'s code -- each text field of its nodes -- but not the
    contents of string literals and doc strings."""
    names: set[str] = set()
    for current in walk(node):
        if isinstance(current, StrLit):
            continue
        for f in fields(current):
            if f.name == "doc" or (f.name == "parts" and isinstance(current, InterpStr)):
                continue
            value = getattr(current, f.name)
            if isinstance(value, str):
                names.add(value)
            elif isinstance(value, tuple):
                names.update(v for v in value if isinstance(v, str))
    return names


def pipe_as_call(node: "BinOp") -> "Call":
    """``x |> f`` means ``f(x)`` and ``x |> f(a)`` means ``f(x, a)`` (both back ends desugar)."""
    arg = Arg(node.left, span=node.left.span)
    if isinstance(node.right, Call):
        return Call(node.right.func, (arg,) + node.right.args, span=node.span)
    return Call(node.right, (arg,), span=node.span)


class NodeVisitor:
    """Dispatches ``visit_<ClassName>``; ``generic_visit`` visits the children."""

    def visit(self, node: Node):
        return getattr(self, "visit_" + type(node).__name__, self.generic_visit)(node)

    def generic_visit(self, node: Node):
        for child in node.children():
            self.visit(child)


# ---------------------------------------------------------------- types (as written)

@dataclass(frozen=True, slots=True)
class TypeExpr(Node):
    pass


@dataclass(frozen=True, slots=True)
class NamedType(TypeExpr):
    """``i64``, ``PureTensor<f64>``, ``Dict<K, V>``, ``Name[T]`` (legacy brackets)."""
    name: str
    args: tuple[TypeExpr, ...] = ()


@dataclass(frozen=True, slots=True)
class ListType(TypeExpr):
    elem: TypeExpr


@dataclass(frozen=True, slots=True)
class TupleType(TypeExpr):
    elems: tuple[TypeExpr, ...]


@dataclass(frozen=True, slots=True)
class OptionalType(TypeExpr):
    inner: TypeExpr


@dataclass(frozen=True, slots=True)
class DictType(TypeExpr):
    key: TypeExpr
    value: TypeExpr


@dataclass(frozen=True, slots=True)
class FnType(TypeExpr):
    params: tuple[TypeExpr, ...]
    ret: Optional[TypeExpr]


@dataclass(frozen=True, slots=True)
class UnionType(TypeExpr):
    options: tuple[TypeExpr, ...]


def type_text(t: TypeExpr | None) -> str:
    """A written type as source text (``[f64]``, ``PureTensor<f64>?``, ``{text: i64}``)."""
    if t is None:
        return ""
    if isinstance(t, NamedType):
        if t.args:
            return f"{t.name}<{', '.join(type_text(a) for a in t.args)}>"
        return t.name
    if isinstance(t, ListType):
        return f"[{type_text(t.elem)}]"
    if isinstance(t, TupleType):
        return f"({', '.join(type_text(e) for e in t.elems)})"
    if isinstance(t, OptionalType):
        return f"{type_text(t.inner)}?"
    if isinstance(t, DictType):
        return f"{{{type_text(t.key)}: {type_text(t.value)}}}"
    if isinstance(t, FnType):
        ret = f" -> {type_text(t.ret)}" if t.ret is not None else ""
        return f"fn({', '.join(type_text(p) for p in t.params)}){ret}"
    if isinstance(t, UnionType):
        return " | ".join(type_text(o) for o in t.options)
    return "?"


@dataclass(frozen=True, slots=True)
class TypeParam(Node):
    """``T`` or ``T: Bound + Other`` in a generic parameter list."""
    name: str
    bounds: tuple[TypeExpr, ...] = ()


# ---------------------------------------------------------------- expressions

@dataclass(frozen=True, slots=True)
class Expr(Node):
    pass


@dataclass(frozen=True, slots=True)
class IntLit(Expr):
    value: int


@dataclass(frozen=True, slots=True)
class FloatLit(Expr):
    value: float


@dataclass(frozen=True, slots=True)
class BoolLit(Expr):
    value: bool


@dataclass(frozen=True, slots=True)
class NilLit(Expr):
    pass


@dataclass(frozen=True, slots=True)
class StrLit(Expr):
    """A string with no interpolation (escapes already decoded)."""
    value: str


@dataclass(frozen=True, slots=True)
class FormattedValue(Expr):
    """One ``{expr}`` / ``{expr:spec}`` part of an interpolated string."""
    value: Expr
    spec: Optional[str]
    source: str  # the expression text as written, for tools and error messages


@dataclass(frozen=True, slots=True)
class InterpStr(Expr):
    """An interpolated string: literal ``str`` parts and :class:`FormattedValue` parts."""
    parts: tuple[Union[str, FormattedValue], ...]


@dataclass(frozen=True, slots=True)
class Name(Expr):
    id: str


@dataclass(frozen=True, slots=True)
class ListLit(Expr):
    elems: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ListRepeat(Expr):
    """``[value; count]``: ``count`` elements, each a copy of ``value`` (a list or dict value is
    copied, so rows of ``[[0.0; w]; h]`` are distinct lists)."""
    value: Expr
    count: Expr


@dataclass(frozen=True, slots=True)
class TupleLit(Expr):
    """``(a, b)``; the empty tuple ``()`` is the unit value."""
    elems: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class DictLit(Expr):
    pairs: tuple[tuple[Expr, Expr], ...]


@dataclass(frozen=True, slots=True)
class BinOp(Expr):
    """Arithmetic, bitwise, ``??`` and ``|>``: op is the operator as written
    (``+ - * / % ** @ & | ^ << >> ?? |>``; the keyword ``xor`` is stored as ``^``)."""
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    """A single (non-chained) comparison: ``== != < <= > >= in`` ``not in`` ``is`` ``is not``."""
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    """Short-circuit ``and`` / ``or``."""
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class UnaryOp(Expr):
    """``-``, ``+``, ``~`` or ``not``."""
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class Range(Expr):
    start: Expr
    end: Expr
    inclusive: bool


@dataclass(frozen=True, slots=True)
class Arg(Node):
    """A call argument; ``name`` is set for ``name: value`` / ``name=value``."""
    value: Expr
    name: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Call(Expr):
    func: Expr
    args: tuple[Arg, ...]


@dataclass(frozen=True, slots=True)
class Attribute(Expr):
    """``obj.name``; tuple fields ``t.0`` have ``name == "0"``."""
    obj: Expr
    name: str


@dataclass(frozen=True, slots=True)
class WithBase(Expr):
    """``Name(a: 1, ..base)`` is a call of ``WithBase(Name, base)``: the constructor
    ``Name`` taking the fields the call does not give from ``base`` (§3.4)."""
    func: Expr
    base: Expr


@dataclass(frozen=True, slots=True)
class OptionalAttr(Expr):
    """``obj?.name``: nil when ``obj`` is nil/None, else ``obj.name`` (unwrapping Some)."""
    obj: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Index(Expr):
    obj: Expr
    index: Expr


@dataclass(frozen=True, slots=True)
class Slice(Expr):
    """``xs[a:b]``, ``xs[:b]``, ``xs[a..]``, ``xs[a..b]``, ``xs[a..=b]``."""
    obj: Expr
    lower: Optional[Expr]
    upper: Optional[Expr]
    inclusive: bool = False


@dataclass(frozen=True, slots=True)
class Presence(Expr):
    """``x.?`` at the end of a postfix chain: is ``x`` present (not nil / None)."""
    obj: Expr


@dataclass(frozen=True, slots=True)
class Unwrap(Expr):
    """``x.?`` followed by ``.f`` or ``[i]``: the value of ``x``, an error if absent."""
    obj: Expr


@dataclass(frozen=True, slots=True)
class Try(Expr):
    """``expr?``: propagate ``Err``/``None``/nil out of the enclosing function."""
    obj: Expr


@dataclass(frozen=True, slots=True)
class Cast(Expr):
    """``expr as Type``."""
    value: Expr
    type: TypeExpr


@dataclass(frozen=True, slots=True)
class IfExpr(Expr):
    """The one-line form ``if c: a elif d: b else: e``."""
    cond: Expr
    then: Expr
    orelse: Expr


@dataclass(frozen=True, slots=True)
class IfLetExpr(Expr):
    """``if val P = subject: then else: orelse`` as a value: ``then`` when the subject
    matches P (its names bound as a match arm binds them), else ``orelse``."""
    pattern: Pattern
    subject: Expr
    then: Expr
    orelse: Expr


@dataclass(frozen=True, slots=True)
class BlockExpr(Expr):
    """An ``if`` or ``match`` statement used for its value (``val x = if c:`` + blocks);
    its value is the value of the last expression of the branch taken."""
    stmt: "Stmt"


@dataclass(frozen=True, slots=True)
class Param(Node):
    name: str
    type: Optional[TypeExpr] = None
    default: Optional[Expr] = None
    variadic: bool = False  # ``nums: i64...``: the trailing positional arguments, as a list


@dataclass(frozen=True, slots=True)
class Lambda(Expr):
    """``\\x: e``, ``\\a, b: e``, ``fn(x): e``; ``body`` is an Expr or a Block."""
    params: tuple[Param, ...]
    body: Union[Expr, "Block"]
    ret: Optional[TypeExpr] = None


@dataclass(frozen=True, slots=True)
class CompFor(Node):
    """One ``for target in iter if cond...`` clause of a comprehension."""
    target: "Target"
    iter: Expr
    conds: tuple[Expr, ...] = ()


@dataclass(frozen=True, slots=True)
class ListComp(Expr):
    elt: Expr
    clauses: tuple[CompFor, ...]


@dataclass(frozen=True, slots=True)
class DictComp(Expr):
    key: Expr
    value: Expr
    clauses: tuple[CompFor, ...]


@dataclass(frozen=True, slots=True)
class Ellipsis_(Expr):
    """``...`` as a body placeholder: raises "not implemented" when executed."""


# ---------------------------------------------------------------- binding targets

@dataclass(frozen=True, slots=True)
class NameTarget(Node):
    name: str


@dataclass(frozen=True, slots=True)
class TupleTarget(Node):
    elems: tuple["Target", ...]


Target = Union[NameTarget, TupleTarget]


# ---------------------------------------------------------------- patterns (match)

@dataclass(frozen=True, slots=True)
class Pattern(Node):
    pass


@dataclass(frozen=True, slots=True)
class WildcardPattern(Pattern):
    pass


@dataclass(frozen=True, slots=True)
class LiteralPattern(Pattern):
    """A literal (number, string, bool, nil), possibly negated."""
    value: Expr


@dataclass(frozen=True, slots=True)
class CapturePattern(Pattern):
    """A lower-case bare name: binds the subject."""
    name: str


@dataclass(frozen=True, slots=True)
class ValuePattern(Pattern):
    """A dotted or capitalised name compared by equality: ``OpType.Add``, ``Red``, ``None``."""
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClassPattern(Pattern):
    """``Some(x)``, ``Token.Number(v)``, ``Point(x: 0, y: py)``."""
    path: tuple[str, ...]
    args: tuple[Pattern, ...] = ()
    kwargs: tuple[tuple[str, Pattern], ...] = ()


@dataclass(frozen=True, slots=True)
class TuplePattern(Pattern):
    elems: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class OrPattern(Pattern):
    options: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class RangePattern(Pattern):
    start: Expr
    end: Expr
    inclusive: bool


@dataclass(frozen=True, slots=True)
class MatchArm(Node):
    pattern: Pattern
    guard: Optional[Expr]
    body: "Block"


# ---------------------------------------------------------------- statements

@dataclass(frozen=True, slots=True)
class Stmt(Node):
    pass


@dataclass(frozen=True, slots=True)
class Block(Node):
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class ExprStmt(Stmt):
    value: Expr


@dataclass(frozen=True, slots=True)
class VarDecl(Stmt):
    """``val``/``var``/``const`` binding (``mutable`` is True for ``var``); ``legacy`` for
    the deprecated ``let`` / ``let mut`` spellings (the checker warns)."""
    target: Target
    type: Optional[TypeExpr]
    value: Optional[Expr]
    mutable: bool
    legacy: bool = False


@dataclass(frozen=True, slots=True)
class Assign(Stmt):
    """``target = value``; target is a Name, Attribute or Index (or a TupleLit of them)."""
    target: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class AugAssign(Stmt):
    """``target op= value`` with op one of ``+ - * / %`` (and bitwise ops)."""
    target: Expr
    op: str
    value: Expr


@dataclass(frozen=True, slots=True)
class If(Stmt):
    """``if``/``elif``/``else``: ``branches`` holds (condition, block) pairs."""
    branches: tuple[tuple[Expr, Block], ...]
    orelse: Optional[Block]


@dataclass(frozen=True, slots=True)
class For(Stmt):
    target: Target
    iter: Expr
    body: Block


@dataclass(frozen=True, slots=True)
class While(Stmt):
    cond: Expr
    body: Block


@dataclass(frozen=True, slots=True)
class Loop(Stmt):
    body: Block


@dataclass(frozen=True, slots=True)
class Break(Stmt):
    pass


@dataclass(frozen=True, slots=True)
class Continue(Stmt):
    pass


@dataclass(frozen=True, slots=True)
class Return(Stmt):
    value: Optional[Expr]


@dataclass(frozen=True, slots=True)
class Pass(Stmt):
    pass


@dataclass(frozen=True, slots=True)
class Match(Stmt):
    subject: Expr
    arms: tuple[MatchArm, ...]


@dataclass(frozen=True, slots=True)
class Assert(Stmt):
    test: Expr
    message: Optional[Expr]
    source: str  # the source text of ``test``, for "assertion failed: <source>"


@dataclass(frozen=True, slots=True)
class Attribute_(Node):
    """A declaration attribute: ``#[inline]``, ``@cfg(x)``; kept for tools, ignored at run time."""
    name: str
    args: tuple[Arg, ...] = ()


@dataclass(frozen=True, slots=True)
class FnDef(Stmt):
    """A function or method.  ``kind`` is ``fn``, ``me`` (mutating method) or ``static``."""
    name: str
    params: tuple[Param, ...]
    ret: Optional[TypeExpr]
    body: Optional[Block]  # None for trait requirements
    kind: str = "fn"
    type_params: tuple[TypeParam, ...] = ()
    attributes: tuple[Attribute_, ...] = ()
    doc: Optional[str] = None


@dataclass(frozen=True, slots=True)
class ExternFn(Stmt):
    name: str
    params: tuple[Param, ...]
    ret: Optional[TypeExpr]
    type_params: tuple[TypeParam, ...] = ()
    attributes: tuple[Attribute_, ...] = ()


@dataclass(frozen=True, slots=True)
class FieldDef(Node):
    name: str
    type: Optional[TypeExpr]
    default: Optional[Expr] = None


@dataclass(frozen=True, slots=True)
class ClassDef(Stmt):
    """``class`` or ``struct`` (``kind``); ``bases`` from ``class B(A):``."""
    name: str
    fields: tuple[FieldDef, ...]
    methods: tuple[FnDef, ...]
    kind: str = "class"
    type_params: tuple[TypeParam, ...] = ()
    bases: tuple[TypeExpr, ...] = ()
    attributes: tuple[Attribute_, ...] = ()
    doc: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Variant(Node):
    """An enum variant; ``fields`` is empty for unit variants.  Positional payloads
    (``Some(T)``) get names ``_0``, ``_1``, ..."""
    name: str
    fields: tuple[FieldDef, ...] = ()


@dataclass(frozen=True, slots=True)
class EnumDef(Stmt):
    name: str
    variants: tuple[Variant, ...]
    methods: tuple[FnDef, ...] = ()
    type_params: tuple[TypeParam, ...] = ()
    attributes: tuple[Attribute_, ...] = ()
    doc: Optional[str] = None


@dataclass(frozen=True, slots=True)
class ImplDef(Stmt):
    """``impl Type:`` or ``impl Trait for Type:``."""
    type: TypeExpr
    trait: Optional[TypeExpr]
    methods: tuple[FnDef, ...]
    type_params: tuple[TypeParam, ...] = ()


@dataclass(frozen=True, slots=True)
class TraitDef(Stmt):
    name: str
    methods: tuple[FnDef, ...]
    type_params: tuple[TypeParam, ...] = ()
    doc: Optional[str] = None


@dataclass(frozen=True, slots=True)
class TypeAlias(Stmt):
    name: str
    type: TypeExpr
    type_params: tuple[TypeParam, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportName(Node):
    name: str
    alias: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Use(Stmt):
    """``use a.b.{X, Y}`` / ``use a.b (X, Y)`` (names), ``use a.b.*`` (star),
    ``use a.b`` (binds ``b``).  ``reexport`` is set for ``export use ...``."""
    path: tuple[str, ...]
    names: tuple[ImportName, ...] = ()
    star: bool = False
    reexport: bool = False


@dataclass(frozen=True, slots=True)
class Export(Stmt):
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Module(Node):
    body: tuple[Stmt, ...]
    doc: Optional[str] = None
