"""Names for the interpreter: reading a name from its environment, and everything that
stores one -- where an assignment stores (:meth:`NameCompiler.store_depth`), the store
closures ``store(env, value)``, ``val``/``for`` and tuple targets, and the assignment
statements themselves."""
from __future__ import annotations

from . import ast as A
from .interp_support import PARENT, assignment, index_assignment, local_assignment
from .runtime import ops
from .runtime.builtins import BUILTINS
from .runtime.methods import get_attr, set_attr
from .runtime.panic import SplPanic, assign_refusal

_MISSING = object()
_IMMUTABLE = object()  # NameCompiler.store_depth: the binding cannot be assigned


class NameCompiler:
    """Mixed into the Interpreter: name loads, stores, targets and assignments."""

    # ------------------------------------------------------------------ loading

    def load_name(self, name: str, span):
        depth = self.scope.depth_of(name) if self.scope else None
        if depth is None:
            return self.load_global(name, span)
        if depth == 0:
            def load_local(env, name=name):
                try:
                    return env[name]
                except KeyError:
                    raise SplPanic(f"variable {name} is used before it is assigned") from None
            return load_local

        def load_outer(env, depth=depth, name=name):
            for _ in range(depth):
                env = env[PARENT]
            try:
                return env[name]
            except KeyError:
                raise SplPanic(f"variable {name} is used before it is assigned") from None
        return load_outer

    def load_global(self, name: str, span):
        get = self.ctx.globals_get
        builtin = BUILTINS.get(name, _MISSING)

        def load_global(env, get=get, name=name, builtin=builtin):
            value = get(name, _MISSING)
            if value is _MISSING:
                if builtin is not _MISSING:
                    return builtin
                raise SplPanic(f"undefined name {name}")
            return value
        return load_global

    # ------------------------------------------------------------------ storing

    def store_depth(self, name: str, declaring: bool = False):
        """Where assigning ``name`` stores: 0 in ``env`` itself (a local, or any module-level
        name at top level, where ``env`` is the module's globals), n > 0 in the environment
        of the n-th enclosing function, None in the module's globals from inside a function,
        or _IMMUTABLE (refused).  Declares Python-dialect locals (``x = 1``) as it goes."""
        scope = self.scope
        if scope is None:
            if not declaring and self.ctx.is_mutable(name) is False:
                return _IMMUTABLE
            return 0
        depth = scope.depth_of(name)
        if depth is None and not self.ctx.declares(name):
            scope.declare(name, True)  # Python dialect: ``x = 1`` declares x
            depth = 0
        if not declaring:
            mutable = scope.is_mutable(name) if depth is not None else self.ctx.is_mutable(name)
            if mutable is False:
                return _IMMUTABLE
        return depth

    def store_name(self, name: str, span, declaring: bool = False):
        """A closure ``store(env, value)`` for assigning ``name``."""
        return self.store_at(name, self.store_depth(name, declaring))

    def store_at(self, name: str, depth):
        """The closure ``store(env, value)`` for a :meth:`store_depth` answer."""
        if depth is _IMMUTABLE:
            message, hint = assign_refusal(name)

            def refuse(env, value):
                raise SplPanic(message, hint=hint)
            return refuse
        if depth is None:
            module_env = self.ctx.globals

            def store_global(env, value):
                module_env[name] = value
            return store_global
        if depth == 0:
            def store_local(env, value):
                env[name] = value
            return store_local

        def store_outer(env, value):
            for _ in range(depth):
                env = env[PARENT]
            env[name] = value
        return store_outer

    # ------------------------------------------------------------------ targets

    def bind_target(self, target, declaring=True):
        """A closure ``bind(env, value)`` for a ``val``/``for`` target (names or tuples)."""
        if type(target) is A.NameTarget:
            return self.store_name(target.name, target.span, declaring)
        binders = [self.bind_target(t, declaring) for t in target.elems]
        count = len(binders)

        def bind_tuple(env, value):
            items = tuple(value) if not isinstance(value, tuple) else value
            if len(items) != count:
                raise SplPanic(f"cannot unpack {len(items)} values into {count} names")
            for binder, item in zip(binders, items):
                binder(env, item)
        return bind_tuple

    def assign_target(self, target):
        """A closure ``store(env, value)`` for the target of ``target = value``."""
        if type(target) is A.Name:
            return self.store_name(target.id, target.span)
        if type(target) is A.Attribute:
            return self.store_attribute(target)
        if type(target) is A.Index:
            obj, index = self.visit(target.obj), self.visit(target.index)

            def store_index(env, value):
                ops.set_index(obj(env), index(env), value)
            return store_index
        parts = [self.assign_target(t) for t in target.elems]

        def store_tuple(env, value):
            items = tuple(value)
            if len(items) != len(parts):
                raise SplPanic(f"cannot unpack {len(items)} values into {len(parts)} targets")
            for part, item in zip(parts, items):
                part(env, item)
        return store_tuple

    def refuses_store(self, target: A.Attribute) -> bool:
        """Whether ``self.f = v`` is refused here (a plain ``fn`` method of a class without
        ``__init__``)."""
        return (type(target.obj) is A.Name and target.obj.id == "self"
                and self.method_kind == "fn" and not self.ctx.class_has_init)

    def store_attribute(self, target: A.Attribute):
        name = target.name
        if self.refuses_store(target):
            message = "cannot mutate through immutable binding self"

            def refuse(env, value):
                raise SplPanic(message, hint="declare the method with `me` to assign self." + name)
            return refuse
        obj = self.visit(target.obj)
        return lambda env, value: set_attr(obj(env), name, value)

    # ------------------------------------------------------------------ assignment statements

    def assignment_statement(self, stmt, span):
        """``val``/``var`` declarations and ``target = value`` as located statements
        (the interp_support closures: simple names and list elements store inline)."""
        target, ctx = stmt.target, self.ctx
        declaring = type(stmt) is A.VarDecl
        if declaring:
            value = self.visit(stmt.value) if stmt.value is not None else self.visit_NilLit(stmt)
            name = target.name if type(target) is A.NameTarget else None
        else:
            value = self.visit(stmt.value)
            name = target.id if type(target) is A.Name else None
        if name is None:
            if type(target) is A.Index:
                return index_assignment(self.visit(target.obj), self.visit(target.index), value,
                                        span, ctx)
            store = self.bind_target(target) if declaring else self.assign_target(target)
            return assignment(store, value, span, ctx)
        depth = self.store_depth(name, declaring=declaring)
        if depth == 0:
            return local_assignment(name, value, span, ctx)
        return assignment(self.store_at(name, depth), value, span, ctx)

    def visit_AugAssign(self, node):
        """``target op= value``: the target's object and index are evaluated once (as in
        Python: object, index, the read, the value, the store)."""
        target = node.target
        combine = self.binary_function(node.op)
        value = self.visit(node.value)
        if type(target) is A.Index:
            obj, index = self.visit(target.obj), self.visit(target.index)

            def aug_index(env, combine=combine, obj=obj, index=index, value=value):
                o, i = obj(env), index(env)
                ops.set_index(o, i, combine(ops.index(o, i), value(env)))
            return aug_index
        if type(target) is A.Attribute and not self.refuses_store(target):
            obj, name = self.visit(target.obj), target.name

            def aug_field(env, combine=combine, obj=obj, name=name, value=value):
                o = obj(env)
                set_attr(o, name, combine(get_attr(o, name), value(env)))
            return aug_field
        load = self.visit(target)
        store = self.assign_target(target)

        def aug_assign(env, combine=combine, load=load, store=store, value=value):
            store(env, combine(load(env), value(env)))
        return aug_assign
