"""Printing values (Decision 5) and format specs for interpolation ``{x:SPEC}``."""
from __future__ import annotations

import functools
import sys
import types

from .panic import SplPanic
from . import values as values_module
from .values import LAYOUT_TEXT, PLAIN_TYPES, Err, Ok, Some, SplClass, SplEnumValue
from .values import is_positional, text_prototype, type_name, unit_text

# Simple ints are unbounded: printing a huge one must not hit CPython's 4300-digit guard.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

__all__ = ["to_text", "format_value"]


def _bool_text(b) -> str:
    return "true" if b else "false"


def _nil_text(_) -> str:
    return "nil"


def _str_text(s) -> str:
    return s


# its own frozenset: _list_text measured ~60 ns slower reading values.NUMBER_TYPES (same contents)
_NUMBER_TYPES = frozenset({int, float})


def _list_text(xs) -> str:
    # Printing lists of numbers is common in training logs: Python's list repr shows ints
    # and floats exactly as to_text does (float repr, no int digit limit), in C.
    if _NUMBER_TYPES.issuperset(map(type, xs)):
        return repr(xs)
    key = id(xs)
    if key in _printing:  # a list holding itself (xs.push(xs)) shows as Python's does
        return "[...]"
    _printing.add(key)
    get = _TEXT.get
    parts = []
    add = parts.append
    try:
        for x in xs:
            t = type(x)
            if t is str:
                add(x)
            else:
                f = get(t)
                add(f(x) if f is not None else _other_text(x))
    finally:
        _printing.discard(key)
    return "[" + ", ".join(parts) + "]"


def _tuple_text(t) -> str:
    if _NUMBER_TYPES.issuperset(map(type, t)):  # Python's repr, as for lists (``(1,)`` too)
        return repr(t)
    if len(t) == 1:
        return "(" + to_text(t[0]) + ",)"
    return "(" + ", ".join([to_text(x) for x in t]) + ")"


def _dict_text(d) -> str:
    key = id(d)
    if key in _printing:
        return "{...}"
    _printing.add(key)
    try:
        return "{" + ", ".join([f"{to_text(k)}: {to_text(v)}" for k, v in d.items()]) + "}"
    finally:
        _printing.discard(key)


def _wrapper_text(label: str):
    """How ``Some(v)`` / ``Ok(v)`` / ``Err(v)`` print (an int, float or text payload by
    Python's own formatting)."""
    def text(w) -> str:
        v = w.value
        return f"{label}({v})" if type(v) in PLAIN_TYPES else f"{label}({to_text(v)})"
    return text


def _fn_text(f) -> str:
    name = getattr(f, "__name__", None) or "fn"
    if name == "<lambda>":
        name = "lambda"
    elif name.endswith("_"):  # transpiled ``fn len`` is ``def len_``: its Simple name is its label
        code = getattr(f, "__code__", None)
        if code is not None:
            from .trace import MODULES
            info = MODULES.get(code.co_filename)
            label = info.labels.get(getattr(code, "co_qualname", code.co_name)) if info is not None else None
            if label is not None:
                name = label.rpartition(".")[2]
    return f"<fn {name}>"


def _range_text(r) -> str:
    if r.step == 1:
        return f"{r.start}..{r.stop}"
    return f"range({r.start}, {r.stop}, {r.step})"


# Objects being printed, to cut cycles (a node pointing back at its parent).
_printing: set = set()


_TO_STRING = object()  # a _spl_text_entry's "how": the class has a to_string method


def _text_entry(cls) -> tuple:
    """How objects of ``cls`` print, remembered on the class (a class attribute is read
    faster than ``getattr(cls, "to_string", None)`` misses): through ``to_string``; by
    the class's field-layout text functions ``(plain, full)`` (slotted classes and enum
    variants: see values.text_prototype); or None, by ``_spl_text``.  ``attach_impl``
    forgets it when methods arrive."""
    if cls._spl_text_entry is not LAYOUT_TEXT and getattr(cls, "to_string", None) is not None:
        how = _TO_STRING
    elif cls._spl_has_dict:
        how = None
    elif SplEnumValue in cls.__mro__:  # (an issubclass call costs a fresh class ~0.1 us)
        fields = cls._spl_fields
        how = text_prototype(fields, is_positional(fields)) or None if fields else _UNIT_TEXT
    else:
        how = text_prototype(cls._spl_fields) or None
    entry = cls._spl_text_entry = (cls, how)
    return entry


_UNIT_TEXT = (unit_text, unit_text)


