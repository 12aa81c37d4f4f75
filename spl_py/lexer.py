"""The post-lexer between Lark's contextual lexer and the LALR parser.

It does only what a regular grammar cannot:

* indentation: ``_INDENT``/``_DEDENT`` from the leading blanks of each line (Lark's
  ``Indenter``; a tab counts as 4 columns, no tokens inside brackets);
* line continuation: a newline right after a binary operator that needs a right operand
  (``a +`` / ``and`` / ``,`` ...) does not end the statement;
* keywords: the contextual lexer reads a reserved word as a plain name where the keyword
  cannot appear (``for val in xs``); such a token is given back its keyword type so the
  parser reports "'val' is a keyword".
"""
from __future__ import annotations

from lark.indenter import Indenter
from lark.lexer import Token

from .ast import Span
from .errors import SplSyntaxError

# Decision 16 / §1.5: words that can never be identifiers.
KEYWORDS = frozenset("""
    fn val var class struct enum impl trait static me extern use export import if elif else
    for in while loop break continue return pass match case and or not true false nil self
    is as const xor let
""".split())

# A newline after one of these continues the logical line (§1.4).
CONTINUATION_TYPES = frozenset({
    "ADD_OP", "MUL_OP", "COMP_OP", "SHIFT_OP", "COMMA", "AND", "OR", "XOR", "AMPERSAND",
    "VBAR", "EQUAL", "AUG_OP", "__ANON_PIPE", "RANGE_OP", "IN",
})
CONTINUATION_VALUES = frozenset({"and", "or", "xor", "|>", "??", "**", "@", "&", "|", "^",
                                 "&&", "||", ",", "=", "in"})


class InconsistentDedent(Exception):
    """Raised with the offending newline token; the parser driver turns it into a syntax error."""

    def __init__(self, token: Token, indent: int, expected: int):
        super().__init__("inconsistent indentation")
        self.token = token
        self.indent = indent
        self.expected = expected


class SimpleIndenter(Indenter):
    """Lark's ``Indenter`` with its state kept per call of ``process``, so that the parser can be
    re-entered (the ``{expr}`` parts of a string are parsed while the string is being reduced)."""

    NL_type = "_NEWLINE"
    OPEN_PAREN_types = ["LPAR", "LSQB", "LBRACE", "TYPE_BRACE"]
    CLOSE_PAREN_types = ["RPAR", "RSQB", "RBRACE"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 4

    def __init__(self):
        super().__init__()
        self.keyword_types: dict[str, str] = {}

    def process(self, stream):
        indent_levels = [0]
        paren_level = 0
        previous = None
        keyword_types = self.keyword_types
        for token in stream:
            kind = token.type
            if kind == "_NEWLINE":
                if paren_level > 0 or (previous is not None and _continues_line(previous)):
                    continue
                yield token
                indent_str = token.rsplit("\n", 1)[1]
                indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len
                if indent > indent_levels[-1]:
                    indent_levels.append(indent)
                    yield Token.new_borrow_pos(self.INDENT_type, indent_str, token)
                else:
                    while indent < indent_levels[-1]:
                        indent_levels.pop()
                        yield Token.new_borrow_pos(self.DEDENT_type, indent_str, token)
                    if indent != indent_levels[-1]:
                        raise InconsistentDedent(token, indent, indent_levels[-1])
            else:
                if kind == "NAME" and token.value in keyword_types:
                    token = Token.new_borrow_pos(keyword_types[token.value], token.value, token)
                yield token
                if kind in self.OPEN_PAREN_types:
                    paren_level += 1
                elif kind in self.CLOSE_PAREN_types and paren_level > 0:
                    paren_level -= 1
            previous = token
        while len(indent_levels) > 1:
            indent_levels.pop()
            if previous is not None:
                yield Token.new_borrow_pos(self.DEDENT_type, "", previous)
            else:
                yield Token(self.DEDENT_type, "", 0, 1, 1, 1, 1, 0)


def _continues_line(token: Token) -> bool:
    return token.type in CONTINUATION_TYPES or token.value in CONTINUATION_VALUES and token.type != "STRING"


def token_span(token: Token) -> Span:
    line = token.line or 1
    col = token.column or 1
    end_line = token.end_line or line
    end_col = token.end_column or col + 1
    return Span(line, col, end_line, end_col)


def dedent_error(exc: InconsistentDedent, filename: str, source: str) -> SplSyntaxError:
    line = (exc.token.end_line or exc.token.line or 1)
    return SplSyntaxError(
        "inconsistent indentation: this line does not line up with any enclosing block",
        Span(line, exc.indent + 1, line, exc.indent + 2), filename, source,
        hint=f"indent to column {exc.expected + 1} (a tab counts as 4 columns)")
