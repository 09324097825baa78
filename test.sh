#!/usr/bin/env bash
# Runs every dcsim test: sets up and builds first (./setup.sh --no-run), then the C++ tests (CTest:
# GoogleTest units and engine checks) and the Python/integration tests (pytest). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --no-run
echo "[test] C++ tests (ctest)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
echo "[test] integration and Python tests (pytest)"
.venv/bin/python -m pytest -q tests
