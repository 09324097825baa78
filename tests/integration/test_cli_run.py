"""End-to-end runs of the `dcsim` program: energies against hand calculations, outputs, determinism."""
import csv
import json
import math
from pathlib import Path

import pytest

from conftest import ROOT, load_summary

QUICKSTART = ROOT / "scenarios" / "quickstart.yaml"
SMALL = ROOT / "tests" / "data" / "small_site.yaml"
KWH = 3.6e6


def test_small_site_energy_matches_hand_calculation(run_dcsim, tmp_path):
    """tests/data/small_site.yaml, computed by hand.

    8 servers, 4 cores, linear 100 W idle / 200 W peak; first-fit placement, 4 h:
      VM A (2 cores, u=1.0) on server 0 for [0, 1h): server 0 load 2/4 -> 150 W.
      VMs B1, B2 (4 cores, u=0.5) arrive at 30 min for 2 h: B1 does not fit on server 0 (2 cores free),
      first fit puts B1 on server 1 and B2 on server 2: each 0.5 load -> 150 W for [0.5h, 2.5h).
      Servers:  8 x 100 W x 4 h = 3200 Wh idle, plus 50 W x 1 h (A) + 2 x 50 W x 2 h (B) = 250 Wh
                -> 3.450 kWh.
    Network: leaf-spine with 2 leaves (1 uplink each) and 1 spine of radix 8; no switch models given, so
    dcsim builds each from the ports it uses with a 150 W chassis: its static power is checked against the
    summary's own network figure divided by time (constant).
    Facility: PDU 2%, transformer 1.5%, UPS transformerless sized for the design load; cooling COP 4.
    """
    out = tmp_path / "small"
    run_dcsim("run", SMALL, "-o", out, "-q")
    s = load_summary(out)
    e = s["energy_kWh"]
    assert e["it"] == pytest.approx(3.450, rel=1e-9)
    network_W = e["network"] * KWH / (4 * 3600)
    assert network_W > 0
    # Chain, by hand from the summary's own IT energy (all loads constant over long stretches; the loss
    # terms are linear except the UPS's quadratic term, which is checked within 1e-3 below).
    it_total = e["it"] + e["network"]
    pdu = 0.02 * it_total
    assert s["power_losses_kWh"]["pdu"] == pytest.approx(pdu, rel=1e-9)
    heat = it_total + pdu + s["power_losses_kWh"]["ups"]
    assert e["cooling"] == pytest.approx(heat / 4.0, rel=1e-9)        # constant COP 4
    assert s["power_losses_kWh"]["transformer"] == pytest.approx(
        0.015 * (it_total + pdu + s["power_losses_kWh"]["ups"] + e["cooling"]), rel=1e-9)
    assert e["facility"] == pytest.approx(it_total + e["power_losses"] + e["cooling"], rel=1e-12)
    assert s["pue"] == pytest.approx(e["facility"] / it_total, rel=1e-12)
    v = s["vms"]
    assert (v["requested"], v["placed"], v["rejected"], v["completed"], v["running_at_end"]) == (3, 3, 0, 3, 0)
    # CPU: busy core-hours = 2 cores x 1 h + 2 x (4 cores x 0.5) x 2 h = 10 core-h.
    assert s["utilization"]["busy_core_hours"] == pytest.approx(10.0, rel=1e-9)


def test_quickstart_energy_matches_hand_calculation(run_dcsim, tmp_path):
    """The quickstart as shipped (320 servers, linear 120 W idle / 320 W peak, 32 cores, 24 h).

    With a linear power curve and every server on, server energy is, whatever the workload:
      E = N x P_idle x T + (P_peak - P_idle) / cores x (busy core-seconds)
    with N = 320, P_idle = 120 W, T = 86,400 s, and (P_peak - P_idle)/cores = 6.25 W per busy core.
    Cooling follows Moore et al.'s CRAC COP at the 18 C supply: COP = 0.0068*18^2 + 0.0008*18 + 0.458 = 2.6756.
    """
    out = tmp_path / "qs"
    proc = run_dcsim("run", QUICKSTART, "-o", out, "-q")
    s = load_summary(out)
    busy_core_s = s["utilization"]["busy_core_hours"] * 3600
    hand_it_J = 320 * 120 * 86400 + (320 - 120) / 32 * busy_core_s
    assert s["energy_kWh"]["it"] == pytest.approx(hand_it_J / KWH, rel=1e-9)
    cop = 0.0068 * 18 ** 2 + 0.0008 * 18 + 0.458
    assert cop == pytest.approx(2.6756, abs=1e-4)
    e, losses = s["energy_kWh"], s["power_losses_kWh"]
    heat = e["it"] + e["network"] + losses["pdu"] + losses["ups"]
    assert e["cooling"] == pytest.approx(heat / cop, rel=1e-9)
    assert e["facility"] == pytest.approx(e["it"] + e["network"] + e["power_losses"] + e["cooling"], rel=1e-12)
    # Sanity of the workload: diurnal synthetic load, no rejections at this size.
    assert s["vms"]["requested"] == s["vms"]["placed"] + s["vms"]["rejected"]
    assert 0.1 < s["utilization"]["mean_cpu"] < 0.3
    # The one-screen summary on stdout.
    assert "PUE" in proc.stdout and "quickstart" in proc.stdout


