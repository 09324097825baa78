#!/usr/bin/env python3
"""PlanetLab consolidation benchmark: one day of traces under each policy, then the same policies tiled.

Runs the CloudSim 3.0.3 compatibility scenarios (scenarios/planetlab/cloudsim-*.yaml) and dcsim's own-mode
scenario, one process each, and reports wall time, peak RSS (kernel rusage of the child) and the results;
then every compat policy on the day tiled --tiles times (hosts and traces repeated: 100 tiles = 80,000 hosts
and 105,200 VMs), with the time ratio against one copy (a ratio equal to the tile count is linear scaling);
then the own-mode scenario tiled --own-tiles times (workload.planetlab.copies, racks x tiles).

    /usr/bin/python3 bench/planetlab.py [--traces DIR] [--tiles 10,100] [--tile-policies npa,thr-mmt-0.8]
                                        [--own-tiles 10] [--own-max-concurrent 100]
                                        [--timeout 600]
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
POLICIES = ["npa", "dvfs", "thr-mmt-0.8", "lr-mmt-1.2", "iqr-mc-1.5", "mad-mmt-2.5"]


def run(args, out, timeout=None):
    """(wall s, peak RSS MiB, summary) of one run, or None when it exceeds `timeout` seconds (then killed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args + ["-o", str(out), "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while True:  # wait4 gives the child's own peak RSS; polled so that a timeout can stop it
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if timeout and time.perf_counter() - t0 > timeout:
            proc.kill()
            os.wait4(proc.pid, 0)
            return None
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}\n{proc.stderr.read()}")
    return wall, usage.ru_maxrss / 1024, json.loads((out / "summary.json").read_text())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=str(ROOT / "build"))
    ap.add_argument("--traces", default=str(ROOT.parent / "shared" / "data" / "planetlab" / "20110303"))
    ap.add_argument("--tiles", default="10,100")
    ap.add_argument("--tile-policies", default=",".join(POLICIES), help="policies run tiled (default: all)")
    ap.add_argument("--own-tiles", default="10", help="own-mode tile counts (workload.planetlab.copies)")
    ap.add_argument("--own-max-concurrent", type=int, default=100,
                    help="the own-mode tiled runs again with this consolidation.migration.max_concurrent")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per tiled run before it is stopped")
    a = ap.parse_args()
    exe = str(Path(a.build_dir) / "dcsim")
    sets = ["--set", f"workload.planetlab.directory={a.traces}"]
    tiles = [int(x) for x in a.tiles.split(",") if x]
    print("| run | energy kWh | migrations | SLATAH | PDM | wall s | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = {}
    with tempfile.TemporaryDirectory() as tmp:
        for p in POLICIES:
            wall, rss, s = run([exe, "run", str(ROOT / "scenarios" / "planetlab" / f"cloudsim-{p}.yaml")] + sets,
                               Path(tmp) / p)
            base[p] = wall
            print(f"| compat {p} | {s['energy_kWh']['it']:.5f} | {s['migrations']['started']} | "
                  f"{100 * s['sla']['slatah']:.3f}% | {100 * s['sla']['pdm']:.4f}% | {wall:.2f} | {rss:.0f} |", flush=True)
        wall, rss, s = run([exe, "run", str(ROOT / "scenarios" / "planetlab" / "dcsim-thr-mmt.yaml")] + sets,
                           Path(tmp) / "own")
        print(f"| dcsim own mode thr-mmt | {s['energy_kWh']['it']:.2f} | {s['migrations']['completed']} | "
              f"{100 * s['sla']['slatah']:.3f}% | {100 * s['sla']['pdm']:.4f}% | {wall:.2f} | {rss:.0f} |", flush=True)
        base["own"] = wall
        own_tiles = [int(x) for x in a.own_tiles.split(",") if x]
        if not tiles and not own_tiles:
            return
        print()
        print("| policy | hosts | VMs | migrations | wall s | vs one day | peak RSS MiB |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        def tiled_row(label, t, args, out, base_wall, migrations_key):
            """Runs one tiled case and prints its row (stopped after --timeout)."""
            r = run(args, out, a.timeout)
            if r is None:
                print(f"| {label} | {800 * t:,} | {1052 * t:,} | | > {a.timeout:.0f} (stopped) | > "
                      f"{a.timeout / base_wall:.0f}x for {t}x | |", flush=True)
                return
            wall, rss, s = r
            print(f"| {label} | {800 * t:,} | {s['vms']['requested']:,} | {s['migrations'][migrations_key]:,} | "
                  f"{wall:.2f} | {wall / base_wall:.0f}x for {t}x | {rss:.0f} |", flush=True)

        for t in tiles:
            for p in [x for x in a.tile_policies.split(",") if x]:
                tiled_row(f"{p} x{t}", t, [exe, "run", str(ROOT / "scenarios" / "planetlab" / f"cloudsim-{p}.yaml")] +
                          sets + ["--set", f"cloudsim.tile={t}"], Path(tmp) / f"{p}-x{t}", base[p], "started")
        # dcsim's own mode tiled: every trace drives t VMs on t times the racks. Migrations are network
        # transfers here, so this also measures SimGrid's flow model under t times the concurrent transfers:
        # once without a limit, once with consolidation.migration.max_concurrent.
        for t in own_tiles:
            for limit in (0, a.own_max_concurrent):
                tiled_row(f"own thr-mmt x{t}" + (f", max_concurrent {limit}" if limit else ""), t,
                          [exe, "run", str(ROOT / "scenarios" / "planetlab" / "dcsim-thr-mmt.yaml")] + sets +
                          ["--set", f"workload.planetlab.copies={t}", "--set", f"halls[0].racks[0].count={20 * t}",
                           "--set", f"consolidation.migration.max_concurrent={limit}"],
                          Path(tmp) / f"own-x{t}-{limit}", base["own"], "completed")


if __name__ == "__main__":
    main()
