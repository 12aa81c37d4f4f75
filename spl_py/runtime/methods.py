"""Methods on builtin values (``xs.push(v)``, ``s.split(",")``, ``x.sqrt()``, ...) and
attribute access.  ``call_method`` dispatches on ``type(obj)`` through one table per
builtin type; any other object (class instances, modules, numpy-backed classes) uses
its own Python attribute.

Choices where the language notes are silent:
- ``xs.reverse()`` and ``xs.sort()`` return a NEW list and leave ``xs`` unchanged
  (upstream lists are values; ``xs = xs.sort()`` then reads naturally).
- ``s.parse_int()`` / ``s.parse_float()`` return nil on bad text (so ``?? 0`` works);
  ``s.to_int()`` / ``s.to_f64()`` are errors on bad text.
- ``x.round()`` on a float gives an f64 rounded half away from zero; ``x.round(n)``
  is Python's ``round(x, n)``.  ``floor``/``ceil`` return f64.
- ``first``/``last``/``get`` on lists give nil when absent; ``max``/``min``/``pop``/
  ``reduce`` on an empty list are errors.
"""
from __future__ import annotations

import keyword
import math
import types

from .formatting import error_text, to_text
from .ops import fdiv as _fdiv
from .ops import index as _index
from .ops import set_index as _set_index
from .ops import slice_ as _slice_
from .ops import int_result, pow_
from .panic import SplPanic
from .values import Err, Ok, Some, type_name

__all__ = ["call_method", "get_attr", "is_present", "unwrap_present", "METHOD_TABLES"]


def _empty(what: str, kind: str = "list") -> SplPanic:
    return SplPanic(f"{what} of empty {kind}")


def _check_pos(xs, i, kind: str = "list"):
    if type(i) is not int or not 0 <= i < len(xs):
        _index(xs, i)  # raises the standard message


# ---------------------------------------------------------------------------------------
# Shared "any value" methods: a present value behaves like Some(value)

def _ident(v, *_):
    return v


def _true(_v) -> bool:
    return True


def _false(_v) -> bool:
    return False


def _to_string(v) -> str:
    return to_text(v)


_PRESENT = {
    "to_string": _to_string, "to_text": _to_string, "unwrap": _ident, "expect": _ident,
    "unwrap_or": lambda v, d: v, "unwrap_or_else": lambda v, f: v,
    "is_some": _true, "is_none": _false, "is_present": _true,
}


# ---------------------------------------------------------------------------------------
# list

def _pop(xs, i=None):
    if not xs:
        raise _empty("pop")
    if i is None:
        return xs.pop()
    _check_pos(xs, i)
    return xs.pop(i)


def _insert(xs, i, v):
    if type(i) is not int or not 0 <= i <= len(xs):
        raise SplPanic(f"insert index {i} out of range for list of length {len(xs)}")
    xs.insert(i, v)


def _remove(xs, v):
    """``xs.remove(i)`` with an i64 removes the element at index ``i`` and gives it, as
    upstream programs use it (and as ``pop(i)`` does); any other value is removed by value
    (its first occurrence)."""
    if type(v) is int:
        _check_pos(xs, v)
        return xs.pop(v)
    try:
        xs.remove(v)
    except ValueError:
        raise SplPanic(f"value not in list: {to_text(v)}") from None


def _index_of(xs, v):
    try:
        return xs.index(v)
    except ValueError:
        return -1


def _join(xs, sep=""):
    try:
        return sep.join(xs)  # texts only: joined in C
    except TypeError:
        return sep.join([x if type(x) is str else to_text(x) for x in xs])
    except AttributeError:
        raise SplPanic(f"join separator must be text, got {type_name(sep)}") from None


def _reduce(xs, f):
    if not xs:
        raise _empty("reduce")
    acc = xs[0]
    for x in xs[1:]:
        acc = f(acc, x)
    return acc


def _fold(xs, init, f):
    acc = init
    for x in xs:
        acc = f(acc, x)
    return acc


