"""The parser driver: Simple source text -> ``spl_py.ast.Module``.

One Lark LALR parser per process, built from ``grammar/simple.lark`` and cached on disk (Lark's
own cache, keyed by the grammar text and the Lark version).  The AST builder runs *during* the
parse.  Every failure becomes an :class:`SplSyntaxError` with a position, the source line, a
caret and, where one helps, a hint; messages speak in words, never in grammar rule names.
"""
from __future__ import annotations

import gc
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Optional

from . import ast as A
from . import __version__
from .errors import SplFileError, SplSyntaxError, source_line
from .lexer import (KEYWORDS, BadCharacter, BadNumber, InconsistentDedent, SimpleIndenter, Tokenizer,
                    dedent_error, token_span)
from .resources import grammar_path
from .strings import ExprPart, LiteralError, analyse_literal, split_format_spec

_PARSER = None
_BUILDER = None
_ENGINE = None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "spl-py"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.gettempdir())


def grammar_cache_file(grammar_text: str) -> Path:
    import lark
    digest = hashlib.sha256((grammar_text + lark.__version__ + __version__).encode()).hexdigest()[:16]
    return _cache_dir() / f"grammar-{digest}.lark-cache"


def get_parser():
    """The process-wide Lark parser (built on first use)."""
    global _PARSER, _BUILDER, _ENGINE
    if _PARSER is None:
        from lark import Lark

        grammar_text = grammar_path().read_text(encoding="utf-8")
        _BUILDER = _make_builder()
        postlex = SimpleIndenter()
        _PARSER = Lark(grammar_text, parser="lalr", lexer="contextual", postlex=postlex,
                       start=["module", "expr_input", "type_input"], transformer=_BUILDER,
                       maybe_placeholders=False, cache=str(grammar_cache_file(grammar_text)))
        postlex.keyword_types = _keyword_types(_PARSER)
        _TERMINAL_TEXT.update({t.name: f"'{t.pattern.value}'" for t in _PARSER.terminals
                               if t.pattern.type == "str" and t.name != "_NOPAREN"})
        _ENGINE = _Engine(_PARSER, postlex.keyword_types)
    return _PARSER


class _ParseError(Exception):
    """The LALR driver met a token it has no action for."""

    def __init__(self, token, expected: frozenset, brackets: list):
        super().__init__(token.type)
        self.token = token
        self.expected = expected
        self.brackets = brackets  # the brackets still open, innermost last


# Terminals that read the same text: LALR merges states, so the contextual lexer may
# offer one a state has no action for (a statement's "-1" after another statement lexed
# as a match pattern's "-"); the parser then takes the other reading.
_READINGS = {"-": ("UNARY_OP", "ADD_OP", "MINUS"), "+": ("UNARY_OP", "ADD_OP")}


def _then_split(tokens, split: list):
    """``tokens``, each followed by the piece the parser split off it (see _split_shift)."""
    for token in tokens:
        yield token
        if split:
            yield split.pop()


def _split_shift(token):
    """A ``>>`` token as two ``>`` tokens: itself, retyped (so the lexer does not take the
    end of line after it for a continuation), and a new one."""
    from lark import Token
    second = Token("MORETHAN", ">", token.start_pos + 1, token.line, token.column + 1,
                   token.end_line, token.end_column, token.end_pos)
    token.type = "MORETHAN"
    token.value = ">"
    token.end_column, token.end_pos = token.column + 1, token.start_pos + 1
    return token, second


def _other_reading(token, state_actions: dict):
    for kind in _READINGS.get(token.value, ()):
        if kind != token.type and kind in state_actions:
            return kind
    return None


