"""The shipped CloudSim 3.0.3 compatibility scenarios reproduce the published PlanetLab table (PLANETLAB.md,
day 20110303): NPA 2410.80 kWh exactly; DVFS within 0.5%; the four consolidation policies within 3% energy
and 10% migrations (measured: 0.4% and 2.3% at most; tests/models/test_compat_planetlab.cpp)."""
import pytest

from conftest import ROOT, SHARED, load_summary

TABLE = {
    "npa": (2410.80, 0), "dvfs": (802.754, 0), "thr-mmt-0.8": (192.62307, 26711),
    "lr-mmt-1.2": (163.47722, 27859), "iqr-mc-1.5": (179.24812, 23596), "mad-mmt-2.5": (185.79167, 26556),
}
TRACES = SHARED / "data" / "planetlab" / "20110303"


@pytest.mark.parametrize("policy", sorted(TABLE))
def test_compat_scenario_reproduces_table(run_dcsim, tmp_path, policy):
    if not TRACES.is_dir():
        pytest.skip(f"no PlanetLab traces at {TRACES}")
    out = tmp_path / policy
    run_dcsim("run", ROOT / "scenarios" / "planetlab" / f"cloudsim-{policy}.yaml", "-o", out, "-q",
              "--set", f"workload.planetlab.directory={TRACES}")
    s = load_summary(out)
    energy, migrations = TABLE[policy]
    if policy == "npa":
        assert s["energy_kWh"]["it"] == pytest.approx(energy, abs=0.005)
    elif policy == "dvfs":
        assert s["energy_kWh"]["it"] == pytest.approx(energy, rel=0.005)
    else:
        assert s["energy_kWh"]["it"] == pytest.approx(energy, rel=0.03)
        assert s["migrations"]["started"] == pytest.approx(migrations, rel=0.10)
    assert s["vms"]["requested"] == 1052


def test_compat_rejects_keys_of_the_full_schema(run_dcsim, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncompat: cloudsim-3.0.3\nsite: {name: x}\ncloudsim: {policy: thr-mmm-0.8}\n"
                   "workload: {planetlab: {directory: .}}\nhalls: []\n")
    proc = run_dcsim("validate", bad, check=False)
    assert proc.returncode == 2
    assert "bad.yaml:4:" in proc.stderr and "cloudsim.policy" in proc.stderr
    assert "halls: unknown key" in proc.stderr