def _each(xs, f):
    for x in xs:
        f(x)


def _all(xs, f=None):
    return all(xs) if f is None else all(f(x) for x in xs)


def _any(xs, f=None):
    return any(xs) if f is None else any(f(x) for x in xs)


def _max(xs, key=None):
    if not xs:
        raise _empty("max")
    return max(xs) if key is None else max(xs, key=key)


def _min(xs, key=None):
    if not xs:
        raise _empty("min")
    return min(xs) if key is None else min(xs, key=key)


def _sorted(xs, key=None, reverse=False):
    return sorted(xs, key=key, reverse=reverse)


def _slice(xs, a=0, b=None):
    return _slice_(xs, a, b)


def _get(xs, i, default=None):
    if type(i) is int and 0 <= i < len(xs):
        return xs[i]
    return default


def _flatten(xs):
    out = []
    for x in xs:
        if type(x) is list or type(x) is tuple:
            out.extend(x)
        else:
            out.append(x)
    return out


def _unique(xs):
    try:
        return list(dict.fromkeys(xs))
    except TypeError:  # unhashable elements: quadratic but correct
        out = []
        for x in xs:
            if x not in out:
                out.append(x)
        return out


def _take(xs, n):
    return xs[: max(n, 0)]


def _skip(xs, n):
    return xs[max(n, 0):]


def _sum(xs, start=0):
    return int_result(sum(xs, start))


def _extend(xs, ys):
    xs.extend(ys)


def _push(xs, v):
    xs.append(v)


def _clear(c):
    c.clear()


def _enumerate(xs, start=0):
    return list(enumerate(xs, start))


def _first(xs):
    return xs[0] if xs else None


def _last(xs):
    return xs[-1] if xs else None


LIST_METHODS = {
    **_PRESENT,
    "len": len, "push": _push, "append": _push, "pop": _pop, "insert": _insert,
    "remove": _remove, "contains": lambda xs, v: v in xs, "index_of": _index_of,
    "join": _join, "clear": _clear, "enumerate": _enumerate,
    "zip": lambda xs, ys: list(zip(xs, ys)),
    "map": lambda xs, f: [f(x) for x in xs],
    "filter": lambda xs, f: [x for x in xs if f(x)],
    "each": _each, "for_each": _each, "fold": _fold, "reduce": _reduce, "all": _all,
    "any": _any, "sum": _sum, "max": _max, "min": _min,
    # reverse/sort return new lists and do not mutate (see module docstring)
    "reverse": lambda xs: xs[::-1], "reversed": lambda xs: xs[::-1],
    "sort": _sorted, "sorted": _sorted, "slice": _slice, "first": _first, "last": _last,
    "is_empty": lambda xs: not xs, "copy": list.copy, "clone": list.copy,
    "extend": _extend, "count": lambda xs, v: xs.count(v), "get": _get,
    "concat": lambda xs, ys: xs + list(ys), "flatten": _flatten, "unique": _unique,
    "take": _take, "skip": _skip, "to_list": list.copy,
    "length": len, "set": _set_index,  # upstream spellings of xs.len() and xs[i] = v
}


# ---------------------------------------------------------------------------------------
# text

def _split(s, sep=None, maxsplit=-1):
    if sep == "":
        return list(s)
    return s.split(sep, maxsplit)


def _char_at(s, i):
    _check_pos(s, i, "text")
    return s[i]


def _char_code_at(s, i=0):
    _check_pos(s, i, "text")
    return ord(s[i])


def _substring(s, a, b=None):
    return _slice_(s, a, b)


def _parse_int(s):
    try:
        return int_result(int(s.strip().replace("_", ""), 10))
    except ValueError:
        return None


def _parse_float(s):
    try:
        return float(s.strip())
    except ValueError:
        return None


def _to_int(s):
    r = _parse_int(s)
    if r is None:
        raise SplPanic(f"cannot parse {s!r} as i64")
    return r


