"""The value model: Option/Result wrappers, class and enum instances, type names.

Simple values are plain Python objects (i64 -> int, f64 -> float, text -> str, nil ->
None, lists/tuples/dicts as themselves, functions as callables).  Simple classes and enums
are classes of the metaclass ``SplClass``, holding the members of ``SplObject``; the
interpreter builds them with ``make_class`` and the transpiler emits an equivalent
``class`` statement with the same class attributes.
"""
from __future__ import annotations

import keyword
import types
from typing import Callable, Iterable, Optional

from .panic import SplPanic

__all__ = ["Some", "Ok", "Err", "SplObject", "SplClass", "SplEnumValue", "make_class", "finish_class",
           "make_enum", "LAYOUT_TEXT", "PLAIN_TYPES", "NUMBER_TYPES", "type_name", "MISSING", "variant_of",
           "SplTrait", "SplTypeAlias", "attach_impl", "some_payload", "variant_test", "pattern_name", "UnboundVariant", "type_alias"]


def _text(v) -> str:
    """Replaced by formatting.to_text when that module loads (it imports this one)."""
    from .formatting import to_text
    return to_text(v)


class _Wrapper:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self.value == other.value

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((type(self).__name__, self.value))

    def __repr__(self):
        return f"{type(self).__name__}({_text(self.value)})"

    __str__ = __repr__


class Some(_Wrapper):
    """A present optional value (``Some(x)``)."""
    __slots__ = ()


class Ok(_Wrapper):
    """A successful Result."""
    __slots__ = ()


class Err(_Wrapper):
    """A failed Result carrying an error value."""
    __slots__ = ()


for _wrapper in (Some, Ok, Err):  # an argument error names Some, Ok or Err
    _wrapper.__init__ = types.FunctionType(_Wrapper.__init__.__code__, globals(), "__init__")
    _wrapper.__init__.__qualname__ = f"{_wrapper.__name__}.__init__"
del _wrapper


class _Missing:
    __slots__ = ()

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()  # sentinel for "argument not given" in generated constructors


# ---------------------------------------------------------------------------------------
# Class instances


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _bind_slow(cls, vals: tuple, extra: tuple, kw: dict) -> tuple:
    """Binding rules of Decision 7 for the uncommon cases: too many positional arguments,
    unknown names, and (generic constructor only) a field given twice."""
    fields = cls._spl_fields
    label = cls._spl_label
    if extra:
        given = len(fields) + len(extra)
        verb = "was" if given == 1 else "were"
        raise SplPanic(f"{label} has {_plural(len(fields), 'field')} but "
                       f"{_plural(given, 'argument')} {verb} given")
    vals = list(vals)
    index = {f: i for i, f in enumerate(fields)}
    for name, value in kw.items():
        i = index.get(name)
        if i is None:
            raise SplPanic(f"unknown field {name} for {label}")
        if vals[i] is not MISSING:
            # same wording as translate_exception gives for the generated constructor
            raise SplPanic(f"argument {name} given twice in call to {label}")
        vals[i] = value
    return tuple(vals)


def _missing_field(cls, name: str):
    if name[:1] == "_" and name[1:].isdigit():  # a positional enum payload: _0, _1, ...
        raise SplPanic(f"missing payload value {int(name[1:]) + 1} in {cls._spl_label}")
    raise SplPanic(f"missing field {name} in {cls._spl_label}")


def _generic_init(self, *args, **kwargs):
    """Fallback constructor (used when field names are not Python identifiers)."""
    cls = type(self)
    fields = cls._spl_fields
    vals = tuple(args[: len(fields)]) + (MISSING,) * max(0, len(fields) - len(args))
    vals = _bind_slow(cls, vals, tuple(args[len(fields):]), kwargs)
    defaults = cls._spl_defaults
    for name, v in zip(fields, vals):
        if v is MISSING:
            d = defaults.get(name)
            v = d() if d is not None else _missing_field(cls, name)
        object.__setattr__(self, name, v)


_INIT_PROTOTYPES: dict = {}


