"""Shared fixtures: where the built `dcsim` program is, and a helper to run it."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("DCSIM_BUILD_DIR", ROOT / "build"))
SHARED = Path(os.environ.get("DCSIM_SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def dcsim_bin():
    exe = BUILD / "dcsim"
    if not exe.exists():
        pytest.fail(f"{exe} not built; run ./setup.sh --no-run")
    return exe


@pytest.fixture
def run_dcsim(dcsim_bin):
    def run(*args, check=True, timeout=600):
        proc = subprocess.run([str(dcsim_bin), *map(str, args)], capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"dcsim {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
        return proc
    return run


def load_summary(out_dir):
    return json.loads((Path(out_dir) / "summary.json").read_text())
