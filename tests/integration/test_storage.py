"""Storage clusters, failures, recovery and migration in the engine (issue 5; docs/storage.md).

Each test runs the built `dcsim` on a small scenario in tests/storage/ and compares summary.json["storage"]
with a reference named in the test (hand computation, analytic formula, or MODELS.md)."""
import json
import math
from pathlib import Path

import pytest

from conftest import load_summary

HERE = Path(__file__).resolve().parents[1] / "storage"


def run_storage(run_dcsim, tmp_path, name, *sets):
    out = tmp_path / name
    args = ["run", HERE / f"{name}.yaml", "-o", out, "-q"]
    for s in sets:
        args += ["--set", s]
    run_dcsim(*args)
    return load_summary(out)["storage"]


def mttdl_serial_exact(n, m, lam, mu):
    """Birth-death chain, serial repair (models/failure/markov.hpp): tau_0 = 1/lambda_0,
    tau_i = (1 + mu_i tau_{i-1}) / lambda_i, MTTDL = sum tau_i."""
    tau, total = 0.0, 0.0
    for i in range(m + 1):
        lam_i = (n - i) * lam
        mu_i = mu if i > 0 else 0.0
        tau = (1.0 + mu_i * tau) / lam_i
        total += tau
    return total


def test_rebuild_time_on_idle_network(run_dcsim, tmp_path):
    # Reference: rebuild time = capacity x fullness / (rate x sources) (MODELS.md), with the lost bytes of the
    # failed disk standing for capacity x fullness; detection delay 30 s after the failure at 1 h.
    s = run_storage(run_dcsim, tmp_path, "rebuild_idle")
    job = s["rebuild"]["first_jobs"][0]
    assert job["cause"] == "disk"
    assert job["started_s"] == pytest.approx(3600 + 30, abs=1e-6)
    rate = 10e6
    # Sources rebuilding in parallel: min(distinct source disks, distinct destination disks) for replicas
    # (each disk reads or writes at `rate`; T0 = max(read / (rate S), written / (rate D))).
    par = min(job["sources"], job["destinations"])
    assert job["parallel_sources"] == pytest.approx(par, rel=1e-9)
    assert job["duration_s"] == pytest.approx(job["read_B"] / (rate * par), rel=1e-6)
    assert job["duration_s"] == pytest.approx(job["predicted_s"], rel=1e-9)
    # The failed disk held about capacity x fullness = 1 TB x 0.5 (straw2 spread: within 25 %).
    assert job["read_B"] == pytest.approx(0.5e12, rel=0.25)
    assert job["sources"] > 20  # declustered: many surviving disks share the work
    pool = s["clusters"][0]["pools"][0]
    assert pool["rebuilt_slots"] == job["slots"]
    assert s["durability"]["data_loss_events"] == 0
    assert s["availability"]["max_unavailable_pgs"] == 0


def test_mttdl_matches_markov_chain(run_dcsim, tmp_path):
    # Reference: 3 replicas, lambda = 1/100 h (the brief's 1/1000 h accelerated 10x), mu = 1/10 h, serial
    # repair: exact MTTDL = 33.33 + 216.67 + 2266.67 = 2516.67 h. The simulated renewal mean over ~1000 losses
    # must lie within its 99 % confidence interval (cycle lengths have CV ~ 1: half-width 2.576 / sqrt(N)).
    s = run_storage(run_dcsim, tmp_path, "mttdl_markov")
    pool = s["clusters"][0]["pools"][0]
    ref = mttdl_serial_exact(3, 2, 1 / 100, 1 / 10)
    assert ref == pytest.approx(2516.667, rel=1e-5)
    n = pool["data_loss_events"]
    assert n > 500
    sim = pool["simulated_mttdl_h"]
    assert abs(sim - ref) <= 2.576 * ref / math.sqrt(n)
    # The analytic estimate printed next to the count uses the same chain.
    assert pool["mttdl_pool_h"] == pytest.approx(ref, rel=1e-6)
    assert pool["mttdl_model"] == "serial repair"
    # The brief's unaccelerated chain (lambda = 1/1000 h): 1.735e6 h.
    assert mttdl_serial_exact(3, 2, 1 / 1000, 1 / 10) == pytest.approx(1.735e6, rel=1e-3)


def test_availability_per_window(run_dcsim, tmp_path):
    # Reference: every PG down from 1 h to 3 h of a 6 h run: PG availability 4/6; 24 of 72 five-minute windows
    # entirely unavailable; downtime per year = (1 - A) x 525,600 min; 99.99 % -> 52.56 min/year (MODELS.md).
    s = run_storage(run_dcsim, tmp_path, "availability_rack")
    a = s["availability"]
    assert a["pg_availability"] == pytest.approx(4 / 6, rel=1e-9)
    assert a["windows"] == 72
    assert a["windows_with_errors"] == 24
    assert a["service_availability"] == pytest.approx(1 - 24 / 72, rel=1e-9)
    assert a["downtime_min_per_year"] == pytest.approx((1 - a["service_availability"]) * 525600, rel=1e-9)
    assert a["reference_99.99_downtime_min_per_year"] == pytest.approx(52.56, abs=1e-9)
    assert s["durability"]["data_loss_events"] == 0
    assert s["failures"]["racks"] == 1
    assert s["failures"]["server_down_hours"] == pytest.approx(10 * 2, rel=1e-9)


