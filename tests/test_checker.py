"""Tests for ``spl-py check`` (spl_py.checker): exact diagnostics of small programs, clean
runs over every example and stdlib module, the symbol tables, and the CLI exit codes."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from spl_py.checker import check_file, check_paths, check_source
from spl_py.errors import SplSyntaxError, SplWarning

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = Path(__file__).resolve().parent / "check_programs"


def diags(source: str, filename: str = "<input>"):
    """(kind, line, col, message) of every diagnostic, in source order."""
    result = check_source(textwrap.dedent(source), filename)
    return [(d.kind, d.line, d.col, d.message) for d in result.diagnostics]


def messages(source: str):
    return [m for _, _, _, m in diags(source)]


def hints(source: str):
    result = check_source(textwrap.dedent(source))
    return [d.hint for d in result.diagnostics]


# ---------------------------------------------------------------- undefined names

def test_undefined_name_with_suggestion():
    src = """
    val total = 3
    print totl
    """
    assert diags(src) == [("error", 3, 7, "undefined name totl")]
    assert hints(src) == ["did you mean total?"]


def test_undefined_name_without_close_match():
    assert hints("print zzz\n") == [None]


def test_later_module_definitions_are_visible_in_functions():
    src = """
    fn f() -> i64:
        g() + LIMIT
    fn g() -> i64: 1
    val LIMIT = 3
    """
    assert diags(src) == []


def test_builtins_are_defined():
    assert diags("print(len([1]), int(2.5), Some(1), to_text(3), range(3))\n") == []


def test_bare_field_name_hints_self():
    src = """
    class P:
        x: f64
        fn get() -> f64:
            x
    """
    assert diags(src) == [("error", 5, 9, "undefined name x")]
    assert hints(src) == ["did you mean self.x?"]


def test_self_outside_method():
    assert diags("print self\n") == [("error", 1, 7, "self is only available inside a method")]


def test_self_in_static_method():
    src = """
    class P:
        x: i64
        static fn make() -> P:
            self.x
    """
    assert diags(src) == [("error", 5, 9, "self is only available inside a method")]
    assert hints(src) == ["static methods have no self"]


def test_closures_see_enclosing_function_variables():
    src = """
    fn outer() -> i64:
        var n = 1
        fn inner() -> i64:
            n = n + 1
            n
        val f = \\x: x + n
        inner() + f(2)
    """
    assert diags(src) == []


def test_function_locals_are_not_visible_outside():
    src = """
    fn f():
        val secret = 1
    print secret
    """
    assert messages(src) == ["undefined name secret"]


def test_python_dialect_assignment_declares():
    src = """
    fn f() -> i64:
        x = 1
        if x > 0:
            y = 2
        x + y
    z = 5
    print z
    """
    assert diags(src) == []


def test_compound_assignment_needs_a_binding():
    assert diags("fn f():\n    q += 1\n") == [("error", 2, 5, "undefined name q")]


def test_match_captures_and_enum_variants():
    src = """
    enum Tok:
        Num(i64)
        Plus
    fn f(t: Tok) -> i64:
        match t:
            case Tok.Num(v) if v > 0: v
            case Tok.Plus: 0
            case other: -1
    print f(Tok.Num(3))
    """
    assert diags(src) == []


def test_bare_variant_patterns_name_variants_of_known_enums():
    src = """
    enum Tok:
        Num(i64)
        Plus
    fn f(t: Tok) -> i64:
        match t:
            case Num(v): v
            case Plus: 0
            case Pluss: 1
    """
    assert diags(src) == [("error", 9, 14, "undefined name Pluss")]


def test_unknown_enum_variant():
    src = """
    enum Color:
        Red
        Green
    val c = Color.Purple
    """
    assert diags(src) == [("error", 5, 15, "enum Color has no variant Purple")]


def test_unknown_variant_in_pattern():
    src = """
    enum Color:
        Red
    fn f(c: Color) -> i64:
        match c:
            Color.Blue: 1
            case _: 2
    """
    assert messages(src) == ["enum Color has no variant Blue"]


def test_undefined_name_in_pattern():
    src = """
    fn f(c) -> i64:
        match c:
            case Missing.Red: 1
            case _: 2
    """
    assert diags(src) == [("error", 4, 14, "undefined name Missing")]


def test_comprehension_and_lambda_params_are_scoped():
    src = """
    val xs = [1, 2]
    val a = [y * 2 for y in xs if y > 0]
    val b = [for y in xs: y]
    val d = {k: k for k in xs}
    val f = \\p, q: p + q
    print a, b, d, f(1, 2)
    print p
    """
    assert diags(src) == [("error", 8, 7, "undefined name p")]


def test_undefined_name_inside_comprehension():
    assert diags("val a = [y for y in [1] if y > z]\n") == [("error", 1, 32, "undefined name z")]


def test_for_targets_and_destructuring():
    src = """
    for (i, (a, b)) in [(1, 2)].enumerate():
        print i + a + b
    val (p, q) = (1, 2)
    print p + q
    """
    assert diags(src) == []


def test_undefined_name_in_interpolation():
    assert diags('val n = 1\nprint "value {m + n}"\n') == [("error", 2, 15, "undefined name m")]


def test_undefined_export():
    assert diags("export nothing\n") == [("error", 1, 8, "undefined name nothing")]


def test_undefined_impl_target():
    src = """
    impl Ghost:
        fn f() -> i64: 1
    """
    assert diags(src) == [("error", 2, 6, "undefined name Ghost")]


def test_generic_type_parameters_are_not_names():
    src = """
    class Box<T>:
        value: T
        static fn of(v: T) -> Box<T>:
            Box(value: v)
    fn first<T>(xs: [T]) -> T:
        xs[0]
    print Box<i64>.of(1), first([1])
    """
    assert diags(src) == []


# ---------------------------------------------------------------- members

def test_unknown_method_on_known_class():
    src = """
    class P:
        x: f64
        fn norm() -> f64: self.x
    val p = P(x: 1.0)
    print p.nrom()
    """
    assert diags(src) == [("error", 6, 9, "P has no field or method nrom")]
    assert hints(src) == ["did you mean norm?"]


def test_unknown_field_through_self():
    src = """
    class P:
        x: f64
        fn get() -> f64:
            self.y
    """
    assert messages(src) == ["P has no field or method y"]


def test_classes_with_init_are_open():
    src = """
    class C:
        fn __init__(n: i64):
            self.n = n
        fn get() -> i64:
            self.n + self.extra
    """
    assert diags(src) == []


def test_inherited_and_trait_members():
    src = """
    trait Named:
        fn name() -> text
        fn greet() -> text: "hi {self.name()}"
    class Base:
        a: i64 = 1
        fn base_m() -> i64: self.a
    class Child(Base):
        b: i64 = 2
        fn total() -> i64: self.a + self.b + self.base_m()
    impl Named for Child:
        fn name() -> text: "child"
    val c = Child()
    print c.greet(), c.total(), c.to_string()
    """
    assert diags(src) == []


# ---------------------------------------------------------------- imports

def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def file_diags(path: Path):
    return [(d.kind, d.line, d.col, d.message) for d in check_file(path).diagnostics]


def test_module_not_found(tmp_path):
    main = write(tmp_path, "main.spl", "use nowhere.thing\nuse lib.nothere.{x}\n")
    assert file_diags(main) == [("error", 1, 5, "module nowhere.thing not found"),
                                ("error", 2, 5, "module lib.nothere not found")]


def test_stdlib_imports_resolve(tmp_path):
    main = write(tmp_path, "main.spl", """
        use lib.math.{sqrt, pi}
        use std.math
        print sqrt(pi) + math.cos(0.0)
    """)
    assert file_diags(main) == []


def test_name_not_exported(tmp_path):
    write(tmp_path, "util.spl", "export pub_fn\nfn pub_fn() -> i64: 1\nfn private() -> i64: 2\n")
    main = write(tmp_path, "main.spl", """
        use util.{pub_fn, private}
        use util
        print util.private()
    """)
    assert file_diags(main) == [
        ("error", 2, 19, "module util has no export private (exports: pub_fn)"),
        ("error", 4, 12, "module util has no export private (exports: pub_fn)"),
    ]


def test_without_export_statement_every_top_level_name_is_exported(tmp_path):
    write(tmp_path, "util.spl", "val K = 1\nfn f() -> i64: K\nclass C:\n    x: i64\n")
    main = write(tmp_path, "main.spl", "use util.{K, f, C}\nprint K + f() + C(x: 1).x\n")
    assert file_diags(main) == []


def test_export_use_reexports(tmp_path):
    write(tmp_path, "inner.spl", "fn deep() -> i64: 1\n")
    write(tmp_path, "outer.spl", "export use inner.{deep}\n")
    main = write(tmp_path, "main.spl", "use outer.{deep}\nprint deep()\n")
    assert file_diags(main) == []


def test_star_import(tmp_path):
    write(tmp_path, "util.spl", "fn helper(a: i64) -> i64: a\n")
    main = write(tmp_path, "main.spl", "use util.*\nprint helper(1, 2)\nprint nope\n")
    assert file_diags(main) == [("error", 2, 17, "helper takes 1 argument but 2 were given"),
                                ("error", 3, 7, "undefined name nope")]


def test_import_cycle(tmp_path):
    write(tmp_path, "a.spl", "use b.{fb}\nfn fa() -> i64: 1\n")
    write(tmp_path, "b.spl", "use c.{fc}\nfn fb() -> i64: 2\n")
    write(tmp_path, "c.spl", "use a.{fa}\nfn fc() -> i64: 3\n")
    assert file_diags(tmp_path / "a.spl") == [("error", 1, 5, "import cycle: a -> b -> c -> a")]
    assert file_diags(tmp_path / "b.spl") == [("error", 1, 5, "import cycle: b -> c -> a -> b")]


def test_imported_module_with_syntax_error(tmp_path):
    write(tmp_path, "broken.spl", "fn f(:\n")
    main = write(tmp_path, "main.spl", "use broken.{f}\n")
    assert file_diags(main) == [("error", 1, 5, "module broken has a syntax error")]


def test_imported_signatures_are_checked(tmp_path):
    main = PROGRAMS / "uses_geometry.spl"
    assert file_diags(main) == [
        ("error", 2, 25, "module geometry has no export helper (exports: ORIGIN_NAME, Vec, dot, scale)"),
        ("error", 2, 33, "module geometry has no export Vex (exports: ORIGIN_NAME, Vec, dot, scale)"),
        ("error", 6, 32, "scale takes 1 to 2 arguments but 3 were given"),
        ("error", 7, 7, "missing argument b in call to dot"),
        ("error", 9, 16, "module geometry has no export helper (exports: ORIGIN_NAME, Vec, dot, scale)"),
        ("error", 11, 1, "cannot mutate through immutable binding v"),
        ("error", 12, 14, "Vec.norm takes 0 arguments but 1 was given"),
    ]


def test_spec_files_see_the_sspec_dsl(tmp_path):
    spec = write(tmp_path, "thing_spec.spl", """
        describe "thing":
            it "works":
                expect(1 + 1).to_equal(2)
    """)
    assert file_diags(spec) == []
    plain = write(tmp_path, "thing.spl", "expect(1)\n")
    assert file_diags(plain) == [("error", 1, 1, "undefined name expect")]


# ---------------------------------------------------------------- arity

FNS = """
fn add(a: i64, b: i64 = 2) -> i64:
    a + b
