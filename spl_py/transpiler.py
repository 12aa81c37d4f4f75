"""The transpiler: a Simple module becomes one readable Python module.

In the style of Hy's compiler, the transpiler builds Python ``ast`` nodes (never text), one
small handler per Simple node type (``stmt_<Node>`` / ``expr_<Node>``), and every node it
emits carries the ``.spl`` line of the statement it comes from (:meth:`Transpiler.locate`).
Compiled with the ``.spl`` file name, Python's own tracebacks then name ``.spl`` lines, and
``spl_py.runtime.trace`` rebuilds the interpreter's Simple stack trace from them;
``ast.unparse`` gives the readable file that ``spl-py transpile`` writes.

All value semantics are the shared ``spl_py.runtime`` functions (re-exported for generated
code by ``spl_py.runtime.rt``); plain Python operators are emitted only where they cannot
differ (see ``transpile_scope`` for the kind inference and ``transpile_expr`` for the
rules).
"""
from __future__ import annotations

import ast
from typing import Optional

from . import ast as A
from .errors import SplInternalError, SplSyntaxError
from .runtime import rt
from .runtime.builtins import BUILTINS
from .scopes import MISPLACED_JUMP, calls_name, declared_names, main_takes_args, module_bindings, module_pattern_names, plain_assigned_names, target_names
from .transpile_expr import ExpressionCompiler, const, name, call, attr, is_identifier, reads_place
from .transpile_classes import (ClassCompiler, builtin_named_methods, early_traits, local_shapes, mergeable_impls,
                                plain_constructors)
from .transpile_match import MatchCompiler
from .transpile_scope import FunctionInfo, Held, Hoisted

_DECLARATION_PHASE = (A.Use, A.ClassDef, A.EnumDef, A.TraitDef, A.TypeAlias, A.ExternFn, A.FnDef)
_PY_BUILTINS_USED = ("range", "len", "frozenset", "staticmethod")


class TranspileResult:
    """A transpiled module: the Python tree plus what the trace builder needs."""

    def __init__(self, tree: ast.Module, labels: dict, sites: dict, imports: list,
                 runtime_import: Optional[ast.ImportFrom] = None, written_only: tuple = ()):
        self.tree = tree
        self.labels = labels  # python qualname -> Simple frame label, where they differ
        self.sites = sites    # column id -> (kind, obj_src, index_src)
        self.imports = imports  # module paths used by ``use``
        self.runtime_import = runtime_import  # ``from spl_py.runtime.rt import ...`` in ``tree``
        self.runtime_names = tuple(a.name for a in runtime_import.names) if runtime_import else ()
        # statements of ``tree`` only a written file needs (see run_tree)
        self.written_only = written_only + ((runtime_import,) if runtime_import is not None else ())

    def source(self, header: str = "") -> str:
        return header + annotate_lines(self.tree)

    def run_tree(self) -> ast.Module:
        """The tree ``spl-py run`` compiles: without the runtime import, whose names the
        run puts in the module's namespace (``transpile_run.new_namespace``), nor the
        ``__spl_labels__`` table (the run keeps ``labels`` itself)."""
        return ast.Module([s for s in self.tree.body if not any(s is w for w in self.written_only)], [])


