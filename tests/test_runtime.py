"""Tests of the shared runtime (spl_py/runtime, spl_py/natives): exact values and messages."""
from __future__ import annotations

import math
import os

import pytest

from spl_py.natives import lookup_native, native
from spl_py.runtime import builtins as B
from spl_py.runtime.formatting import format_value, to_text
from spl_py.runtime.loader import (ImportCycle, ModuleNotFound, ModuleRegistry, SplModule,
                                   check_import, resolve_module, stdlib_dir)
from spl_py.runtime.methods import call_method, get_attr, is_present, unwrap_present
from spl_py.runtime.ops import (add, add_checked, check_int, contains, div, fdiv, index,
                                iterate, make_range, mod, mul_checked, neg_checked,
                                pow_, pow_checked, set_index, shl_checked, slice_, sub_checked,
                                truthy)
from spl_py.runtime.panic import SplPanic, translate_exception
from spl_py.runtime.values import (Err, Ok, Some, SplClass, SplEnumValue, finish_class, make_class,
                                   make_enum, type_name, variant_of)


def panic_msg(f, *args, **kwargs) -> str:
    with pytest.raises(SplPanic) as info:
        f(*args, **kwargs)
    return info.value.message


def py_msg(f) -> str:
    """translate_exception of whatever Python raises running ``f``."""
    try:
        f()
    except BaseException as e:  # noqa: BLE001 - the point is to translate anything
        return translate_exception(e)
    raise AssertionError("no exception")


# ---------------------------------------------------------------------------------------
# Division and modulo (Decision 4)

BIG = 10 ** 30 + 7


