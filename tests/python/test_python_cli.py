"""`python -m dcsim` offers the `dcsim` program's commands (same C++ code, same output and exit codes)."""
import json
import subprocess
import sys

from dcsim_testing import BROKEN, SMALL, python_env, dcsim_mod  # noqa: F401 - fixture


def pym(*args):
    return subprocess.run([sys.executable, "-m", "dcsim", *map(str, args)], capture_output=True, text=True,
                          env=python_env(), timeout=300)


def test_validate_same_as_program(dcsim_bin):
    for f in (SMALL, BROKEN / "unknown_key.yaml", BROKEN / "syntax_error.yaml"):
        ref = subprocess.run([str(dcsim_bin), "validate", str(f)], capture_output=True, text=True)
        got = pym("validate", f)
        # Reference: the program's output for the same file, byte for byte.
        assert (got.returncode, got.stdout, got.stderr) == (ref.returncode, ref.stdout, ref.stderr)


def test_run_same_as_program(dcsim_bin, tmp_path):
    ref = subprocess.run([str(dcsim_bin), "run", str(SMALL), "-o", str(tmp_path / "a"), "-q"], capture_output=True, text=True)
    got = pym("run", SMALL, "-o", tmp_path / "b", "-q")
    assert got.returncode == ref.returncode == 0
    a = json.loads((tmp_path / "a" / "summary.json").read_text())
    b = json.loads((tmp_path / "b" / "summary.json").read_text())
    a.pop("performance"), b.pop("performance")  # wall-clock figures differ between runs
    assert a == b
    assert (tmp_path / "a" / "series" / "site.csv").read_text() == (tmp_path / "b" / "series" / "site.csv").read_text()


def test_bad_option_exit_code(dcsim_bin):
    ref = subprocess.run([str(dcsim_bin), "run"], capture_output=True, text=True)
    got = pym("run")
    assert got.returncode == ref.returncode == 2


def test_sweep_and_report_help():
    for cmd in ("sweep", "report"):
        p = pym(cmd, "--help")
        assert p.returncode == 0 and f"dcsim {cmd}" in p.stdout


def test_program_forwards_sweep_and_report(dcsim_bin):
    import pytest
    for cmd in ("sweep", "report"):
        p = subprocess.run([str(dcsim_bin), cmd, "--help"], capture_output=True, text=True, timeout=120)
        if f"dcsim {cmd}" not in p.stdout:
            pytest.skip("the dcsim program does not forward sweep/report to `python -m dcsim` yet")
        assert p.returncode == 0