class Transpiler(ExpressionCompiler, MatchCompiler, ClassCompiler):
    def __init__(self, filename: str, source: str, checked: bool = False,
                 rel_py=None, standalone_main: bool = False):
        self.standalone_main = standalone_main
        self.filename = filename
        self.source_text = source
        self.checked = checked
        self.rel_py = rel_py or (lambda path: "")
        self.helpers: set[str] = set()
        self.builtins_used: set[str] = set()
        self.labels: dict[str, str] = {}
        self.sites: dict[int, tuple] = {}
        self.imports: list[tuple] = []
        self.mentioned: set[str] = set()  # every name the program spells (see transpile)
        self.info: Optional[FunctionInfo] = None
        self.module_info: Optional[FunctionInfo] = None
        self.qual: list[str] = []       # python qualname parts
        self.method_kind: Optional[str] = None
        self.class_has_init = False
        self.in_init = False  # compiling a user __init__ (Decision 21)
        self.loop_depth = 0  # loops around the statement being compiled, in its function
        self.me_names: set[str] = set()
        self.class_methods: set[str] = set()  # methods of the class being compiled
        # (name, FunctionInfo): ints >= 1 while the loop bodies being compiled run (positive_bound)
        self.positive_names: frozenset = frozenset()
        self.failing_place: Optional[A.Index] = None  # see index_update
        self.merged_impls: dict = {}  # class name -> impl blocks written into its body
        self.trait_defs: dict = {}    # trait name -> its TraitDef (this module's top level)
        self.local_shapes: dict = {}  # type path -> field names (transpile_classes.local_shapes)
        self.method_owners: dict = {}  # transpile_classes.builtin_named_methods
        self.plain_constructors: dict = {}  # transpile_classes.plain_constructors
        self.pattern_names = module_pattern_names(())
        self.has_use = False
        self.has_star_use = False
        self.comp_names: frozenset = frozenset()  # targets of the comprehensions being compiled
        self.comp_depth = 0  # comprehensions around the expression being compiled
        self.hoisted: dict = {}  # id(range bound) -> the temporary holding it (hoisted_bounds)
        self.class_fields: frozenset = frozenset()  # fields declared by the class being compiled
        self.list_fields: frozenset = frozenset()  # those of them declared lists
        self.type_names: set[str] = set()
        self.pre = Hoisted()
        self.effects_compiled = 0  # expressions with effects compiled so far (new_pre)

    # ------------------------------------------------------------------ helpers

    def helper(self, helper_name: str) -> ast.Name:
        if helper_name not in rt.__all__:
            raise SplInternalError(f"unknown runtime helper {helper_name}")
        self.helpers.add(helper_name)
        return name(helper_name)

    def pybuiltin(self, builtin: str) -> ast.expr:
        """A Python builtin the generated code needs, aliased when the module could shadow it:
        names the program binds never can (``rt.py_name`` renames them), but a builtin of the
        Simple runtime (``len = BUILTINS['len']``), a name ``use m.*`` binds, or a method in
        a class body can."""
        if builtin not in self.mentioned and not self.has_star_use:
            return name(builtin)
        if builtin in ("range", "len"):
            return self.helper(f"spl_py{builtin}")
        self._uses_pybuiltins = True
        return attr(name("spl_pybuiltins"), builtin)

    def locate(self, nodes, line: int):
        """Give every node of ``nodes`` lacking a position the ``.spl`` line ``line``."""
        for node in nodes:
            _locate(node, line)
        return nodes

    # ------------------------------------------------------------------ module

    def transpile(self, tree: A.Module) -> TranspileResult:
        from .api import export_names

        # not words of comments and strings: "a list of floats" shadows nothing
        self.mentioned = A.spelled_names(tree)
        declared = module_bindings(tree.body)
        self.module_info = FunctionInfo(None, (), tree.body, declared, is_module=True)
        self.info = self.module_info
        self.me_names = {m.name for s in A.walk(tree) if isinstance(s, (A.ClassDef, A.ImplDef, A.TraitDef, A.EnumDef))
                         for m in getattr(s, "methods", ()) if m.kind == "me"}
        self.has_use = any(isinstance(s, A.Use) for s in tree.body)
        self.has_star_use = any(isinstance(s, A.Use) and s.star for s in tree.body)
        # classes defined here: calling through them needs no `me` guard (a type has no me methods)
        self.type_names = {s.name for s in tree.body if isinstance(s, (A.ClassDef, A.EnumDef, A.TraitDef))}
        early = early_traits(tree.body)
        self.merged_impls = mergeable_impls(tree.body, early)
        self.local_shapes = local_shapes(tree.body)
        self.method_owners = builtin_named_methods(tree.body)
        self.plain_constructors = plain_constructors(tree.body)
        self.pattern_names = module_pattern_names(tree.body)
        self.trait_defs = {s.name: s for s in tree.body if isinstance(s, A.TraitDef)}
        merged = {id(impl) for impls in self.merged_impls.values() for impl in impls}
        early_ids = {id(t) for t in early}
        first = early + [s for s in tree.body if isinstance(s, _DECLARATION_PHASE) and id(s) not in early_ids]
        impls = [s for s in tree.body if isinstance(s, A.ImplDef) and id(s) not in merged]
        rest = [s for s in tree.body if not isinstance(s, _DECLARATION_PHASE + (A.ImplDef,))]
        body: list = []
        for stmt in first + impls + rest:
            body.extend(self.statement(stmt))
        if any(isinstance(s, A.FnDef) and s.name == "main" for s in tree.body) \
                and not calls_name(tree.body, "main"):
            line = next(s.span.line for s in tree.body if isinstance(s, A.FnDef) and s.name == "main")
            args = [call(self.helper("spl_program_args"))] if main_takes_args(tree.body) else []
            auto = ast.If(ast.Compare(name("__name__"), [ast.Eq()], [const("__main__")]),
                          [ast.Expr(call(name(rt.py_name("main")), args))], [])
            body.extend(self.locate([auto], line))
        exports = export_names(tree)
        meta = [ast.Assign([name("__spl_exports__", True)],
                           const(tuple(exports)) if exports is not None else const(None)),
                ast.Assign([name("__spl_names__", True)], const(tuple(declared)))]
        if self.checked:  # (a standalone run reads it: --checked builtins, ops.set_checked)
            meta.append(ast.Assign([name("__spl_checked__", True)], const(True)))
        written_only = ()
        if self.labels:  # (what a standalone run's error reports read: runtime/standalone.py)
            written_only = (ast.Assign([name("__spl_labels__", True)],
                                       ast.Dict([const(k) for k in self.labels], [const(v) for v in self.labels.values()])),)
            meta.extend(written_only)
        if self.standalone_main:
            meta.append(ast.Expr(call(self.helper("spl_run_standalone"), [call(self.pybuiltin("globals"))])))
        header = self.header()
        module_body = header + self.locate(meta, 0) + body
        doc = []
        if tree.doc:
            doc = self.locate([ast.Expr(const(tree.doc))], 1)
        module = ast.Module(doc + module_body, [])
        return TranspileResult(module, self.labels, self.sites, self.imports, self.runtime_import, written_only)

    def header(self) -> list:
        out = []
        names = sorted(self.helpers | {b for b in self.builtins_used if b in rt.__all__})
        if any(b not in rt.__all__ for b in self.builtins_used) and "BUILTINS" not in names:
            names.insert(0, "BUILTINS")  # one import statement: each costs about 0.5 us per run
        if names:
            self.runtime_import = ast.ImportFrom("spl_py.runtime.rt", [ast.alias(n) for n in names], 0)
            out.append(self.runtime_import)
        if self._uses_pybuiltins:
            out.append(ast.Import([ast.alias("builtins", "spl_pybuiltins")]))
        for b in sorted(self.builtins_used - set(rt.__all__)):
            out.append(ast.Assign([name(rt.builtin_py_name(b), True)],
                                  ast.Subscript(name("BUILTINS"), const(b), ast.Load())))
        return self.locate(out, 0)  # line 0: no .spl line (no "# spl:" mark)

    _uses_pybuiltins = False
    runtime_import: Optional[ast.ImportFrom] = None

    # ------------------------------------------------------------------ statements

    def statement(self, stmt) -> list:
        """Compile one statement (plus the statements its expressions hoisted)."""
        saved, self.pre = self.pre, self.new_pre()
        try:
            handler = getattr(self, "stmt_" + type(stmt).__name__, None)
            if handler is None:
                raise SplInternalError(f"the transpiler cannot compile {type(stmt).__name__}")
            out = handler(stmt)
            out = self.pre + out
        finally:
            self.pre = saved
        return self.locate(out, stmt.span.line)

    def block(self, stmts, tail=None) -> list:
        """Compile a block; ``tail`` (``("return",)`` or ``("assign", name)``) makes the
        last expression statement the block's value, as the interpreter does."""
        out: list = []
        for i, stmt in enumerate(stmts):
            if tail is not None and i == len(stmts) - 1:
                out.extend(self.tail_statement(stmt, tail))
            else:
                out.extend(self.statement(stmt))
        return out or [ast.Pass()]

    def tail_statement(self, stmt, tail) -> list:
        if isinstance(stmt, A.ExprStmt):
            saved, self.pre = self.pre, self.new_pre()
            try:
                value = self.expr(stmt.value)
                if tail[0] == "return":
                    if self.is_print_call(stmt.value):
                        out = [ast.Expr(value)]
                    else:
                        out = [ast.Return(value)]
                else:
                    out = [ast.Assign([name(tail[1], True)], value)]
                out = self.pre + out
            finally:
                self.pre = saved
            return self.locate(out, stmt.span.line)
        if isinstance(stmt, A.If):
            saved, self.pre = self.pre, self.new_pre()
            try:
                out = self.compile_if(stmt, tail)
            finally:
                pre, self.pre = self.pre, saved
            return self.locate(pre + out, stmt.span.line)
        if isinstance(stmt, A.Match):
            saved, self.pre = self.pre, self.new_pre()
            try:
                out = self.compile_match(stmt, tail)
            finally:
                pre, self.pre = self.pre, saved
            return self.locate(pre + out, stmt.span.line)
        out = self.statement(stmt)
        if tail[0] == "assign":  # a block ending in a declaration or a loop has the value nil
            out = out + self.locate([ast.Assign([name(tail[1], True)], const(None))], stmt.span.line)
        return out

    def is_print_call(self, e) -> bool:
        return (isinstance(e, A.Call) and isinstance(e.func, A.Name)
                and e.func.id in ("print", "println", "eprint") and self.is_builtin(e.func.id))

    def stmt_ExprStmt(self, node):
        return [ast.Expr(self.expr(node.value))]

    def stmt_VarDecl(self, node):
        value = self.expr(node.value) if node.value is not None else const(None)
        if isinstance(node.target, A.TupleTarget) and node.value is not None:
            return self.unpack_target(node.target, value)
        return [ast.Assign([self.target(node.target)], value)]

    def unpack_target(self, target, value) -> list:
        """``val (a, (b, c)) = v`` / a ``for`` tuple target: each level holds exactly as
        many values as it names.  A tuple of that size unpacks as Python unpacks it;
        anything else goes through ``spl_unpack`` (its items, or the interpreter's error)."""
        n = len(target.elems)
        flat = [self.target(t) if isinstance(t, A.NameTarget) else name(self.info.new_temp("item"), True)
                for t in target.elems]
        out = []
        if not isinstance(value, ast.Name):
            temp = self.info.new_temp("value")
            out.append(ast.Assign([name(temp, True)], value))
            value = name(temp)
        sized = ast.BoolOp(ast.And(), [
            self.type_is(value, self.pybuiltin("tuple")),
            ast.Compare(call(self.pybuiltin("len"), [value]), [ast.Eq()], [const(n)])])
        out.append(ast.Assign([ast.Tuple(flat, ast.Store())],
                              ast.IfExp(sized, value, call(self.helper("spl_unpack"), [value, const(n)]))))
        for t, store in zip(target.elems, flat):
            if not isinstance(t, A.NameTarget):
                out.extend(self.unpack_target(t, name(store.id)))
        return out

    def target(self, target) -> ast.expr:
        if isinstance(target, A.NameTarget):
            return name(self.var(target.name), True)
        return ast.Tuple([self.target(t) for t in target.elems], ast.Store())

    def stmt_Assign(self, node):
        fused = self.index_update(node.target, node.value)
        if fused is not None:
            return fused
        value = self.expr(node.value)
        return self.assign(node.target, value)

    def index_update(self, target, value_node) -> Optional[list]:
        """``xs[i] = xs[i] + 1`` (a value that reads ``xs[i]`` and calls nothing), ``i`` not
        proven a non-negative int: one test for the read and the store, ``if <test>:
        xs[i] = xs[i] + 1 else: spl_set_index(xs, i, <the value, read by helpers>)``.
        ``xs`` and ``i`` are names nothing can rebind meanwhile (an element's operator
        method could run), so the test may come first."""
        if not (isinstance(target, A.Index) and isinstance(target.index, A.Name) and isinstance(target.obj, A.Name)
                and self.stable_name(target.index.id) and self.stable_name(target.obj.id)
                and not self.nonneg_index(target.index) and self.pure(value_node)
                and reads_place(value_node, target)):
            return None
        index = self.expr(target.index)
        if not isinstance(index, ast.Name):
            return None
        obj = self.expr(target.obj)
        test = self.index_test(target.obj, obj, target.index, index, index)
        saved = self.positive_names
        self.positive_names = saved | {(target.index.id, self.info)}  # proven by the test
        try:
            fast = self.expr(value_node)
        finally:
            self.positive_names = saved
        store = ast.Assign([self.site_subscript(obj, index, store=True)], fast)
        self.failing_place = target  # the test failed: its reads go straight to the helper
        try:
            slow_value = self.expr(value_node)
        finally:
            self.failing_place = None
        slow = ast.Expr(call(self.helper("spl_set_index"), [self.expr(target.obj), index, slow_value]))
        return [ast.If(test, [store], [slow])]

    def assign(self, target, value) -> list:
        if isinstance(target, A.Name):
            refused = self.refused_name(target.id)
            if refused is not None:
                return [ast.Expr(call(self.helper("spl_refuse_assign"), [const(target.id), value]))]
            return [ast.Assign([name(self.var(target.id), True)], value)]
        if isinstance(target, A.Attribute):
            if (isinstance(target.obj, A.Name) and target.obj.id == "self"
                    and self.method_kind == "fn" and not self.class_has_init):
                return [ast.Expr(call(self.helper("spl_refuse_self"), [const(target.name), value]))]
            obj = self.expr(target.obj)
            if is_identifier(target.name) and not target.name.startswith("__"):
                return [ast.Assign([ast.Attribute(obj, target.name, ast.Store())], value)]
            return [ast.Expr(call(self.helper("spl_setattr"), [obj, const(target.name), value]))]
        if isinstance(target, A.Index):
            plain = self.plain_subscript(target, store=True)
            if plain is not None:
                return [ast.Assign([plain], value)]
            first = []
            if not isinstance(value, (ast.Name, ast.Constant)):
                # the value is computed before the target's parts, as the interpreter does
                temp = self.info.new_temp("value")
                first, value = [ast.Assign([name(temp, True)], value)], name(temp)
            guarded = self.guarded_store(target, value)
            if guarded is not None:
                return first + guarded
            return first + [ast.Expr(call(self.helper("spl_set_index"),
                                          [self.expr(target.obj), self.expr(target.index), value]))]
        if isinstance(target, A.TupleLit):
            temp = self.info.new_temp("unpack")
            out = [ast.Assign([name(temp, True)], call(self.helper("spl_unpack"),
                                                       [value, const(len(target.elems)), const("targets")]))]
            for i, t in enumerate(target.elems):
                out.extend(self.assign(t, ast.Subscript(name(temp), const(i), ast.Load())))
            return out
        raise SplInternalError(f"cannot assign to {type(target).__name__}")

    def guarded_store(self, target: A.Index, value) -> Optional[list]:
        """``xs[i] = v`` (``v`` a name or constant: computed already) with ``i`` a name not
        proven a non-negative int and ``xs`` a name or field: Python's store when ``i`` is
        one at run time, else the helper (see ``guarded_subscript``)."""
        if not (isinstance(target.index, A.Name) and self.rereadable(target.obj)):
            return None
        index = self.expr(target.index)
        if not isinstance(index, ast.Name):
            return None
        obj = self.expr(target.obj)
        store = self.site_subscript(obj, index, store=True)
        helper = ast.Expr(call(self.helper("spl_set_index"), [self.expr(target.obj), index, value]))
        test = self.index_test(target.obj, obj, target.index, index, index, store=True)
        return [ast.If(test, [ast.Assign([store], value)], [helper])]

    def refused_name(self, simple: str):
        """The binding name when assigning ``simple`` is refused (a ``val``)."""
        info = self.info
        depth = info.depth_of(simple)
        if depth is None:
            if not info.is_module and simple not in info.module_names:
                return None
            mutable = info.module_names.get(simple)
        else:
            mutable = info.mutable(simple)
        return simple if mutable is False else None

    def stmt_AugAssign(self, node):
        fused = self.index_update(node.target, A.BinOp(node.op, node.target, node.value, span=node.span))
        if fused is not None:
            return fused
        target = self.evaluated_once(node.target)
        value = self.binop(node.op, target, node.value)
        return self.assign(target, value)

    def evaluated_once(self, target):
        """The target of ``target op= value`` with its object and index held in temporaries
        (assigned in ``self.pre``): the interpreter evaluates them once, before the read,
        the value and the operation -- which may run code (a call, an operator method)
        that rebinds the names or fields they were read from."""
        if isinstance(target, A.Index):
            obj, index = self.held(target.obj), self.held(target.index)
            if obj is not target.obj or index is not target.index:
                return A.Index(obj, index, span=target.span)
        elif isinstance(target, A.Attribute):
            obj = self.held(target.obj)
            if obj is not target.obj:
                return A.Attribute(obj, target.name, span=target.span)
        return target

    def held(self, e):
        """``e``, or a Held temporary holding its value, unless no code can rebind it."""
        if isinstance(e, (A.IntLit, A.StrLit)) or (isinstance(e, A.Name) and self.stable_name(e.id)):
            return e
        temp = self.info.new_temp("held")
        self.pre.append(ast.Assign([name(temp, True)], self.expr(e)))
        return Held(py=temp, kind=self.info.expr_kind(e), span=e.span)

    def stable_name(self, simple: str) -> bool:
        """A ``val`` (or a method's ``self``), or a local of a function with no function
        inside (which could assign it): no code that runs meanwhile rebinds it."""
        info = self.info
        if info.mutable(simple) is False and not self.is_builtin(simple):
            return True
        return info.depth_of(simple) == 0 and not info.has_inner_functions

    def stmt_Return(self, node):
        if self.info.is_module:
            self.misplaced(node)
        if self.in_init and node.value is not None:
            # a constructor's value is its object: what ``return v`` gives is dropped
            return [ast.Expr(self.expr(node.value)), ast.Return(None)]
        return [ast.Return(self.expr(node.value) if node.value is not None else None)]

    def stmt_Break(self, node):
        if not self.loop_depth:
            self.misplaced(node)
        return [ast.Break()]

    def stmt_Continue(self, node):
        if not self.loop_depth:
            self.misplaced(node)
        return [ast.Continue()]

    def misplaced(self, node):
        raise SplSyntaxError(MISPLACED_JUMP[type(node)], node.span, self.filename, self.source_text)

    def loop_body(self, stmts) -> list:
        self.loop_depth += 1
        try:
            return self.block(stmts)
        finally:
            self.loop_depth -= 1

    def stmt_Pass(self, node):
        return [ast.Pass()]

    def stmt_If(self, node):
        return self.compile_if(node, None)

    def compile_if(self, node, tail) -> list:
        line = node.span.line
        branches = list(node.branches)
        orelse = self.block(node.orelse.body, tail) if node.orelse is not None else None
        if orelse is None and tail is not None and tail[0] == "assign":
            orelse = [ast.Assign([name(tail[1], True)], const(None))]
        result = orelse or []
        for i in range(len(branches) - 1, -1, -1):
            cond, block = branches[i]
            saved, self.pre = self.pre, self.new_pre()
            try:
                test = self.expr(cond)
                pre = self.pre
            finally:
                self.pre = saved
            node_if = ast.If(test, self.block(block.body, tail), result)
            # an elif condition reports its failures at its own line
            result = self.locate(pre + [node_if], line if i == 0 else cond.span.line)
        return result

    def stmt_While(self, node):
        saved, self.pre = self.pre, self.new_pre()
        try:
            cond = self.expr(node.cond)
            pre = self.pre
        finally:
            self.pre = saved
        body = self.loop_body(node.body.body)
        if pre:
            check = ast.If(ast.UnaryOp(ast.Not(), cond), [ast.Break()], [])
            return [ast.While(const(True), pre + [check] + body, [])]
        return [ast.While(cond, body, [])]

    def stmt_Loop(self, node):
        return [ast.While(const(True), self.loop_body(node.body.body), [])]

    def stmt_For(self, node):
        bounds = self.hoisted_bounds(node.iter)
        iterable = self.for_iterable(node.iter)
        saved = self.positive_names
        bound = self.positive_bound(node)
        if bound is not None:
            self.positive_names = saved | {(bound, self.info)}
        try:
            body = self.loop_body(node.body.body)
        finally:
            self.positive_names = saved
        if isinstance(node.target, A.NameTarget) or self.yields_tuples_of(node.iter, node.target):
            return bounds + [ast.For(self.target(node.target), iterable, body, [])]
        item = self.info.new_temp("item")
        return bounds + [ast.For(name(item, True), iterable,
                                 self.unpack_target(node.target, name(item)) + body, [])]

    def hoisted_bounds(self, it) -> list:
        """``for i in a..f(x)``: bounds that are not plain names or fields are computed first,
        in order, into temporaries (``spl_end1 = f(x)``), so that the loop is Python's
        ``range`` over names whose error site can be read again (for_iterable)."""
        if not isinstance(it, A.Range) or it.inclusive or self.comp_depth:
            return []
        kinds = (self.info.expr_kind(it.start), self.info.expr_kind(it.end))
        if all(k in ("int+", "int") for k in kinds) or (self.pure(it.start) and self.pure(it.end)):
            return []  # for_iterable's range needs no temporaries
        out = []
        for which, bound in (("start", it.start), ("end", it.end)):
            if isinstance(bound, A.IntLit):
                continue
            temp = self.info.new_temp(which)
            out.append(ast.Assign([name(temp, True)], self.expr(bound)))
            self.hoisted[id(bound)] = temp
        return out

    def positive_bound(self, node) -> Optional[str]:
        """``for i in a..n`` with ``a`` a non-negative int and ``n`` a ``val`` the body does
        not bind again: while the body runs, ``n`` is an int (or what Python's range takes
        as one) of at least 1, whatever its unproven kind -- so ``i * n + j`` indexes like
        a non-negative int (see ``nonneg_index``)."""
        it = node.iter
        if not (isinstance(it, A.Range) and not it.inclusive and isinstance(it.end, A.Name)
                and self.info.expr_kind(it.start) == "int+"):
            return None
        bound = it.end.id
        if self.info.mutable(bound) is not False or bound in target_names(node.target):
            return None
        rebound = set(declared_names(node.body.body)) | plain_assigned_names(node.body.body)
        return None if bound in rebound else bound

    def yields_tuples_of(self, iterable, target) -> bool:
        """Whether ``for (a, b) in iterable`` may unpack as Python does: a list literal of
        tuple literals, the builtin ``enumerate(xs)`` / ``zip(xs, ys)`` (and a proven list's
        ``.enumerate()``, a proven dict's ``.items()``) give tuples of exactly the target's size.
        Other items are unpacked through ``spl_unpack`` (Python's own "too many values"
        error does not say how many there were)."""
        if not all(isinstance(t, A.NameTarget) for t in target.elems):
            return False
        if isinstance(iterable, A.ListLit):  # [(1, 2), (3, 4)]: tuples of the target's size
            return bool(iterable.elems) and all(isinstance(e, A.TupleLit) and len(e.elems) == len(target.elems)
                                                for e in iterable.elems)
        if not isinstance(iterable, A.Call):
            return False
        func = iterable.func
        if isinstance(func, A.Attribute) and not iterable.args and len(target.elems) == 2:
            # xs.enumerate() of a proven list, d.items() of a proven dict: pairs
            kind = self.info.expr_kind(func.obj)
            return ((func.name == "enumerate" and kind == "list")
                    or (func.name == "items" and kind == "dict"))
        if not (isinstance(func, A.Name) and self.is_builtin(func.id)):
            return False
        args = iterable.args
        if any(a.name is not None for a in args):
            return False
        if iterable.func.id == "enumerate":
            return len(target.elems) == 2
        return iterable.func.id == "zip" and len(args) == len(target.elems)

    def for_iterable(self, it) -> ast.expr:
        if isinstance(it, A.Range):
            ks, ke = self.info.expr_kind(it.start), self.info.expr_kind(it.end)
            if id(it.start) in self.hoisted or id(it.end) in self.hoisted:  # hoisted_bounds computed them
                start, end = (name(self.hoisted.pop(id(b))) if id(b) in self.hoisted else self.expr(b)
                              for b in (it.start, it.end))
                return self.at_site(call(self.pybuiltin("range"), _range_args(it.start, start, end)),
                                    "range", start, end)
            start, end = self.expr(it.start), self.expr(it.end)
            if ks in ("int+", "int") and ke in ("int+", "int"):
                if it.inclusive:
                    end = ast.BinOp(end, ast.Add(), const(1))
                return call(self.pybuiltin("range"), _range_args(it.start, start, end))
            if not it.inclusive and self.pure(it.start) and self.pure(it.end):
                # Python's range takes the same bounds (ints, bools, numpy ints); on a bad
                # bound the site re-runs make_range for the interpreter's message
                return self.at_site(call(self.pybuiltin("range"), _range_args(it.start, start, end)),
                                    "range", start, end)
            return call(self.helper("spl_range"), [start, end] + ([const(True)] if it.inclusive else []))
        return self.expr(it)

    def stmt_Assert(self, node):
        test = self.expr(node.test)
        args = [const(f"assertion failed: {node.source}")]
        if node.message is not None:
            args.append(self.expr(node.message))
        return [ast.If(ast.UnaryOp(ast.Not(), test),
                       [ast.Expr(call(self.helper("spl_assert_failed"), args))], [])]

    def stmt_Match(self, node):
        return self.compile_match(node, None)

    def stmt_TypeAlias(self, node):
        """``Name = spl_type_alias('Name', 'T', globals())``: the class T where the module has
        bound it, else a value standing for the (erased) type; the name stays a module
        binding (exported and imported as any declaration)."""
        value = call(self.helper("spl_type_alias"),
                     [const(node.name), const(A.type_text(node.type)), call(self.pybuiltin("globals"))])
        return self.locate([ast.Assign([name(self.var(node.name), True)], value)], node.span.line)

    def stmt_Export(self, node):
        return []

    def stmt_Use(self, node):
        path = tuple(node.path)
        self.imports.append(path)
        load = call(self.helper("spl_use"), [const(path), const(self.rel_py(path)), name("__file__")])
        if node.star:
            return [ast.Expr(call(self.helper("spl_star"), [load, call(self.pybuiltin("globals"))]))]
        if not node.names:  # the module, or a name of its parent module
            load = call(self.helper("spl_use_or_name"), load.args)
            return [ast.Assign([name(self.var(path[-1]), True)], load)]
        if len(node.names) == 1:
            item = node.names[0]
            return [ast.Assign([name(self.var(item.alias or item.name), True)],
                               call(self.helper("spl_import_name"), [load, const(item.name)]))]
        temp = self.info.new_temp("module")
        out = [ast.Assign([name(temp, True)], load)]
        for item in node.names:
            out.append(ast.Assign([name(self.var(item.alias or item.name), True)],
                                  call(self.helper("spl_import_name"), [name(temp), const(item.name)])))
        return out

    def stmt_ExternFn(self, node):
        return [ast.Assign([name(self.var(node.name), True)],
                           call(self.helper("spl_extern"), [name("__name__"), const(node.name)]))]

    # ------------------------------------------------------------------ names

    def var(self, simple: str) -> str:
        """The Python name of a name the program binds (keywords, Python builtins, dunders
        and helper names get ``_`` appended: see ``rt.py_name``)."""
        return rt.py_name(simple)

    def is_builtin(self, simple: str) -> bool:
        info = self.info
        return (info.depth_of(simple) is None and simple not in info.module_names
                and simple not in self.comp_names and simple in BUILTINS)

    # ------------------------------------------------------------------ functions

    def function(self, fn_name: str, py: str, params, body, kind="fn", method=False,
                 label: Optional[str] = None, is_init=False) -> ast.FunctionDef:
        outer = self.info
        body_stmts = body.body if isinstance(body, A.Block) else (A.ExprStmt(body, span=body.span),)
        info = FunctionInfo(outer, tuple(p.name for p in params), body_stmts,
                            outer.module_names, method=method)
        saved = (self.info, self.method_kind, self.loop_depth, self.in_init)
        self.info, self.loop_depth, self.in_init = info, 0, is_init
        if method:
            self.method_kind = kind
        elif kind != "lambda":
            self.method_kind = None
        self.qual.append(py)
        qualname = ".<locals>.".join(self._qual_groups())
        expected = label or fn_name
        if qualname.rpartition("<locals>.")[2] != expected:
            self.labels[qualname] = expected
        try:
            spelled = all(self.var(p.name) == p.name for p in params)
            args = self.parameters(params, method) if spelled else self.bound_parameters(params, method)
            prologue = self.variadic_list(params) if spelled else [self.bind_arguments(fn_name, params)]
            for p in params:
                if p.default is not None and (not spelled or not _constant_default(p.default)):
                    pname = self.var(p.name)
                    fill = ast.If(ast.Compare(name(pname), [ast.Is()], [self.helper_name("MISSING")]),
                                  [ast.Assign([name(pname, True)], self.expr(p.default))], [])
                    if p.default.span.line:  # a failing default is reported at its own line
                        self.locate([fill], p.default.span.line)
                    prologue.append(fill)
            if is_init:
                prologue.insert(0, ast.Expr(call(attr(name("self"), "_spl_init_defaults"))))
            stmts = self.block(body_stmts, None if is_init else ("return",))
            if info.try_escapes:  # ``x?`` in a comprehension: the function returns the failure
                failed = attr(name("spl_failed"), "value") if not is_init else None
                stmts = [ast.Try(stmts, [ast.ExceptHandler(self.helper("SplTryReturn"), "spl_failed",
                                                           [ast.Return(failed)])], [], [])]
            decls = self.scope_declarations(info, body_stmts)
        finally:
            self.qual.pop()
            self.info, self.method_kind, self.loop_depth, self.in_init = saved
        line = body.span.line if body.span.line else 1
        fdef = ast.FunctionDef(py, args, decls + self.locate(prologue, line) + stmts, [], None)
        return fdef

    def _qual_groups(self) -> list[str]:
        return [".".join(g) for g in self._groups]

    @property
    def _groups(self) -> list:
        groups: list = [[]]
        for part in self.qual:
            if part == "<locals>":
                groups.append([])
            else:
                groups[-1].append(part)
        return groups

    def helper_name(self, n: str) -> ast.Name:
        return self.helper(n)

    def parameters(self, params, method: bool) -> ast.arguments:
        """The Python parameters (a variadic last one is ``*name``: see ``variadic_list``)."""
        args = [ast.arg("self")] if method else []
        defaults = []
        vararg = None
        for p in params:
            if p.variadic:
                vararg = ast.arg(self.var(p.name))
                continue
            args.append(ast.arg(self.var(p.name)))
            if p.default is not None:
                defaults.append(self.expr(p.default) if _constant_default(p.default)
                                else self.helper("MISSING"))
            elif defaults:
                defaults.append(self.helper("MISSING"))  # Simple allows it; Python needs a default
        return ast.arguments([], args, vararg, [], [], None, defaults)

    def variadic_list(self, params) -> list:
        """``nums = list(nums)``: a variadic parameter holds a Simple list, not a tuple."""
        if not params or not params[-1].variadic:
            return []
        py = self.var(params[-1].name)
        return [ast.Assign([name(py, True)], call(self.pybuiltin("list"), [name(py)]))]

    def bound_parameters(self, params, method: bool) -> ast.arguments:
        """``(self, *spl_args, **spl_kw)``: for parameters named like Python keywords,
        dunders or helpers, which keyword arguments must still reach by their Simple name."""
        head = [ast.arg("self")] if method else []
        return ast.arguments([], head, ast.arg("spl_args"), [], [], ast.arg("spl_kw"), [])

    def bind_arguments(self, fn_name: str, params) -> ast.stmt:
        targets = ast.Tuple([name(self.var(p.name), True) for p in params], ast.Store())
        args = [const(fn_name), const(tuple(p.name for p in params)),
                const(tuple(p.default is not None for p in params)), name("spl_args"), name("spl_kw")]
        if params and params[-1].variadic:
            args.append(const(True))
        return ast.Assign([targets], call(self.helper("spl_bind_args"), args))

    def scope_declarations(self, info: FunctionInfo, body) -> list:
        """``global``/``nonlocal`` for names this function assigns but does not own."""
        glob, nonloc = set(), set()
        for simple in _assigned_simple_names(body):
            if simple in info.names:
                continue
            depth = info.depth_of(simple)
            if depth is None:
                if simple in info.module_names:
                    glob.add(self.var(simple))
            else:
                nonloc.add(self.var(simple))
        out = []
        if glob:
            out.append(ast.Global(sorted(glob)))
        if nonloc:
            out.append(ast.Nonlocal(sorted(nonloc)))
        return out

    def stmt_FnDef(self, node):
        if node.body is None:
            return []
        py = self.var(node.name)
        in_function = not self.info.is_module
        if in_function:
            self.qual.append("<locals>")
        try:
            fdef = self.function(node.name, py, node.params, node.body)
        finally:
            if in_function:
                self.qual.pop()
        if node.doc:
            fdef.body.insert(0, self.locate([ast.Expr(const(node.doc))], node.span.line)[0])
        return [fdef]


