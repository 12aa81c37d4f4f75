"""Syntax errors: exact text, line and column.

Each ``tests/bad_programs/NAME.spl`` is parsed with the file name ``NAME.spl`` and must raise
:class:`SplSyntaxError` whose ``format()`` is exactly ``NAME.err`` (header
``NAME.spl:LINE:COL: error: MESSAGE``, the source line, a caret line, an optional hint).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from spl_py.errors import SplSyntaxError
from spl_py.parser import parse, parse_file

BAD = Path(__file__).resolve().parent / "bad_programs"
PROGRAMS = sorted(BAD.glob("*.spl"))
HEADER = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")
# Grammar-internal names that must never reach a user: rule or terminal names.
INTERNAL = re.compile(r"__ANON|_NEWLINE|_INDENT|_DEDENT|_NOPAREN|\b(?:RPAR|LPAR|RSQB|LSQB|RBRACE|"
                      r"LBRACE|COLON|COMMA|NAME|INT|FLOAT|STRING|COMP_OP|ADD_OP|MUL_OP|\$END)\b|"
                      r"expr_list|noparen|postfix|Token\(")


def syntax_error(source: str, filename: str = "t.spl") -> SplSyntaxError:
    with pytest.raises(SplSyntaxError) as info:
        parse(source, filename)
    return info.value


def test_there_are_at_least_forty_bad_programs():
    assert len(PROGRAMS) >= 40
    missing = [p.name for p in PROGRAMS if not p.with_suffix(".err").exists()]
    assert not missing


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_bad_program(path: Path):
    expected = path.with_suffix(".err").read_text(encoding="utf-8").rstrip("\n")
    error = syntax_error(path.read_text(encoding="utf-8"), path.name)
    assert error.format() == expected
    header = HEADER.match(expected.splitlines()[0])
    assert header, expected
    assert header["file"] == path.name
    assert (error.line, error.col) == (int(header["line"]), int(header["col"]))
    assert error.message == header["message"]
    assert not INTERNAL.search(error.format())


# (source, message, line, col, hint) for cases worth stating inline.
CASES = [
    ("val q = a // b", "'//' is not an operator in Simple", 1, 11, "use a / b on integers or a.fdiv(b)"),
    ("x = a < b < c", "comparisons cannot be chained", 1, 11, "write a < b and b < c"),
    ("for val in xs: pass", "'val' is a keyword and cannot be used as a name", 1, 5, "choose another name"),
    ("use a.b.{X, Y)", "import list opened with '{' is closed with ')'", 1, 14, "close it with '}'"),
    ("use a.b (X, Y}", "import list opened with '(' is closed with '}'", 1, 14, "close it with ')'"),
    ('print "abc', "unterminated string", 1, 7,
     'close the string on the same line, or use """ for text over several lines'),
    ("if x\n    pass", "expected ':', found end of line", 1, 5, None),
    ("while x\n    pass", "expected ':', found end of line", 1, 8, None),
    ("if x:\npass", "expected an indented block, found keyword 'pass'", 2, 1,
     "indent the block under the line ending in ':'"),
    ("if a:\n    if b:\n        x\n  y", "inconsistent indentation: this line does not line up with any "
     "enclosing block", 4, 3, "indent to column 1 (a tab counts as 4 columns)"),
    ("x\n  y", "unexpected indentation", 2, 3, "indent only the block after a line ending in ':'"),
    ("f(a, [b)", "'[' at line 1 column 6 is closed with ')'", 1, 8, "close it with ']'"),
    ("print(", "'(' is never closed", 1, 6, "close it with ')'"),
    ("print(\n", "'(' is never closed", 1, 6, "close it with ')'"),
    ("val x = 0x", "invalid number literal '0x'", 1, 9, "write digits after the prefix: 0x1F, 0b1010, 0o755"),
    ("val x = 9223372036854775808", "integer literal is too large for i64", 1, 9,
     "the largest i64 is 9223372036854775807"),
    ('print "{ }"', "empty expression in interpolated string", 1, 8, "write '{{' for a literal brace"),
    ("fn f(xs: i64... = [1]):\n    1", "a variadic parameter takes no default (it is [] when no argument is left)",
     1, 19, None),
    ("fn f(xs: i64..., y: i64):\n    1", "only the last parameter may be variadic", 1, 6, None),
    ("print run(fn():\n        val a = 1\n    val b = 2\n)", "inconsistent indentation: this line does not "
     "line up with any enclosing block", 3, 5, "indent to column 9 (a tab counts as 4 columns)"),
    ('print "{x"', "unterminated '{' in interpolated string (write '{{' for a literal brace)", 1, 8, None),
    ('print "{x +}"', "incomplete expression in interpolated string: expected an expression before '}'",
     1, 12, None),
    ('print "\\x1"', "invalid \\x escape: expected two hex digits", 1, 8, None),
    ("if a:\n        x\n\ty", "inconsistent indentation: this line does not line up with any "
     "enclosing block", 3, 2, "indent to column 1 (a tab counts as 4 columns)"),
    ("else:\n    x", "'else' without a matching 'if'", 1, 1,
     "'else' must follow an 'if' block at the same indentation"),
    ("x = )", "unmatched ')'", 1, 5, "remove it or add the opening bracket"),
    ("val x = (", "'(' is never closed", 1, 9, "close it with ')'"),
    ("val x = [1,\n2", "'[' is never closed", 1, 9, "close it with ']'"),
    ("class\n", "expected a name, found end of line", 1, 6, None),
    ("fn f(a b): 1", "expected ',' or ')', found name 'b'", 1, 8, None),
    ("val x = 1 2", "expected end of line, found number 2", 1, 11, None),
    ("a\rb", "unexpected carriage return", 1, 2, "save the file with \\n or \\r\\n line endings"),
    ("x = \x00", "unexpected character '\\x00'", 1, 5, None),
    ("val s = '''open", "unterminated triple-quoted string", 1, 9, "close it with '''"),
]


