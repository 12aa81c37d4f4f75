"""``spl-py parse --ast``: an indented, readable dump of the syntax tree with positions."""
from __future__ import annotations

from dataclasses import fields

from . import ast as A


def dump(node, indent: str = "") -> str:
    lines: list[str] = []
    _dump(node, indent, lines, label="")
    return "\n".join(lines)


def _dump(value, indent: str, lines: list[str], label: str) -> None:
    prefix = f"{indent}{label}"
    if isinstance(value, A.Node):
        span = value.span
        where = f"  @{span.line}:{span.col}" if span.line else ""
        scalars = []
        nested = []
        for f in fields(value):
            if f.name == "span":
                continue
            v = getattr(value, f.name)
            if isinstance(v, (A.Node, tuple)) and v != ():
                nested.append((f.name, v))
            elif v is not None and v != () and v is not False:
                scalars.append(f"{f.name}={v!r}")
        lines.append(f"{prefix}{type(value).__name__}({', '.join(scalars)}){where}")
        for name, v in nested:
            _dump(v, indent + "  ", lines, f"{name}: ")
    elif isinstance(value, tuple):
        lines.append(f"{prefix}[")
        for item in value:
            _dump(item, indent + "  ", lines, "")
        lines.append(f"{indent}]")
    else:
        lines.append(f"{prefix}{value!r}")
