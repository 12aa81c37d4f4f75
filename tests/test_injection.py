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
val await = 13
val nonlocal = 14
val global = 15
val del = 16
val raise = 17
val with = 18
val async = 19
val try = 20
print lambda(1), exec("x"), eval("y"), __import__("os"), spl_div(6, 2), globals()
print lambda_, lambda__, def, class_, __name__, __file__, __builtins__
print SplObject, MISSING, to_text, call_method, range, len, print_, spl_tmp1, spl_value1
print yield, from, await, nonlocal, global, del, raise, with, async, try
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
    ("exec", "exec"), ("print", "print"), ("SplObject", "SplObject_"), ("_", "_"),
    ("__x", "__x"), ("class", "class_"), ("None", "None_"), ("True", "True_"),
])
def test_py_name(simple, python):
    assert py_name(simple) == python


def test_py_name_is_one_to_one():
    words = ["lambda", "lambda_", "lambda__", "x", "x_", "spl_a", "spl_a_", "spl_", "spl__",
             "__init__", "__init___", "def", "def_", "def__", "to_text", "to_text_", "_", "__"]
    mapped = [py_name(w) for w in words]
    assert len(set(mapped)) == len(words)
