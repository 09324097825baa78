#!/usr/bin/env bash
# dcsim set-up for a fresh Debian 12 machine: installs the Debian packages it needs, builds everything
# (C++ library, `dcsim` program, tests, Python module for /usr/bin/python3) and runs the quickstart.
# Safe to run again: it installs only what is missing and rebuilds only what changed.
#   ./setup.sh            set up, build, run scenarios/quickstart.yaml and print its summary
#   ./setup.sh --no-run   set up and build only (used by ./test.sh)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(build-essential cmake pkg-config
  libsimgrid-dev libyaml-cpp-dev libeigen3-dev pybind11-dev libgtest-dev libgmock-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  python3 python3-dev python3-venv python3-setuptools python3-pip python3-numpy python3-pandas python3-matplotlib python3-pytest
  python3-dask python3-distributed python3-tqdm python3-yaml
  chromium)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "[setup] installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's Python (not a pyenv or other python3 on PATH): it sees the python3-* packages above.
PYTHON=/usr/bin/python3
echo "[setup] building (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE="$PYTHON" >/dev/null
cmake --build build -j"$(nproc)" 2>&1 | grep -E "error|warning: unused|Error" || true
test -x build/dcsim || { echo "[setup] build failed; run: cmake --build build" >&2; exit 1; }

# A virtual environment that sees Debian's packages, with dcsim's Python package installed in it.
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv --system-site-packages .venv
fi
if [ -f python/pyproject.toml ]; then
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e python >/dev/null 2>&1 ||
    echo "[setup] note: Python package not installed into .venv (see python/README)" >&2
fi

if [ "${1:-}" != "--no-run" ]; then
  echo "[setup] running scenarios/quickstart.yaml"
  ./build/dcsim run scenarios/quickstart.yaml -o out/quickstart
fi
