"""Writing files so that no reader ever sees half of one (the transpile cache, saved
model parameters): a temporary file in the same folder, then a rename."""
from __future__ import annotations

import os
from pathlib import Path


def write_atomically(target: Path, data: bytes, durable: bool = False) -> None:
    """Replace ``target`` by ``data``: readers see the old file or the new one.
    ``durable``: flushed to disk before the rename (what a checkpoint needs to survive a
    crash).  Raises OSError; the temporary file never stays behind."""
    import tempfile

    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes the file readable by its owner only
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
