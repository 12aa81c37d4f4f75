"""The transpiler's output: readable Python of the right shape, exact integer semantics,
source mapping to ``.spl`` lines, the ``transpile`` command and the files it writes."""
from __future__ import annotations

import ast
import re
import signal
import subprocess
import sys
import time

import pytest

from spl_py.api import run_source
from spl_py.parser import parse
from spl_py.transpile_run import compile_source
from spl_py.transpiler import Transpiler
from spl_harness import ROOT, both, run_standalone


def py(source: str, checked: bool = False) -> str:
    """The readable Python for ``source`` (also checked to parse back)."""
    text = Transpiler("t.spl", source, checked=checked).transpile(parse(source, "t.spl")).source()
    ast.parse(text)
    return text


def run_both(tmp_path, source):
    interp, transpiled = both(tmp_path, source)
    assert transpiled == interp
    return transpiled


CLASS = '''
class Point:
    x: f64
    y: f64 = 0.0

    fn norm() -> f64:
        (self.x * self.x + self.y * self.y).sqrt()

    me shift(dx: f64):
        self.x = self.x + dx

    static fn origin() -> Point:
        Point(x: 0.0)
'''


def test_class_shape():
    text = py(CLASS)
    assert "class Point(metaclass=SplClass):" in text
    assert "__slots__ = ('x', 'y')" in text
    assert "_spl_fields = ('x', 'y')" in text
    assert "_spl_defaults = {'y': lambda: 0.0}" in text
    assert "_spl_me_methods = ('shift',)" in text
    assert "def norm(self):" in text
    assert "@staticmethod" in text and "def origin():" in text
    assert "self.x = self.x + dx" in text


CONSTRUCTIONS = '''
var log: [text] = []
fn note(s: text, v: i64) -> i64:
    log.push(s)
    v

class Span:
    lo: i64
    mid: i64 = 5
    hi: i64 = note("default", 7)
    tag: text = "t"

print Span(lo: note("lo", 1), hi: note("hi", 2))
print Span(note("p", 0), mid: note("mid", 1), tag: "x")
print Span(hi: note("hi", 9), lo: note("lo", 8))
print log
print Span(mid: 1, tag: "no lo")
'''


def test_named_construction_passes_arguments_by_position_in_field_order(tmp_path):
    text = py(CONSTRUCTIONS)
    # a skipped field gets its literal default, or MISSING (its default made by the constructor)
    assert "Span(note('lo', 1), 5, note('hi', 2))" in text
    assert "Span(note('p', 0), note('mid', 1), MISSING, 'x')" in text
    assert "Span(MISSING, 1, MISSING, 'no lo')" in text
    # names against the field order keep Python's keywords: evaluated as written
    assert "Span(hi=note('hi', 9), lo=note('lo', 8))" in text
    out, err = run_both(tmp_path, CONSTRUCTIONS)
    assert out.splitlines() == ["Span(lo: 1, mid: 5, hi: 2, tag: t)",
                                "Span(lo: 0, mid: 1, hi: 7, tag: x)",
                                "Span(lo: 8, mid: 5, hi: 9, tag: t)",
                                "[lo, hi, p, mid, default, hi, lo]"]
    assert "missing field" in err and "lo" in err


def test_readable_constructs():
    text = py('''
fn f(n: i64, flag: bool) -> text:
    val label = if flag: "yes" else: "no"
    var total = 0
    for i in 0..n:
        total = total + i
    "{label}: {total}"
''')
    assert "def f(n, flag):" in text
    assert "label = 'yes' if flag else 'no'" in text
    assert "for i in range(n):" in text or "for i in spl_range(0, n):" in text
    assert "return f'{label}: {to_text(total)}'" in text or "return f'{label}: {total}'" in text
    assert "# spl:" in text


def test_range_loop_is_a_python_range():
    assert "for i in range(10):" in py("for i in 0..10:\n    print i\n")
    assert "for i in range(2, 5 + 1):" in py("for i in 2..=5:\n    print i\n")


