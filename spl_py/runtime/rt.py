"""Support for transpiled modules: the few helpers generated Python calls.

Everything with Simple semantics lives in the other runtime modules and is shared with the
interpreter; this module only re-exports it under the names the transpiler emits
(``spl_div``, ``spl_index``, ...) and adds the glue that has no interpreter counterpart:
pattern tests for ``match``, the refusals the interpreter reports at run time
(assigning a ``val``, mutating ``self`` in a plain ``fn``), classes for ``impl``/``trait``
blocks, and ``use`` (module loading through a pluggable loader).

Generated code imports only from here, so a transpiled file needs nothing but
``spl_py.runtime`` (and, for ``extern fn``, the natives registry).
"""
from __future__ import annotations

import builtins as _py_builtins
import keyword
from types import FunctionType as _FunctionType

from ..natives import extern_native as _extern_native  # a small registry: natives load lazily
from . import ops as _ops
from .builtins import BUILTINS
from .builtins import sys_args as spl_program_args
from .formatting import format_value, to_text
from .formatting import _list_text as spl_list_text  # to_text of a value proven a list
from .methods import DICT_METHODS as _DICT_M, FLOAT_METHODS as _FLOAT_M, INT_METHODS as _INT_M
from .methods import LIST_METHODS as _LIST_M, METHOD_TABLES as _TABLES, TEXT_METHODS as _TEXT_M
from .methods import TUPLE_METHODS as _TUPLE_M, call_method, get_attr, is_present, unwrap_present
from .methods import me_guard as _me_guard, optional_call as _optional_call
from .loader import check_import, module_or_name
from .methods import no_match, set_attr, try_at_top_level as _try_at_top_level
from .methods import PYTHON_ATTRIBUTES as _PYTHON_ATTRIBUTES
from .methods import _ident as _identity
from .panic import SplPanic, assign_refusal
from .values import MISSING, Err, Ok, Some, SplClass, SplEnumValue, SplTrait, attach_impl, impl_trait
from .values import _bind_slow as _bind_fields, _missing_field, add_variants
from .values import finish_class as spl_finish_class  # a class statement its body does not complete
from .values import check_bases as _check_bases
from .values import LAYOUT_TEXT as spl_layout_text  # a class body's: no to_string (values.LAYOUT_TEXT)
from .values import type_alias as spl_type_alias  # ``type Name = T``
from .values import some_payload as spl_some_payload
from .values import pattern_name as _pattern_name
from .values import variant_test as spl_variant_test

__all__ = [
    "BUILTINS", "MISSING", "Some", "Ok", "Err", "SplClass", "SplEnumValue", "call_method",
    "get_attr", "format_value", "to_text", "spl_list_text", "spl_div", "spl_mod", "spl_div_lit", "spl_mod_lit", "spl_dot_len", "spl_pow", "spl_index",
    "spl_set_index", "spl_slice", "spl_contains", "spl_range", "spl_same", "spl_cast",
    "spl_present", "spl_unwrap", "spl_coalesce", "spl_unwrap_some", "spl_optional_attr", "spl_not_implemented",
    "spl_refuse_assign", "spl_refuse_self", "spl_me_guard", "spl_assert_failed",
    "spl_matches", "spl_lit_eq", "spl_is_class", "spl_pos_field", "spl_tuple_of", "spl_pattern_name",
    "spl_list_repeat", "spl_variant_test", "spl_some_payload", "spl_type_alias", "spl_program_args",
    "spl_in_range", "spl_bind", "spl_no_match", "spl_is_failure", "spl_try_value",
    "spl_enum", "spl_impl", "spl_trait", "spl_extern", "spl_use", "spl_import_name",
    "spl_use_or_name", "spl_star", "spl_fields", "spl_defaults", "spl_pyrange", "spl_pylen",
    "spl_add_checked", "spl_sub_checked", "spl_mul_checked", "spl_div_checked",
    "spl_mod_checked", "spl_pow_checked", "spl_shl_checked", "spl_neg_checked",
    "spl_setattr", "py_name", "spl_run_standalone", "spl_me_methods", "spl_lambda_fn",
    "spl_unpack", "spl_bind_args", "spl_finish_class", "spl_bind_fields", "spl_missing_field",
    "spl_try_top_level", "spl_optional_call", "spl_layout_text", "spl_with_base",
    "SplTryReturn", "spl_try_or_raise",
]