class _Engine:
    """A lean LALR(1) driver over the tables Lark builds (and caches).

    Lark's own loop looks each reduction's callback up by its ``Rule`` object (hashing and
    comparing rules on every reduce) and walks every unit rule of the 18-level precedence
    chain one reduce at a time.  Here each table entry is a plain int (shift) or a tuple
    (reduce), and a chain of unit reductions that return their single child unchanged is
    memoised per (state below, state, lookahead): one dict lookup instead of up to 18
    reduce steps.  The result is the same tree Lark would build; only the speed differs."""

    def __init__(self, lark, keyword_types):
        from lark.parsers.lalr_analysis import Shift

        frontend = lark.parser
        inner = frontend.parser.parser
        table = inner.parse_table
        callbacks = inner.callbacks
        sentinel = object()
        n_states = max(table.states) + 1
        actions: list = [None] * n_states
        reduce_entries: dict = {}
        for state, row in table.states.items():
            compiled = {}
            for name, (action, arg) in row.items():
                if action is Shift:
                    compiled[name] = arg
                    continue
                entry = reduce_entries.get(id(arg))
                if entry is None:
                    callback = callbacks[arg]
                    unit = False
                    if len(arg.expansion) == 1 and arg.options.expand1 and not arg.alias:
                        try:
                            unit = callback([sentinel]) is sentinel
                        except Exception:
                            unit = False
                    entry = (len(arg.expansion), callback, arg.origin.name, unit)
                    reduce_entries[id(arg)] = entry
                compiled[name] = entry
            actions[state] = compiled
        self.actions = actions
        self.start_states = dict(table.start_states)
        self.end_states = dict(table.end_states)
        self.tokenizer = Tokenizer(frontend.lexer.lexer, keyword_types)
        self._units: dict = {}

    def parse(self, text: str, start: str, line: int = 1, col: int = 1):
        actions = self.actions
        units = self._units
        end_state = self.end_states[start]
        states = [self.start_states[start]]
        values: list = []
        brackets: list = []
        token = None
        split: list = []  # the second '>' of a '>>' read as two (below)
        for token in _then_split(self.tokenizer.tokens(text, states, line, col), split):
            kind = token.type
            while True:
                state = states[-1]
                action = actions[state].get(kind)
                if action is None and kind == "SHIFT_OP" and token.value == ">>" and "MORETHAN" in actions[state]:
                    # ``Dict<text, List<i64>>``: the end of two type argument lists (§3.5)
                    token, second = _split_shift(token)
                    split.append(second)
                    kind = "MORETHAN"
                    continue
                if action is None:
                    kind = _other_reading(token, actions[state])
                    if kind is None:
                        raise _ParseError(token, self._expected(states), brackets)
                    token.type = kind
                    continue
                if action.__class__ is int:
                    states.append(action)
                    values.append(token)
                    if kind in _OPENERS:
                        brackets.append(token)
                    elif kind in _CLOSERS and brackets:
                        brackets.pop()
                    break
                size, callback, origin, unit = action
                if unit:
                    key = (states[-2], state, kind)
                    target = units.get(key)
                    if target is None:
                        target = self._unit_chain(states[-2], state, kind, origin)
                        units[key] = target
                    states[-1] = target
                    continue
                if size:
                    children = values[-size:]
                    del states[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                states.append(actions[states[-1]][origin])
        if token is None:
            from lark import Token
            token = Token("$END", "", 0, 1, 1, 1, 1, 0)
        end = _end_token(token)
        while True:
            state = states[-1]
            action = actions[state].get("$END")
            if action is None or action.__class__ is int:
                raise _ParseError(end, self._expected(states), brackets)
            size, callback, origin, unit = action
            if size:
                children = values[-size:]
                del states[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callback(children) if not unit else children[0])
            states.append(actions[states[-1]][origin])
            if states[-1] == end_state:
                return values[-1]

    def _unit_chain(self, below: int, state: int, kind: str, origin: str) -> int:
        """The state reached from ``state`` (above ``below``) by unit reductions on ``kind``."""
        actions = self.actions
        while True:
            state = actions[below][origin]
            action = actions[state].get(kind)
            if action is None or action.__class__ is int or not action[3]:
                return state
            origin = action[2]

    def _expected(self, states: list) -> frozenset:
        """The terminals that can really be shifted here.  The table row of the top state
        also lists lookaheads that LALR merged in from other contexts (a ':' or end of line
        after 'if x'); each candidate is checked by replaying the reductions it would cause."""
        actions = self.actions
        viable = set()
        for name in actions[states[-1]]:
            if not name.isupper():
                continue
            stack = list(states)
            while True:
                action = actions[stack[-1]].get(name)
                if action is None:
                    break
                if action.__class__ is int:
                    viable.add(name)
                    break
                size, _, origin, _ = action
                if size:
                    del stack[-size:]
                goto = actions[stack[-1]].get(origin) if stack else None
                if goto is None:
                    viable.add(name)  # reduces to the start symbol: end of input
                    break
                stack.append(goto)
        return frozenset(viable)


_OPENERS = frozenset({"LPAR", "LSQB", "LBRACE", "TYPE_BRACE"})
_CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})


