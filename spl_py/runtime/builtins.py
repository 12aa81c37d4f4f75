"""Builtin functions visible in every Simple module (§7.5 and Decision 21)."""
from __future__ import annotations

import math
import sys

from .formatting import to_text
from .ops import TYPE_TESTS, int_result
from .panic import SplPanic
from .values import Err, Ok, Some, type_name

__all__ = ["BUILTINS", "BUILTIN_NAMES", "set_program_args", "SplExit"]


class SplExit(SystemExit):
    """Raised by ``exit(code)``; a SystemExit so it passes through ``except Exception``."""


_program_args: list = []


def set_program_args(args) -> None:
    """Set what ``sys_args()`` returns (the CLI passes the program's arguments)."""
    _program_args[:] = [str(a) for a in args]


def spl_print(*args, sep: str = " ", end: str = "\n") -> None:
    """print/println: arguments as ``to_text`` joined by a space.  stdout is line
    buffered when it is a terminal (Python's default) and block buffered otherwise."""
    try:
        if len(args) == 1:
            a = args[0]
            sys.stdout.write((a if type(a) is str else to_text(a)) + end)
        else:
            sys.stdout.write(sep.join([to_text(a) for a in args]) + end)
    except (TypeError, AttributeError):
        if type(sep) is not str or type(end) is not str:
            raise SplPanic(f"print's sep and end are text, not {type_name(sep if type(sep) is not str else end)}") from None
        raise


def spl_eprint(*args, sep: str = " ", end: str = "\n") -> None:
    sys.stdout.flush()  # keep stdout and stderr in program order on a shared terminal
    sys.stderr.write(sep.join([to_text(a) for a in args]) + end)
    sys.stderr.flush()


def spl_len(v) -> int:
    try:
        return len(v)
    except TypeError:
        n = getattr(type(v), "len", None)
        if n is not None:
            return v.len()
        raise SplPanic(f"{type_name(v)} has no length") from None


def spl_int(v, base: int = 10) -> int:
    """int(x): floats truncate, text is parsed, bools give 0/1."""
    t = type(v)
    if t is int:
        return v
    if t is float:
        if not math.isfinite(v):
            raise SplPanic(f"cannot convert {to_text(v)} to i64")
        return int_result(int(v))
    if t is str:
        try:
            return int_result(int(v.strip(), base))
        except ValueError:
            raise SplPanic(f"cannot parse {v!r} as i64") from None
    if t is bool:
        return int(v)
    if v is None:
        raise SplPanic("cannot convert nil to i64")
    try:
        return int(v)
    except (TypeError, ValueError):
        raise SplPanic(f"cannot convert {type_name(v)} to i64") from None


def spl_float(v=0.0) -> float:
    t = type(v)
    if t is float:
        return v
    if t is int or t is bool:
        return float(v)
    if t is str:
        try:
            return float(v.strip())
        except ValueError:
            raise SplPanic(f"cannot parse {v!r} as f64") from None
    if v is None:
        raise SplPanic("cannot convert nil to f64")
    try:
        return float(v)
    except (TypeError, ValueError):
        raise SplPanic(f"cannot convert {type_name(v)} to f64") from None


def spl_bool(v=False) -> bool:
    return bool(v)


def _items(args, what: str):
    if len(args) == 1 and type(args[0]) in (list, tuple, range):
        args = args[0]
    if not args:
        raise SplPanic(f"{what} of nothing")
    return args


def spl_min(*args, key=None):
    xs = _items(args, "min")
    return min(xs) if key is None else min(xs, key=key)


def spl_max(*args, key=None):
    xs = _items(args, "max")
    return max(xs) if key is None else max(xs, key=key)


def spl_sum(xs, start=0):
    return int_result(sum(xs, start))


def spl_abs(x):
    return int_result(abs(x))


