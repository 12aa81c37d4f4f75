"""Running a program on a thread with a big stack (shared by both back ends)."""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager

# Python frames allowed per thread: one Simple call is about five frames of the
# interpreter's closures (a depth of about 12000), and one to three of transpiled code
# (a comprehension, lambda or helper between calls adds one), so transpiled code gets
# enough to reach at least the interpreter's depth in each of those shapes.
TRANSPILED_FRAMES = 30000
INTERPRETER_FRAMES = 60000


BIG_STACK_THREAD = "spl-main"


def frames_for(backend: str) -> int:
    return INTERPRETER_FRAMES if backend == "interp" else TRANSPILED_FRAMES


def run_with_big_stack(fn, *args, frames: int = TRANSPILED_FRAMES, **kwargs):
    """Run ``fn`` in a thread with a large stack so deep Simple recursion reaches the
    depth limit ("maximum call depth exceeded", ``frames`` Python frames) before the C
    stack overflows."""
    result: dict = {}

    def target():
        try:
            result["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            result["error"] = exc

    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, frames))
    threading.stack_size(512 * 1024 * 1024)
    thread = threading.Thread(target=target, name=BIG_STACK_THREAD, daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    finally:
        sys.setrecursionlimit(old_limit)
    if "error" in result:
        raise result["error"]
    return result.get("value")


@contextmanager
def compile_room():
    """Room to compile a deeply nested program (a 5000-term ``+`` chain: the transpiler
    and Python's compiler recurse per level): the interpreter's frame allowance while on
    a big-stack thread.  Elsewhere the limit stays, as a deeper one could overflow the C
    stack where a RecursionError is now raised."""
    if threading.current_thread().name != BIG_STACK_THREAD:
        yield
        return
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, INTERPRETER_FRAMES))
    try:
        yield
    finally:
        sys.setrecursionlimit(old_limit)