def test_expansion_moves_ideal_fraction(run_dcsim, tmp_path):
    # Reference: 200 -> 202 equal nodes, 3 replicas: ideal moved fraction 2/202 = 0.990 % (MODELS.md), within
    # 10 %; hash mod N would move ~99 %.
    s = run_storage(run_dcsim, tmp_path, "expansion_200_202")
    x = s["clusters"][0]["expansions"][0]
    ideal = 2 / 202
    assert x["ideal_moved_fraction"] == pytest.approx(ideal, rel=1e-9)
    assert x["pools"][0]["straw2_moved_fraction"] == pytest.approx(ideal, rel=0.10)
    assert x["moved_fraction"] == pytest.approx(ideal, rel=0.10)  # executed over the network (band 0.5: no balancer moves)
    assert x["moves_completed_s"] > x["at_s"]
    assert s["rebuild"]["move_network_B"] == pytest.approx(x["bytes_to_move"], rel=1e-9)
    assert s["clusters"][0]["nodes_joined"] == 202


def test_two_site_migration_time(run_dcsim, tmp_path):
    # Reference (idle network): 1 TB of user data at an 8 Gbps cap = 1000 s, plus 5 chunk rounds x 20 ms WAN
    # latency (20 chunks of 50 GB over 4 streams).
    s = run_storage(run_dcsim, tmp_path, "migration_two_sites")
    m = s["migrations"][0]
    assert m["bytes"] == pytest.approx(1e12, rel=1e-9)
    assert m["done_B"] == pytest.approx(1e12, rel=1e-9)
    assert m["started_s"] == pytest.approx(3600)
    assert m["duration_s"] == pytest.approx(1000.0 + 5 * 0.020, rel=1e-6)
    assert m["progress"][-1][1] == pytest.approx(1.0)


def _pool(cluster, name):
    return next(p for p in cluster["pools"] if p["name"] == name)


def test_completed_migration_moves_the_pgs(run_dcsim, tmp_path):
    # Reference (hand computation from tests/storage/migration_two_sites.yaml): cluster a = 30 nodes x 4 x 1 TB
    # at 50 % = 60 TB raw; pool "mig" (share 0.05, 3 replicas, 100 PGs) = 3 TB raw = 1 TB user. Cluster b = 30 x
    # 4 x 1 TB at 20 % = 24 TB raw, 8 TB user. After the migration the 100 PGs form pool "mig" of b, placed by
    # straw2: b holds 27 TB raw / 9 TB user, a 57 TB raw / 19 TB user; nothing is created or lost.
    s = run_storage(run_dcsim, tmp_path, "migration_two_sites")
    m = s["migrations"][0]
    assert m["status"] == "completed"
    assert m["pgs"] == m["pgs_placed"] == 100 and m["pgs_failed"] == 0
    assert m["placed_B"] == pytest.approx(1e12, rel=1e-12) and m["failed_B"] == 0
    assert m["placed_raw_B"] == pytest.approx(3e12, rel=1e-12)
    assert m["pools"] == [{"from_pool": "mig", "to_pool": "mig", "pgs": 100, "pgs_placed": 100, "pgs_failed": 0,
                           "placed_B": pytest.approx(1e12), "placed_raw_B": pytest.approx(3e12)}]
    a, b = s["clusters"]
    src, dst = _pool(a, "mig"), _pool(b, "mig")
    assert dst["pgs"] == 100 and dst["pgs_migrated_in"] == 100 and dst["created_by_migration"] == "m1"
    assert dst["user_B"] == pytest.approx(m["placed_B"], rel=1e-12)
    assert dst["raw_B"] == pytest.approx(m["placed_raw_B"], rel=1e-12)
    assert src["pgs"] == 0 and src["pgs_migrated_out"] == 100 and src["user_B"] == 0 and src["raw_B"] == 0
    assert a["user_B"] == pytest.approx(20e12 - 1e12, rel=1e-12)
    assert b["user_B"] == pytest.approx(8e12 + 1e12, rel=1e-12)
    # Raw bytes on the disks (what node utilization is made of) moved with the PGs.
    assert a["raw_used_B"] == pytest.approx(60e12 - 3e12, rel=1e-9)
    assert b["raw_used_B"] == pytest.approx(24e12 + 3e12, rel=1e-9)
    assert s["raw_used_B"] == pytest.approx(84e12, rel=1e-9)
    # PGs land as their bytes arrive: 5 rounds of 4 chunks x 50 GB (200 s + 20 ms WAN latency each) bring 20 PGs
    # of 10 GB at 3600 + r x 200.02 s, r = 1..5; the pools' PG-time (used for their MTTDL) follows.
    arrivals = [3600 + r * 200.02 for r in range(1, 6)]
    assert dst["mean_pgs"] == pytest.approx(sum(20 * (21600 - t) for t in arrivals) / 21600, rel=1e-9)
    assert src["mean_pgs"] == pytest.approx(100 - dst["mean_pgs"], rel=1e-9)
    assert s["availability"]["max_unavailable_pgs"] == 0


