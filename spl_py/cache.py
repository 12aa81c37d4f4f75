"""The transpile cache of ``spl-py run`` (like ``__pycache__``; Coconut's hash-header idea).

A module's compiled code lives in ``__splcache__/<file>.<tag>.splc`` beside the ``.spl``
file, or -- when that folder cannot be written -- in the user cache folder
(``$XDG_CACHE_HOME/spl-py`` or ``~/.cache/spl-py``).  The file starts with a key: the
source text (with a CRC-32 and length for a quick reject), the spl-py version, the Python cache tag and the options that
change the output (``--checked``).  The file name compiled into the code is re-stamped on
load (:func:`with_filename`), so running a file by another path reuses the entry.  A matching key (an exact
source match) means no parsing and no transpiling: the code object is read back with ``marshal``.
Nothing here imports the parser, so a warm run never imports lark.
"""
from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Iterator, Optional

from . import __version__

MAGIC = b"SPLC2\n"  # 2: payload (code, labels, sites, helpers)
TAG = f"spl-py-{__version__}.{sys.implementation.cache_tag}"


_COMPILER_FILES = ("transpiler.py", "transpile_expr.py", "transpile_match.py", "transpile_classes.py",
                   "transpile_scope.py", "scopes.py", "builder.py", "ast.py", "lexer.py", "strings.py",
                   "parser.py", "runtime/rt.py", "runtime/methods.py")
_stamp: Optional[str] = None


def compiler_stamp() -> str:
    """Size and mtime of the transpiler's own files and the grammar: the version number
    alone would keep stale code cached while spl-py is being developed (a few ``stat``
    calls, no reading)."""
    global _stamp
    if _stamp is None:
        from .resources import grammar_path

        here = Path(__file__).resolve().parent
        parts = []
        for file in [here / rel for rel in _COMPILER_FILES] + [grammar_path()]:
            try:
                st = os.stat(file)
                parts.append(f"{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append("-")
        _stamp = f"{zlib.crc32(','.join(parts).encode()):08x}"
    return _stamp


def cache_key(source: str, checked: bool) -> bytes:
    """Version tag, compiler stamp, options, a CRC-32 of the source and its length, then
    the source itself: a key match is an exact source match (no hashlib at start-up)."""
    text = source.encode("utf-8", "surrogatepass")
    head = (f"{TAG}|{compiler_stamp()}|{'checked' if checked else 'plain'}|"
            f"{zlib.crc32(text):08x}|{len(text)}|").encode()
    return len(head).to_bytes(4, "little") + head + text


def _user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "spl-py"


def candidates(path: Path, checked: bool) -> Iterator[Path]:
    """Where the cache file for ``path`` may live, in order of preference (the second is
    worked out only when asked for: resolving the path costs system calls)."""
    suffix = ".checked" if checked else ""
    yield Path(os.path.join(os.path.dirname(path), "__splcache__", f"{os.path.basename(path)}.{TAG}{suffix}.splc"))
    digest = f"{zlib.crc32(str(path.resolve()).encode('utf-8', 'surrogatepass')):08x}"
    yield _user_cache_dir() / f"{path.stem}-{digest}.{TAG}{suffix}.splc"


def load(path: Path, key: bytes, checked: bool) -> Optional[tuple]:
    """The cached payload (a ``transpile_run.CompiledModule`` as a tuple) for ``key``, or None."""
    for cand in candidates(path, checked):
        try:
            with open(cand, "rb") as f:
                data = f.read()
        except OSError:
            continue
        head = len(MAGIC) + len(key)
        if data[:len(MAGIC)] != MAGIC or data[len(MAGIC):head] != key:
            continue
        try:
            return marshal.loads(data[head:])
        except (EOFError, ValueError, TypeError):
            continue
    return None


def store(path: Path, key: bytes, checked: bool, payload: tuple) -> Optional[Path]:
    """Write the cache file (atomically); returns where, or None if nowhere was writable."""
    from .files import write_atomically

    data = MAGIC + key + marshal.dumps(payload)
    for cand in candidates(path, checked):
        try:
            cand.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(cand, data)
            return cand
        except OSError:
            continue
    return None


def with_filename(code, filename: str):
    """``code`` (and every nested code object) compiled as if from ``filename``."""
    if code.co_filename == filename:
        return code
    consts = tuple(with_filename(c, filename) if isinstance(c, type(code)) else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
