"""The dcsim Python package over the C++ engine: loading, overrides, validation errors, runs, series, the step
API. Scenario: tests/data/small_site.yaml (8 servers of 4 cores, linear 100 W idle / 200 W peak, constant
COP 4, three explicit VMs; 4 h sampled every 15 min)."""
import json
import subprocess
import sys

import pytest
import yaml

from dcsim_testing import BROKEN, ROOT, SMALL, python_env, dcsim_mod  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def small_run(dcsim_mod, tmp_path_factory):
    return dcsim_mod.Scenario.load(SMALL).run(tmp_path_factory.mktemp("small") / "run")


def test_validate_reports_facts(dcsim_mod):
    info = dcsim_mod.Scenario.load(SMALL).validate()
    # Hand count: 2 racks x 4 servers; duration 4 h = 14400 s; seed 7 (the file).
    assert info["servers"] == 8
    assert info["duration_s"] == pytest.approx(14400, abs=1e-9)
    assert info["seed"] == 7


def test_bad_scenario_raises_input_error_like_the_cli(dcsim_mod, dcsim_bin):
    bad = BROKEN / "wrong_unit.yaml"
    with pytest.raises(dcsim_mod.InputError) as ei:
        dcsim_mod.Scenario.load(bad).validate()
    errors = ei.value.errors
    assert len(errors) >= 1
    assert all(e.file == str(bad) and e.line > 0 and e.key_path for e in errors)
    # Reference: the `dcsim` program's own message for the same file, line for line.
    cli = subprocess.run([str(dcsim_bin), "validate", str(bad)], capture_output=True, text=True)
    assert cli.returncode == 2
    assert cli.stderr.strip() == f"dcsim: {ei.value}".strip()


def test_bad_override_and_run_raise_input_error(dcsim_mod):
    s = dcsim_mod.Scenario.load(SMALL).set("cooling.cop", "abc")
    with pytest.raises(dcsim_mod.InputError) as ei:
        s.validate()
    assert [e.key_path for e in ei.value.errors] == ["cooling.cop"]
    with pytest.raises(dcsim_mod.InputError):
        s.run()  # checked before any child process starts
    with pytest.raises(dcsim_mod.InputError) as ei:
        dcsim_mod.Scenario.from_dict({"version": 1, "site": {"name": "x"}}).validate()
    assert ei.value.errors and all(e.file == "<dict>" for e in ei.value.errors)


def test_error_is_picklable(dcsim_mod):
    import pickle
    e = dcsim_mod.InputError([("f.yaml", 3, 4, "a.b", "bad", "f.yaml:3:4: a.b: bad")])
    e2 = pickle.loads(pickle.dumps(e))
    assert e2.errors == e.errors and str(e2) == str(e)


def test_run_matches_the_cli(dcsim_mod, small_run, run_dcsim, tmp_path):
    # Reference: `dcsim run` on the same file (same engine, so identical energy figures).
    run_dcsim("run", SMALL, "-o", tmp_path / "cli", "-q")
    cli = json.loads((tmp_path / "cli" / "summary.json").read_text())
    for key in ("it", "network", "power_losses", "cooling", "facility"):
        assert small_run.summary["energy_kWh"][key] == pytest.approx(cli["energy_kWh"][key], rel=1e-12)
    assert small_run.summary["vms"] == cli["vms"]


def test_override_by_path_changes_results(dcsim_mod, small_run):
    cop8 = dcsim_mod.Scenario.load(SMALL).set("cooling.cop", 8.0).run()
    # Constant-COP cooling: P_cool = Q / COP, and Q does not depend on the COP, so doubling COP halves cooling
    # energy exactly (analytic); IT energy is unchanged.
    assert cop8.summary["energy_kWh"]["cooling"] == pytest.approx(small_run.summary["energy_kWh"]["cooling"] / 2, rel=1e-9)
    assert cop8.summary["energy_kWh"]["it"] == pytest.approx(small_run.summary["energy_kWh"]["it"], rel=1e-12)


def test_from_dict_equals_file(dcsim_mod, small_run):
    d = yaml.safe_load(SMALL.read_text())
    r = dcsim_mod.Scenario.from_dict(d, base_dir=SMALL.parent).run()
    # Same document, so the same run (reference: the file's run).
    assert r.summary["energy_kWh"]["facility"] == pytest.approx(small_run.summary["energy_kWh"]["facility"], rel=1e-12)


def test_series_dataframes(small_run):
    site = small_run.series("site")
    halls = small_run.series("halls")
    # 4 h sampled every 15 min = 16 rows (hand count); one hall -> 16 hall rows.
    assert len(site) == 16 and len(halls) == 16
    assert site["time_s"].iloc[-1] == pytest.approx(14400, abs=1e-9)
    assert {"it_W", "cooling_W", "facility_W", "pue"} <= set(site.columns)
    # Rows are interval averages, so sum(P * 900 s) is the energy (CSV keeps 6 digits: rel 1e-5).
    assert (site["facility_W"].sum() * 900 / 3.6e6) == pytest.approx(small_run.summary["energy_kWh"]["facility"], rel=1e-5)