@pytest.mark.parametrize("a, b, q, r", [
    (7, 2, 3, 1), (-7, 2, -3, -1), (7, -2, -3, 1), (-7, -2, 3, -1),
    (6, 3, 2, 0), (-6, 3, -2, 0), (0, 5, 0, 0), (1, 2, 0, 1), (-1, 2, 0, -1),
    (BIG, 3, (10 ** 30 + 7) // 3, (10 ** 30 + 7) % 3),
    (-BIG, 3, -((10 ** 30 + 7) // 3), -((10 ** 30 + 7) % 3)),
    (2 ** 63, -1, -(2 ** 63), 0), (-(2 ** 64) - 1, 2 ** 64, -1, -1), (2 ** 64 - 1, -(2 ** 64), 0, 2 ** 64 - 1),
])
def test_int_div_mod(a, b, q, r):
    assert div(a, b) == q and type(div(a, b)) is int
    assert mod(a, b) == r
    assert div(a, b) * b + mod(a, b) == a


def test_huge_int_division_is_exact():
    a = 3 ** 200 + 1
    assert div(a, 3) == 3 ** 199
    assert div(-a, 3) == -(3 ** 199)
    assert mod(-a, 3) == -1


@pytest.mark.parametrize("a, b, expected", [
    (7.0, 2, 3.5), (7, 2.0, 3.5), (-7.0, 2.0, -3.5), (1, 4.0, 0.25),
])
def test_float_div(a, b, expected):
    assert div(a, b) == expected and type(div(a, b)) is float


@pytest.mark.parametrize("a, b, expected", [
    (-7.5, 2.0, -1.5), (7.5, -2.0, 1.5), (7.5, 2, 1.5), (-7, 2.0, -1.0), (5.0, 2.5, 0.0),
])
def test_float_mod_sign_of_dividend(a, b, expected):
    assert mod(a, b) == expected and type(mod(a, b)) is float


@pytest.mark.parametrize("f, a, b", [
    (div, 1, 0), (div, 1.0, 0), (div, 1, 0.0), (div, 0.0, 0.0), (mod, 1, 0), (mod, 1.5, 0.0),
    (mod, 1, 0.0), (fdiv, 1, 0), (fdiv, 1.0, 0.0),
])
def test_division_by_zero(f, a, b):
    assert panic_msg(f, a, b) == "division by zero"


def test_fdiv():
    assert fdiv(7, 2) == 3 and fdiv(-7, 2) == -4 and fdiv(7, -2) == -4
    assert fdiv(7.5, 2) == 3.0 and type(fdiv(7.5, 2)) is float
    assert fdiv(-7.5, 2.0) == -4.0


def test_pow():
    assert pow_(2, 10) == 1024 and pow_(2.0, 3) == 8.0 and pow_(-2, 2) == 4
    assert pow_(2, -1) == 0.5
    assert math.isnan(pow_(-8, 1 / 3))


def test_checked_mode():
    assert check_int(2 ** 63 - 1) == 2 ** 63 - 1
    assert check_int(-(2 ** 63)) == -(2 ** 63)
    assert check_int(1e300) == 1e300
    assert panic_msg(check_int, 2 ** 63) == "integer overflow"
    assert panic_msg(add_checked, 2 ** 63 - 1, 1) == "integer overflow"
    assert panic_msg(sub_checked, -(2 ** 63), 1) == "integer overflow"
    assert panic_msg(mul_checked, 2 ** 32, 2 ** 31) == "integer overflow"
    assert panic_msg(neg_checked, -(2 ** 63)) == "integer overflow"
    assert panic_msg(pow_checked, 2, 63) == "integer overflow"
    assert panic_msg(pow_checked, 3, 10 ** 12) == "integer overflow"
    assert pow_checked(2, 62) == 2 ** 62 and pow_checked(1, 10 ** 12) == 1
    assert panic_msg(shl_checked, 1, 63) == "integer overflow"
    assert shl_checked(1, 62) == 2 ** 62
    assert add_checked(1.5, 2) == 3.5


def test_add_and_truthy():
    assert add(1, 2) == 3 and add("a", "b") == "ab" and add(1, 2.5) == 3.5
    xs = [1]
    ys = add(xs, [2])
    assert ys == [1, 2] and xs == [1] and ys is not xs
    assert panic_msg(add, "n = ", 3) == 'cannot add text and i64; use interpolation "{x}"'
    assert panic_msg(add, 3, "x") == "cannot apply '+' to i64 and text"
    assert panic_msg(add, [1], 2) == "cannot apply '+' to list and i64"
    assert truthy(True) and not truthy(None) and not truthy(0) and truthy([0])


# ---------------------------------------------------------------------------------------
# Indexing, slicing, membership, iteration, ranges

def test_index():
    xs = [10, 20, 30, 40]
    assert index(xs, 0) == 10 and index(xs, 3) == 40
    assert panic_msg(index, xs, 5) == "index 5 out of range for list of length 4"
    assert panic_msg(index, xs, 4) == "index 4 out of range for list of length 4"
    assert panic_msg(index, xs, -1) == "index -1 out of range for list of length 4"
    assert panic_msg(index, xs, 1.0) == "list index must be i64, not f64"
    assert index("héllo", 1) == "é"
    assert panic_msg(index, "abc", 3) == "index 3 out of range for text of length 3"
    assert panic_msg(index, (1, 2), 2) == "index 2 out of range for tuple of length 2"
    d = {"k": 1, 2: "two"}
    assert index(d, "k") == 1 and index(d, 2) == "two"
    assert panic_msg(index, d, "x") == "key not found: 'x'"
    assert panic_msg(index, d, 7) == "key not found: 7"
    assert panic_msg(index, d, [1]) == "list cannot be used as a dict key"
    assert panic_msg(index, 5, 0) == "i64 cannot be indexed"


def test_index_delegates():
    import numpy as np
    arr = np.arange(4)
    assert index(arr, 2) == 2
    Grid = make_class("Grid", ["cells"], {}, {"get": lambda self, i: self.cells[i] * 10})
    assert index(Grid([1, 2]), 1) == 20


def test_set_index():
    xs = [1, 2, 3]
    set_index(xs, 1, 9)
    assert xs == [1, 9, 3]
    assert panic_msg(set_index, xs, 3, 0) == "index 3 out of range for list of length 3"
    assert panic_msg(set_index, xs, -1, 0) == "index -1 out of range for list of length 3"
    d = {}
    set_index(d, "a", 1)
    assert d == {"a": 1}
    assert panic_msg(set_index, "abc", 0, "x") == "text cannot be changed in place"


def test_slice():
    xs = [0, 1, 2, 3, 4]
    assert slice_(xs, 1, 3) == [1, 2]
    assert slice_(xs, 1, None) == [1, 2, 3, 4]
    assert slice_(xs, None, 2) == [0, 1]
    assert slice_(xs, 1, 3, inclusive=True) == [1, 2, 3]
    assert slice_(xs, 3, 100) == [3, 4] and slice_(xs, 4, 2) == []
    assert slice_("hello", 1, 4) == "ell" and slice_((1, 2, 3), 1, None) == (2, 3)
    assert panic_msg(slice_, xs, -1, None) == "negative slice start -1"
    assert panic_msg(slice_, xs, 0, -2) == "negative slice end -2"
    assert panic_msg(slice_, xs, 0.5, None) == "slice bound must be i64, not f64"


def test_contains_iterate_range():
    assert contains("hello", "ell") and not contains("hello", "z")
    assert contains({"a": 1}, "a") and not contains({"a": 1}, 1)
    assert contains([1, 2], 2.0) and contains(range(3), 2)
    assert panic_msg(contains, "abc", 1) == "cannot test i64 in text (only text in text)"
    assert list(iterate({"a": 1, "b": 2})) == ["a", "b"]
    assert list(iterate("ab")) == ["a", "b"]
    assert list(iterate(make_range(0, 3))) == [0, 1, 2]
    assert panic_msg(iterate, 5) == "cannot iterate over i64"
    assert panic_msg(iterate, None) == "cannot iterate over nil"
    assert make_range(1, 3, True) == range(1, 4) and make_range(3, 1) == range(3, 1)
    assert panic_msg(make_range, 0, 2.5) == "range bounds must be i64, not f64"


# ---------------------------------------------------------------------------------------
# Printing and format specs (Decision 5)

@pytest.mark.parametrize("value, text", [
    (1, "1"), (-42, "-42"), (10 ** 30, "1" + "0" * 30), (1.0, "1.0"), (0.1, "0.1"),
    (0.1 + 0.2, "0.30000000000000004"), (1e-07, "1e-07"), (1e16, "1e+16"),
    (123456.789, "123456.789"), (float("inf"), "inf"), (float("-inf"), "-inf"),
    (float("nan"), "nan"), (-0.0, "-0.0"), (2.5, "2.5"), (True, "true"), (False, "false"),
    (None, "nil"), ("text", "text"), ("", ""), ([1, 2.5, "a"], "[1, 2.5, a]"), ([], "[]"),
    ([[1], [2, [3.0]]], "[[1], [2, [3.0]]]"), ((1, 2), "(1, 2)"), ((), "()"),
    ((1,), "(1,)"), ({"a": 1, "b": [True]}, "{a: 1, b: [true]}"), ({}, "{}"),
    (Some(3), "Some(3)"), (Some("x"), "Some(x)"), (Ok([1]), "Ok([1])"),
    (Err("bad"), "Err(bad)"), ([None, Some(None)], "[nil, Some(nil)]"),
    (range(0, 3), "0..3"),
])
def test_to_text(value, text):
    assert to_text(value) == text


def test_huge_int_prints():
    assert to_text(10 ** 5000) == "1" + "0" * 5000


def test_to_text_functions_and_numpy():
    import numpy as np

    def relu(x):
        return x
    assert to_text(relu) == "<fn relu>"
    assert to_text(lambda: 0) == "<fn lambda>"
    assert to_text(len) == "<fn len>"
    assert to_text(np.float64(0.5)) == "0.5" and to_text(np.int64(3)) == "3"
    assert to_text(np.array([1.0, 2.0])) == "[1.0, 2.0]"
    assert to_text(B.BUILTINS["print"]) == "<fn print>"


@pytest.mark.parametrize("value, spec, text", [
    (3.14159265, ".4f", "3.1416"), (2, ".2f", "2.00"), (0.256, ".2%", "25.60%"),
    (1, ".1%", "100.0%"), ("ab", ">8", "      ab"), (42, ">8", "      42"),
    (1234567, ",", "1,234,567"), (1234567.891, ",.2f", "1,234,567.89"),
    (12345.678, "e", "1.234568e+04"), (12345.678, ".2e", "1.23e+04"), (255, "x", "ff"),
    (5, "03d", "005"), ("x", "<3", "x  "), ("x", "^5", "  x  "), (True, ">6", "  true"),
    (None, "<4", "nil "), ([1, 2], ">8", "  [1, 2]"), (1.5, "", "1.5"), (0.1, "", "0.1"),
    (Some(1), "", "Some(1)"), (7, "+d", "+7"), (-0.5, "08.3f", "-000.500"),
])
def test_format_value(value, spec, text):
    assert format_value(value, spec) == text


def test_format_errors():
    assert panic_msg(format_value, "abc", ".2f") == "format spec '.2f' does not apply to text"
    assert panic_msg(format_value, 1.5, "d") == "format spec 'd' does not apply to f64"
    assert panic_msg(format_value, [1], ".2f") == "format spec '.2f' does not apply to list"
    assert panic_msg(format_value, 1.5, "zz") == "invalid format spec 'zz'"
    assert panic_msg(format_value, "a", "!!") == "invalid format spec '!!'"


# ---------------------------------------------------------------------------------------
# Classes (Decision 7), enums, type names

def point_class(**kw):
    return make_class("Point", ["x", "y"], kw.pop("defaults", {}), **kw)


def test_construction_binding():
    Point = point_class()
    p = Point(1.0, 2.0)
    assert (p.x, p.y) == (1.0, 2.0)
    q = Point(y=2.0, x=1.0)
    assert p == q and hash(p) == hash(q)
    r = Point(1.0, y=3)
    assert (r.x, r.y) == (1.0, 3)
    assert to_text(r) == "Point(x: 1.0, y: 3)"
    assert repr(r) == "Point(x: 1.0, y: 3)"
    assert p != Point(1.0, 5.0)


@pytest.mark.parametrize("args, kwargs, message", [
    ((1,), {}, "missing field y in Point"),
    ((), {"y": 1}, "missing field x in Point"),
    ((1, 2), {"z": 3}, "unknown field z for Point"),
    ((1, 2, 3), {}, "Point has 2 fields but 3 arguments were given"),
    ((1,), {"x": 2}, "argument x given twice in call to Point"),
])
def test_construction_errors(args, kwargs, message):
    Point = point_class()
    # a field given twice is Python's own TypeError; the back ends translate it
    assert py_msg(lambda: Point(*args, **kwargs)) == message


def test_construction_defaults_are_fresh():
    Bag = make_class("Bag", ["name", "items"], {"items": lambda: []})
    a, b = Bag("a"), Bag(name="b")
    a.items.append(1)
    assert a.items == [1] and b.items == []
    assert to_text(a) == "Bag(name: a, items: [1])"
    Empty = make_class("Empty", [], {})
    assert to_text(Empty()) == "Empty()"
    assert panic_msg(Empty, 1) == "Empty has 0 fields but 1 argument was given"


def test_class_slots_methods_statics():
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def origin():
        return Point(0, 0)
    Point = point_class(methods={"norm": norm}, static_methods={"origin": origin},
                        me_methods=("shift",))
    p = Point(3.0, 4.0)
    assert p.norm() == 5.0 and Point.origin() == Point(0, 0)
    assert Point._spl_me_methods == frozenset({"shift"}) and Point._spl_fields == ("x", "y")
    with pytest.raises(AttributeError):
        p.z = 1  # __slots__: no undeclared fields
    assert type(Point) is SplClass and type_name(p) == "Point"
    # no base class holds the members: each class made per run has the shortest MRO
    assert Point.__mro__ == (Point, object) and Point.__eq__ is not object.__eq__


def test_to_string_overrides_printing():
    P = make_class("P", ["x"], {}, {"to_string": lambda self: f"<P {self.x}>"})
    assert to_text(P(1)) == "<P 1>" and to_text([P(1)]) == "[<P 1>]"
    assert format_value(P(2), ">6") == " <P 2>"


def test_list_fields_print_as_lists():
    # a list of ints and floats prints through Python's repr (the layout's guard-free
    # path); any other element sends the list through to_text
    T = make_class("T", ["data", "shape"], {})
    assert to_text(T([0.5, -0.0, 1e-07, 2], [2 ** 70])) == "T(data: [0.5, -0.0, 1e-07, 2], shape: [1180591620717411303424])"
    assert to_text(T([True, 1], [None, "a"])) == "T(data: [true, 1], shape: [nil, a])"
    assert to_text(T([], "x")) == "T(data: [], shape: x)"
    t = T([], None)
    t.shape = [t]
    assert to_text(t) == "T(data: [], shape: [T(...)])"


def test_user_init_class():
    def init(self, data, scale=2):
        self.data = data
        self.total = sum(data) * scale
    Config = make_class("Config", ["data", "total"], {}, {"__init__": init}, has_init=True)
    c = Config([1, 2])
    assert (c.data, c.total) == ([1, 2], 6)
    assert Config(data=[1], scale=1).total == 1
    assert to_text(c) == "Config(data: [1, 2], total: 6)"
    c.extra = "ok"  # __init__ classes have no __slots__
    assert Config._spl_has_init


def test_user_init_class_written_as_python_class():
    @finish_class
    class Model(metaclass=SplClass):
        _spl_fields = ("w",)
        _spl_defaults = {"w": lambda: 0.5}

        def __init__(self, n):
            self._spl_init_defaults()
            self.n = n
    m = Model(3)
    assert Model._spl_has_init and (m.w, m.n) == (0.5, 3)
    assert to_text(m) == "Model(w: 0.5, n: 3)"


def test_transpiler_style_class_statement():
    @finish_class
    class Vec(metaclass=SplClass):
        __slots__ = ("x", "y")
        _spl_fields = ("x", "y")
        _spl_defaults = {"y": lambda: 0.0}
    assert to_text(Vec(1.0)) == "Vec(x: 1.0, y: 0.0)"
    assert panic_msg(Vec) == "missing field x in Vec"


def test_inheritance():
    Widget = make_class("Widget", ["id"], {})
    Button = make_class("Button", ["label"], {"label": lambda: "ok"}, bases=(Widget,))
    b = Button(1)
    assert Button._spl_fields == ("id", "label") and to_text(b) == "Button(id: 1, label: ok)"
    assert isinstance(b, Widget)


def test_cyclic_object_prints():
    Node = make_class("Node", ["parent"], {})
    n = Node(None)
    n.parent = n
    assert to_text(n) == "Node(parent: Node(...))"


def test_cyclic_lists_and_dicts_print():
    xs = ["a"]
    xs.append(xs)
    d = {}
    d["me"] = d
    assert to_text(xs) == "[a, [...]]" and to_text(d) == "{me: {...}}"
    assert to_text([xs, d]) == "[[a, [...]], {me: {...}}]"


def test_odd_field_names_use_generic_init():
    Odd = make_class("Odd", ["lambda", "from"], {})
    o = Odd(1, **{"from": 2})
    assert getattr(o, "lambda") == 1 and getattr(o, "from") == 2
    assert panic_msg(Odd, 1) == "missing field from in Odd"
    assert panic_msg(Odd, 1, 2, **{"lambda": 3}) == "argument lambda given twice in call to Odd"
    assert panic_msg(Odd, 1, 2, z=3) == "unknown field z for Odd"


def test_enums():
    OpType = make_enum("OpType", [("Add", ()), ("Sub", ())])
    assert to_text(OpType.Add) == "OpType.Add" and OpType.Add is OpType.Add
    assert OpType.Add == OpType.Add and OpType.Add != OpType.Sub
    assert isinstance(OpType.Add, OpType) and isinstance(OpType.Add, SplEnumValue)
    assert type_name(OpType.Sub) == "OpType" and variant_of(OpType.Sub) == "Sub"
    Token = make_enum("Token", [("Number", ("_0",)), ("Plus", ())])
    n = Token.Number(5)
    assert to_text(n) == "Token.Number(5)" and n._0 == 5 and n._spl_fields == ("_0",)
    assert n == Token.Number(5) and n != Token.Number(6) and hash(n) == hash(Token.Number(5))
    assert type(n) is Token.Number and variant_of(n) == "Number"
    assert to_text([Token.Plus, n]) == "[Token.Plus, Token.Number(5)]"
    Shape = make_enum("Shape", [("Circle", ("radius",)), ("Rect", ("w", "h"))],
                      methods={"area": lambda self: self.radius ** 2 * 3 if variant_of(self) == "Circle" else self.w * self.h})
    c = Shape.Circle(radius=1.0)
    assert to_text(c) == "Shape.Circle(radius: 1.0)" and c.area() == 3.0
    assert to_text(Shape.Rect(2, h=3)) == "Shape.Rect(w: 2, h: 3)" and Shape.Rect(2, 3).area() == 6
    assert panic_msg(Shape.Circle) == "missing field radius in Shape.Circle"
    assert panic_msg(Shape.Rect, 1, 2, 3) == "Shape.Rect has 2 fields but 3 arguments were given"
    assert issubclass(Shape.Circle, Shape) and type(OpType.Add) is OpType  # units: the enum's own values
    assert panic_msg(Shape) == "cannot construct the enum Shape itself"
    assert variant_of(5) is None


def test_option_wrappers():
    assert Some(1) == Some(1) and Some(1) != Some(2) and Some(1) != Ok(1)
    assert hash(Some(1)) == hash(Some(1)) and len({Some(1), Some(1), Ok(1)}) == 2
    assert Some([1]).value == [1]


@pytest.mark.parametrize("value, name", [
    (1, "i64"), (1.0, "f64"), (True, "bool"), ("s", "text"), (None, "nil"), ([], "list"),
    ((), "tuple"), ({}, "dict"), (len, "fn"), (lambda: 0, "fn"), (Some(1), "Some"),
    (Ok(1), "Ok"), (Err(1), "Err"), (range(2), "range"), (SplModule("m"), "module"),
])
def test_type_name(value, name):
    assert type_name(value) == name


# ---------------------------------------------------------------------------------------
# Exception translation

def test_translate_exception():
    def f(x, y=1):
        return x

    class Point:  # stand-in for a user class in AttributeError text
        pass
    assert py_msg(lambda: 1 / 0) == "division by zero"
    assert py_msg(lambda: 1 + "a") == "cannot apply '+' to i64 and text"
    assert py_msg(lambda: "a" + 1) == 'cannot add text and i64; use interpolation "{x}"'
    assert py_msg(lambda: None - 1.0) == "cannot apply '-' to nil and f64"
    assert py_msg(lambda: -"a") == "cannot apply unary '-' to text"
    assert py_msg(lambda: "a" < 1) == "cannot compare text and i64 with '<'"
    assert py_msg(lambda: f()) == "missing argument x in call to f"
    assert py_msg(lambda: f(1, 2, 3)) == "f takes 1 to 2 arguments but 3 were given"
    assert py_msg(lambda: f(1, z=2)) == "unknown argument z in call to f"
    assert py_msg(lambda: f(1, x=2)) == "argument x given twice in call to f"
    assert py_msg(lambda: Point().z) == "Point has no field or method z"
    assert py_msg(lambda: (1).frob) == "i64 has no field or method frob"
    assert py_msg(lambda: {}["k"]) == "key not found: 'k'"
    assert py_msg(lambda: math.exp(1000)) == "numeric overflow"
    five = 5
    assert py_msg(lambda: five()) == "i64 is not callable"
    assert py_msg(lambda: len(5)) == "i64 has no length"
    assert py_msg(lambda: [x for x in 5]) == "cannot iterate over i64"
    assert py_msg(lambda: math.sqrt(-1)) == "math domain error"

    def deep(n):
        return deep(n + 1)
    assert py_msg(lambda: deep(0)) == "maximum call depth exceeded"
    assert translate_exception(ValueError("weird")) is None
    assert translate_exception(SplPanic("mine")) == "mine"


def test_translate_arity_messages():
    def g(a, b):
        return a

    def h(a):
        return a

    def k():
        return 0
    assert py_msg(lambda: g(1, 2, 3)) == "g takes 2 arguments but 3 were given"
    assert py_msg(lambda: h(1, 2)) == "h takes 1 argument but 2 were given"
    assert py_msg(lambda: k(1)) == "k takes 0 arguments but 1 was given"
    assert py_msg(lambda: g()) == "missing arguments a and b in call to g"

    class Net:
        def fwd(self, x):
            return x
    assert py_msg(lambda: Net().fwd(1, 2)) == "Net.fwd takes 1 argument but 2 were given"
    Cfg = make_class("Cfg", [], {}, {"__init__": lambda self, a: None}, has_init=True)
    Cfg.__init__.__qualname__ = "Cfg.__init__"
    assert py_msg(lambda: Cfg()) == "missing argument a in call to Cfg"


# ---------------------------------------------------------------------------------------
# Methods on builtin values

def m(obj, name, *args, **kwargs):
    return call_method(obj, name, *args, **kwargs)


def test_list_methods():
    xs = [3, 1, 2]
    assert m(xs, "len") == 3
    assert m(xs, "push", 4) is None and xs == [3, 1, 2, 4]
    assert m(xs, "pop") == 4 and xs == [3, 1, 2]
    m(xs, "insert", 0, 9)
    assert xs == [9, 3, 1, 2]
    assert m(xs, "remove", 0) == 9  # an i64 is an index (as upstream uses remove)
    assert xs == [3, 1, 2]
    names = ["a", "b", "a"]
    m(names, "remove", "a")  # another value: its first occurrence
    assert names == ["b", "a"]
    assert m(xs, "contains", 1) and not m(xs, "contains", 7)
    assert m(xs, "index_of", 2) == 2 and m(xs, "index_of", 7) == -1
    assert m(xs, "join", ", ") == "3, 1, 2" and m([1.0, "a", None], "join", "-") == "1.0-a-nil"
    assert m(xs, "enumerate") == [(0, 3), (1, 1), (2, 2)]
    assert m(xs, "zip", ["a", "b"]) == [(3, "a"), (1, "b")]
    assert m(xs, "map", lambda x: x * 2) == [6, 2, 4]
    assert m(xs, "filter", lambda x: x > 1) == [3, 2]
    seen = []
    assert m(xs, "each", seen.append) is None and seen == [3, 1, 2]
    assert m(xs, "fold", 10, lambda a, x: a + x) == 16
    assert m(xs, "reduce", lambda a, x: a * x) == 6
    assert m(xs, "all", lambda x: x > 0) and not m(xs, "any", lambda x: x > 5)
    assert m([True, False], "any") and not m([True, False], "all")
    assert m(xs, "sum") == 6 and m([0.5, 0.25], "sum") == 0.75 and m([], "sum") == 0
    assert m(xs, "max") == 3 and m(xs, "min") == 1
    assert m(["bb", "a"], "max", len) == "bb"
    # reverse and sort return new lists; the receiver is unchanged
    assert m(xs, "reverse") == [2, 1, 3] and xs == [3, 1, 2]
    assert m(xs, "sort") == [1, 2, 3] and xs == [3, 1, 2]
    assert m(xs, "sort", lambda x: -x) == [3, 2, 1] and m(xs, "sorted") == [1, 2, 3]
    assert m(xs, "slice", 1, 3) == [1, 2] and m(xs, "slice", 1) == [1, 2]
    assert m(xs, "first") == 3 and m(xs, "last") == 2
    assert m([], "first") is None and m([], "last") is None
    assert m([], "is_empty") and not m(xs, "is_empty")
    c = m(xs, "copy")
    assert c == xs and c is not xs and m(xs, "clone") == xs
    ys = [1]
    assert m(ys, "extend", [2, 3]) is None and ys == [1, 2, 3]
    assert m([1, 2, 1], "count", 1) == 2
    assert m(xs, "get", 1) == 1 and m(xs, "get", 5) is None and m(xs, "get", -1) is None
    assert m(xs, "concat", [7]) == [3, 1, 2, 7] and xs == [3, 1, 2]
    assert m([[1, 2], [3], 4], "flatten") == [1, 2, 3, 4]
    assert m([1, 2, 1, 3, 2], "unique") == [1, 2, 3] and m([[1], [1]], "unique") == [[1]]
    assert m(xs, "take", 2) == [3, 1] and m(xs, "skip", 2) == [2] and m(xs, "take", 9) == xs
    assert m(xs, "to_list") == xs and m(xs, "to_string") == "[3, 1, 2]"
    m(ys, "clear")
    assert ys == []


def test_list_method_errors():
    assert panic_msg(m, [1], "frob") == "list has no method frob"
    assert panic_msg(m, [], "pop") == "pop of empty list"
    assert panic_msg(m, [], "max") == "max of empty list"
    assert panic_msg(m, [], "min") == "min of empty list"
    assert panic_msg(m, [], "reduce", max) == "reduce of empty list"
    assert panic_msg(m, [1], "remove", 5) == "index 5 out of range for list of length 1"
    assert panic_msg(m, ["a"], "remove", "z") == "value not in list: z"
    assert panic_msg(m, [1], "insert", 3, 0) == "insert index 3 out of range for list of length 1"
    assert panic_msg(m, [1], "pop", 4) == "index 4 out of range for list of length 1"


def test_text_methods():
    s = "Hello, World"
    assert m(s, "len") == 12 and m("héllo", "len") == 5
    assert m(s, "contains", "World") and m(s, "starts_with", "He") and m(s, "ends_with", "ld")
    assert m(s, "replace", "l", "L") == "HeLLo, WorLd"
    assert m("a,b,,c", "split", ",") == ["a", "b", "", "c"]
    assert m(" a  b ", "split") == ["a", "b"] and m("ab", "split", "") == ["a", "b"]
    assert m("  x ", "trim") == "x" and m("  x ", "strip") == "x"
    assert m("  x ", "trim_start") == "x " and m("  x ", "trim_end") == "  x"
    assert m(s, "index_of", "o") == 4 and m(s, "last_index_of", "o") == 8
    assert m(s, "index_of", "z") == -1 and m(s, "find", "W") == 7
    assert m(s, "char_at", 1) == "e"
    assert panic_msg(m, s, "char_at", 12) == "index 12 out of range for text of length 12"
    assert m(s, "substring", 0, 5) == "Hello" and m(s, "substring", 7) == "World"
    assert m(s, "slice", 7, 9) == "Wo"
    assert m(s, "to_upper") == "HELLO, WORLD" and m(s, "to_lower") == "hello, world"
    assert m(s, "upper") == "HELLO, WORLD" and m(s, "lower") == "hello, world"
    assert m(" 42 ", "parse_int") == 42 and m("x", "parse_int") is None
    assert m("-1_000", "parse_int") == -1000
    assert m("2.5", "parse_float") == 2.5 and m("abc", "parse_float") is None
    assert m("7", "to_int") == 7 and m("7.5", "to_f64") == 7.5
    assert panic_msg(m, "x1", "to_int") == "cannot parse 'x1' as i64"
    assert panic_msg(m, "x1", "to_f64") == "cannot parse 'x1' as f64"
    assert m(s, "to_string") == s
    assert m("A", "char_code_at", 0) == 65 and m("é", "char_code_at") == 233
    assert m("héy", "chars") == ["h", "é", "y"] and m("hé", "bytes") == [104, 195, 169]
    assert m("ab", "repeat", 3) == "ababab" and m("", "is_empty")
    assert m("a\nb\n", "lines") == ["a", "b"]
    assert m(", ", "join", [1, "b", 2.0]) == "1, b, 2.0"
    assert m("banana", "count", "an") == 2
    assert panic_msg(m, "s", "frob") == "text has no method frob"


def test_dict_methods():
    d = {"a": 1, "b": 2}
    assert m(d, "len") == 2 and m(d, "get", "a") == 1 and m(d, "get", "z") is None
    assert m(d, "get", "z", 0) == 0
    assert m(d, "keys") == ["a", "b"] and m(d, "values") == [1, 2]
    assert m(d, "items") == [("a", 1), ("b", 2)]
    assert m(d, "contains", "a") and m(d, "contains_key", "b") and not m(d, "contains", 1)
    m(d, "insert", "c", 3)
    m(d, "set", "a", 0)
    assert d == {"a": 0, "b": 2, "c": 3}
    assert m(d, "remove", "b") == 2 and m(d, "remove", "zz") is None
    c = m(d, "copy")
    assert c == d and c is not d
    assert not m(d, "is_empty")
    m(d, "clear")
    assert m(d, "is_empty") and m({"k": [1]}, "to_string") == "{k: [1]}"
    assert panic_msg(m, d, "frob") == "dict has no method frob"


def test_int_methods():
    assert m(-3, "abs") == 3 and m(9, "sqrt") == 3.0 and m(0, "exp") == 1.0
    assert m(1, "log") == 0.0 and m(5, "round") == 5 and m(5, "to_int") == 5
    assert m(5, "to_f64") == 5.0 and type(m(5, "to_float")) is float
    assert m(7, "fdiv", 2) == 3 and m(-7, "fdiv", 2) == -4
    assert m(2, "pow", 10) == 1024 and m(3, "min", 2) == 2 and m(3, "max", 7) == 7
    assert m(15, "clamp", 0, 10) == 10 and m(-5, "clamp", 0, 10) == 0
    assert m(-4, "sign") == -1 and m(0, "sign") == 0 and m(4, "sign") == 1
    assert m(4, "is_even") and m(-3, "is_odd") and not m(4, "is_odd")
    assert m(12, "to_string") == "12" and m(12, "to_text") == "12"
    assert panic_msg(m, 1, "frob") == "i64 has no method frob"
    assert panic_msg(m, 1, "fdiv", 0) == "division by zero"


def test_float_methods():
    assert m(-2.5, "abs") == 2.5 and m(2.0, "sqrt") == math.sqrt(2.0)
    assert math.isnan(m(-1.0, "sqrt"))
    assert m(0.0, "exp") == 1.0 and m(1000.0, "exp") == math.inf
    assert m(0.0, "log") == -math.inf and math.isnan(m(-1.0, "log"))
    assert m(100.0, "log10") == 2.0 and m(0.0, "sin") == 0.0 and m(0.0, "cos") == 1.0
    assert m(0.0, "tan") == 0.0 and m(0.0, "tanh") == 0.0
    assert m(2.5, "round") == 3.0 and m(-2.5, "round") == -3.0 and m(2.4, "round") == 2.0
    assert type(m(2.5, "round")) is float and m(2.567, "round", 2) == 2.57
    assert m(2.7, "floor") == 2.0 and m(-2.2, "floor") == -3.0 and m(2.1, "ceil") == 3.0
    assert type(m(2.7, "floor")) is float
    assert m(2.9, "to_int") == 2 and m(-2.9, "to_int") == -2
    assert panic_msg(m, math.nan, "to_int") == "cannot convert nan to i64"
    assert m(7.5, "fdiv", 2) == 3.0 and m(2.0, "pow", 0.5) == math.sqrt(2.0)
    assert m(1.5, "min", 2) == 1.5 and m(1.5, "max", 2) == 2 and m(1.5, "clamp", 0.0, 1.0) == 1.0
    assert m(math.nan, "is_nan") and m(math.inf, "is_inf") and not m(1.0, "is_inf")
    assert m(0.1, "to_string") == "0.1" and m(-3.5, "sign") == -1.0


def test_option_methods():
    assert m(Some(3), "unwrap") == 3 and m(Some(3), "unwrap_or", 0) == 3
    assert m(None, "unwrap_or", 0) == 0 and m(5, "unwrap") == 5 and m(5, "is_some")
    assert m(None, "is_none") and not m(None, "is_some") and m(Some(1), "is_some")
    assert panic_msg(m, None, "unwrap") == "unwrap on nil"
    assert panic_msg(m, None, "expect", "need a value") == "need a value"
    assert m(Some(2), "map", lambda x: x + 1) == Some(3) and m(None, "map", abs) is None
    assert m(Some(2), "and_then", lambda x: Some(x * 2)) == Some(4)
    assert m(Ok(1), "unwrap") == 1 and m(Ok(1), "is_ok") and not m(Ok(1), "is_err")
    assert m(Err("e"), "is_err") and m(Err("e"), "unwrap_err") == "e"
    assert m(Err("e"), "unwrap_or", 7) == 7
    assert panic_msg(m, Err("boom"), "unwrap") == "unwrap on Err: boom"
    assert panic_msg(m, Err("boom"), "expect", "loading") == "loading: boom"
    assert panic_msg(m, Ok(1), "unwrap_err") == "unwrap_err on Ok(1)"
    assert m(Ok(2), "map", lambda x: -x) == Ok(-2) and m(Err(2), "map", abs) == Err(2)
    assert m(Err(2), "map_err", lambda x: -x) == Err(-2)
    assert m(Some(1), "to_string") == "Some(1)" and m(None, "to_string") == "nil"
    assert m((1, 2), "len") == 2 and m(True, "to_string") == "true"


def test_call_method_on_objects():
    P = make_class("P", ["x"], {}, {"double": lambda self, k=2: self.x * k})
    p = P(3)
    assert m(p, "double") == 6 and m(p, "double", k=3) == 9
    assert m(p, "to_string") == "P(x: 3)" and m(p, "unwrap") is p and m(p, "is_some")
    assert panic_msg(m, p, "frob") == "P has no method frob"
    mod_ = SplModule("a.b", exports={"f": lambda x: x + 1})
    assert m(mod_, "f", 1) == 2
    assert panic_msg(m, mod_, "g") == "module a.b has no export g (exports: f)"


def test_get_attr_and_presence():
    assert get_attr((1, "a"), "0") == 1 and get_attr((1, "a"), "1") == "a"
    assert panic_msg(get_attr, (1,), "2") == "tuple has no field 2 (length 1)"
    assert get_attr(Some(4), "value") == 4 and get_attr(Err("x"), "value") == "x"
    P = make_class("P", ["x"], {})
    assert get_attr(P(1), "x") == 1
    assert panic_msg(get_attr, P(1), "z") == "P has no field z"
    assert panic_msg(get_attr, [1], "len") == "list has no field len"
    assert panic_msg(get_attr, None, "x") == "cannot read field x of nil"
    assert is_present(0) and is_present(Some(None)) and not is_present(None)
    assert unwrap_present(Some(2)) == 2 and unwrap_present(3) == 3
    assert panic_msg(unwrap_present, None) == "value is nil"


# ---------------------------------------------------------------------------------------
# Builtins

def test_print_builtins(capsys):
    pr = B.BUILTINS["print"]
    pr("a", 1, 2.0, None, [True])
    pr()
    pr(Some("x"))
    B.BUILTINS["println"](0.1 + 0.2)
    B.BUILTINS["eprint"]("oops", 1)
    out = capsys.readouterr()
    assert out.out == "a 1 2.0 nil [true]\n\nSome(x)\n0.30000000000000004\n"
    assert out.err == "oops 1\n"


def test_conversion_builtins():
    b = B.BUILTINS
    assert b["int"](3.9) == 3 and b["int"](-3.9) == -3 and b["int"](" 42 ") == 42
    assert b["int"](True) == 1 and b["int"](False) == 0
    assert panic_msg(b["int"], "x") == "cannot parse 'x' as i64"
    assert panic_msg(b["int"], "3.5") == "cannot parse '3.5' as i64"
    assert panic_msg(b["int"], math.inf) == "cannot convert inf to i64"
    assert panic_msg(b["int"], None) == "cannot convert nil to i64"
    assert b["float"](2) == 2.0 and b["float"]("2.5") == 2.5 and b["float"]("inf") == math.inf
    assert panic_msg(b["float"], "x") == "cannot parse 'x' as f64"
    assert b["to_text"](1.0) == "1.0" and b["str"]([1]) == "[1]" and b["text"](None) == "nil"
    assert b["type_of"](1) == "i64" and b["type_of"]("s") == "text"


def test_numeric_builtins():
    b = B.BUILTINS
    assert b["len"]([1, 2]) == 2 and b["len"]("héllo") == 5 and b["len"]({"a": 1}) == 1
    assert panic_msg(b["len"], 5) == "i64 has no length"
    assert b["abs"](-2) == 2 and b["abs"](-2.5) == 2.5
    assert b["min"](3, 1, 2) == 1 and b["max"]([3, 1, 2]) == 3 and b["max"](1.5, 2) == 2
    assert panic_msg(b["max"], []) == "max of nothing"
    assert b["sum"]([1, 2, 3]) == 6 and b["sum"]([0.5, 0.5]) == 1.0
    assert list(b["range"](3)) == [0, 1, 2] and list(b["range"](1, 3)) == [1, 2]
    assert b["round"](2.5) == 2 and b["round"](2.567, 2) == 2.57
    assert b["Some"](1) == Some(1) and b["Ok"](1) == Ok(1) and b["Err"](1) == Err(1)
    assert b["enumerate"](["a"]) == [(0, "a")] and b["zip"]([1], [2]) == [(1, 2)]


def test_sys_args_and_exit():
    B.set_program_args(["a", "b"])
    assert B.BUILTINS["sys_args"]() == ["a", "b"]
    B.set_program_args([])
    assert B.BUILTINS["sys_args"]() == []
    with pytest.raises(SystemExit) as info:
        B.BUILTINS["exit"](3)
    assert info.value.code == 3


def test_builtin_names():
    for name in ("print", "println", "eprint", "len", "int", "float", "to_text", "str", "text",
                 "type_of", "abs", "min", "max", "sum", "range", "sys_args", "Some", "Ok",
                 "Err", "exit"):
        assert name in B.BUILTIN_NAMES


# ---------------------------------------------------------------------------------------
# Natives

def test_math_natives():
    sqrt = lookup_native("lib.math", "sqrt")
    assert sqrt(4.0) == 2.0 and math.isnan(sqrt(-1.0))
    assert lookup_native("std.math", "sqrt") is sqrt
    assert lookup_native("lib.math", "exp")(1000.0) == math.inf
    assert lookup_native("lib.math", "log")(0.0) == -math.inf
    assert lookup_native("lib.math", "floor")(2.7) == 2.0
    assert type(lookup_native("lib.math", "floor")(2.7)) is float
    assert lookup_native("lib.math", "ceil")(-2.7) == -2.0
    assert lookup_native("lib.math", "pow")(2.0, 10.0) == 1024.0
    assert math.isnan(lookup_native("lib.math", "pow")(-8.0, 1 / 3))
    assert lookup_native("lib.math", "tanh")(0.0) == 0.0
    assert lookup_native("lib.math", "no_such") is None
    assert lookup_native("lib.nonexistent", "f") is None


def test_random_natives_are_deterministic():
    seed = lookup_native("lib.random", "seed")
    rnd = lookup_native("lib.random", "random")
    randint = lookup_native("lib.random", "randint")
    shuffle = lookup_native("lib.random", "shuffle")
    choice = lookup_native("lib.random", "choice")
    seed(42)
    first = [rnd() for _ in range(3)]
    seed(42)
    assert [rnd() for _ in range(3)] == first
    assert all(0.0 <= x < 1.0 for x in first)
    vals = {randint(1, 3) for _ in range(200)}
    assert vals == {1, 2, 3}
    xs = list(range(10))
    assert shuffle(xs) is None and sorted(xs) == list(range(10))
    assert choice([7]) == 7
    assert panic_msg(choice, []) == "choice from an empty list"
    assert panic_msg(randint, 3, 1) == "randint: empty range 3..=1"
    u = lookup_native("lib.random", "uniform")(2.0, 3.0)
    assert 2.0 <= u <= 3.0
    assert isinstance(lookup_native("lib.random", "gauss")(0.0, 1.0), float)


def test_native_decorator_and_bare_names():
    @native("lib.testmod.twice")
    def twice(x):
        return 2 * x

    @native("rt_test_bare")
    def bare():
        return "bare"
    assert lookup_native("lib.testmod", "twice")(3) == 6
    assert lookup_native("any.module", "rt_test_bare")() == "bare"


def test_stdlib_files_declare_their_externs():
    for mod, names in (("math", ["sqrt", "exp", "log", "tanh", "sin", "cos", "pow", "floor",
                                 "ceil"]),
                       ("random", ["seed", "random", "uniform", "gauss", "randint",
                                   "shuffle", "choice"])):
        src = (stdlib_dir() / "lib" / f"{mod}.spl").read_text()
        for n in names:
            assert f"extern fn {n}(" in src
            assert lookup_native(f"lib.{mod}", n) is not None


# ---------------------------------------------------------------------------------------
# Module loader

def test_resolve_stdlib():
    p = resolve_module(("lib", "math"), None)
    assert p == (stdlib_dir() / "lib" / "math.spl").resolve()
    assert resolve_module(("std", "math"), None) == p


def test_resolve_relative_and_packages(tmp_path):
    main = tmp_path / "main.spl"
    main.write_text("")
    (tmp_path / "util.spl").write_text("")
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "mod.spl").write_text("")
    (tmp_path / "pkg" / "sub" / "__init__.spl").write_text("")
    (tmp_path / "pkg" / "leaf.spl").write_text("")
    assert resolve_module(("util",), main) == (tmp_path / "util.spl").resolve()
    assert resolve_module(("pkg",), main) == (tmp_path / "pkg" / "mod.spl").resolve()
    assert resolve_module(("pkg", "sub"), main) == (tmp_path / "pkg" / "sub" / "__init__.spl").resolve()
    assert resolve_module(("pkg", "leaf"), main) == (tmp_path / "pkg" / "leaf.spl").resolve()


def test_resolve_spl_path(tmp_path, monkeypatch):
    here, lib1, lib2 = tmp_path / "here", tmp_path / "lib1", tmp_path / "lib2"
    for d in (here, lib1, lib2):
        d.mkdir()
    (lib2 / "shared.spl").write_text("")
    (lib1 / "first.spl").write_text("")
    (here / "first.spl").write_text("")
    monkeypatch.setenv("SPL_PATH", f"{lib1}{os.pathsep}{lib2}")
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    main = here / "main.spl"
    assert resolve_module(("shared",), main) == (lib2 / "shared.spl").resolve()
    # the importing file's folder wins over SPL_PATH
    assert resolve_module(("first",), main) == (here / "first.spl").resolve()
    monkeypatch.setenv("SPL_PATH", "")
    monkeypatch.setenv("SIMPLE_LIB", str(lib2))
    assert resolve_module(("shared",), main) == (lib2 / "shared.spl").resolve()


def test_module_not_found(tmp_path, monkeypatch):
    monkeypatch.setenv("SPL_PATH", str(tmp_path / "extra"))
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    main = tmp_path / "main.spl"
    with pytest.raises(ModuleNotFound) as info:
        resolve_module(("nope", "mod"), main)
    e = info.value
    assert isinstance(e, SplPanic) and e.name == "nope.mod"
    assert e.searched == [tmp_path.resolve(), tmp_path / "extra"]
    assert e.message == f"module nope.mod not found (searched: {tmp_path.resolve()}, {tmp_path / 'extra'})"
    with pytest.raises(ModuleNotFound) as info:
        resolve_module(("lib", "nope"), main)
    assert info.value.name == "lib.nope" and info.value.searched[0] == stdlib_dir()


def test_registry_cycles_and_cache():
    reg = ModuleRegistry()
    reg.begin("a")
    reg.begin("b")
    with pytest.raises(ImportCycle) as info:
        reg.begin("a")
    assert info.value.message == "import cycle: a -> b -> a"
    assert info.value.cycle == ["a", "b", "a"]
    assert reg.loading == ["a", "b"]
    mod_b = SplModule("b")
    reg.end("b", mod_b)
    reg.end("a", SplModule("a"))
    assert reg.get("b") is mod_b and "a" in reg and reg.loading == []
    reg.begin("c", key="/x/c.spl")
    with pytest.raises(ImportCycle) as info:
        reg.begin("c", key="/x/c.spl")
    assert str(info.value) == "import cycle: c -> c"
    reg.end("c", SplModule("c"), key="/x/c.spl")
    assert reg.get("/x/c.spl").name == "c"


def test_spl_module():
    mod_ = SplModule("a.b", exports={"x": 1, "y": 2})
    assert mod_.x == 1 and to_text(mod_) == "<module a.b>" and type_name(mod_) == "module"
    assert check_import(mod_, "y") == 2
    assert panic_msg(check_import, mod_, "z") == "module a.b has no export z (exports: x, y)"
    assert panic_msg(getattr, mod_, "z") == "module a.b has no export z (exports: x, y)"
    assert not hasattr(mod_, "z")
    assert panic_msg(check_import, SplModule("e"), "q") == "module e has no export q (exports: none)"


def test_unwrap_method_helper_answers_as_the_method_tables_do():
    from spl_py.runtime import rt
    from spl_py.runtime.values import make_class

    unwrap = rt.spl_m_unwrap
    assert (unwrap(Some(3)), unwrap(Ok("a")), unwrap(5), unwrap(2.5), unwrap([1])) == (3, "a", 5, 2.5, [1])
    with pytest.raises(SplPanic, match="unwrap on nil"):
        unwrap(None)
    with pytest.raises(SplPanic, match="unwrap on Err: bad"):
        unwrap(Err("bad"))
    Box = make_class("Box", ["v"], methods={"unwrap": lambda self: self.v * 2})
    assert unwrap(Box(v=4)) == 8  # a class's own unwrap method