def _obj_text(o) -> str:
    cls = type(o)
    entry = cls._spl_text_entry
    if entry[0] is not cls:
        entry = _text_entry(cls)
    how = entry[1]
    if how is _TO_STRING:
        r = o.to_string()
        return r if type(r) is str else to_text(r)
    if how is not None:
        text = how[0](o, cls._spl_label)  # fields of plain values only: no cycle to guard against
        if text is not None:
            return text
    key = id(o)
    if key in _printing:
        return f"{cls._spl_label}(...)"
    _printing.add(key)
    try:
        if how is not None:
            text = how[1](o, cls._spl_label)
            if text is not None:
                return text
        return o._spl_text()
    finally:
        _printing.discard(key)


_DESCRIBING: set = set()  # ids of values error_text is showing (their to_string may fail again)


def error_text(v) -> str:
    """How a value appears in an error message: its text, or -- when its ``to_string``
    fails, or is what failed and is running again -- its fields, without ``to_string``."""
    key = id(v)
    if key not in _DESCRIBING:
        _DESCRIBING.add(key)
        try:
            return to_text(v)
        except Exception:  # noqa: BLE001 - the message must not fail in turn
            return _fields_text(v)
        finally:
            _DESCRIBING.discard(key)
    return _fields_text(v)


def _fields_text(v) -> str:
    if type(type(v)) is SplClass:
        try:
            return v._spl_text()
        except Exception:  # noqa: BLE001 - a field's own to_string failing
            return f"a value of type {type_name(v)}"
    return f"a value of type {type_name(v)}"


def _other_text(v) -> str:
    """Types outside the dispatch table: objects, numpy values, functions, classes."""
    t = type(v)
    if type(type(v)) is SplClass:
        # Not memoised in _TEXT: that would keep every class a long-lived process creates alive.
        return _obj_text(v)
    if t.__module__ == "numpy":
        if getattr(v, "ndim", None) == 0:
            return to_text(v.item())
        if hasattr(v, "tolist"):
            return to_text(v.tolist())
    if isinstance(v, type):
        return f"<class {getattr(v, '_spl_label', v.__name__)}>"
    if isinstance(v, (functools.partial,)) or (callable(v) and type_name(v) == "fn"):
        return _fn_text(getattr(v, "func", v))
    ts = getattr(t, "to_string", None)
    if ts is not None:
        r = v.to_string()
        return r if type(r) is str else to_text(r)
    return str(v)


_TEXT: dict = {
    str: _str_text, int: int.__repr__, float: float.__repr__, bool: _bool_text,
    type(None): _nil_text, list: _list_text, tuple: _tuple_text, dict: _dict_text,
    Some: _wrapper_text("Some"), Ok: _wrapper_text("Ok"), Err: _wrapper_text("Err"), range: _range_text,
    types.FunctionType: _fn_text, types.BuiltinFunctionType: _fn_text,
    types.MethodType: _fn_text,
}


def to_text(v) -> str:
    """How ``print`` and ``{v}`` show a value.  Floats use Python's repr, which is the
    shortest text that reads back to the same f64 (``0.1``, ``1e-07``, ``inf``)."""
    t = type(v)
    if t is str:
        return v
    if t is int:  # (the commonest value printed: Python's own formatting, no call)
        return f"{v}"
    if v is None:
        return "nil"
    f = _TEXT.get(t)
    if f is None:
        return _obj_text(v) if type(t) is SplClass else _other_text(v)
    return f(v)


_PRESENTATION_TYPES = set("bcdeEfFgGnosxX%")


def _spec_error(v, spec: str, exc: ValueError) -> SplPanic:
    msg = str(exc)
    unknown = msg.startswith("Unknown format code") and msg[21:22] not in _PRESENTATION_TYPES
    if unknown or msg.startswith("Invalid format specifier"):
        return SplPanic(f"invalid format spec '{spec}'")
    return SplPanic(f"format spec '{spec}' does not apply to {type_name(v)}")


def format_value(v, spec: str) -> str:
    """``{v:spec}``: Python's format-spec mini-language.  Numbers are formatted as
    numbers; every other value is formatted as its printed text."""
    t = type(v)
    if t is int or t is float:
        try:
            return format(v, spec)
        except ValueError as e:
            raise _spec_error(v, spec, e) from None
    if not spec:
        return to_text(v)
    if t is not str and t.__module__ == "numpy" and getattr(v, "ndim", None) == 0:
        return format_value(v.item(), spec)
    try:
        return format(v if t is str else to_text(v), spec)
    except ValueError as e:
        raise _spec_error(v, spec, e) from None


values_module._text = to_text  # values prints nested fields through to_text without an import cycle