def _end_token(last):
    from lark import Token
    return Token("$END", "", last.end_pos, last.end_line, last.end_column, last.end_line,
                 last.end_column, last.end_pos)


def _make_builder():
    from .builder import AstBuilder
    return AstBuilder(_parse_string_token, None)


def _keyword_types(parser) -> dict[str, str]:
    """Map each reserved word to the terminal that spells it in the grammar."""
    import re
    types = {}
    for term in parser.terminals:
        if term.name == "NAME":
            continue
        pattern = term.pattern
        for word in KEYWORDS:
            if pattern.type == "str" and pattern.value == word:
                types[word] = term.name
            elif pattern.type == "re" and re.fullmatch(pattern.to_regexp(), word):
                types.setdefault(word, term.name)
    return types


# --------------------------------------------------------------------------- public API

def parse(source: str, filename: str = "<input>") -> A.Module:
    """Parse a whole module.  Raises :class:`SplSyntaxError`."""
    return _run(source, filename, "module")


def parse_expression(source: str, filename: str = "<input>") -> A.Expr:
    return _run(source, filename, "expr_input")


def _prepare(source: str) -> str:
    if source.startswith("\ufeff"):
        source = source[1:]
    if source.startswith("#!"):
        source = "#" + source[2:]  # a shebang line reads as a comment; lines keep their numbers
    if "\r\n" in source:
        source = source.replace("\r\n", "\n")
    if not source.endswith("\n"):
        source += "\n"
    return source


def _run(source: str, filename: str, start: str):
    get_parser()
    text = _prepare(source)
    builder = _BUILDER
    saved = (builder.source, builder.filename)
    builder.source, builder.filename = source, filename
    if start == "module":
        builder.unnegated_min_literals = []
    # The parse allocates hundreds of thousands of tokens and nodes but no reference cycles;
    # without this, the cyclic collector rescans the growing heap and a 20,000-line file
    # parses about 1.5x slower than its size alone explains.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if start == "module" and text[:1] in (" ", "\t"):
            _check_first_line(text, filename, source)
        return _ENGINE.parse(text, start)
    except SplSyntaxError:
        raise
    except InconsistentDedent as exc:
        raise dedent_error(exc, filename, source) from None
    except _ParseError as exc:
        raise _token_error(exc, filename, source) from None
    except BadCharacter as exc:
        raise _character_error(exc, filename, source) from None
    except BadNumber as exc:
        raise _number_error(exc, filename, source) from None
    except RecursionError:
        raise SplSyntaxError("expression nested too deeply", None, filename, source) from None
    finally:
        builder.source, builder.filename = saved
        if collecting:
            gc.enable()


def _check_first_line(text: str, filename: str, source: str) -> None:
    first = text.split("\n", 1)[0]
    code = first.lstrip(" \t\f")
    if code and not code.startswith("#"):
        width = len(first) - len(code)
        raise SplSyntaxError("unexpected indentation", A.Span(1, width + 1, 1, width + 2), filename,
                             source, hint="the first line of a file starts in column 1")


