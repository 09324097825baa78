"""Cluster-trace, batch and autoscaled workloads from YAML (docs/workloads.md), checked by hand.

Site for every case (tests/data/workloads/site.inc): 8 servers of 4 cores, linear 100 W idle / 200 W peak,
all on, so the servers' energy is  E_it = 8 x 100 W x T + 25 W per busy core x busy core-hours
(the `energy_kWh.it` figure; network, losses and cooling are checked elsewhere).
"""
import math
from pathlib import Path

import pytest

from conftest import ROOT, load_summary

DATA = ROOT / "tests" / "data" / "workloads"
SITE = (DATA / "site.inc").read_text()


def it_kWh(hours, busy_core_h):
    return (800 * hours + 25 * busy_core_h) / 1000


def run_case(run_dcsim, tmp_path, name, *sets):
    out = tmp_path / name
    args = ["run", DATA / f"{name}.yaml", "-o", out, "-q"]
    for s in sets:
        args += ["--set", s]
    run_dcsim(*args)
    return load_summary(out)


# ---- cluster traces: one VM per record, utilization from its own usage trace ----

def test_azure_vmtable_and_cpu_readings(run_dcsim, tmp_path):
    """vm1: 2 cores, [0, 1h), readings avg 50% at 0 s and 100% at 1800 s (300 s bins; empty bins hold the
    previous value) -> 2 x (0.5 x 0.5 h + 1.0 x 0.5 h) = 1.5 core-h.
    vm2: 4 cores, [1800 s, 10800 s) clipped at the 4 h end -> 2.5 h, no readings -> `utilization: 0.25`
    -> 4 x 0.25 x 2.5 h = 2.5 core-h.  Total 4.0 core-h; E_it = 3.2 + 0.1 = 3.3 kWh."""
    s = run_case(run_dcsim, tmp_path, "azure")
    assert (s["vms"]["placed"], s["vms"]["completed"]) == (2, 2)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(4.0, rel=1e-9)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(4, 4.0), rel=1e-9)


def test_google2011_task_events_and_usage(run_dcsim, tmp_path):
    """Machine = 8 cores, 32 GiB. Task 1-0: request 0.25 -> 2 cores, scheduled 600 s, finished 4200 s;
    time_offset auto = 600 s -> [0, 3600). Usage windows 0.1 then 0.25 (of a machine) = 0.4 then 1.0 of the
    request, held after the last window -> 2 x (0.4 x 300 + 1.0 x 3300) / 3600 = 1.9 core-h.
    Task 2-0: request 0.1 -> 0.8 core, allocated 1 core, [1800, 5400) s, no usage -> `utilization: 0.5` of
    the request = 0.4 of the core -> 0.4 core-h. Total 2.3 core-h (float utilizations: rel 1e-6)."""
    s = run_case(run_dcsim, tmp_path, "google")
    assert (s["vms"]["placed"], s["vms"]["completed"]) == (2, 2)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(2.3, rel=1e-6)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(2, 2.3), rel=1e-6)


def test_alibaba2018_containers(run_dcsim, tmp_path):
    """c_1: cpu_request 200 -> 2 cores, from 100 s; usage 50% at 100 s, 100% at 400 s; end = last usage +
    300 s = 700 s; offset auto 100 s -> [0, 600): 2 x (0.5 x 300 + 1 x 300) / 3600 = 0.25 core-h.
    c_2: 1 core from 1000 s (t = 900 s), no usage, no end -> runs to 2 h at 0.5: 0.5 x 6300/3600 = 0.875.
    Total 1.125 core-h."""
    s = run_case(run_dcsim, tmp_path, "alibaba")
    assert (s["vms"]["placed"], s["vms"]["completed"], s["vms"]["running_at_end"]) == (2, 1, 1)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(1.125, rel=1e-9)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(2, 1.125), rel=1e-9)


def test_bitbrains_directory(run_dcsim, tmp_path):
    """1.csv: 2 cores, 25/75/50 % every 300 s -> [0, 900): 2 x 300 x 1.5 / 3600 = 0.25 core-h.
    2.csv: 1 core from +600 s, 100% x 2 readings -> [600, 1200): 1/6 core-h. Total 5/12 core-h."""
    s = run_case(run_dcsim, tmp_path, "bitbrains")
    assert (s["vms"]["placed"], s["vms"]["completed"]) == (2, 2)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(5 / 12, rel=1e-9)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(1, 5 / 12), rel=1e-9)


