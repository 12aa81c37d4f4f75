"""Declarations for the interpreter: functions (as real Python callables, so runtime helpers
and natives can call them with positional and named arguments), classes, enums, impl and
trait blocks, extern functions and imports."""
from __future__ import annotations

import keyword

from . import ast as A
from .errors import SplRuntimeError
from .interp_support import PARENT, EarlyReturn, Ret, Scope, function_frame, located
from .natives import extern_native
from .runtime.loader import check_import, module_or_name
from .runtime.panic import SplPanic
from .runtime.values import (
    SplTrait,
    attach_impl,
    impl_trait,
    make_class,
    make_enum,
    type_alias,
)
from .scopes import function_declarations

_MISSING = object()


class DeclarationCompiler:
    """Mixed into the Interpreter."""

    # ------------------------------------------------------------------ functions

    def function_factory(self, name, params, body, kind="fn", label=None, method=False):
        """Compile a function once; returns ``make(closure_env) -> Python function``."""
        outer = self.scope
        param_names, defaults, names = [], [], {}
        has_default = False
        earlier = {"self": False} if method else {}  # what a default may read besides outer names
        for p in params:
            param_names.append(p.name)
            names[p.name] = True
            if p.default is None:
                defaults.append(None)
            else:
                # evaluated at each call that leaves it out, after the parameters before it:
                # ``fn f(x, y = x * 2)``, ``fn scale(self, k = self.k)`` read them
                sees = any(type(n) is A.Name and n.id in earlier for n in A.walk(p.default))
                if sees:
                    self.scope = Scope(outer, dict(earlier))
                try:
                    thunk = self.visit(p.default)
                finally:
                    self.scope = outer
                # located: a failing default is reported in the function's frame, at its line
                defaults.append((located(thunk, p.default.span, self.ctx), sees))
                has_default = True
            earlier[p.name] = True
        if method:
            names["self"] = False
        block_body = type(body) is A.Block
        if block_body:
            names, assigned = function_declarations(body.body, names)
            for n in assigned:  # Python-dialect locals: ``x = 1`` of a name declared nowhere
                if n not in names and (outer is None or outer.depth_of(n) is None) and not self.ctx.declares(n):
                    names[n] = True
        self.scope = Scope(outer, names)
        saved = (self.method_kind, self.loop_depth, self.in_function)
        self.loop_depth, self.in_function = 0, True
        if method:
            self.method_kind = kind
        elif kind != "lambda":
            self.method_kind = None
        try:
            if block_body and len(body.body) == 1 and _single_value(body.body[0]):
                # ``fn f(x):`` + one expression (or return): its value, no return signal
                stmt = body.body[0]
                run = located(self.visit(stmt.value), stmt.span, self.ctx)
                expression_body = True
            elif block_body:
                run = self.block(body.body, Ret)
                expression_body = False
            else:  # a one-expression lambda: located, so its failures get its frame
                run = located(self.visit(body), body.span, self.ctx)
                expression_body = True
        finally:
            self.scope = outer
            self.method_kind, self.loop_depth, self.in_function = saved
        label = label or name
        ctx = self.ctx
        def_line = body.span.line if body.span.line else 0
        variadic = bool(params) and params[-1].variadic
        return _function_builder(name, label, param_names, defaults if has_default else None, run,
                                 expression_body, method, ctx, def_line, variadic)

    def visit_FnDef(self, node):
        make = self.function_factory(node.name, node.params, node.body)
        depth = self.store_depth(node.name, declaring=True)
        if depth == 0:
            name = node.name

            def define_local(env, name=name, make=make):
                env[name] = make(env)
            return define_local
        store = self.store_at(node.name, depth)

        def define(env):
            store(env, make(env))
        return define

    def visit_ExternFn(self, node):
        native = extern_native(self.ctx.name, node.name)
        store = self.store_name(node.name, node.span, declaring=True)

        def define(env):
            store(env, native)
        return define

    # ------------------------------------------------------------------ classes and enums

    def methods_of(self, methods, class_name, has_init=False):
        """Compile methods; returns (instance factories, static factories, me names)."""
        instance, static, mutating = {}, {}, set()
        saved = self.ctx.class_has_init
        self.ctx.class_has_init = has_init
        try:
            for fn in methods:
                if fn.body is None:
                    continue
                label = f"{class_name}.{fn.name}"
                if fn.kind == "static":
                    static[fn.name] = self.function_factory(fn.name, fn.params, fn.body, "static", label)
                else:
                    instance[fn.name] = self.function_factory(fn.name, fn.params, fn.body, fn.kind,
                                                              label, method=True)
                    if fn.kind == "me":
                        mutating.add(fn.name)
        finally:
            self.ctx.class_has_init = saved
        return instance, static, mutating

    def visit_ClassDef(self, node):
        fields = [f.name for f in node.fields]
        defaults = {f.name: self.visit(f.default) for f in node.fields if f.default is not None}
        has_init = any(m.name == "__init__" for m in node.methods)
        instance, static, mutating = self.methods_of(node.methods, node.name, has_init)
        bases = [self.load_name(b.name, b.span) for b in node.bases if isinstance(b, A.NamedType)]
        store = self.store_name(node.name, node.span, declaring=True)
        name = node.name

        def define(env):
            methods = {k: make(env) for k, make in instance.items()}
            if "__init__" in methods:
                methods["__init__"] = _with_defaults(methods["__init__"])
            cls = make_class(name, fields, {k: _thunk(d, env) for k, d in defaults.items()},
                             methods, {k: make(env) for k, make in static.items()}, mutating,
                             has_init, tuple(b(env) for b in bases))
            store(env, cls)
        return define

    def visit_EnumDef(self, node):
        variants = []
        for v in node.variants:
            vdefaults = {f.name: self.visit(f.default) for f in v.fields if f.default is not None}
            variants.append((v.name, tuple(f.name for f in v.fields), vdefaults))
        instance, static, mutating = self.methods_of(node.methods, node.name)
        store = self.store_name(node.name, node.span, declaring=True)
        name = node.name

        def define(env):
            compiled = [(vname, fields, {k: _thunk(d, env) for k, d in vdefaults.items()})
                        for vname, fields, vdefaults in variants]
            store(env, make_enum(name, compiled, {k: m(env) for k, m in instance.items()},
                                 {k: m(env) for k, m in static.items()}, mutating))
        return define

    def visit_TraitDef(self, node):
        instance, static, mutating = self.methods_of(node.methods, node.name)
        store = self.store_name(node.name, node.span, declaring=True)

        def define(env):
            store(env, SplTrait(node.name, {k: m(env) for k, m in instance.items()},
                              {k: m(env) for k, m in static.items()}, mutating))
        return define

    def visit_ImplDef(self, node):
        type_name = node.type.name if isinstance(node.type, A.NamedType) else "?"
        load_type = self.load_name(type_name, node.type.span)
        trait_name = node.trait.name if isinstance(node.trait, A.NamedType) else None
        load_trait = self.load_name(trait_name, node.trait.span) if trait_name is not None else None
        instance, static, mutating = self.methods_of(node.methods, type_name)

        def attach(env):
            cls = load_type(env)
            if not isinstance(cls, type) or not hasattr(cls, "_spl_fields"):
                raise SplPanic(f"impl target {type_name} is not a class, struct or enum")
            trait = impl_trait(load_trait(env), trait_name) if load_trait is not None else None
            attach_impl(cls, {k: m(env) for k, m in instance.items()},
                        {k: m(env) for k, m in static.items()}, mutating, trait)
        return attach

    def visit_TypeAlias(self, node):
        store = self.store_name(node.name, node.span, declaring=True)
        text = A.type_text(node.type)
        namespace = self.ctx.globals
        return lambda env: store(env, type_alias(node.name, text, namespace))

    # ------------------------------------------------------------------ modules

    def visit_Use(self, node):
        importer = self.ctx.importer
        path = node.path
        span = node.span
        bindings = []
        if not node.star and not node.names:
            bindings.append((None, self.store_name(path[-1], span, declaring=True)))
        for item in node.names:
            bindings.append((item.name, self.store_name(item.alias or item.name, item.span, declaring=True)))
        star = node.star
        ctx = self.ctx

        def do_import(env):
            if not star and not node.names:  # the module, or a name of its parent module
                bindings[0][1](env, module_or_name(lambda p: importer(p, span), path))
                return
            module = importer(path, span)
            if star:
                for key, value in module.exports.items():
                    env[key] = value
                    ctx.declared.setdefault(key, False)
                return
            for name, store in bindings:
                store(env, module if name is None else check_import(module, name))
        return do_import

    def visit_Export(self, node):
        return lambda env: None