@pytest.mark.parametrize("source, message, line, col, hint", CASES)
def test_error_table(source, message, line, col, hint):
    error = syntax_error(source)
    assert (error.message, error.line, error.col, error.hint) == (message, line, col, hint)
    assert not INTERNAL.search(error.format())


def test_caret_and_source_line():
    error = syntax_error("val ok = 1\nval x = (1 + 2]\n")
    assert error.format() == (
        "t.spl:2:15: error: '(' at line 2 column 9 is closed with ']'\n"
        "    val x = (1 + 2]\n"
        "                  ^\n"
        "hint: close it with ')'")


def test_caret_under_tabs():
    error = syntax_error("if a:\n\tx = 1 +* 2\n")
    lines = error.format().splitlines()
    assert lines[1] == "        x = 1 +* 2"
    assert lines[2] == "               ^"


def test_interpolation_error_is_at_its_file_position():
    error = syntax_error('val a = 1\nprint f"""first\n  then {a +* 2}"""\n')
    assert (error.line, error.col) == (3, 12)
    assert error.message == "expected an expression, found '*'"


@pytest.mark.parametrize("depth", [50, 1000, 20000])
def test_deep_nesting_is_a_syntax_error_or_parses(depth):
    deep = "val x = " + "(" * depth + "1" + ")" * depth
    assert parse(deep, "t.spl").body
    error = syntax_error("val x = " + "[" * depth)
    assert error.message == "'[' is never closed"


def test_undecodable_file(tmp_path):
    path = tmp_path / "bad.spl"
    path.write_bytes(b"val x = 1\nprint \"\xff\"\n")
    with pytest.raises(SplSyntaxError) as info:
        parse_file(path)
    assert "not valid UTF-8" in info.value.message


def test_expected_set_is_kept_for_tools():
    error = syntax_error("if x\n    pass")
    assert "COLON" in error.expected


def test_error_lines_split_at_newlines_only():
    # a form feed or U+2028 inside a comment or string does not start a line: the error
    # shows the line the lexer counted
    error = syntax_error('val s = "a\u2028b"  # \x0c comment\nval y = (1 +\n')
    assert error.line == 2
    assert error.format().splitlines()[1] == "    val y = (1 +"