def mark_constructor(init):
    """Marks a Decision-7 constructor (made here, or written out by the transpiler): a
    class whose own ``__init__`` is marked has no ``__init__`` of its own (Decision 21),
    which would unslot its fields."""
    init._spl_constructor = True
    return init


mark_constructor(_generic_init)  # the fallback for fields Python cannot spell as parameters


def _init_prototype(fields: tuple, with_default: tuple):
    """A compiled constructor for a field list, made once per shape (enums and programs
    with many classes would otherwise pay a ``compile`` or an ``exec`` per class); each
    class gets a copy named after it.  It finds its class (for error messages and
    defaults) as ``type(self)``.  None when a field name is not a plain Python identifier."""
    key = (fields, with_default)
    proto = _INIT_PROTOTYPES.get(key)
    if proto is not None or key in _INIT_PROTOTYPES:
        return proto
    if not all(f.isidentifier() and not keyword.iskeyword(f) and not f.startswith("_spl_")
               for f in fields):
        _INIT_PROTOTYPES[key] = None
        return None
    params = "".join(f"{f}=_spl_M, " for f in fields)
    tup = "".join(f"{f}, " for f in fields)
    lines = [f"def __init__(_spl_self, {params}*_spl_extra, **_spl_kw):",
             f"    if _spl_extra or _spl_kw: _spl_bind(type(_spl_self), ({tup}), _spl_extra, _spl_kw)"]
    for f, has in zip(fields, with_default):
        if has:
            lines.append(f"    if {f} is _spl_M: {f} = type(_spl_self)._spl_defaults[{f!r}]()")
        else:
            lines.append(f"    if {f} is _spl_M: _spl_missing(type(_spl_self), {f!r})")
    lines.extend(f"    _spl_self.{f} = {f}" for f in fields)
    ns = {"_spl_M": MISSING, "_spl_bind": _bind_slow, "_spl_missing": _missing_field}
    exec(compile("\n".join(lines), "<spl constructor>", "exec"), ns)
    proto = _INIT_PROTOTYPES[key] = ns["__init__"]
    return proto


# text_prototype's: the field-layout text functions by fields tuple, one table for named
# fields and one for positional ones (a lookup by the tuple itself: a class's fields tuple
# is a constant of its code, so the key is the very object stored, found without a compare)
_TEXT_PROTOTYPES: tuple = ({}, {})


def text_prototype(fields: tuple, positional: bool = False):
    """How a slotted object with these fields prints (``Label(a: 1, b: 2)``; a positional
    enum variant ``Label(1, 2)``), compiled once per field layout: the general loop costs
    four times as much, and printing objects is much of what small programs do.  A pair
    of functions ``(plain, full)``: ``plain`` gives the text when every field holds a leaf
    value -- an int, float or text (shown by Python's own formatting), a bool, nil, or a
    list of ints and floats (Python's list repr, as formatting prints such lists) -- so
    that no cycle is possible and the caller needs no guard, else None; ``full`` shows
    any fields (the caller guards against cycles).  Either gives None when a field is
    unset (the caller then takes the general path).  False for names Python cannot spell."""
    table = _TEXT_PROTOTYPES[positional]
    proto = table.get(fields)
    if proto is not None:
        return proto
    if not all(f.isidentifier() and not keyword.iskeyword(f) for f in fields):
        table[fields] = False
        return False
    reads = "".join(f"_v{i}, " for i in range(len(fields)))
    attrs = "".join(f"_o.{f}, " for f in fields)
    types_ = "".join(f"type(_v{i}), " for i in range(len(fields)))
    plain_test = " and ".join(f"_t{i} in PLAIN_TYPES" for i in range(len(fields))) or "True"
    leaf_test = " and ".join(f"(_t{i} in _LEAF or _t{i} is list and NUMBER_TYPES.issuperset(map(type, _v{i})))"
                             for i in range(len(fields))) or "True"

    def show(value: str, f: str) -> str:
        return f"{{{value}}}" if positional else f"{f}: {{{value}}}"
    plain = ", ".join(show(f"_v{i}", f) for i, f in enumerate(fields))
    leaf = ", ".join(show(f"_v{i} if _t{i} in PLAIN_TYPES else _repr(_v{i}) if _t{i} is list else _text(_v{i})", f)
                     for i, f in enumerate(fields))
    full = ", ".join(show(f"_text(_v{i})", f) for i, f in enumerate(fields))
    read = ["    try:",
            f"        ({reads}) = ({attrs})",
            "    except AttributeError:",
            "        return None"]
    lines = (["def _spl_plain_text(_o, _label):"] + read +
             [f"    ({''.join(f'_t{i}, ' for i in range(len(fields)))}) = ({types_})",
              f"    if {plain_test}:", f"        return f'{{_label}}({plain})'",
              f"    if {leaf_test}:", f"        return f'{{_label}}({leaf})'", "    return None",
              "def _spl_text(_o, _label):"] + read + [f"    return f'{{_label}}({full})'"])
    ns: dict = {}
    exec(compile("\n".join(lines), "<spl text>", "exec"), ns)
    # module globals: ``_text`` is formatting.to_text once that module has loaded
    proto = table[fields] = tuple(
        types.FunctionType(ns[f].__code__, globals(), f) for f in ("_spl_plain_text", "_spl_text"))
    return proto


