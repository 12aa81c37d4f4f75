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

import re

from lark.indenter import Indenter
from lark.lexer import Token

from .ast import Span
from .errors import SplSyntaxError

# Decision 16 / §1.5: words that can never be identifiers.
KEYWORDS = frozenset("""
    fn val var class struct enum impl trait static me extern use export import if elif else
    for in while loop break continue return pass match case and or not true false nil self
    is as const xor let await
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


def _method_chain_line(text: str, pos: int) -> bool:
    """Whether the line starting at ``pos`` (after its indentation) starts with ``.name``,
    ``.?`` or ``?.name``: indented deeper than its block, it continues a method chain
    (upstream writes builder chains one call per line)."""
    if text.startswith("?.", pos):
        pos += 1
    return text.startswith(".", pos) and pos + 1 < len(text) and (text[pos + 1].isalpha() or text[pos + 1] in "_?")


def _comment_only_block(newline: str, level: int, tab_len: int) -> bool:
    """Whether the line breaks after a line ending in ':' hold a comment indented deeper
    than ``level`` while the next statement is not: a block of comments only, which
    upstream writes (``describe "later":`` + comments); the lexers give it as ``pass``."""
    for line in newline.split("\n")[1:]:
        body = line.lstrip(" \t")
        if body.startswith("#"):
            lead = line[:len(line) - len(body)]
            if lead.count(" ") + lead.count("\t") * tab_len > level:
                return True
    return False


_BLOCK_VALUE = re.compile(r"(?:if|match)\b")  # a block value starting a continued line
_BLOCK_VALUE_GOES_ON = re.compile(r"(?:elif|else)\b")


def _continues_line(token: Token) -> bool:
    return token.type in CONTINUATION_TYPES or token.value in CONTINUATION_VALUES and token.type != "STRING"


class BadCharacter(Exception):
    """No terminal matches at this position; the driver turns it into a syntax error."""

    def __init__(self, char: str, line: int, col: int):
        super().__init__(char)
        self.char = char
        self.line = line
        self.col = col


class BadNumber(Exception):
    """A number literal run into a name or another number (``0x``, ``12abc``, ``1i8i8``)."""

    def __init__(self, first: Token, last: Token):
        super().__init__(first.value)
        self.first = first
        self.last = last


_new_str = str.__new__
_NUMBER_TYPES = frozenset({"INT", "FLOAT"})
_NUMBER_TAIL_TYPES = frozenset({"INT", "FLOAT", "NAME"})


def _make_token(type_, value, pos, line, col, end_line, end_col, end_pos) -> Token:
    token = _new_str(Token, value)
    token.type = type_
    token.value = value
    token.start_pos = pos
    token.line = line
    token.column = col
    token.end_line = end_line
    token.end_column = end_col
    token.end_pos = end_pos
    return token


class Tokenizer:
    """Lark's contextual lexer and :class:`SimpleIndenter`'s rules in one loop.

    The LALR driver in ``parser.py`` pulls tokens from :meth:`tokens`; each token is scanned
    with the terminals the parser accepts in its current state (``states[-1]``), so
    ``print "x"`` and ``for val in xs`` lex as Lark's ``lexer="contextual"`` would.  Doing the
    scanning, the line counting, the indentation and the keyword fix-up in one generator
    (instead of Lark's lexer thread plus the post-lexer) roughly halves the lexing time.
    Beyond the indenter's rules it reads four upstream layouts: a line starting with
    ``.name`` continues the expression above (a method chain); a block holding only
    comments is an empty block (``pass``); ``val name:`` continues on a deeper-indented
    next line (its type); and a lambda header ending a line inside brackets
    (``run("x", fn():``) opens an indented block there, which ends at the dedent back to
    its line's indentation, at a line starting with a closing bracket, or at a closing
    bracket after its last statement (``2)``)."""

    def __init__(self, contextual_lexer, keyword_types: dict[str, str], tab_len: int = 4):
        self.lexers = contextual_lexer.lexers
        self.root = contextual_lexer.root_lexer
        self.keyword_types = keyword_types
        self.tab_len = tab_len
        self._scanners: dict = {}

    def _scanner(self, lexer):
        info = self._scanners.get(id(lexer))
        if info is None:
            scanner = lexer.scanner  # builds lexer.callback as a side effect
            info = (tuple(m.match for m in scanner._mres), lexer.ignore_types,
                    lexer.newline_types, lexer.callback)
            self._scanners[id(lexer)] = info
        return info

    def tokens(self, text: str, states: list, line: int = 1, col: int = 1):
        lexers = self.lexers
        scanner_of = self._scanner
        keyword_types = self.keyword_types
        tab_len = self.tab_len
        end = len(text)
        pos = 0
        line_start = 1 - col  # column = pos - line_start + 1
        indent_levels = [0]
        paren_level = 0
        previous = None
        # A lambda header (``fn(x):`` / ``\\x:``) ending a line inside brackets opens an
        # indented block (Decision 12, as upstream writes ``run("x", fn():`` + block + ``)``):
        # per open one, the bracket depth to go back to and the indentation it ends at.
        block_bases: list = []
        header_level = -1  # bracket depth of a lambda header being read inside brackets
        header_fn = False  # whether it is ``fn(...)`` (else ``\\x, y``: commas are its own)
        header_colon = None  # the ':' ending it
        decl_colon = None  # the ':' of ``val name:``, whose type may be on the next line
        # ``val m =`` + an ``if``/``match`` on a deeper line: that line's indentation, a level
        # no token opens or closes, so the value's ``else:`` may line up with its ``if``
        value_levels: list = []
        before = None  # the token before ``previous``
        while pos < end:
            matchers, ignore_types, newline_types, callbacks = scanner_of(lexers[states[-1]])
            for match in matchers:
                m = match(text, pos)
                if m is not None:
                    break
            else:
                m = None
            if m is None:
                # Not acceptable here: lex with every terminal so the parser reports what it
                # found ("expected ':', found name 'x'") rather than a lexical error.
                matchers, ignore_types, newline_types, callbacks = scanner_of(self.root)
                for match in matchers:
                    m = match(text, pos)
                    if m is not None:
                        break
                else:
                    raise BadCharacter(text[pos], line, pos - line_start + 1)
            value = m.group(0)
            kind = m.lastgroup
            start = pos
            start_line = line
            start_col = pos - line_start + 1
            pos += len(value)
            if kind in newline_types:
                newlines = value.count("\n")
                if newlines:
                    line += newlines
                    line_start = start + value.rindex("\n") + 1
            if kind in ignore_types:
                continue
            token = _make_token(kind, value, start, start_line, start_col, line,
                                pos - line_start + 1, pos)
            if kind in callbacks:
                token = callbacks[kind](token)
                kind = token.type
            if kind == "_NEWLINE":
                indent_str = value[value.rindex("\n") + 1:]
                indent = indent_str.count(" ") + indent_str.count("\t") * tab_len
                if paren_level > 0:
                    if previous is None or previous is not header_colon or indent <= indent_levels[-1]:
                        continue
                    block_bases.append((paren_level, indent_levels[-1]))
                    paren_level = 0
                elif previous is not None and (_continues_line(previous) or (
                        previous is decl_colon and indent > indent_levels[-1])):
                    if previous.value == "=" and indent > indent_levels[-1] and _BLOCK_VALUE.match(text, pos):
                        indent_levels.append(indent)
                        value_levels.append(indent)
                    continue
                if indent > indent_levels[-1] and _method_chain_line(text, pos):
                    continue  # an indented .name line continues the expression above
                yield token
                if block_bases and text.startswith((")", "]", "}"), pos):
                    # a line starting with a closing bracket ends the block opened inside it
                    dedent = _make_token("_DEDENT", indent_str, start, line, 1, line, len(indent_str) + 1, pos)
                    paren_level = yield from _close_bracket_block(block_bases, indent_levels, dedent)
                    before, previous = previous, token
                    continue
                if indent <= indent_levels[-1] and previous is not None and previous.type == "COLON" \
                        and _comment_only_block(value, indent_levels[-1], tab_len):
                    for kind_, text_ in (("_INDENT", indent_str), ("PASS", "pass"), ("_NEWLINE", "\n"),
                                         ("_DEDENT", indent_str)):
                        yield _make_token(kind_, text_, start, line, 1, line, len(indent_str) + 1, pos)
                if indent > indent_levels[-1]:
                    indent_levels.append(indent)
                    yield _make_token("_INDENT", indent_str, start, line, 1, line,
                                      len(indent_str) + 1, pos)
                elif indent < indent_levels[-1]:
                    while indent < indent_levels[-1]:
                        level = indent_levels.pop()
                        if value_levels and level == value_levels[-1]:
                            value_levels.pop()
                            continue
                        yield _make_token("_DEDENT", indent_str, start, line, 1, line,
                                          len(indent_str) + 1, pos)
                        if block_bases and indent_levels[-1] == block_bases[-1][1]:
                            if indent > indent_levels[-1] and not text.startswith(",", pos):
                                # between the call's line and the block: a statement that
                                # lines up with neither (a ``, arg`` may continue the call)
                                raise InconsistentDedent(token, indent, level)
                            paren_level = block_bases.pop()[0]  # back inside the brackets
                            break
                    if paren_level == 0 and indent != indent_levels[-1]:
                        raise InconsistentDedent(token, indent, indent_levels[-1])
                if value_levels and indent == value_levels[-1] == indent_levels[-1] \
                        and not _BLOCK_VALUE_GOES_ON.match(text, pos):
                    # at a block value's line but no elif/else of it: a misplaced line (the
                    # level becomes a real one, so the parser reports the indentation)
                    value_levels.pop()
                    yield _make_token("_INDENT", indent_str, start, line, 1, line, len(indent_str) + 1, pos)
            else:
                if kind == "NAME" and value in keyword_types:
                    token.type = kind = keyword_types[value]
                elif (kind in _NUMBER_TAIL_TYPES and previous is not None
                      and previous.type in _NUMBER_TYPES and previous.end_pos == start):
                    raise BadNumber(previous, token)
                elif kind == "COLON" and previous is not None and previous.type == "NAME" \
                        and before is not None and before.type in _DECLARATION_KEYWORDS:
                    decl_colon = token
                elif kind in CLOSE_PAREN_TYPES and paren_level == 0 and block_bases:
                    # ``2)``: the bracket a block was opened in closes after its last line
                    yield _make_token("_NEWLINE", "", start, start_line, start_col, start_line, start_col, start)
                    dedent = _make_token("_DEDENT", "", start, start_line, start_col, start_line, start_col, start)
                    paren_level = yield from _close_bracket_block(block_bases, indent_levels, dedent)
                yield token
                if kind in OPEN_PAREN_TYPES:
                    paren_level += 1
                elif kind in CLOSE_PAREN_TYPES and paren_level > 0:
                    paren_level -= 1
                    if paren_level < header_level:
                        header_level = -1
                elif paren_level > 0:
                    if kind == "FN" or kind == "BACKSLASH":
                        header_level, header_fn = paren_level, kind == "FN"
                    elif paren_level == header_level:
                        if kind == "COLON":
                            header_colon, header_level = token, -1
                        elif kind == "COMMA" and header_fn:  # ``g: fn(i64) -> i64, x: ...``: a type
                            header_level = -1
            before, previous = previous, token
        last = previous
        while len(indent_levels) > 1:
            indent_levels.pop()
            if last is not None:
                yield _make_token("_DEDENT", "", last.end_pos, last.end_line, last.end_column,
                                  last.end_line, last.end_column, last.end_pos)
            else:
                yield _make_token("_DEDENT", "", 0, 1, 1, 1, 1, 0)


def _close_bracket_block(block_bases: list, indent_levels: list, dedent: Token):
    """The ``_DEDENT`` tokens closing the innermost block opened inside brackets (its
    indentation levels and its base are popped); gives back the bracket depth it was
    opened at (``paren_level = yield from ...``)."""
    depth, base = block_bases.pop()
    while indent_levels[-1] > base:
        indent_levels.pop()
        yield Token.new_borrow_pos("_DEDENT", dedent.value, dedent)
    return depth


OPEN_PAREN_TYPES = frozenset(SimpleIndenter.OPEN_PAREN_types)
CLOSE_PAREN_TYPES = frozenset(SimpleIndenter.CLOSE_PAREN_types)
_DECLARATION_KEYWORDS = frozenset({"VAL", "VAR", "CONST", "LET"})


def token_span(token: Token) -> Span:
    line = token.line or 1
    col = token.column or 1
    end_line = token.end_line or line
    end_col = token.end_column or col + 1
    return Span(line, col, end_line, end_col)


def dedent_error(exc: InconsistentDedent, filename: str, source: str) -> SplSyntaxError:
    line = (exc.token.end_line or exc.token.line or 1)
    width = len(exc.token.value) - exc.token.value.rfind("\n") - 1  # characters, not columns
    return SplSyntaxError(
        "inconsistent indentation: this line does not line up with any enclosing block",
        Span(line, width + 1, line, width + 2), filename, source,
        hint=f"indent to column {exc.expected + 1} (a tab counts as 4 columns)")