def _to_f64(s):
    r = _parse_float(s)
    if r is None:
        raise SplPanic(f"cannot parse {s!r} as f64")
    return r


def _text_index_of(s, sub, start=0):
    return s.find(sub, start)


def _text_join(sep, xs):
    return _join(xs, sep)


def _repeat(s, n):
    return s * max(n, 0)


TEXT_METHODS = {
    **_PRESENT,
    "len": len, "length": len, "contains": lambda s, sub: sub in s, "starts_with": str.startswith,
    "ends_with": str.endswith, "replace": str.replace, "split": _split,
    "trim": str.strip, "strip": str.strip, "trim_start": str.lstrip,
    "trim_end": str.rstrip, "lstrip": str.lstrip, "rstrip": str.rstrip,
    "index_of": _text_index_of, "find": _text_index_of, "last_index_of": str.rfind,
    "char_at": _char_at, "substring": _substring, "slice": _substring,
    "to_upper": str.upper, "to_lower": str.lower, "upper": str.upper, "lower": str.lower,
    "parse_int": _parse_int, "parse_float": _parse_float, "to_int": _to_int,
    "to_i64": _to_int, "to_f64": _to_f64, "to_float": _to_f64,
    "char_code_at": _char_code_at, "chars": list, "bytes": lambda s: list(s.encode("utf-8")),
    "repeat": _repeat, "is_empty": lambda s: not s, "lines": str.splitlines,
    "join": _text_join, "count": str.count, "is_digit": str.isdigit,
    "is_alpha": str.isalpha, "is_space": str.isspace, "reverse": lambda s: s[::-1],
}


# ---------------------------------------------------------------------------------------
# dict

def _dict_get(d, k, default=None):
    return d.get(k, default)


def _dict_remove(d, k, default=None):
    return d.pop(k, default)


def _dict_set(d, k, v):
    d[k] = v


DICT_METHODS = {
    **_PRESENT,
    "len": len, "get": _dict_get, "keys": lambda d: list(d), "values": lambda d: list(d.values()),
    "items": lambda d: list(d.items()), "contains": lambda d, k: k in d,
    "contains_key": lambda d, k: k in d, "has_key": lambda d, k: k in d,
    "remove": _dict_remove, "pop": _dict_remove, "insert": _dict_set, "set": _dict_set,
    "is_empty": lambda d: not d, "clear": _clear, "copy": dict.copy, "clone": dict.copy,
    "update": lambda d, other: d.update(other),
}


# ---------------------------------------------------------------------------------------
# numbers (IEEE results instead of Python's ValueError/OverflowError)

def _sqrt(x):
    return math.sqrt(x) if x >= 0 else (math.nan if x == x else x)


def _exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _log(x, base=None):
    if x > 0:
        return math.log(x) if base is None else math.log(x, base)
    if x == 0:
        return -math.inf
    return math.nan


def _log10(x):
    return math.log10(x) if x > 0 else _log(x)


def _log2(x):
    return math.log2(x) if x > 0 else _log(x)


def _round_float(x, n=None):
    if n is not None:
        return round(x, n)
    if x != x or x in (math.inf, -math.inf):
        return x
    r = math.floor(abs(x) + 0.5)
    return math.copysign(float(r), x)


def _float_floor(x):
    return float(math.floor(x)) if math.isfinite(x) else x


def _float_ceil(x):
    return float(math.ceil(x)) if math.isfinite(x) else x


def _float_to_int(x):
    if not math.isfinite(x):
        raise SplPanic(f"cannot convert {to_text(x)} to i64")
    return int_result(int(x))


def _clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def _sign(x):
    return (x > 0) - (x < 0) if type(x) is int else float((x > 0) - (x < 0)) if x == x else x


def _num_min(x, y):
    return y if y < x else x


def _num_max(x, y):
    return y if y > x else x


def _trig(f):
    def g(x):
        try:
            return f(x)
        except ValueError:
            return math.nan
    g.__name__ = f.__name__
    return g