def _constant_default(e) -> bool:
    if isinstance(e, (A.IntLit, A.FloatLit, A.StrLit, A.BoolLit, A.NilLit)):
        return True
    return isinstance(e, A.UnaryOp) and e.op == "-" and isinstance(e.operand, (A.IntLit, A.FloatLit))


def _assigned_simple_names(body) -> set:
    from .transpile_scope import _walk_stmts, _assigned_names
    out: set = set()
    for stmt in _walk_stmts(body):
        if isinstance(stmt, (A.Assign, A.AugAssign)):
            out.update(_assigned_names(stmt.target))
    return out


def _range_args(start_node, start: ast.expr, end: ast.expr) -> list:
    """``range(n)`` for ``0..n``, else ``range(a, b)``."""
    return [end] if isinstance(start_node, A.IntLit) and start_node.value == 0 else [start, end]


def _locate(node, line: int) -> None:
    if "lineno" in node._attributes and getattr(node, "lineno", None) is not None:
        if isinstance(node, ast.stmt):
            return  # a nested statement: located by its own handler
    if "lineno" in node._attributes:
        if getattr(node, "lineno", None) is None:
            node.lineno = line
            node.end_lineno = line
            if getattr(node, "col_offset", None) is None:
                node.col_offset = 0
                node.end_col_offset = 0
    for child in ast.iter_child_nodes(node):
        _locate(child, line)


def annotate_lines(tree: ast.Module) -> str:
    """``ast.unparse`` plus a ``# spl:LINE`` comment on each line that starts a statement
    from a new ``.spl`` line: the readable output of ``spl-py transpile``."""
    text = ast.unparse(tree)
    reparsed = ast.parse(text)
    marks: dict[int, int] = {}
    for original, again in zip(_stmts(tree), _stmts(reparsed)):
        if getattr(original, "lineno", None):  # 0: generated, no .spl line
            marks.setdefault(again.lineno, original.lineno)
    out = []
    last = None
    for i, line in enumerate(text.splitlines(), 1):
        spl = marks.get(i)
        if spl is not None and spl != last and line.strip():
            out.append(f"{line}  # spl:{spl}")
            last = spl
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _stmts(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            yield node

