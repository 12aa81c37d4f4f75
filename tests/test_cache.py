"""The transpile cache of ``spl-py run``: where it lives, what invalidates it, and that a
warm run is fast and never imports lark."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from spl_py import cache, transpile_run
from spl_harness import ROOT

PROGRAM = 'fn greet(n: text) -> text:\n    "hello {n}"\n\nprint greet("cache")\n'


def cache_files(folder):
    d = folder / "__splcache__"
    return sorted(d.glob("*.splc")) if d.exists() else []


@pytest.fixture
def prog(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "usercache"))
    path = tmp_path / "prog.spl"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def forbid_transpiling(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("transpiled although the cache was warm")
    monkeypatch.setattr(transpile_run, "transpile_source", boom)


def test_cold_run_writes_cache_beside_file(prog, capsys):
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\n"
    files = cache_files(prog.parent)
    assert len(files) == 1
    assert files[0].name.startswith("prog.spl.spl-py-")
    assert files[0].read_bytes().startswith(cache.MAGIC)


def test_warm_run_does_not_transpile(prog, capsys, monkeypatch):
    transpile_run.run_file(prog)
    forbid_transpiling(monkeypatch)
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\n" * 2


def test_other_path_to_same_file_reuses_entry(prog, capsys, monkeypatch):
    transpile_run.run_file(prog)
    forbid_transpiling(monkeypatch)
    monkeypatch.chdir(prog.parent)
    transpile_run.run_file("prog.spl")
    assert capsys.readouterr().out == "hello cache\n" * 2


def test_source_change_invalidates(prog, capsys):
    transpile_run.run_file(prog)
    prog.write_text(PROGRAM.replace("hello", "bye"), encoding="utf-8")
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\nbye cache\n"
    assert len(cache_files(prog.parent)) == 1


def test_version_and_options_are_part_of_the_key(prog, capsys, monkeypatch):
    transpile_run.run_file(prog)
    key = cache.cache_key(PROGRAM, False)
    assert cache.load(prog, key, False) is not None
    assert cache.load(prog, cache.cache_key(PROGRAM, True), True) is None
    monkeypatch.setattr(cache, "TAG", "spl-py-999.0.cpython-311")
    assert cache.load(prog, cache.cache_key(PROGRAM, False), False) is None
    transpile_run.run_file(prog, checked=True)
    assert len(cache_files(prog.parent)) == 2  # the checked build is cached separately


def test_module_loaded_again_in_process_is_not_reread(prog, capsys, monkeypatch):
    transpile_run.forget_loaded()
    transpile_run.run_file(prog)
    with monkeypatch.context() as m:
        m.setattr(cache, "load", lambda *a: pytest.fail("read the cache file again"))
        transpile_run.run_file(prog)
    prog.write_text(PROGRAM.replace("hello", "howdy"), encoding="utf-8")  # same size: compared by source
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\nhello cache\nhowdy cache\n"


def test_settled_module_is_trusted_by_size_and_mtime(prog, capsys, monkeypatch):
    old = 1_600_000_000  # long ago: a same-size change would have moved the mtime
    os.utime(prog, (old, old))
    transpile_run.forget_loaded()
    transpile_run.run_file(prog)
    with monkeypatch.context() as m:
        m.setattr(transpile_run, "read_source", lambda *a: pytest.fail("read the source again"))
        transpile_run.run_file(prog)
    prog.write_text(PROGRAM.replace("hello", "howdy"), encoding="utf-8")  # same size, new mtime
    os.utime(prog, (old + 1, old + 1))
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\nhello cache\nhowdy cache\n"


def test_corrupt_cache_is_rebuilt(prog, capsys):
    transpile_run.run_file(prog)
    (f,) = cache_files(prog.parent)
    f.write_bytes(cache.MAGIC + b"garbage")
    transpile_run.forget_loaded()  # as a new process would: read the cache file again
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\n" * 2
    assert cache.load(prog, cache.cache_key(PROGRAM, False), False) is not None


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root can write to read-only folders")
def test_read_only_folder_falls_back_to_user_cache(prog, tmp_path, capsys):
    prog.parent.chmod(0o555)
    try:
        transpile_run.run_file(prog)
    finally:
        prog.parent.chmod(0o755)
    assert not cache_files(prog.parent)
    assert list((tmp_path / "usercache" / "spl-py").glob("prog-*.splc"))


def test_user_cache_is_used_when_beside_is_unwritable(prog, tmp_path, capsys, monkeypatch):
    blocked = prog.parent / "__splcache__"
    blocked.write_text("a file where the folder should be")  # mkdir fails
    transpile_run.run_file(prog)
    assert list((tmp_path / "usercache" / "spl-py").glob("prog-*.splc"))
    forbid_transpiling(monkeypatch)
    transpile_run.run_file(prog)
    assert capsys.readouterr().out == "hello cache\n" * 2


def test_no_cache_writes_nothing(prog, capsys):
    transpile_run.run_file(prog, use_cache=False)
    assert not cache_files(prog.parent)


def _spl_run(*args, env=None):
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, env=env)


def test_warm_run_does_not_import_lark(prog):
    env = dict(os.environ, XDG_CACHE_HOME=str(prog.parent / "usercache"))
    first = _spl_run("-m", "spl_py", "run", str(prog), env=env)
    assert first.stdout == "hello cache\n"
    warm = _spl_run("-X", "importtime", "-m", "spl_py", "run", str(prog), env=env)
    assert warm.stdout == "hello cache\n"
    imported = [line.rsplit("|", 1)[-1].strip() for line in warm.stderr.splitlines() if "|" in line]
    assert "lark" not in imported
    assert not [m for m in imported if m.startswith(("lark.", "spl_py.parser", "spl_py.transpiler", "spl_py.ast"))]


def test_no_cache_flag_and_interp_flag(prog):
    assert _spl_run("-m", "spl_py", "run", "--no-cache", str(prog)).stdout == "hello cache\n"
    assert not cache_files(prog.parent)
    assert _spl_run("-m", "spl_py", "run", "--interp", str(prog)).stdout == "hello cache\n"
    assert not cache_files(prog.parent)
