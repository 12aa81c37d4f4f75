"""The Simple spec files of the stdlib pass, and ``spl-py test`` reports like pytest."""
from __future__ import annotations

import io

import pytest

from conftest import ROOT, run_cli
from spl_py.testing import discover, run_specs

SPEC_DIR = ROOT / "stdlib" / "lib" / "pure" / "test"
SPECS = discover([SPEC_DIR])


def test_spec_files_are_found():
    names = {p.name for p in SPECS}
    for module in ("tensor", "tensor_ops", "autograd", "nn", "optim", "training", "data",
                   "metrics", "serialization", "math_random", "sspec"):
        assert f"{module}_spec.spl" in names


BACKENDS = ["interp", "auto"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_stdlib_spec_passes(spec, backend):
    out = io.StringIO()
    result = run_specs([spec], out=out, backend=backend)
    assert result.failed == 0 and result.errors == 0, out.getvalue()
    assert result.passed > 0


SAMPLE = '''\
describe "math":
    var n = 0
    before_each:
        n = 10
    it "adds":
        expect(n + 1).to_equal(11)
    it "fails":
        expect(n * 2).to_equal(21)
    context "nested":
        it "asserts":
            assert n == 11
        skip_it "later":
            expect(1).to_equal(2)
'''


@pytest.mark.parametrize("backend", BACKENDS)
def test_runner_output_failures_and_summary(spl_file, backend):
    path = spl_file(SAMPLE, "sample_spec.spl")
    out = io.StringIO()
    result = run_specs([path], out=out, backend=backend)
    text = out.getvalue()
    assert text.splitlines()[0] == ".FFs"
    assert (result.passed, result.failed, result.skipped) == (1, 2, 1)
    assert "___ math fails ___" in text
    assert f"{path}:8\n    expect(n * 2).to_equal(21)\n" in text
    assert "to_equal failed: expected 20 to equal 21\n  expected: 21\n  actual:   20\n" in text
    assert "___ math nested asserts ___" in text and "assertion failed: n == 11" in text
    assert text.splitlines()[-1].startswith("1 passed, 2 failed, 1 skipped in ")
    assert result.exit_code == 1


def test_assert_helpers_name_themselves_once(spl_file):
    path = spl_file('describe "h":\n    it "a":\n        check(1 == 2)\n    it "b":\n        expect_not(true)\n',
                    "helpers_spec.spl")
    out = io.StringIO()
    run_specs([path], out=out)
    text = out.getvalue()
    assert "\ncheck failed: got false\n" in text and "\nexpect_not failed: got true\n" in text


@pytest.mark.parametrize("backend", BACKENDS)
def test_failure_inside_library_code_points_at_the_spec_line(spl_file, backend):
    path = spl_file('use lib.pure.tensor (PureTensor)\ndescribe "deep":\n    it "fails":\n'
                    '        val t = PureTensor.from_data([1.0], [1])\n'
                    '        expect(t.get([3])).to_equal(1.0)\n', "deep_spec.spl")
    out = io.StringIO()
    run_specs([path], out=out, backend=backend)
    text = out.getvalue()
    assert f"{path}:5\n    expect(t.get([3])).to_equal(1.0)\n" in text
    assert "error: index 3 out of range for dimension 0 of size 1" in text


def test_k_filters_examples(spl_file):
    path = spl_file(SAMPLE, "sample_spec.spl")
    out = io.StringIO()
    result = run_specs([path], k="adds", out=out)
    assert (result.passed, result.failed) == (1, 0) and result.exit_code == 0
    result = run_specs([path], k="not fails and not asserts", out=io.StringIO())
    assert (result.passed, result.failed, result.skipped) == (1, 0, 1)


def test_a_file_that_does_not_load_is_an_error(spl_file):
    path = spl_file('describe "x":\n    it "y":\n        expect(1).to_equal(1)\nundefined_thing()\n',
                    "broken_spec.spl")
    out = io.StringIO()
    result = run_specs([path], out=out)
    assert result.errors == 1 and result.exit_code == 1
    assert "undefined name undefined_thing" in out.getvalue()


def test_cli_test_command(spl_file):
    path = spl_file(SAMPLE, "sample_spec.spl")
    r = run_cli("test", path)
    assert r.returncode == 1
    assert r.stdout.startswith(".FFs\n")
    assert "1 passed, 2 failed, 1 skipped" in r.stdout
    r = run_cli("test", path, "-k", "adds")
    assert r.returncode == 0 and r.stdout.startswith(".\n")
    r = run_cli("test", "--interp", path, "-k", "adds")
    assert r.returncode == 0 and r.stdout.startswith(".\n")


def test_discovery_skips_build_and_hidden_folders(tmp_path):
    for folder in ("src", "build/lib", ".venv", "pkg.egg-info", "nested/deeper"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "a_spec.spl").write_text("")
    (tmp_path / "src" / "helper.spl").write_text("")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["nested/deeper/a_spec.spl", "src/a_spec.spl"]


def test_no_spec_files_is_a_usage_error(tmp_path):
    out = io.StringIO()
    result = run_specs([tmp_path], out=out)
    assert result.exit_code == 2
    assert out.getvalue() == f"no *_spec.spl files found under {tmp_path}\n"


def test_plain_run_of_a_spec_runs_examples_at_once(spl_file):
    path = spl_file('use std.sspec.*\ndescribe "m":\n    it "ok":\n        print "first"\n'
                    '    it "bad":\n        expect(1).to_equal(2)\n    it "never":\n        print "no"\n',
                    "plain_spec.spl")
    r = run_cli("run", path)
    assert r.returncode == 1
    assert r.stdout == "first\n"
    assert f"{path.name}:6" in r.stderr and "expected 1 to equal 2" in r.stderr


def test_a_test_run_leaves_no_cached_code_that_binds_the_dsl(spl_file):
    path = spl_file('describe "m":\n    it "ok":\n        expect(1).to_equal(1)\n', "nocache_spec.spl")
    assert run_cli("test", path).returncode == 0
    r = run_cli("run", path)
    assert r.returncode == 1 and "undefined name describe" in r.stderr


def test_output_of_examples_is_captured_and_shown_for_failures(spl_file):
    path = spl_file('describe "cap":\n    it "passes":\n        print "hidden"\n'
                    '    it "fails":\n        print "shown"\n        expect(1).to_equal(2)\n', "cap_spec.spl")
    out = io.StringIO()
    run_specs([path], out=out)
    text = out.getvalue()
    assert "hidden" not in text
    assert "----- captured output -----\nshown\n" in text
    r = run_cli("test", "-s", path)
    assert r.stdout.startswith("hidden\n.shown\nF\n")
