"""One or more tests per Decision of the language notes, on exact printed output."""
from __future__ import annotations

import textwrap

import pytest

from spl_py.api import run_source
from spl_py.errors import SplRuntimeError, SplSyntaxError


def run(source: str, capsys, args=(), checked=False) -> str:
    run_source(textwrap.dedent(source), "prog.spl", args=args, checked=checked)
    return capsys.readouterr().out


def fails(source: str, checked=False) -> SplRuntimeError:
    with pytest.raises(SplRuntimeError) as info:
        run_source(textwrap.dedent(source), "prog.spl", checked=checked)
    return info.value


def test_d1_import_forms(tmp_path, capsys):
    (tmp_path / "geo.spl").write_text("fn area(w: i64, h: i64) -> i64: w * h\nval unit = 1\nexport area, unit\n")
    main = tmp_path / "main.spl"
    main.write_text(textwrap.dedent("""\
        use geo.{area}
        use geo (unit)
        use geo
        print area(2, 3), unit, geo.area(4, 5)
    """))
    from spl_py.api import run_file
    run_file(main)
    assert capsys.readouterr().out == "6 1 20\n"


@pytest.mark.parametrize("backend", ["interp", "transpile"])
def test_type_aliases_and_enum_variants_are_imported(tmp_path, capsys, backend):
    """A module without an export list exports its type aliases too; a one-name pattern
    names a variant of an imported enum."""
    (tmp_path / "units.spl").write_text(textwrap.dedent("""\
        type Meters = f64
        enum Reading:
            Length(Meters)
            Missing
        fn half(m: Meters) -> Meters: m / 2.0
    """))
    main = tmp_path / "main.spl"
    main.write_text(textwrap.dedent("""\
        use units.{Meters, Reading, half}
        fn show(r: Reading) -> text:
            match r:
                case Length(m): "{half(m)} of {Meters}"
                case Missing: "missing"
        print show(Reading.Length(3.0)), show(Reading.Missing)
        fn kind(v: any) -> text:
            match v:
                case Length(_) | Missing: "reading"
                case _: "other"
        print kind(Reading.Missing), kind(5)
    """))
    from spl_py.api import run_file
    run_file(main, backend=backend)
    assert capsys.readouterr().out == "1.5 of <type Meters = f64> missing\nreading other\n"


@pytest.mark.parametrize("backend", ["interp", "transpile"])
def test_wrapper_patterns_match_variants_of_an_imported_enum(tmp_path, capsys, backend):
    """Ok(v) / Err(m) / Some(x) patterns in a module that imports a user module match that
    module's enum variants of those names, as they do for a local enum."""
    (tmp_path / "res.spl").write_text("enum Outcome:\n    Ok(i64)\n    Err(text)\n    Some(i64)\n")
    main = tmp_path / "main.spl"
    main.write_text(textwrap.dedent("""\
        use res.{Outcome}
        fn show(o: any) -> text:
            match o:
                case Ok(v): "ok {v}"
                case Err(m): "err {m}"
                case Some(x): "some {x}"
                case _: "other"
        print show(Outcome.Ok(1)), show(Outcome.Err("e")), show(Outcome.Some(2)), show(Ok(3)), show(nil)
    """))
    from spl_py.api import run_file
    run_file(main, backend=backend)
    assert capsys.readouterr().out == "ok 1 err e some 2 ok 3 other\n"


@pytest.mark.parametrize("backend", ["interp", "transpile"])
def test_use_of_a_name_of_a_module(tmp_path, capsys, backend):
    """``use a.b.c`` where no module a.b.c exists binds the export c of module a.b (upstream
    writes ``use std.spec.step``); a missing module is still an error naming it."""
    (tmp_path / "geo.spl").write_text("fn area(w: i64, h: i64) -> i64: w * h\n")
    main = tmp_path / "main.spl"
    main.write_text("use geo.area\nuse lib.math\nprint area(2, 3), math.sqrt(4.0)\n")
    from spl_py.api import run_file
    run_file(main, backend=backend)
    assert capsys.readouterr().out == "6 2.0\n"
    missing = tmp_path / "missing.spl"
    missing.write_text("use geo.volume\n")
    with pytest.raises(SplRuntimeError) as info:
        run_file(missing, backend=backend)
    assert "module geo.volume not found" in info.value.message


