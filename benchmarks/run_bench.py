"""Transpiler and interpreter speed against hand-written Python, ratios from one run.

For every ``examples_spl`` program (baseline ``benchmarks/baselines/<name>.py``; in a
subfolder, ``<folder>_<name>.py``, e.g. ``tour_01_basics.py``, ``pure_digits_cnn.py``)
and three compute-heavy programs (``benchmarks/programs/``: naive 64x64 matmul on lists, a 10^6-iteration scalar loop, recursive fib(25)).
A baseline does what its Simple program does, the way a person would write it in Python: the
same classes, loops and library calls.  The lib.pure programs' baselines use ``pure_py``
(``baselines/pure_py/``), lib.pure written by hand in Python, as the programs use lib.pure.
Their earlier baselines, fused numpy with gradients written out (``baselines/numpy/``), are
timed too, as information without a target: that ratio measures lib.pure's design (an
autograd graph of tensor objects), not the transpiler.  tests/test_baselines.py checks that
each baseline prints its program's golden output.


* ``transpiled / python``: in-process run time of the transpiled module against the
  hand-written module (both compiled once, executed with stdout discarded; best of N,
  the two taking turns).
  Modules a program imports are loaded once, on both sides: a baseline's imports stay
  in ``sys.modules`` between runs, a Simple program's in its (one) module registry.
  Target <= 1.3.
* ``run proc / python proc``: a whole ``spl-py run FILE`` process (warm cache) against a
  whole ``python3 baseline.py`` process (best of N, taking turns).  Target <= 1.5.
* ``interp / transpiled``: in-process interpreter run time against the transpiled module
  (imported modules loaded once here too).  The interpreter's compile, AST to closures
  (``Program.compile``), is done once, as the transpiled module's ``compile`` is.
  Target <= 15.

Also: start-up of a warm ``spl-py run`` on a small program minus ``python3 -c pass``
(target <= 150 ms), and whether that run imports lark (it must not).

    python benchmarks/run_bench.py [--repeat 5] [--only matmul,fib]
"""
from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINES = ROOT / "benchmarks" / "baselines"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BASELINES))  # the lib.pure baselines import pure_py, as run from there

from spl_py.api import Program  # noqa: E402
from spl_py.parser import parse_file  # noqa: E402
from spl_py.transpile_run import TranspiledProgram, compile_source  # noqa: E402
from spl_py.runtime import trace  # noqa: E402

HEAVY = ("matmul", "scalar_loop", "fib")
TARGETS = {"transpiled": 1.3, "process": 1.5, "interp": 15.0, "startup_ms": 150.0}


class _Sink(io.TextIOBase):
    def write(self, s):
        return len(s)


def programs(only=None):
    out = []
    for name in HEAVY:
        out.append((name, ROOT / "benchmarks" / "programs" / f"{name}.spl", BASELINES / f"{name}.py"))
    for spl in sorted((ROOT / "examples_spl").rglob("*.spl")):
        rel = spl.relative_to(ROOT / "examples_spl")
        # a subfolder's programs: baselines/<folder>_<name>.py (tour: tour_NN_name.py,
        # pure: pure_<name>.py); top-level programs: baselines/<name>.py
        base = "_".join(rel.parts[:-1] + (spl.stem,)) + ".py"
        label = str(rel.with_suffix(""))
        out.append((label, spl, BASELINES / base))
    if only:
        out = [p for p in out if p[0] in only or Path(p[0]).name in only]
    return out


def best_of(runners, repeat, min_total: float = 0.25, max_runs: int = 2000) -> list[float]:
    """Best time of each runner, the runners taking turns: one noisy moment on a shared
    machine then slows every side, not only the one it falls on.  At least ``repeat``
    rounds, going on (up to ``max_runs``) until the rounds took ``min_total`` seconds per
    runner: a program of 20 us is timed over thousands of runs, not five."""
    times: list[list[float]] = [[] for _ in runners]
    start = time.perf_counter()
    rounds = 0
    while rounds < repeat or (time.perf_counter() - start < min_total * len(runners) and rounds < max_runs):
        for fn, taken in zip(runners, times):
            t0 = time.perf_counter()
            fn()
            taken.append(time.perf_counter() - t0)
        rounds += 1
    return [min(taken) for taken in times]


def python_runner(path: Path):
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")

    def run():
        ns = {"__name__": "__main__", "__file__": str(path)}
        with redirect_stdout(_Sink()), redirect_stderr(_Sink()):
            exec(code, ns)  # noqa: S102
    return run


def transpiled_runner(path: Path):
    source = path.read_text(encoding="utf-8")
    compiled = compile_source(source, str(path))
    trace.register(trace.ModuleInfo(str(path), source, compiled.labels, compiled.sites))

    program = TranspiledProgram(use_cache=True)  # its registry keeps imported modules, as sys.modules does

    def run():  # no big-stack thread, as for python
        with redirect_stdout(_Sink()), redirect_stderr(_Sink()):
            program.run_code(compiled, str(path))
    return run


