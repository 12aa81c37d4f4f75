"""String literals: prefixes, escape decoding and the split of interpolated strings.

The parser driver calls :func:`analyse_literal` for each STRING token; the expression parts
of an interpolated string are then parsed by the same grammar (see ``parser.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'",
                   "0": "\0", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "{": "{", "}": "}"}


class LiteralError(Exception):
    """A malformed literal; ``offset`` is the position inside the token text."""

    def __init__(self, message: str, offset: int, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


@dataclass
class ExprPart:
    """The text between ``{`` and ``}``; ``offset`` is where it starts in the token text."""
    text: str
    offset: int


@dataclass
class Literal:
    parts: list  # str | ExprPart
    interpolates: bool


def analyse_literal(token_text: str) -> Literal:
    """Split a STRING token's text into its literal and ``{expr}`` parts.

    Double-quoted and ``f``-prefixed strings interpolate; single-quoted strings, raw
    strings and plain triple-quoted strings do not.  Triple-quoted bodies are verbatim."""
    prefix_len = 0
    while token_text[prefix_len] not in "\"'":
        prefix_len += 1
    prefix = token_text[:prefix_len].lower()
    quote = token_text[prefix_len:prefix_len + 3]
    triple = quote in ('"""', "'''")
    q_len = 3 if triple else 1
    start = prefix_len + q_len
    body = token_text[start:len(token_text) - q_len]
    raw = "r" in prefix
    if "f" in prefix:
        interpolates = True
    else:
        interpolates = not raw and not triple and token_text[prefix_len] == '"'
    decode = not raw and not triple
    if not interpolates:
        return Literal([decode_escapes(body, start) if decode else body], False)
    return Literal(_split(body, start, decode), True)


def decode_escapes(body: str, base: int = 0) -> str:
    if "\\" not in body:
        return body
    out = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch != "\\" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        decoded, i = _escape(body, i, base)
        out.append(decoded)
    return "".join(out)


def _escape(body: str, i: int, base: int) -> tuple[str, int]:
    """Decode the escape starting at ``body[i] == '\\'``; returns (text, next index)."""
    c = body[i + 1]
    if c == "x":
        digits = body[i + 2:i + 4]
        if len(digits) == 2 and all(d in "0123456789abcdefABCDEF" for d in digits):
            return chr(int(digits, 16)), i + 4
        raise LiteralError("invalid \\x escape: expected two hex digits", base + i)
    if c == "u" and i + 2 < len(body) and body[i + 2] == "{":
        end = body.find("}", i + 3)
        digits = body[i + 3:end] if end != -1 else ""
        try:
            return chr(int(digits, 16)), end + 1
        except ValueError:
            raise LiteralError("invalid \\u{...} escape", base + i) from None
    if c in "1234567" or (c == "0" and i + 2 < len(body) and body[i + 2] in "01234567"):
        j = i + 1
        while j < len(body) and j < i + 4 and body[j] in "01234567":
            j += 1
        return chr(int(body[i + 1:j], 8)), j
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], i + 2
    return "\\" + c, i + 2  # unknown escapes stay as written (§1.7)


def _split(body: str, base: int, decode: bool) -> list:
    parts: list = []
    text: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch == "\\" and decode and i + 1 < n:
            decoded, i = _escape(body, i, base)
            text.append(decoded)
        elif ch == "{" and i + 1 < n and body[i + 1] == "{":
            text.append("{")
            i += 2
        elif ch == "}" and i + 1 < n and body[i + 1] == "}":
            text.append("}")
            i += 2
        elif ch == "{" and i + 1 < n and body[i + 1] == "}":
            text.append("{}")  # as upstream writes it in messages ("heredoc{}"): nothing to show
            i += 2
        elif ch == "{" and _lone_brace(body[i + 1:]):
            text.append("{")
            i += 1
        elif ch == "{":
            end = _matching_brace(body, i, base, decode)
            if text:
                parts.append("".join(text))
                text = []
            inner = body[i + 1:end]
            if not inner.strip():
                raise LiteralError("empty expression in interpolated string", base + i,
                                   hint="write '{{' for a literal brace")
            if decode and "\\" in inner:
                inner = _unescape_quotes(inner)
            parts.append(ExprPart(inner, base + i + 1))
            i = end + 1
        else:
            text.append(ch)
            i += 1
    if text:
        parts.append("".join(text))
    return parts


def _unescape_quotes(inner: str) -> str:
    """The text inside braces with its strings written with escaped quotes, ``f(\\"main\\")``,
    made parseable: an opening ``\\"`` becomes a space and the quote, a closing one the
    quote and a space, so every column stays where it is in the file (error positions)."""
    out = []
    open_quote = None
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch == "\\" and inner[i + 1:i + 2] in ("\"", "'"):
            q = inner[i + 1]
            if open_quote is None:
                out.append(" " + q)
                open_quote = q
            elif open_quote == q:
                out.append(q + " ")
                open_quote = None
            else:
                out.append(inner[i:i + 2])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _lone_brace(rest: str) -> bool:
    """A '{' that nothing but white space (or an escaped line break) follows up to the end
    of the literal is a literal brace (``"{"``, ``"fn main() {"``: what upstream lexers and
    code generators write), not an unterminated interpolation."""
    return "}" not in rest and not rest.replace("\\n", "").replace("\\r", "").replace("\\t", "").strip()


def _matching_brace(body: str, open_at: int, base: int, decode: bool = True) -> int:
    depth = 0
    i = open_at
    quote = None  # the quote of a string inside the braces: ", ', or an escaped \" / \'
    while i < len(body):
        ch = body[i]
        if quote:
            if len(quote) == 2 and body.startswith(quote, i):
                quote = None
                i += 1
            elif ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif decode and ch == "\\" and body[i + 1:i + 2] in ("\"", "'"):
            quote = body[i:i + 2]
            i += 1
        elif ch in "\"'":
            quote = ch
        elif ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise LiteralError("unterminated '{' in interpolated string (write '{{' for a literal brace)",
                       base + open_at)


def split_format_spec(text: str) -> tuple[str, str] | None:
    """For ``x:.2f`` return ``("x", ".2f")``: the text after the last top-level ':'."""
    depth = 0
    quote = None
    last = -1
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ":" and depth == 0:
            last = i
    if last == -1:
        return None
    return text[:last], text[last + 1:]
