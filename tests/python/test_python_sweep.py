"""Sweeps: point generation (grid, list, random with seed), local runs with a results table, input errors, and
an 8-point sweep on a local Dask cluster killed with SIGKILL mid-way and resumed without re-running finished
points. Scenario: tests/data/small_site.yaml (runs in well under a second per point)."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from dcsim_testing import DATA, SMALL, python_env, dcsim_mod  # noqa: F401 - fixture

# distributed 2022.12 on Python 3.11: tornado warns about make_current(); not ours.
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")


def test_grid_list_random_points(dcsim_mod):
    from dcsim.sweeps import make_points
    names, pts = make_points(grid={"a.x": [1, 2], "b": {"values": [16, 20], "unit": "C"}})
    # Grid = Cartesian product in file order (hand enumeration).
    assert names == ["a.x", "b"]
    assert [p.overrides for p in pts] == [["a.x=1", "b=16C"], ["a.x=1", "b=20C"], ["a.x=2", "b=16C"], ["a.x=2", "b=20C"]]
    assert [p.id for p in pts] == ["p0000", "p0001", "p0002", "p0003"]
    names, pts = make_points(points=[{"a": 1}, {"a": 2, "c": "x"}])
    assert names == ["a", "c"] and pts[1].overrides == ["a=2", "c=x"]
    spec = {"samples": 5, "seed": 3, "parameters": {"u": {"uniform": [2, 4]}, "k": {"choice": ["p", "q"]},
                                                    "n": {"randint": [1, 3]}}}
    _, r1 = make_points(random=spec)
    _, r2 = make_points(random=spec)
    # Same seed -> same points; every sample within its range.
    assert [p.values for p in r1] == [p.values for p in r2]
    assert all(2 <= p.values["u"] <= 4 and p.values["k"] in "pq" and 1 <= p.values["n"] <= 3 for p in r1)
    _, r3 = make_points(random={**spec, "seed": 4})
    assert [p.values for p in r3] != [p.values for p in r1]


def test_bad_sweep_files(dcsim_mod, tmp_path):
    from dcsim.sweeps import load_sweep, run_sweep
    f = tmp_path / "s.yaml"
    f.write_text(f"base: {SMALL}\ngrid: {{cooling.cop: [3]}}\nlist: [{{cooling.cop: 4}}]\nbogus: 1\n")
    with pytest.raises(dcsim_mod.InputError) as ei:
        load_sweep(f)
    assert [e.key_path for e in ei.value.errors] == ["bogus"]
    f.write_text(f"base: {SMALL}\ngrid: {{cooling.cop: [3]}}\nlist: [{{cooling.cop: 4}}]\n")
    with pytest.raises(dcsim_mod.InputError, match="exactly one of"):
        load_sweep(f)
    # A point whose override is invalid is reported before anything runs, naming the point.
    f.write_text(f"base: {SMALL}\ngrid: {{cooling.cop: [3, oops]}}\n")
    with pytest.raises(dcsim_mod.InputError) as ei:
        run_sweep(f, output=tmp_path / "out")
    assert len(ei.value.errors) == 1 and ei.value.errors[0].text.startswith("point p0001:")
    assert not list((tmp_path / "out" / "points").glob("p*"))


def test_local_sweep_table(dcsim_mod, tmp_path):
    res = dcsim_mod.sweep(base=SMALL, points=[{"cooling.cop": 3.0}, {"cooling.cop": 6.0}],
                          set={"simulation.duration": "2h"}, output=tmp_path / "sw", workers=2)
    assert (res.total, res.ran, res.failed) == (2, 2, 0)
    t = res.table
    assert list(t["point"]) == ["p0000", "p0001"] and list(t["status"]) == ["done", "done"]
    # Constant COP: cooling = heat / COP, so COP 3 -> 6 halves cooling energy (analytic).
    assert t["energy_kWh.cooling"][1] == pytest.approx(t["energy_kWh.cooling"][0] / 2, rel=1e-9)
    assert t["time.simulated_s"][0] == pytest.approx(7200, abs=1e-9)
    assert (tmp_path / "sw" / "results.csv").exists()
    # Same sweep again: nothing re-run.
    again = dcsim_mod.sweep(base=SMALL, points=[{"cooling.cop": 3.0}, {"cooling.cop": 6.0}],
                            set={"simulation.duration": "2h"}, output=tmp_path / "sw", workers=2)
    assert (again.ran, again.skipped) == (0, 2)
    # A different sweep in the same folder is refused.
    with pytest.raises(dcsim_mod.InputError, match="different sweep"):
        dcsim_mod.sweep(base=SMALL, points=[{"cooling.cop": 5.0}], output=tmp_path / "sw")


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    yield cluster.scheduler_address
    cluster.close()


def _complete(out):
    return {d.name: (d / "summary.json").stat() for d in (out / "points").glob("p*") if (d / "summary.json").is_file()}


def test_dask_sweep_killed_and_resumed(dcsim_mod, dask_cluster, tmp_path):
    out = tmp_path / "sweep"
    cmd = [sys.executable, "-m", "dcsim", "sweep", str(DATA / "sweep_small.yaml"), "-o", str(out),
           "--dask", dask_cluster]
    proc = subprocess.Popen(cmd, env=python_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while len(_complete(out)) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = _complete(out)
    assert 2 <= len(before) < 8, f"kill came too late or too early: {sorted(before)}"
    assert not (out / "results.csv").exists()  # the killed sweep never got to its table

    done = subprocess.run(cmd, env=python_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    after = _complete(out)
    assert sorted(after) == [f"p{i:04d}" for i in range(8)]
    for pid, st in before.items():  # finished points were not run again: same file, untouched
        assert (after[pid].st_ino, after[pid].st_mtime_ns) == (st.st_ino, st.st_mtime_ns), pid
    first = done.stderr.splitlines()[0]
    skipped = int(first.split(",")[1].split()[0])
    assert skipped >= len(before), first
    import pandas as pd
    table = pd.read_csv(out / "results.csv")
    assert len(table) == 8 and set(table["status"]) == {"done"}
    # Every point is the grid cell it says: COP 3 vs 6 halves cooling at equal other parameters (analytic).
    t = table.set_index(["rack_types[0].servers[0].count", "workload.vms[1].utilization", "cooling.cop"])
    for n in (2, 4):
        for u in (0.25, 0.75):
            assert t.loc[(n, u, 6.0), "energy_kWh.cooling"] == pytest.approx(t.loc[(n, u, 3.0), "energy_kWh.cooling"] / 2, rel=1e-9)
    point = json.loads((out / "points" / "p0005" / "point.json").read_text())
    assert point["values"] == {"cooling.cop": 6.0, "rack_types[0].servers[0].count": 2, "workload.vms[1].utilization": 0.75}