def _span(line, col, width=1) -> A.Span:
    line = line if isinstance(line, int) and line > 0 else 1
    col = col if isinstance(col, int) and col > 0 else 1
    return A.Span(line, col, line, col + width)


# --------------------------------------------------------------------------- strings

def _parse_string_token(token) -> A.Expr:
    """Build the node for one STRING token; ``{expr}`` parts are parsed by the same grammar."""
    builder = _BUILDER
    span = token_span(token)
    text = token.value
    try:
        literal = analyse_literal(text)
    except LiteralError as exc:
        raise SplSyntaxError(exc.message, _offset_span(token, exc.offset), builder.filename,
                             builder.source, hint=exc.hint) from None
    if not literal.interpolates:
        return A.StrLit(literal.parts[0], span=span)
    parts = []
    for part in literal.parts:
        if isinstance(part, ExprPart):
            parts.append(_interpolated_value(token, part))
        else:
            parts.append(part)
    if all(isinstance(p, str) for p in parts):
        return A.StrLit("".join(parts), span=span)
    return A.InterpStr(tuple(parts), span=span)


def _offset_span(token, offset: int) -> A.Span:
    before = token.value[:offset]
    line = token.line + before.count("\n")
    col = (offset - before.rfind("\n")) if "\n" in before else token.column + offset
    return A.Span(line, col, line, col + 1)


def _interpolated_value(token, part: ExprPart) -> A.FormattedValue:
    """Decision 5: the whole text is an expression if it parses; else the text after the last
    top-level ':' is a format spec.  The first attempt fails for every ``{x:.2f}``, so its
    error is only turned into a (costly, formatted) SplSyntaxError if the second one fails too."""
    builder = _BUILDER
    where = _offset_span(token, part.offset)
    try:
        return A.FormattedValue(_parse_raw(part.text, where), None, part.text.strip(), span=where)
    except _RAW_ERRORS as first_error:
        split = split_format_spec(part.text)
        if split is None:
            raise _nested_error(first_error, part.text) from None
        expr_text, spec = split
        if not expr_text.strip():
            raise SplSyntaxError("empty expression in interpolated string",
                                 A.Span(where.line, where.col - 1, where.line, where.col),
                                 builder.filename, builder.source,
                                 hint="write '{{' for a literal brace") from None
        try:
            value = _parse_raw(expr_text, where)
        except _RAW_ERRORS:
            raise _nested_error(first_error, part.text) from None
        return A.FormattedValue(value, spec, expr_text.strip(), span=where)


def _parse_raw(text: str, where: A.Span) -> A.Expr:
    """Parse ``text`` as an expression whose first character sits at ``where``, so that every
    node and every error has its real line and column in the file.  The text is wrapped in
    parentheses (the '(' sits just left of ``where``) so that it may span lines.  Raises the
    driver's own exceptions (see :func:`_nested_error`)."""
    return _ENGINE.parse("(" + text + ")\n", "expr_input", where.line, where.col - 1)


_RAW_ERRORS = (SplSyntaxError, _ParseError, BadCharacter, BadNumber, InconsistentDedent)


def _nested_error(exc: Exception, text: str) -> SplSyntaxError:
    builder = _BUILDER
    if isinstance(exc, SplSyntaxError):
        return exc
    if isinstance(exc, _ParseError):
        return _token_error(exc, builder.filename, builder.source, wrapper_close=len(text) + 1)
    if isinstance(exc, BadCharacter):
        return _character_error(exc, builder.filename, builder.source)
    if isinstance(exc, BadNumber):
        return _number_error(exc, builder.filename, builder.source)
    line = exc.token.end_line or 1
    return SplSyntaxError("invalid expression in interpolated string", _span(line, 1), builder.filename,
                          builder.source)


