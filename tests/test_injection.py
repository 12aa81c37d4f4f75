"""Injection safety: Simple identifiers and strings that look like Python must mean exactly
what they mean in Simple -- in the transpiled module run by ``spl-py run`` and in the
readable file ``spl-py transpile`` writes (``python OUT.py``)."""
from __future__ import annotations

import pytest

from spl_py.runtime.rt import py_name
from spl_harness import both, run_standalone

NAMES = r'''
fn lambda(x: i64) -> i64:
    x + 1

fn exec(code: text) -> text:
    "exec({code})"

fn eval(s: text) -> text:
    "eval: " + s

fn __import__(m: text) -> text:
    "imported " + m

fn spl_div(a: i64, b: i64) -> i64:
    a * b

fn globals() -> text:
    "my globals"

val lambda_ = 10
val lambda__ = 20
val def = 1
val class_ = 2
val __name__ = "not main"
val __file__ = "nope"
val __builtins__ = 42
val SplObject = "shadow"
val SplClass = "meta"
val MISSING = "missing"
val to_text = 3
val call_method = 4
val range = 5
val len = 6
val print_ = 7
val spl_tmp1 = 8
val spl_value1 = 9
val yield = 11
val from = 12
val finally = 13
val nonlocal = 14
val global = 15
val del = 16
val raise = 17
val with = 18
val async = 19
val try = 20
print lambda(1), exec("x"), eval("y"), __import__("os"), spl_div(6, 2), globals()
print lambda_, lambda__, def, class_, __name__, __file__, __builtins__
print SplObject, SplClass, MISSING, to_text, call_method, range, len, print_, spl_tmp1, spl_value1
print yield, from, finally, nonlocal, global, del, raise, with, async, try
for i in 0..2:
    print i + range
'''

LOCALS = r'''
fn f(lambda: i64, exec: i64) -> i64:
    val __class__ = lambda * 10
    var spl_index = exec
    spl_index = spl_index + __class__
    val g = \yield: yield + spl_index
    g(1)

class Weird:
    lambda: i64
    _x_: i64 = 2

    fn raise() -> i64:
        self.lambda + 1

    fn __eq__(other) -> bool:
        true

val w = Weird(lambda: 5)
print f(2, 3), w.lambda, w.raise()
print w == Weird(lambda: 99)
print Weird(lambda: 1)
var getattr = 0
for spl_f in [1, 2]:
    getattr = getattr + spl_f
print getattr
enum None_:
    Exec
    Lambda(v: i64)
print None_.Exec, None_.Lambda(v: 3)
'''

STRINGS = r'''
val q = "quote \" inside"
print q
print 'single \' quote'
print "backslash \\ and \\n literal"
print "newline\nnext line"
print "tab\there"
print """triple with " and ' and \ backslash"""
print "triple quotes inside: \"\"\" and \'\'\'"
print "braces {{ and }} and {{{{"
print "escaped \{not interp\}"
print "{'a\"b'}"
print "{q} and {q.replace('\"', '\'')}"
print "percent %s %d {{}}"
print "a {{{1}}} b"
print "end\\"
val s = "x"
print r"raw \{ {s} \n"
print "unicode \u{263A} \x41 é"
print "ctrl \x01 done"
print "{s}{s}{{s}}"
print "{'}'} {'{'} {'\\'}"
val code = "__import__('os').system('echo pwned')"
print "{code}"
print "f'{code}'"
'''

SPECS = r'''
val x = 3.14159
val n = 42
print "{x:.2f} {x:10.3f}| {x:<10.1f}| {x:^10.1f}|"
print "{n:05d} {n:x} {n:o} {n:b} {n:+d} {n:,}"
print "{1234567.891:,.2f}"
print "{0.5:.0%} {x:e} {x:g}"
print "{'text':>8}|{'text':*^9}|"
print "{n:>8}|{n:<8}|{n:^8}|"
print "{[1, 2]:>10}|{nil:>5}|{true:<6}|"
'''

KEYWORD_PARAMS = r'''
fn f(from: i64, lambda: i64 = 2) -> i64:
    from * lambda

class K:
    fn m(def: i64, __class__: i64 = 1) -> i64: def + __class__

print f(3), f(from: 4), f(lambda: 5, from: 1), K().m(def: 4), K().m(4, __class__: 5)
print f(x: 1)
'''

BAD_SPEC = r'''
val s = "x"
print "ok"
print "{s:>{}}"
'''

BAD_SPEC_TYPE = r'''
val s = "x"
print "{s:.2f}"
'''


@pytest.mark.parametrize("source", [NAMES, LOCALS, STRINGS, SPECS, KEYWORD_PARAMS, BAD_SPEC, BAD_SPEC_TYPE],
                         ids=["names", "locals", "strings", "specs", "keyword_params", "bad_spec",
                              "bad_spec_type"])
def test_both_backends_agree(tmp_path, source):
    interp, transpiled = both(tmp_path, source)
    assert transpiled == interp


@pytest.mark.parametrize("source", [NAMES, LOCALS, STRINGS, SPECS, KEYWORD_PARAMS, BAD_SPEC],
                         ids=["names", "locals", "strings", "specs", "keyword_params", "bad_spec"])
def test_written_file_means_the_same(tmp_path, source):
    interp, _ = both(tmp_path, source)
    out, err, rc = run_standalone(tmp_path, source)
    assert out == interp[0]
    assert err.strip() == interp[1].strip()
    assert rc == (1 if interp[1] else 0)


