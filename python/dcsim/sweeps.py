"""What-if sweeps: a base scenario plus parameters; one run per point, each in its own process, on local
worker processes or a Dask distributed cluster; resumable; a results table with one row per point.

Sweep file (YAML; docs/sweeps-and-reports.md):

    base: ../scenarios/quickstart.yaml          # relative to this file
    set: {simulation.duration: 2h}              # fixed overrides for every point
    grid:                                       # every combination (or `list:` / `random:`)
      cooling.supply_temperature: {values: [16, 20, 24], unit: C}
      scheduler.placement: [first-fit, best-fit]
    output: ../out/sweep-cooling                # relative to this file; -o overrides
    workers: 2                                  # local processes; --dask ADDRESS runs on a cluster

Output folder: sweep.json (the points), points/pNNNN/ (a complete `dcsim run` output folder plus point.json,
renamed into place only when complete), points/pNNNN.error.json (a failed point), results.csv (+
results.parquet when pyarrow is importable). A point whose folder holds summary.json is never run again, so a
sweep interrupted at any moment (even kill -9) resumes where it stopped.
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import itertools
import json
import os
import random as _random
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .errors import InputError, make_error
from .scenario import Scenario, format_value

SCHEMA_VERSION = 1


# --- the points ---------------------------------------------------------------------------------------------
@dataclass
class Point:
    id: str
    values: dict          # parameter -> value as shown in the results table
    overrides: list       # "path=value" assignments (after the sweep's fixed ones)


@dataclass
class SweepSpec:
    base: Scenario
    fixed: list = field(default_factory=list)   # "path=value" applied to every point
    parameters: list = field(default_factory=list)
    points: list = field(default_factory=list)
    output: Optional[str] = None
    workers: Optional[int] = None
    dask: Optional[str] = None
    name: str = "sweep"


def _param_values(name, spec, file, key):
    """Grid parameter: a list, or {values: [...], unit: U}. Returns [(table value, override text)]."""
    unit = ""
    values = spec
    if isinstance(spec, dict):
        unknown = set(spec) - {"values", "unit"}
        if unknown or "values" not in spec:
            raise InputError([make_error(file, key, "expected a list of values or {values: [...], unit: U}")])
        values, unit = spec["values"], str(spec.get("unit", "") or "")
    if not isinstance(values, list) or not values:
        raise InputError([make_error(file, key, "expected a non-empty list of values")])
    return [(v, _with_unit(v, unit)) for v in values]


def _with_unit(v, unit):
    if unit and isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"{v:.10g}{unit}"
    return format_value(v)


def make_points(grid: Optional[dict] = None, points: Optional[list] = None, random: Optional[dict] = None,
                file: str = "<sweep>") -> tuple[list, list]:
    """(parameter names, [Point]) for exactly one of grid / points (an explicit list) / random."""
    given = [k for k, v in (("grid", grid), ("list", points), ("random", random)) if v is not None]
    if len(given) != 1:
        raise InputError([make_error(file, "", "expected exactly one of `grid`, `list` or `random`"
                                     + (f" (found {', '.join(given)})" if given else ""))])
    rows: list[tuple[dict, list]] = []
    if grid is not None:
        if not isinstance(grid, dict) or not grid:
            raise InputError([make_error(file, "grid", "expected a mapping PATH: [values]")])
        names = list(grid)
        axes = [_param_values(n, grid[n], file, f"grid.{n}") for n in names]
        for combo in itertools.product(*axes):
            rows.append(({n: c[0] for n, c in zip(names, combo)}, [f"{n}={c[1]}" for n, c in zip(names, combo)]))
    elif points is not None:
        if not isinstance(points, list) or not points or not all(isinstance(p, dict) for p in points):
            raise InputError([make_error(file, "list", "expected a non-empty list of mappings PATH: value")])
        names = []
        for p in points:
            names += [k for k in p if k not in names]
        rows = [(dict(p), [f"{k}={format_value(v)}" for k, v in p.items()]) for p in points]
    else:
        errs = []
        if not isinstance(random, dict):
            raise InputError([make_error(file, "random", "expected {samples: N, seed: S, parameters: {...}}")])
        n = random.get("samples")
        seed = random.get("seed", 1)
        params = random.get("parameters")
        if not isinstance(n, int) or n < 1:
            errs.append(make_error(file, "random.samples", f"expected a positive integer, found {n!r}"))
        if not isinstance(seed, int):
            errs.append(make_error(file, "random.seed", f"expected an integer, found {seed!r}"))
        if not isinstance(params, dict) or not params:
            errs.append(make_error(file, "random.parameters", "expected a mapping PATH: {uniform|loguniform|randint|choice: ...}"))
        else:
            for k, d in params.items():
                kinds = [x for x in ("uniform", "loguniform", "randint", "choice") if isinstance(d, dict) and x in d]
                if len(kinds) != 1:
                    errs.append(make_error(file, f"random.parameters.{k}",
                                           "expected exactly one of uniform: [lo, hi], loguniform: [lo, hi], "
                                           "randint: [lo, hi], choice: [values] (and optionally unit: U)"))
                elif kinds[0] != "choice" and not (isinstance(d[kinds[0]], list) and len(d[kinds[0]]) == 2):
                    errs.append(make_error(file, f"random.parameters.{k}.{kinds[0]}", "expected [lo, hi]"))
        if errs:
            raise InputError(errs)
        names = list(params)
        rng = _random.Random(seed)  # Mersenne Twister: same seed, same points on every Python 3
        import math
        for _ in range(n):
            values, ovr = {}, []
            for k in names:
                d = params[k]
                unit = str(d.get("unit", "") or "")
                if "uniform" in d:
                    v = rng.uniform(*map(float, d["uniform"]))
                elif "loguniform" in d:
                    lo, hi = map(float, d["loguniform"])
                    v = math.exp(rng.uniform(math.log(lo), math.log(hi)))
                elif "randint" in d:
                    v = rng.randint(*map(int, d["randint"]))
                else:
                    v = rng.choice(list(d["choice"]))
                values[k] = v
                ovr.append(f"{k}={_with_unit(v, unit)}")
            rows.append((values, ovr))
    width = max(4, len(str(len(rows) - 1)))
    return names, [Point(f"p{i:0{width}d}", v, o) for i, (v, o) in enumerate(rows)]


def load_sweep(path: str | os.PathLike) -> SweepSpec:
    """Reads and checks a sweep file (not the scenario points: run_sweep validates those)."""
    import yaml
    path = Path(path)
    file = str(path)
    try:
        doc = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise InputError([make_error(file, "", "file not found")]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError([make_error(file, "", f"not valid YAML: {getattr(e, 'problem', e)}",
                                     mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)]) from None
    if not isinstance(doc, dict):
        raise InputError([make_error(file, "", "expected a mapping with base, set, grid|list|random, output")])
    known = {"base", "set", "grid", "list", "random", "output", "workers", "dask", "name"}
    errs = [make_error(file, k, f"unknown key; expected one of {', '.join(sorted(known))}") for k in doc if k not in known]
    if "base" not in doc or not isinstance(doc.get("base"), str):
        errs.append(make_error(file, "base", "expected the path of the base scenario file"))
    fixed = doc.get("set") or {}
    if not isinstance(fixed, dict):
        errs.append(make_error(file, "set", "expected a mapping PATH: value"))
    workers = doc.get("workers")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        errs.append(make_error(file, "workers", f"expected a positive integer, found {workers!r}"))
    if errs:
        raise InputError(errs)
    names, points = make_points(doc.get("grid"), doc.get("list"), doc.get("random"), file)
    here = path.resolve().parent
    base = Scenario.load(here / doc["base"])
    output = doc.get("output")
    return SweepSpec(base=base, fixed=[f"{k}={format_value(v)}" for k, v in fixed.items()], parameters=names,
                     points=points, output=str(here / output) if output else None, workers=workers,
                     dask=doc.get("dask"), name=str(doc.get("name") or path.stem))


# --- running one point (in a child process) ----------------------------------------------------------------
def _complete(d: Path) -> bool:
    return (d / "summary.json").is_file()


def run_point(args, root: str, pid: str, values: dict) -> str:
    """Runs one point into root/points/<pid>/ atomically. Runs in a fresh child process."""
    from . import _native
    points = Path(root) / "points"
    final = points / pid
    if _complete(final):
        return "skipped"
    tmp = points / f".{pid}.run-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        _native.run_to_directory(*args, str(tmp), True)  # itself written to a temporary folder, then renamed
        (tmp / "point.json").write_text(json.dumps({"id": pid, "values": values, "overrides": args[4]}, indent=1) + "\n")
        try:
            os.rename(tmp, final)
        except OSError:
            if _complete(final):  # finished meanwhile by a run of an interrupted earlier sweep: keep that one
                return "skipped"
            shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    err = points / f"{pid}.error.json"
    if err.exists():
        err.unlink()
    return "ran"


def point_task(args, root: str, pid: str, values: dict) -> dict:
    """One point, as a task for a local thread or a Dask worker: the run itself happens in a fresh child
    process (Dask worker processes are daemonic and SimGrid allows one engine per process)."""
    from . import isolate
    t0 = time.time()
    try:
        status = isolate.call(run_point, args, root, pid, values)
        return {"id": pid, "status": status, "wall_s": time.time() - t0}
    except Exception as e:  # noqa: BLE001 - a failed point is recorded, the sweep goes on
        msg = f"{type(e).__name__}: {e}"
        err = Path(root) / "points" / f"{pid}.error.json"
        tmp = err.with_name(err.name + f".tmp-{os.getpid()}-{uuid.uuid4().hex[:6]}")
        try:
            tmp.write_text(json.dumps({"id": pid, "values": values, "error": msg}, indent=1) + "\n")
            os.replace(tmp, err)
        except OSError:
            pass
        return {"id": pid, "status": "failed", "error": msg, "wall_s": time.time() - t0}


# --- the sweep -----------------------------------------------------------------------------------------------
@dataclass
class SweepResult:
    directory: Path
    total: int
    ran: int
    skipped: int
    failed: int
    table_path: Path
    table: Any  # pandas DataFrame

    def __repr__(self):
        return (f"SweepResult({str(self.directory)!r}: {self.total} points, {self.ran} run, {self.skipped} "
                f"skipped, {self.failed} failed)")


def _manifest(spec: SweepSpec) -> dict:
    b = spec.base
    return {"schema_version": SCHEMA_VERSION, "name": spec.name,
            "base": {"path": b.path, "text": b.text, "name": b.name, "base_dir": b.base_dir,
                     "overrides": list(b.overrides)},
            "set": list(spec.fixed), "parameters": list(spec.parameters),
            "points": [{"id": p.id, "values": p.values, "overrides": p.overrides} for p in spec.points]}


def _fingerprint(m: dict) -> str:
    keep = {k: m[k] for k in ("base", "set", "points")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True, default=str).encode()).hexdigest()


def _write_atomic(path: Path, text: str):
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def run_sweep(sweep_file: str | os.PathLike | None = None, *, base: Scenario | str | None = None,
              grid: Optional[dict] = None, points: Optional[list] = None, random: Optional[dict] = None,
              set: Optional[dict] = None, output: str | os.PathLike | None = None, workers: Optional[int] = None,
              dask: Optional[str] = None, name: Optional[str] = None, progress=None) -> SweepResult:
    """Runs a sweep (from a sweep file, or from base + grid|points|random) and returns its results.

    workers: local processes (default: the file's, else the CPU count); dask: a scheduler address
    ("tcp://127.0.0.1:8786") to run the points on a Dask distributed cluster instead. Resumable: run again
    with the same output folder to finish an interrupted sweep. `progress`: a stream for one line per point.
    """
    if sweep_file is not None:
        spec = load_sweep(sweep_file)
    else:
        if base is None:
            raise ValueError("give a sweep file or base=")
        sc = Scenario.load(base) if isinstance(base, (str, os.PathLike)) else base
        names, pts = make_points(grid, points, random)
        spec = SweepSpec(base=sc, fixed=[f"{k}={format_value(v)}" for k, v in (set or {}).items()],
                         parameters=names, points=pts, name=name or "sweep")
    if output is not None:
        spec.output = str(output)
    if workers is not None:
        spec.workers = workers
    if dask is not None:
        spec.dask = dask
    root = Path(spec.output or f"out/sweep-{spec.name}").resolve()
    (root / "points").mkdir(parents=True, exist_ok=True)

    if spec.base.path:  # workers (Dask) may run in another working directory
        spec.base = spec.base.copy()
        spec.base.path = spec.base.name = str(Path(spec.base.path).resolve())
    manifest = _manifest(spec)
    mpath = root / "sweep.json"
    if mpath.exists():
        old = json.loads(mpath.read_text())
        if _fingerprint(old) != _fingerprint(manifest):
            raise InputError([make_error(str(root), "", "this folder holds a different sweep (other base, "
                                         "overrides or points); choose another output folder or delete it")])
    else:
        _write_atomic(mpath, json.dumps(manifest, indent=1, default=str) + "\n")

    # Leftovers of runs interrupted before their rename: never complete, safe to remove.
    for d in (root / "points").glob(".p*.run-*"):
        shutil.rmtree(d, ignore_errors=True)

    b = spec.base
    todo, skipped = [], 0
    for p in spec.points:
        if _complete(root / "points" / p.id):
            skipped += 1
        else:
            todo.append(p)
    # Check every point to run before starting any: input errors come all at once, naming the point.
    errs = []
    for p in todo:
        try:
            Scenario(path=b.path or None, text=None if b.path else b.text, name=b.name, base_dir=b.base_dir,
                     overrides=b.overrides + spec.fixed + p.overrides).validate()
        except InputError as e:
            errs += [e2._replace(text=f"point {p.id}: {e2.text}") for e2 in e.errors]
    if errs:
        raise InputError(errs)

    def log(msg):
        if progress is not None:
            print(msg, file=progress, flush=True)

    log(f"[sweep] {root}: {len(spec.points)} points, {skipped} already done, {len(todo)} to run"
        + (f" on Dask at {spec.dask}" if spec.dask else ""))
    outcomes = []
    jobs = [((b.path, b.text, b.name, b.base_dir, b.overrides + spec.fixed + p.overrides), str(root), p.id,
             p.values) for p in todo]
    done = 0
    if jobs and spec.dask:
        from distributed import Client, as_completed
        with Client(spec.dask, timeout="60s", set_as_default=False) as client:
            tag = uuid.uuid4().hex[:8]
            futures = [client.submit(point_task, *j, key=f"dcsim-point-{j[2]}-{tag}", pure=False) for j in jobs]
            for fut in as_completed(futures, loop=client.loop):
                r = fut.result()
                outcomes.append(r)
                done += 1
                log(f"[sweep] {r['id']} {r['status']} ({done}/{len(jobs)})" + (f": {r['error']}" if r.get('error') else ""))
    elif jobs:
        n = spec.workers or os.cpu_count() or 1
        with cf.ThreadPoolExecutor(max_workers=min(n, len(jobs))) as pool:
            futures = [pool.submit(point_task, *j) for j in jobs]
            for fut in cf.as_completed(futures):
                r = fut.result()
                outcomes.append(r)
                done += 1
                log(f"[sweep] {r['id']} {r['status']} ({done}/{len(jobs)})" + (f": {r['error']}" if r.get('error') else ""))

    table, table_path = write_results_table(root)
    ran = sum(1 for r in outcomes if r["status"] == "ran")
    skipped += sum(1 for r in outcomes if r["status"] == "skipped")
    failed = sum(1 for r in outcomes if r["status"] == "failed")
    return SweepResult(root, len(spec.points), ran, skipped, failed, table_path, table)


# --- results -------------------------------------------------------------------------------------------------
def flatten(d: dict, prefix: str = "") -> dict:
    """Nested summary keys as dotted columns; lists (per-hall rows) and strings other than names are left out."""
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = v
    return out


def results_table(root: str | os.PathLike):
    """The sweep's results as a pandas DataFrame: one row per point (point, status, parameters, summary)."""
    import pandas as pd
    root = Path(root)
    m = json.loads((root / "sweep.json").read_text())
    rows = []
    for p in m["points"]:
        d = root / "points" / p["id"]
        row = {"point": p["id"]}
        row.update(p["values"])
        if _complete(d):
            s = json.loads((d / "summary.json").read_text())
            row["status"] = "done"
            row.update({k: v for k, v in flatten(s).items() if not k.startswith(("schema_version", "scenario."))})
        else:
            err = root / "points" / f"{p['id']}.error.json"
            row["status"] = "failed" if err.exists() else "missing"
            if err.exists():
                row["error"] = json.loads(err.read_text()).get("error", "")
        rows.append(row)
    df = pd.DataFrame(rows)
    front = ["point", "status"] + [c for c in m["parameters"] if c in df.columns]
    return df[front + [c for c in df.columns if c not in front]]


def write_results_table(root: Path):
    df = results_table(root)
    csv = root / "results.csv"
    tmp = root / f".results.csv.tmp-{os.getpid()}"
    df.to_csv(tmp, index=False)
    os.replace(tmp, csv)
    try:
        import pyarrow  # noqa: F401 - Parquet only when available (not on Debian 12)
        df.to_parquet(root / "results.parquet", index=False)
    except ImportError:
        pass
    return df, csv


if __name__ == "__main__":  # pragma: no cover
    from .cli import main
    sys.exit(main(["sweep"] + sys.argv[1:]))
