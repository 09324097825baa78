"""A what-if study a researcher can follow step by step: how many racks does the quickstart site need?

Fewer racks draw less idle power but turn VMs away; a warmer cooling supply saves cooling energy. We sweep
two parameters of scenarios/quickstart.yaml (rack count x supply temperature), one run per point, and plot the
trade-off curve: facility energy against the share of VMs rejected, one curve per supply temperature.

    .venv/bin/python python/examples/tradeoff.py [--out out/tradeoff] [--workers 2] [--duration 6h]

Writes OUT/sweep/ (the sweep, resumable: run again and finished points are kept), OUT/tradeoff.png and
OUT/report.html.
"""
import argparse
from pathlib import Path

import dcsim

ROOT = Path(__file__).resolve().parents[2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="out/tradeoff")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--duration", default="6h", help="simulated time per point (quickstart: 24h)")
    ap.add_argument("--dask", default=None, help="Dask scheduler address, e.g. tcp://127.0.0.1:8786")
    a = ap.parse_args()
    out = Path(a.out)

    # 1. Load the base scenario and check it (errors would list file:line:col: key: message).
    base = dcsim.Scenario.load(ROOT / "scenarios" / "quickstart.yaml").set("simulation.duration", a.duration)
    info = base.validate()
    print(f"base: {info['name']}, {info['servers']} servers, {info['duration_s'] / 3600:.0f} h")

    # 2. Sweep two parameters: every combination is one run, each in its own process.
    result = dcsim.sweep(
        base=base,
        grid={"halls[0].racks[0].count": [2, 3, 4, 6],                       # 40 servers per rack
              "cooling.supply_temperature": {"values": [18, 24], "unit": "C"}},
        output=out / "sweep", workers=a.workers, dask=a.dask)
    print(result)
    t = result.table
    t["rejected_share"] = t["vms.rejected"] / t["vms.requested"]

    # 3. The trade-off curve: energy against rejected VMs, one line per supply temperature.
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for temp, g in t.groupby("cooling.supply_temperature"):
        g = g.sort_values("halls[0].racks[0].count")
        ax.plot(100 * g["rejected_share"], g["energy_kWh.facility"], "o-", label=f"supply {temp:g} °C")
        for _, row in g.iterrows():
            ax.annotate(f"{row['halls[0].racks[0].count']:.0f} racks", (100 * row["rejected_share"], row["energy_kWh.facility"]),
                        textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xlabel("VMs rejected, %")
    ax.set_ylabel(f"facility energy over {a.duration}, kWh")
    ax.set_title("Racks vs rejected VMs vs energy (quickstart)")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "tradeoff.png", dpi=120)
    print(f"trade-off curve: {out / 'tradeoff.png'}")

    # 4. A report anyone can open offline.
    print(f"report: {dcsim.report([out / 'sweep'], out / 'report.html')}")
    print(t[["point", "halls[0].racks[0].count", "cooling.supply_temperature", "pue", "energy_kWh.facility",
             "rejected_share"]].to_string(index=False))


if __name__ == "__main__":
    main()