def test_trace_limit_and_time_offset(run_dcsim, tmp_path):
    """Azure with limit 1 (vm1 only, 1.5 core-h) and time_offset 1800 s: vm1 [0,3600) trace time becomes
    [-1800, 1800) -> arrives at 0, leaves at 1800 s, and its 1800 s reading (100%) is current from t = 0:
    2 cores x 1.0 x 0.5 h = 1.0 core-h."""
    s = run_case(run_dcsim, tmp_path, "azure", "workload.traces[0].limit=1", "workload.traces[0].time_offset=1800s")
    assert (s["vms"]["placed"], s["vms"]["completed"]) == (1, 1)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(1.0, rel=1e-9)


BROKEN = [
    # (scenario, workload YAML with {d} = the data folder, file:line expected in the message)
    ("azure", "traces: [{{format: azure, vmtable: {d}/broken/azure_cols.csv}}]", "azure_cols.csv:2"),
    ("azure", "traces: [{{format: azure, vmtable: {d}/azure_vmtable.csv, cpu_readings: {d}/broken/azure_cpu_text.csv}}]",
     "azure_cpu_text.csv:2"),
    ("google", "traces: [{{format: google2011, task_events: {d}/broken/google_event_type.csv, "
               "machine: {{cores: 8, memory: 32GiB}}}}]", "google_event_type.csv:2"),
    ("alibaba", "traces: [{{format: alibaba2018, container_meta: {d}/broken/alibaba_cols.csv, machine: {{memory: 64GiB}}}}]",
     "alibaba_cols.csv:1"),
    ("bitbrains", "traces: [{{format: bitbrains, directory: {d}/broken/bitbrains}}]", "1.csv:3"),
    ("swf", "batch: {{swf: {d}/broken/short.swf, servers: 2}}", "short.swf:2"),
    ("demand", "autoscaled: [{{name: w, vm: {{cores: 1}}, max: 2, demand: {{cores: 1, trace: {d}/broken/demand.txt}}}}]",
     "demand.txt:2"),
]