# --------------------------------------------------------------------------- error messages

# Terminals whose presence in the expected set means "an expression may start here".
_EXPRESSION_STARTS = frozenset({"FLOAT", "STRING", "TRUE", "FALSE", "NIL"})  # not INT: t.0
_CLOSER_OF = {"LPAR": "RPAR", "LSQB": "RSQB", "LBRACE": "RBRACE", "TYPE_BRACE": "RBRACE"}
_CLOSER_TEXT = {"RPAR": ")", "RSQB": "]", "RBRACE": "}"}
_COMPARISON_TYPES = {"COMP_OP", "IN", "IS"}
_TERMINAL_TEXT: dict[str, str] = {}  # terminal name -> its text, for fixed-text terminals
_SIMPLE_WORDS = (("EQUAL", "'='"), ("IN", "'in'"), ("NAME", "a name"),
                 ("LPAR", "'('"), ("COMMA", "','"))


def describe_token(token) -> str:
    kind = token.type
    value = str(token.value)
    if kind == "$END":
        return "end of file"
    if kind == "_NEWLINE":
        return "end of line"
    if kind == "_INDENT":
        return "an indented block"
    if kind == "_DEDENT":
        return "end of block"
    if kind == "NAME":
        return f"name '{value}'"
    if kind in ("INT", "FLOAT"):
        return f"number {value}"
    if kind == "STRING":
        return "a string"
    if value in KEYWORDS:
        return f"keyword '{value}'"
    if kind == "TYPE_BRACE":
        return f"'{value.rstrip('{ ')}' followed by '{{'"
    if kind == "LPAR_UNIT":
        return "'()'"
    return f"'{value}'"


def _expected_words(expected, brackets, wrapped: bool = False) -> str:
    """``wrapped``: inside an interpolated expression, whose end is the '}'."""
    if expected & _EXPRESSION_STARTS:
        return "an expression"
    if "_INDENT" in expected:
        return "an indented block"
    if wrapped and not brackets and "RPAR" in expected:
        return "'}'"
    if brackets:
        closer = _CLOSER_OF[brackets[-1].type]
        if closer in expected:
            text = f"'{_CLOSER_TEXT[closer]}'"
            return f"',' or {text}" if "COMMA" in expected else text
    if "COLON" in expected and ("_NEWLINE" not in expected or brackets):
        return "':'"
    if "_NEWLINE" in expected and not brackets:
        return "end of line"
    for kind, words in _SIMPLE_WORDS:
        if kind in expected and (kind != "COMMA" or not brackets):
            return words
    if "$END" in expected:
        return "end of file"
    common = ("'fn'", "'else'", "'elif'", "'in'", "'>'", "'='")
    words = sorted((_TERMINAL_TEXT[k] for k in expected if k in _TERMINAL_TEXT),
                   key=lambda w: (common.index(w) if w in common else len(common), w))
    words = [w for w in words if w[1:-1].isalpha()] or words
    if words:
        return " or ".join(words[:3])
    return "something else"


