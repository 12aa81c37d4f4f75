"""The ``spl-py`` command line: argument parsing only; the work lives in ``spl_py.api``.

Exit codes: 0 ok, 1 program or check error, 2 usage or syntax error, 130 interrupted.
"""
from __future__ import annotations

import os
import sys
from types import SimpleNamespace
from typing import Optional

from . import __version__
from .errors import SplError, SplLanguageError, SplSyntaxError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _debug() -> bool:
    return os.environ.get("SPL_DEBUG", "") not in ("", "0")


def report(error: BaseException) -> int:
    """Print a user-facing error; returns the exit code."""
    if _debug() and error.__cause__ is not None:
        import traceback
        traceback.print_exception(error.__cause__)
    if isinstance(error, SplSyntaxError):
        print(error.format(), file=sys.stderr)
        return EXIT_USAGE
    if isinstance(error, SplLanguageError):
        print(error.format(), file=sys.stderr)
        return EXIT_ERROR
    print(f"error: {error}", file=sys.stderr)
    return EXIT_ERROR


def guarded(work, filename: Optional[str] = None) -> int:
    """Run ``work()``, turning every failure into a message and an exit code
    (``filename``: the program's, for failures that carry none)."""
    try:
        result = work()
        return result if isinstance(result, int) else EXIT_OK
    except KeyboardInterrupt:
        sys.stdout.flush()
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`spl-py run x.spl | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except SplError as error:
        sys.stdout.flush()
        return report(error)
    except RecursionError:
        # Simple-level recursion is reported as a Simple error ("maximum call depth
        # exceeded"); this one comes from compiling a program nested past Python's stack
        # after the parser coped (the parser's own limit reports this same message)
        sys.stdout.flush()
        return report(SplSyntaxError("expression nested too deeply", None, filename or "<input>"))
    except Exception as exc:  # noqa: BLE001 - a bug in spl-py: say so, never dump a traceback
        sys.stdout.flush()
        if _debug():
            import traceback
            traceback.print_exc()
        print(f"internal error (this is a bug in spl-py): {type(exc).__name__}: {exc}\n"
              f"hint: run with SPL_DEBUG=1 for the Python traceback", file=sys.stderr)
        return EXIT_ERROR
    finally:
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            pass


# ---------------------------------------------------------------------------- commands

def cmd_run(args) -> int:
    from .threads import frames_for, run_with_big_stack

    if args.interp:
        from .api import run_file
        kwargs = {"backend": "interp", "frames": frames_for("interp")}
    else:
        # the transpiled back end, imported without spl_py.api / the parser (warm start-up)
        from .transpile_run import run_file
        kwargs = {"use_cache": not args.no_cache}

    def work():
        run_with_big_stack(run_file, args.file, args.args, checked=args.checked, **kwargs)
        return EXIT_OK
    return guarded(work, args.file)


def cmd_transpile(args) -> int:
    from .threads import INTERPRETER_FRAMES, run_with_big_stack
    from .transpile_cli import transpile_command

    # deep nesting: as for checking (ast.unparse recurses per level too)
    return guarded(lambda: run_with_big_stack(transpile_command, args.file, args.output, args.out_dir, args.checked,
                                              frames=INTERPRETER_FRAMES), args.file)


def cmd_parse(args) -> int:
    from .parser import parse_file

    def work():
        tree, _ = parse_file(args.file)
        if args.ast:
            from .ast_dump import dump
            print(dump(tree))
        return EXIT_OK
    return guarded(work)


def cmd_check(args) -> int:
    from .checker import check_paths
    from .threads import INTERPRETER_FRAMES, run_with_big_stack

    # the checker recurses per level of nesting, as the interpreter's compiler does
    return guarded(lambda: run_with_big_stack(check_paths, args.files, frames=INTERPRETER_FRAMES))


def cmd_test(args) -> int:
    from .testing import run_spec_paths

    return guarded(lambda: run_spec_paths(args.paths, args.k, "interp" if args.interp else "auto",
                                          capture=not args.no_capture))


def build_parser():
    import argparse

    parser = argparse.ArgumentParser(prog="spl-py", description="Run, transpile and check Simple (.spl) programs.")
    parser.add_argument("--version", action="version", version=f"spl-py {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run a Simple program",
                         description="Run a Simple program; arguments after FILE are passed to it (sys_args()).")
    run.add_argument("file", help="the .spl file to run")
    run.add_argument("--checked", action="store_true",
                     help="make integer results outside the i64 range a runtime error")
    run.add_argument("--interp", action="store_true", help="use the tree-walking interpreter")
    run.add_argument("--no-cache", action="store_true",
                     help="transpile afresh and do not read or write __splcache__")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program")
    run.set_defaults(handler=cmd_run)

    tr = sub.add_parser("transpile", help="write the Python a Simple program becomes",
                        description="Transpile FILE (and the user modules it imports) to readable Python. "
                                    "The output runs with `python OUT.py` where spl_py is installed.")
    tr.add_argument("file", help="the .spl file")
    where = tr.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT.py",
                       help="write the program here (imported modules go beside it); default or '-': stdout")
    where.add_argument("--out-dir", metavar="DIR", help="write the program and its modules into DIR")
    tr.add_argument("--checked", action="store_true", help="emit integer overflow checks")
    tr.set_defaults(handler=cmd_transpile)

    check = sub.add_parser("check", help="check files for name, import and arity problems without running them")
    check.add_argument("files", nargs="+", help=".spl files")
    check.set_defaults(handler=cmd_check)

    test = sub.add_parser("test", help="run Simple spec files (*_spec.spl)",
                          description="Run SSpec files: a dot per passing example, F per failure, then details.")
    test.add_argument("paths", nargs="*", help="spec files or folders searched for *_spec.spl (default: .)")
    test.add_argument("-k", dest="k", metavar="PATTERN",
                      help="only examples whose full name contains PATTERN (and/or/not combine)")
    test.add_argument("--interp", action="store_true", help="use the tree-walking interpreter")
    test.add_argument("-s", dest="no_capture", action="store_true",
                      help="let examples print directly instead of capturing their output")
    test.set_defaults(handler=cmd_test)

    parse = sub.add_parser("parse", help="parse a file (debugging aid)")
    parse.add_argument("file")
    parse.add_argument("--ast", action="store_true", help="print the syntax tree")
    parse.set_defaults(handler=cmd_parse)
    return parser


def plain_run(argv: list):
    """The arguments of ``spl-py run FILE [ARG...]`` (no options), as the parser gives them,
    without building it: argparse looks every sub-command's help texts up in gettext
    catalogs, ~2 ms of each start, a twentieth of running a small program.  None for
    anything else."""
    if len(argv) < 2 or argv[0] != "run" or argv[1].startswith("-") or "--" in argv[2:]:
        return None
    return SimpleNamespace(command="run", file=argv[1], checked=False, interp=False, no_cache=False,
                           args=argv[2:], handler=cmd_run)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = plain_run(argv)
    if args is not None:
        return cmd_run(args)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
