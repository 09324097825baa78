"""Scenario and Result: load, override, validate and run a scenario from Python.

Validation runs in this process (it is pure YAML work); every run happens in a fresh child process because
SimGrid allows one simulation per process (see isolate.py for the cost).
"""
from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

from . import _native, isolate


def format_value(value: Any) -> str:
    """A Python value as the YAML text of a `--set PATH=VALUE` override. Strings are passed through as YAML
    text (so "2h", "18C", "best-fit" work as in the CLI); numbers, booleans, None, lists and dicts are
    converted."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return str(int(value))
    if isinstance(value, float) or hasattr(value, "dtype"):
        v = float(value)
        if math.isnan(v):
            return ".nan"
        if math.isinf(v):
            return ".inf" if v > 0 else "-.inf"
        return repr(v)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)  # JSON is YAML flow syntax
    raise TypeError(f"cannot express {value!r} ({type(value).__name__}) as a scenario value")


class Scenario:
    """A scenario: a YAML file or document plus overrides ("a.b[2].c=value", as `dcsim run --set`)."""

    def __init__(self, *, path: str | os.PathLike | None = None, text: str | None = None, name: str = "<text>",
                 base_dir: str | os.PathLike = ".", overrides: list[str] | None = None):
        if (path is None) == (text is None):
            raise ValueError("give exactly one of path= or text=")
        self.path = str(path) if path is not None else ""
        self.text = text or ""
        self.name = self.path or name
        self.base_dir = str(Path(self.path).resolve().parent) if self.path else str(Path(base_dir).resolve())
        self.overrides: list[str] = list(overrides or [])

    # --- construction -------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """A scenario file (checked when validated or run, not here)."""
        return cls(path=path)

    @classmethod
    def from_yaml(cls, text: str, base_dir: str | os.PathLike = ".", name: str = "<text>") -> "Scenario":
        return cls(text=text, name=name, base_dir=base_dir)

    @classmethod
    def from_dict(cls, d: dict, base_dir: str | os.PathLike = ".", name: str = "<dict>") -> "Scenario":
        """A scenario given as a dict (the YAML document's structure); relative paths in it (weather, traces)
        are taken from base_dir."""
        try:
            import yaml
            text = yaml.safe_dump(d, sort_keys=False, default_flow_style=False)
        except ImportError:  # pragma: no cover
            text = json.dumps(d, indent=1)
        return cls(text=text, name=name, base_dir=base_dir)

    def copy(self) -> "Scenario":
        s = Scenario.__new__(Scenario)
        s.__dict__.update(self.__dict__)
        s.overrides = list(self.overrides)
        return s

    # --- changes ------------------------------------------------------------------------------------------
    def set(self, path: str, value: Any) -> "Scenario":
        """Override a value by path, e.g. s.set("cooling.cop", 6.0), s.set("halls[0].racks[0].count", 4),
        s.set("simulation.duration", "2h"). Checked at validate()/run() time, with the CLI's messages.
        Returns self, so calls chain."""
        self.overrides.append(f"{path}={format_value(value)}")
        return self

    def with_values(self, values: dict[str, Any]) -> "Scenario":
        """A copy with several overrides applied."""
        s = self.copy()
        for k, v in values.items():
            s.set(k, v)
        return s

    # --- checks -------------------------------------------------------------------------------------------
    def _args(self):
        return (self.path, self.text, self.name, self.base_dir, list(self.overrides))

    def validate(self) -> dict:
        """Loads and checks the scenario in this process; raises dcsim.InputError listing every error (the
        same lines `dcsim validate` prints). Returns facts: name, servers, version, duration_s, seed."""
        info = _native.load(*self._args())
        info.pop("resolved_yaml", None)
        return info

    def resolved_yaml(self) -> str:
        """The scenario as it would run: overrides applied, defaults filled in (validates first)."""
        return _native.load(*self._args())["resolved_yaml"]

    def to_dict(self) -> dict:
        import yaml
        return yaml.safe_load(self.resolved_yaml())

    # --- running ------------------------------------------------------------------------------------------
    def run(self, output: str | os.PathLike | None = None, *, seed: Optional[int] = None,
            placement: Optional[Callable] = None, quiet: bool = True) -> "Result":
        """Runs the scenario to its end in a fresh child process and returns its Result. With `output`, the
        standard outputs (summary.json, series/*.csv, scenario.yaml) are written there (atomically, as
        `dcsim run -o`); without, into a temporary folder read back and removed. `placement` is a Python
        placement policy (dcsim.policy)."""
        sc = self.copy()
        if seed is not None:
            sc.set("simulation.seed", int(seed))
        sc.validate()  # input errors are raised here, in this process
        tmp = None
        if output is None:
            tmp = tempfile.mkdtemp(prefix="dcsim-run-")
            out = os.path.join(tmp, "run")
        else:
            out = str(Path(output).resolve())
        try:
            if placement is None:
                isolate.call(_run_in_child, sc._args(), out, quiet)
            else:
                from .simulation import Simulation
                with Simulation(sc, placement=placement) as sim:
                    sim.run()
                    sim.write_outputs(out)
            return Result(out, keep_in_memory=tmp is not None)
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)

    def __repr__(self):
        return f"Scenario({self.name!r}, overrides={self.overrides!r})"


def _run_in_child(args, out_dir, quiet):
    return _native.run_to_directory(*args, out_dir, quiet)


class Result:
    """A finished run: `summary` (dict, the keys of summary.json: docs/outputs.md), `series(kind)` as a
    pandas DataFrame ("site": one row per sample; "halls": one row per sample and hall), `directory`."""

    def __init__(self, directory: str | os.PathLike, keep_in_memory: bool = False):
        self.directory = Path(directory)
        self.summary: dict = json.loads((self.directory / "summary.json").read_text())
        self._series: dict = {}
        self._scenario_yaml = None
        if keep_in_memory:  # the folder is about to be removed
            for kind in ("site", "halls"):
                self.series(kind)
            self._scenario_yaml = (self.directory / "scenario.yaml").read_text()
            self.directory = None

    def series(self, kind: str = "site"):
        if kind not in self._series:
            if self.directory is None or kind not in ("site", "halls"):
                raise KeyError(f"no series {kind!r}; expected 'site' or 'halls'")
            import pandas as pd
            self._series[kind] = pd.read_csv(self.directory / "series" / f"{kind}.csv")
        return self._series[kind]

    @property
    def scenario_yaml(self) -> str:
        return self._scenario_yaml if self._scenario_yaml is not None else (self.directory / "scenario.yaml").read_text()

    @property
    def pue(self) -> float:
        return self.summary["pue"]

    def __repr__(self):
        e = self.summary.get("energy_kWh", {})
        return f"Result(facility={e.get('facility', float('nan')):.1f} kWh, PUE={self.summary.get('pue', 0):.3f})"