# types whose Python formatting (``f"{v}"``) is their Simple text: float repr, int digits
PLAIN_TYPES = frozenset({int, float, str})
# and the other values that hold no other value (no cycle can pass through them)
_LEAF = PLAIN_TYPES | {bool, type(None)}
NUMBER_TYPES = frozenset({int, float})  # (a list of only these prints as Python's repr)
_repr = repr


def constructor(qualname: str, fields: tuple, defaults: dict) -> Callable:
    """The Decision-7 constructor for a class called ``qualname`` with ``fields`` and
    ``defaults`` (field -> zero-argument callable): one parameter per field, defaulting to
    MISSING, so Python itself binds positional and named arguments.  Only unknown names
    reach ``**_spl_kw``; a field given twice is Python's TypeError ("got multiple
    values"), which translate_exception words as "argument x given twice in call to
    Point" from the qualname.  Made before its class, so it can be in the namespace the
    class is created with (setting ``__init__`` on a class afterwards costs more than the
    class statement)."""
    fields = tuple(fields)
    with_default = tuple(defaults.get(f) is not None for f in fields) if defaults else (False,) * len(fields)
    key = (qualname, fields, with_default)
    init = _CONSTRUCTORS.get(key)
    if init is not None:
        return init
    if len(set(fields)) != len(fields):
        dup = next(f for i, f in enumerate(fields) if f in fields[:i])
        raise SplPanic(f"duplicate field {dup} in {qualname.rpartition('<locals>.')[2]}")
    proto = _init_prototype(fields, with_default)
    if proto is None:
        return _generic_init
    init = types.FunctionType(proto.__code__, proto.__globals__, "__init__", proto.__defaults__)
    init.__qualname__ = f"{qualname}.__init__"
    if len(_CONSTRUCTORS) < 4096:  # bounded: a program making classes in a loop
        _CONSTRUCTORS[key] = init
    return mark_constructor(init)


# constructors by (qualname, fields, which have defaults): one function serves every class
# of that name and layout (it finds its class as ``type(self)``), so the classes a program
# makes afresh per run (its enums' variants) do not each pay for a new function
_CONSTRUCTORS: dict = {}