_NUMBER_COMMON = {
    **_PRESENT,
    "abs": abs, "sqrt": _sqrt, "exp": _exp, "log": _log, "ln": _log, "log10": _log10,
    "log2": _log2, "sin": _trig(math.sin), "cos": _trig(math.cos), "tan": _trig(math.tan),
    "tanh": math.tanh, "asin": _trig(math.asin), "acos": _trig(math.acos), "atan": math.atan,
    "fdiv": _fdiv, "pow": pow_, "min": _num_min, "max": _num_max, "clamp": _clamp,
    "sign": _sign, "to_f64": float, "to_float": float, "to_f32": float,
    "is_nan": lambda x: x != x, "is_inf": lambda x: x in (math.inf, -math.inf),
    "is_finite": lambda x: type(x) is int or math.isfinite(x),
}

INT_METHODS = {
    **_NUMBER_COMMON,
    "abs": lambda x: int_result(abs(x)), "pow": lambda x, n: int_result(pow_(x, n)),
    "fdiv": lambda x, y: int_result(_fdiv(x, y)),
    "round": lambda x, n=None: x, "floor": _ident, "ceil": _ident, "to_int": _ident,
    "to_i64": _ident, "is_even": lambda x: x % 2 == 0, "is_odd": lambda x: x % 2 == 1,
    "is_nan": _false, "is_inf": _false,
}

FLOAT_METHODS = {
    **_NUMBER_COMMON,
    "round": _round_float, "floor": _float_floor, "ceil": _float_ceil,
    "trunc": lambda x: float(math.trunc(x)) if math.isfinite(x) else x,
    "to_int": _float_to_int, "to_i64": _float_to_int,
}

BOOL_METHODS = {**_PRESENT, "to_int": int, "to_i64": int}

TUPLE_METHODS = {
    **_PRESENT,
    "len": len, "contains": lambda t, v: v in t, "to_list": list, "index_of": _index_of,
    "count": lambda t, v: t.count(v), "get": _get, "first": _first, "last": _last,
    "is_empty": lambda t: not t,
}


# ---------------------------------------------------------------------------------------
# Option / Result

def _nil_unwrap(_v):
    raise SplPanic("unwrap on nil")


def _nil_expect(_v, msg="expect on nil"):
    raise SplPanic(to_text(msg))


NIL_METHODS = {
    "to_string": _to_string, "to_text": _to_string, "unwrap": _nil_unwrap,
    "expect": _nil_expect, "unwrap_or": lambda v, d: d, "unwrap_or_else": lambda v, f: f(),
    "is_some": _false, "is_none": _true, "is_present": _false,
    "map": lambda v, f: None, "and_then": lambda v, f: None,
    "or_else": lambda v, f: f(),
}

SOME_METHODS = {
    "to_string": _to_string, "to_text": _to_string,
    "unwrap": lambda o: o.value, "expect": lambda o, msg=None: o.value,
    "unwrap_or": lambda o, d: o.value, "unwrap_or_else": lambda o, f: o.value,
    "is_some": _true, "is_none": _false, "is_present": _true,
    "map": lambda o, f: Some(f(o.value)), "and_then": lambda o, f: f(o.value),
    "or_else": lambda o, f: o,
}


def _unwrap_err_on_ok(o):
    raise SplPanic(f"unwrap_err on Ok({to_text(o.value)})")


def _err_unwrap(o):
    raise SplPanic(f"unwrap on Err: {to_text(o.value)}")


def _err_expect(o, msg="expect on Err"):
    raise SplPanic(f"{to_text(msg)}: {to_text(o.value)}")


OK_METHODS = {
    "to_string": _to_string, "to_text": _to_string,
    "unwrap": lambda o: o.value, "expect": lambda o, msg=None: o.value,
    "unwrap_or": lambda o, d: o.value, "unwrap_or_else": lambda o, f: o.value,
    "unwrap_err": _unwrap_err_on_ok, "is_ok": _true, "is_err": _false,
    "map": lambda o, f: Ok(f(o.value)), "map_err": lambda o, f: o,
    "and_then": lambda o, f: f(o.value), "ok": lambda o: o.value, "err": lambda o: None,
}

