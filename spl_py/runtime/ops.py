"""Operator semantics shared by both back ends (Decision 4 and §7).

Fast paths test ``type(x) is int`` first; everything else falls back to Python's own
operator, whose exceptions ``translate_exception`` words the Simple way.
"""
from __future__ import annotations

import math
from operator import index as _as_index

from .formatting import to_text
from .panic import SplPanic, translate_exception
from .values import SplClass, SplTrait, implements, type_name

I64_MIN = -(2 ** 63)
I64_MAX = 2 ** 63 - 1
_NAN = float("nan")


def _zero() -> SplPanic:
    return SplPanic("division by zero")


# ---------------------------------------------------------------------------------------
# Arithmetic


def div(a, b):
    """``a / b``: int/int truncates toward zero (exactly, for any size); else true division."""
    if type(a) is int and type(b) is int:
        if not b:
            raise _zero()
        q = a // b
        if q < 0 and q * b != a:  # floor went one below the truncated quotient
            q += 1
        return q
    if (type(b) is float or type(b) is int) and not b and type(a) in _NUM:
        raise _zero()  # (a tensor or object divides by zero as its operator says: Decision 4)
    return a / b


def mod(a, b):
    """``a % b`` with the sign of the dividend (C remainder), ints and floats alike."""
    if type(a) is int and type(b) is int:
        if not b:
            raise _zero()
        r = a % b
        if r and (r < 0) != (a < 0):
            r -= b
        return r
    if type(a) in _NUM and type(b) in _NUM:
        if not b:  # (bools too: false is a zero divisor)
            raise _zero()
        return math.fmod(a, b)
    return a % b


_NUM = {int, float, bool}


def fdiv(a, b):
    """``a.fdiv(b)``: floor division (floats give the floor as a float)."""
    if (type(b) is int or type(b) is float) and not b:
        raise _zero()
    return a // b


def pow_(a, b):
    """``a ** b``.  A negative base to a fractional power is nan (Python would give a
    complex number)."""
    r = a ** b
    if type(r) is complex:
        return _NAN
    return r


def add(a, b):
    """``a + b`` for the interpreter: Python ``+`` with Simple error messages."""
    try:
        return a + b
    except TypeError as e:
        raise SplPanic(translate_exception(e) or f"cannot apply '+' to {type_name(a)} and {type_name(b)}") from None


# ---------------------------------------------------------------------------------------
# --checked mode: results outside the i64 range are errors


def _overflow() -> SplPanic:
    return SplPanic("integer overflow")


def check_int(v):
    """Return ``v`` unless it is an int outside [-2**63, 2**63-1]."""
    if type(v) is int and (v > I64_MAX or v < I64_MIN):
        raise _overflow()
    return v


# Whether the program runs with --checked: the operators are compiled checked; builtins
# and methods giving ints (sum, int(), parse_int, abs, pow) read this (set_checked).
CHECKED = False


def set_checked(flag: bool) -> None:
    global CHECKED
    CHECKED = bool(flag)


def int_result(v):
    """``v``, an int a builtin made: an error outside the i64 range under --checked."""
    return check_int(v) if CHECKED else v


def add_checked(a, b):
    return check_int(a + b)


def sub_checked(a, b):
    return check_int(a - b)


def mul_checked(a, b):
    return check_int(a * b)


def div_checked(a, b):
    return check_int(div(a, b))


def mod_checked(a, b):
    return check_int(mod(a, b))


def neg_checked(a):
    return check_int(-a)


def pow_checked(a, b):
    if type(a) is int and type(b) is int and b > 64 and (a > 1 or a < -1):
        raise _overflow()  # certain overflow; do not build a giant int first
    return check_int(pow_(a, b))


def shl_checked(a, b):
    if type(a) is int and type(b) is int and a and b > 64:
        raise _overflow()
    return check_int(a << b)


def truthy(v) -> bool:
    """Conditions: Python truthiness (nil, false, 0, 0.0, empty text/list/dict are false).
    Conditions normally hold bools; this only fixes what other values mean."""
    return bool(v)


