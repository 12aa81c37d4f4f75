"""The checker's walk over statements and expressions.

After :mod:`spl_py.checker_decls` has found every top-level name, :class:`Walker` visits
each body with the scoping rules of the interpreter (function-level scopes, closures,
module globals, builtins, the Python dialect's ``x = 1`` declaring ``x``) and reports
undefined names, call arity, immutable bindings, ``self`` mutation in plain methods,
``xs = xs.push(v)`` and misplaced ``return``/``break``/``continue``.  Every resolved name
is recorded in ``ModuleSymbols.references`` for the language server.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import ast as A
from .checker_decls import collect_bindings, dotted, function_symbol
from .checker_symbols import (
    BUILTIN_SYMBOLS,
    COMMON_MEMBERS,
    ClassInfo,
    ModuleSymbols,
    Reporter,
    Scope,
    Signature,
    Symbol,
    close_matches,
    name_span,
    type_text,
)
from .errors import source_lines
from .runtime.panic import assign_refusal
from .scopes import MISPLACED_JUMP

_WRAPPERS = ("Some", "Ok", "Err")


@dataclass
class Ctx:
    """The function being walked: ``kind`` is module, function, method or lambda."""
    kind: str
    class_info: Optional[ClassInfo] = None
    self_policy: str = "ok"      # what ``self.f = v`` is here: ok / error / warning
    static: bool = False
    loops: int = 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def member_span(node) -> A.Span:
    """The span of ``name`` in ``obj.name`` (the whole node when it spans lines)."""
    s = node.span
    if s.line and s.end_line == s.line and s.end_col - len(node.name) > s.col:
        return A.Span(s.line, s.end_col - len(node.name), s.line, s.end_col)
    return s


def _extent(node: A.Node) -> A.Span:
    """``node.span`` with its end taken from the furthest descendant (some declaration
    spans carry no end)."""
    start = node.span
    end = (start.end_line, start.end_col)
    for sub in A.walk(node):
        s = sub.span
        if s.line and (s.end_line, s.end_col) > end:
            end = (s.end_line, s.end_col)
    return A.Span(start.line, start.col, end[0], end[1])


class Walker:
    def __init__(self, symbols: ModuleSymbols, source: str, report: Reporter):
        self.symbols = symbols
        self.source = source
        self.report = report
        self.scope: Scope = symbols.scope
        self.ctx = Ctx("module")

    # ------------------------------------------------------------------ dispatch

    def visit(self, node) -> None:
        getattr(self, "visit_" + type(node).__name__, self.generic_visit)(node)

    def generic_visit(self, node) -> None:
        for child in node.children():
            if not isinstance(child, A.TypeExpr):
                self.visit(child)

    def visit_Module(self, node: A.Module) -> None:
        for stmt in node.body:
            self.visit(stmt)

    def visit_Block(self, node: A.Block) -> None:
        for stmt in node.body:
            self.visit(stmt)

    # ------------------------------------------------------------------ names

    def lookup(self, name: str) -> Optional[Symbol]:
        return self.scope.lookup(name) or BUILTIN_SYMBOLS.get(name)

    def refer(self, span: A.Span, sym: Symbol) -> None:
        self.symbols.references.append((span, sym))

    def load(self, name: str, span: A.Span) -> Optional[Symbol]:
        sym = self.lookup(name)
        if sym is not None:
            self.refer(span, sym)
            return sym
        if self.symbols.unknown_star:
            return None
        if name == "self":
            hint = "static methods have no self" if self.ctx.static else None
            self.report.error("self is only available inside a method", span, hint=hint)
            return None
        hint = None
        info = self.ctx.class_info
        if info is not None and any(f.name == name for f in info.all_fields()):
            hint = f"did you mean self.{name}?"
        if hint is None:
            visible = list(self.scope.visible()) + list(BUILTIN_SYMBOLS)
            hint = close_matches(name, [n for n in visible if n != "self"])
        self.report.error(f"undefined name {name}", span, hint=hint)
        return None

    def visit_Name(self, node: A.Name) -> None:
        self.load(node.id, node.span)

    # ------------------------------------------------------------------ functions

    def function(self, name: str, params, body, kind: str, span: A.Span,
                 class_info: Optional[ClassInfo] = None, method_kind: str = "",
                 self_policy: Optional[str] = None) -> None:
        scope = Scope(kind, name, span, parent=self.scope, class_info=class_info)
        self.scope.children.append(scope)
        self_symbol = None
        if kind == "method" and method_kind != "static":
            self_class = class_info if class_info is not None and class_info.kind != "trait" else None
            self_symbol = Symbol("self", "parameter", span, self.symbols.filename,
                                 detail=f"self: {class_info.name}" if class_info else "self",
                                 value_class=self_class)
            scope.symbols["self"] = self_symbol
        outer_scope, outer_ctx = self.scope, self.ctx
        if kind == "lambda":
            ctx = Ctx("lambda", outer_ctx.class_info, outer_ctx.self_policy, outer_ctx.static)
        else:
            ctx = Ctx(kind, class_info, self_policy or "ok", method_kind == "static")
        for p in params:
            if p.default is not None:  # run at the call: it sees self and the parameters before it
                self.scope, self.ctx = scope, ctx
                try:
                    self.visit(p.default)
                finally:
                    self.scope, self.ctx = outer_scope, outer_ctx
            pspan = A.Span(p.span.line, p.span.col, p.span.line, p.span.col + len(p.name))
            detail = p.name + (f": {type_text(p.type)}" if p.type is not None else "") + ("..." if p.variadic else "")
            scope.symbols.setdefault(p.name, Symbol(
                p.name, "parameter", pspan, self.symbols.filename, detail=detail, mutable=True,
                has_default=p.default is not None, node=p,  # (a variadic one holds a list)
                value_class=None if p.variadic else self.resolve_type(p.type, self.symbols.scope)))
        if self_symbol is not None:
            scope.symbols["self"] = self_symbol
        if isinstance(body, A.Block):
            declared, assigned = collect_bindings(body.body)
            for n, (mutable, nspan) in declared.items():
                if n not in scope.symbols:
                    scope.symbols[n] = Symbol(n, "variable", nspan, self.symbols.filename, mutable=mutable,
                                              detail=("var " if mutable else "val ") + n)
            for n, nspan in assigned.items():
                if scope.lookup(n) is None:
                    scope.symbols[n] = Symbol(n, "variable", nspan, self.symbols.filename, mutable=True,
                                              detail=f"var {n}")
        self.scope, self.ctx = scope, ctx
        try:
            self.visit(body)
        finally:
            self.scope, self.ctx = outer_scope, outer_ctx

    def visit_FnDef(self, node: A.FnDef) -> None:
        if self.scope.kind != "module" or self.ctx.kind != "module":
            self.define_local(function_symbol(node, self.source, self.symbols.filename, self.symbols.scope))
        if node.body is not None:
            self.function(node.name, node.params, node.body, "function", _extent(node))

    def visit_ExternFn(self, node: A.ExternFn) -> None:
        if self.scope.kind != "module":
            self.define_local(function_symbol(node, self.source, self.symbols.filename, self.symbols.scope))

    def define_local(self, sym: Symbol) -> None:
        """A function defined inside a function body: replaces the placeholder binding."""
        existing = self.scope.symbols.get(sym.name)
        if existing is not None and existing.kind in ("function", "extern"):
            self.report.error(f"duplicate definition of {sym.name}", sym.span,
                              hint=f"{sym.name} is already defined at line {existing.span.line}")
            return
        self.scope.symbols[sym.name] = sym

    def methods(self, methods, info: Optional[ClassInfo], has_init: bool) -> None:
        for m in methods:
            if m.body is None:
                continue
            policy = "ok"
            if m.kind == "fn":
                policy = "ok" if (has_init and m.name == "__init__") else ("warning" if has_init else "error")
            self.function(m.name, m.params, m.body, "method", _extent(m), info, m.kind, policy)

    def class_info(self, name: str) -> Optional[ClassInfo]:
        sym = self.scope.lookup(name)
        sym = sym.resolved() if sym is not None else None
        return sym.info if sym is not None else None

    def visit_ClassDef(self, node: A.ClassDef) -> None:
        for f in node.fields:
            if f.default is not None:
                self.visit(f.default)
        info = self.class_info(node.name)
        has_init = any(m.name == "__init__" for m in node.methods)
        self.methods(node.methods, info, has_init)

    def visit_EnumDef(self, node: A.EnumDef) -> None:
        for v in node.variants:
            for f in v.fields:
                if f.default is not None:
                    self.visit(f.default)
        self.methods(node.methods, self.class_info(node.name), False)

    def visit_TraitDef(self, node: A.TraitDef) -> None:
        self.methods(node.methods, self.class_info(node.name), False)

    def visit_ImplDef(self, node: A.ImplDef) -> None:
        info = None
        for t in (node.type, node.trait):
            if isinstance(t, A.NamedType):
                span = name_span(self.source, node.span, t.name, after_keyword=False)
                sym = self.load(t.name, span)
                if t is node.type and sym is not None:
                    info = sym.resolved().info
        self.methods(node.methods, info, False)

    def visit_Lambda(self, node: A.Lambda) -> None:
        self.function("<lambda>", node.params, node.body, "lambda", _extent(node))

    def visit_Use(self, node: A.Use) -> None:
        pass  # resolved by the declaration pass

    def visit_TypeAlias(self, node: A.TypeAlias) -> None:
        pass

    def visit_Export(self, node: A.Export) -> None:
        top = self.symbols.scope.symbols
        for name in node.names:
            span = name_span(self.source, node.span, name, after_keyword=False)
            if name in top:
                self.refer(span, top[name])
            elif not self.symbols.unknown_star:
                self.report.error(f"undefined name {name}", span, hint=close_matches(name, top))

    # ------------------------------------------------------------------ statements

    def visit_VarDecl(self, node: A.VarDecl) -> None:
        if node.legacy:
            word = "var" if node.mutable else "val"
            self.report.warning(f"`let` is a legacy spelling: write `{word}`",
                                A.Span(node.span.line, node.span.col, node.span.line, node.span.col + 3))
        if node.value is not None:
            self.visit(node.value)
        if isinstance(node.target, A.NameTarget):
            sym = self.scope.lookup(node.target.name)
            if sym is not None and sym.kind == "variable":
                known = self.resolve_type(node.type, self.symbols.scope) if node.type is not None else None
                sym.value_class = known or (self.expr_class(node.value) if node.value is not None else None)

    def visit_Assign(self, node: A.Assign) -> None:
        self.visit(node.value)
        self.check_push(node)
        self.assign_target(node.target, node.value)

    def visit_AugAssign(self, node: A.AugAssign) -> None:
        self.visit(node.value)
        target = node.target
        if isinstance(target, A.Name):
            sym = self.load(target.id, target.span)
            if sym is not None:
                self.check_mutable(sym, target)
        else:
            self.assign_target(target, None)

    def assign_target(self, target, value) -> None:
        if isinstance(target, A.Name):
            sym = self.scope.lookup(target.id)
            if sym is None:
                return
            self.refer(target.span, sym)
            self.check_mutable(sym, target)
            if sym.kind == "variable":
                sym.value_class = self.expr_class(value) if value is not None else None
        elif isinstance(target, A.Attribute):
            self.visit(target.obj)
            self.check_self_assign(target)
            cls = self.expr_class(target.obj)
            if cls is not None and cls.is_closed() and all(f.name != target.name for f in cls.all_fields()):
                self.report.error(f"{cls.name} has no field {target.name}", member_span(target),
                                  hint=close_matches(target.name, [f.name for f in cls.all_fields()]))
        elif isinstance(target, A.TupleLit):
            for elem in target.elems:
                self.assign_target(elem, None)
        else:
            self.visit(target)

    def check_mutable(self, sym: Symbol, target: A.Name) -> None:
        if sym.kind == "builtin" or sym.mutable:
            return
        message, hint = assign_refusal(target.id)
        self.report.error(message, target.span, hint=hint)

    def check_self_assign(self, target: A.Attribute) -> None:
        if not (isinstance(target.obj, A.Name) and target.obj.id == "self"):
            return
        if self.ctx.self_policy == "error":
            self.report.error("cannot mutate through immutable binding self", target.span,
                              hint=f"declare the method with `me` to assign self.{target.name}")
        elif self.ctx.self_policy == "warning":
            self.report.warning(f"method assigns self.{target.name}; declare it `me`", target.span)

    def check_push(self, node: A.Assign) -> None:
        """``xs = xs.push(v)``: push appends in place and returns nothing (Decision 11)."""
        call = node.value
        if not (isinstance(call, A.Call) and isinstance(call.func, A.Attribute)
                and call.func.name == "push" and call.func.obj == node.target):
            return
        cls = self.expr_class(call.func.obj)
        if cls is not None and cls.method("push") is not None:
            return
        text = self.source_text(node.target) or "xs"
        self.report.error(f"push returns nothing: this assigns nil to {text}", node.span,
                          hint=f"lists change in place: write {text}.push(...) on its own")

    def source_text(self, node) -> Optional[str]:
        s = node.span
        if s.line == 0 or s.end_line != s.line:
            return None
        lines = source_lines(self.source)
        return lines[s.line - 1][s.col - 1:s.end_col - 1] if s.line <= len(lines) else None

    def visit_Return(self, node: A.Return) -> None:
        if self.ctx.kind == "module":
            self.report.error(MISPLACED_JUMP[A.Return], node.span)
        if node.value is not None:
            self.visit(node.value)

    def visit_Break(self, node) -> None:
        if self.ctx.loops == 0:
            self.report.error(MISPLACED_JUMP[A.Break], node.span)

    def visit_Continue(self, node) -> None:
        if self.ctx.loops == 0:
            self.report.error(MISPLACED_JUMP[A.Continue], node.span)

    def loop_body(self, body: A.Block) -> None:
        self.ctx.loops += 1
        try:
            self.visit(body)
        finally:
            self.ctx.loops -= 1

    def visit_While(self, node: A.While) -> None:
        self.visit(node.cond)
        self.loop_body(node.body)

    def visit_Loop(self, node: A.Loop) -> None:
        self.loop_body(node.body)

    def visit_For(self, node: A.For) -> None:
        self.visit(node.iter)
        if isinstance(node.target, A.NameTarget):
            sym = self.scope.lookup(node.target.name)
            if sym is not None and sym.kind == "variable":
                sym.value_class = None
        self.loop_body(node.body)

    def visit_Match(self, node: A.Match) -> None:
        self.visit(node.subject)
        for arm in node.arms:
            self.pattern(arm.pattern)
            if arm.guard is not None:
                self.visit(arm.guard)
            self.visit(arm.body)

    def visit_IfLetExpr(self, node: A.IfLetExpr) -> None:
        self.visit(node.subject)
        self.pattern(node.pattern)
        self.visit(node.then)
        self.visit(node.orelse)

    # ------------------------------------------------------------------ patterns

    def binding_scope(self) -> Scope:
        scope = self.scope
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        return scope

    def pattern(self, p) -> None:
        if isinstance(p, A.CapturePattern):
            scope = self.binding_scope()
            if p.name not in scope.symbols:
                scope.symbols[p.name] = Symbol(p.name, "variable", p.span, self.symbols.filename,
                                               mutable=True, detail=f"var {p.name}")
            return
        if isinstance(p, A.ValuePattern):
            if not self.enum_variant_name(p.path):
                self.path(p.path, p.span)
            return
        if isinstance(p, A.ClassPattern):
            if not (len(p.path) == 1 and p.path[0] in _WRAPPERS) and not self.enum_variant_name(p.path):
                self.path(p.path, p.span)
            for sub in p.args:
                self.pattern(sub)
            for _, sub in p.kwargs:
                self.pattern(sub)
            return
        if isinstance(p, (A.LiteralPattern, A.RangePattern)):
            self.generic_visit(p)
            return
        for child in p.children():
            if isinstance(child, A.Pattern):
                self.pattern(child)

    def enum_variant_name(self, path: tuple) -> bool:
        """A one-name pattern naming a variant of an enum this module declares or imports
        (``case Number(v):``): it tests the matched value's variant (scopes.variant_first)."""
        if len(path) != 1:
            return False
        for sym in self.symbols.globals.values():
            target = sym.resolved()
            if target.kind == "enum" and target.info is not None and path[0] in target.info.variants:
                return True
        return False

    def path(self, path: tuple, span: A.Span) -> None:
        head = A.Span(span.line, span.col, span.line, span.col + len(path[0]))
        sym = self.load(path[0], head)
        if sym is not None and len(path) == 2:
            self.static_member(sym.resolved(), path[1], span)

    # ------------------------------------------------------------------ expressions

    def visit_Attribute(self, node: A.Attribute) -> None:
        self.visit(node.obj)
        obj = node.obj
        if isinstance(obj, A.Name):
            sym = self.lookup(obj.id)
            if sym is not None and (sym.kind in ("module", "import") or sym.resolved().info is not None) \
                    and sym.kind != "variable" and sym.kind != "parameter":
                self.static_member(sym.resolved() if sym.kind != "module" else sym, node.name, member_span(node))
                return
        cls = self.expr_class(obj)
        if cls is not None and cls.is_closed() and cls.member(node.name) is None \
                and node.name not in COMMON_MEMBERS:
            self.report.error(f"{cls.name} has no field or method {node.name}", member_span(node),
                              hint=close_matches(node.name, cls.members()))

    def static_member(self, sym: Symbol, name: str, span: A.Span) -> None:
        """``module.X``, ``Enum.Variant``, ``Class.static_method``."""
        if sym.kind == "module":
            module = sym.module
            if module is None or module.error is not None or module.partial:
                return
            target = module.exports.get(name)
            if target is None:
                exports = ", ".join(sorted(module.exports)) or "none"
                self.report.error(f"module {module.name} has no export {name} (exports: {exports})", span,
                                  hint=close_matches(name, module.exports))
            else:
                self.refer(span, target)
            return
        info = sym.info
        if info is None or info.open or any(b.open for b in info.bases):
            return
        member = info.variants.get(name) or info.member(name)
        if member is not None:
            self.refer(span, member)
            return
        if name in COMMON_MEMBERS:
            return
        if info.kind == "enum":
            self.report.error(f"enum {info.name} has no variant {name}", span,
                              hint=close_matches(name, list(info.variants) + list(info.methods)))
        elif info.kind in ("class", "struct"):
            self.report.error(f"{info.name} has no field or method {name}", span,
                              hint=close_matches(name, info.members()))

    def visit_BinOp(self, node: A.BinOp) -> None:
        if node.op == "|>":
            arg = A.Arg(node.left, span=node.left.span)
            if isinstance(node.right, A.Call):
                call = A.Call(node.right.func, (arg,) + node.right.args, span=node.span)
            else:
                call = A.Call(node.right, (arg,), span=node.span)
            self.visit(call)
            return
        self.generic_visit(node)

    def visit_Call(self, node: A.Call) -> None:
        self.generic_visit(node)
        sig = self.callee_signature(node.func)
        if sig is not None:
            self.check_arity(sig, node)
        func = node.func
        if isinstance(func, A.Attribute) and isinstance(func.obj, A.Name) and func.obj.id != "self":
            sym = self.scope.lookup(func.obj.id)
            if sym is not None and sym.kind == "variable" and not sym.mutable and sym.value_class is not None:
                method = sym.value_class.method(func.name)
                if method is not None and method.method_kind == "me":
                    self.report.error(f"cannot mutate through immutable binding {func.obj.id}", func.span,
                                      hint=f"{func.name} is a `me` method; declare {func.obj.id} with var")

    def callee_signature(self, func) -> Optional[Signature]:
        if isinstance(func, A.Name):
            sym = self.lookup(func.id)
            return self.signature_of(sym.resolved()) if sym is not None else None
        if not isinstance(func, A.Attribute):
            return None
        if isinstance(func.obj, A.Name):
            sym = self.lookup(func.obj.id)
            if sym is not None and sym.kind == "module":
                module = sym.module
                target = module.exports.get(func.name) if module is not None else None
                return self.signature_of(target.resolved()) if target is not None else None
            if sym is not None and sym.kind not in ("variable", "parameter"):
                info = sym.resolved().info
                if info is not None:
                    variant = info.variants.get(func.name)
                    if variant is not None:
                        return variant.signature
                    method = info.method(func.name)
                    if method is not None and method.method_kind == "static":
                        return method.signature
                    return None
        cls = self.expr_class(func.obj)
        if cls is not None:
            method = cls.method(func.name)
            if method is not None and method.method_kind != "static":
                return method.signature
        return None

    @staticmethod
    def signature_of(sym: Symbol) -> Optional[Signature]:
        if sym.kind in ("function", "extern"):
            return sym.signature
        if sym.kind in ("class", "struct") and sym.info is not None:
            return sym.info.constructor()
        return None

    def check_arity(self, sig: Signature, call: A.Call) -> None:
        positional = [a for a in call.args if a.name is None]
        named = [a for a in call.args if a.name is not None]
        params = sig.params
        label = sig.label
        if params and params[-1].variadic:  # it takes any further positional arguments
            positional = positional[:len(params)]
        if len(positional) > len(params):
            given = len(positional)
            verb = "was" if given == 1 else "were"
            if sig.constructor:
                message = f"{label} has {_plural(len(params), 'field')} but {_plural(given, 'argument')} {verb} given"
            else:
                required = sum(1 for p in params if not p.has_default)
                hi = len(params) if required != len(params) else None
                want = f"{required} to {hi}" if hi is not None else str(len(params))
                noun = "argument" if hi is None and len(params) == 1 else "arguments"
                message = f"{label} takes {want} {noun} but {given} {verb} given"
            self.report.type_error(message, positional[len(params)].span)
        names = [p.name for p in params if not p.variadic]  # (no argument names a variadic one)
        bound = set(names[:len(positional)])
        for arg in named:
            if arg.name not in names:
                message = (f"unknown field {arg.name} for {label}" if sig.constructor
                           else f"unknown argument {arg.name} in call to {label}")
                self.report.type_error(message, arg.span, hint=close_matches(arg.name, names))
            elif arg.name in bound:
                self.report.type_error(f"argument {arg.name} given twice in call to {label}", arg.span)
            bound.add(arg.name)
        for p in params:
            if p.name not in bound and not p.has_default and not p.variadic:
                message = (f"missing field {p.name} in {label}" if sig.constructor
                           else f"missing argument {p.name} in call to {label}")
                self.report.type_error(message, call.span)

    def comprehension(self, node, produce) -> None:
        scope = Scope("comprehension", "<comprehension>", _extent(node), parent=self.scope)
        self.scope.children.append(scope)
        outer = self.scope
        self.scope = scope
        try:
            for clause in node.clauses:
                self.visit(clause.iter)
                for n, sp in _target_spans(clause.target):
                    scope.symbols[n] = Symbol(n, "variable", sp, self.symbols.filename, mutable=True,
                                              detail=f"var {n}")
                for cond in clause.conds:
                    self.visit(cond)
            produce()
        finally:
            self.scope = outer

    def visit_ListComp(self, node: A.ListComp) -> None:
        self.comprehension(node, lambda: self.visit(node.elt))

    def visit_DictComp(self, node: A.DictComp) -> None:
        self.comprehension(node, lambda: (self.visit(node.key), self.visit(node.value)))

    def visit_Cast(self, node: A.Cast) -> None:
        self.visit(node.value)

    # ------------------------------------------------------------------ static classes

    def resolve_type(self, t, home: Optional[Scope], owner: Optional[ClassInfo] = None) -> Optional[ClassInfo]:
        if not isinstance(t, A.NamedType) or home is None:
            return None
        if t.name == "Self":
            return owner
        sym = home.lookup(t.name)
        if sym is None:
            return None
        sym = sym.resolved()
        if sym.info is not None and sym.info.kind in ("class", "struct", "enum"):
            return sym.info
        return None

    def expr_class(self, e) -> Optional[ClassInfo]:
        """The class of an expression's value where it is known without running anything."""
        if isinstance(e, A.Name):
            sym = self.lookup(e.id)
            return sym.value_class if sym is not None else None
        if isinstance(e, A.Call):
            func = e.func
            if isinstance(func, A.Name):
                sym = self.lookup(func.id)
                if sym is None:
                    return None
                sym = sym.resolved()
                if sym.kind in ("class", "struct"):
                    return sym.info
                if sym.kind in ("function", "extern") and sym.signature is not None:
                    return self.resolve_type(sym.signature.ret, sym.home)
                return None
            if isinstance(func, A.Attribute):
                if isinstance(func.obj, A.Name):
                    sym = self.lookup(func.obj.id)
                    if sym is not None and sym.kind not in ("variable", "parameter"):
                        info = sym.resolved().info
                        if info is not None:
                            method = info.method(func.name)
                            if method is not None and method.method_kind == "static" and method.signature:
                                return self.resolve_type(method.signature.ret, method.home, info)
                            return None
                cls = self.expr_class(func.obj)
                if cls is not None:
                    method = cls.method(func.name)
                    if method is not None and method.signature is not None:
                        return self.resolve_type(method.signature.ret, method.home, cls)
            return None
        if isinstance(e, A.Attribute):
            cls = self.expr_class(e.obj)
            if cls is not None:
                member = cls.member(e.name)
                if member is not None and member.kind == "field" and isinstance(member.node, A.FieldDef):
                    return self.resolve_type(member.node.type, member.home, cls)
        return None


def _target_spans(t):
    if isinstance(t, A.NameTarget):
        yield t.name, A.Span(t.span.line, t.span.col, t.span.line, t.span.col + len(t.name))
    elif isinstance(t, A.TupleTarget):
        for e in t.elems:
            yield from _target_spans(e)


__all__ = ["Walker", "dotted"]