@pytest.mark.parametrize("name,workload,where", BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)])
def test_malformed_file_exits_2_with_file_line(run_dcsim, tmp_path, name, workload, where):
    """A malformed input file: exit code 2, the message names file:line, and no output is written."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SITE + "workload:\n  " + workload.format(d=DATA) + "\nsimulation: {duration: 1h}\n")
    out = tmp_path / "out"
    p = run_dcsim("run", scenario, "-o", out, "-q", check=False)
    assert p.returncode == 2, p.stderr
    assert where in p.stderr
    assert not out.exists()


def test_missing_trace_file_is_a_scenario_error(run_dcsim, tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SITE + "workload:\n  traces: [{format: bitbrains, directory: nowhere}]\n")
    p = run_dcsim("validate", scenario, check=False)
    assert p.returncode == 2
    assert "workload.traces[0].directory" in p.stderr


# ---- batch: SWF jobs scheduled on a partition, run as fixed loads ----

@pytest.mark.parametrize("policy", ["fcfs", "easy"])
def test_batch_fcfs_vs_easy_by_hand(run_dcsim, tmp_path, policy):
    """tests/data/workloads/jobs.swf on 2 servers = 8 processors (run, requested):
      J1 t=0   6 procs 3600 s;  J2 t=60  4 procs 3600 s;  J3 t=120 2 procs 1800 s;
      J4 t=7200 1 proc run 100 s > requested 50 s (killed at 50 s);  J5 t=7200 16 procs (rejected).
    FCFS: J1 [0,3600); J2 waits for J1: [3600,7200); J3 behind J2: [3600,5400); J4 [7200,7250).
      waits 0, 3540, 3480, 0 -> mean 1755 s; bounded slowdowns 1, 7140/3600, 5280/1800, 1 -> 1.7291667.
    EASY: J2 is the blocked head with shadow time 3600; J3 fits the 2 free processors and ends (1920 s)
      before it -> backfilled [120,1920). waits 0, 3540, 0, 0 -> 885 s; slowdowns 1, 7140/3600, 1, 1 ->
      1.2458333.
    Both: makespan 7250 s, utilization (6*3600 + 4*3600 + 2*1800 + 50) / (8 * 7250) = 0.6836207.
    Energy over the 1 h run: J1 holds server 0 (4 cores) and 2 cores of server 1 -> 6 busy cores;
    EASY adds J3's 2 cores for 0.5 h: busy 6 (FCFS) / 7 (EASY) core-h; E_it = 0.8 + 0.025 x busy kWh.
    The 7 explicit 4-core VMs (utilization 0) fit only the 6 servers outside the partition: 1 rejected."""
    s = run_case(run_dcsim, tmp_path, "batch", f"workload.batch.policy={policy}")
    b = s["batch"]
    assert (b["jobs"], b["jobs_run"], b["killed"], b["rejected"], b["processors"]) == (5, 4, 1, 1, 8)
    assert b["makespan_s"] == pytest.approx(7250, rel=1e-12)
    assert b["utilization"] == pytest.approx(39650 / 58000, rel=1e-12)
    if policy == "fcfs":
        wait, slowdown, busy = 1755, (1 + 7140 / 3600 + 5280 / 1800 + 1) / 4, 6.0
    else:
        wait, slowdown, busy = 885, (1 + 7140 / 3600 + 1 + 1) / 4, 7.0
    assert b["mean_wait_s"] == pytest.approx(wait, rel=1e-12)
    assert b["mean_bounded_slowdown"] == pytest.approx(slowdown, rel=1e-12)
    assert b["core_hours_in_run"] == pytest.approx(busy, rel=1e-12)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(busy, rel=1e-9)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(1, busy), rel=1e-9)
    assert (s["vms"]["placed"], s["vms"]["rejected"]) == (6, 1)


def test_batch_partition_larger_than_site(run_dcsim, tmp_path):
    p = run_dcsim("run", DATA / "batch.yaml", "--set", "workload.batch.servers=9", "-o", tmp_path / "o", "-q",
                  check=False)
    assert p.returncode == 2 and "workload.batch.servers" in p.stderr
    assert not (tmp_path / "o").exists()


# ---- autoscaled group ----

def test_autoscaled_group_by_hand(run_dcsim, tmp_path):
    """Group of 2-core VMs, initial 1 in [1, 4], upper 0.8 / lower 0.3, breach 300 s, cooldown 600 s, sampled
    every 300 s. Demand = 8 cores x demand.txt (10, 50, 50, 50, 10, 10 % per 600 s) = 0.8, 4, 4, 4, 0.8, 0.8.
    Utilization u = min(1, D / (2 n)):
      600: u=1 (breach starts)  900: breach 300 s -> n=2 (cooldown to 1500)  1200: u=1, cooling down
      1500: still u=1 -> n=3   2400: D=0.8, u=0.13 -> n=2 (cooldown to 3000)  3000: u=0.2 -> n=1.
    2 scale-outs, 2 scale-ins; size 1 (0-900), 2 (-1500), 3 (-2400), 2 (-3000), 1 (-3600):
      mean 6600/3600 = 1.8333, min 1, max 3; u > upper after the action at 600, 900, 1200 -> 900 s.
    Busy cores = min(2n, D): 0.8x600 + 2x300 + 4x600 + 4x900 + 0.8x1200 = 8040 core-s = 2.2333 core-h.
    VMs: 1 initial + 2 added, 2 removed (departures), 1 running at the end."""
    s = run_case(run_dcsim, tmp_path, "autoscaled")
    a = s["autoscaling"]
    g = a["groups"][0]
    assert (a["scale_outs"], a["scale_ins"]) == (2, 2)
    assert (g["name"], g["min_size"], g["max_size"], g["final_size"]) == ("web", 1, 3, 1)
    assert g["mean_size"] == pytest.approx(6600 / 3600, rel=1e-12)
    assert g["time_above_upper_s"] == pytest.approx(900, rel=1e-12)
    assert g["demand_core_hours"] == pytest.approx(2.4, rel=1e-12)
    v = s["vms"]
    assert (v["requested"], v["placed"], v["completed"], v["running_at_end"]) == (3, 3, 2, 1)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(8040 / 3600, rel=1e-6)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(1, 8040 / 3600), rel=1e-6)


def test_autoscaled_constant_demand_diurnal(run_dcsim, tmp_path):
    """Diurnal demand D(t) = 2 x (1 + 0.5 cos(2 pi (t - 14 h) / 24 h)) on a group fixed at 2 VMs of 2 cores
    (min = max = 2): never saturated (D <= 3 < 4), so busy core-s = the integral of D sampled at each
    60 s tick (held until the next): sum over k of D(60 k) x 60 s, checked against that sum."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(SITE + """workload:
  autoscaled:
    - {name: d, vm: {cores: 2}, initial: 2, min: 2, max: 2,
       demand: {cores: 2, diurnal: {amplitude: 0.5, peak: 14h}}}