class SplObject:
    """The members every Simple object has: a Simple class (metaclass ``SplClass``)
    starts from a copy of them, it does not derive from this class.

    Class attributes per class: ``_spl_fields`` (declaration order, inherited fields
    first), ``_spl_defaults`` (field -> zero-argument callable, evaluated per construction),
    ``_spl_me_methods`` (a frozenset or tuple of names), ``_spl_has_init``, ``_spl_label``.  A class
    statement either spells all of these and its Decision-7 constructor out (the
    transpiler's classes without bases) or is handed to ``finish_class``.
    """
    __slots__ = ()
    _spl_fields: tuple = ()
    _spl_defaults: dict = {}
    _spl_me_methods: frozenset = frozenset()
    _spl_has_init: bool = False
    _spl_label: str = "SplObject"
    _spl_has_dict: bool = False
    # (class, how it prints) once printed: see formatting._obj_text; the class is kept to
    # tell an entry a subclass inherited from its own.  LAYOUT_TEXT before that where the
    # class body says it has no ``to_string``.
    _spl_text_entry: tuple = (None, None)

    def _spl_init_defaults(self):
        """For user ``__init__`` bodies: give every declared field its default (or nil)
        first, so fields the body does not assign still read back."""
        defaults = type(self)._spl_defaults
        for f in type(self)._spl_fields:
            d = defaults.get(f)
            object.__setattr__(self, f, d() if d is not None else None)

    def _spl_field_names(self) -> tuple:
        cls = type(self)
        names = cls._spl_fields
        if cls._spl_has_dict and self.__dict__:
            names = names + tuple(k for k in self.__dict__ if k not in names)
        return names

    def _spl_values(self) -> tuple:
        return tuple(getattr(self, f, None) for f in self._spl_field_names())

    def _spl_text(self) -> str:
        """``Label(a: 1, b: 2)``, fields that are not set left out (slotted objects with
        every field set print through their layout's ``text_prototype`` first: see
        formatting._obj_text)."""
        parts = []
        for f in self._spl_field_names():
            try:
                v = getattr(self, f)
            except AttributeError:
                continue
            parts.append(f"{f}: {_text(v)}")
        return f"{type(self)._spl_label}({', '.join(parts)})"

    def __eq__(self, other):
        if self is other:
            return True
        if type(other) is not type(self):
            return NotImplemented
        try:
            return bool(self._spl_values() == other._spl_values())
        except (ValueError, TypeError):  # e.g. numpy arrays in fields
            return False

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        try:
            return hash((type(self), self._spl_values()))
        except TypeError:
            return id(self)

    # ``obj[i]`` on a Simple object calls its ``get`` method (``obj[i] = v``: ``set``), so a
    # plain Python subscript (transpiled code) means what ``ops.index`` means.
    def __getitem__(self, i):
        get = getattr(type(self), "get", None)
        if get is None:
            raise SplPanic(f"{self._type_label()} cannot be indexed")
        return self.get(i)

    def __setitem__(self, i, v):
        setter = getattr(type(self), "set", None)
        if setter is None:
            raise SplPanic(f"{self._type_label()} does not support index assignment")
        self.set(i, v)

    def __iter__(self):  # not iterable through __getitem__ (Python's old sequence protocol)
        raise TypeError(f"'{self._type_label()}' object is not iterable")

    def __repr__(self):
        return _text(self)

    __str__ = __repr__

    def _type_label(self) -> str:
        """The name of this value's type in messages ("Point", "OpType.Add")."""
        return type(self)._spl_label


# SplObject's members, as a class statement without bases starts (SplClass.__prepare__)
_MEMBERS = {name: member for name, member in SplObject.__dict__.items()
            if name not in ("__module__", "__qualname__", "__doc__", "__slots__", "__annotations__")}


class SplClass(type):
    """The metaclass of every Simple class and enum (``type(type(v)) is SplClass``: ``v`` is
    an object of one).  A class statement without bases starts from a copy of SplObject's
    members rather than deriving from a class holding them: every class in an MRO makes
    class creation ~0.75 us dearer (CPython looks each special method up along it), much
    of a small program that makes its classes (and its enums' variants) afresh at every
    run.  No ``__init_subclass__`` either (~1 us)."""

    @classmethod
    def __prepare__(mcls, name, bases, **kwargs):
        return dict(_MEMBERS) if not bases else {}


# A class body's ``_spl_text_entry`` saying the class defines no ``to_string`` (nor a field so
# named), so its first print skips looking one up (a miss on a class costs about 0.3 us,
# much of a small program's first print of each class).  A class deriving from one has
# it taken back by finish_class, a class given methods by forget_text_entries.
LAYOUT_TEXT: tuple = (None, "layout")