# ---------------------------------------------------------------------------------------
# Indexing and slicing

_SEQ_NAMES = {list: "list", str: "text", tuple: "tuple", range: "range"}


def _key_text(k) -> str:
    if type(k) is str:
        return repr(k)
    return to_text(k)


def _seq_index_error(obj, i) -> SplPanic:
    kind = _SEQ_NAMES.get(type(obj), type_name(obj))
    if type(i) is not int and type(i) is not bool:
        return SplPanic(f"{kind} index must be i64, not {type_name(i)}")
    return SplPanic(f"index {i} out of range for {kind} of length {len(obj)}")


def index(obj, i):
    """``obj[i]``: bounds-checked for lists, text and tuples (no negative indexes), key
    lookup for dicts, ``__getitem__`` or a Simple ``get`` method otherwise."""
    t = type(obj)
    if t is list or t is str or t is tuple or t is range:
        try:
            if i >= 0:
                return obj[i]
        except (IndexError, TypeError):
            pass
        raise _seq_index_error(obj, i)
    if t is dict:
        try:
            return obj[i]
        except KeyError:
            raise SplPanic(f"key not found: {_key_text(i)}") from None
        except TypeError:
            raise SplPanic(f"{type_name(i)} cannot be used as a dict key") from None
    if hasattr(t, "__getitem__"):
        return obj[i]
    get = getattr(t, "get", None)
    if get is not None:
        return obj.get(i)
    raise SplPanic(f"{type_name(obj)} cannot be indexed")


def set_index(obj, i, v) -> None:
    """``obj[i] = v``: lists range-checked, dicts insert, else ``__setitem__``/``set``."""
    t = type(obj)
    if t is list:
        try:
            if i >= 0:
                obj[i] = v
                return
        except (IndexError, TypeError):
            pass
        raise _seq_index_error(obj, i)
    if t is dict:
        try:
            obj[i] = v
        except TypeError:
            raise SplPanic(f"{type_name(i)} cannot be used as a dict key") from None
        return
    if t is str or t is tuple:
        raise SplPanic(f"{_SEQ_NAMES[t]} cannot be changed in place")
    if hasattr(t, "__setitem__"):
        obj[i] = v
        return
    setter = getattr(t, "set", None)
    if setter is not None:
        obj.set(i, v)
        return
    raise SplPanic(f"{type_name(obj)} does not support index assignment")


def _bound(b, what: str):
    if b is None:
        return None
    try:
        b = _as_index(b)
    except TypeError:
        raise SplPanic(f"slice bound must be i64, not {type_name(b)}") from None
    if b < 0:
        raise SplPanic(f"negative slice {what} {b}")
    return b


def slice_(obj, lo=None, hi=None, inclusive: bool = False):
    """``obj[lo:hi]`` / ``obj[lo..hi]`` / ``obj[lo..=hi]``: nil bounds mean start/end;
    bounds past the end clamp; negative bounds are errors."""
    lo = _bound(lo, "start")
    hi = _bound(hi, "end")
    if inclusive and hi is not None:
        hi += 1
    t = type(obj)
    if t is list or t is str or t is tuple or (hasattr(t, "__getitem__") and type(t) is not SplClass):
        return obj[lo:hi]
    sl = getattr(t, "slice", None)  # a Simple object's slice method (its get takes one index)
    if sl is not None:
        return obj.slice(lo, hi)
    raise SplPanic(f"{type_name(obj)} cannot be sliced")


def contains(container, item) -> bool:
    """``item in container``: substring for text, key for dicts, membership otherwise."""
    try:
        return item in container
    except TypeError as e:
        if type(container) is str:
            raise SplPanic(f"cannot test {type_name(item)} in text (only text in text)") from None
        c = getattr(type(container), "contains", None)
        if c is not None:
            return container.contains(item)
        raise SplPanic(translate_exception(e) or f"cannot test membership in {type_name(container)}") from None