ERR_METHODS = {
    "to_string": _to_string, "to_text": _to_string,
    "unwrap": _err_unwrap, "expect": _err_expect, "unwrap_or": lambda o, d: d,
    "unwrap_or_else": lambda o, f: f(o.value), "unwrap_err": lambda o: o.value,
    "is_ok": _false, "is_err": _true, "map": lambda o, f: o,
    "map_err": lambda o, f: Err(f(o.value)), "and_then": lambda o, f: o,
    "ok": lambda o: None, "err": lambda o: o.value,
}

METHOD_TABLES: dict = {
    list: LIST_METHODS, str: TEXT_METHODS, dict: DICT_METHODS, int: INT_METHODS,
    float: FLOAT_METHODS, bool: BOOL_METHODS, tuple: TUPLE_METHODS,
    type(None): NIL_METHODS, Some: SOME_METHODS, Ok: OK_METHODS, Err: ERR_METHODS,
    range: {**_PRESENT, "len": len, "contains": lambda r, v: v in r, "to_list": list,
            "map": lambda r, f: [f(x) for x in r], "filter": lambda r, f: [x for x in r if f(x)],
            "each": _each, "sum": _sum, "enumerate": _enumerate},
}


def _name_methods() -> None:
    """Qualify the runtime's method functions as the Simple methods they are, so that an
    argument error reads "missing argument v in call to list.push" and counts arguments
    without the receiver (panic._fn_name reads ``<list>.push``; ``<value>.m`` for a
    function several types share)."""
    from .panic import spl_type_of_pyname
    uses: dict = {}
    for t, table in METHOD_TABLES.items():
        for m, f in table.items():
            if isinstance(f, types.FunctionType) and f.__module__ == __name__:
                uses.setdefault(f, []).append((t, m))
    for f, where in uses.items():
        kinds = {t for t, _ in where}
        label = spl_type_of_pyname(where[0][0].__name__) if len(kinds) == 1 else "value"
        f.__qualname__ = f"<{label}>.{where[0][1]}"


_name_methods()


def call_method(obj, name: str, /, *args, **kwargs):
    """``obj.name(*args, **kwargs)`` with Simple semantics and messages."""
    table = METHOD_TABLES.get(type(obj))
    if table is not None:
        f = table.get(name)
        if f is None:
            raise SplPanic(no_method(obj, name))
        return f(obj, *args, **kwargs)
    try:
        m = getattr(obj, name)
    except SplPanic:
        raise
    except AttributeError:
        f = _PRESENT.get(name)
        if f is not None:
            return f(obj, *args, **kwargs)
        raise SplPanic(no_method(obj, name)) from None
    return m(*args, **kwargs)


# Names of the methods builtin types have, and of Python attributes of builtin values.  A
# method name outside them can only be a user object's method: the transpiler calls it
# directly (``obj.m(...)``: Python looks the method up before evaluating the arguments),
# and the interpreter does the same (see ``bound_method``).
BUILTIN_METHOD_NAMES = frozenset(k for table in METHOD_TABLES.values() for k in table) | frozenset(_PRESENT)
PYTHON_ATTRIBUTES = frozenset(a for t in (list, str, dict, int, float, tuple, bool, type(None), range, complex)
                              for a in dir(t))


def refuse_me_method(binding: str, method: str):
    """Calling a ``me`` method through a ``val`` binding is an error (Decision 9)."""
    raise SplPanic(f"cannot mutate through immutable binding {binding}",
                   hint=f"{method} is a `me` method; declare {binding} with var")


def me_guard(o, method: str, binding: str):
    """``o`` itself, unless ``method`` is one of its ``me`` methods (see refuse_me_method)."""
    if method in getattr(type(o), "_spl_me_methods", ()):
        refuse_me_method(binding, method)
    return o