def spl_range(a, b=None, step: int = 1) -> range:
    if b is None:
        a, b = 0, a
    try:
        return range(a, b, step)
    except TypeError:
        raise SplPanic("range bounds must be i64") from None
    except ValueError:
        raise SplPanic("range step must not be zero") from None


def sys_args() -> list:
    return list(_program_args)


def spl_exit(code: int = 0):
    """exit(code) ends the program with that status; exit("message") prints the message to
    stderr and ends it with status 1."""
    sys.stdout.flush()
    if type(code) is str:
        sys.stderr.write(code + "\n")
        sys.stderr.flush()
        raise SplExit(1)
    if type(code) is not int:
        raise SplPanic(f"exit takes an i64 status or a text message, not {type_name(code)}")
    raise SplExit(code)


def spl_round(x, ndigits=None):
    """round(x) -> i64 (half to even, like Python); round(x, n) -> f64."""
    return int_result(round(x)) if ndigits is None else round(x, ndigits)


def spl_type_of(v) -> str:
    return type_name(v)


def spl_list(xs=()) -> list:
    return list(xs)


def spl_dict(xs=()) -> dict:
    return dict(xs)


class CollectionType:
    """``Dict`` and ``List`` as values: ``Dict.new()`` / ``List.new()`` (upstream's spelling)
    and ``Dict()`` / ``List()`` make an empty one."""
    __slots__ = ("make", "name")

    def __init__(self, name: str, make):
        self.name = name
        self.make = make

    def new(self):
        return self.make()

    __call__ = new

    def __repr__(self):
        return f"<type {self.name}>"


class PrimitiveType:
    """A primitive type's name as a value (``i64``, ``f64``): ``x is i64`` tests the type,
    ``i64(x)`` converts as ``int(x)`` does."""
    __slots__ = ("convert", "name")

    def __init__(self, name: str, convert):
        self.name = name
        self.convert = convert

    def __call__(self, *args):
        return self.convert(*args)

    def __repr__(self):
        return f"<type {self.name}>"


_PRIMITIVE_TYPES = {
    **{n: PrimitiveType(n, spl_int) for n in ("i64", "i32", "i16", "i8", "u64", "u32", "u16", "u8")},
    **{n: PrimitiveType(n, spl_float) for n in ("f64", "f32")},
}

BUILTINS: dict = {
    "print": spl_print, "println": spl_print, "eprint": spl_eprint, "eprintln": spl_eprint,
    "len": spl_len, "int": spl_int, "float": spl_float, "bool": spl_bool,
    "to_text": to_text, "str": to_text, "text": to_text, "type_of": spl_type_of,
    "abs": spl_abs, "min": spl_min, "max": spl_max, "sum": spl_sum, "range": spl_range,
    "round": spl_round, "sys_args": sys_args, "Some": Some, "Ok": Ok, "Err": Err,
    "exit": spl_exit, "list": spl_list, "dict": spl_dict,
    "Dict": CollectionType("Dict", dict), "List": CollectionType("List", list),
    "enumerate": lambda xs, start=0: list(enumerate(xs, start)),
    "zip": lambda *xss: list(zip(*xss)),
    "sorted": lambda xs, key=None, reverse=False: sorted(xs, key=key, reverse=reverse),
    **_PRIMITIVE_TYPES,
}
TYPE_TESTS.update({
    id(spl_int): int, id(spl_float): float, id(spl_bool): bool, id(to_text): str,
    id(BUILTINS["Dict"]): dict, id(BUILTINS["List"]): list,
    **{id(t): (int if t.convert is spl_int else float) for t in _PRIMITIVE_TYPES.values()},
})
# Show Simple names in ``<fn name>`` and in argument errors ("missing argument x in call to len").
for _name, _f in BUILTINS.items():
    _n = getattr(_f, "__name__", "")
    if callable(_f) and not isinstance(_f, type) and (_n.startswith("spl_") or _n == "<lambda>"):
        _f.__name__ = _f.__qualname__ = _name

BUILTIN_NAMES: frozenset = frozenset(BUILTINS)
