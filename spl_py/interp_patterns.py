"""``match`` for the interpreter: each pattern compiles to ``test(value, env) -> bool`` that
binds its captures into ``env`` as it goes (Decision 13)."""
from __future__ import annotations

from .interp_support import reraise_at
from .runtime.methods import get_attr, no_match
from .errors import SplSyntaxError
from .runtime.panic import SplPanic
from .runtime.builtins import BUILTINS
from .runtime.values import MISSING, Err, Ok, Some, SplClass, pattern_name, some_payload, variant_test
from .scopes import pattern_names, variant_first

_WRAPPERS = {"Some": Some, "Ok": Ok, "Err": Err}


class PatternCompiler:
    """Mixed into the Interpreter: ``visit_Match`` and ``pattern``."""

    def visit_Match(self, node):
        return self.compile_match(node, None)

    def compile_match(self, node, tail):
        subject = self.visit(node.subject)
        for arm in node.arms:
            self.declare_captures(arm.pattern)
        arms = tuple((self.pattern(arm.pattern),
                      self.visit(arm.guard) if arm.guard is not None else None,
                      self.block(arm.body.body, tail), arm.span) for arm in node.arms)
        ctx = self.ctx

        def run_match(env):
            value = subject(env)
            for test, guard, body, span in arms:
                try:
                    matched = test(value, env) and (guard is None or guard(env))
                except Exception as exc:  # noqa: BLE001 - a failing pattern or guard: its arm's line
                    reraise_at(exc, span, ctx, span.line)
                if matched:
                    return body(env)
            raise no_match(value)
        return run_match

    def declare_captures(self, pat) -> None:
        """A pattern's names are variables of the enclosing function (Python's scoping)."""
        if self.scope is not None:
            for name in pattern_names(pat):
                self.scope.declare(name, True)

    def pattern(self, pat):
        return getattr(self, "pattern_" + type(pat).__name__)(pat)

    def pattern_WildcardPattern(self, pat):
        return lambda value, env: True

    def pattern_LiteralPattern(self, pat):
        expected = self.visit(pat.value)(None)
        if expected is None:
            return lambda value, env: value is None
        kind = type(expected)
        if kind is bool:
            return lambda value, env: value is expected
        return lambda value, env: value == expected and type(value) is not bool

    def pattern_CapturePattern(self, pat):
        store = self.store_name(pat.name, pat.span, declaring=True)

        def capture(value, env):
            store(env, value)
            return True
        return capture

    def resolve_path(self, path, span):
        """A closure reading ``A.B.C`` (a variant, a class, a constant) at match time."""
        load = self.load_name(path[0], span)
        rest = path[1:]

        def read(env):
            obj = load(env)
            for name in rest:
                obj = get_attr(obj, name)
            return obj
        return read

    def variant_first(self, pat) -> str | None:
        """The name of a one-name pattern tested as a variant first (scopes.variant_first)."""
        if len(pat.path) == 1 and variant_first(pat.path[0], self.ctx.pattern_names):
            return pat.path[0]
        return None

    def unbound_variant(self, variant) -> bool:
        """A variant name of this module's enums bound to nothing else: no match where the
        variant test does not apply."""
        return variant is not None and variant in self.ctx.pattern_names.free \
            and (self.scope is None or self.scope.depth_of(variant) is None)

    def bound_name(self, pat, variant):
        """A closure giving what a pattern's name is bound to; for a one-name variant
        pattern a name nothing binds is values.pattern_name's (an imported enum's variant:
        no match), as the transpiler looks it up."""
        resolve = self.resolve_path(pat.path, pat.span)
        if variant is None:
            return resolve
        namespace = self.ctx.globals

        def bound(env):
            try:
                return resolve(env)
            except SplPanic:
                return pattern_name(variant, namespace, BUILTINS)  # or the same error again
        return bound

    def pattern_ValuePattern(self, pat):
        variant = self.variant_first(pat)
        expected = self.bound_name(pat, variant)
        unbound = self.unbound_variant(variant)

        def equals(value, env):
            if variant is not None:
                is_variant = variant_test(value, variant)
                if is_variant is not None or unbound:
                    return bool(is_variant)
            target = expected(env)
            if isinstance(target, type):
                return isinstance(value, target)
            return value is target or value == target
        return equals

    def pattern_ClassPattern(self, pat):
        variant = self.variant_first(pat)
        # (a shape no wrapper takes, named like a variant of this module's enums, is that
        # variant's pattern; the shape is checked before the parts, as the transpiler does)
        not_one = len(pat.args) != 1 or bool(pat.kwargs)
        variant_shaped = not_one and pat.path[0] in self.ctx.pattern_names.variants
        wrapper_name = len(pat.path) == 1 and pat.path[0] in _WRAPPERS and not variant_shaped
        if wrapper_name and not_one:
            raise SplSyntaxError(f"{pat.path[0]}(...) takes exactly one pattern", pat.span,
                                 self.ctx.filename, self.ctx.source)
        positional = tuple(self.pattern(p) for p in pat.args)
        keywords = tuple((name, self.pattern(p)) for name, p in pat.kwargs)
        if wrapper_name:
            wrapper = _WRAPPERS[pat.path[0]]
            (inner,) = positional

            def as_variant(value, env):  # an enum of this module has a variant so named
                return variant is not None and bool(variant_test(value, variant, 1)) \
                    and inner(getattr(value, type(value)._spl_fields[0]), env)
            if wrapper is Some:
                def some(value, env):
                    payload = some_payload(value)  # a Some's payload or a present plain value
                    return inner(payload, env) if payload is not MISSING else as_variant(value, env)
                return some

            def wrapped(value, env):
                return inner(value.value, env) if type(value) is wrapper else as_variant(value, env)
            return wrapped
        resolve = self.bound_name(pat, variant)
        label = ".".join(pat.path)
        npos = len(positional)
        unbound = self.unbound_variant(variant)

        def destructure(value, env):
            is_variant = variant_test(value, variant, npos) if variant is not None else None
            if is_variant is False or (is_variant is None and unbound):
                return False
            if is_variant is None:
                cls = resolve(env)
                if not isinstance(cls, type):
                    raise SplPanic(f"{label} is not a type or variant")
                if not isinstance(value, cls):
                    return False
                fields = cls._spl_fields if type(cls) is SplClass else ()
                if npos > len(fields):
                    raise SplPanic(f"{label} has {len(fields)} fields but the pattern gives {npos}")
            # the payload by the value's own layout (a class's positional fields are the
            # first ones of any subclass too)
            if positional:
                for field, test in zip(type(value)._spl_fields, positional):
                    if not test(getattr(value, field), env):
                        return False
            for name, test in keywords:
                if not test(get_attr(value, name), env):
                    return False
            return True
        return destructure

    def pattern_TuplePattern(self, pat):
        parts = tuple(self.pattern(p) for p in pat.elems)
        count = len(parts)

        def tuple_match(value, env):
            if not isinstance(value, (tuple, list)) or len(value) != count:
                return False
            return all(test(item, env) for test, item in zip(parts, value))
        return tuple_match

    def pattern_OrPattern(self, pat):
        options = tuple(self.pattern(p) for p in pat.options)
        return lambda value, env: any(test(value, env) for test in options)

    def pattern_RangePattern(self, pat):
        lo, hi, inclusive = self.visit(pat.start)(None), self.visit(pat.end)(None), pat.inclusive

        def in_range(value, env):
            if type(value) not in (int, float):
                return False
            return lo <= value <= hi if inclusive else lo <= value < hi
        return in_range