def check_bases(bases: tuple) -> None:
    """A class derives from Simple classes only (``class A(i64)`` is an error)."""
    for b in bases:
        if not (type(b) is SplClass and not issubclass(b, SplEnumValue)):
            label = getattr(b, "name", None) if not isinstance(b, type) else b.__name__
            raise SplPanic(f"{label or type_name(b)} is no class to derive from",
                           hint="a class derives from classes; a trait is implemented with impl")


def make_class(name: str, fields: Iterable[str], defaults: Optional[dict] = None,
               methods: Optional[dict] = None, static_methods: Optional[dict] = None,
               me_methods: Iterable[str] = (), has_init: bool = False,
               bases: tuple = ()) -> type:
    """Build a Simple class.  ``methods`` are Python functions taking ``self``
    first; a ``__init__`` entry (with ``has_init=True``) replaces the generated
    constructor.  Fields of ``bases`` come first."""
    bases_given = bool(bases)
    bases = tuple(bases)
    check_bases(bases)
    inherited: list[str] = []
    all_defaults: dict = {}
    me = set(me_methods)
    for b in bases:
        for f in getattr(b, "_spl_fields", ()):
            if f not in inherited:
                inherited.append(f)
        all_defaults.update(getattr(b, "_spl_defaults", {}))
        me.update(getattr(b, "_spl_me_methods", ()))
    own = [f for f in fields if f not in inherited]
    all_defaults.update(defaults or {})
    ns = SplClass.__prepare__(name, bases)
    ns.update({
        "_spl_fields": tuple(inherited + own), "_spl_defaults": all_defaults,
        "_spl_me_methods": frozenset(me), "_spl_label": name, "__module__": "spl",
        "__qualname__": name,
    })
    if not bases_given and "to_string" not in ns["_spl_fields"] and "to_string" not in (methods or {}):
        ns["_spl_text_entry"] = LAYOUT_TEXT
    if has_init or any(getattr(b, "_spl_has_init", False) for b in bases):
        ns["_spl_has_init"] = True
    else:
        ns["__slots__"] = tuple(own)
        ns["__init__"] = constructor(name, ns["_spl_fields"], all_defaults)
    for mname, fn in (methods or {}).items():
        ns[mname] = fn
    for mname, fn in (static_methods or {}).items():
        ns[mname] = staticmethod(fn)
    return finish_class(SplClass(name, bases, ns))


def finish_class(cls: type) -> type:
    """Complete a Simple class its class statement did not spell out: its label,
    whether instances hold undeclared fields, and, unless the class defines ``__init__``
    (Decision 21: ``_spl_has_init``, no ``__slots__``, so ``__init__`` may assign any field),
    the Decision-7 constructor.  Such classes set ``__slots__ = <own new fields>``."""
    own = cls.__dict__
    if own.get("_spl_label", SplObject._spl_label) == SplObject._spl_label:  # inherited, or SplObject's
        cls._spl_label = cls.__name__
    if cls._spl_text_entry is LAYOUT_TEXT and "_spl_text_entry" not in own:
        cls._spl_text_entry = (None, None)  # a base's: this class may have a to_string
    has_dict = cls.__dictoffset__ != 0  # instances may hold undeclared fields
    if has_dict is not cls._spl_has_dict:
        cls._spl_has_dict = has_dict
    if "__init__" in own:
        if not getattr(own["__init__"], "_spl_constructor", False):
            cls._spl_has_init = True
            # (a slotted class cannot be made with such a clash: Python refuses it)
            for f in cls._spl_fields:
                if isinstance(own.get(f), (types.FunctionType, staticmethod)):
                    raise SplPanic(f"{f} is both a field and a method")
    elif not cls._spl_has_init:
        cls.__init__ = constructor(cls.__qualname__, cls._spl_fields, cls._spl_defaults)
    return cls


# ---------------------------------------------------------------------------------------
# Enums


