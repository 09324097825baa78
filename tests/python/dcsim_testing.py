"""Helpers and fixtures for the Python package tests (imported by each test module: a second conftest.py
would shadow tests/conftest.py for `from conftest import ...`). Makes `dcsim` importable (installed in .venv,
or from python/), and names the tiny scenarios. The engine module _dcsim must be built."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYDIR = ROOT / "python"
try:
    import dcsim  # noqa: F401
except ImportError:
    sys.path.insert(0, str(PYDIR))

SMALL = ROOT / "tests" / "data" / "small_site.yaml"
QUICKSTART = ROOT / "scenarios" / "quickstart.yaml"
BROKEN = ROOT / "tests" / "data" / "broken"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def dcsim_mod():
    try:
        import dcsim
        from dcsim import _native  # noqa: F401 - fails with a clear message when _dcsim is not built
    except ImportError as e:
        pytest.fail(f"the dcsim Python package does not import: {e}")
    return dcsim


@pytest.fixture(scope="session")
def small_path():
    return SMALL


def python_env():
    """Environment for `python -m dcsim` subprocesses: the package importable even without installation."""
    import os
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PYDIR)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env