def test_d2_precedence(capsys):
    out = run("""\
        print -2 ** 2
        print 2 + 3 * 4 ** 2 / 8
        print not 1 == 2
        print 1 + 2 << 1
        print 6 == (5 xor 3), 1 << 4 == 16
        print nil ?? 1 | 2
        print 2 ** 3 ** 2
    """, capsys)
    assert out == "4\n8\ntrue\n6\ntrue true\n3\n512\n"


def test_d3_double_slash_is_a_syntax_error():
    with pytest.raises(SplSyntaxError) as info:
        run_source("val x = 7 // 2\n", "p.spl")
    assert info.value.hint == "use a / b on integers or a.fdiv(b)"


def test_d4_integer_and_float_arithmetic(capsys):
    out = run("""\
        print -7 / 2, 7 / 2, -7 % 2, 7 % -2, -7.5 % 2.0, 7.fdiv(2), (-7).fdiv(2)
        print 1 + 2.5, 3 / 2.0, 2 * 1.5, 1 < 1.5
        print 9223372036854775807 + 1
    """, capsys)
    assert out == "-3 3 -1 1 -1.5 3 -4\n3.5 1.5 3.0 true\n9223372036854775808\n"


@pytest.mark.parametrize("expr", ["1 / 0", "1 % 0", "1.0 / 0.0", "1.5 % 0.0"])
def test_d4_division_by_zero(expr):
    error = fails(f"print {expr}\n")
    assert error.message == "division by zero"
    assert error.span.line == 1


@pytest.mark.parametrize("backend", ["interp", "transpile"])
def test_d4_a_tensor_or_object_divided_by_zero_takes_its_operator(tmp_path, capsys, backend):
    """Only numbers make "division by zero": tensor kernels follow numpy (inf), an object's
    operator decides, and other values fail as the operator does with no divisor."""
    prog = tmp_path / "prog.spl"
    prog.write_text(textwrap.dedent("""\
        use lib.pure.tensor (PureTensor)
        class V:
            x: i64
            fn __truediv__(o: any) -> text:
                "custom"
        print PureTensor.ones([2]) / 0.0, PureTensor.ones([1]) / 0
        print V(x: 1) / 0.0
        print "abc" / 0.0
    """))
    from spl_py.api import run_file
    with pytest.raises(SplRuntimeError) as info:
        run_file(prog, backend=backend)
    assert capsys.readouterr().out == "PureTensor(shape=[2], data=[inf, inf]) PureTensor(shape=[1], data=[inf])\ncustom\n"
    assert (info.value.message, info.value.span.line) == ("cannot apply '/' to text and f64", 8)


def test_d4_checked_overflow_of_floor_division():
    error = fails("val s = -9223372036854775807 - 1\nprint s.fdiv(-1)\n", checked=True)
    assert (error.message, error.span.line) == ("integer overflow", 2)


def test_d4_checked_overflow():
    error = fails("val x = 9223372036854775807\nprint x + 1\n", checked=True)
    assert error.message == "integer overflow"
    assert error.span.line == 2


def test_d4_constant_expressions(capsys):
    # the interpreter computes operators over literals when it compiles them: the same
    # values, nothing computed for code that never runs, failures where the line runs
    out = run("""\
        if false:
            print 10 ** 10 ** 10, 1 << 10 ** 12, 2 * 3 ** 10 ** 9
        print false and 1 / 0, "{2 + 3 * 4:>4}|{1 < 2.5}|{-(2 ** 2)}|{'a' + 'b'}|{7 / 2 * 1.5}"
    """, capsys)
    assert out == "false   14|true|-4|ab|4.5\n"
    error = fails("print 1 + 2\nprint 2 * 3 + 7 / (1 - 1)\n")
    assert (error.message, error.span.line) == ("division by zero", 2)
    error = fails("print 9223372036854775807 * 2\n", checked=True)
    assert (error.message, error.span.line) == ("integer overflow", 1)