def optional_call(o, method: str, binding, args):
    """``o?.m(args)``: nil when ``o`` is nil, else the method of ``o`` (of its value for a
    ``Some``), refused through the ``val`` binding ``binding`` (None: not one) when it is a
    ``me`` method.  ``args`` gives ``(positional, named)``, called only when ``o`` is
    present: the arguments are not evaluated for a nil ``o``."""
    if o is None:
        return None
    if type(o) is Some:
        o = o.value
    if binding is not None:
        me_guard(o, method, binding)
    positional, named = args()
    return call_method(o, method, *positional, **named)


def is_direct_method(name: str) -> bool:
    return (name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("__")
            and name not in BUILTIN_METHOD_NAMES and name not in PYTHON_ATTRIBUTES)


def bound_method(obj, name: str):
    """``obj.name`` for a call, looked up before the arguments are evaluated (a direct
    method name: see ``is_direct_method``), failing as ``call_method`` fails."""
    try:
        return getattr(obj, name)
    except SplPanic:
        raise
    except AttributeError:
        raise SplPanic(no_method(obj, name)) from None


def get_attr(obj, name: str):
    """``obj.name`` as a field read: tuple ``.0``, ``Some(x).value``, object fields."""
    t = type(obj)
    if t is tuple:
        if name.isdigit():
            i = int(name)
            if i < len(obj):
                return obj[i]
            raise SplPanic(f"tuple has no field {name} (length {len(obj)})")
        raise SplPanic(f"tuple has no field {name}")
    if t in METHOD_TABLES:
        if name == "value" and (t is Some or t is Ok or t is Err):
            return obj.value
        raise SplPanic(no_field(obj, name))
    try:
        return getattr(obj, name)
    except SplPanic:
        raise
    except AttributeError:
        raise SplPanic(no_field(obj, name)) from None


def no_method(obj, name: str) -> str:
    """The error for calling ``obj.name(...)`` that ``obj`` lacks (both back ends)."""
    if isinstance(obj, type) and hasattr(obj, "_spl_fields"):
        return no_field(obj, name)  # a type's methods are its static ones
    return f"{type_name(obj)} has no method {name}"


def no_field(obj, name: str) -> str:
    """The error for reading ``obj.name`` that ``obj`` lacks (both back ends: transpiled
    code's failed attribute reads are worded here too).  A type's members are its enum
    variants and static methods."""
    if type(obj) is tuple:
        return f"tuple has no field {name}"
    if obj is None:
        return f"cannot read field {name} of nil"
    if isinstance(obj, type) and hasattr(obj, "_spl_fields"):
        if hasattr(obj, "_enum_name"):
            return f"enum {obj._enum_name} has no variant or static method {name}"
        return f"{obj._spl_label} has no static method {name}"
    return f"{type_name(obj)} has no field {name}"


def no_match(value) -> SplPanic:
    """The error of a ``match`` no arm of which matches ``value``."""
    return SplPanic(f"no match arm matches {error_text(value)}")


def set_attr(obj, name: str, value) -> None:
    """``obj.name = value``: a field store, an error for a field the object lacks."""
    try:
        setattr(obj, name, value)
    except AttributeError:
        raise SplPanic(f"{type_name(obj)} has no field {name}") from None


def try_at_top_level(v):
    """``expr?`` outside a function: the value (unwrapped from Some/Ok), or an error for
    nil and Err, as there is no function to return them from."""
    t = type(v)
    if v is None or t is Err:
        raise SplPanic(f"? at the top level got {to_text(v)}",
                       hint="? returns nil or the Err from the function it is in; here there is none")
    return v.value if t is Some or t is Ok else v


def is_present(v) -> bool:
    """``x.?``: false for nil, true for anything else (Some included)."""
    return v is not None


def unwrap_present(v):
    """``x.?.f`` / ``x.?[i]``: the value inside ``Some``, the value itself when present."""
    if v is None:
        raise SplPanic("value is nil")
    if type(v) is Some:
        return v.value
    return v