def test_injected_code_is_not_run(tmp_path):
    interp, transpiled = both(tmp_path, STRINGS)
    assert "pwned" not in transpiled[0].replace("echo pwned", "")
    assert "__import__('os').system('echo pwned')" in transpiled[0]


@pytest.mark.parametrize("simple, python", [
    ("lambda", "lambda_"), ("lambda_", "lambda__"), ("lambda__", "lambda___"), ("x", "x"),
    ("spl_div", "spl_div_"), ("spl_div_", "spl_div__"), ("__import__", "__import___"),
    ("exec", "exec_"), ("print", "print_"), ("print_", "print__"), ("len", "len_"),
    ("Exception", "Exception_"), ("id", "id_"), ("SplClass", "SplClass_"), ("_", "_"),
    ("__x", "__x"), ("class", "class_"), ("None", "None_"), ("True", "True_"),
    ("println", "println"), ("lengths", "lengths"),
])
def test_py_name(simple, python):
    assert py_name(simple) == python


def test_py_name_is_one_to_one():
    words = ["lambda", "lambda_", "lambda__", "x", "x_", "spl_a", "spl_a_", "spl_", "spl__",
             "__init__", "__init___", "def", "def_", "def__", "to_text", "to_text_", "_", "__",
             "len", "len_", "len__", "list", "list_", "sum", "id", "id_", "type", "Exception"]
    mapped = [py_name(w) for w in words]
    assert len(set(mapped)) == len(words)


def test_builtin_names_are_never_bound_by_the_program():
    """A name the program binds never comes out spelled like a Python builtin, so the
    runtime's builtins keep their names (``print``, ``len``) in the generated code."""
    import builtins
    from spl_py.runtime.builtins import BUILTINS
    from spl_py.runtime.rt import builtin_py_name
    for b in dir(builtins):
        assert py_name(b) != b
        assert py_name(b + "_") != b + "_"
    assert builtin_py_name("print") == "print" and builtin_py_name("len") == "len"
    bound = {py_name(w) for w in BUILTINS}
    assert not any(builtin_py_name(b) in bound for b in BUILTINS if b in dir(builtins))


# Simple names that are Python builtins, bound by the program: renamed (``_`` appended), so
# they never shadow a builtin that generated code (or the runtime's own builtin) relies on.
# Each case: the program, and snippets the file ``spl-py transpile`` writes must contain.
BUILTIN_NAMES = {
    "fn_len": (r'''
fn len(x: i64) -> i64: 99
val xs = [1, 2, 3]
print len(5), len(len(1)), xs.len()
for i in 0..3:
    print i, len(i)
print [len(x) for x in xs]
print len
''', ["def len_(x", "len_(5)"]),
    "val_list": (r'''
val list = [1]
print list, list.len(), [x * 2 for x in list]
fn f() -> i64:
    list[0] + len(list)
print f()
print len([1, 2]), [1, 2, 3].map(\x: x + list[0])
''', ["list_ = [1]", "print(list_", "len(list_)"]),
    "var_sum": (r'''
var sum = 0
for i in 0..10:
    sum = sum + i
for x in [1, 2, 3]:
    sum += x
var i = 0
while i < 3:
    sum = sum * 2
    i = i + 1
fn add(n: i64):
    sum = sum + n
add(1)
print sum
print [sum for sum in [7, 8]], {sum: sum + 1 for sum in [1]}
''', ["sum_ = 0", "sum_ = sum_ + i", "global sum_"]),
    "param_id_type": (r'''
fn describe(id: i64, type: text = "user") -> text:
    "{type}#{id}"
class Item:
    id: i64
    type: text
    fn show(type: text) -> text:
        "{self.type}/{type}/{self.id}"
print describe(1), describe(2, "admin"), describe(type: "bot", id: 3), describe(id: 4)
val it = Item(id: 5, type: "book")
print it.id, it.type, it.show("x"), it.show(type: "y")
print [id * 2 for id in [1, 2]]
val f = \id: id + 1
print f(41)
print describe(7, kind: "x")
''', ["id_, type_ = spl_bind_args", "it.type"]),
    "param_print": (r'''
fn print_twice(print: text):
    println(print)
    println(print + print)
print_twice("ab")
print_twice(print: "cd")
print "still the builtin"
''', ["print_, = spl_bind_args", "println(print_)", "print('still the builtin')"]),
    "class_exception": (r'''
class Exception:
    msg: text
    fn text() -> text:
        "Exception: {self.msg}"
val e = Exception(msg: "boom")
print e, e.msg, e.text()
print Exception("pos").msg
fn fail() -> i64:
    val x = Exception("inner")
    x.msg.len() / 0
print fail()
''', ["class Exception_(metaclass=SplClass)", "Exception_(msg='boom')"]),
}


@pytest.mark.parametrize("case", sorted(BUILTIN_NAMES))
def test_builtin_names_renamed(tmp_path, case):
    source, expected = BUILTIN_NAMES[case]
    interp, transpiled = both(tmp_path, source)
    assert transpiled == interp
    out, err, rc = run_standalone(tmp_path, source)
    assert out == interp[0]
    assert err.strip() == interp[1].strip()
    assert rc == (1 if interp[1] else 0)
    text = (tmp_path / "out" / "prog.py").read_text(encoding="utf-8")
    for snippet in expected:
        assert snippet in text, snippet