spl_pyrange = _py_builtins.range
spl_pylen = _py_builtins.len

# ---------------------------------------------------------------------------------------
# operators (the shared semantics of runtime.ops)

spl_div = _ops.div
spl_list_repeat = _ops.list_repeat
spl_mod = _ops.mod
spl_pow = _ops.pow_
spl_index = _ops.index
spl_set_index = _ops.set_index
spl_slice = _ops.slice_
spl_contains = _ops.contains
spl_range = _ops.make_range
spl_same = _ops.same_value
spl_with_base = _ops.with_base
spl_cast = _ops.cast_function
spl_add_checked = _ops.add_checked
spl_sub_checked = _ops.sub_checked
spl_mul_checked = _ops.mul_checked
spl_div_checked = _ops.div_checked
spl_mod_checked = _ops.mod_checked
spl_pow_checked = _ops.pow_checked
spl_shl_checked = _ops.shl_checked
spl_neg_checked = _ops.neg_checked
spl_present = is_present
spl_try_top_level = _try_at_top_level
spl_unwrap = unwrap_present


_SIZED = frozenset({list, str, dict, tuple})


def spl_dot_len(obj):
    """``obj.len()`` on a receiver of unknown type (what ``call_method`` does, sized
    builtins first)."""
    if type(obj) in _SIZED:
        return len(obj)
    return call_method(obj, "len")


def spl_mod_lit(a, b: int):
    """``a % b`` for a positive int literal ``b`` (what ``spl_mod`` gives, ints first)."""
    if type(a) is int:
        r = a % b
        return r - b if r and a < 0 else r
    return _ops.mod(a, b)


def spl_div_lit(a, b: int):
    """``a / b`` for a positive int literal ``b`` (what ``spl_div`` gives, ints first)."""
    if type(a) is int:
        q = a // b
        return q + 1 if q < 0 and q * b != a else q
    return _ops.div(a, b)


def spl_coalesce(v, default):
    """``v ?? default`` (``default`` is a zero-argument function: evaluated only if needed)."""
    if v is None:
        return default()
    return v.value if type(v) is Some else v


def spl_unwrap_some(v):
    """The left side of ``v ?? default`` when ``default`` is computed in statements."""
    return v.value if type(v) is Some else v


def spl_optional_attr(o, name: str):
    """``o?.name``."""
    if o is None:
        return None
    return get_attr(o.value if type(o) is Some else o, name)


def spl_not_implemented():
    raise SplPanic("not implemented")


def spl_refuse_assign(name: str, _value=None):
    message, hint = assign_refusal(name)
    raise SplPanic(message, hint=hint)


def spl_refuse_self(name: str, _value=None):
    raise SplPanic("cannot mutate through immutable binding self",
                   hint="declare the method with `me` to assign self." + name)


# ``o.name = value`` where ``name`` is not a plain Python attribute name
spl_setattr = set_attr


spl_me_guard = _me_guard


# ``o?.m(args)`` where Python cannot hold ``o`` in a temporary (in a comprehension)
spl_optional_call = _optional_call


def _call_error(message: str) -> SplPanic:
    """A call that does not bind: reported at the caller, as Python's own TypeError is
    (``trace`` drops the callee frame the binding ran in)."""
    panic = SplPanic(message)
    panic.in_caller = True
    return panic