def is_positional(fields: tuple) -> bool:
    return bool(fields) and all(f[:1] == "_" and f[1:].isdigit() for f in fields)


class SplEnumValue(metaclass=SplClass):
    """Base of enum classes.  The unit variants are the enum class's own instances, one
    each, stored on the class (``OpType.Add``) with the variant name in their ``_variant``
    slot; they are equal only to themselves.  Each payload variant is a subclass of the
    enum class, with ``_variant`` (its name, a class attribute) and ``_spl_fields`` (payload;
    ``_0, _1, ...`` when positional) and value equality; the variant classes themselves
    are called to construct.  A match arm tests a unit variant with ``v is E.Add`` and a
    payload variant with ``isinstance(v, E.Number)`` (or ``variant_of(v) == "Number"``).

    Its body overrides some of SplObject's members (see SplClass)."""
    __slots__ = ("_variant",)
    _enum_name: str = "SplEnumValue"

    def __init__(self, *args, **kwargs):
        cls = type(self)
        variants = [f"{cls._enum_name}.{k}" for k, v in vars(cls).items()
                    if type(v) is cls or (isinstance(v, type) and issubclass(v, cls))]
        raise SplPanic(f"cannot construct the enum {cls._enum_name} itself",
                       hint=f"use one of its variants: {', '.join(variants)}")

    # units: identity (a payload variant's namespace puts back SplObject's value equality)
    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__

    def _type_label(self) -> str:
        return f"{type(self)._enum_name}.{self._variant}"

    def _spl_text(self) -> str:
        cls = type(self)
        head = f"{cls._enum_name}.{self._variant}"
        fields = cls._spl_fields
        if not fields:
            return head
        if is_positional(fields):
            inner = ", ".join(_text(getattr(self, f)) for f in fields)
        else:
            inner = ", ".join(f"{f}: {_text(getattr(self, f))}" for f in fields)
        return f"{head}({inner})"


def unit_text(unit, _label) -> str:
    """How a unit enum variant prints (both functions of its _spl_text_entry "how", as
    text_prototype gives them)."""
    return f"{type(unit)._enum_name}.{unit._variant}"


def _variant_namespace(label: str, vname: str, vfields: tuple, vdefaults: dict) -> dict:
    """What a payload variant's class is created with."""
    return {"__slots__": vfields, "_spl_fields": vfields, "_spl_defaults": vdefaults,
            "_variant": vname, "_spl_label": label, "__module__": "spl", "__qualname__": label,
            "__init__": constructor(label, vfields, vdefaults), "__eq__": _value_eq,
            "__ne__": _value_ne, "__hash__": _value_hash, "_type_label": _class_label}


_value_eq, _value_ne, _value_hash = SplObject.__eq__, SplObject.__ne__, SplObject.__hash__
_class_label = SplObject._type_label


def add_variants(enum_cls: type, variants: list) -> type:
    """Give an enum class its variants: ``(name, field_names)`` or ``(name, field_names,
    defaults)`` each (``values.make_enum`` and transpiled enums alike)."""
    enum_name = enum_cls._enum_name
    for entry in variants:
        vname, vfields = entry[0], tuple(entry[1])
        if vfields:
            label = f"{enum_name}.{vname}"
            vdefaults = dict(entry[2]) if len(entry) > 2 and entry[2] else {}
            ns = _variant_namespace(label, vname, vfields, vdefaults)
            if enum_cls._spl_text_entry is LAYOUT_TEXT:
                ns["_spl_text_entry"] = LAYOUT_TEXT
            setattr(enum_cls, vname, type(label, (enum_cls,), ns))
        else:
            unit = object.__new__(enum_cls)
            unit._variant = vname
            setattr(enum_cls, vname, unit)
    return enum_cls