def test_d5_printing_values(capsys):
    out = run("""\
        class P:
            x: i64
        class Q:
            x: i64
            fn to_string() -> text: "Q<{self.x}>"
        print 1.0, 0.1, 0.1 + 0.2, 1e-07, true, nil, [1, 2.5, "a"], P(x: 1), Q(x: 2)
        print "{3.14159:.2f}|{0.256:.1%}|{7:>4}|{1234567:,}|{12345.678:e}"
        print "{{}} \\{ {if 1 > 0: 'yes' else: 'no'}"
    """, capsys)
    assert out == ("1.0 0.1 0.30000000000000004 1e-07 true nil [1, 2.5, a] P(x: 1) Q<2>\n"
                   "3.14|25.6%|   7|1,234,567|1.234568e+04\n{} { yes\n")


def test_d5_format_spec_only_when_expression_fails(capsys):
    out = run("""\
        val d = {"name": "x"}
        print "{d.get('name')}:{d.len():03d}"
    """, capsys)
    assert out == "x:001\n"


def test_d6_print_forms(capsys):
    out = run("""\
        print "a"
        print("b")
        print 1, 2
        println "c"
        print()
    """, capsys)
    assert out == "a\nb\n1 2\nc\n\n"


def test_d6_eprint_goes_to_stderr(capsys):
    run_source('eprint "oops"\n', "p.spl")
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "oops\n"


def test_d7_construction(capsys):
    out = run("""\
        class Point:
            x: f64
            y: f64 = 0.5
        print Point(y: 2.0, x: 1.0), Point(3.0, 4.0), Point { x: 5.0 }, Point(x: 1.0)
    """, capsys)
    assert out == "Point(x: 1.0, y: 2.0) Point(x: 3.0, y: 4.0) Point(x: 5.0, y: 0.5) Point(x: 1.0, y: 0.5)\n"


@pytest.mark.parametrize("call, message", [
    ("Point(y: 1.0)", "missing field x in Point"),
    ("Point(x: 1.0, z: 2.0)", "unknown field z for Point"),
])
def test_d7_construction_errors(call, message):
    error = fails(f"class Point:\n    x: f64\n    y: f64 = 0.0\nval p = {call}\n")
    assert error.message == message
    assert error.span.line == 4


def test_d8_calls(capsys):
    out = run("""\
        fn f(a: i64, b: i64 = 10, c: i64 = 100) -> i64: a + b + c
        print f(1), f(1, 2), f(1, c: 3), f(a: 1, b: 2, c: 3), f(1, c=5)
    """, capsys)
    assert out == "111 103 14 6 16\n"
    assert fails("fn f(a: i64, b: i64) -> i64: a\nf(1)\n").message == "missing argument b in call to f"


def test_d9_methods_and_mutation(capsys):
    out = run("""\
        class Counter:
            n: i64
            fn get() -> i64: self.n
            me bump():
                self.n = self.n + 1
            static fn zero() -> Counter: Counter(n: 0)
        var c = Counter.zero()
        val alias = c
        c.bump()
        print c.get(), alias.get()
    """, capsys)
    assert out == "1 1\n"


def test_d9_immutability_errors():
    error = fails("class C:\n    n: i64\n    me bump():\n        self.n = 1\nval c = C(n: 0)\nc.bump()\n")
    assert error.message == "cannot mutate through immutable binding c"
    error = fails("class C:\n    n: i64\n    fn bad():\n        self.n = 1\nvar c = C(n: 0)\nc.bad()\n")
    assert error.message == "cannot mutate through immutable binding self"
    assert error.span.line == 4