def spl_bind_args(name: str, params: tuple, optional: tuple, args: tuple, kwargs: dict,
                  variadic: bool = False) -> tuple:
    """Arguments of a function whose parameter names Python cannot spell (``fn f(from: i64)``):
    bound by their Simple names, with the interpreter's messages; MISSING marks a
    defaulted parameter not given; a variadic last parameter gets the list of the
    trailing positional arguments."""
    if variadic:
        fixed = len(params) - 1
        if params[-1] in kwargs:
            raise _call_error(f"unknown argument {params[-1]} in call to {name}")
        return spl_bind_args(name, params[:-1], optional[:-1], args[:fixed], kwargs) + (list(args[fixed:]),)
    if len(args) > len(params):
        raise _call_error(f"{name} takes {len(params)} arguments but {len(args)} were given")
    values = list(args) + [MISSING] * (len(params) - len(args))
    index = {p: i for i, p in enumerate(params)}
    for key, value in kwargs.items():
        i = index.get(key)
        if i is None:
            raise _call_error(f"unknown argument {key} in call to {name}")
        values[i] = value
    for p, v, opt in zip(params, values, optional):
        if v is MISSING and not opt:
            raise _call_error(f"missing argument {p} in call to {name}")
    return tuple(values)


def spl_unpack(value, n: int, what: str = "names") -> tuple:
    """``val (a, b) = v`` / ``(a, b) = v``: exactly ``n`` values, as the interpreter checks."""
    items = value if type(value) is tuple else tuple(value)
    if len(items) != n:
        raise SplPanic(f"cannot unpack {len(items)} values into {n} {what}")
    return items


def spl_assert_failed(text: str, message=MISSING):
    if message is not MISSING:
        raise SplPanic(f"{text}: {to_text(message)}")
    raise SplPanic(text)


# ---------------------------------------------------------------------------------------
# match

def spl_bind(*_values) -> bool:
    """Used as ``spl_bind(x := part)`` in a pattern test: the capture always matches."""
    return True


def spl_matches(value, target) -> bool:
    """A value pattern (``OpType.Add``): a class tests membership, else identity/equality."""
    if isinstance(target, type):
        return isinstance(value, target)
    return value is target or value == target


def spl_lit_eq(value, literal) -> bool:
    """A number or text literal pattern (``true``/``false`` never match ``1``/``0``)."""
    return value == literal and type(value) is not bool


def spl_is_class(value, cls, label: str, npos: int) -> bool:
    """The type test of a class pattern ``Type(a, b)`` / ``Type(field: p)``."""
    if not isinstance(cls, type):
        raise SplPanic(f"{label} is not a type or variant")
    if not isinstance(value, cls):
        return False
    fields = cls._spl_fields if type(cls) is SplClass else ()
    if npos > len(fields):
        raise SplPanic(f"{label} has {len(fields)} fields but the pattern gives {npos}")
    return True


def spl_pos_field(value, cls, i: int):
    return getattr(value, cls._spl_fields[i])


def spl_tuple_of(value, n: int) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == n


def spl_in_range(value, lo, hi, inclusive: bool) -> bool:
    if type(value) not in (int, float):
        return False
    return lo <= value <= hi if inclusive else lo <= value < hi


def spl_no_match(value):
    raise no_match(value)


# ---------------------------------------------------------------------------------------
# ``expr?``

def spl_is_failure(v) -> bool:
    return v is None or type(v) is Err


def spl_try_value(v):
    t = type(v)
    if t is Some or t is Ok:
        return v.value
    return v


class SplTryReturn(Exception):
    """``x?`` inside a comprehension failed: its function returns ``value`` (nil or Err)."""

    def __init__(self, value):
        super().__init__()
        self.value = value


def spl_try_or_raise(v):
    if v is None or type(v) is Err:
        raise SplTryReturn(v)
    return spl_try_value(v)


# ---------------------------------------------------------------------------------------
# classes, enums, impl and trait blocks

def spl_fields(bases: tuple, own: tuple) -> tuple:
    """``_spl_fields`` of a class with bases: inherited fields first (the first thing its
    class body runs, so the bases are checked here)."""
    _check_bases(bases)
    out: list = []
    for b in bases:
        for f in getattr(b, "_spl_fields", ()):
            if f not in out:
                out.append(f)
    return tuple(out) + tuple(f for f in own if f not in out)