simulation: {duration: 2h}
""")
    run_dcsim("run", scenario, "-o", tmp_path / "o", "-q")
    s = load_summary(tmp_path / "o")
    expected = sum(2 * (1 + 0.5 * math.cos(2 * math.pi * (60 * k - 14 * 3600) / 86400)) * 60 for k in range(120))
    assert s["utilization"]["busy_core_hours"] == pytest.approx(expected / 3600, rel=1e-6)
    assert s["autoscaling"]["groups"][0]["mean_size"] == pytest.approx(2, rel=1e-12)


@pytest.mark.parametrize("example", sorted((ROOT / "scenarios" / "workloads").glob("*.yaml")), ids=lambda p: p.stem)
def test_example_scenarios_run(run_dcsim, tmp_path, example):
    """Every example of docs/workloads.md runs; its workload block is in the summary and the run's own
    invariants (energy balance, VM accounting) hold (dcsim checks them before writing)."""
    run_dcsim("run", example, "-o", tmp_path / "o", "-q")
    s = load_summary(tmp_path / "o")
    assert s["vms"]["requested"] == s["vms"]["placed"] + s["vms"]["rejected"]
    if "batch" in example.stem:
        assert (s["batch"]["jobs_run"], s["batch"]["rejected"], s["batch"]["processors"]) == (5, 0, 128)
    if "autoscaled" in example.stem:
        assert [g["name"] for g in s["autoscaling"]["groups"]] == ["web", "batch-api"]


def test_traces_with_different_intervals(run_dcsim, tmp_path):
    """The Azure case twice: once resampled to 300 s, once to 900 s (readings at 0 s and 1800 s fall in bins
    0 and 2; bin 1 holds bin 0). The Trace tick runs every 300 s and each VM takes the sample covering t, so
    both copies change at 1800 s: busy = 2 x 4.0 core-h."""
    scenario = tmp_path / "s.yaml"
    entry = ("    - {{format: azure, vmtable: {d}/azure_vmtable.csv, cpu_readings: {d}/azure_cpu.csv, "
             "utilization: 0.25, usage_interval: {i}}}\n")
    scenario.write_text(SITE + "workload:\n  traces:\n" + entry.format(d=DATA, i="300s") +
                        entry.format(d=DATA, i="900s") + "simulation: {duration: 4h}\n")
    run_dcsim("run", scenario, "-o", tmp_path / "o", "-q")
    s = load_summary(tmp_path / "o")
    assert s["vms"]["placed"] == 4
    assert s["utilization"]["busy_core_hours"] == pytest.approx(8.0, rel=1e-9)


def test_planetlab_copies(run_dcsim, tmp_path):
    """Two PlanetLab files (50% and 25% all day), copies: 3 -> six 1-core VMs: 3 x (0.5 + 0.25) x 1 h =
    2.25 core-h in the first hour."""
    traces = tmp_path / "day"
    traces.mkdir()
    (traces / "a").write_text("50\n" * 288)
    (traces / "b").write_text("25\n" * 288)
    scenario = tmp_path / "planetlab.yaml"
    scenario.write_text(SITE + f"workload:\n  planetlab: {{directory: {traces}, copies: 3, vm: {{cores: 1, memory: 1GiB}}}}\n"
                        "simulation: {duration: 1h, sampling_interval: 15min, seed: 1}\n")
    out = tmp_path / "out"
    run_dcsim("run", scenario, "-o", out, "-q")
    s = load_summary(out)
    assert (s["vms"]["requested"], s["vms"]["placed"]) == (6, 6)
    assert s["utilization"]["busy_core_hours"] == pytest.approx(2.25, rel=1e-9)
    assert s["energy_kWh"]["it"] == pytest.approx(it_kWh(1, 2.25), rel=1e-9)
    bad = run_dcsim("run", scenario, "-o", tmp_path / "bad", "-q", "--set", "workload.planetlab.copies=0", check=False)
    assert bad.returncode == 2 and "workload.planetlab.copies" in bad.stderr and not (tmp_path / "bad").exists()
