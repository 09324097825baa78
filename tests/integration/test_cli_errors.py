"""Bad input: clear messages naming file, line, key and expectation; exit code 2; nothing written."""
from pathlib import Path

import pytest

from conftest import ROOT

BROKEN = ROOT / "tests" / "data" / "broken"


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.yaml")))
def test_validate_rejects_broken_file_with_location(run_dcsim, name):
    path = BROKEN / name
    proc = run_dcsim("validate", path, check=False)
    assert proc.returncode == 2, proc.stderr
    expected = [l[len("# expect: "):] for l in path.read_text().splitlines() if l.startswith("# expect: ")]
    for e in expected:
        assert e in proc.stderr, f"missing {e!r} in:\n{proc.stderr}"


def test_validate_accepts_shipped_scenarios(run_dcsim):
    for p in sorted((ROOT / "scenarios").rglob("*.yaml")):
        proc = run_dcsim("validate", p, check=False)
        assert proc.returncode == 0, f"{p}: {proc.stderr}"


def test_run_of_broken_file_exits_2_and_writes_nothing(run_dcsim, tmp_path):
    out = tmp_path / "out"
    proc = run_dcsim("run", BROKEN / "wrong_unit.yaml", "-o", out, check=False)
    assert proc.returncode == 2
    assert "wrong_unit.yaml:7:13" in proc.stderr
    assert not out.exists()


def test_missing_file_and_bad_override(run_dcsim, tmp_path):
    proc = run_dcsim("validate", tmp_path / "nope.yaml", check=False)
    assert proc.returncode == 2 and "cannot open" in proc.stderr
    proc = run_dcsim("validate", ROOT / "scenarios" / "quickstart.yaml", "--set", "cooling.supply_temperature=22",
                     check=False)
    assert proc.returncode == 2
    assert "--set cooling.supply_temperature=22" in proc.stderr and "has no unit" in proc.stderr


def test_not_yaml_at_all(run_dcsim, tmp_path):
    bad = tmp_path / "binary.yaml"
    bad.write_bytes(b"\x00\x01\x02 not: [yaml")
    proc = run_dcsim("validate", bad, check=False)
    assert proc.returncode == 2
    assert "binary.yaml" in proc.stderr