def _token_error(exc: _ParseError, filename: str, source: str,
                 wrapper_close: Optional[int] = None) -> SplSyntaxError:
    """``wrapper_close`` is set for an interpolated expression: the offset of the ')' that
    :func:`_parse_raw` wrapped around it."""
    token = exc.token
    expected = exc.expected
    brackets = list(exc.brackets)
    if wrapper_close is not None and brackets:
        brackets = brackets[1:]  # the parenthesis wrapped around an interpolated expression
    make = lambda message, span, hint=None: SplSyntaxError(  # noqa: E731
        message, span, filename, source, hint=hint, expected=frozenset(expected))
    if wrapper_close is not None and (token.type in ("$END", "_NEWLINE") or token.start_pos == wrapper_close):
        span = token_span(token)
        if token.start_pos == wrapper_close:
            span = A.Span(span.line, span.col, span.line, span.col + 1)
        return make("incomplete expression in interpolated string: "
                    f"expected {_expected_words(expected, brackets, True)} before '}}'", span)
    if token.type == "$END":
        if brackets:
            opener = brackets[-1]
            return make(f"'{opener.value.strip()[-1]}' is never closed", _one_char(token_span(opener), opener),
                        hint=f"close it with '{_CLOSER_TEXT[_CLOSER_OF[opener.type]]}'")
        line = max(source.count("\n"), 1)
        last = _line(source, line)
        return make(f"unexpected end of file: expected {_expected_words(expected, brackets)}",
                    _span(line, len(last) + 1))
    span = token_span(token)
    if token.type == "_NOPAREN":  # the blank before a paren-less argument: report the argument
        token = _next_word(source, token)
        span = token_span(token)
    if token.type in ("_DEDENT", "_NEWLINE"):
        # These carry the position of the newline; point at the end of the line instead.
        span = _end_of_line(source, token.line)
    elif token.type == "_INDENT":
        span = A.Span(token.line, len(token.value) + 1, token.line, len(token.value) + 2)
    found = describe_token(token)
    line_text = _line(source, span.line)
    if (token.type == "MUL_OP" and token.value == "/" and span.col >= 2
            and line_text[span.col - 2:span.col] == "//"):
        return make("'//' is not an operator in Simple", A.Span(span.line, span.col - 1, span.line, span.col + 1),
                    hint="use a / b on integers or a.fdiv(b)")
    if (token.type in _COMPARISON_TYPES and not expected & _COMPARISON_TYPES
            and _has_comparison_before(line_text, span.col)):
        first = _last_comparison(line_text[:span.col - 1])
        return make("comparisons cannot be chained", span,
                    hint=f"write a {first} b and b {token.value} c")
    if token.value in ("else", "elif") and not line_text[:span.col - 1].strip():
        return make(f"'{token.value}' without a matching 'if'", span,
                    hint=f"'{token.value}' must follow an 'if' block at the same indentation")
    if (token.value in KEYWORDS and "NAME" in expected and token.type != "NAME"
            and not expected & _EXPRESSION_STARTS):
        return make(f"'{token.value}' is a keyword and cannot be used as a name", span,
                    hint="choose another name")
    if token.type in _CLOSER_TEXT:
        if not brackets:
            return make(f"unmatched '{token.value}'", span, hint="remove it or add the opening bracket")
        opener = brackets[-1]
        want = _CLOSER_OF[opener.type]
        if token.type != want:
            open_char = opener.value.strip()[-1]
            if _is_import_line(_line(source, opener.line)) and open_char in "({":
                return make(f"import list opened with '{open_char}' is closed with '{token.value}'", span,
                            hint=f"close it with '{_CLOSER_TEXT[want]}'")
            return make(f"'{open_char}' at line {opener.line} column {opener.column + len(opener.value) - 1} "
                        f"is closed with '{token.value}'", span, hint=f"close it with '{_CLOSER_TEXT[want]}'")
    if token.type == "_INDENT":
        return make("unexpected indentation", span, hint="indent only the block after a line ending in ':'")
    if "_INDENT" in expected:
        return make(f"expected an indented block, found {found}", span,
                    hint="indent the block under the line ending in ':'")
    if token.type == "COLON" and line_text.lstrip().startswith(("extern ", "pub extern ")):
        return make("an extern fn has no body", span,
                    hint="extern fn declares a function implemented in Python; remove the ':' and the block")
    message = f"expected {_expected_words(expected, brackets, wrapper_close is not None)}, found {found}"
    before = line_text[:span.col - 1]
    if before.endswith(('"', "'")) and "{" in before and wrapper_close is None:
        quote = before[-1]
        other = "'" if quote == '"' else '"'
        return make(message, span, hint=f"a string inside {{...}} uses the other quote kind, {other}...{other}, "
                                        f"or escaped quotes, \\{quote}...\\{quote}")
    if token.type == "EQUAL" and line_text.lstrip().startswith("if val "):
        return make(message, span, hint="if-let binds with a single '=': if val PATTERN = value:")
    if token.type == "EQUAL" and "COMP_OP" not in expected:
        return make(message, span, hint="use == to compare; declare with val/var")
    return make(message, span)