def test_step_api_state_and_continuation(dcsim_mod, small_run):
    with dcsim_mod.Simulation(SMALL) as sim:
        assert sim.server_count == 8
        assert sim.run_until(3000) == pytest.approx(3000, abs=1e-9)
        u = sim.utilizations()
        # Hand placement (first-fit): VM0 (2 cores, util 1.0) on server 0 -> 2/4 = 0.5; the two 4-core VMs at
        # util 0.5 (from 30 min) do not fit beside it -> servers 1 and 2 at 0.5; the rest idle.
        assert list(u) == pytest.approx([0.5, 0.5, 0.5, 0, 0, 0, 0, 0], abs=1e-12)
        assert sim.server_utilization(1) == pytest.approx(0.5, abs=1e-12)
        # Linear power: 100 + 100 u W -> 3 x 150 + 5 x 100 = 950 W of servers (hand computation).
        assert sim.facility_now()["servers_W"] == pytest.approx(950, abs=1e-9)
        assert sim.server_power_W(0) == pytest.approx(150, abs=1e-9)
        assert sim.totals()["vms_placed"] == 3
        sim.run()
        assert sim.finished
        # Stopping at 3000 s and continuing gives the straight run's result (reference: small_run).
        assert sim.summary()["energy_kWh"]["facility"] == pytest.approx(small_run.summary["energy_kWh"]["facility"], rel=1e-9)
        assert len(sim.series("site")) == 16


def test_step_api_stops_during_a_live_migration(dcsim_mod):
    """Stopping at 310 s, while the pair's one migration (300 s to 336.55 s) is in flight, and continuing
    gives the straight run's migration and energy: the migration's worker resumes where it waited."""
    pair = ROOT / "tests" / "data" / "migration_pair.yaml"
    with dcsim_mod.Simulation(pair) as sim:
        sim.run_until(310)
        sim.run()
        stepped = sim.summary()
    with dcsim_mod.Simulation(pair) as sim:
        sim.run()
        straight = sim.summary()
    assert stepped["migrations"]["completed"] == 1
    assert stepped["migrations"] == straight["migrations"]
    assert stepped["energy_kWh"]["facility"] == pytest.approx(straight["energy_kWh"]["facility"], rel=1e-12)


def test_migration_concurrency_limit_from_python(dcsim_mod):
    """consolidation.migration.max_concurrent set from Python: the two migrations into one server run one
    after the other (each 36.55 s alone; the second waits 36.55 s: mean queue 18.3 s), stepped or not."""
    s = dcsim_mod.Scenario.load(ROOT / "tests" / "data" / "migration_pair.yaml")
    s.set("rack_types[0].servers[0].count", 3).set("workload.vms[0].count", 3).set("workload.vms[0].cores", 2)
    s.set("consolidation.migration.max_concurrent", 1)
    with dcsim_mod.Simulation(s) as sim:
        sim.run_until(320)  # the second migration waits for its slot here
        sim.run()
        m = sim.summary()["migrations"]
    single = 4 * 2**30 / (0.94 * 1e9 / 8)
    assert m["completed"] == 2
    assert m["mean_time_s"] == pytest.approx(single, rel=0.005)
    assert m["mean_queue_s"] == pytest.approx(single / 2, rel=0.005)


def test_two_simulations_side_by_side(dcsim_mod, small_run):
    a = dcsim_mod.Simulation(SMALL)
    b = dcsim_mod.Simulation(dcsim_mod.Scenario.load(SMALL).set("cooling.cop", 8.0))
    try:
        a.run_until(7200)
        b.run()
        a.run()
        # Each lives in its own process: a is the straight run; b halves cooling (constant COP, analytic).
        assert a.summary()["energy_kWh"]["facility"] == pytest.approx(small_run.summary["energy_kWh"]["facility"], rel=1e-9)
        assert b.summary()["energy_kWh"]["cooling"] == pytest.approx(small_run.summary["energy_kWh"]["cooling"] / 2, rel=1e-9)
    finally:
        a.close()
        b.close()


def test_in_process_only_once(tmp_path):
    code = (
        "import dcsim\n"
        f"s = dcsim.Simulation({str(SMALL)!r}, in_process=True)\n"
        "s.run()\n"
        "print(round(s.summary()['energy_kWh']['facility'], 6))\n"
        "try:\n"
        f"    dcsim.Simulation({str(SMALL)!r}, in_process=True)\n"
        "except RuntimeError as e:\n"
        "    print('refused')\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=python_env(), timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split()[-1] == "refused"


def test_format_value(dcsim_mod):
    f = dcsim_mod.format_value
    # Reference: the YAML text the CLI's --set expects.
    assert [f(6.0), f(4), f(True), f(None), f("2h"), f([1, 2])] == ["6.0", "4", "true", "null", "2h", "[1, 2]"]
