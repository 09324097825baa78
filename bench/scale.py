#!/usr/bin/env python3
"""Scaling benchmark: the hyperscale scenario at 1k, 10k and 100k servers (same per-server load).

For each size it runs `dcsim run` once and reports build time, run time, peak RSS (from the kernel's rusage
of the child), events per second, and the run-time ratio against the next smaller size (10x servers: a
ratio near 10 is linear scaling).

    /usr/bin/python3 bench/scale.py [--build-dir build] [--sizes 1k,10k,100k] [--duration 24h]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hyperscale-100k.yaml"
# 100k = 10 halls x 250 racks x 40 servers; smaller sizes keep the per-server arrival rate.
SIZES = {
    "1k": ["halls[0].count=1", "halls[0].racks[0].count=25", "workload.synthetic.arrival_rate=0.24/s"],
    "10k": ["halls[0].count=1", "workload.synthetic.arrival_rate=2.4/s"],
    "100k": [],
}


def run(exe, size, duration, out):
    args = [str(exe), "run", str(SCENARIO), "-o", str(out), "-q", "--set", f"simulation.duration={duration}"]
    for s in SIZES[size]:
        args += ["--set", s]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"dcsim failed for {size}:\n{err}")
    summary = json.loads((out / "summary.json").read_text())
    perf = summary["performance"]
    return {
        "size": size,
        "servers": summary["site"]["servers"],
        "build_s": perf["build_wall_s"],
        "run_s": perf["run_wall_s"],
        "total_wall_s": wall,
        "peak_rss_MiB": usage.ru_maxrss / 1024,
        "events": summary["time"]["events"],
        "events_per_s": perf["events_per_s"],
        "vms_placed": summary["vms"]["placed"],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=str(ROOT / "build"))
    ap.add_argument("--sizes", default="1k,10k,100k")
    ap.add_argument("--duration", default="24h")
    a = ap.parse_args()
    exe = Path(a.build_dir) / "dcsim"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in a.sizes.split(","):
            rows.append(run(exe, size, a.duration, Path(tmp) / size))
            r = rows[-1]
            print(f"{size}: build {r['build_s']:.2f} s, run {r['run_s']:.2f} s, peak RSS {r['peak_rss_MiB']:.0f} MiB",
                  file=sys.stderr)
    print(f"| servers | build s | run s ({a.duration} simulated) | peak RSS MiB | events | events/s | run-time ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    prev = None
    for r in rows:
        ratio = f"{r['run_s'] / prev['run_s']:.1f}x for {r['servers'] / prev['servers']:.0f}x servers" if prev else "-"
        print(f"| {r['servers']:,} | {r['build_s']:.2f} | {r['run_s']:.2f} | {r['peak_rss_MiB']:.0f} | "
              f"{r['events']:,} | {r['events_per_s']:,.0f} | {ratio} |")
        prev = r


if __name__ == "__main__":
    main()