def make_enum(name: str, variants: list, methods: Optional[dict] = None,
              static_methods: Optional[dict] = None, me_methods: Iterable[str] = ()) -> type:
    """Build an enum class.  ``variants`` is a list of ``(name, field_names)`` or
    ``(name, field_names, defaults)``; methods are shared by all variants."""
    ns: dict = {"__slots__": (), "_enum_name": name, "_spl_label": name, "__module__": "spl",
                "__qualname__": name}
    if "to_string" not in (methods or {}):
        ns["_spl_text_entry"] = LAYOUT_TEXT
    if me_methods:
        ns["_spl_me_methods"] = frozenset(me_methods)
    for mname, fn in (methods or {}).items():
        ns[mname] = fn
    for mname, fn in (static_methods or {}).items():
        ns[mname] = staticmethod(fn)
    return add_variants(type(name, (SplEnumValue,), ns), variants)


def variant_of(v) -> Optional[str]:
    """The variant name of an enum value, else None."""
    return v._variant if isinstance(v, SplEnumValue) else None


def some_payload(v):
    """What a ``Some(p)`` pattern matches ``p`` against: a Some's payload, or the value
    itself when it is present and no Ok/Err (a present value behaves like Some(value),
    Decision 15, so ``match d.get(k): case Some(x):`` works); MISSING for nil, Ok, Err and
    a value of an enum with a variant named Some (variant_test decides those)."""
    t = type(v)
    if t is Some:
        return v.value
    if v is None or t is Ok or t is Err or (isinstance(v, SplEnumValue) and variant_test(v, "Some") is not None):
        return MISSING
    return v


class UnboundVariant:
    """What a one-name pattern's name stands for when nothing binds it but an enum of the
    module has a variant so named: a class nothing is an instance of (no match)."""


def _is_variant(attr) -> bool:
    return isinstance(attr, SplEnumValue) or (isinstance(attr, type) and issubclass(attr, SplEnumValue))


def pattern_name(name: str, namespace: dict, builtins: dict):
    """The value a one-name pattern's name ``name`` is bound to in ``namespace`` (then the
    builtins); ``UnboundVariant`` where nothing binds it but an enum there has a variant so
    named (an imported enum's variant matched against another value); else the error
    "undefined name"."""
    value = namespace.get(name, MISSING)
    if value is MISSING:
        value = builtins.get(name, MISSING)
    if value is not MISSING:
        return value
    for v in namespace.values():
        if isinstance(v, type) and issubclass(v, SplEnumValue) and _is_variant(getattr(v, name, None)):
            return UnboundVariant
    raise SplPanic(f"undefined name {name}")


def variant_test(v, name: str, npos: int = 0) -> bool | None:
    """A one-name pattern (``Plus``, ``Number(v)``: scopes.variant_first) against ``v``:
    whether ``v`` is the variant ``name`` of its enum when that enum has such a variant,
    None when ``v`` is no value of such an enum (the pattern then means the name as
    bound).  ``npos``: how many positional payload patterns the arm gives."""
    if not isinstance(v, SplEnumValue):
        return None
    cls = type(v)
    if v._variant == name:
        if npos > len(cls._spl_fields):
            raise SplPanic(f"{cls._enum_name}.{name} has {len(cls._spl_fields)} fields but the pattern gives {npos}")
        return True
    if _is_variant(getattr(cls, name, None)):  # the enum's variants: attributes of every variant class
        return False
    return None


# ---------------------------------------------------------------------------------------
# Type names

_FN_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
             types.BuiltinMethodType, types.LambdaType)

_TYPE_NAMES: dict = {
    int: "i64", float: "f64", bool: "bool", str: "text", type(None): "nil",
    list: "list", tuple: "tuple", dict: "dict", range: "range",
    Some: "Some", Ok: "Ok", Err: "Err",
}
for _t in _FN_TYPES:
    _TYPE_NAMES[_t] = "fn"


def type_name(v) -> str:
    """The Simple name of ``v``'s type ("i64", "text", "Point", "fn", ...)."""
    t = type(v)
    n = _TYPE_NAMES.get(t)
    if n is not None:
        return n
    if isinstance(v, SplEnumValue):
        return t._enum_name
    if type(t) is SplClass:
        return t._spl_label
    if isinstance(v, type):
        return "type"
    if t is SplTrait:
        return "trait"
    if t is SplTypeAlias:
        return "type"
    if t.__name__ == "SplModule":
        return "module"
    if callable(v) and t.__name__ in ("partial", "function"):
        return "fn"
    return t.__name__


