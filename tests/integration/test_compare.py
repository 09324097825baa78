"""`dcsim compare`: the shipped cooling designs side by side over a design year (scenarios/cooling/)."""
import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT

COOLING = ROOT / "scenarios" / "cooling"
WEATHER = ROOT / "data" / "weather"
TUCSON = WEATHER / "USA_AZ_Davis-Monthan.AFB.722745_TMY3.epw"
KWH = 3.6e6


def read_table(out):
    with open(Path(out) / "compare.csv") as f:
        return {row["design"]: row for row in csv.DictReader(f)}


def test_compare_all_designs_writes_table_and_plots(run_dcsim, tmp_path):
    """scenarios/cooling/all.yaml (a `designs:` list): one row per design, every output file present."""
    out = tmp_path / "cmp"
    proc = run_dcsim("compare", COOLING / "all.yaml", "-o", out, "-q")
    rows = read_table(out)
    expected = {"crac", "crac-dx", "chilled-water", "chilled-water-wse", "air-economizer", "evaporative",
                "liquid-air", "immersion"}
    assert set(rows) == expected
    assert "| design |" in proc.stdout and (out / "compare.md").read_text().count("\n") == len(expected) + 2
    for svg in ("monthly_pue.svg", "power_breakdown.svg"):
        root = ET.parse(out / svg).getroot()  # well-formed SVG
        assert root.tag.endswith("svg")
    for name, row in rows.items():
        d = json.loads((out / "designs" / f"{name}.json").read_text())
        e = d["energy_kWh"]
        # Invariant, summed over the year: facility = IT + network + losses + cooling.
        assert e["facility"] == pytest.approx(e["it"] + e["network"] + e["power_losses"] + e["cooling"], rel=1e-9)
        # Cooling = its subsystems.
        assert sum(d["cooling_kWh"].values()) == pytest.approx(e["cooling"], rel=1e-9)
        assert d["pue"] == pytest.approx(e["facility"] / (e["it"] + e["network"]), rel=1e-9)
        assert d["hours"] == 8760 and len(d["monthly_pue"]) == 12
        assert d["invariants"]["checked_every_hour"]
        # The bound: one design-year <= 0.5 s once the IT profile exists.
        assert float(row["year_wall_s"]) < 0.5
        assert 1.0 < float(row["annual PUE"]) < 2.0
    # Same IT load for all (simulated once): IT energy identical except immersion, which removes server fans.
    it = {n: float(r["IT MWh"]) for n, r in rows.items()}
    assert len({v for n, v in it.items() if n != "immersion"}) == 1
    assert it["immersion"] < it["crac"]
    # Economizers beat the same plant without them (Chicago, the scenarios' default climate).
    pue = {n: float(r["annual PUE"]) for n, r in rows.items()}
    assert pue["chilled-water-wse"] < pue["chilled-water"]
    assert pue["air-economizer"] < pue["chilled-water"]
    # Water: towers and evaporative media use it; a CRAC does not.
    assert float(rows["chilled-water"]["water m3"]) > 0 and float(rows["crac"]["water m3"]) == 0


def test_compare_any_epw_by_path_and_design_list_with_overrides(run_dcsim, tmp_path):
    """A `designs:` list with names and per-design --set, and the weather file given by absolute path."""
    if not TUCSON.exists():
        pytest.skip("no Tucson EPW")
    spec = tmp_path / "designs.yaml"
    spec.write_text(
        "designs:\n"
        f"  - {{file: {COOLING / 'chilled-water-wse.yaml'}, name: wse-12C,"
        " set: ['cooling.chilled_water.supply_temperature=12C']}\n"
        f"  - {{file: {COOLING / 'chilled-water-wse.yaml'}, name: wse-18C,"
        " set: ['cooling.chilled_water.supply_temperature=18C']}\n")
    out = tmp_path / "cmp"
    run_dcsim("compare", spec, "-o", out, "-q", "--set", f"site.weather.file={TUCSON}")
    rows = read_table(out)
    assert set(rows) == {"wse-12C", "wse-18C"}
    assert all("Davis-Monthan" in r["weather"] for r in rows.values())
    # Warmer chilled water: more free-cooling hours, lower PUE (MODELS.md: show the 12/18/24 C sensitivity).
    assert float(rows["wse-18C"]["free-cooling h"]) > float(rows["wse-12C"]["free-cooling h"])
    assert float(rows["wse-18C"]["annual PUE"]) < float(rows["wse-12C"]["annual PUE"])


def test_compare_bad_design_list_is_an_input_error(run_dcsim, tmp_path):
    spec = tmp_path / "designs.yaml"
    spec.write_text("designs:\n  - {file: missing.yaml}\n")
    proc = run_dcsim("compare", spec, "-o", tmp_path / "cmp", check=False)
    assert proc.returncode == 2
    assert "designs.yaml:2" in proc.stderr and "does not exist" in proc.stderr
    bad = tmp_path / "bad_cooling.yaml"
    bad.write_text((COOLING / "crac.yaml").read_text().replace("type: crac", "type: crack"))
    proc = run_dcsim("compare", bad, "-o", tmp_path / "cmp2", check=False)
    assert proc.returncode == 2 and "bad_cooling.yaml:" in proc.stderr and "crac" in proc.stderr


def test_run_summary_has_facility_metrics(run_dcsim, tmp_path):
    """`dcsim run` on a weather-driven design: summary.json "facility" with the extra metrics."""
    out = tmp_path / "run"
    run_dcsim("run", COOLING / "chilled-water-wse.yaml", "-o", out, "-q", "--set", "simulation.duration=6h")
    s = json.loads((out / "summary.json").read_text())
    f = s["facility"]
    for key in ("water_m3", "wue_L_per_kWh", "carbon_kg", "cue_kg_per_kWh", "cost", "free_cooling_hours",
                "partial_pue", "peak_power_kW", "hours_outside_class"):
        assert key in f
    assert f["hours"] == 6 and f["design_year"]["hours"] == 8760
    # The facility block re-evaluates hourly means: within 2% of the engine's exact integration.
    assert f["energy_kWh"]["facility"] == pytest.approx(s["energy_kWh"]["facility"], rel=0.02)