def test_d10_generics_are_erased(capsys):
    out = run("""\
        class Box<T>:
            item: T
            static fn of(item: T) -> Box<T>: Box(item: item)
        fn first<T: Clone>(xs: [T]) -> T: xs[0]
        fn legacy[T](x: T) -> T: x
        print Box<f64>.of(1.5), Box.of("a").item, first([3, 4]), legacy(7)
    """, capsys)
    assert out == "Box(item: 1.5) a 3 7\n"


def test_d11_lists_are_references(capsys):
    out = run("""\
        var xs = [1, 2]
        val ys = xs
        xs.push(3)
        print ys, xs.len(), xs[1..], xs[:2], xs[0..=1]
    """, capsys)
    assert out == "[1, 2, 3] 3 [2, 3] [1, 2] [1, 2]\n"


@pytest.mark.parametrize("index", ["5", "-1"])
def test_d11_index_errors(index):
    error = fails(f"val xs = [1, 2, 3, 4]\nprint xs[{index}]\n")
    assert error.message == f"index {index} out of range for list of length 4"


def test_d12_lambdas_closures_comprehensions(capsys):
    out = run("""\
        fn make_counter() -> fn() -> i64:
            var count = 0
            fn(): 
                count = count + 1
                count
        val c = make_counter()
        c()
        val double = \\x: x * 2
        val add = \\a, b: a + b
        val answer = \\: 42
        print c(), double(4), add(1, 2), answer()
        print [x * x for x in 0..5 if x % 2 == 0], [for x in 0..3: x + 1]
        print {k: k * 2 for k in 0..3}, {for k in 0..2: (k, -k)}
    """, capsys)
    assert out == "2 8 3 42\n[0, 4, 16] [1, 2, 3]\n{0: 0, 1: 2, 2: 4} {0: 0, 1: -1}\n"


def test_d13_match_forms(capsys):
    out = run("""\
        enum Shape:
            Circle(radius: f64)
            Square(f64)
            Dot
        fn describe(s: Shape) -> text:
            match s:
                case Shape.Circle(radius: r) if r > 1.0: "big circle"
                case Shape.Circle(r): "circle {r}"
                case Shape.Square(side): "square {side}"
                case _: "dot"
        fn size(n: i64) -> text:
            match n:
                | 0 -> "zero"
                | 1 | 2 | 3 -> "small"
                | _ -> "big"
        fn pair(p: (i64, i64)) -> text:
            match p:
                (0, _) => "starts with zero"
                (a, b) => "{a}-{b}"
        print describe(Shape.Circle(radius: 2.0)), describe(Shape.Circle(radius: 0.5)), describe(Shape.Square(3.0)), describe(Shape.Dot)
        print size(0), size(2), size(9), pair((0, 5)), pair((1, 2))
        match 7:
            1..5: print "low"
            5..=10: print "mid"
    """, capsys)
    assert out == "big circle circle 0.5 square 3.0 dot\nzero small big starts with zero 1-2\nmid\n"
    assert fails("match 3:\n    case 1: print 1\n").message == "no match arm matches 3"


def test_d14_raw_strings_and_short_circuit(capsys):
    out = run("""\
        fn boom() -> i64:
            print "evaluated"
            1
        print r"a\\n{b}", 5 ?? boom(), false and boom() == 1, true or boom() == 1
    """, capsys)
    assert out == "a\\n{b} 5 false true\n"


def test_d15_optionals(capsys):
    out = run("""\
        class Node:
            value: i64
            next: Node?
        val a = Node(value: 1, next: nil)
        val b = Node(value: 2, next: Some(a))
        print b.next.?, a.next.?, b.next.?.value, b.next.unwrap().value, a.next ?? 0
        print b?.value, nil?.value, Some(3), None
    """, capsys)
    assert out == "true false 1 1 0\n2 nil Some(3) nil\n"
    assert fails("val x = nil\nprint x.?.y\n").message == "value is nil"


def test_d16_keywords_cannot_be_names():
    with pytest.raises(SplSyntaxError) as info:
        run_source("for val in [1]:\n    pass\n", "p.spl")
    assert info.value.message == "'val' is a keyword and cannot be used as a name"