def interp_runner(path: Path):
    tree, source = parse_file(path)

    program = Program()  # imported modules stay loaded, as for the transpiled runs
    compiled = program.compile(tree, source, str(path), "__main__")  # compiled once, as above

    def run():
        with redirect_stdout(_Sink()), redirect_stderr(_Sink()):  # no thread: as for the others
            compiled.run()
    return run


# Processes run as installed programs do: with bytecode caches (.pyc).  Where the
# environment sets PYTHONDONTWRITEBYTECODE, every spl_py module would be compiled from
# source at each start (~25 ms more); --no-pyc measures that situation instead.
PROCESS_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_processes(argvs, repeat: int) -> list[float]:
    def runner(argv):
        def run():
            subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                           env=PROCESS_ENV)
        run()  # warm the OS cache (and the transpile cache for spl-py run)
        return run
    return best_of([runner(argv) for argv in argvs], repeat)


def spl_run_argv(path: Path):
    return [sys.executable, "-m", "spl_py", "run", str(path)]


def startup(repeat: int) -> tuple[float, float, bool]:
    small = ROOT / "examples_spl" / "tour" / "01_basics.spl"
    base, run = time_processes([[sys.executable, "-c", "pass"], spl_run_argv(small)], repeat * 2)
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "spl_py", "run", str(small)],
                           cwd=ROOT, capture_output=True, text=True, check=False, env=PROCESS_ENV)
    imported = [line.rsplit("|", 1)[-1].strip() for line in probe.stderr.splitlines() if "|" in line]
    imports_lark = any(m == "lark" or m.startswith("lark.") for m in imported)
    return base, run, imports_lark


def main(argv=None) -> int:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", default="", help="comma-separated program names")
    ap.add_argument("--no-pyc", action="store_true",
                    help="time processes without bytecode caches (PYTHONDONTWRITEBYTECODE=1)")
    args = ap.parse_args(argv)
    if args.no_pyc:
        PROCESS_ENV["PYTHONDONTWRITEBYTECODE"] = "1"
    only = set(filter(None, args.only.split(",")))
    header = (f"{'program':34} {'python':>9} {'transp.':>9} {'interp':>9} {'tr/py':>6} "
              f"{'py proc':>8} {'run proc':>8} {'proc':>5} {'int/tr':>6}")
    print(header)
    print("-" * len(header))
    worst = {"transpiled": 0.0, "process": 0.0, "interp": 0.0}
    failures = []
    fused = []  # (label, fused numpy time, transpiled time)
    for label, spl, baseline in programs(only):
        fused_baseline = BASELINES / "numpy" / baseline.name
        runners = [python_runner(baseline), transpiled_runner(spl)]
        if fused_baseline.exists():
            runners.append(python_runner(fused_baseline))
        py, tr, *fused_time = best_of(runners, args.repeat)
        if fused_time:
            fused.append((label, fused_time[0], tr))
        # the interpreter's turns are ten times longer: it takes turns with the transpiled module alone
        tr_again, it = best_of([runners[1], interp_runner(spl)],
                               max(1, args.repeat // 2 if label in HEAVY else args.repeat))
        py_proc, run_proc = time_processes([[sys.executable, str(baseline)], spl_run_argv(spl)], args.repeat)
        r_tr, r_proc, r_int = tr / py, run_proc / py_proc, it / min(tr, tr_again)
        print(f"{label:34} {py * 1e3:8.2f}m {tr * 1e3:8.2f}m {it * 1e3:8.1f}m {r_tr:6.2f} "
              f"{py_proc * 1e3:7.1f}m {run_proc * 1e3:7.1f}m {r_proc:5.2f} {r_int:6.1f}")
        for key, value in (("transpiled", r_tr), ("process", r_proc), ("interp", r_int)):
            if value == value:
                worst[key] = max(worst[key], value)
                if value > TARGETS[key]:
                    failures.append(f"{label}: {key} ratio {value:.2f} > {TARGETS[key]}")
    if fused:
        print()
        print("lib.pure against fused numpy (baselines/numpy/, information; no target):")
        for label, np_time, tr in fused:
            print(f"{label:34} {np_time * 1e3:8.2f}m {tr * 1e3:8.2f}m {tr / np_time:6.2f}")
    base, run, imports_lark = startup(args.repeat)
    print()
    print(f"start-up: python3 -c pass {base * 1e3:.1f} ms, warm spl-py run (tour/01_basics) "
          f"{run * 1e3:.1f} ms, difference {(run - base) * 1e3:.1f} ms (target <= {TARGETS['startup_ms']:.0f})")
    print(f"warm spl-py run imports lark: {'YES' if imports_lark else 'no'}")
    print(f"worst ratios: transpiled/python {worst['transpiled']:.2f} (<= {TARGETS['transpiled']}), "
          f"run process/python process {worst['process']:.2f} (<= {TARGETS['process']}), "
          f"interpreter/transpiled {worst['interp']:.1f} (<= {TARGETS['interp']})")
    if (run - base) * 1e3 > TARGETS["startup_ms"]:
        failures.append("start-up over target")
    if imports_lark:
        failures.append("warm run imports lark")
    for f in failures:
        print("MISSED:", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
