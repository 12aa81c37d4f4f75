"""Hypothesis strategies that mutate real Simple programs, for fuzzing the parser (and,
later, the interpreter and the transpiler).

``mutated_programs()`` draws a program from ``examples_spl/`` (all ``*.spl`` files, found
recursively; a few inline programs when the folder is empty), optionally cuts a window of
lines out of it, and applies one to four mutations: drop / duplicate / swap tokens, drop /
duplicate / swap / re-indent lines, insert random characters or bytes, insert deep
bracket nesting, insert keywords, truncate.  The result is source text that is usually
*almost* valid, which is where parsers break.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

FALLBACK_PROGRAMS = (
    'use lib.math.{sqrt}\n\nclass Point:\n    x: f64\n    y: f64\n\n    fn norm() -> f64:\n'
    '        (self.x * self.x + self.y * self.y).sqrt()\n\nfn main():\n'
    '    val p = Point(x: 3.0, y: 4.0)\n    print "norm = {p.norm():.2f}"\n    var xs: [i64] = []\n'
    '    for i in 0..5:\n        xs.push(i * i)\n    print xs\n\nmain()\n',
    'enum Op:\n    Add\n    Mul\n\nfn apply(op: Op, a: i64, b: i64) -> i64:\n    match op:\n'
    '        Op.Add: a + b\n        case Op.Mul: a * b\n\nval r = apply(Op.Add, 2, 3)\n'
    'val f = \\x: x * 2\nval ys = [f(x) for x in [1, 2, 3] if x > 1]\nprint "r={r} ys={ys}"\n',
    'fn fib(n: i64) -> i64:\n    if n < 2: return n\n    fib(n - 1) + fib(n - 2)\n\n'
    'var total = 0\nvar i = 0\nwhile i < 10:\n    total += fib(i)\n    i = i + 1\n'
    'val d = {"a": 1, "b": 2}\nval label = if total > 10: "big" else: "small"\n'
    'print f"total={total} {label} {d[\'a\']}"\n',
)

# Words, numbers, strings (one line), operators, blanks: coarse tokens of Simple text.
_TOKEN = re.compile(r'''[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.eE]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|'''
                    r'''\.\.=|\.\.|\?\?|\|>|->|=>|[-+*/%<>=!&|^]=?|\*\*|\n[ \t]*|[ \t]+|.''', re.S)
_KEYWORDS = ("fn", "val", "var", "if", "elif", "else", "for", "in", "while", "match", "case", "class",
             "struct", "enum", "impl", "trait", "return", "me", "static", "use", "export", "and", "or",
             "not", "loop", "break", "pass", "extern", "nil", "self", "\\", ":", "->", "=>", "|", "?",
             ".?", "?.", "??", "{", "}", "(", ")", "[", "]", ",", ";", ".", "..", "@", "#[x]", '"{', "{{",
             "'", '"', '"""', "\t", "\n", "\n    ", "\n        ", "//", "<", ">", "0x", "1e", "9" * 25)


@lru_cache(maxsize=None)
def corpus() -> tuple[str, ...]:
    """The example programs (recursively under examples_spl/), or the inline fallbacks."""
    files = sorted((ROOT / "examples_spl").glob("**/*.spl"))
    texts = []
    for path in files:
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return tuple(texts) or FALLBACK_PROGRAMS


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@st.composite
def _window(draw, text: str) -> str:
    """The whole program, or (more often, to keep cases fast) a run of its lines."""
    lines = text.splitlines(keepends=True)
    if len(lines) <= 60 or draw(st.integers(0, 3)) == 0:
        return text
    size = draw(st.integers(5, 60))
    # Start at a line in column 1 so that most windows are not rejected for their indentation.
    starts = [i for i, line in enumerate(lines[:len(lines) - size + 1]) if line[:1] not in (" ", "\t", "\n")]
    start = draw(st.sampled_from(starts)) if starts else 0
    return "".join(lines[start:start + size])


@st.composite
def _mutate(draw, text: str) -> str:
    kind = draw(st.sampled_from((
        "drop_token", "dup_token", "swap_tokens", "replace_token", "insert_word",
        "drop_line", "dup_line", "swap_lines", "indent_line", "dedent_line",
        "random_text", "random_bytes", "deep_nesting", "truncate",
    )))
    if kind in ("drop_token", "dup_token", "swap_tokens", "replace_token", "insert_word"):
        toks = _tokens(text)
        if not toks:
            return text + draw(st.sampled_from(_KEYWORDS))
        i = draw(st.integers(0, len(toks) - 1))
        if kind == "drop_token":
            del toks[i]
        elif kind == "dup_token":
            toks.insert(i, toks[i])
        elif kind == "swap_tokens":
            j = draw(st.integers(max(0, i - 3), min(len(toks) - 1, i + 3)))
            toks[i], toks[j] = toks[j], toks[i]
        elif kind == "replace_token":
            toks[i] = draw(st.sampled_from(_KEYWORDS))
        else:
            toks.insert(i, draw(st.sampled_from(_KEYWORDS)) + draw(st.sampled_from(("", " "))))
        return "".join(toks)
    lines = text.splitlines(keepends=True) or [""]
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "drop_line":
        del lines[i]
    elif kind == "dup_line":
        lines.insert(i, lines[i])
    elif kind == "swap_lines":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent_line":
        lines[i] = draw(st.sampled_from((" ", "  ", "    ", "\t", " \t"))) + lines[i]
    elif kind == "dedent_line":
        lines[i] = lines[i][draw(st.integers(1, 4)):]
    elif kind == "random_text":
        pos = draw(st.integers(0, len(text)))
        return text[:pos] + draw(st.text(max_size=8)) + text[pos:]
    elif kind == "random_bytes":
        pos = draw(st.integers(0, len(text)))
        noise = draw(st.binary(min_size=1, max_size=8)).decode("latin-1")
        return text[:pos] + noise + text[pos:]
    elif kind == "deep_nesting":
        pos = draw(st.integers(0, len(text)))
        depth = draw(st.sampled_from((10, 100, 1000, 5000)))
        opener = draw(st.sampled_from(("(", "[", "{", "-", "not ", "\\x: ", "[x for x in ", "f(")))
        closer = {"(": ")", "[": "]", "{": "}", "[x for x in ": "]", "f(": ")"}.get(opener, "")
        balanced = draw(st.booleans())
        return text[:pos] + opener * depth + "1" + (closer * depth if balanced else "") + text[pos:]
    else:  # truncate
        return text[:draw(st.integers(0, len(text)))]
    return "".join(lines)


@st.composite
def mutated_programs(draw, max_mutations: int = 4) -> str:
    """Source text: an example program (or part of one) with 1..max_mutations mutations."""
    text = draw(_window(draw(st.sampled_from(corpus()))))
    for _ in range(draw(st.integers(1, max_mutations))):
        text = draw(_mutate(text))
    return text