def test_d16_builtin_names_are_ordinary(capsys):
    out = run("""\
        fn len(x: i64) -> i64: 99
        val print_ = 1
        print len(3), print_
    """, capsys)
    assert out == "99 1\n"


def test_d17_semicolons_pass_loop_ellipsis(capsys):
    out = run("""\
        val a = 1; val b = 2
        var n = 0
        loop:
            n += 1
            if n == 3: break
        fn later():
            ...
        pass
        print a + b, n
    """, capsys)
    assert out == "3 3\n"
    assert fails("fn later():\n    ...\nlater()\n").message == "not implemented"


def test_d18_extern_without_native():
    error = fails("extern fn mystery(x: i64) -> i64\nprint mystery(1)\n")
    assert error.message == "extern function mystery has no native binding"


def test_d19_preprocessor_and_attributes(capsys):
    out = run("""\
        #if linux
        @inline
        fn one() -> i64: 1
        #endif
        #[derive(Debug)]
        fn two() -> i64: 2
        print one() + two()
    """, capsys)
    assert out == "3\n"


def test_d20_missing_export_and_cycle(tmp_path):
    from spl_py.api import run_file
    (tmp_path / "m.spl").write_text("fn a() -> i64: 1\nfn b() -> i64: 2\nexport a\n")
    (tmp_path / "main.spl").write_text("use m.{b}\n")
    with pytest.raises(SplRuntimeError) as info:
        run_file(tmp_path / "main.spl")
    assert info.value.message == "module m has no export b (exports: a)"
    (tmp_path / "x.spl").write_text("use y.{f}\nfn g() -> i64: 1\n")
    (tmp_path / "y.spl").write_text("use x.{g}\nfn f() -> i64: 2\n")
    (tmp_path / "main2.spl").write_text("use x.{g}\n")
    with pytest.raises(SplRuntimeError) as info:
        run_file(tmp_path / "main2.spl")
    assert info.value.message == "import cycle: x -> y -> x"


def test_d21_python_dialect(capsys):
    out = run("""\
        class Config:
            name: str
            size: i64 = 1
            fn __init__(self, name, size=2):
                self.name = name
                self.size = size
            fn grow(self):
                self.size += 1
        val d: {str: i64} = {"a": 1}
        d["b"] = 2
        var c = Config("net", size=3)
        c.grow()
        print(f"{c.name} {c.size} {d} {'a' in d} {d.get('z', 0)} {d.keys()}")
        print("=" * 5, None)
    """, capsys)
    assert out == "net 4 {a: 1, b: 2} true 0 [a, b]\n===== nil\n"


def test_d22_main_is_called_once(capsys):
    assert run("fn main():\n    print \"hi\"\nexport main\n", capsys) == "hi\n"
    assert run("fn main():\n    print \"hi\"\nmain()\n", capsys) == "hi\n"


def test_d23_assert():
    assert fails("val x = 1\nassert x == 2\n").message == "assertion failed: x == 2"
    assert fails("assert 1 > 2, \"math\"\n").message == "assertion failed: 1 > 2: math"


def test_d24_trailing_block_calls(capsys):
    out = run("""\
        fn describe(name: text, body: fn() -> ()):
            print "describe {name}"
            body()
        fn twice(f: fn(i64) -> ()):
            f(1)
            f(2)
        describe "Tensor":
            print "  inside"
        twice \\x:
            print "  x = {x}"
    """, capsys)
    assert out == "describe Tensor\n  inside\n  x = 1\n  x = 2\n"


def test_d25_iteration_helpers(capsys):
    out = run("""\
        val xs = [3, 1, 2]
        for (i, x) in xs.enumerate():
            print i, x
        print xs.zip([4, 5, 6]), xs.all(\\x: x > 0), xs.any(\\x: x > 2), xs.map(\\x: x * 2)
        print xs.filter(\\x: x != 1), xs.sum(), xs.max(), xs.min(), xs.reverse(), xs.sort(), xs
        print xs.slice(1, 3), xs.index_of(2), ()
    """, capsys)
    assert out == ("0 3\n1 1\n2 2\n[(3, 4), (1, 5), (2, 6)] true true [6, 2, 4]\n"
                   "[3, 2] 6 3 1 [2, 1, 3] [1, 2, 3] [3, 1, 2]\n[1, 2] 2 ()\n")


