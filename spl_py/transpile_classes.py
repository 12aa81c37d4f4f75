"""Classes, enums, traits and ``impl`` blocks for the transpiler.

A Simple class becomes a Python class of the metaclass ``SplClass`` (its body starts from
``SplObject``'s members) with the class attributes ``SplObject`` (and the interpreter's
``make_class``) define: ``__slots__``,
``_spl_fields``, ``_spl_defaults`` (zero-argument functions, evaluated per construction),
``_spl_me_methods``, ``_spl_label``.  The Decision-7 constructor is written out in the class body
where the class has no bases, no ``__init__`` and its fields are spelled alike in Python;
otherwise the class is decorated with ``spl_finish_class``, which completes it at run time.
An enum is a ``SplEnumValue`` subclass given its variants by ``spl_enum``; ``impl`` and
``trait`` blocks are classes whose methods a decorator copies onto the target, except that
an ``impl`` of a class defined once in the same module is written into that class's body
(see ``mergeable_impls``): what copying would give, without paying for it on every run.
"""
from __future__ import annotations

import ast
from collections import Counter
from typing import Optional

from . import ast as A
from .runtime import rt
from .runtime.trace import HIDDEN
from .scopes import declared_names
from .transpile_expr import LITERALS, attr, call, const, is_identifier, name
from .transpile_scope import UNIT


def _plain_constructor(py: str, simple: str, fields: tuple) -> bool:
    """Whether the constructor can be written out with the fields as parameters: every
    field spelled the same in Python, none twice (the runtime reports that), none named
    like the class or ``self``, and the class
    itself spelled as in Simple (Python's call errors name it by its qualname)."""
    return (py == simple and len(set(fields)) == len(fields)
            and all(rt.py_name(f) == f and f not in ("self", py) for f in fields))


_DECLARATIONS = (A.ClassDef, A.EnumDef, A.TraitDef, A.FnDef, A.ExternFn, A.TypeAlias)


def _bindings(body) -> Counter:
    """How many top-level statements bind each name."""
    counts: Counter = Counter()
    for stmt in body:
        if isinstance(stmt, _DECLARATIONS):
            counts[stmt.name] += 1
        elif isinstance(stmt, A.Use):
            counts.update(item.alias or item.name for item in stmt.names)
            if not stmt.names and not stmt.star:
                counts[stmt.path[-1]] += 1
    assigned: set = set()
    declared = declared_names(body, None, assigned)
    counts.update(n for n in declared if n not in counts)
    counts.update(assigned)
    return counts


def local_shapes(body) -> dict:
    """What patterns may test without the runtime's look-ups: type path -> field names of
    this module's classes without bases and enum variants (``UNIT`` for unit variants),
    where the type is bound once here."""
    counts = _bindings(body)
    shapes: dict = {}
    for stmt in body:
        if counts[getattr(stmt, "name", None)] != 1:
            continue
        if isinstance(stmt, A.ClassDef) and not stmt.bases:
            shapes[(stmt.name,)] = tuple(f.name for f in stmt.fields)
        elif isinstance(stmt, A.EnumDef):
            for v in stmt.variants:
                shapes[(stmt.name, v.name)] = tuple(f.name for f in v.fields) if v.fields else UNIT
    return shapes


def plain_constructors(body) -> dict:
    """class name -> its fields, for this module's classes (bound once, at top level, in a
    module without ``use m.*``, which may bind any name) whose constructor is written out
    with the fields as parameters in order (``ClassCompiler.constructor``): a call of one
    may pass named arguments by position (see ExpressionCompiler.constructor_arguments)."""
    if any(isinstance(s, A.Use) and s.star for s in body):
        return {}
    counts = _bindings(body)
    return {s.name: tuple(s.fields) for s in body
            if isinstance(s, A.ClassDef) and counts[s.name] == 1 and not s.bases
            and not any(m.name == "__init__" for m in s.methods)
            and _plain_constructor(rt.py_name(s.name), s.name, tuple(f.name for f in s.fields))}


def builtin_named_methods(body) -> dict:
    """method name -> the classes of this module (bound once, declared at top level) whose
    own instance methods include it, for the method names builtin values have too
    (``t.get(r, c)``, ``opt.step()``, ``v.map(f)``): a call on a receiver of unproven kind
    may test for those classes and call the method directly (see ExpressionCompiler.method_call)."""
    counts = _bindings(body)
    owners: dict = {}
    for stmt in body:
        if isinstance(stmt, A.ClassDef) and counts[stmt.name] == 1:
            for m in stmt.methods:
                if m.kind != "static" and m.body is not None and m.name in rt.RECEIVER_FIRST:
                    owners.setdefault(m.name, []).append(stmt.name)
    return owners


