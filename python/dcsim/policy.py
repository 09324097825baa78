"""Python placement policies.

A placement policy is a function `policy(vm, hosts) -> host id | None | -1` called by the engine for every VM
to place (in the child process that runs the simulation):
  vm     a VmRequest (uid, cores, memory_B, arrival_s, end_s)
  hosts  Candidates: the hosts that fit the VM (available, enough free cores and memory), as numpy arrays
         `ids`, `free_cores`, `free_memory_B` (ascending ids)
Return one of `hosts.ids`, -1 to reject the VM, or None to let the scenario's built-in policy choose.

Cost per call: the engine scans the hosts in C++ to build the candidate arrays (~1-2 ns per host), then one
Python call: ~15 us per VM measured at 320 hosts (docs/python.md); keep policies vectorised with numpy.
Needs the engine hook Simulation::set_placement_callback (dcsim._native.HAS_PLACEMENT_CALLBACK).
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Optional

import numpy as np


class VmRequest(NamedTuple):
    uid: int
    cores: int
    memory_B: float
    arrival_s: float
    end_s: float


class Candidates(NamedTuple):
    ids: np.ndarray
    free_cores: np.ndarray
    free_memory_B: np.ndarray

    def __len__(self):
        return len(self.ids)


PlacementPolicy = Callable[[VmRequest, Candidates], Optional[int]]


def adapt(policy: PlacementPolicy):
    """The engine-level callback (vm dict, ids, free cores, free memory) -> int for a user policy."""
    def callback(vm, ids, free_cores, free_mem):
        choice = policy(VmRequest(vm["uid"], vm["cores"], vm["memory_B"], vm["arrival_s"], vm["end_s"]),
                        Candidates(ids, free_cores, free_mem))
        if choice is None:
            return -2
        return int(choice)
    return callback


# Two ready-made policies, handy as examples and in tests.
def last_fit(vm: VmRequest, hosts: Candidates) -> int:
    """Highest-numbered host that fits (the mirror image of first-fit)."""
    return int(hosts.ids[-1]) if len(hosts) else -1


def most_free_cores(vm: VmRequest, hosts: Candidates) -> int:
    """Spread load: the fitting host with the most free cores (lowest id on ties), like worst-fit."""
    return int(hosts.ids[np.argmax(hosts.free_cores)]) if len(hosts) else -1
