"""The step API: run until a time, look at the state, change a policy, continue.

    with dcsim.Simulation(scenario) as sim:
        sim.run_until(3600)
        sim.utilizations(); sim.facility_now(); sim.totals()
        sim.set_placement(my_policy)      # Python policy (or a built-in name) from now on
        sim.run()                         # to the end
        sim.summary(); sim.series()

By default the simulation lives in its own child process, driven over a pipe (each call is one round trip,
~120 us measured, plus pickling its result), so any number of independent Simulations can exist side by
side in one Python process. `in_process=True` runs it in this process instead (no round trips, numpy arrays handed over
directly) but only once per process: SimGrid keeps one engine per process and its clock is not reset.
"""
from __future__ import annotations

import json
import os
from typing import Callable, Optional, Union

from . import _native, isolate
from .policy import adapt

_in_process_used = False


class _Local:
    """The simulation itself, wherever it runs (child process or in-process)."""

    def __init__(self, path, text, name, base_dir, overrides, placement=None):
        self.sim = _native.new_simulation(path, text, name, base_dir, overrides)
        self.sim.show_progress = False
        if placement is not None:
            self.set_placement(placement)

    def info(self):
        return {"server_count": self.sim.server_count, "hall_names": list(self.sim.hall_names)}

    def run(self, until_s=-1.0):
        self.sim.run(until_s)
        return self.sim.now

    def now(self):
        return self.sim.now

    def finished(self):
        return self.sim.finished

    def server_utilization(self, i):
        return self.sim.server_utilization(i)

    def server_power_W(self, i):
        return self.sim.server_power_W(i)

    def server_vm_count(self, i):
        return self.sim.server_vm_count(i)

    def utilizations(self):
        return self.sim.utilizations()

    def powers_W(self):
        return self.sim.powers_W()

    def vm_counts(self):
        return self.sim.vm_counts()

    def facility_now(self):
        return self.sim.facility_now()

    def totals(self):
        return self.sim.totals()

    def summary(self):
        return json.loads(self.sim.summary_json())

    def series_arrays(self):
        return self.sim.series()

    def check_invariants(self):
        self.sim.check_invariants()

    def write_outputs(self, directory):
        self.sim.write_outputs(str(directory))

    def set_placement(self, placement):
        if isinstance(placement, str):
            self.sim.set_placement_policy(placement)
        elif placement is None:
            self.sim.set_placement_callback(None)
        else:
            self.sim.set_placement_callback(adapt(placement))


class Simulation:
    """A simulation driven step by step (see the module documentation)."""

    def __init__(self, scenario, *, placement: Union[None, str, Callable] = None, in_process: bool = False):
        global _in_process_used
        from .scenario import Scenario
        if isinstance(scenario, (str, os.PathLike)):
            scenario = Scenario.load(scenario)
        scenario.validate()  # input errors surface here, in the caller's process
        args = scenario._args()
        self._child = None
        if in_process:
            if _in_process_used:
                raise RuntimeError("dcsim: only one in-process simulation per process (SimGrid keeps one engine "
                                   "whose clock is not reset); use Simulation(..., in_process=False)")
            _in_process_used = True
            self._local = _Local(*args, placement=placement)
            self._info = self._local.info()
        else:
            self._local = None
            self._child = isolate.Child()
            try:
                self._info = self._child.request("open", *args, placement)
            except BaseException:
                self._child.close()
                raise

    def _do(self, method, *args, **kwargs):
        if self._local is not None:
            return getattr(self._local, method)(*args, **kwargs)
        if self._child is None:
            raise RuntimeError("dcsim: this Simulation is closed")
        return self._child.request("sim", method, args, kwargs)

    # --- running ------------------------------------------------------------------------------------------
    def run_until(self, time_s: float) -> float:
        """Advances the simulation to time_s (seconds from the start); returns the new time."""
        return self._do("run", float(time_s))

    def run(self) -> float:
        """Runs to the end of the scenario."""
        return self._do("run", -1.0)

    @property
    def now(self) -> float:
        return self._do("now")

    @property
    def finished(self) -> bool:
        return self._do("finished")

    # --- state --------------------------------------------------------------------------------------------
    @property
    def server_count(self) -> int:
        return self._info["server_count"]

    @property
    def hall_names(self) -> list:
        return self._info["hall_names"]

    def server_utilization(self, server: int) -> float:
        return self._do("server_utilization", int(server))

    def server_power_W(self, server: int) -> float:
        return self._do("server_power_W", int(server))

    def server_vm_count(self, server: int) -> int:
        return self._do("server_vm_count", int(server))

    def utilizations(self):
        """numpy array: every server's CPU utilization now (0..1)."""
        return self._do("utilizations")

    def powers_W(self):
        """numpy array: every server's power now, W."""
        return self._do("powers_W")

    def vm_counts(self):
        return self._do("vm_counts")

    def facility_now(self) -> dict:
        """Site power now, W: servers, network, it, losses (pdu/ups/transformer), heat, cooling, facility."""
        return self._do("facility_now")

    def totals(self) -> dict:
        """Running totals (energy in J, VM counts, events) since the start."""
        return self._do("totals")

    def summary(self) -> dict:
        """The summary.json document for the run so far."""
        return self._do("summary")

    def series(self, kind: str = "site"):
        """The samples so far as a pandas DataFrame ("site" or "halls"; same columns as series/*.csv)."""
        import pandas as pd
        a = self._do("series_arrays")
        if kind == "site":
            it = a["it_W"]
            import numpy as np
            pue = np.divide(a["facility_W"], it, out=np.zeros_like(it), where=it > 0)
            return pd.DataFrame({"time_s": a["time_s"], "it_W": a["servers_W"], "network_W": a["network_W"],
                                 "power_losses_W": a["power_losses_W"], "cooling_W": a["cooling_W"],
                                 "facility_W": a["facility_W"], "pue": pue,
                                 "outdoor_dry_bulb_C": a["outdoor_dry_bulb_C"],
                                 "vms_running": a["vms_running"].astype("int64")})
        if kind == "halls":
            names = a["hall_names"]
            frames = []
            for h, name in enumerate(names):
                frames.append(pd.DataFrame({"time_s": a["time_s"], "hall": name, "it_W": a["hall_it_W"][:, h],
                                            "cooling_W": a["hall_cooling_W"][:, h],
                                            "utilization": a["hall_utilization"][:, h]}))
            df = pd.concat(frames) if frames else pd.DataFrame()
            return df.sort_values(["time_s"], kind="stable").reset_index(drop=True)
        raise KeyError(f"no series {kind!r}; expected 'site' or 'halls'")

    def check_invariants(self) -> None:
        self._do("check_invariants")

    def write_outputs(self, directory) -> None:
        """Writes summary.json, series/*.csv and scenario.yaml, as `dcsim run -o` does."""
        self._do("write_outputs", os.fspath(os.path.abspath(directory)))

    # --- changes ------------------------------------------------------------------------------------------
    def set_placement(self, placement: Union[None, str, Callable]) -> None:
        """From now on place VMs with a Python policy (dcsim.policy), a built-in policy by name
        ("first-fit", "best-fit", "worst-fit", "round-robin"), or None (back to the scenario's policy)."""
        self._do("set_placement", placement)

    # --- lifetime -----------------------------------------------------------------------------------------
    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