def _is_static(m: A.FnDef) -> bool:
    return m.kind == "static"


def _trait_defaults(trait: A.TraitDef, impl: A.ImplDef) -> list:
    """The trait's default methods ``attach_impl`` copies for an impl block: instance
    methods the block has no instance method of that name for, static methods it has no
    static method of that name for."""
    own = {(m.name, _is_static(m)) for m in impl.methods}
    return [m for m in trait.methods if m.body is not None and (m.name, _is_static(m)) not in own]


def _impl_me_names(trait: Optional[A.TraitDef], impl: A.ImplDef) -> set:
    """The names an impl block makes ``me`` methods, as ``attach_impl`` counts them: the
    block's own, and the trait's unless the block has an instance method of that name."""
    me = {m.name for m in impl.methods if m.kind == "me"}
    if trait is not None:
        instance = {m.name for m in impl.methods if not _is_static(m)}
        me |= {m.name for m in trait.methods if m.kind == "me" and m.body is not None and m.name not in instance}
    return me


def early_traits(body) -> list:
    """The top-level traits emitted before every other declaration: making a trait runs
    nothing and cannot fail, so only the binding order could tell -- hence only traits
    bound once, in a module without ``use m.*`` (which may bind any name).  Then an
    ``impl Trait for Type`` may be written into a class declared before the trait."""
    if any(isinstance(s, A.Use) and s.star for s in body):
        return []
    counts = _bindings(body)
    return [s for s in body if isinstance(s, A.TraitDef) and counts[s.name] == 1]


def mergeable_impls(body, early: list) -> dict:
    """class name -> the top-level ``impl`` blocks written into that class's body.
    ``attach_impl`` sets an impl's methods (then the trait's defaults it lacks) on the
    class, over any of the class's own of those names: later definitions in the class
    body do the same.  Only where that is all an impl does: its class and trait are each
    bound once in this module (``impl`` for an imported or enum type, a trait bound
    twice, dunder methods, or a trait whose defaults would be read before it is defined
    keep the run-time copy).  Positions are those of the emitted code: ``early`` (the
    early_traits) first."""
    counts = _bindings(body)
    early_ids = {id(t) for t in early}
    position = {id(stmt): -1 if id(stmt) in early_ids else i for i, stmt in enumerate(body)}
    classes = {s.name: s for s in body if isinstance(s, A.ClassDef)}
    traits = {s.name: s for s in body if isinstance(s, A.TraitDef)}
    merged: dict = {}
    stopped: set = set()  # classes with an impl left to run time: later ones must follow it
    for impl in body:
        if not isinstance(impl, A.ImplDef):
            continue
        target = impl.type.name if isinstance(impl.type, A.NamedType) else None
        cls = classes.get(target)
        if cls is None or target in stopped:
            continue
        if not _mergeable(impl, cls, traits, counts, position):
            stopped.add(target)
            continue
        merged.setdefault(cls.name, []).append(impl)
    return merged


def _mergeable(impl: A.ImplDef, cls: A.ClassDef, traits: dict, counts: Counter, position: dict) -> bool:
    fields = {f.name for f in cls.fields}
    if counts[cls.name] != 1 or any(m.name.startswith("__") or m.name in fields for m in impl.methods):
        return False  # (a method named like a field: attach_impl reports it)
    if impl.trait is None:
        return True
    trait = traits.get(impl.trait.name) if isinstance(impl.trait, A.NamedType) else None
    if trait is None or counts[trait.name] != 1:
        return False
    defaults = _trait_defaults(trait, impl)
    if any(m.name in fields for m in defaults):
        return False
    return not defaults or (position[id(trait)] < position[id(cls)] and all(
        _method_py_name(m.name) == m.name and not m.name.startswith("__") for m in defaults))


def _method_py_name(simple: str) -> str:
    return simple if is_identifier(simple) else simple + "_"