def _single_value(stmt) -> bool:
    """Whether a body made of ``stmt`` alone is just its value."""
    kind = type(stmt)
    return kind is A.ExprStmt or (kind is A.Return and stmt.value is not None)


def _thunk(expr, env):
    return lambda: expr(env)


def _with_defaults(init):
    """A Python-dialect ``__init__``: declared fields start at their defaults (or nil)."""
    def __init__(self, *args, **kwargs):
        self._spl_init_defaults()
        init(self, *args, **kwargs)
    return __init__


_FACTORIES: dict = {}  # signature -> generated factory or _GENERIC (once per process)


def _invoker(run, expression_body, label, ctx, def_line):
    """Runs a body on a fresh environment: the function frame on errors, ``return`` values."""
    def invoke(env):
        try:
            if expression_body:
                return run(env)
            signal = run(env)
        except SplRuntimeError as error:
            function_frame(error, label, ctx, def_line)
            raise
        except EarlyReturn as early:
            return early.signal.value
        return signal.value if signal is not None else None
    return invoke


def _generated_factory(param_names, has_default, method, expression_body, variadic=False):
    """``factory(run, name, label, ctx, def_line, *defaults) -> make(closure_env) -> function``;
    the function binds its arguments (Python words the errors) and runs the body inline.
    A variadic last parameter is Python's ``*name``, given to the body as a list."""
    params = [f"{p}=_spl_M" if d else p for p, d in zip(param_names, has_default)]
    if variadic:
        params[-1] = "*" + param_names[-1]
    head = (["self"] if method else []) + params
    dnames = [f"_spl_d{i}" for i, d in enumerate(has_default) if d]
    lines = ["def _spl_factory(_spl_run, _spl_name, _spl_label, _spl_ctx, _spl_line"
             f"{''.join(', ' + d for d in dnames)}):",
             "    def _spl_make(_spl_env):",
             f"        def _spl_fn({', '.join(head)}):"]
    lines.append("            try:")
    for i, (p, d) in enumerate(zip(param_names, has_default)):
        if d == "params":  # the default reads self or parameters before it
            seen = (["'self': self"] if method else []) + [f"{q!r}: {q}" for q in param_names[:i]]
            lines.append(f"                if {p} is _spl_M: {p} = _spl_d{i}({{_spl_P: _spl_env, {', '.join(seen)}}})")
        elif d:
            lines.append(f"                if {p} is _spl_M: {p} = _spl_d{i}(_spl_env)")
    entries = ["_spl_P: _spl_env"] + (["'self': self"] if method else [])
    entries += [f"{p!r}: {p}" for p in param_names]
    if variadic:
        entries[-1] = f"{param_names[-1]!r}: list({param_names[-1]})"
    lines += [f"                {'return' if expression_body else '_spl_s ='} _spl_run({{{', '.join(entries)}}})",
              "            except _spl_RE as _spl_error:",
              "                _spl_frame(_spl_error, _spl_label, _spl_ctx, _spl_line)",
              "                raise",
              "            except _spl_Early as _spl_early:",
              "                return _spl_early.signal.value"]
    if not expression_body:
        lines.append("            return _spl_s.value if _spl_s is not None else None")
    lines += ["        _spl_fn.__name__ = _spl_name",
              "        _spl_fn.__qualname__ = _spl_label  # 'Point.norm': translate_exception discounts self",
              "        return _spl_fn",
              "    return _spl_make"]
    ns = {"_spl_M": _MISSING, "_spl_P": PARENT, "_spl_RE": SplRuntimeError, "_spl_Early": EarlyReturn,
          "_spl_frame": function_frame}
    exec("\n".join(lines), ns)  # noqa: S102 - generated from validated identifiers only
    return ns["_spl_factory"]