def test_keywords_are_renamed():
    text = py("fn lambda(x: i64) -> i64: x\nval def = lambda(3)\nprint def\n")
    assert "def lambda_(x):" in text
    assert "def_ = lambda_(3)" in text


def test_integer_semantics_use_helpers_only_where_needed():
    text = py('''
fn f(a: i64, b: i64) -> i64:
    a / b + a % b
fn g(a: f64) -> f64:
    a / 2.0 + a * 3.0
fn h() -> i64:
    var s = 0
    for i in 0..10:
        s = s + i % 3
    s
''')
    # operands of unproven kind: Python's // and % only for a non-negative int over a
    # positive int, tested at run time (and / for two floats); the runtime's truncating
    # helpers otherwise
    body = next(n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef) and n.name == "f").body
    assert ast.unparse(body[0].value.left) == ast.unparse(ast.parse(
        "a // b if type(a) is int and a >= 0 and type(b) is int and b > 0 "
        "else a / b if type(a) is float and type(b) is float else spl_div(a, b)").body[0].value)
    assert ast.unparse(body[0].value.right) == ast.unparse(ast.parse(
        "a % b if type(a) is int and a >= 0 and type(b) is int and b > 0 else spl_mod(a, b)").body[0].value)
    assert "a / 2.0 + a * 3.0" in text
    assert "s = s + i % 3" in text


def test_checked_mode_emits_overflow_checks():
    text = py("fn f(a: i64, b: i64) -> i64: a * b + 1\n", checked=True)
    assert "spl_add_checked(spl_mul_checked(a, b), 1)" in text


def test_match_becomes_if_chain():
    text = py('''
enum Op:
    Add
    Sub
fn apply(op: Op, a: i64, b: i64) -> i64:
    match op:
        Op.Add: a + b
        Op.Sub: a - b
''')
    assert "class Op(SplEnumValue):" in text
    assert "if op is Op.Add:" in text  # a unit variant of this module: identity
    assert "spl_no_match(op)" in text


def test_patterns_of_this_modules_types_read_fields_directly():
    text = py('''
enum Shape:
    Circle(f64)
    Rect(width: f64, height: f64)
fn area(s: Shape) -> f64:
    match s:
        Shape.Circle(r): 3.0 * r * r
        Shape.Rect(w, h): w * h
fn shadowed(Shape, s) -> f64:
    match s:
        Shape.Circle(r): r
        _: 0.0
''')
    assert "if isinstance(s, Shape.Circle) and ((r := s._0) or True):" in text
    assert "isinstance(s, Shape.Rect) and ((w := s.width) or True) and ((h := s.height) or True)" in text
    # a parameter named like the enum: the runtime's test
    assert "spl_is_class(s, Shape.Circle, 'Shape.Circle', 1)" in text


