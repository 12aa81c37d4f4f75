"""Builds the AST (``spl_py.ast``) during the LALR parse.

One method per grammar rule (or alias); Lark calls them bottom-up as rules are reduced, so
no parse tree is ever kept.  Spans come from the tokens the grammar keeps (keywords that
start a construct are named terminals for that reason) and from child nodes.
"""
from __future__ import annotations

from dataclasses import replace

from lark import Token, Transformer

from . import ast as A
from .errors import SplSyntaxError, source_lines
from .lexer import token_span

I64_MAX = 2**63 - 1

# Tokens that only mark the start of a construct; callbacks drop them from their children.
_MARKERS = frozenset({
    "RETURN", "BREAK", "CONTINUE", "PASS", "ASSERT", "IF", "FOR", "WHILE", "LOOP", "MATCH",
    "CASE", "EXTERN", "ENUM", "IMPL", "TRAIT", "TYPE", "BACKSLASH", "FN", "ME", "VBAR",
    "STATIC", "PUB", "ASYNC", "EXPORT", "USE", "IMPORT", "VAL", "VAR", "CONST", "LET",
    "CLASS", "STRUCT", "AT", "XOR", "CARET",
})


def _if_let(pattern, subject) -> tuple:
    """The pattern and subject of ``if val P = e``: a bare name binds the payload of a
    present value, as ``case Some(x)`` does; ``if val x = opt.?:`` (upstream's spelling)
    binds from ``opt`` itself (``.?`` asks for the payload, not the presence bool)."""
    if isinstance(pattern, A.CapturePattern):
        pattern = A.ClassPattern(("Some",), (pattern,), span=pattern.span)
    return pattern, subject.obj if type(subject) is A.Presence else subject


def _list_type_literal(e) -> bool:
    """``[T]`` where T reads as a type (``_type_like``)."""
    return type(e) is A.ListLit and len(e.elems) == 1 and _type_like(e.elems[0])


def _type_like(e) -> bool:
    """An expression that is a type written in a value position: a name, ``[T]``, ``T?``,
    ``(T, U)``, ``{K: V}``."""
    kind = type(e)
    if kind is A.Name:
        return True
    if kind is A.Try:
        return _type_like(e.obj)
    if kind is A.TupleLit:
        return bool(e.elems) and all(_type_like(x) for x in e.elems)
    if kind is A.DictLit:
        return len(e.pairs) == 1 and _type_like(e.pairs[0][0]) and _type_like(e.pairs[0][1])
    return _list_type_literal(e)


class TypeParams(list):
    pass


class Params(list):
    pass


class Guard:
    def __init__(self, expr):
        self.expr = expr


class Doc:
    def __init__(self, text: str, span: A.Span):
        self.text = text
        self.span = span


class Names(list):
    """An import list; ``star`` for ``use a.*``."""
    star = False


SELF_PARAM = object()


def span_of(items) -> A.Span:
    first = last = None
    for item in items:
        s = _item_span(item)
        if s is not None:
            if first is None:
                first = s
            last = s
    if first is None:
        return A.NO_SPAN
    return first.to(last)


def _item_span(item):
    if isinstance(item, Token):
        return token_span(item)
    if isinstance(item, A.Node):
        return item.span if item.span is not A.NO_SPAN else None
    if isinstance(item, (list, tuple)) and item:
        return span_of(item)
    if isinstance(item, (Guard,)):
        return _item_span(item.expr)
    if isinstance(item, Doc):
        return item.span
    return None


def _kids(children):
    return [c for c in children if not (isinstance(c, Token) and c.type in _MARKERS)]


def _rereadable(target) -> bool:
    if isinstance(target, A.Attribute):
        return _rereadable(target.obj)
    return isinstance(target, A.Name)


class BaseArg(A.Arg):
    """``..base`` in a call's arguments (the builder makes it an A.WithBase)."""
    __slots__ = ()


class Statements(list):
    """Several statements one source statement stands for (``a = b = 0``)."""


def _statements(children) -> list:
    out = []
    for c in children:
        if type(c) is Statements:
            out.extend(c)
        elif c is not None:
            out.append(c)
    return out


def _docstring(body) -> tuple:
    """Split a leading doc string off a statement list."""
    if body and isinstance(body[0], A.ExprStmt) and isinstance(body[0].value, A.StrLit):
        return body[0].value.value, tuple(body[1:])
    return None, tuple(body)