_ITERABLE = {list, tuple, range, dict, str, set, frozenset}


def iterate(v):
    """What ``for x in v`` walks: the value itself when Python can iterate it (dicts give
    keys, text gives one-character texts)."""
    if type(v) in _ITERABLE or hasattr(type(v), "__iter__"):
        return v
    if v is None:
        raise SplPanic("cannot iterate over nil")
    raise SplPanic(f"cannot iterate over {type_name(v)}")


def make_range(a, b, inclusive: bool = False) -> range:
    """``a..b`` (half-open) or ``a..=b`` over ints."""
    if type(a) is not int or type(b) is not int:
        try:
            a, b = _as_index(a), _as_index(b)
        except TypeError:
            bad = a if type(a) not in (int, bool) else b
            raise SplPanic(f"range bounds must be i64, not {type_name(bad)}") from None
    return range(a, b + 1 if inclusive else b)


_VALUE_TYPES = (int, float, str, bool)


# What ``x is T`` tests for a builtin standing for a type, by its id (builtins fills it in):
# ``"a" is text``, ``1 is i64``, ``[] is List``.
TYPE_TESTS: dict = {}


def same_value(a, b) -> bool:
    """``a is b``: a type test when ``b`` is a class (``x is Point``), nil tests, identity
    for objects and equality for plain values."""
    if isinstance(b, type):
        return isinstance(a, b)
    if a is b:
        return True
    t = TYPE_TESTS.get(id(b))
    if t is not None:  # a builtin type name: text, i64, bool, List (bool is no i64)
        return type(a) is t
    if type(b) is SplTrait:  # x is Trait: x's class (or a base) implements it
        return implements(type(a), b)
    return type(a) in _VALUE_TYPES and type(a) is type(b) and a == b


def with_base(cls, base):
    """``Name(a: 1, ..base)`` calls this with ``Name`` and ``base``: the constructor, taking
    every field the call does not give from ``base`` (§3.4)."""
    fields = getattr(cls, "_spl_fields", None) if isinstance(cls, type) else None
    if fields is None:
        raise SplPanic(f"{type_name(cls)} is no class: ..base copies the fields of a class's object")

    def construct(*args, **kwargs):
        for f in fields[len(args):]:
            if f not in kwargs:
                try:
                    kwargs[f] = getattr(base, f)
                except AttributeError:
                    raise SplPanic(f"{type_name(base)} has no field {f} to copy") from None
        return cls(*args, **kwargs)
    return construct


def _to_i64(v):
    if type(v) is float:
        if v != v or v in (float("inf"), float("-inf")):
            raise SplPanic(f"cannot convert {v} to i64")
        return int(v)
    return int(v)


_CASTS = {
    "i64": _to_i64, "i32": _to_i64, "i16": _to_i64, "i8": _to_i64, "u64": _to_i64,
    "u32": _to_i64, "u16": _to_i64, "u8": _to_i64, "int": _to_i64,
    "f64": float, "f32": float, "float": float, "bool": bool,
}


def cast_function(type_name_: str):
    """The conversion ``expr as T`` performs (numbers and text; other types unchanged)."""
    if type_name_ in ("text", "str", "String"):
        return to_text
    return _CASTS.get(type_name_, lambda v: v)


def _copied(v):
    if type(v) is list:
        return [_copied(x) for x in v]
    if type(v) is dict:
        return {k: _copied(x) for k, x in v.items()}
    return v


def list_repeat(value, count) -> list:
    """``[value; count]``: each element a copy of ``value`` when it is a list or a dict
    (nested ones too), else the value itself (objects are references, as everywhere)."""
    if type(count) is not int:
        raise SplPanic(f"[value; count] needs an i64 count, got {type_name(count)} {_key_text(count)}")
    if count < 0:
        raise SplPanic(f"[value; count] needs a non-negative count, got {count}")
    if type(value) is list or type(value) is dict:
        return [_copied(value) for _ in range(count)]
    return [value] * count
