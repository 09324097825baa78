"""python/examples/tradeoff.py runs end to end (1 h per point) and writes its plot, sweep and report."""
import subprocess
import sys

import pandas as pd

from dcsim_testing import PYDIR, python_env, dcsim_mod  # noqa: F401 - fixture


def test_tradeoff_example(tmp_path):
    p = subprocess.run([sys.executable, str(PYDIR / "examples" / "tradeoff.py"), "--out", str(tmp_path), "--duration",
                        "1h", "--workers", "2"], capture_output=True, text=True, env=python_env(), timeout=600)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "tradeoff.png").stat().st_size > 10_000
    assert (tmp_path / "report.html").exists()
    t = pd.read_csv(tmp_path / "sweep" / "results.csv")
    assert len(t) == 8 and set(t["status"]) == {"done"}
    # Monotone trade-off (physical expectation): more racks -> more facility energy and no more rejections.
    for _, g in t.groupby("cooling.supply_temperature"):
        g = g.sort_values("halls[0].racks[0].count")
        assert g["energy_kWh.facility"].is_monotonic_increasing
        assert g["vms.rejected"].is_monotonic_decreasing
