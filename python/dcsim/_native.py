"""Access to the compiled module `_dcsim`, translating its errors into dcsim.InputError."""
from __future__ import annotations

import functools

from .errors import InputError

try:
    from . import _dcsim as native  # built by CMake into this directory (python/module.cmake)
except ImportError as e:  # pragma: no cover - depends on the build
    raise ImportError(
        "dcsim: the compiled module _dcsim is missing or does not load; build it with "
        "`cmake --build build --target _dcsim` (or ./setup.sh) for /usr/bin/python3 "
        f"({e})") from e


def translate(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except native.NativeInputErrors as e:
            raise InputError(e.args[1]) from None
    return wrapper


load = translate(native.load)
run_to_directory = translate(native.run_to_directory)
cli_main = native.cli_main
HAS_PLACEMENT_CALLBACK = bool(native.HAS_PLACEMENT_CALLBACK)
HAS_PLACEMENT_POLICY_SETTER = bool(native.HAS_PLACEMENT_POLICY_SETTER)


@translate
def new_simulation(path, text, name, base_dir, overrides):
    return native.NativeSimulation(path, text, name, base_dir, overrides)