class ClassCompiler:
    """Mixed into the Transpiler."""

    def class_line(self, node) -> int:
        return node.span.line

    def method_def(self, fn: A.FnDef, class_label: str, has_init: bool) -> list:
        py = _method_py_name(fn.name)
        label = f"{class_label}.{fn.name}"
        saved = self.class_has_init
        self.class_has_init = has_init
        try:
            if fn.kind == "static":
                fdef = self.function(fn.name, py, fn.params, fn.body, "static", label=label)
                fdef.decorator_list = [self.pybuiltin("staticmethod")]
            else:
                fdef = self.function(fn.name, py, fn.params, fn.body, fn.kind, method=True,
                                     label=label, is_init=fn.name == "__init__")
        finally:
            self.class_has_init = saved
        if fn.doc:
            fdef.body.insert(0, self.locate([ast.Expr(const(fn.doc))], fn.span.line)[0])
        return self.locate([fdef], fn.span.line)

    def methods_body(self, methods, class_label: str, class_py: str, has_init: bool):
        """(method defs, statements after the class for names Python cannot spell)."""
        body, after = [], []
        saved_methods = self.class_methods
        self.class_methods = {m.name for m in methods}
        self.qual.append(class_py)
        try:
            for fn in methods:
                if fn.body is None:
                    continue
                body.extend(self.method_def(fn, class_label, has_init))
                py = _method_py_name(fn.name)
                if py != fn.name:
                    value = attr(name(class_py), py)
                    after.append(ast.Expr(call(self.pybuiltin("setattr"), [name(class_py), const(fn.name), value])))
        finally:
            self.qual.pop()
            self.class_methods = saved_methods
        return body, after

    def _in_function(self):
        return not self.info.is_module

    def stmt_ClassDef(self, node: A.ClassDef):
        py = self.var(node.name)
        fields = tuple(f.name for f in node.fields)
        has_init = any(m.name == "__init__" for m in node.methods)
        bases = [self.expr(A.Name(b.name, span=b.span)) for b in node.bases if isinstance(b, A.NamedType)]
        base_tuple = ast.Tuple(list(bases), ast.Load())
        defaults = ast.Dict([const(f.name) for f in node.fields if f.default is not None],
                            [self.thunk(f.default) for f in node.fields if f.default is not None])
        me = {m.name for m in node.methods if m.kind == "me"}
        impls = self.merged_impls.get(node.name, ()) if not self._in_function() else ()
        for impl in impls:
            me |= _impl_me_names(self.trait_defs[impl.trait.name] if impl.trait is not None else None, impl)
        body: list = []
        if node.doc:
            body.append(ast.Expr(const(node.doc)))
        if not has_init:
            if bases:
                slots = call(self.pybuiltin("tuple"), [ast.GeneratorExp(
                    name("spl_f"), [ast.comprehension(name("spl_f", True), const(fields), [ast.Compare(
                        name("spl_f"), [ast.NotIn()],
                        [call(self.helper("spl_fields"), [base_tuple, const(())])])], 0)])])
                body.append(ast.Assign([name("__slots__", True)], slots))
            else:
                body.append(ast.Assign([name("__slots__", True)], const(fields)))
        if bases:
            body.append(ast.Assign([name("_spl_fields", True)],
                                   call(self.helper("spl_fields"), [base_tuple, const(fields)])))
            body.append(ast.Assign([name("_spl_defaults", True)],
                                   call(self.helper("spl_defaults"), [base_tuple, defaults])))
            body.append(ast.Assign([name("_spl_me_methods", True)],
                                   call(self.helper("spl_me_methods"), [base_tuple, const(tuple(sorted(me)))])))
        else:
            body.append(ast.Assign([name("_spl_fields", True)], const(fields)))
            if defaults.keys:
                body.append(ast.Assign([name("_spl_defaults", True)], defaults))
            if me:  # (a constant tuple: a frozenset would be built at every run)
                body.append(ast.Assign([name("_spl_me_methods", True)], const(tuple(sorted(me)))))
        spelled_out = not has_init and not bases and _plain_constructor(py, node.name, fields)
        if spelled_out or py != node.name:  # (spl_finish_class labels the others)
            body.append(ast.Assign([name("_spl_label", True)], const(node.name)))
        if not bases and "to_string" not in fields and not self.defines_to_string(node.methods, impls):
            body.append(ast.Assign([name("_spl_text_entry", True)], self.helper("spl_layout_text")))
        if self._in_function():
            self.qual.append("<locals>")
        saved_fields, saved_lists = self.class_fields, self.list_fields
        try:
            if defaults.keys:
                self.hide_frames(py, "<lambda>")
            if bases:  # its body checks them (spl_fields): a failure is the class statement's
                self.hide_frames(py)
            if spelled_out:
                body.append(self.constructor(py, node.fields))
            self.locate(body, node.span.line)
            saved_fields, self.class_fields = self.class_fields, frozenset(fields)
            saved_lists, self.list_fields = self.list_fields, frozenset(
                f.name for f in node.fields if isinstance(f.type, A.ListType)
                or (isinstance(f.type, A.NamedType) and f.type.name == "List"))
            methods, after = self.methods_body(node.methods, node.name, py, has_init)
            for impl in impls:
                impl_methods, impl_after = self.impl_body(impl, py)
                methods += impl_methods
                after += impl_after
            traits = [self.expr(A.Name(i.trait.name, span=i.trait.span)) for i in impls if i.trait is not None]
            if traits:  # what attach_impl records for ``x is Trait``
                methods += self.locate([ast.Assign([name("_spl_traits", True)], ast.Tuple(traits, ast.Load()))],
                                       node.span.line)
        finally:
            self.class_fields, self.list_fields = saved_fields, saved_lists
            if self._in_function():
                self.qual.pop()
        finish = [] if spelled_out else [self.helper("spl_finish_class")]
        meta = [] if bases else [ast.keyword("metaclass", self.helper("SplClass"))]
        cls = ast.ClassDef(py, bases, meta, body + methods, finish)
        return [cls] + after

    def defines_to_string(self, methods, impls) -> bool:
        """Whether a class body gets a ``to_string`` from its methods or the impls written
        into it (their own methods or their traits' defaults)."""
        if any(m.name == "to_string" for m in methods):
            return True
        for impl in impls:
            trait = self.trait_defs[impl.trait.name] if impl.trait is not None else None
            if any(m.name == "to_string" for m in impl.methods) or (
                    trait is not None and any(m.name == "to_string" for m in trait.methods)):
                return True
        return False

    def impl_body(self, impl: A.ImplDef, class_py: str):
        """An impl block written into its class's body in ``attach_impl``'s order (a later
        definition of a name wins): its instance methods, the trait's instance defaults it
        lacks, its static methods, the trait's static defaults it lacks -- defaults read
        from the trait (``Trait.methods[name]``, ``Trait.static[name]``)."""
        defaults = _trait_defaults(self.trait_defs[impl.trait.name], impl) if impl.trait is not None else []
        trait = self.expr(A.Name(impl.trait.name, span=impl.trait.span)) if defaults else None
        methods, after = [], []
        for static in (False, True):
            own, own_after = self.methods_body(tuple(m for m in impl.methods if _is_static(m) is static),
                                               impl.type.name, class_py, False)
            methods += own
            after += own_after
            copies = []
            for m in defaults:
                if _is_static(m) is static:
                    value = ast.Subscript(attr(trait, "static" if static else "methods"), const(m.name), ast.Load())
                    if static:
                        value = call(self.pybuiltin("staticmethod"), [value])
                    copies.append(ast.Assign([name(m.name, True)], value))
            methods += self.locate(copies, impl.span.line)
        return methods, after

    def constructor(self, py: str, fields) -> ast.FunctionDef:
        """The Decision-7 constructor of a class without bases, written out (what
        ``spl_finish_class`` would otherwise make at run time, and set on the class after
        creating it, which costs more than the class statement itself): every
        field a parameter defaulting to MISSING, so Python binds positional and named
        arguments; other arguments and missing fields are errors worded by the runtime.
        Literal defaults are the parameters' defaults; others call the class's ``_spl_defaults``."""
        names = [f.name for f in fields]
        # a literal default is the parameter's own default (the same value at every call)
        defaults = [self.expr(f.default) if isinstance(f.default, LITERALS) else self.helper("MISSING")
                    for f in fields]
        args = ast.arguments([], [ast.arg("self")] + [ast.arg(f) for f in names], ast.arg("spl_extra"),
                             [], [], ast.arg("spl_kw"), defaults)
        body: list = [ast.If(ast.BoolOp(ast.Or(), [name("spl_extra"), name("spl_kw")]), [ast.Expr(call(
            self.helper("spl_bind_fields"),
            [name(py), ast.Tuple([name(f) for f in names], ast.Load()), name("spl_extra"), name("spl_kw")]))], [])]
        for f in fields:
            if isinstance(f.default, LITERALS):
                continue
            if f.default is None:
                fill = ast.Expr(call(self.helper("spl_missing_field"), [name(py), const(f.name)]))
            else:
                fill = ast.Assign([name(f.name, True)], call(ast.Subscript(
                    attr(name(py), "_spl_defaults"), const(f.name), ast.Load()), []))
            body.append(ast.If(ast.Compare(name(f.name), [ast.Is()], [self.helper("MISSING")]), [fill], []))
        body.extend(ast.Assign([ast.Attribute(name("self"), f, ast.Store())], name(f)) for f in names)
        self.hide_frames(py, "__init__")
        return ast.FunctionDef("__init__", args, body or [ast.Pass()], [], None)

    def hide_frames(self, class_py: str, *member: str) -> None:
        """Generated code in class ``class_py`` that is no Simple frame (the interpreter's
        constructor and field defaults have none): ``__init__``, the defaults' ``<lambda>``;
        with no member, the class body itself (the bases it checks)."""
        parts = [class_py, *member]
        self.qual += parts
        self.labels[".<locals>.".join(self._qual_groups())] = HIDDEN
        del self.qual[-len(parts):]

    def thunk(self, expr) -> ast.Lambda:
        return ast.Lambda(ast.arguments([], [], None, [], [], None, []), self.expr(expr))

    def stmt_EnumDef(self, node: A.EnumDef):
        py = self.var(node.name)
        body = [ast.Assign([name("__slots__", True)], const(())),
                ast.Assign([name("_enum_name", True)], const(node.name)),
                ast.Assign([name("_spl_label", True)], const(node.name))]
        me = sorted(m.name for m in node.methods if m.kind == "me" and m.body is not None)
        if me:
            body.append(ast.Assign([name("_spl_me_methods", True)], const(tuple(me))))
        if not self.defines_to_string(node.methods, ()):
            body.append(ast.Assign([name("_spl_text_entry", True)], self.helper("spl_layout_text")))
        if node.doc:
            body.insert(0, ast.Expr(const(node.doc)))
        self.locate(body, node.span.line)
        methods, after = self.methods_body(node.methods, node.name, py, False)
        cls = ast.ClassDef(py, [self.helper("SplEnumValue")], [], body + methods, [])
        variants = []
        for v in node.variants:
            entry = [const(v.name), const(tuple(f.name for f in v.fields))]
            vdefaults = [(f.name, f.default) for f in v.fields if f.default is not None]
            if vdefaults:
                entry.append(ast.Dict([const(k) for k, _ in vdefaults], [self.thunk(d) for _, d in vdefaults]))
            variants.append(ast.Tuple(entry, ast.Load()))
        make = ast.Expr(call(self.helper("spl_enum"), [name(py), ast.List(variants, ast.Load())]))
        return [cls, make] + after

    def stmt_TraitDef(self, node: A.TraitDef):
        py = self.var(node.name)
        if all(m.body is None for m in node.methods):
            # nothing to hold: a call, not a class statement (about 1.2 us less per run)
            make = call(self.helper("spl_trait"), [const(node.name), ast.Tuple([], ast.Load()), ast.Dict([], [])])
            return self.locate([ast.Assign([name(py, True)], make)], node.span.line)
        me = sorted(m.name for m in node.methods if m.kind == "me" and m.body is not None)
        body = [ast.Assign([name("_spl_me_methods", True)], ast.Set([const(m) for m in me]) if me
                           else call(self.pybuiltin("set")))]
        self.locate(body, node.span.line)
        methods, after = self.methods_body(node.methods, node.name, py, False)
        cls = ast.ClassDef(py, [], [ast.keyword("metaclass", self.helper("spl_trait"))], body + methods, [])
        return [cls] + after

    def stmt_ImplDef(self, node: A.ImplDef):
        type_name = node.type.name if isinstance(node.type, A.NamedType) else "?"
        target = self.expr(A.Name(type_name, span=node.type.span))
        py = target.id
        args = [target]
        if isinstance(node.trait, A.NamedType):
            args.append(self.expr(A.Name(node.trait.name, span=node.trait.span)))
        else:
            args.append(const(None))
        args.append(const(type_name))
        if isinstance(node.trait, A.NamedType):
            args.append(const(node.trait.name))
        local = self._in_function()
        if local:
            # ``class C(...)`` would make C a local of the function (read before it is set)
            py = self.info.new_temp("impl")
            self.qual.append("<locals>")
        me = sorted(m.name for m in node.methods if m.kind == "me")
        body = [ast.Assign([name("_spl_me_methods", True)], ast.Set([const(m) for m in me]) if me
                           else call(self.pybuiltin("set")))]
        self.locate(body, node.span.line)
        try:
            methods, after = self.methods_body(node.methods, type_name, py, False)
        finally:
            if local:
                self.qual.pop()
        # the helper is the body's metaclass: it gets the methods without a class being made
        cls = ast.ClassDef(py, [], [ast.keyword("metaclass", call(self.helper("spl_impl"), args))],
                           body + methods, [])
        return [cls] + after
