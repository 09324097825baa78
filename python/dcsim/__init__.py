"""dcsim from Python: scenarios, runs, the step API, what-if sweeps and reports over the C++ engine.

    import dcsim
    s = dcsim.Scenario.load("scenarios/quickstart.yaml").set("cooling.supply_temperature", "22C")
    r = s.run()                       # in a fresh child process (SimGrid: one engine per process)
    r.summary["pue"], r.series("site")
    dcsim.sweep("sweep.yaml")         # or dcsim.sweep(base=s, grid={...}, output="out/sweep")
    dcsim.report(["out/sweep"], "report.html")

docs/python.md is the guide.
"""
from .errors import InputError, InputErrorItem
from .scenario import Result, Scenario, format_value

__version__ = "0.1.0"


def sweep(sweep_file=None, **kwargs):
    """Runs a what-if sweep; see dcsim.sweeps.run_sweep (arguments) and docs/sweeps-and-reports.md."""
    from .sweeps import run_sweep
    return run_sweep(sweep_file, **kwargs)


def report(dirs, output="report.html", title=None):
    """Writes the HTML report for run/sweep folders; see dcsim.reports.write_report."""
    from .reports import write_report
    return write_report(dirs, output, title=title)


def __getattr__(name):  # lazy: keep `import dcsim` light for child processes
    if name == "Simulation":
        from .simulation import Simulation
        return Simulation
    raise AttributeError(f"module 'dcsim' has no attribute {name!r}")


__all__ = ["InputError", "InputErrorItem", "Result", "Scenario", "Simulation", "format_value", "sweep",
           "report"]