class AstBuilder(Transformer):
    """The Lark transformer.  ``parse_interpolation`` is supplied by the parser driver so that
    the ``{expr}`` parts of strings are parsed by the same grammar."""

    def __init__(self, parse_interpolation, literal_error):
        super().__init__(visit_tokens=False)
        self.parse_interpolation = parse_interpolation
        self.literal_error = literal_error
        self.source = ""
        self.filename = "<input>"
        self.unnegated_min_literals: list = []

    # ------------------------------------------------------------ module and blocks

    def module(self, children):
        if self.unnegated_min_literals:
            tok = self.unnegated_min_literals[0]
            raise SplSyntaxError("integer literal is too large for i64", token_span(tok), self.filename,
                                 self.source, hint="the largest i64 is 9223372036854775807")
        doc, body = _docstring(_statements(children))
        return A.Module(body, doc, span=span_of(body))

    def expr_input(self, children):
        return children[0]

    def type_input(self, children):
        return children[0]

    def suite(self, children):
        body = tuple(_statements(children))
        return A.Block(body, span=span_of(body))

    block = suite

    # ------------------------------------------------------------ simple statements

    def expr_stmt(self, children):
        value = _print_statement(children[0])
        return A.ExprStmt(value, span=value.span)

    def noparen_call(self, children):
        func, args = children
        self._no_duplicate_names(args)
        call = A.Call(func, tuple(args), span=span_of([func, args]))
        return A.ExprStmt(call, span=call.span)

    def noparen_args(self, children):
        if len(children) == 1:
            return [children[0]]
        return children[0] + [children[1]]

    def _trailing_call(self, func, args, body):
        args = list(args) + [A.Arg(body, span=body.span)]
        call = A.Call(func, tuple(args), span=span_of([func, body]))
        return A.ExprStmt(call, span=call.span)

    def block_call_args(self, children):
        func, args, block = children
        return self._trailing_call(func, args, A.Lambda((), block, span=block.span))

    def block_call_bare(self, children):
        func, block = children
        return self._trailing_call(func, [], A.Lambda((), block, span=block.span))

    def block_call_lambda(self, children):
        func, *rest = children
        args = rest[0] if len(rest) == 2 else []
        return self._trailing_call(func, args, rest[-1])

    def var_decl(self, children):
        kw = children[0]
        rest = children[1:]
        target = rest[0]
        type_ = next((c for c in rest[1:] if isinstance(c, A.TypeExpr)), None)
        value = next((c for c in rest[1:] if isinstance(c, A.Expr)), None)
        legacy = kw.type in ("LET", "LET_MUT")
        return A.VarDecl(target, type_, value, kw.value == "var" or kw.type == "LET_MUT", legacy,
                         span=span_of(children))

    def block_var_decl(self, children):
        children = children[:-1] + [self._as_value(children[-1])]
        return self.var_decl(children)

    @staticmethod
    def _as_value(value):
        # the only place BlockExpr is made: scopes._declare_block_value relies on it
        if isinstance(value, (A.If, A.Match)):
            return A.BlockExpr(value, span=value.span)
        return value

    def assign(self, children):
        target, value = children
        self._check_target(target)
        return A.Assign(target, value, span=span_of(children))

    def chained_assign(self, children):
        """``a = b = v``: ``b = v`` then ``a = b`` (v evaluated once); every target but the
        first is read back, so it must be a name or a field of one."""
        *targets, value = children
        for target in targets[1:]:
            if not _rereadable(target):
                raise SplSyntaxError("in a chained assignment only the first target may be an element or a tuple",
                                     target.span, self.filename, self.source,
                                     hint="assign the element in a statement of its own")
        out = Statements()
        for target in reversed(targets):
            out.append(self.assign([target, value]))
            value = target
        return out

    def block_assign(self, children):
        return self.assign([children[0], self._as_value(children[1])])

    def _check_target(self, target):
        if isinstance(target, A.TupleLit):
            for elem in target.elems:
                self._check_target(elem)
        elif not isinstance(target, (A.Name, A.Attribute, A.Index)):
            raise SplSyntaxError("cannot assign to this expression", target.span, self.filename,
                                 self.source, hint="assign to a name, a field (a.f) or an element (a[i])")

    def update_call(self, children):
        """``x->m(args)``: ``x = x.m(args)`` (the target is read, then assigned)."""
        target, method = children[0], children[1]
        args = tuple(children[2]) if len(children) > 3 else ()
        self._check_target(target)
        call = A.Call(A.Attribute(target, method.value, span=span_of(children[:2])), args, span=span_of(children))
        return A.Assign(target, call, span=span_of(children))

    def aug_assign(self, children):
        target, op, value = children
        self._check_target(target)
        return A.AugAssign(target, op.value[:-1], value, span=span_of(children))

    def return_stmt(self, children):
        value = children[1] if len(children) > 1 else None
        return A.Return(value, span=span_of(children))

    def block_lambda_stmt(self, children):
        return A.ExprStmt(children[0], span=children[0].span)

    def block_return(self, children):
        return A.Return(self._as_value(children[1]), span=span_of(children))

    def break_stmt(self, children):
        return A.Break(span=span_of(children))

    def continue_stmt(self, children):
        return A.Continue(span=span_of(children))

    def pass_stmt(self, children):
        return A.Pass(span=span_of(children))

    def assert_stmt(self, children):
        test = children[1]
        message = children[2] if len(children) > 2 else None
        return A.Assert(test, message, self._text(test.span), span=span_of(children))

    def _text(self, span: A.Span) -> str:
        lines = source_lines(self.source)
        if span is A.NO_SPAN or span.line > len(lines):
            return ""
        if span.line == span.end_line:
            return lines[span.line - 1][span.col - 1:span.end_col - 1]
        parts = [lines[span.line - 1][span.col - 1:]]
        parts += lines[span.line:span.end_line - 1]
        parts.append(lines[span.end_line - 1][:span.end_col - 1])
        return " ".join(p.strip() for p in parts)

    # ------------------------------------------------------------ compound statements

    def if_stmt(self, children):
        kids = _kids(children)
        branches = [(kids[0], kids[1])]
        orelse = None
        for extra in kids[2:]:
            if isinstance(extra, tuple):
                branches.append(extra)
            else:
                orelse = extra
        return A.If(tuple(branches), orelse, span=span_of(children))

    def if_let_stmt(self, children):
        """``if val P = e: A [elif ...] [else: B]`` (upstream's if-let) is ``match e: case P:
        A; case _: <the rest>`` (see _if_let)."""
        kids = _kids(children)
        (pattern, subject), body = _if_let(kids[0], kids[1]), kids[2]
        branches = tuple(k for k in kids[3:] if isinstance(k, tuple))
        orelse = next((k for k in kids[3:] if not isinstance(k, tuple)), None)
        span = span_of(children)
        if branches:
            rest = A.Block((A.If(branches, orelse, span=branches[0][0].span),), span=branches[0][0].span)
        else:
            rest = orelse if orelse is not None else A.Block((A.Pass(span=span),), span=span)
        arms = (A.MatchArm(pattern, None, body, span=span), A.MatchArm(A.WildcardPattern(span=span), None, rest, span=span))
        return A.Match(subject, arms, span=span)

    def elif_clause(self, children):
        kids = _kids(children)
        return (kids[0], kids[1])

    def else_clause(self, children):
        return children[0]

    def for_stmt(self, children):
        target, iterable, body = _kids(children)
        return A.For(target, iterable, body, span=span_of(children))

    def while_stmt(self, children):
        cond, body = _kids(children)
        return A.While(cond, body, span=span_of(children))

    def loop_stmt(self, children):
        return A.Loop(_kids(children)[0], span=span_of(children))

    def match_stmt(self, children):
        subject, *arms = _kids(children)
        return A.Match(subject, tuple(arms), span=span_of(children))

    def match_arm(self, children):
        kids = _kids(children)
        pattern = kids[0]
        guard = kids[1].expr if isinstance(kids[1], Guard) else None
        return A.MatchArm(pattern, guard, kids[-1], span=span_of(children))

    def guard(self, children):
        return Guard(_kids(children)[0])

    def name_target(self, children):
        return A.NameTarget(children[0].value, span=token_span(children[0]))

    def tuple_target(self, children):
        return A.TupleTarget(tuple(children), span=span_of(children))

    # ------------------------------------------------------------ modules

    def use_stmt(self, children):
        reexport = any(isinstance(c, Token) and c.type == "EXPORT" for c in children)
        kids = _kids(children)
        path = tuple(kids[0])
        names = kids[1] if len(kids) > 1 else Names()
        return A.Use(path, tuple(names), names.star, reexport, span=span_of(children))

    def use_path(self, children):
        if len(children) == 1:
            return [children[0].value]
        return children[0] + [children[1].value]

    def brace_list(self, children):
        return Names(children)

    paren_list = brace_list

    def star_import(self, children):
        names = Names()
        names.star = True
        return names

    def import_name(self, children):
        alias = children[1].value if len(children) > 1 else None
        return A.ImportName(children[0].value, alias, span=span_of(children))

    def export_stmt(self, children):
        names = tuple(c.value for c in _kids(children))
        return A.Export(names, span=span_of(children))

    def dotted_name(self, children):
        return tuple(c.value for c in children)

    # ------------------------------------------------------------ declarations

    def decorated(self, children):
        attributes = tuple(c for c in children if isinstance(c, A.Attribute_))
        stmt = children[-1]
        if hasattr(stmt, "attributes"):
            stmt = replace(stmt, attributes=attributes + stmt.attributes)
        return stmt

    def attribute(self, children):
        kids = _kids(children)
        if isinstance(kids[0], Token):  # #[name(...)]
            text = kids[0].value.lstrip("#!").strip("[]")
            name = text.split("(", 1)[0].strip()
            return A.Attribute_(name, (), span=token_span(kids[0]))
        name = ".".join(kids[0])
        args = tuple(kids[1]) if len(kids) > 1 else ()
        return A.Attribute_(name, args, span=span_of(children))

    def _signature(self, children):
        kind = "fn"
        name = None
        type_params = ()
        params = ()
        ret = None
        body = None
        for c in children:
            if isinstance(c, Token):
                if c.type == "STATIC":
                    kind = "static"
                elif c.type == "ME":
                    kind = "me"
                elif c.type == "NAME" and name is None:
                    name = c.value
            elif isinstance(c, TypeParams):
                type_params = tuple(c)
            elif isinstance(c, Params):
                params = tuple(p for p in c if p is not SELF_PARAM)
            elif isinstance(c, A.TypeExpr):
                ret = c
            elif isinstance(c, A.Block):
                body = c
        self._no_duplicate_params(params, name)
        return kind, name, type_params, params, ret, body

    def fn_def(self, children):
        kind, name, type_params, params, ret, body = self._signature(children)
        # A lone string is the body's value (`fn name() -> text: "ReLU"`), not a doc string.
        doc, stmts = _docstring(list(body.body)) if len(body.body) > 1 else (None, body.body)
        if doc is not None:
            body = A.Block(stmts, span=body.span)
        return A.FnDef(name, params, ret, body, kind, type_params, doc=doc, span=span_of(children))

    def fn_sig(self, children):
        kind, name, type_params, params, ret, _ = self._signature(children)
        return A.FnDef(name, params, ret, None, kind, type_params, span=span_of(children))

    def extern_fn(self, children):
        _, name, type_params, params, ret, _ = self._signature(children)
        return A.ExternFn(name, params, ret, type_params, span=span_of(children))

    def params(self, children):
        for p in children[:-1]:
            if isinstance(p, A.Param) and p.variadic:
                raise SplSyntaxError("only the last parameter may be variadic", p.span, self.filename,
                                     self.source)
        defaulted = None
        for p in children:
            if not isinstance(p, A.Param) or p.variadic:
                continue
            if p.default is not None:
                defaulted = p
            elif defaulted is not None:  # (a call could never leave it out: Python refuses it too)
                raise SplSyntaxError(f"parameter {p.name} needs a default: it follows {defaulted.name}, which has one",
                                     p.span, self.filename, self.source,
                                     hint=f"give {p.name} a default, or move it before {defaulted.name}")
        self._no_later_params_in_defaults([p for p in children if isinstance(p, A.Param)])
        return Params(children)

    def _no_later_params_in_defaults(self, params) -> None:
        """A default runs after the parameters before it and may read them; one that reads
        a parameter after it is refused (that one is not bound yet), as Kotlin refuses it."""
        for i, p in enumerate(params):
            if p.default is None:
                continue
            later = {q.name for q in params[i + 1:]}
            inner = {q.name for n in A.walk(p.default) if isinstance(n, A.Lambda) for q in n.params}
            for n in A.walk(p.default):
                if isinstance(n, A.Name) and n.id in later and n.id not in inner:
                    raise SplSyntaxError(f"the default of {p.name} reads parameter {n.id}, which comes after it",
                                         n.span, self.filename, self.source,
                                         hint=f"a default may read the parameters before it: move {n.id} before {p.name}")

    def _no_duplicate_params(self, params, owner: str) -> None:
        """A parameter named twice is a syntax error (Python's too: neither back end could
        run it)."""
        seen = set()
        for p in params:
            if p.name in seen:
                span = A.Span(p.span.line, p.span.col, p.span.line, p.span.col + len(p.name))
                raise SplSyntaxError(f"duplicate parameter {p.name} in {owner}", span, self.filename, self.source)
            seen.add(p.name)

    def variadic_param(self, children):
        return A.Param(children[0].value, children[1], None, True, span=span_of(children))

    def variadic_default(self, children):
        raise SplSyntaxError("a variadic parameter takes no default (it is [] when no argument is left)",
                             children[-1].span, self.filename, self.source)

    def param(self, children):
        name = children[0].value
        type_ = next((c for c in children[1:] if isinstance(c, A.TypeExpr)), None)
        default = next((c for c in children[1:] if isinstance(c, A.Expr)), None)
        return A.Param(name, type_, default, span=span_of(children))

    def self_param(self, children):
        return SELF_PARAM

    def type_params(self, children):
        return TypeParams(children)

    def type_param(self, children):
        return A.TypeParam(children[0].value, tuple(children[1:]), span=span_of(children))

    def class_def(self, children):
        kind = "class"
        name = None
        type_params = ()
        bases = []
        body = None
        for c in children:
            if isinstance(c, Token):
                if c.type == "STRUCT":
                    kind = "struct"
                elif c.type == "NAME":
                    name = c.value
            elif isinstance(c, TypeParams):
                type_params = tuple(c)
            elif isinstance(c, A.TypeExpr):
                bases.append(c)
            elif isinstance(c, dict):
                body = c
        return A.ClassDef(name, tuple(body["fields"]), tuple(body["methods"]), kind, type_params,
                          tuple(bases), doc=body["doc"], span=span_of(children))

    def class_body(self, children):
        body = {"fields": [], "methods": [], "doc": None}
        pending: list = []
        for c in children:
            if isinstance(c, A.FieldDef):
                body["fields"].append(c)
            elif isinstance(c, A.FnDef):
                if pending:
                    c = replace(c, attributes=tuple(pending) + c.attributes)
                    pending = []
                body["methods"].append(c)
            elif isinstance(c, A.Attribute_):
                pending.append(c)
            elif isinstance(c, Doc) and body["doc"] is None:
                body["doc"] = c.text
        return body

    def field_def(self, children):
        kids = [c for c in children if not (isinstance(c, Token) and c.type in ("PUB", "VAL", "VAR"))]
        name = kids[0].value
        type_ = kids[1]
        default = kids[2] if len(kids) > 2 else None
        return A.FieldDef(name, type_, default, span=span_of(children))

    def docstring(self, children):
        value = self.string(children)
        text = value.value if isinstance(value, A.StrLit) else ""
        return Doc(text, value.span)

    def enum_def(self, children):
        kids = _kids(children)
        name = kids[0].value
        type_params = tuple(kids[1]) if isinstance(kids[1], TypeParams) else ()
        body = kids[-1]
        return A.EnumDef(name, tuple(body["variants"]), tuple(body["methods"]), type_params,
                         doc=body["doc"], span=span_of(children))

    def enum_body(self, children):
        body = {"variants": [], "methods": [], "doc": None}
        for c in children:
            if isinstance(c, A.Variant):
                body["variants"].append(c)
            elif isinstance(c, A.FnDef):
                body["methods"].append(c)
            elif isinstance(c, Doc) and body["doc"] is None:
                body["doc"] = c.text
        return body

    def variant(self, children):
        name = children[0].value
        fields = []
        for i, f in enumerate(children[1:]):
            fields.append(f if isinstance(f, A.FieldDef) else A.FieldDef(f"_{i}", f, span=f.span))
        return A.Variant(name, tuple(fields), span=span_of(children))

    def named_variant_field(self, children):
        return A.FieldDef(children[0].value, children[1], span=span_of(children))

    def variant_field(self, children):
        return children[0]

    def impl_def(self, children):
        kids = _kids(children)
        type_params = tuple(k for k in kids if isinstance(k, A.TypeParam))
        types = [k for k in kids if isinstance(k, A.TypeExpr)]
        methods = tuple(k for k in kids if isinstance(k, A.FnDef))
        trait, type_ = (types[0], types[1]) if len(types) == 2 else (None, types[0])
        return A.ImplDef(type_, trait, methods, type_params, span=span_of(children))

    def trait_def(self, children):
        kids = _kids(children)
        name = kids[0].value
        type_params = tuple(kids[1]) if isinstance(kids[1], TypeParams) else ()
        methods = tuple(k for k in kids if isinstance(k, A.FnDef))
        doc = next((k.text for k in kids if isinstance(k, Doc)), None)
        return A.TraitDef(name, methods, type_params, doc=doc, span=span_of(children))

    def type_alias(self, children):
        kids = _kids(children)
        type_params = tuple(kids[1]) if isinstance(kids[1], TypeParams) else ()
        return A.TypeAlias(kids[0].value, kids[-1], type_params, span=span_of(children))

    # ------------------------------------------------------------ expressions

    def tuple(self, children):
        return A.TupleLit(tuple(children), span=span_of(children))

    def lambda_expr(self, children):
        kids = _kids(children)
        params = tuple(kids[0]) if len(kids) == 2 else ()
        return A.Lambda(params, kids[-1], span=span_of(children))

    block_lambda = lambda_expr

    def lambda_typed(self, children):
        kids = _kids(children)
        params = next((tuple(k) for k in kids if isinstance(k, Params)), ())
        self._no_duplicate_params(params, "lambda")
        ret = next((k for k in kids[:-1] if isinstance(k, A.TypeExpr)), None)
        return A.Lambda(params, kids[-1], ret, span=span_of(children))

    block_lambda_typed = lambda_typed

    def lambda_params(self, children):
        params = [A.Param(c.value, span=token_span(c)) for c in children]
        self._no_duplicate_params(params, "lambda")
        return params

    def if_expr(self, children):
        kids = _kids(children)
        result = kids[-1]
        pairs = kids[:-1]
        for i in range(len(pairs) - 2, -1, -2):
            cond, then = pairs[i], pairs[i + 1]
            result = A.IfExpr(cond, then, result, span=span_of(children))
        return result

    def if_let_expr(self, children):
        pattern, subject, then, orelse = _kids(children)
        pattern, subject = _if_let(pattern, subject)
        return A.IfLetExpr(pattern, subject, then, orelse, span=span_of(children))

    def pipe_op(self, children):
        return A.BinOp("|>", children[0], children[1], span=span_of(children))

    def or_op(self, children):
        return A.BoolOp("or", children[0], children[-1], span=span_of(children))

    def and_op(self, children):
        return A.BoolOp("and", children[0], children[-1], span=span_of(children))

    def not_op(self, children):
        return A.UnaryOp("not", children[-1], span=span_of(children))

    def compare(self, children):
        left, op, right = children
        return A.Compare(op.value, left, right, span=span_of(children))

    def _compare(op):
        def build(self, children):
            return A.Compare(op, children[0], children[-1], span=span_of(children))
        return build

    compare_in = _compare("in")
    compare_not_in = _compare("not in")
    compare_is = _compare("is")
    compare_is_not = _compare("is not")
    del _compare

    def binop(self, children):
        left, op, right = children
        return A.BinOp(op.value, left, right, span=span_of(children))

    def xor_op(self, children):
        return A.BinOp("^", children[0], children[-1], span=span_of(children))

    def range_op(self, children):
        start, op, end = children
        return A.Range(start, end, op.value == "..=", span=span_of(children))

    def await_op(self, children):
        # ``await e`` (§4.10): an ``async fn`` runs to completion when called, so what it
        # gives is its value already
        return children[-1]

    def unary_op(self, children):
        op, operand = children
        span = span_of(children)
        if op.value == "-" and isinstance(operand, (A.IntLit, A.FloatLit)):
            if operand.value == I64_MAX + 1 and type(operand) is A.IntLit:
                self.unnegated_min_literals.pop()
            return type(operand)(-operand.value, span=span)
        if op.value == "+" and isinstance(operand, (A.IntLit, A.FloatLit)):
            return replace(operand, span=span)
        return A.UnaryOp(op.value, operand, span=span)

    def cast(self, children):
        return A.Cast(children[0], children[1], span=span_of(children))

    def call(self, children):
        func = children[0]
        args = tuple(children[1]) if len(children) > 2 else ()
        if args and isinstance(args[-1], BaseArg):  # ``Name(a: 1, ..base)``
            func = A.WithBase(func, args[-1].value, span=args[-1].span)
            args = args[:-1]
        if not args and _list_type_literal(func):
            # ``[text]()``: upstream's typed empty list (a list literal is never callable)
            return A.ListLit((), span=span_of(children))
        return A.Call(func, args, span=span_of(children))

    def args(self, children):
        self._no_duplicate_names(children)
        for a in children[:-1]:
            if isinstance(a, BaseArg):
                raise SplSyntaxError("..base must be the last argument", a.span, self.filename, self.source)
        return list(children)

    def base_arg(self, children):
        op, value = children
        if op.value != "..":
            raise SplSyntaxError("expected '..' before the base object", token_span(op), self.filename, self.source)
        return BaseArg(value, span=span_of(children))

    def _no_duplicate_names(self, args) -> None:
        seen = set()
        for a in args:
            if isinstance(a, A.Arg) and a.name is not None:
                if a.name in seen:
                    raise SplSyntaxError(f"argument {a.name} given twice", a.span, self.filename, self.source)
                seen.add(a.name)

    def arg(self, children):
        return A.Arg(children[0], span=children[0].span)

    def named_arg(self, children):
        return A.Arg(children[1], children[0].value, span=span_of(children))

    @staticmethod
    def _unwrapped(obj):
        return A.Unwrap(obj.obj, span=obj.span) if isinstance(obj, A.Presence) else obj

    def attr(self, children):
        obj, name = children
        return A.Attribute(self._unwrapped(obj), name.value, span=span_of(children))

    def tuple_field(self, children):
        obj, index = children
        if isinstance(obj, (A.IntLit, A.FloatLit)) and obj.span.end_col + 1 == index.column:
            raise SplSyntaxError(f"invalid number literal '{self._text(span_of(children))}'",
                                 span_of(children), self.filename, self.source)
        return A.Attribute(self._unwrapped(obj), str(int(index.value)), span=span_of(children))

    def optional_attr(self, children):
        obj, name = children
        return A.OptionalAttr(obj, name.value, span=span_of(children))

    def index(self, children):
        obj, sub, _ = children
        obj = self._unwrapped(obj)
        span = span_of(children)
        if isinstance(sub, A.Range):
            return A.Slice(obj, sub.start, sub.end, sub.inclusive, span=span)
        if isinstance(sub, tuple):  # (lower, upper, inclusive) from a colon or open slice
            return A.Slice(obj, sub[0], sub[1], sub[2], span=span)
        return A.Index(obj, sub, span=span)

    def slice_both(self, children):
        return (children[0], children[1], False)

    def slice_upper(self, children):
        return (None, children[0], False)

    def slice_lower(self, children):
        return (children[0], None, False)

    def slice_all(self, children):
        return (None, None, False)

    def open_range_slice(self, children):
        return (children[0], None, False)

    def force_unwrap(self, children):
        """``x!``: x's value, an error when it is absent (upstream's unwrap)."""
        return A.Unwrap(children[0], span=span_of(children))

    def presence(self, children):
        return A.Presence(children[0], span=span_of(children))

    def try_op(self, children):
        return A.Try(children[0], span=span_of(children))

    def erased_generics(self, children):
        return children[0]

    # ------------------------------------------------------------ atoms

    def name(self, children):
        tok = children[0]
        if tok.value == "None":
            return A.NilLit(span=token_span(tok))
        return A.Name(tok.value, span=token_span(tok))

    def int_lit(self, children):
        tok = children[0]
        value = self._int_value(tok)
        if value == I64_MAX + 1:
            # Only valid negated (-9223372036854775808); unary_op takes it off this list.
            self.unnegated_min_literals.append(tok)
        return A.IntLit(value, span=token_span(tok))

    def _int_value(self, tok) -> int:
        text = tok.value.replace("_", "")
        for suffix in ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"):
            if text.endswith(suffix) and not text.startswith(("0x", "0X")):
                text = text[: -len(suffix)]
                break
        try:
            value = int(text, 0) if text[:2].lower() in ("0x", "0b", "0o") else int(text)
        except ValueError:
            raise SplSyntaxError(f"invalid number literal '{tok.value}'", token_span(tok), self.filename,
                                 self.source, hint="write digits after the prefix: 0x1F, 0b1010, 0o755") from None
        if value > I64_MAX + 1:
            raise SplSyntaxError("integer literal is too large for i64", token_span(tok),
                                 self.filename, self.source, hint="the largest i64 is 9223372036854775807")
        return value

    def float_lit(self, children):
        tok = children[0]
        text = tok.value.replace("_", "")
        if text.endswith(("f32", "f64")):
            text = text[:-3]
        return A.FloatLit(float(text), span=token_span(tok))

    def string(self, children):
        return self.parse_interpolation(children[0])

    def true_lit(self, children):
        return A.BoolLit(True, span=token_span(children[0]))

    def false_lit(self, children):
        return A.BoolLit(False, span=token_span(children[0]))

    def nil_lit(self, children):
        return A.NilLit(span=token_span(children[0]))

    def ellipsis(self, children):
        return A.Ellipsis_(span=token_span(children[0]))

    def unit(self, children):
        return A.TupleLit((), span=token_span(children[0]))

    def list_lit(self, children):
        return A.ListLit(tuple(children[1:-1]), span=span_of(children))

    def list_repeat(self, children):
        return A.ListRepeat(children[1], children[2], span=span_of(children))

    def list_comp(self, children):
        elt, *clauses = children[1:-1]
        return A.ListComp(elt, tuple(clauses), span=span_of(children))

    def list_comp_front(self, children):
        *clauses, elt = children[1:-1]
        return A.ListComp(elt, tuple(clauses), span=span_of(children))

    def dict_lit(self, children):
        return A.DictLit(tuple(children[1:-1]), span=span_of(children))

    def dict_item(self, children):
        return (children[0], children[1])

    def dict_comp(self, children):
        key, value, *clauses = children[1:-1]
        return A.DictComp(key, value, tuple(clauses), span=span_of(children))

    def dict_comp_front(self, children):
        *clauses, pair = children[1:-1]
        if not (isinstance(pair, A.TupleLit) and len(pair.elems) == 2):
            raise SplSyntaxError("a dict comprehension needs a (key, value) pair after ':'",
                                 pair.span, self.filename, self.source)
        return A.DictComp(pair.elems[0], pair.elems[1], tuple(clauses), span=span_of(children))

    def brace_construct(self, children):
        tok = children[0]
        type_name = tok.value.rstrip("{ \t")
        head = token_span(tok)
        func = A.Name(type_name, span=A.Span(head.line, head.col, head.line, head.col + len(type_name)))
        return A.Call(func, tuple(children[1:-1]), span=span_of(children))

    def field_init(self, children):
        return A.Arg(children[1], children[0].value, span=span_of(children))

    def comp_for(self, children):
        target, iterable, *conds = _kids(children)
        return A.CompFor(target, iterable, tuple(conds), span=span_of(children))

    # ------------------------------------------------------------ patterns

    def or_pattern(self, children):
        kids = _kids(children)
        return A.OrPattern(tuple(kids), span=span_of(kids))

    def name_pattern(self, children):
        tok = children[0]
        span = token_span(tok)
        if tok.value == "_":
            return A.WildcardPattern(span=span)
        if tok.value == "None":
            return A.LiteralPattern(A.NilLit(span=span), span=span)
        if tok.value[0].isupper():
            return A.ValuePattern((tok.value,), span=span)
        return A.CapturePattern(tok.value, span=span)

    def dotted_pattern(self, children):
        return A.ValuePattern(tuple(c.value for c in children), span=span_of(children))

    def class_pattern(self, children):
        path = tuple(c.value for c in children if isinstance(c, Token))
        args = next((c for c in children if isinstance(c, list)), [])
        positional = tuple(a for a in args if not isinstance(a, tuple))
        keywords = tuple(a for a in args if isinstance(a, tuple))
        return A.ClassPattern(path, positional, keywords, span=span_of(children))

    def pattern_args(self, children):
        return list(children)

    def keyword_pattern(self, children):
        return (children[0].value, children[1])

    def tuple_pattern(self, children):
        return A.TuplePattern(tuple(children), span=span_of(children))

    def unit_pattern(self, children):
        return A.TuplePattern(())

    def range_pattern(self, children):
        start, op, end = children
        return A.RangePattern(start.value, end.value, op.value == "..=", span=span_of(children))

    def literal_pattern(self, children):
        tok = children[0]
        kind = tok.type
        if kind == "INT":
            value = self.int_lit([tok])
        elif kind == "FLOAT":
            value = self.float_lit([tok])
        elif kind == "STRING":
            value = self.string([tok])
        elif kind == "TRUE":
            value = self.true_lit([tok])
        elif kind == "FALSE":
            value = self.false_lit([tok])
        else:
            value = self.nil_lit([tok])
        return A.LiteralPattern(value, span=value.span)

    def neg_literal_pattern(self, children):
        pattern = self.literal_pattern(children)
        value = pattern.value
        return A.LiteralPattern(type(value)(-value.value, span=value.span), span=value.span)

    # ------------------------------------------------------------ types

    def named_type(self, children):
        name = ".".join(children[0])
        args = tuple(children[1]) if len(children) > 1 else ()
        return A.NamedType(name, args, span=span_of(children))

    def type_args(self, children):
        return list(children)

    def list_type(self, children):
        return A.ListType(children[0], span=span_of(children))

    def tuple_type(self, children):
        return A.TupleType(tuple(children), span=span_of(children))

    def dict_type(self, children):
        return A.DictType(children[0], children[1], span=span_of(children))

    def fn_type(self, children):
        return A.FnType(tuple(_kids(children)), None, span=span_of(children))

    def fn_type_ret(self, children):
        kids = _kids(children)
        return A.FnType(tuple(kids[:-1]), kids[-1], span=span_of(children))

    def optional_type(self, children):
        return A.OptionalType(children[0], span=span_of(children))

    def union_type(self, children):
        kids = _kids(children)
        left = kids[0].options if isinstance(kids[0], A.UnionType) else (kids[0],)
        return A.UnionType(left + (kids[1],), span=span_of(children))

    def self_type(self, children):
        return A.NamedType("Self", span=token_span(children[0]))

    def nil_type(self, children):  # ``i64 | nil``: nil as a type (the type of nil)
        return A.NamedType("nil", span=token_span(children[0]))


