"""The reference back end: a visitor that compiles each AST node once into a Python closure.

``visit_<Node>`` returns a closure taking the current environment; running a program is
calling those closures.  Compiling once instead of re-dispatching on every evaluation keeps
the interpreter within a small factor of transpiled code while staying a plain tree walker
in structure.  All value semantics (arithmetic, printing, methods, indexing) come from
``spl_py.runtime`` -- the transpiler calls the very same functions.

Environments are dicts; a function's dict holds its locals and ``PARENT`` (the dict of the
function it was defined in), so closures capture variables by reference.  Statement closures
return ``None`` or a control signal (``BREAK``, ``CONTINUE``, :class:`Ret`).

The closures made for every node bind what they use as default arguments
(``def run(env, value=value)``) rather than as free variables: one tuple per closure instead
of one cell object per captured variable (and no cells in the compiling function), which
makes compiling markedly cheaper -- fewer objects to allocate and for the garbage collector
to scan -- and reads them as fast locals when they run.  Such closures are only ever called
with ``env``.
"""
from __future__ import annotations

import operator

from . import ast as A
from . import interp_fast
from .interp_support import (BREAK, CONTINUE, PARENT, Ret, Tail, ModuleContext, Scope,
                             EarlyReturn, expression_statement, located, relocate, reraise_at,
                             signalling)
from .runtime import ops
from .runtime.formatting import format_value, to_text
from .runtime.methods import (METHOD_TABLES, bound_method, call_method, get_attr, is_direct_method, is_present, me_guard,
                              optional_call, try_at_top_level, unwrap_present)
from .runtime.panic import SplPanic
from .runtime.values import Err, Ok, Some
from .interp_patterns import PatternCompiler
from .interp_decls import DeclarationCompiler
from .interp_names import NameCompiler
from .interp_fold import FOLDABLE, NOT_CONSTANT, constant_value
from .scopes import MISPLACED_JUMP, target_names
from .errors import SplSyntaxError

_PLAIN_BINOPS = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "@": operator.matmul,
    "&": operator.and_, "|": operator.or_, "^": operator.xor, "<<": operator.lshift,
    ">>": operator.rshift,
}
_HELPER_BINOPS = {"/": ops.div, "%": ops.mod, "**": ops.pow_}
_CHECKED_BINOPS = {"+": ops.add_checked, "-": ops.sub_checked, "*": ops.mul_checked,
                   "/": ops.div_checked, "%": ops.mod_checked, "**": ops.pow_checked,
                   "<<": ops.shl_checked}
_FAST_BINOPS = {"+", "-", "*", "@", "&", "|", "^", "<<", ">>",  # Python's operator is Simple's
                "/", "%"}  # one call of the runtime helper (interp_fast._HELPER_OPS)
_COMPARE = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}