# ---------------------------------------------------------------------------------------
# Traits and impl blocks


class SplTrait:
    """A trait at run time: its default methods, copied by ``impl Trait for Type``."""

    def __init__(self, name, methods, static, mutating):
        self.name = name
        self.methods = methods
        self.static = static
        self.mutating = mutating

    def __repr__(self):
        return f"<trait {self.name}>"


class SplTypeAlias:
    """``type Name = T`` at run time: types are erased, but the name is a module binding
    like any declaration, so it can be exported and imported."""
    __slots__ = ("name", "text")

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text

    def __repr__(self):
        return f"<type {self.name} = {self.text}>"

    def __call__(self, *args, **kwargs):
        raise SplPanic(f"type alias {self.name} = {self.text} names no class to construct")


def type_alias(name: str, text: str, namespace: dict):
    """The value ``type Name = T`` binds: the class, enum or trait ``T`` names where the
    module has bound it already (so the alias constructs and matches as it does), else an
    SplTypeAlias."""
    target = namespace.get(text) if text.isidentifier() else None
    if isinstance(target, (type, SplTrait)):
        return target
    return SplTypeAlias(name, text)


def impl_trait(trait, trait_label: str) -> Optional[SplTrait]:
    """The trait named in ``impl Trait for Type`` (None for a class named there: it has no
    default methods to give); an error for any other value."""
    if isinstance(trait, SplTrait):
        return trait
    if isinstance(trait, type):
        return None
    raise SplPanic(f"{trait_label} is not a trait",
                   hint=f"impl {trait_label} for ... needs {trait_label} declared with `trait`")


def attach_impl(target: type, methods: dict, static: dict, mutating: set,
                trait: Optional[SplTrait] = None) -> None:
    """``impl [Trait for] Type``: add the block's methods (and the trait's defaults the block
    does not override) to ``Type``; ``me`` methods join ``Type._spl_me_methods``."""
    methods, static, mutating = dict(methods), dict(static), set(mutating)
    fields = target.__dict__.get("_spl_fields") or getattr(target, "_spl_fields", ())
    for k in (*methods, *(trait.methods if trait is not None else ()), *static,
              *(trait.static if trait is not None else ())):
        if k in fields:
            raise SplPanic(f"{k} is both a field and a method of {target._spl_label}")
    if trait is not None:
        target._spl_traits = target.__dict__.get("_spl_traits", ()) + (trait,)
        mutating |= {k for k in trait.mutating if k not in methods}
        for k, fn in trait.methods.items():
            methods.setdefault(k, fn)
        for k, fn in trait.static.items():
            static.setdefault(k, fn)
    for k, fn in methods.items():
        setattr(target, k, fn)
    for k, fn in static.items():
        setattr(target, k, staticmethod(fn))
    if mutating:
        _add_me_methods(target, mutating)
    forget_text_entries(target)


def implements(cls: type, trait: SplTrait) -> bool:
    """Whether an ``impl trait for`` this class or a base class has run (``x is Trait``)."""
    return any(trait in c.__dict__.get("_spl_traits", ()) for c in cls.__mro__)


def _add_me_methods(cls: type, names: set) -> None:
    """``names`` are ``me`` methods of ``cls`` now, and of its subclasses that inherit them
    (a subclass made before an impl of its base copied the base's set when it was made)."""
    cls._spl_me_methods = frozenset(cls._spl_me_methods) | names
    for sub in cls.__subclasses__():
        inherited = {n for n in names if n not in sub.__dict__}
        if inherited:
            _add_me_methods(sub, inherited)


def forget_text_entries(cls: type) -> None:
    """A class (and its subclasses) got methods: how they print is worked out again (a
    ``to_string`` may have come)."""
    if cls.__dict__.get("_spl_text_entry") is not None:
        cls._spl_text_entry = (None, None)
    for sub in cls.__subclasses__():
        forget_text_entries(sub)