def spl_defaults(bases: tuple, own: dict) -> dict:
    out: dict = {}
    for b in bases:
        out.update(getattr(b, "_spl_defaults", {}))
    out.update(own)
    return out


def spl_me_methods(bases: tuple, own) -> frozenset:
    out = set(own)
    for b in bases:
        out.update(getattr(b, "_spl_me_methods", ()))
    return frozenset(out)


spl_bind_fields = _bind_fields  # arguments a constructor has no parameter for: always an error
spl_missing_field = _missing_field


def spl_lambda_fn(fn):
    """A multi-line lambda (``fn(x):`` + block) is emitted as a ``def``: name it as the
    interpreter does, for messages and ``<fn lambda>``."""
    fn.__name__ = fn.__qualname__ = "<lambda>"
    return fn


def spl_enum(enum_cls: type, variants: list) -> type:
    """Give an enum class (emitted as ``class E(SplEnumValue)``) its variants, exactly as
    ``values.make_enum`` does."""
    return add_variants(enum_cls, variants)


def _members(ns):
    methods, static = {}, {}
    for k, v in ns.items():
        if isinstance(v, staticmethod):
            static[k] = v.__func__
        elif isinstance(v, _FunctionType):
            methods[k] = v
    return methods, static, set(ns.get("_spl_me_methods", ()))


def _body(body, ns):
    """(name, namespace) of a trait/impl body: ``class X(metaclass=helper)`` hands the
    helper the class body's namespace (no class is created: that costs about 6 us); a
    body given as a class (``@helper`` on ``class X``, older generated files) is read
    through its ``__dict__``."""
    if ns is None:
        return body.__name__, body.__dict__
    return body, ns


def spl_trait(body, _bases=None, ns=None) -> SplTrait:
    """The metaclass of ``class Trait(metaclass=spl_trait)`` holding a trait's methods."""
    trait_name, ns = _body(body, ns)
    methods, static, me = _members(ns)
    return SplTrait(trait_name, methods, static, me)


def spl_impl(target, trait=None, label: str = "?", trait_label: str = "?"):
    """``class Type(metaclass=spl_impl(Type, Trait, 'Type', 'Trait'))`` holding an ``impl``
    block's methods: copies them (and the trait's defaults) onto ``Type`` and gives back
    ``Type``.  ``trait`` is None for an ``impl`` without one."""
    if not isinstance(target, type) or not hasattr(target, "_spl_fields"):
        raise SplPanic(f"impl target {label} is not a class, struct or enum")
    if trait is not None:
        trait = impl_trait(trait, trait_label)

    def attach(body, _bases=None, ns=None):
        _, ns = _body(body, ns)
        new_methods, new_static, me = _members(ns)
        attach_impl(target, new_methods, new_static, me, trait)
        return target
    return attach


# ---------------------------------------------------------------------------------------
# methods of builtin types, called directly where the receiver's type is known statically

DIRECT_METHODS: dict = {}  # (kind, method) -> helper name, e.g. ("str", "contains") -> "spl_str_contains"
for _kind, _table in (("list", _LIST_M), ("str", _TEXT_M), ("dict", _DICT_M), ("tuple", _TUPLE_M),
                      ("float", _FLOAT_M), ("int", _INT_M)):
    for _m, _fn in _table.items():
        _alias = f"spl_{_kind}_{_m}"
        if _m.isidentifier() and _alias not in globals():
            globals()[_alias] = _fn
            __all__.append(_alias)
            DIRECT_METHODS[(_kind, _m)] = _alias
    if _kind == "int":
        for _m in _table:
            if (_kind, _m) in DIRECT_METHODS:
                DIRECT_METHODS[("int+", _m)] = DIRECT_METHODS[(_kind, _m)]