def test_outputs_layout_and_series_add_up(run_dcsim, tmp_path):
    out = tmp_path / "qs"
    run_dcsim("run", QUICKSTART, "-o", out, "-q", "--set", "simulation.duration=6h")
    assert sorted(p.name for p in out.iterdir()) == ["scenario.yaml", "series", "summary.json"]
    s = load_summary(out)
    rows = list(csv.DictReader(open(out / "series" / "site.csv")))
    assert len(rows) == 6 * 12  # 5-minute samples over 6 h
    # Interval averages integrate back to the summary's energies exactly.
    facility_kWh = sum(float(r["facility_W"]) * 300 for r in rows) / KWH
    assert facility_kWh == pytest.approx(s["energy_kWh"]["facility"], rel=1e-5)
    halls = list(csv.DictReader(open(out / "series" / "halls.csv")))
    assert len(halls) == len(rows)
    assert all(0 <= float(r["utilization"]) <= 1 for r in halls)
    assert sum(float(r["it_W"]) * 300 for r in halls) / KWH == pytest.approx(s["energy_kWh"]["it"], rel=1e-5)
    resolved = (out / "scenario.yaml").read_text()
    assert "duration: 6h" in resolved and "placement: best-fit" in resolved


def test_same_seed_same_results_other_seed_differs(run_dcsim, tmp_path):
    def results(seed, name):
        out = tmp_path / name
        run_dcsim("run", QUICKSTART, "-o", out, "-q", "--seed", seed, "--set", "simulation.duration=8h")
        s = load_summary(out)
        s.pop("performance")
        s["scenario"].pop("file")
        return json.dumps(s, sort_keys=True), (out / "series" / "site.csv").read_bytes()

    a, b, c = results(5, "a"), results(5, "b"), results(6, "c")
    assert a == b
    assert a[0] != c[0]


def test_output_is_replaced_whole(run_dcsim, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "stale.txt").write_text("from an earlier run")
    run_dcsim("run", SMALL, "-o", out, "-q")
    assert not (out / "stale.txt").exists()
    assert (out / "summary.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".o.")]  # no temporary left behind


def test_failed_run_writes_nothing(run_dcsim, tmp_path):
    out = tmp_path / "never"
    proc = run_dcsim("run", SMALL, "-o", out, "--set", "simulation.duration=-1h", check=False)
    assert proc.returncode == 2
    assert not out.exists()


def test_fat_tree_topology_runs_and_counts_switches(run_dcsim, tmp_path):
    """small_site (8 servers, racks of 4) on a fat-tree: automatic k = 4 holds 16 hosts (k^3/4) and each
    4-server rack needs 2 edge switches (k/2 = 2 host ports each): 4 edges, 2 pods of 2 aggregation switches,
    (k/2)^2 = 4 core switches -> 12 switches (Al-Fares et al. 2008, deployed pods only)."""
    out = tmp_path / "ft"
    run_dcsim("run", SMALL, "-o", out, "-q", "--set", "network.topology=fat-tree", "--set", "network.leaf=null",
              "--set", "network.spine=null")
    s = load_summary(out)
    assert s["site"]["switches"] == 12
    assert s["site"]["pods"] == 2
    assert s["energy_kWh"]["it"] == pytest.approx(3.450, rel=1e-9)  # same servers, same load as on leaf-spine


def test_output_series_selection(run_dcsim, tmp_path):
    out = tmp_path / "o"
    run_dcsim("run", SMALL, "-o", out, "-q", "--set", "output.series=[site]")
    assert sorted(p.name for p in (out / "series").iterdir()) == ["site.csv"]
    proc = run_dcsim("validate", SMALL, "--set", "output.series=[site, racks]", check=False)
    assert proc.returncode == 2 and "unknown series 'racks'" in proc.stderr
