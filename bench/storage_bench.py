#!/usr/bin/env python3
"""Storage benchmark (issue 5): the 1 EB cluster (3,000 nodes x 24 x 14 TB, 1e6 PGs, 3x) with ten simulated
years of failures and repairs, target <= 60 s and <= 4 GiB on the 2-core machine. Also times the other
scenarios of scenarios/storage/. Prints one line per run: wall s, peak RSS MiB, events, key figures.

    python3 bench/storage_bench.py [--dcsim build/dcsim] [--duration 10y] [--only exabyte-10y]
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(dcsim, scenario, sets):
    out = Path(tempfile.mkdtemp(prefix="dcsim-storage-bench-"))
    cmd = [str(dcsim), "run", str(scenario), "-o", str(out), "-q"] + [a for s in sets for a in ("--set", s)]
    t0 = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "RSS_KB=%M CPU_S=%U+%S"] + cmd, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    tail = proc.stderr.strip().splitlines()[-1]
    rss = int(tail.split("RSS_KB=")[1].split()[0]) / 1024
    cpu = eval(tail.split("CPU_S=")[1])  # user + system seconds
    s = json.loads((out / "summary.json").read_text())["storage"]
    return wall, cpu, rss, s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dcsim", default=str(ROOT / "build" / "dcsim"))
    ap.add_argument("--duration", default=None, help="override simulation.duration of the 1 EB run")
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    for sc in sorted((ROOT / "scenarios" / "storage").glob("*.yaml")):
        if a.only and sc.stem != a.only:
            continue
        sets = [f"simulation.duration={a.duration}"] if (a.duration and sc.stem == "exabyte-10y") else []
        wall, cpu, rss, s = run(a.dcsim, sc, sets)
        pools = [p for c in s["clusters"] for p in c["pools"]]
        fig = {
            "loss_events": s["durability"]["data_loss_events"],
            "expected_losses": [float(f'{p.get("expected_loss_events", float("nan")):.3g}') for p in pools],
            "service_nines": round(s["availability"]["service_nines"] or 99, 3),
            "rebuild_jobs": s["rebuild"]["jobs"],
            "rebuild_PB": round(s["rebuild"]["network_B"] / 1e15, 2),
            "disk_MWh": round(s["energy_kWh"]["disks"] / 1e3, 1),
            "flows": s["engine"]["flows_started"],
        }
        for c in s["clusters"]:
            for x in c["expansions"]:
                fig["expansion_moved"] = round(x["moved_fraction"], 5)
                fig["expansion_ideal"] = round(x["ideal_moved_fraction"], 5)
                fig["moves_s"] = round(x.get("moves_completed_s", -1) - x["at_s"], 1)
        for m in s["migrations"]:
            fig["migration_s"] = round(m["duration_s"], 1)
            fig["migration_placed"] = f'{m.get("pgs_placed")}/{m.get("pgs")} PGs, {m.get("status")}'
            fig["migration_placed_PB"] = round(m.get("placed_B", 0) / 1e15, 3)
        print(f"{sc.stem:24s} wall {wall:7.1f} s  cpu {cpu:7.1f} s  peak RSS {rss:7.0f} MiB  {json.dumps(fig)}")
        if sc.stem == "exabyte-10y" and not a.duration:
            ok = wall <= 60 and rss <= 4096  # wall time, as the issue states (the machine is shared)
            print(f"  target (<= 60 s, <= 4 GiB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