_GENERIC = object()  # a _FACTORIES entry: the parameter names cannot be Python's


def _function_builder(name, label, param_names, defaults, run, expression_body, method, ctx, def_line,
                      variadic=False):
    """``make(closure_env)`` building a Python function with the Simple signature, so that
    Python itself binds positional and named arguments (and words the errors).
    ``defaults``: per parameter None or ``(closure, sees)`` -- ``sees``: it reads ``self``
    or parameters before it, so it runs in an environment holding them -- or None when no
    parameter has one; ``variadic``: the last parameter takes the trailing positional
    arguments."""
    if defaults is None:
        has_default = (False,) * len(param_names)
    else:
        has_default = tuple([d is not None and ("params" if d[1] else True) for d in defaults])
    key = (tuple(param_names), has_default, method, expression_body, variadic)
    factory = _FACTORIES.get(key)
    if factory is None:
        simple = all(p.isidentifier() and not keyword.iskeyword(p) and not p.startswith("_spl")
                     for p in param_names)
        factory = _FACTORIES[key] = (
            _generated_factory(param_names, has_default, method, expression_body, variadic)
            if simple else _GENERIC)
    if factory is not _GENERIC:
        if defaults is None:
            return factory(run, name, label, ctx, def_line)
        return factory(run, name, label, ctx, def_line, *[d[0] for d in defaults if d is not None])
    if defaults is None:
        defaults = [None] * len(param_names)
    invoke = _invoker(run, expression_body, label, ctx, def_line)

    def make(closure_env):
        def function(*args, **kwargs):
            env = {PARENT: closure_env}
            if method:
                env["self"], args = args[0], args[1:]
            if variadic:
                fixed = len(param_names) - 1
                env[param_names[-1]], args = list(args[fixed:]), args[:fixed]
                if param_names[-1] in kwargs:
                    raise SplPanic(f"unknown argument {param_names[-1]} in call to {name}")
            if len(args) > len(param_names):
                raise SplPanic(f"{name} takes {len(param_names)} arguments but {len(args)} were given")
            for p, value in zip(param_names, args):
                env[p] = value
            for p, value in kwargs.items():
                if p not in param_names:
                    raise SplPanic(f"unknown argument {p} in call to {name}")
                env[p] = value
            for p, d in zip(param_names, defaults):
                if p not in env:
                    if d is None:
                        raise SplPanic(f"missing argument {p} in call to {name}")
                    thunk, sees = d
                    try:
                        env[p] = thunk(env if sees else closure_env)
                    except SplRuntimeError as error:
                        function_frame(error, label, ctx, def_line)
                        raise
            return invoke(env)
        function.__name__ = name
        function.__qualname__ = label
        return function
    return make