# The receiver types tried first, in order, by ``spl_m_<method>`` (below); for the methods
# of optionals and results (OPTION_METHODS), Some, Ok and nil first.
_LIKELY_RECEIVERS = (float, int, list, str, dict, tuple, Some, Ok, Err)
OPTION_METHODS: frozenset = (frozenset(_TABLES[Some]) | frozenset(_TABLES[Ok])) - {"map", "to_string", "to_text"}
_LIKELY_OPTIONS = (Some, Ok, type(None), Err, float, int)


def _receiver_first(method: str):
    """``obj.method()`` / ``obj.method(a[, b])`` on a receiver of unproven type: the method of
    the (at most three) likeliest builtin types that have one, tested by ``type(obj) is``,
    else of the receiver's builtin type's method table, else ``call_method``.  Same result as ``call_method``, without its look-ups (a
    numeric ``x.exp()`` in a training loop costs about a third).  A receiver of no builtin
    type (a user object with a method of a builtin method's name, such as ``t.get(r, c)``)
    has its method called as ``call_method`` would find it, without its argument packing."""
    likely = _LIKELY_OPTIONS if method in OPTION_METHODS else _LIKELY_RECEIVERS
    found = [(t, _TABLES[t][method]) for t in likely if method in _TABLES[t]][:3]
    found += [(None, None)] * (3 - len(found))
    (t1, f1), (t2, f2), (t3, f3) = found

    def receiver_first(obj, arg=MISSING, arg2=MISSING):
        t = type(obj)
        f = f1 if t is t1 else f2 if t is t2 else f3 if t is t3 else None
        if f is None:
            table = _TABLES.get(t)
            f = table.get(method) if table is not None else None
        if f is None:
            bound = getattr(obj, method, None) if table is None else None
            if bound is not None:
                if arg is MISSING:
                    return bound()
                return bound(arg) if arg2 is MISSING else bound(arg, arg2)
            if arg is MISSING:
                return call_method(obj, method)
            return call_method(obj, method, arg) if arg2 is MISSING else call_method(obj, method, arg, arg2)
        if arg is MISSING:
            return f(obj)
        return f(obj, arg) if arg2 is MISSING else f(obj, arg, arg2)
    receiver_first.__name__ = receiver_first.__qualname__ = f"spl_m_{method}"
    return receiver_first


# (also the names of Python attributes of builtin values that are no Simple method, such as
# ``step``: a user object's method so named is called as itself, a builtin receiver's
# call fails as call_method's does; the direct ``obj.step()`` would call ``range.step``)
RECEIVER_FIRST: frozenset = frozenset(
    m for t in _LIKELY_RECEIVERS for m in _TABLES[t] if m.isidentifier()) | frozenset(
    m for m in _PYTHON_ATTRIBUTES if m.isidentifier() and not m.startswith("__"))
__all__.extend(f"spl_m_{_m}" for _m in sorted(RECEIVER_FIRST))
del _kind, _table, _m, _fn, _alias


def _unwrap_receiver():
    """``spl_m_unwrap``: ``obj.unwrap()``, the commonest method on a value of unproven
    type, with the answers of Some, Ok and the present builtin values (which unwrap to
    themselves) given without a call of their table's method."""
    general = _receiver_first("unwrap")
    itself = frozenset(t for t, table in _TABLES.items() if table.get("unwrap") is _identity)

    def spl_m_unwrap(obj, arg=MISSING, arg2=MISSING):
        t = type(obj)
        if arg is MISSING:
            if t is Some or t is Ok:
                return obj.value
            if t in itself:
                return obj
        return general(obj, arg, arg2)
    return spl_m_unwrap


def __getattr__(name: str):
    """``spl_m_<method>`` helpers are made on first import (126 of them; a program uses a few)."""
    if name.startswith("spl_m_") and name[6:] in RECEIVER_FIRST:
        method = name[6:]
        helper = globals()[name] = _unwrap_receiver() if method == "unwrap" else _receiver_first(method)
        return helper
    raise AttributeError(name)  # cheap: imports probe modules for __path__ at every run


# ---------------------------------------------------------------------------------------
# names

