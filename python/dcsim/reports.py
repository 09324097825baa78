"""`dcsim report OUTDIR...`: one self-contained HTML page comparing runs and sweep points.

Inputs: `dcsim run` output folders (summary.json, series/*.csv) and `dcsim sweep` folders (sweep.json,
points/*). The page holds a summary table, the energy breakdown, PUE, facility power and utilization over
time, migrations and availability when the runs report them, and for sweeps each parameter against PUE and
facility energy. Charts are matplotlib SVG written inline (text drawn as paths): no scripts, no fonts, no
external URLs, so the page renders offline and identically everywhere.
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

_figures = 0
MAX_LINES = 12  # runs drawn in the time-series charts (the table always lists all)
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#393b79", "#ad494a"]


@dataclass
class Run:
    label: str
    directory: Path
    summary: dict
    params: dict = field(default_factory=dict)
    _site: object = None
    _halls: object = None

    def site(self):
        if self._site is None:
            import pandas as pd
            f = self.directory / "series" / "site.csv"
            self._site = pd.read_csv(f) if f.exists() else pd.DataFrame()
        return self._site

    def halls(self):
        if self._halls is None:
            import pandas as pd
            f = self.directory / "series" / "halls.csv"
            self._halls = pd.read_csv(f) if f.exists() else pd.DataFrame()
        return self._halls


def collect_runs(dirs) -> tuple[list, list]:
    """(runs, sweep parameter names) from run folders and sweep folders."""
    runs, params = [], []
    for d in map(Path, dirs):
        if (d / "sweep.json").is_file():
            m = json.loads((d / "sweep.json").read_text())
            params += [p for p in m.get("parameters", []) if p not in params]
            for p in m["points"]:
                pd_ = d / "points" / p["id"]
                if (pd_ / "summary.json").is_file():
                    vals = ", ".join(f"{k.split('.')[-1]}={v}" for k, v in p["values"].items())
                    runs.append(Run(f"{d.name}/{p['id']} ({vals})", pd_, json.loads((pd_ / "summary.json").read_text()),
                                    dict(p["values"])))
        elif (d / "summary.json").is_file():
            runs.append(Run(d.name, d, json.loads((d / "summary.json").read_text())))
        else:
            raise FileNotFoundError(f"{d}: neither a run folder (summary.json) nor a sweep folder (sweep.json)")
    if not runs:
        raise ValueError("no finished runs in " + ", ".join(map(str, dirs)))
    return runs, params


def _get(d: dict, path: str, default=float("nan")):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def _svg(fig) -> str:
    import matplotlib.pyplot as plt
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]  # drop the XML prologue and DOCTYPE: inline SVG in HTML5
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)  # RDF block with namespace URLs


def _figure(w=9.0, h=3.6):
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    plt.rcParams["svg.fonttype"] = "path"
    global _figures
    _figures += 1
    plt.rcParams["svg.hashsalt"] = f"dcsim-{_figures}"  # deterministic ids, unique across the page
    fig, ax = plt.subplots(figsize=(w, h))
    ax.grid(True, alpha=0.3)
    return fig, ax


def chart_energy(runs) -> str:
    import numpy as np
    parts = [("IT", "energy_kWh.it", "#1f77b4"), ("network", "energy_kWh.network", "#17becf"),
             ("power losses", "energy_kWh.power_losses", "#d62728"), ("cooling", "energy_kWh.cooling", "#2ca02c")]
    fig, ax = _figure(9, max(2.2, 0.35 * len(runs) + 1.2))
    y = np.arange(len(runs))
    left = np.zeros(len(runs))
    for name, key, color in parts:
        v = np.array([_get(r.summary, key, 0.0) for r in runs], dtype=float)
        ax.barh(y, v, left=left, color=color, label=name)
        left += v
    ax.set_yticks(y, [r.label for r in runs], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("energy, kWh")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Energy breakdown")
    return _svg(fig)


def chart_series(runs, column, ylabel, title, scale=1.0, skip_zero=False) -> Optional[str]:
    fig, ax = _figure()
    drawn = 0
    for i, r in enumerate(runs[:MAX_LINES]):
        s = r.site()
        if s.empty or column not in s.columns:
            continue
        v = s[column] * scale
        t = s["time_s"] / 3600.0
        if skip_zero:
            keep = v > 0
            t, v = t[keep], v[keep]
        ax.plot(t, v, color=PALETTE[i % len(PALETTE)], lw=1.4, label=r.label)
        drawn += 1
    if not drawn:
        import matplotlib.pyplot as plt
        plt.close(fig)
        return None
    ax.set_xlabel("time, h")
    ax.set_ylabel(ylabel)
    ax.set_title(title + (f" (first {MAX_LINES} of {len(runs)} runs)" if len(runs) > MAX_LINES else ""))
    ax.legend(fontsize=7, loc="best")
    return _svg(fig)


def chart_utilization(runs) -> Optional[str]:
    """Site CPU utilization over time: halls weighted by their server counts."""
    fig, ax = _figure()
    drawn = 0
    for i, r in enumerate(runs[:MAX_LINES]):
        h = r.halls()
        if h.empty or "utilization" not in h.columns:
            continue
        weights = {x["name"]: x.get("servers", 1) for x in r.summary.get("halls", [])}
        h = h.assign(w=h["hall"].map(weights).fillna(1.0))
        g = (h["utilization"] * h["w"]).groupby(h["time_s"]).sum() / h["w"].groupby(h["time_s"]).sum()
        ax.plot(g.index / 3600.0, 100 * g.values, color=PALETTE[i % len(PALETTE)], lw=1.4, label=r.label)
        drawn += 1
    if not drawn:
        import matplotlib.pyplot as plt
        plt.close(fig)
        return None
    ax.set_xlabel("time, h")
    ax.set_ylabel("CPU utilization, %")
    ax.set_title("Utilization over time")
    ax.legend(fontsize=7, loc="best")
    return _svg(fig)


def chart_parameter(runs, param, metric, label) -> Optional[str]:
    xs, ys = [], []
    for r in runs:
        if param in r.params:
            xs.append(r.params[param])
            ys.append(_get(r.summary, metric))
    if len(xs) < 2:
        return None
    fig, ax = _figure(6, 3.4)
    numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in xs)
    if numeric:
        ax.scatter(xs, ys, color=PALETTE[0])
    else:
        cats = sorted({str(x) for x in xs})
        ax.scatter([cats.index(str(x)) for x in xs], ys, color=PALETTE[0])
        ax.set_xticks(range(len(cats)), cats, fontsize=8)
    ax.set_xlabel(param)
    ax.set_ylabel(label)
    ax.set_title(f"{label} vs {param}")
    return _svg(fig)


TABLE_COLUMNS = [
    ("servers", "site.servers", "{:.0f}"), ("IT kWh", "energy_kWh.it", "{:.1f}"),
    ("network kWh", "energy_kWh.network", "{:.1f}"), ("losses kWh", "energy_kWh.power_losses", "{:.1f}"),
    ("cooling kWh", "energy_kWh.cooling", "{:.1f}"), ("facility kWh", "energy_kWh.facility", "{:.1f}"),
    ("PUE", "pue", "{:.3f}"), ("peak kW", "peak_power_kW.facility", "{:.1f}"),
    ("mean CPU %", "utilization.mean_cpu", "{:.1%}"), ("VMs placed", "vms.placed", "{:.0f}"),
    ("VMs rejected", "vms.rejected", "{:.0f}"), ("simulated h", "time.simulated_s", "{:.1f}"),
]


def _fmt(fmt, v):
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    try:
        if fmt == "{:.1%}":
            return f"{100 * float(v):.1f}"
        return fmt.format(float(v))
    except (TypeError, ValueError):
        return html.escape(str(v))


def _table(runs, params) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in ["run"] + params + [c[0] for c in TABLE_COLUMNS])
    rows = []
    for r in runs:
        cells = [f"<td class=l>{html.escape(r.label)}</td>"]
        cells += [f"<td>{html.escape(str(r.params.get(p, '')))}</td>" for p in params]
        for name, key, fmt in TABLE_COLUMNS:
            v = _get(r.summary, key)
            if key == "time.simulated_s" and isinstance(v, (int, float)):
                v = v / 3600.0
            cells.append(f"<td>{_fmt(fmt, v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _optional_section(runs, key, title) -> str:
    """Migrations / availability: shown when the runs' summaries have them (engines with those features)."""
    have = [r for r in runs if isinstance(r.summary.get(key), dict)]
    if not have:
        return (f"<h2>{title}</h2><p class=note>Not reported by these runs (their summary.json has no "
                f"<code>{key}</code> section).</p>")
    keys = []
    for r in have:
        keys += [k for k in _flat(r.summary[key]) if k not in keys]
    head = "".join(f"<th>{html.escape(k)}</th>" for k in ["run"] + keys)
    body = ""
    for r in have:
        f = _flat(r.summary[key])
        body += "<tr><td class=l>" + html.escape(r.label) + "</td>" + "".join(
            f"<td>{_fmt('{:.4g}', f.get(k))}</td>" for k in keys) + "</tr>"
    return f"<h2>{title}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[f"{prefix}{k}"] = v
    return out


CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;font-size:12px;margin:8px 0;display:block;overflow-x:auto}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:right;white-space:nowrap}
th{background:#f3f5f7}td.l{text-align:left}.note{color:#666;font-size:13px}
figure{margin:8px 0}figure svg{max-width:100%;height:auto}.grid{display:flex;flex-wrap:wrap;gap:8px}
"""


def write_report(dirs, output: str | os.PathLike = "report.html", title: Optional[str] = None) -> Path:
    """Writes the HTML report for run and sweep folders; returns its path."""
    if isinstance(dirs, (str, os.PathLike)):
        dirs = [dirs]
    runs, params = collect_runs(dirs)
    title = title or "dcsim report: " + ", ".join(Path(d).name for d in dirs)
    parts = [f"<h1>{html.escape(title)}</h1>",
             f"<p class=note>{len(runs)} run(s); generated {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')} by "
             "dcsim report. Energies in kWh over each run's simulated time.</p>",
             "<h2>Summary</h2>", _table(runs, params),
             "<h2>Energy breakdown</h2>", f"<figure>{chart_energy(runs)}</figure>"]
    for col, ylabel, ttl, scale in [("pue", "PUE", "PUE over time", 1.0),
                                    ("facility_W", "facility power, kW", "Facility power over time", 1e-3)]:
        svg = chart_series(runs, col, ylabel, ttl, scale, skip_zero=(col == "pue"))
        parts += [f"<h2>{ttl}</h2>", f"<figure>{svg}</figure>" if svg else "<p class=note>No series.</p>"]
    svg = chart_utilization(runs)
    parts += ["<h2>Utilization</h2>", f"<figure>{svg}</figure>" if svg else "<p class=note>No series.</p>"]
    svg = chart_series(runs, "vms_running", "VMs running", "VMs running over time")
    if svg:
        parts.append(f"<figure>{svg}</figure>")
    parts.append(_optional_section(runs, "migrations", "Migrations"))
    parts.append(_optional_section(runs, "availability", "Availability"))
    if params:
        charts = []
        for p in params:
            for metric, label in (("pue", "PUE"), ("energy_kWh.facility", "facility energy, kWh")):
                svg = chart_parameter(runs, p, metric, label)
                if svg:
                    charts.append(f"<figure>{svg}</figure>")
        if charts:
            parts += ["<h2>Sweep parameters</h2>", "<div class=grid>" + "".join(charts) + "</div>"]
    page = ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out.resolve()