class Interpreter(NameCompiler, PatternCompiler, DeclarationCompiler):
    """Compiles one module.  ``scope`` is the function scope being compiled (None at top
    level); ``ctx`` holds the module's globals, file name and source.  The mixins compile
    names and assignments (interp_names), ``match`` (interp_patterns) and declarations
    (interp_decls)."""

    def __init__(self, ctx: ModuleContext, checked: bool = False):
        self.ctx = ctx
        self.checked = checked
        self.scope: Scope | None = None
        self.loop_depth = 0  # loops around the statement being compiled, in its function
        self.in_function = False  # compiling a function's body (not the module's statements)
        self.method_kind: str | None = None  # "fn"/"me"/"static" inside a class method

    # ------------------------------------------------------------------ dispatch

    _visitors: dict = {}  # node class -> visit_<Node> function (per class: see __init_subclass__)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._visitors = {}

    def visit(self, node):
        kind = type(node)
        method = self._visitors.get(kind)
        if method is None:
            method = self._visitors[kind] = getattr(type(self), "visit_" + kind.__name__)
        return method(self, node)

    def block(self, stmts, tail=None):
        """Compile statements; ``tail`` (Ret or Tail) makes the last expression the value."""
        if len(stmts) == 1:
            return self.statement(stmts[0], tail)
        compiled = [self.statement(s) for s in stmts[:-1]]
        if stmts:
            compiled.append(self.statement(stmts[-1], tail))
        compiled = tuple(compiled)

        def run_block(env, compiled=compiled):
            for stmt in compiled:
                signal = stmt(env)
                if signal is not None:
                    return signal
            return None
        return run_block

    def statement(self, stmt, tail=None):
        """A statement closure that reports failures at the statement's position (the
        commonest statements catch them themselves instead of through :func:`located`)."""
        # (interp_support's helpers make the closures: closures made here would cost every
        # call of statement() the cells of all of them)
        span, ctx = stmt.span, self.ctx
        kind = type(stmt)
        if kind is A.ExprStmt:
            value = self.visit(stmt.value)
            if tail is not None:
                return signalling(value, tail, span, ctx)
            return expression_statement(value, span, ctx)
        if kind is A.If:
            return self.compile_if(stmt, tail, span)
        if kind is A.FnDef:
            return self.visit_FnDef(stmt)  # defining cannot fail: nothing to locate
        if kind is A.VarDecl or kind is A.Assign:
            return self.assignment_statement(stmt, span)
        if tail is not None and type(stmt) is A.Match:
            return located(self.visit_tail(stmt, tail), span, ctx)
        if type(stmt) is A.Return and stmt.value is not None:
            if not self.in_function:
                self.misplaced(stmt)
            return signalling(self.visit(stmt.value), Ret, span, ctx)
        return located(self.visit(stmt), span, ctx)

    def visit_tail(self, stmt, tail):
        if type(stmt) is A.If:
            return self.compile_if(stmt, tail)
        return self.compile_match(stmt, tail)

    # ------------------------------------------------------------------ statements
    #
    # statement() compiles expression statements, ifs, assignments (NameCompiler) and
    # ``return v`` itself; these visitors are the other statements.

    def visit_Return(self, node):
        if not self.in_function:
            self.misplaced(node)

        def return_nil(env):  # a bare ``return``
            return Ret(None)
        return return_nil

    def visit_Break(self, node):
        if not self.loop_depth:
            self.misplaced(node)
        return lambda env: BREAK

    def visit_Continue(self, node):
        if not self.loop_depth:
            self.misplaced(node)
        return lambda env: CONTINUE

    def misplaced(self, node):
        raise SplSyntaxError(MISPLACED_JUMP[type(node)], node.span, self.ctx.filename, self.ctx.source)

    def loop_body(self, stmts):
        self.loop_depth += 1
        try:
            return self.block(stmts)
        finally:
            self.loop_depth -= 1

    def visit_Pass(self, node):
        return lambda env: None

    def compile_if(self, node, tail, span=None):
        """``span``: report failures of the conditions there (the bodies' statements report
        their own), as :func:`located` around the whole statement would."""
        if span is not None and len(node.branches) == 1:
            test, block = node.branches[0]
            if (type(test) is A.Compare and test.op in _COMPARE
                    and not interp_fast.compound(self, test)):
                left, right = interp_fast.operand(self, test.left), interp_fast.operand(self, test.right)
                body = self.block(block.body, tail)
                orelse = self.block(node.orelse.body, tail) if node.orelse is not None else None
                return interp_fast.if_compare(test.op, left, right, body, orelse, tail, span, self.ctx,
                                              span.line, relocate)
        # an elif condition reports its failures at its own line
        branches = tuple((self.visit(cond) if i == 0 else located(self.visit(cond), cond.span, self.ctx),
                          self.block(block.body, tail))
                         for i, (cond, block) in enumerate(node.branches))
        orelse = self.block(node.orelse.body, tail) if node.orelse is not None else None
        if span is None:
            if len(branches) == 1:
                (cond, body), = branches

                def run_if(env, body=body, cond=cond, orelse=orelse, tail=tail):
                    if cond(env):
                        return body(env)
                    if orelse is not None:
                        return orelse(env)
                    return tail(None) if tail is not None else None
                return run_if

            def run_if_chain(env, branches=branches, orelse=orelse, tail=tail):
                for cond, body in branches:
                    if cond(env):
                        return body(env)
                if orelse is not None:
                    return orelse(env)
                return tail(None) if tail is not None else None
            return run_if_chain
        ctx = self.ctx
        if len(branches) == 1:
            (cond, body), = branches

            def run_if_located(env, body=body, cond=cond, ctx=ctx, orelse=orelse, span=span,
                               tail=tail):
                try:
                    c = cond(env)
                except Exception as exc:  # noqa: BLE001 - as located()
                    reraise_at(exc, span, ctx, span.line)
                if c:
                    return body(env)
                if orelse is not None:
                    return orelse(env)
                return tail(None) if tail is not None else None
            return run_if_located

        def run_if_chain_located(env, branches=branches, ctx=ctx, orelse=orelse, span=span, tail=tail):
            try:
                for cond, body in branches:
                    if cond(env):
                        break
                else:
                    body = orelse
            except Exception as exc:  # noqa: BLE001 - as located()
                reraise_at(exc, span, ctx, span.line)
            if body is not None:
                return body(env)
            return tail(None) if tail is not None else None
        return run_if_chain_located

    def visit_While(self, node):
        cond = self.visit(node.cond)
        body = self.loop_body(node.body.body)

        def run_while(env, body=body, cond=cond):
            while cond(env):
                signal = body(env)
                if signal is not None:
                    if signal is BREAK:
                        break
                    if signal is not CONTINUE:
                        return signal
            return None
        return run_while

    def visit_Loop(self, node):
        return self.visit_While(A.While(A.BoolLit(True), node.body, span=node.span))

    def visit_For(self, node):
        iterable = self.visit(node.iter)
        body = self.loop_body(node.body.body)
        if type(node.target) is A.NameTarget and (self.scope is None or self.scope.depth_of(node.target.name) == 0):
            name = node.target.name  # at top level ``env`` is the module's globals

            def run_for_name(env, body=body, iterable=iterable, name=name):
                for item in ops.iterate(iterable(env)):
                    env[name] = item
                    signal = body(env)
                    if signal is not None:
                        if signal is BREAK:
                            break
                        if signal is not CONTINUE:
                            return signal
                return None
            return run_for_name
        bind = self.bind_target(node.target)

        def run_for(env, bind=bind, body=body, iterable=iterable):
            for item in ops.iterate(iterable(env)):
                bind(env, item)
                signal = body(env)
                if signal is not None:
                    if signal is BREAK:
                        break
                    if signal is not CONTINUE:
                        return signal
            return None
        return run_for

    def visit_Assert(self, node):
        test = self.visit(node.test)
        message = self.visit(node.message) if node.message is not None else None
        text = f"assertion failed: {node.source}"

        def run_assert(env, message=message, test=test, text=text):
            if not test(env):
                if message is not None:
                    raise SplPanic(f"{text}: {to_text(message(env))}")
                raise SplPanic(text)
        return run_assert

    # ------------------------------------------------------------------ expressions: atoms

    def visit_IntLit(self, node):
        return lambda env, value=node.value: value

    visit_FloatLit = visit_BoolLit = visit_StrLit = visit_IntLit

    def visit_NilLit(self, node):
        return lambda env: None

    def visit_Name(self, node):
        return self.load_name(node.id, node.span)

    def visit_InterpStr(self, node):
        parts = []  # texts, and closures giving a value ({value}) or a text ({value:spec})
        for part in node.parts:
            text = part if type(part) is str else self.formatted(part)
            if type(text) is str and parts and type(parts[-1]) is str:
                parts[-1] += text  # constants are formatted already
            else:
                parts.append(text)
        if len(parts) == 1:
            (part,) = parts
            return _constant(part) if type(part) is str else _show(part)
        compiled = tuple(parts)

        def interpolate(env, compiled=compiled):
            texts = []
            for p in compiled:
                if type(p) is not str:
                    p = p(env)
                    if type(p) is not str:
                        p = to_text(p)
                texts.append(p)
            return "".join(texts)
        return interpolate

    def formatted(self, part: A.FormattedValue):
        """The text of ``{value:spec}`` for a constant, else a closure giving the value
        (no spec: visit_InterpStr makes it text) or the formatted text."""
        spec = part.spec
        if type(part.value) in FOLDABLE:
            value = constant_value(part.value, self.checked)
            if value is not NOT_CONSTANT:
                text = _constant_text(value, spec)
                if text is not None:
                    return text
        value = self.visit(part.value)
        if spec is None:
            return value
        return lambda env, spec=spec, value=value: format_value(value(env), spec)

    def visit_ListLit(self, node):
        elems = tuple(self.visit(e) for e in node.elems)
        return lambda env, elems=elems: [e(env) for e in elems]

    def visit_ListRepeat(self, node):
        value, count = self.visit(node.value), self.visit(node.count)
        return lambda env: ops.list_repeat(value(env), count(env))

    def visit_TupleLit(self, node):
        elems = tuple(self.visit(e) for e in node.elems)
        return lambda env, elems=elems: tuple([e(env) for e in elems])

    def visit_DictLit(self, node):
        pairs = tuple((self.visit(k), self.visit(v)) for k, v in node.pairs)
        return lambda env, pairs=pairs: {k(env): v(env) for k, v in pairs}

    def visit_Range(self, node):
        start, end, inclusive = self.visit(node.start), self.visit(node.end), node.inclusive
        return (lambda env, end=end, inclusive=inclusive, start=start:
                ops.make_range(start(env), end(env), inclusive))

    def visit_Ellipsis_(self, node):
        def not_implemented(env):
            raise SplPanic("not implemented")
        return not_implemented

    # ------------------------------------------------------------------ expressions: operators

    def binary_function(self, op: str):
        if self.checked and op in _CHECKED_BINOPS:
            return _CHECKED_BINOPS[op]
        if op in _HELPER_BINOPS:
            return _HELPER_BINOPS[op]
        plain = _PLAIN_BINOPS[op]
        if op == "+":
            def add(a, b):
                try:
                    return a + b
                except TypeError:
                    return ops.add(a, b)  # raises with the Simple wording
            return add
        return plain

    def visit_BinOp(self, node):
        if type(node.left) in FOLDABLE and type(node.right) in FOLDABLE:
            value = constant_value(node, self.checked)
            if value is not NOT_CONSTANT:
                return _constant(value)
        op = node.op
        if op == "|>":
            return self.visit(A.pipe_as_call(node))
        if op in _FAST_BINOPS and not (self.checked and op in _CHECKED_BINOPS):
            if interp_fast.compound(self, node):
                return interp_fast.expression(self, node)
            return interp_fast.binary(self, node, op, add_fallback=op == "+")
        left, right = self.visit(node.left), self.visit(node.right)
        if op == "??":
            def coalesce(env, left=left, right=right):
                v = left(env)
                if v is None:
                    return right(env)
                return v.value if type(v) is Some else v
            return coalesce
        if op == "+" and not self.checked:
            def add(env, left=left, right=right):
                a = left(env)
                b = right(env)
                try:
                    return a + b
                except TypeError:
                    return ops.add(a, b)
            return add
        f = self.binary_function(op)
        return lambda env, f=f, left=left, right=right: f(left(env), right(env))

    def visit_Compare(self, node):
        if type(node.left) in FOLDABLE and type(node.right) in FOLDABLE:
            value = constant_value(node, self.checked)
            if value is not NOT_CONSTANT:
                return _constant(value)
        op = node.op
        if op in _COMPARE:
            if interp_fast.compound(self, node):
                return interp_fast.expression(self, node)
            return interp_fast.binary(self, node, op)
        left, right = self.visit(node.left), self.visit(node.right)
        if op in _COMPARE:
            f = _COMPARE[op]
            return lambda env, f=f, left=left, right=right: f(left(env), right(env))
        if op == "in":
            return lambda env, left=left, right=right: ops.contains(right(env), left(env))
        if op == "not in":
            return lambda env, left=left, right=right: not ops.contains(right(env), left(env))
        same = ops.same_value
        if op == "is":
            return lambda env, left=left, right=right, same=same: same(left(env), right(env))
        return lambda env, left=left, right=right, same=same: not same(left(env), right(env))

    def visit_BoolOp(self, node):
        value = constant_value(node, self.checked)
        if value is not NOT_CONSTANT:
            return _constant(value)
        left, right = self.visit(node.left), self.visit(node.right)
        if node.op == "and":
            return lambda env, left=left, right=right: left(env) and right(env)
        return lambda env, left=left, right=right: left(env) or right(env)

    def visit_UnaryOp(self, node):
        value = constant_value(node, self.checked)
        if value is not NOT_CONSTANT:
            return _constant(value)
        operand = self.visit(node.operand)
        op = node.op
        if op == "not":
            return lambda env, operand=operand: not operand(env)
        if op == "-":
            if self.checked:
                return lambda env, operand=operand: ops.neg_checked(operand(env))
            return lambda env, operand=operand: -operand(env)
        if op == "+":
            return lambda env, operand=operand: +operand(env)
        return lambda env, operand=operand: ~operand(env)

    def visit_IfExpr(self, node):
        cond, then, orelse = self.visit(node.cond), self.visit(node.then), self.visit(node.orelse)
        return lambda env, cond=cond, orelse=orelse, then=then: then(env) if cond(env) else orelse(env)

    def visit_IfLetExpr(self, node):
        subject = self.visit(node.subject)
        self.declare_captures(node.pattern)
        test, then, orelse = self.pattern(node.pattern), self.visit(node.then), self.visit(node.orelse)
        return lambda env: then(env) if test(subject(env), env) else orelse(env)

    def visit_BlockExpr(self, node):
        run = self.visit_tail(node.stmt, Tail)

        def block_value(env, run=run):
            signal = run(env)
            if type(signal) is Tail:
                return signal.value
            if signal is None:
                return None
            raise EarlyReturn(signal)
        return block_value

    def visit_Cast(self, node):
        value = self.visit(node.value)
        convert = ops.cast_function(node.type.name if isinstance(node.type, A.NamedType) else "")
        return lambda env, convert=convert, value=value: convert(value(env))

    # ------------------------------------------------------------------ expressions: postfix

    def visit_Attribute(self, node):
        obj = self.visit(node.obj)
        name = node.name

        def attribute(env, name=name, obj=obj):
            o = obj(env)
            if type(o) in METHOD_TABLES:
                return get_attr(o, name)
            try:
                return getattr(o, name)
            except AttributeError:
                return get_attr(o, name)
        return attribute

    def visit_OptionalAttr(self, node):
        obj = self.visit(node.obj)
        name = node.name

        def optional_attribute(env, name=name, obj=obj):
            o = obj(env)
            if o is None:
                return None
            return get_attr(o.value if type(o) is Some else o, name)
        return optional_attribute

    def visit_Index(self, node):
        if interp_fast.compound(self, node):
            return interp_fast.expression(self, node)
        return interp_fast.index(self, node)

    def visit_Slice(self, node):
        obj = self.visit(node.obj)
        lower = self.visit(node.lower) if node.lower is not None else (lambda env: None)
        upper = self.visit(node.upper) if node.upper is not None else (lambda env: None)
        inclusive = node.inclusive
        return (lambda env, inclusive=inclusive, lower=lower, obj=obj, upper=upper:
                ops.slice_(obj(env), lower(env), upper(env), inclusive))

    def visit_Presence(self, node):
        obj = self.visit(node.obj)
        return lambda env, obj=obj: is_present(obj(env))

    def visit_Unwrap(self, node):
        obj = self.visit(node.obj)
        return lambda env, obj=obj: unwrap_present(obj(env))

    def visit_Try(self, node):
        obj = self.visit(node.obj)
        if not self.in_function:
            return lambda env, obj=obj: try_at_top_level(obj(env))

        def try_value(env, obj=obj):
            v = obj(env)
            t = type(v)
            if v is None or t is Err:
                raise EarlyReturn(Ret(v))
            if t is Some or t is Ok:
                return v.value
            return v
        return try_value

    def visit_Call(self, node):
        func = node.func
        if type(func) is A.Name and (self.scope is None or self.scope.depth_of(func.id) is None):
            for arg in node.args:
                if arg.name is not None:
                    break
            else:
                return self.global_call(node, func)
        args = tuple([self.visit(a.value) for a in node.args if a.name is None])
        kwargs = tuple([(a.name, self.visit(a.value)) for a in node.args if a.name is not None])
        if type(func) is A.Attribute:
            return self.method_call(func, args, kwargs)
        if type(func) is A.OptionalAttr:
            return self.optional_method_call(func, args, kwargs)
        return _call(self.visit(func), args, kwargs)

    def visit_WithBase(self, node):
        func, base = self.visit(node.func), self.visit(node.base)
        return lambda env, func=func, base=base: ops.with_base(func(env), base(env))

    def optional_method_call(self, func: A.OptionalAttr, args, kwargs):
        """``o?.m(args)``: nil when ``o`` is nil (the arguments are not evaluated), else the
        method of ``o`` (of its value for a ``Some``), refused through a ``val`` binding when
        it is a ``me`` method."""
        obj = self.visit(func.obj)
        name = func.name
        guard = self.immutable_receiver(func.obj)

        def call(env, args=args, guard=guard, kwargs=kwargs, name=name, obj=obj):
            return optional_call(obj(env), name, guard,
                                 lambda: ([a(env) for a in args], {k: v(env) for k, v in kwargs}))
        return call

    def global_call(self, node, func):
        """``f(a, b)`` where ``f`` is a module-level or builtin name (no named arguments)."""
        values = [a.value for a in node.args]
        if interp_fast.any_generated(self, values):
            return interp_fast.expression(self, node)
        if len(values) == 1 and type(values[0]) in FOLDABLE:
            value = constant_value(values[0], self.checked)
            if value is not NOT_CONSTANT:
                return interp_fast.global_call_constant(self.ctx.globals_get, func.id, value)
        args = tuple(map(self.visit, values))
        fast = interp_fast.global_call(self.ctx.globals_get, func.id, args)
        return fast if fast is not None else _call(self.load_global(func.id, func.span), args, ())

    def method_call(self, func: A.Attribute, args, kwargs):
        obj = self.visit(func.obj)
        name = func.name
        guard = self.immutable_receiver(func.obj)
        if not kwargs:
            fast = interp_fast.method_call(obj, name, guard, args)
            if fast is not None:
                return fast

        direct = is_direct_method(name)  # looked up before the arguments, as Python does

        def call(env, args=args, guard=guard, kwargs=kwargs, name=name, obj=obj, direct=direct):
            o = obj(env)
            if guard is not None:
                me_guard(o, name, guard)
            method = bound_method(o, name) if direct else None
            positional = [a(env) for a in args]
            named = {k: v(env) for k, v in kwargs}
            if method is not None:
                return method(*positional, **named)
            return call_method(o, name, *positional, **named)
        return call

    def immutable_receiver(self, obj) -> str | None:
        """The name of a ``val`` binding used as a method receiver (Decision 9)."""
        if type(obj) is not A.Name or obj.id == "self":
            return None
        if self.scope is not None and self.scope.depth_of(obj.id) is not None:
            return obj.id if self.scope.is_mutable(obj.id) is False else None
        return obj.id if self.ctx.is_val(obj.id) else None

    # ------------------------------------------------------------------ functions and comprehensions

    def visit_Lambda(self, node):
        return self.function_factory("<lambda>", node.params, node.body, kind="lambda")

    def visit_ListComp(self, node):
        produce, (elt,) = self.comprehension(node.clauses, (node.elt,))

        def list_comprehension(env):
            inner = {PARENT: env}
            return [elt(inner) for _ in produce(inner)]
        return list_comprehension

    def visit_DictComp(self, node):
        produce, (key, value) = self.comprehension(node.clauses, (node.key, node.value))

        def dict_comprehension(env):
            inner = {PARENT: env}
            return {key(inner): value(inner) for _ in produce(inner)}
        return dict_comprehension

    def comprehension(self, clauses, results):
        """Compile a comprehension in a scope of its own (its targets do not leak into the
        enclosing function, as in Python 3 and transpiled code).  Returns a generator closure
        that binds each clause's target and yields once per match, and the compiled
        ``results`` expressions; both run in the comprehension's environment."""
        outer = self.scope
        self.scope = Scope(outer, {n: True for clause in clauses for n in target_names(clause.target)})
        try:
            compiled = [(self.bind_target(clause.target), self.visit(clause.iter),
                         tuple(self.visit(c) for c in clause.conds)) for clause in clauses]
            values = tuple(self.visit(r) for r in results)
        finally:
            self.scope = outer

        def produce(env, level=0):
            bind, iterable, conds = compiled[level]
            for item in ops.iterate(iterable(env)):
                bind(env, item)
                if all(c(env) for c in conds):
                    if level + 1 == len(compiled):
                        yield None
                    else:
                        yield from produce(env, level + 1)
        return produce, values


def _call(callee, args, kwargs):
    """``f(args, name: value)`` for any ``f``."""
    if kwargs:
        return (lambda env, args=args, callee=callee, kwargs=kwargs:
                callee(env)(*[a(env) for a in args], **{k: v(env) for k, v in kwargs}))
    if len(args) == 1:
        (a0,) = args
        return lambda env, a0=a0, callee=callee: callee(env)(a0(env))
    if len(args) == 2:
        a0, a1 = args
        return lambda env, a0=a0, a1=a1, callee=callee: callee(env)(a0(env), a1(env))
    return lambda env, args=args, callee=callee: callee(env)(*[a(env) for a in args])


def _constant_text(value, spec):
    """The text of a constant's ``{value:spec}``; None when formatting fails (it then fails
    when the string is built, at its line)."""
    try:
        return format_value(value, spec) if spec is not None else to_text(value)
    except Exception:  # noqa: BLE001 - reported when the string is built
        return None


def _show(value):
    """The text of ``value``'s result (a string alone: "{x}")."""
    def show(env, value=value):
        v = value(env)
        return v if type(v) is str else to_text(v)
    return show


def _constant(value):
    return lambda env, value=value: value