_HELPERS = frozenset(__all__) | {"SplTrait"}
# Python's builtins: a Simple name spelled like one is renamed too, so that what the program
# binds never shadows the builtin (``fn len`` -> ``len_``).  Fixed beyond this Python's own
# ``dir(builtins)`` by the names newer Pythons add, so a file transpiled under one Python
# names things as the loader of another expects.
_PY_BUILTIN_NAMES = frozenset(dir(_py_builtins)) | {
    "aiter", "anext", "EncodingWarning", "BaseExceptionGroup", "ExceptionGroup",
    "PythonFinalizationError", "_IncompleteInputError"}
_PY_RESERVED = (frozenset(keyword.kwlist) | {"__builtins__", "__name__", "__file__"}
                | _PY_BUILTIN_NAMES)


def _reserved(name: str) -> bool:
    return (name in _PY_RESERVED or name in _HELPERS or name.startswith("spl_")
            or (name.startswith("__") and name.endswith("__") and len(name) > 4))


_PY_NAMES: dict = {}


def py_name(name: str) -> str:
    """The Python identifier (memoised: see :func:`_py_name`)."""
    py = _PY_NAMES.get(name)
    if py is None:
        py = _PY_NAMES[name] = _py_name(name)
    return py


def builtin_py_name(name: str) -> str:
    """The Python identifier of a builtin the Simple runtime provides (``BUILTINS``), used
    where the program does not bind that name itself: a Python builtin's name is kept
    (``print``, ``len``), readable, since no name the program binds is ever spelled so."""
    return name if name in _PY_BUILTIN_NAMES else py_name(name)


def _py_name(name: str) -> str:
    """The Python identifier for a Simple name the program binds.  A name is renamed
    (``_`` appended) when it is a Python keyword, a Python builtin, a dunder, or could clash
    with a helper of transpiled code -- or when stripping trailing underscores gives such a
    name, which keeps the rule one-to-one (``lambda`` -> ``lambda_``, ``lambda_`` ->
    ``lambda__``, ``len`` -> ``len_``)."""
    base = name
    while True:
        if _reserved(base):
            return name + "_"
        if not base.endswith("_") or len(base) == 1:
            return name
        base = base[:-1]


# ---------------------------------------------------------------------------------------
# modules

class _Loader:
    """How ``use`` finds a module: replaced by ``spl-py run`` (transpile + cache); the
    default runs the ``.py`` files that ``spl-py transpile`` wrote."""
    load = None  # (path: tuple, rel_py: str, importer_file: str) -> SplModule


LOADER = _Loader()


def spl_use(path: tuple, rel_py: str, importer_file: str):
    if LOADER.load is None:
        from .standalone import load_standalone
        LOADER.load = load_standalone
    return LOADER.load(tuple(path), rel_py, importer_file)


spl_import_name = check_import  # ``use m (name)``: the export, or an error naming what m has


def spl_pattern_name(name: str, namespace: dict):
    """A one-name pattern's name that this module binds nowhere it can see at compile time
    (values.pattern_name)."""
    return _pattern_name(name, namespace, BUILTINS)


def spl_use_or_name(path: tuple, rel_py: str, importer_file: str):
    """``use a.b.c``: the module, or the export c of module a.b (``loader.module_or_name``)."""
    return module_or_name(lambda p: spl_use(p, rel_py if p == tuple(path) else "", importer_file), tuple(path))


def spl_star(module, namespace: dict) -> None:
    """``use a.b.*``: bind every export of the module."""
    star = namespace.setdefault("__spl_star__", [])
    for key, value in module.exports.items():
        namespace[py_name(key)] = value
        if key in BUILTINS:  # the module's own code names the runtime's builtin so
            namespace[builtin_py_name(key)] = value
        star.append(key)


spl_extern = _extern_native  # the native bound to ``extern fn name`` (Decision 18)


def spl_run_standalone(namespace: dict) -> None:
    """Installed by ``spl-py transpile`` output run as a script: Simple-style error reports."""
    import sys

    from .standalone import install
    install(namespace, sys._getframe(1).f_code)