def test_d26_shebang_and_tabs(capsys):
    out = run("#!/usr/bin/env spl-py run\nfn f() -> i64:\n\treturn 4\nprint f()\n", capsys)
    assert out == "4\n"


def test_sys_args(capsys):
    assert run("print sys_args()\n", capsys, args=["a", "b"]) == "[a, b]\n"


def test_runtime_error_stack_trace():
    error = fails("""\
        fn inner(xs: [i64]) -> i64:
            xs[5]
        fn outer() -> i64:
            inner([1, 2]) + 1
        outer()
    """)
    assert error.format() == (
        "Traceback (most recent call last):\n"
        "  prog.spl:5 in <module>\n    outer()\n"
        "  prog.spl:4 in outer\n    inner([1, 2]) + 1\n"
        "  prog.spl:2 in inner\n    xs[5]\n"
        "error: index 5 out of range for list of length 2")


def test_smallest_i64_literal(capsys):
    assert run("val m = -9223372036854775808\nprint m, m + 1\n", capsys) == "-9223372036854775808 -9223372036854775807\n"
    for text in ("val m = 9223372036854775808\n", "val m = -9223372036854775809\n", "val m = 9223372036854775808 - 1\n"):
        with pytest.raises(SplSyntaxError) as info:
            run_source(text, "p.spl")
        assert info.value.message == "integer literal is too large for i64"


@pytest.mark.parametrize("source, message", [
    ("print Some()", "missing argument value in call to Some"),
    ("print Ok(1, 2)", "Ok takes 1 argument but 2 were given"),
    ("val xs = [1]\nxs.push(1, 2)", "list.push takes 1 argument but 2 were given"),
    ('print "abc".split(1, 2, 3)', "text.split takes 0 to 2 arguments but 3 were given"),
    ('print "x".upper(1)', "text.upper takes no arguments but 1 was given"),
    ('print "abc".replace("a")', "replace takes at least 2 arguments but 1 was given"),
    ('print "x" as i64', "cannot parse 'x' as i64"),
    ('print nil as i64', "cannot convert nil to i64"),
    ('print [1] as f64', "cannot convert list to f64"),
    ('print "a,b".split(",", "x")', "expected i64, got text"),
    ('print "abc".replace(old: "a", new: "b")', "text.replace takes no named arguments"),
    ("print dict([1, 2])", "a dict is made from (key, value) pairs"),
    ('print "a".len(1)', "len takes no arguments but 1 was given"),
    ('print round("x")', "round cannot take text"),
    ("print(1, 2, sep: nil)", "print's sep and end are text, not nil"),
    ("exit(1.5)", "exit takes an i64 status or a text message, not f64"),
])
@pytest.mark.parametrize("backend", ["interp", "transpile"])
def test_builtin_call_errors_name_simple_methods(source, message, backend):
    # not the runtime's own functions (_push, _Wrapper) or Python's TypeError/ValueError text
    with pytest.raises(SplRuntimeError) as info:
        run_source(source, "prog.spl", backend=backend)
    assert info.value.message == message


def test_a_compiled_module_runs_again_from_an_empty_namespace(capsys):
    from spl_py.api import Program
    from spl_py.parser import parse

    source = textwrap.dedent("""\
        var total = 0
        class Box:
            n: i64
        fn add(b: Box):
            total = total + b.n
        add(Box(n: 2))
        add(Box(n: 3))
        print "total {total}"
        fn main():
            print "main sees {total}"
        """)
    compiled = Program().compile(parse(source, "again.spl"), source, "again.spl", "__main__")
    compiled.run()
    compiled.run()
    assert capsys.readouterr().out == "total 5\nmain sees 5\n" * 2