fn none() -> i64: 0
class P:
    x: f64
    y: f64 = 0.0
    fn scaled(k: f64) -> P: P(x: self.x * k, y: self.y * k)
    static fn make(x: f64) -> P: P(x: x)
    fn twice() -> P: self.scaled(2.0, 3.0)
class Cfg:
    fn __init__(data: [i64], lr: f64 = 0.1):
        self.data = data
"""


def arity(call: str):
    """Diagnostics of ``call`` placed after FNS (line 0 is the call's line), without the
    one FNS itself has (``self.scaled(2.0, 3.0)``)."""
    return [(line - FNS.count("\n") - 1, col, msg) for _, line, col, msg in diags(FNS + call + "\n")
            if not msg.startswith("P.scaled takes")]


def test_too_many_positional():
    assert arity("add(1, 2, 3)") == [(0, 11, "add takes 1 to 2 arguments but 3 were given")]
    assert arity("none(1)") == [(0, 6, "none takes 0 arguments but 1 was given")]


def test_missing_and_unknown_named():
    assert arity("add(b: 3)") == [(0, 1, "missing argument a in call to add")]
    assert arity("add(1, c: 4)") == [(0, 8, "unknown argument c in call to add")]
    assert arity("add(1, a: 4)") == [(0, 8, "argument a given twice in call to add")]


def test_method_on_self_arity():
    assert messages(FNS) == ["P.scaled takes 1 argument but 2 were given"]


def test_constructor_arity():
    assert arity("P(y: 1.0)") == [(0, 1, "missing field x in P")]
    assert arity("P(1.0, 2.0, 3.0)") == [(0, 13, "P has 2 fields but 3 arguments were given")]
    assert arity("P(x: 1.0, z: 2.0)") == [(0, 11, "unknown field z for P")]
    assert arity("P { x: 1.0 }") == []


def test_init_constructor_and_static_method_arity():
    assert arity("Cfg()") == [(0, 1, "missing argument data in call to Cfg")]
    assert arity("Cfg([1], 0.1, 3)") == [(0, 15, "Cfg takes 1 to 2 arguments but 3 were given")]
    assert arity("P.make()") == [(0, 1, "missing argument x in call to P.make")]
    assert arity("P.make(1.0).scaled()") == [(0, 1, "missing argument k in call to P.scaled")]


def test_enum_variant_arity():
    src = """
    enum Shape:
        Circle(radius: f64)
    print Shape.Circle(1.0, 2.0)
    """
    assert messages(src) == ["Shape.Circle has 1 field but 2 arguments were given"]


def test_pipe_arity():
    assert arity("print 1 |> none") == [(0, 7, "none takes 0 arguments but 1 was given")]


def test_trailing_block_counts_as_an_argument():
    src = """
    fn run(name: text, body: fn() -> ()):
        body()
    run "x":
        print 1
    """
    assert diags(src) == []


# ---------------------------------------------------------------- duplicates

def test_duplicate_definitions():
    src = """
    fn f() -> i64: 1
    fn f() -> i64: 2
    class C:
        a: i64
        a: i64
        fn m(p): p
        fn m(): 1
    struct C:
        x: i64
    enum E:
        A
        A
    """
    assert diags(src) == [
        ("error", 3, 4, "duplicate definition of f"),
        ("error", 6, 5, "duplicate field a in C"),
        ("error", 8, 8, "duplicate method m in C"),
        ("error", 9, 8, "duplicate definition of C"),
        ("error", 13, 5, "duplicate variant A in E"),
    ]


def test_duplicate_nested_function():
    src = """
    fn outer():
        fn h(): 1
        fn h(): 2
    """
    assert diags(src) == [("error", 4, 8, "duplicate definition of h")]


def test_shadowing_val_is_not_a_duplicate():
    assert diags("val x = 1\nval x = 2\nprint x\n") == []


# ---------------------------------------------------------------- mutation

def test_push_result_assigned():
    src = """
    var xs = [1]
    xs = xs.push(2)
    """
    assert diags(src) == [("error", 3, 1, "push returns nothing: this assigns nil to xs")]
    assert hints(src) == ["lists change in place: write xs.push(...) on its own"]


def test_assign_to_val():
    src = """
    val n = 1
    n = 2
    fn f():
        val k = 1
        k += 1
    fn g(): 1
    g = 3
    """
    assert messages(src) == ["cannot assign to immutable binding n",
                             "cannot assign to immutable binding k",
                             "cannot assign to immutable binding g"]


def test_params_and_vars_are_assignable():
    assert diags("fn f(a: i64) -> i64:\n    a = a + 1\n    var b = a\n    b += 1\n    b\n") == []


def test_me_method_through_val():
    src = """
    class Counter:
        n: i64 = 0
        me tick():
            self.n = self.n + 1
        fn get() -> i64: self.n
    val c = Counter()
    c.tick()
    print c.get()
    var d = Counter()
    d.tick()
    fn f(p: Counter):
        val local: Counter = p
        local.tick()
    """
    assert diags(src) == [("error", 8, 1, "cannot mutate through immutable binding c"),
                          ("error", 14, 5, "cannot mutate through immutable binding local")]


def test_self_assignment_in_plain_method():
    src = """
    class P:
        x: i64
        fn bump():
            self.x = self.x + 1
        fn bump2():
            self.x += 1
        me ok():
            self.x = 0
    """
    assert diags(src) == [("error", 5, 9, "cannot mutate through immutable binding self"),
                          ("error", 7, 9, "cannot mutate through immutable binding self")]
    assert hints(src)[0] == "declare the method with `me` to assign self.x"


def test_self_assignment_in_plain_method_of_init_class_warns():
    src = """
    class Model:
        fn __init__(n: i64):
            self.n = n
        fn step():
            self.n = self.n + 1
    """
    assert diags(src) == [("warning", 6, 9, "method assigns self.n; declare it `me`")]


def test_assign_unknown_field():
    src = """
    class P:
        x: i64
        me set():
            self.z = 1
    """
    assert diags(src) == [("error", 5, 14, "P has no field z")]


# ---------------------------------------------------------------- control flow

def test_return_break_continue_placement():
    src = """
    return 1
    break
    continue
    fn f():
        return
    for i in 0..3:
        if i > 1:
            break
        val g = \\: 1
    while true:
        fn inner():
            continue
        break
    """
    assert diags(src) == [("error", 2, 1, "return outside a function"),
                          ("error", 3, 1, "break outside a loop"),
                          ("error", 4, 1, "continue outside a loop"),
                          ("error", 13, 9, "continue outside a loop")]


# ---------------------------------------------------------------- all problems of a file

def test_every_problem_of_a_file_is_reported():
    src = """
    use lib.math.{sqrt, nope}
    fn area(w: f64, h: f64) -> f64:
        w * hh
    fn area(r: f64) -> f64:
        r
    val side = 2.0
    side = 3.0
    print area(1.0)
    print aera(1.0, 2.0)
    for i in 0..3:
        pass
    break
    """
    assert diags(src) == [
        ("error", 2, 21, "module lib.math has no export nope (exports: abs, acos, asin, atan, atan2, "
                         "ceil, clamp, cos, cosh, e, exp, floor, hypot, inf, is_inf, is_nan, log, log10, "
                         "log2, max, min, nan, pi, pow, sin, sinh, sqrt, tan, tanh, tau)"),
        ("error", 4, 9, "undefined name hh"),
        ("error", 5, 4, "duplicate definition of area"),
        ("error", 8, 1, "cannot assign to immutable binding side"),
        ("error", 9, 7, "missing argument h in call to area"),
        ("error", 10, 7, "undefined name aera"),
        ("error", 13, 1, "break outside a loop"),
    ]


def test_syntax_error_is_the_only_diagnostic():
    result = check_source("val x = )\n")
    assert len(result.diagnostics) == 1 and isinstance(result.diagnostics[0], SplSyntaxError)
    assert result.symbols is None and result.syntax_error


def test_format_has_location_caret_and_hint():
    result = check_source("val total = 1\nprint totl\n", "prog.spl")
    assert result.diagnostics[0].format() == (
        "prog.spl:2:7: error: undefined name totl\n"
        "    print totl\n"
        "          ^^^^\n"
        "hint: did you mean total?")
    assert isinstance(check_source("class M:\n    fn __init__():\n        self.a = 1\n"
                                   "    fn f():\n        self.a = 2\n").diagnostics[0], SplWarning)


# ---------------------------------------------------------------- symbol tables

def test_symbol_table_for_tools():
    src = textwrap.dedent("""
    class Point:
        x: f64
        fn norm() -> f64:
            val sq = self.x * self.x
            sq
    fn area(w: f64, h: f64 = 1.0) -> f64:
        w * h
    val p = Point(x: 1.0)
    """)
    result = check_source(src, "<t>")
    syms = result.symbols
    assert syms.globals["area"].kind == "function"
    assert syms.globals["area"].detail == "fn area(w: f64, h: f64 = ...) -> f64"
    assert (syms.globals["area"].span.line, syms.globals["area"].span.col) == (7, 4)
    point = syms.classes["Point"]
    assert list(point.fields) == ["x"] and list(point.methods) == ["norm"]
    assert syms.globals["p"].value_class is point
    inner = syms.scope_at(6, 9)
    assert inner.kind == "method" and set(inner.symbols) == {"self", "sq"}
    assert "area" in syms.visible_at(6, 9) and "print" in syms.visible_at(6, 9)
    used = syms.symbol_at(9, 9)
    assert used is not None and used.kind == "class" and used.name == "Point"
    assert syms.symbol_at(6, 9).name == "sq"


# ---------------------------------------------------------------- clean programs

def _spl_files(folder: Path):
    return sorted(p for p in folder.rglob("*.spl"))


CLEAN = _spl_files(ROOT / "examples_spl") + _spl_files(ROOT / "stdlib" / "lib") + [
    PROGRAMS / "clean_scoping.spl", PROGRAMS / "clean_module_user.spl", PROGRAMS / "geometry.spl"]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: str(p.relative_to(ROOT)))
def test_valid_programs_have_no_errors(path):
    result = check_file(path)
    assert [d.format() for d in result.errors] == []


# ---------------------------------------------------------------- the command line

def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "spl_py", "check", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_cli_clean_file_exits_0():
    proc = run_cli(PROGRAMS / "clean_scoping.spl", ROOT / "examples_spl" / "xor_example.spl")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_cli_errors_exit_1(tmp_path):
    bad = write(tmp_path, "bad.spl", "print nope\nprint nada\n")
    proc = run_cli(bad)
    assert proc.returncode == 1
    assert f"{bad}:1:7: error: undefined name nope" in proc.stderr
    assert f"{bad}:2:7: error: undefined name nada" in proc.stderr
    assert proc.stderr.rstrip().endswith("2 errors, 0 warnings in 1 file")


def test_cli_warnings_alone_exit_0(tmp_path):
    warn = write(tmp_path, "warn.spl", "class M:\n    fn __init__():\n        self.a = 1\n"
                                       "    fn f():\n        self.a = 2\n")
    proc = run_cli(warn)
    assert proc.returncode == 0
    assert "warning: method assigns self.a; declare it `me`" in proc.stderr


def test_cli_syntax_error_exits_2(tmp_path):
    bad = write(tmp_path, "syntax.spl", "val x = )\n")
    other = write(tmp_path, "other.spl", "print nope\n")
    proc = run_cli(bad, other)
    assert proc.returncode == 2
    assert f"{bad}:1:9: error:" in proc.stderr and "undefined name nope" in proc.stderr


def test_check_paths_returns_exit_code(tmp_path, capsys):
    assert check_paths([PROGRAMS / "geometry.spl"]) == 0
    assert check_paths([PROGRAMS / "cycle_a.spl"]) == 1
    assert "import cycle: cycle_a -> cycle_b -> cycle_a" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["clean_scoping.spl", "clean_module_user.spl"])
def test_clean_check_programs_really_run(name):
    """The programs the checker must accept are valid: the interpreter runs them."""
    proc = subprocess.run([sys.executable, "-m", "spl_py", "run", str(PROGRAMS / name)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_let_is_a_legacy_spelling():
    src = """
    let x = 1
    let mut y = 2
    y = x
    """
    assert diags(src) == [
        ("warning", 2, 1, "`let` is a legacy spelling: write `val`"),
        ("warning", 3, 1, "`let` is a legacy spelling: write `var`"),
    ]


def test_a_default_sees_self_and_the_parameters_before_it():
    assert messages("""
    class C:
        k: i64
        fn scale(v, by = self.k):
            v * by
    fn g(x, y = x * 2):
        x + y
    fn f(a = missing):
        a
    print g(1), C(k: 2).scale(3), f()
    """) == ["undefined name missing"]
