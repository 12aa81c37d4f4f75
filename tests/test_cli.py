"""The command line: exit codes, error formats, program arguments, interrupts."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run_cli
from spl_py import __version__


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"spl-py {__version__}"


@pytest.mark.parametrize("command", ["run", "check", "parse"])
def test_every_subcommand_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: spl-py {command}")


@pytest.mark.parametrize("argv, plain", [
    (["run", "f.spl"], True), (["run", "f.spl", "a", "-x"], True), (["run", "f.spl", "--interp", "a"], True),
    (["run", "f.spl", "--no-cache"], True), (["run", "--interp", "f.spl"], False),
    (["run", "f.spl", "--", "q"], False), (["check", "f.spl"], False), (["run"], False),
])
def test_plain_run_reads_arguments_as_the_parser_does(argv, plain):
    from spl_py.cli import build_parser, plain_run
    fast = plain_run(argv)
    assert (fast is not None) == plain
    if plain:
        assert vars(fast) == vars(build_parser().parse_args(argv))


def test_no_command_is_a_usage_error():
    result = run_cli()
    assert result.returncode == 2
    assert "usage: spl-py" in result.stdout


def test_program_arguments_reach_sys_args(spl_file):
    prog = spl_file('print sys_args()\nprint sys_args().len()\n')
    result = run_cli("run", "--interp", prog, "one", "--two", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[one, --two, 3]\n3\n"


@pytest.mark.parametrize("backend", [["--interp"], []])
def test_main_with_a_parameter_gets_the_program_arguments(spl_file, backend):
    prog = spl_file('fn main(args: [text]):\n    print "{args.len()}: {args}"\n')
    result = run_cli("run", *backend, prog, "one", "two")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2: [one, two]\n"


def test_transpiled_file_run_by_python_gets_the_program_arguments(spl_file, tmp_path):
    prog = spl_file('fn main(args: [text]):\n    print "{args} {sys_args().len()}"\n')
    out = tmp_path / "prog.py"
    assert run_cli("transpile", prog, "-o", str(out)).returncode == 0
    result = subprocess.run([sys.executable, str(out), "a", "b"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[a, b] 2\n"


def test_transpile_output_dash_is_stdout(spl_file, tmp_path):
    prog = spl_file('print "hi"\n')
    result = run_cli("transpile", prog, "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and not (tmp_path / "-").exists()
    assert result.stdout.startswith("# Transpiled from ") and "print('hi')" in result.stdout


def test_syntax_error_format_and_exit_code(spl_file):
    prog = spl_file("val x = 1\nval y = )\n")
    result = run_cli("run", "--interp", prog)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"{prog}:2:9: error: unmatched ')'\n"
                             "    val y = )\n"
                             "            ^\n"
                             "hint: remove it or add the opening bracket\n")


def test_runtime_error_format_and_exit_code(spl_file):
    prog = spl_file('fn half(n: i64) -> i64:\n    n / 0\nprint "before"\nprint half(4)\n')
    result = run_cli("run", "--interp", prog)
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert result.stderr == ("Traceback (most recent call last):\n"
                             f"  {prog}:4 in <module>\n    print half(4)\n"
                             f"  {prog}:2 in half\n    n / 0\n"
                             "error: division by zero\n")
    assert "Traceback (most recent call last):\n  File" not in result.stderr


def test_deep_recursion_is_reported_without_python_traceback(spl_file):
    prog = spl_file("fn down(n: i64) -> i64:\n    down(n + 1)\ndown(0)\n")
    result = run_cli("run", "--interp", prog)
    assert result.returncode == 1
    assert result.stderr.endswith("error: maximum call depth exceeded\n"
                                  "hint: is a recursive function missing its base case?\n")
    assert "more frames" in result.stderr
    assert 'File "' not in result.stderr


def test_recursion_of_a_thousand_levels_works(spl_file):
    prog = spl_file("fn depth(n: i64) -> i64:\n    if n == 0: return 0\n    1 + depth(n - 1)\nprint depth(1000)\n")
    result = run_cli("run", "--interp", prog)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1000\n"


def test_debug_shows_python_traceback(spl_file):
    prog = spl_file("print 1 / 0\n")
    result = run_cli("run", "--interp", prog, env={"SPL_DEBUG": "1"})
    assert result.returncode == 1
    assert 'File "' in result.stderr and "spl_py" in result.stderr  # Python frames of spl-py
    assert result.stderr.endswith("error: division by zero\n")


def test_missing_file_is_reported(tmp_path):
    result = run_cli("run", "--interp", tmp_path / "nope.spl")
    assert result.returncode == 1
    assert result.stderr == f"error: cannot read {tmp_path / 'nope.spl'}: No such file or directory\n"
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_prints_interrupted_and_exits_130(spl_file):
    prog = spl_file('print "ready"\nvar i = 0\nwhile true:\n    i = i + 1\n')
    env = dict(os.environ)
    env.pop("SPL_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "spl_py", "run", "--interp", str(prog)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline() == "ready\n"
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == "interrupted\n"


def test_parse_ast_dump(spl_file):
    prog = spl_file("val x = 1 + 2\n")
    result = run_cli("parse", "--ast", prog)
    assert result.returncode == 0
    assert result.stdout == ("Module()  @1:1\n"
                             "  body: [\n"
                             "    VarDecl()  @1:1\n"
                             "      target: NameTarget(name='x')  @1:5\n"
                             "      value: BinOp(op='+')  @1:9\n"
                             "        left: IntLit(value=1)  @1:9\n"
                             "        right: IntLit(value=2)  @1:13\n"
                             "  ]\n")


@pytest.mark.parametrize("backend", [[], ["--interp"]], ids=["transpiled", "interpreter"])
def test_closed_pipe_ends_the_run_quietly(spl_file, backend):
    prog = spl_file('var i = 0\nwhile i < 200000:\n    print "line {i}"\n    i = i + 1\n')
    env = dict(os.environ)
    env.pop("SPL_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "spl_py", "run", *backend, str(prog)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline() == "line 0\n"
    proc.stdout.close()  # what `spl-py run prog.spl | head -1` does
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert proc.returncode == 0
    assert err == ""


def test_closed_pipe_ends_a_transpiled_file_quietly(spl_file, tmp_path):
    prog = spl_file('var i = 0\nwhile i < 200000:\n    print "line {i}"\n    i = i + 1\n')
    out = tmp_path / "lines.py"
    assert run_cli("transpile", prog, "-o", out).returncode == 0
    proc = subprocess.Popen([sys.executable, str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "line 0\n"
    proc.stdout.close()  # `python lines.py | head -1`
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert err == ""


@pytest.mark.parametrize("backend", ["--no-cache", "--interp"])
def test_deeply_nested_program_is_a_clear_error(spl_file, backend):
    # deep enough for the compiler's recursion after the parser coped: not "internal error"
    prog = spl_file("print " + "not " * 60000 + "1\n")
    result = run_cli("run", backend, prog)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{prog}:1:1: error: expression nested too deeply\n    print not not")
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("backend", [[], ["--interp"]])
def test_exit_with_a_message_prints_it_and_exits_1(spl_file, backend):
    prog = spl_file('print "working"\nexit("no input files")\nprint "not reached"\n')
    result = run_cli("run", *backend, "--no-cache", prog)
    assert (result.returncode, result.stdout, result.stderr) == (1, "working\n", "no input files\n")


def test_a_long_operator_chain_checks_and_runs_under_both_back_ends(tmp_path):
    # 5000 terms nest 5000 deep: the checker, the interpreter's and the transpiler's
    # compilers and Python's compile all recurse per level (on a big stack)
    prog = tmp_path / "chain.spl"
    prog.write_text("val x = " + " + ".join(["1"] * 5000) + "\nprint x\n")
    assert run_cli("check", prog).returncode == 0
    for flags in (["--no-cache"], ["--interp"]):
        result = run_cli("run", *flags, prog)
        assert (result.stdout, result.stderr) == ("5000\n", "")


def test_a_chain_too_deep_for_any_stack_is_an_error_at_its_statement(tmp_path):
    prog = tmp_path / "deep.spl"
    prog.write_text("val a = 1\nval x = " + " + ".join(["1"] * 100000) + "\nprint x\n")
    for command in (["check"], ["run", "--no-cache"]):
        result = run_cli(*command, prog)
        assert result.returncode != 0
        assert result.stderr.startswith(f"{prog}:2:1: error: expression nested too deeply\n    val x = 1 + 1")