def test_generated_code_imports_only_the_runtime():
    text = py(CLASS + "use lib.math (sqrt)\nprint sqrt(4.0)\n")
    imports = [n for n in ast.walk(ast.parse(text)) if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in imports:
        if isinstance(node, ast.ImportFrom):
            assert node.module == "spl_py.runtime.rt"
        else:
            assert [a.name for a in node.names] == ["builtins"]


def test_code_carries_spl_file_and_lines():
    source = "val a = 1\n\nfn f(x: i64) -> i64:\n    x * 2\n\nprint f(a)\n"
    code = compile_source(source, "prog.spl").code
    assert code.co_filename == "prog.spl"
    f_code = next(c for c in code.co_consts if hasattr(c, "co_name") and c.co_name == "f")
    assert f_code.co_filename == "prog.spl"
    assert f_code.co_firstlineno == 3  # the fn line
    assert {line for _, _, line in f_code.co_lines() if line} == {3, 4}


def test_runtime_error_maps_to_simple_trace(tmp_path):
    out, err = run_both(tmp_path, "fn inner(xs: [i64]) -> i64:\n    xs[7]\n\nfn outer() -> i64:\n"
                                  "    inner([1, 2])\n\nprint outer()\n")
    assert err.splitlines() == [
        "Traceback (most recent call last):",
        "  prog.spl:7 in <module>", "    print outer()",
        "  prog.spl:5 in outer", "    inner([1, 2])",
        "  prog.spl:2 in inner", "    xs[7]",
        "error: index 7 out of range for list of length 2",
    ]


def test_deep_recursion(tmp_path):
    interp, (out, err) = both(tmp_path, "fn f(n: i64) -> i64:\n    f(n + 1)\n\nprint f(0)\n")
    frames = re.compile(r"\.\.\. \d+ more frames \.\.\.")
    assert frames.sub("", err) == frames.sub("", interp[1])
    assert "error: maximum call depth exceeded" in err
    assert "hint: is a recursive function missing its base case?" in err


def test_run_source_transpile_backend(capsys):
    run_source('print "hi {1 + 2}"\n', backend="transpile")
    assert capsys.readouterr().out == "hi 3\n"


def test_block_values_try_and_closures(tmp_path):
    out, _ = run_both(tmp_path, '''
fn parse_pos(s: text) -> i64?:
    val n = s.parse_int()?
    if n > 0: Some(n) else: nil
fn counter() -> fn() -> i64:
    var c = 0
    fn tick() -> i64:
        c = c + 1
        c
    tick
val t = counter()
t()
print t(), parse_pos("5"), parse_pos("x"), parse_pos("-1")
val kind = match 3:
    case 1: "one"
    case n if n > 2: "big {n}"
    case _: "other"
print kind
''')
    assert out == "2 Some(5) nil nil\nbig 3\n"


def test_transpile_cli_writes_runnable_tree(tmp_path):
    main = ROOT / "tests" / "programs" / "modules_use.spl"
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "spl_py", "transpile", str(main), "--out-dir", str(out_dir)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (out_dir / "modules_use.py").exists()
    assert (out_dir / "mods" / "helpers.py").exists()
    run = subprocess.run([sys.executable, str(out_dir / "modules_use.py")], capture_output=True, text=True)
    assert run.stdout == main.with_suffix(".out").read_text(encoding="utf-8")


def test_transpile_cli_output_file_and_stdout(tmp_path):
    src = tmp_path / "hello.spl"
    src.write_text('print "hello"\n', encoding="utf-8")
    out = tmp_path / "hello_out.py"
    subprocess.run([sys.executable, "-m", "spl_py", "transpile", str(src), "-o", str(out)], check=True,
                   cwd=ROOT, capture_output=True)
    assert subprocess.run([sys.executable, str(out)], capture_output=True, text=True).stdout == "hello\n"
    shown = subprocess.run([sys.executable, "-m", "spl_py", "transpile", str(src)], cwd=ROOT,
                           capture_output=True, text=True)
    assert "print('hello')" in shown.stdout


def test_written_file_reports_simple_errors(tmp_path):
    out, err, rc = run_standalone(tmp_path, "fn f(a: i64) -> i64:\n    a / 0\n\nprint f(1)\n")
    assert rc == 1
    assert err.splitlines()[-3:] == ["  prog.spl:2 in f", "    a / 0", "error: division by zero"]


def test_ctrl_c_says_interrupted(tmp_path):
    src = tmp_path / "spin.spl"
    src.write_text('print "ready"\nvar i = 0\nwhile true:\n    i = i + 1\n', encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "spl_py", "run", "--no-cache", str(src)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "ready\n"
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert err.strip() == "interrupted"


@pytest.mark.parametrize("flag", [[], ["--interp"]])
def test_main_is_called_automatically(tmp_path, flag):
    src = tmp_path / "m.spl"
    src.write_text('fn main():\n    print "in main"\n\nprint "top"\nexport main\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "spl_py", "run", "--no-cache", *flag, str(src)] if not flag
                          else [sys.executable, "-m", "spl_py", "run", *flag, str(src)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout == "top\nin main\n"


INDIRECT_MAIN = """\
fn main():
    print "in main"
class App:
    n: i64
    fn start():
        main()
fn launch():
    App(n: 1).start()
print "top"
launch()
"""


def test_main_called_through_other_functions_is_not_called_again(tmp_path):
    interp, transpiled = both(tmp_path, INDIRECT_MAIN)
    assert interp == transpiled == ("top\nin main\n", "")


def test_written_file_reaches_the_call_depth_of_spl_py_run(tmp_path):
    """``python OUT.py`` runs the program on a big-stack thread with spl-py run's frame
    allowance: a depth of 7000 works, and running away is the same Simple error."""
    src = ("fn depth(n: i64) -> i64:\n    if n == 0:\n        return 0\n    1 + depth(n - 1)\n"
           "print depth(7000)\nprint depth(100000)\n")
    out, err, rc = run_standalone(tmp_path, src)
    assert (out, rc) == ("7000\n", 1)
    lines = err.splitlines()
    assert lines[:3] == ["Traceback (most recent call last):", "  prog.spl:6 in <module>", "    print depth(100000)"]
    assert lines[-2:] == ["error: maximum call depth exceeded", "hint: is a recursive function missing its base case?"]


TRY_ORDER = """\
fn side(v: i64) -> i64:
    print "side {v}"
    v
fn ok(v: i64) -> Result<i64, text>:
    print "ok {v}"
    Ok(v)
fn bad(v: i64) -> Result<i64, text>:
    print "bad {v}"
    Err("no {v}")
fn pair(a: i64, b: i64) -> i64: a * 10 + b
fn sum() -> Result<i64, text>:
    Ok(side(1) + ok(2)?)
fn args() -> Result<i64, text>:
    Ok(pair(side(3), bad(4)?))
fn items() -> i64?:
    val xs = [side(5), nil?]
    Some(xs.len())
fn first() -> Result<i64, text>:
    val v = ok(6)?
    Ok(v + 1)
fn branch(c: bool) -> Result<i64, text>:
    Ok(side(7) + (if c: ok(8)? else: 0))
print sum()
print args()
print items()
print first()
print branch(true)
fn positive(v: i64) -> Result<bool, text>:
    if v < 0: Err("negative") else: Ok(v > 0)
fn guarded(v: i64) -> Result<text, text>:
    match v:
        case 1 if positive(v)?: Ok("one")
        case n if n > 5 and positive(n)?: Ok("big")
        case _: Ok("other")
print guarded(-5), guarded(7)
fn cached_or(c: i64?) -> i64:
    side(9) + (c ?? [2].map(\\q: ok(q)?).len())
print cached_or(nil)
fn loud() -> Result<text, text>:
    Ok("got {ok(11)?}, doubled {[3].map(\\q: q * 2)}")
print loud()
"""


def test_a_question_mark_after_other_effects_keeps_the_evaluation_order(tmp_path):
    """``?`` is hoisted into statements only where nothing with effects is evaluated
    before it; elsewhere the failure is raised and the function returns it."""
    text = py(TRY_ORDER)
    assert "return Ok(side(1) + spl_try_or_raise(ok(2)))" in text
    assert "spl_try1 = ok(6)" in text  # the first thing evaluated: hoisted, as written
    interp, transpiled = both(tmp_path, TRY_ORDER)
    assert interp == transpiled == ("side 1\nok 2\nOk(3)\nside 3\nbad 4\nErr(no 4)\nside 5\nnil\nok 6\nOk(7)\nside 7\nok 8\nOk(15)\nOk(other) Ok(big)\nside 9\nok 2\n10\nok 11\nOk(got 11, doubled [6])\n", "")


DEEP_SHAPES = """\
fn depth(n: i64) -> i64:
    if n == 0:
        return 0
    1 + depth(n - 1)
fn via_map(n: i64) -> i64:
    if n == 0: 0 else: [n].map(\\x: via_map(x - 1))[0] + 1
fn via_comprehension(n: i64) -> i64:
    if n == 0: 0 else: [for i in 0..1: via_comprehension(n - 1)][0] + 1
print depth(11000), via_map(3000), via_comprehension(7000)
"""


def test_transpiled_code_reaches_the_interpreters_call_depth(tmp_path):
    """Calls through a lambda or comprehension take more than one Python frame of
    transpiled code: its frame allowance still covers what the interpreter reaches."""
    interp, transpiled = both(tmp_path, DEEP_SHAPES)
    assert interp == transpiled == ("11000 3000 7000\n", "")


def test_written_file_gives_exact_index_messages(tmp_path):
    out, err, rc = run_standalone(tmp_path, "fn f(xs: [i64], n: i64):\n    for i in 0..n:\n"
                                            "        xs[i] = xs[i] + 1\n\nf([1, 2], 3)\n")
    assert err.splitlines()[-1] == "error: index 2 out of range for list of length 2"


GUARDED_INDEX = '''
fn get(i):
    val xs = [1, 2, 3]
    xs[i]

fn put(i):
    var xs = [1, 2, 3]
    xs[i] = 9
    xs

fn bump(i):
    var xs = [1, 2, 3]
    xs[i] += 10
    xs
'''


def test_index_into_a_proven_list_tests_only_the_sign():
    text = py(GUARDED_INDEX)
    assert "return xs[i] if i >= 0 else spl_index(xs, i)" in text
    assert "if i >= 0:  # spl:13\n        xs[i] = xs[i] + 10\n    else:\n        spl_set_index(xs, i, spl_index(xs, i) + 10)" in text  # one test
    assert "type(i)" not in text


@pytest.mark.parametrize("call, message", [
    ('get("a")', "list index must be i64, not text"),
    ("put(nil)", "list index must be i64, not nil"),
    ("bump(1.5)", "list index must be i64, not f64"),
    ("bump(-1)", "index -1 out of range for list of length 3"),
    ("put(3)", "index 3 out of range for list of length 3"),
])
def test_an_index_that_fails_its_sign_test_gives_the_interpreters_message(tmp_path, call, message):
    source = GUARDED_INDEX + f"print get(true), put(0), bump(2)\nprint {call}\n"
    out, err = run_both(tmp_path, source)
    assert out == "2 [9, 2, 3] [1, 2, 13]\n"
    assert err.splitlines()[-1] == f"error: {message}"
    assert run_standalone(tmp_path, source)[1].splitlines()[-1] == f"error: {message}"


def test_division_of_unproven_kinds_has_an_int_and_a_float_fast_path(tmp_path):
    source = "fn f(a, b):\n    a / b\n\nprint f(7.5, 2.0), f(7, 2), f(-7, 2), f(7.5, 2), f(7, 2.0)\nprint f(1.5, 0.0)\n"
    assert ("a // b if type(a) is int and a >= 0 and (type(b) is int) and (b > 0) "
            "else a / b if type(a) is float and type(b) is float else spl_div(a, b)") in py(source)
    out, err = run_both(tmp_path, source)
    assert out == "3.75 3 -3 3.75 3.5\n"
    assert err.splitlines()[-1] == "error: division by zero"


def test_words_of_comments_and_strings_alias_no_builtin():
    # a guard reads the builtin itself unless the program spells its name in code
    text = py('# a float or a list\nfn f(x):\n    x.abs()\nprint "float list"\n')
    assert "if type(x) is float else" in text and "spl_pybuiltins" not in text
    assert "spl_pybuiltins.float" in py("fn f(x):\n    x.abs()\nprint float(2)\n")