def _next_word(source: str, blank):
    from lark import Token
    import re
    rest = _line(source, blank.end_line)[blank.end_column - 1:]
    word = re.match(r"[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9_.]*|\S", rest)
    text = word.group(0) if word else " "
    kind = "NAME" if text[0].isalpha() or text[0] == "_" else ("INT" if text[0].isdigit() else "SYMBOL")
    return Token(kind, text, blank.end_pos, blank.end_line, blank.end_column, blank.end_line,
                 blank.end_column + len(text), blank.end_pos + len(text))


def _one_char(span: A.Span, token) -> A.Span:
    col = span.col + len(token.value) - 1
    return A.Span(span.line, col, span.line, col + 1)


def _last_comparison(text: str) -> str:
    import re
    found = re.findall(r"==|!=|<=|>=|<|>|\bnot in\b|\bin\b|\bis not\b|\bis\b", text)
    return found[-1] if found else "<"


def _has_comparison_before(line_text: str, col: int) -> bool:
    before = line_text[: col - 1]
    return any(op in before for op in ("<", ">", "==", "!=", " in ", " is "))


def _is_import_line(line_text: str) -> bool:
    stripped = line_text.lstrip()
    return stripped.startswith(("use ", "import ", "export use "))


def _line(source: str, line: int) -> str:
    return source_line(source, line) or ""


def _end_of_line(source: str, line: int) -> A.Span:
    line = line or 1
    text = _line(source, line)
    col = len(text.rstrip()) + 1
    if "#" in text:
        code = text.split("#", 1)[0].rstrip()
        col = len(code) + 1 if code else col
    return A.Span(line, col, line, col + 1)


def _character_error(exc: BadCharacter, filename: str, source: str) -> SplSyntaxError:
    char = exc.char
    span = _span(exc.line, exc.col)
    line_text = _line(source, exc.line)
    if char in "\"'" and exc.col >= 3 and line_text[exc.col - 3:exc.col] == char * 3:
        return SplSyntaxError("unterminated triple-quoted string", _span(exc.line, exc.col - 2, 3),
                              filename, source, hint=f"close it with {char * 3}")
    if char in "\"'":
        return SplSyntaxError("unterminated string", span, filename, source,
                              hint="close the string on the same line, or use \"\"\" for text over several lines")
    if char == "\r":
        return SplSyntaxError("unexpected carriage return", span, filename, source,
                              hint="save the file with \\n or \\r\\n line endings")
    shown = repr(char)[1:-1] if not char.isprintable() else char
    return SplSyntaxError(f"unexpected character '{shown}'", span, filename, source)


def _number_error(exc: BadNumber, filename: str, source: str) -> SplSyntaxError:
    first, last = exc.first, exc.last
    text = first.value + last.value
    span = A.Span(first.line, first.column, last.end_line, last.end_column)
    hint = None
    if text[:2].lower() in ("0x", "0b", "0o"):
        hint = "write digits after the prefix: 0x1F, 0b1010, 0o755"
    elif last.value[:1] in "eE":
        hint = "an exponent needs digits: 1e3, 2.5e-4"
    return SplSyntaxError(f"invalid number literal '{text}'", span, filename, source, hint=hint)


def parse_file(path, filename: Optional[str] = None) -> tuple[A.Module, str]:
    """Read and parse a file; returns the module and its source text."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SplFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SplSyntaxError(f"file is not valid UTF-8 (byte {exc.start})", None,
                             filename or str(path)) from None
    return parse(source, filename or str(path)), source
