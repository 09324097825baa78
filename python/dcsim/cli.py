"""The command line behind `python -m dcsim` (and `dcsim sweep` / `dcsim report`, which the C++ program
forwards here). `run`, `validate` and every other command of the `dcsim` program run the program's own C++
command-line code in this process (same options, output and exit codes: 0 ok, 1 failure, 2 invalid input);
`sweep` and `report` are implemented in Python."""
from __future__ import annotations

import argparse
import sys

PY_COMMANDS = ("sweep", "report")


def _sweep_main(argv) -> int:
    from .errors import InputError
    from .sweeps import run_sweep
    p = argparse.ArgumentParser(prog="dcsim sweep", description="Run a what-if sweep: one run per point, "
                                "resumable (finished points are kept and skipped).")
    p.add_argument("sweep_file", help="Sweep YAML file (docs/sweeps-and-reports.md)")
    p.add_argument("-o", "--output", help="Output folder (default: the file's `output`, else ./out/sweep-<name>)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--workers", type=int, help="Local worker processes (default: the file's `workers`, else CPUs)")
    g.add_argument("--dask", metavar="ADDRESS", help="Run points on a Dask distributed cluster, e.g. tcp://host:8786")
    p.add_argument("-q", "--quiet", action="store_true", help="No progress lines")
    a = p.parse_args(argv)
    try:
        res = run_sweep(a.sweep_file, output=a.output, workers=a.workers, dask=a.dask,
                        progress=None if a.quiet else sys.stderr)
    except InputError as e:
        print(f"dcsim: {e}", file=sys.stderr)
        return 2
    print(f"dcsim sweep: {res.total} points ({res.ran} run, {res.skipped} already done, {res.failed} failed)\n"
          f"  results    {res.table_path}")
    return 0 if res.failed == 0 else 1


def _report_main(argv) -> int:
    from .reports import write_report
    p = argparse.ArgumentParser(prog="dcsim report", description="Write a self-contained HTML report comparing "
                                "runs (dcsim run output folders) and sweep points (dcsim sweep folders).")
    p.add_argument("dirs", nargs="+", metavar="OUTDIR")
    p.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    p.add_argument("--title", default=None)
    a = p.parse_args(argv)
    try:
        path = write_report(a.dirs, a.output, title=a.title)
    except (FileNotFoundError, ValueError) as e:
        print(f"dcsim: {e}", file=sys.stderr)
        return 2
    print(f"dcsim report: {path}")
    return 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "sweep":
        return _sweep_main(argv[1:])
    if argv and argv[0] == "report":
        return _report_main(argv[1:])
    from . import _native
    sys.stdout.flush()
    sys.stderr.flush()
    rc = _native.cli_main(["dcsim"] + argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("\nAlso (Python): sweep SWEEP.yaml [-o DIR] [--workers N | --dask ADDRESS]; report OUTDIR... [-o FILE]")
    return rc
