"""Runtime failures without a position, and translation of Python exceptions.

Runtime helpers raise ``SplPanic(message)``; the back ends catch it (and any Python
exception escaping a user-level operation), attach the ``.spl`` position and re-raise as
``SplRuntimeError``.  ``translate_exception`` gives the Simple wording for the Python
exceptions that plain Python operators raise, so the transpiler (which emits plain
operators) and the interpreter (which calls runtime helpers) print the same message.
"""
from __future__ import annotations

import re
from typing import Optional

from ..errors import SplError


class SplPanic(SplError):
    """A Simple-level runtime failure with no position (the back end adds it)."""

    def __init__(self, message: str, hint: Optional[str] = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


# Python type names (as they appear in exception messages) -> Simple type names.
PY_TO_SPL = {
    "int": "i64", "float": "f64", "str": "text", "NoneType": "nil", "bool": "bool",
    "list": "list", "tuple": "tuple", "dict": "dict", "function": "fn",
    "builtin_function_or_method": "fn", "method": "fn", "method-wrapper": "fn",
    "functools.partial": "fn", "range": "range", "Some": "Some", "Ok": "Ok", "Err": "Err",
    "SplTrait": "trait", "SplModule": "module", "FinishedModule": "module", "SplTypeAlias": "type",
    "CollectionType": "type",
}


def assign_refusal(name: str) -> tuple[str, str]:
    """(message, hint) for assigning the immutable binding ``name`` (the checker, the
    interpreter and transpiled code word it alike)."""
    if name == "self":
        return ("cannot assign to immutable binding self",
                "self cannot be rebound; assign its fields (self.x = ...) in a `me` method")
    return f"cannot assign to immutable binding {name}", f"declare it with `var {name}`"


def spl_type_of_pyname(name: str) -> str:
    return PY_TO_SPL.get(name, name)


# Patterns of Python's messages, compiled by ``re`` on first use: only failures read them, and
# compiling them all costs a start-up about a millisecond.
_T = r"'([^']+)'"
_BINOP = r"unsupported operand type\(s\) for ([^:]+): " + _T + " and " + _T
_CONCAT = r'can only concatenate (\w+) \(not "([^"]+)"\) to \w+'
_UNARY = r"bad operand type for unary (.): " + _T
_COMPARE = r"'([^']+)' not supported between instances of " + _T + " and " + _T
_MISSING = r"^(\S+)\(\) missing \d+ required (?:positional|keyword-only) arguments?: (.+)$"
_TAKES = r"^(\S+)\(\) takes (?:from )?(\d+)(?: to (\d+))? positional arguments? but (\d+) (?:was|were) given$"
_UNEXPECTED = r"^(\S+)\(\) got an unexpected keyword argument '([^']+)'$"
_MULTIPLE = r"^(\S+)\(\) got multiple values for argument '([^']+)'$"
_NOT_CALLABLE = r"^'([^']+)' object is not callable$"
_NOT_SUBSCRIPTABLE = r"^'([^']+)' object is not subscriptable$"
_NOT_ITERABLE = r"^'([^']+)' object is not iterable$"
_NO_LEN = r"^object of type '([^']+)' has no len\(\)$"
_UNHASHABLE = r"^unhashable type: '([^']+)'$"
_IN_STRING = r"^'in <string>' requires string as left operand, not (\S+)$"
_NO_ATTR = r"^(?:'([^']+)' object|type object '([^']+)'|module '([^']+)') has no attribute '([^']+)'"
# Python's own functions called as Simple methods or conversions
_NO_ARGUMENTS = r"^([\w.]+)\(\) takes no arguments \((\d+) given\)$"
_NO_KEYWORDS = r"^([\w.]+)\(\) takes no keyword arguments$"
_EXACTLY = r"^([\w.]+)\(\) takes exactly (one|\d+) arguments? \((\d+) given\)$"
_AT_LEAST = r"^([\w.]+) expected at least (\d+) arguments?, got (\d+)$"
_BAD_LITERAL = r"^(?:invalid literal for (int)\(\) with base \d+|could not convert string to (float)): (.*)$"
_CONVERT = r"^(int|float)\(\) argument must be [^,]+(?:, [^,]+)*, not '(\w+)'$"
_AS_INTEGER = r"^'(\w+)' object cannot be interpreted as an integer$"
_NO_ROUND = r"^type (\w+) doesn't define __round__ method$"
_DICT_PAIRS = "a dict is made from (key, value) pairs"


def _python_method(name: str) -> str:
    """``str.upper`` as Simple names it (``text.upper``)."""
    owner, dot, method = name.rpartition(".")
    return f"{spl_type_of_pyname(owner)}.{method}" if dot else name


def _fn_name(qualname: str) -> tuple[str, bool]:
    """(display name, counts self) for a Python qualname from a call error.

    Dotted qualnames are methods whose Python arity includes ``self``; ``X.__init__``
    is the constructor ``X``.  Static methods are also dotted: back ends that know a
    static method was called should check arity themselves (the count would be off by
    one here)."""
    from .trace import simple_name  # (a failure: not imported before one)

    qualname = qualname.rpartition("<locals>.")[2]  # nested defs: drop the enclosing function
    if qualname.startswith("<") and ">." in qualname:  # a builtin type's method (methods._name_methods)
        owner, _, method = qualname[1:].partition(">.")
        return (method if owner == "value" else f"{owner}.{method}"), True
    if qualname.endswith(".__init__"):
        return qualname[: -len(".__init__")], True
    # a function the transpiler renamed (``fn sum`` is ``def sum_``) is named as in Simple
    return ".".join(simple_name(part) for part in qualname.split(".")), "." in qualname


def _join_names(names: str) -> str:
    parts = re.findall(r"'([^']+)'", names)
    if len(parts) <= 1:
        return parts[0] if parts else names
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _type_error(msg: str) -> Optional[str]:
    t = spl_type_of_pyname
    m = re.search(_BINOP, msg)
    if m:
        return f"cannot apply '{m.group(1)}' to {t(m.group(2))} and {t(m.group(3))}"
    m = re.search(_CONCAT, msg)
    if m:
        left, right = t(m.group(1)), t(m.group(2))
        if left == "text":
            return f'cannot add text and {right}; use interpolation "{{x}}"'
        return f"cannot apply '+' to {left} and {right}"
    m = re.search(_UNARY, msg)
    if m:
        return f"cannot apply unary '{m.group(1)}' to {t(m.group(2))}"
    m = re.search(_COMPARE, msg)
    if m:
        return f"cannot compare {t(m.group(2))} and {t(m.group(3))} with '{m.group(1)}'"
    m = re.search(_MISSING, msg)
    if m:
        name, _ = _fn_name(m.group(1))
        names = _join_names(m.group(2))
        plural = "s" if " and " in names else ""
        return f"missing argument{plural} {names} in call to {name}"
    m = re.search(_TAKES, msg)
    if m:
        name, has_self = _fn_name(m.group(1))
        lo, hi, given = int(m.group(2)), m.group(3), int(m.group(4))
        if has_self:
            lo, given = lo - 1, given - 1
            hi = str(int(hi) - 1) if hi else None
        want = f"{lo} to {hi}" if hi else str(lo)
        noun = "argument" if not hi and lo == 1 else "arguments"
        verb = "was" if given == 1 else "were"
        return f"{name} takes {want} {noun} but {given} {verb} given"
    m = re.match(_NO_KEYWORDS, msg)
    if m:  # ``"abc".replace(old: "a", new: "b")``
        return f"{_python_method(m.group(1))} takes no named arguments"
    m = re.match(_EXACTLY, msg)
    if m:  # Python's own function as a method (``"a".len(1)``): the receiver is no argument
        want = (1 if m.group(2) == "one" else int(m.group(2))) - 1
        given = int(m.group(3)) - 1
        wanted = "no arguments" if want == 0 else f"{want} argument{'s' if want != 1 else ''}"
        return f"{_python_method(m.group(1))} takes {wanted} but {given} {'was' if given == 1 else 'were'} given"
    if msg.startswith("slice indices must be integers"):
        return "text and list positions are i64"
    if msg.startswith("strip arg must be"):
        return "trim takes the characters to remove as text"
    m = re.match(_CONVERT, msg)
    if m:  # ``nil as i64``
        return f"cannot convert {t(m.group(2))} to {'i64' if m.group(1) == 'int' else 'f64'}"
    m = re.match(_AS_INTEGER, msg)
    if m:  # ``"a,b".split(",", "x")``
        return f"expected i64, got {t(m.group(1))}"
    m = re.match(_NO_ROUND, msg)
    if m:
        return f"round cannot take {t(m.group(1))}"
    if msg.startswith("cannot convert dictionary update sequence element"):
        return _DICT_PAIRS
    if msg.startswith("sum() can't sum strings"):
        return "sum adds numbers: join text with join"
    m = re.match(_NO_ARGUMENTS, msg)
    if m:  # a method that is Python's own (``"x".upper(1)``)
        given = int(m.group(2))
        return f"{_python_method(m.group(1))} takes no arguments but {given} {'was' if given == 1 else 'were'} given"
    m = re.match(_AT_LEAST, msg)
    if m:  # ``"abc".replace("a")``
        want, given = int(m.group(2)), int(m.group(3))
        return (f"{_python_method(m.group(1))} takes at least {want} argument{'s' if want != 1 else ''} "
                f"but {given} {'was' if given == 1 else 'were'} given")
    m = re.search(_UNEXPECTED, msg)
    if m:
        return f"unknown argument {m.group(2)} in call to {_fn_name(m.group(1))[0]}"
    m = re.search(_MULTIPLE, msg)
    if m:
        return f"argument {m.group(2)} given twice in call to {_fn_name(m.group(1))[0]}"
    m = re.search(_NOT_CALLABLE, msg)
    if m:
        return f"{t(m.group(1))} is not callable"
    m = re.search(_NOT_SUBSCRIPTABLE, msg)
    if m:
        return f"{t(m.group(1))} cannot be indexed"
    m = re.search(_NOT_ITERABLE, msg)
    if m:
        return f"cannot iterate over {t(m.group(1))}"
    m = re.search(_NO_LEN, msg)
    if m:
        return f"{t(m.group(1))} has no length"
    m = re.search(_UNHASHABLE, msg)
    if m:
        return f"{t(m.group(1))} cannot be used as a dict key"
    m = re.search(_IN_STRING, msg)
    if m:
        return f"cannot test {t(m.group(1))} in text (only text in text)"
    if "can't multiply sequence by non-int" in msg:
        m = re.search("of type " + _T, msg)  # (not _T alone: "can't" has a quote)
        return f"cannot repeat a sequence by {t(m.group(1))}" if m else None
    m = re.match(_BAD_OPERAND, msg)
    if m:  # abs("x"): a builtin given a value of the wrong type
        return f"{m.group(1)} cannot take {t(m.group(2))}"
    m = re.search(_MUST_BE, msg)
    if m:  # "abc".index_of(1): a text method given a value of the wrong type
        return f"expected {t(m.group(1))}, got {t(m.group(2))}"
    m = re.match(_PERCENT_FORMAT, msg)
    if m:  # "%d" % "a": Python's %-formatting of text (kept for Python-dialect scripts)
        return f"text % values: %{m.group(1)} needs {m.group(2)}, not {t(m.group(3))}"
    if msg in ("not enough arguments for format string", "not all arguments converted during string formatting"):
        return f"text % values: {msg}"
    return None


_BAD_OPERAND = r"bad operand type for (\w+)\(\): " + _T + "$"
_MUST_BE = r"must be (\w+)(?: or None| or a tuple of \w+)?, not (\w+)$"
_PERCENT_FORMAT = r"%(\w) format: (an? [\w ]+?) is required, not (\w+)$"


def _attribute_error(exc: AttributeError) -> Optional[str]:
    m = re.search(_NO_ATTR, str(exc))
    if not m:
        clash = re.match(_READ_ONLY, str(exc))
        if clash:  # a field slot hidden by a subclass's method of the same name
            return f"{clash.group(1)} is both a field and a method"
        return None
    owner = m.group(1) or m.group(2)
    if owner:
        return f"{spl_type_of_pyname(owner)} has no field or method {m.group(4)}"
    return f"module {m.group(3)} has no export {m.group(4)}"


def _key_text(key: object) -> str:
    if type(key) is str:
        return repr(key)
    from .formatting import to_text
    return to_text(key)


_SLOT_CLASH = r"'(\w+)' in __slots__ conflicts with class variable"
_READ_ONLY = r"'\w+' object attribute '(\w+)' is read-only"


def translate_exception(exc: BaseException) -> Optional[str]:
    """The Simple message for a Python exception raised by a user-level operation, or
    None when it is not a user error (an internal error in spl-py)."""
    if isinstance(exc, SplPanic):
        return exc.message
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    if isinstance(exc, RecursionError):
        return "maximum call depth exceeded"
    if isinstance(exc, OverflowError):
        return "numeric overflow"
    if isinstance(exc, KeyError):
        return f"key not found: {_key_text(exc.args[0])}" if exc.args else "key not found"
    if isinstance(exc, TypeError):
        return _type_error(str(exc))
    if isinstance(exc, AttributeError):
        return _attribute_error(exc)
    if isinstance(exc, IndexError):
        return "index out of range"
    if isinstance(exc, ValueError):
        msg = str(exc)
        if msg in ("math domain error", "negative shift count"):
            return msg
        clash = re.match(_SLOT_CLASH, msg)
        if clash:  # a class declaring a field and a method of one name
            return f"{clash.group(1)} is both a field and a method"
        m = re.match(_BAD_LITERAL, msg)
        if m:  # ``"x" as i64``
            return f"cannot parse {m.group(3)} as {'i64' if m.group(1) else 'f64'}"
        if msg.startswith("dictionary update sequence element"):
            return _DICT_PAIRS
        return None
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, RuntimeError) and "changed size during iteration" in str(exc):
        return "dict changed size during iteration"
    return None