def test_migration_moves_a_fraction_under_a_new_name(run_dcsim, tmp_path):
    # fraction 0.25 of 100 PGs = 25 whole PGs (0.25 TB user), as pool "moved" of b; "mig" keeps 75 at a.
    s = run_storage(run_dcsim, tmp_path, "migration_two_sites", "storage.migrations[0].fraction=0.25",
                    "storage.migrations[0].to_pool=moved")
    m = s["migrations"][0]
    assert m["status"] == "completed" and m["pgs"] == m["pgs_placed"] == 25
    assert m["bytes"] == pytest.approx(0.25e12, rel=1e-12) and m["placed_B"] == pytest.approx(0.25e12, rel=1e-12)
    a, b = s["clusters"]
    assert _pool(a, "mig")["pgs"] == 75 and _pool(a, "mig")["user_B"] == pytest.approx(0.75e12, rel=1e-12)
    assert _pool(b, "moved")["pgs"] == 25 and _pool(b, "moved")["user_B"] == pytest.approx(0.25e12, rel=1e-12)
    assert a["user_B"] + b["user_B"] == pytest.approx(28e12, rel=1e-12)


def test_migrated_pool_fails_and_rebuilds_at_its_destination(run_dcsim, tmp_path):
    # After the arrival (4600 s) the four disks of cluster b's first node (global disks 120-123) fail at 2 h: the
    # migrated PGs' units on them are rebuilt inside b, counted in b's "mig" pool; a's "mig" pool sees nothing.
    inject = ", ".join(f"{{at: 2h, component: disk, id: {d}, repair_after: 24h}}" for d in range(120, 124))
    s = run_storage(run_dcsim, tmp_path, "migration_two_sites", f"failures.inject=[{inject}]")
    a, b = s["clusters"]
    assert s["migrations"][0]["status"] == "completed"
    assert _pool(b, "mig")["rebuilt_slots"] > 0
    assert _pool(b, "main")["rebuilt_slots"] > 0
    assert _pool(a, "mig")["rebuilt_slots"] == 0
    assert all(j["started_s"] >= 2 * 3600 for j in s["rebuild"]["first_jobs"])
    assert s["failures"]["disks"] == 4 and s["durability"]["data_loss_events"] == 0


def test_migration_that_cannot_land_is_reported_failed(run_dcsim, tmp_path):
    # RS(2,1) PGs need 2 units written; 2 of b's 3 racks are down during the copy (tests/storage/
    # migration_blocked.yaml): every PG stays at a, all its bytes counted as failed, none placed.
    s = run_storage(run_dcsim, tmp_path, "migration_blocked")
    m = s["migrations"][0]
    assert m["status"] == "failed"
    assert m["pgs"] == m["pgs_failed"] == 100 and m["pgs_placed"] == 0
    assert m["failed_B"] == pytest.approx(m["bytes"], rel=1e-12) and m["placed_B"] == 0
    a, b = s["clusters"]
    assert _pool(a, "ec")["pgs"] == 100 and _pool(a, "ec")["user_B"] == pytest.approx(2e12, rel=1e-12)
    assert _pool(b, "ec")["pgs"] == 0 and _pool(b, "ec")["user_B"] == 0
    assert b["raw_used_B"] == pytest.approx(24e12, rel=1e-9)


def test_same_seed_same_results(run_dcsim, tmp_path):
    # Determinism (core/rng.hpp): two runs of the same scenario and seed give identical storage summaries.
    a = run_storage(run_dcsim, tmp_path / "a", "rebuild_idle", "failures.disks={}")
    b = run_storage(run_dcsim, tmp_path / "b", "rebuild_idle", "failures.disks={}")
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.parametrize("name,messages", [
    ("bad_pool", ["no server type named 'sm'", "failure_domain", "replica: unknown key", "m: missing required key"]),
    ("no_wan", ["have no wan_links entry", "fraction", "mean"]),
    ("migration_no_room", ["migrations[0].pool: cluster 'b' already has a pool named 'p'",
                           "migrations[0].to: cluster 'b' cannot hold the migrated data: 96 TB raw would be stored "
                           "on 80 TB (full ratio 0.95)"]),
])
def test_malformed_storage_sections(run_dcsim, name, messages):
    proc = run_dcsim("validate", HERE / "broken" / f"{name}.yaml", check=False)
    assert proc.returncode == 2
    for msg in messages:
        assert msg in proc.stderr, proc.stderr
    assert f"{name}.yaml:" in proc.stderr  # errors carry file:line
