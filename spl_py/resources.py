"""Where the grammar and the bundled stdlib live.

In a wheel they are installed inside the package (``spl_py/grammar``, ``spl_py/stdlib``); in a
source checkout or an editable install they are the repository's top-level folders.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def grammar_path() -> Path:
    return data_dir("grammar") / "simple.lark"


def stdlib_dir() -> Path:
    return data_dir("stdlib")