_PRINTS = frozenset({"print", "println", "eprint"})


def _print_statement(value):
    """``print (x + 1) * 2`` is ``print ((x + 1) * 2)``: a statement that is ``print`` and an
    expression (§8's print_stmt) prints all of it, where Python 3 would print ``x + 1`` and
    fail multiplying nil.  A statement whose leftmost operand -- through operators other
    than ``|>``/``??``, comparisons, fields, indexes and method calls -- is ``print(e)``
    of one positional argument prints the statement's expression with ``e`` there."""
    path = []
    node = value
    while True:
        if isinstance(node, (A.BinOp, A.Compare)) and node.op not in ("|>", "??"):
            path.append(node)
            node = node.left
        elif isinstance(node, (A.Attribute, A.Index)):
            path.append(node)
            node = node.obj
        elif isinstance(node, A.Call) and isinstance(node.func, A.Attribute):
            path.append(node)
            node = node.func.obj
        else:
            break
    if not (path and isinstance(node, A.Call) and isinstance(node.func, A.Name) and node.func.id in _PRINTS
            and len(node.args) == 1 and node.args[0].name is None):
        return value
    inner = node.args[0].value
    for outer in reversed(path):
        if isinstance(outer, (A.BinOp, A.Compare)):
            inner = replace(outer, left=inner)
        elif isinstance(outer, (A.Attribute, A.Index)):
            inner = replace(outer, obj=inner)
        else:
            inner = replace(outer, func=replace(outer.func, obj=inner))
    return A.Call(node.func, (A.Arg(inner, span=inner.span),), span=value.span)
