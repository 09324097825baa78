"""`dcsim report`: a self-contained HTML page for runs and sweep points, rendered in headless Chromium (Debian's
`chromium`; the Chromium tests are skipped when it is not installed)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dcsim_testing import SMALL, python_env, dcsim_mod  # noqa: F401 - fixture

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="module")
def outputs(dcsim_mod, tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    dcsim_mod.Scenario.load(SMALL).run(d / "small")
    dcsim_mod.sweep(base=SMALL, grid={"cooling.cop": [3.0, 6.0]}, set={"simulation.duration": "2h"},
                    output=d / "sweep", workers=2)
    return d


@pytest.fixture(scope="module")
def page(outputs):
    out = outputs / "report.html"
    p = subprocess.run([sys.executable, "-m", "dcsim", "report", str(outputs / "small"), str(outputs / "sweep"),
                        "-o", str(out)], capture_output=True, text=True, env=python_env(), timeout=300)
    assert p.returncode == 0, p.stderr
    return out


def test_page_is_self_contained(page):
    html = page.read_text()
    # No scripts, no external resources: every chart is inline SVG.
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?[a-z]+:", html)  # only url(#local-id)
    # Energy breakdown, PUE, facility power, utilization, VMs running, and for the one swept parameter
    # (cooling.cop) PUE and facility energy: 7 charts (hand count).
    assert html.count("<svg") == 7
    for section in ("Summary", "Energy breakdown", "PUE over time", "Utilization", "Migrations", "Availability",
                    "Sweep parameters"):
        assert f"<h2>{section}</h2>" in html
    # One table row per run: the run folder plus the sweep's two points (hand count).
    summary = html.split("<h2>Summary</h2>")[1].split("<h2>")[0]
    assert summary.count("<tr><td class=l>") == 3
    assert "sweep/p0000 (cop=3.0)" in html and "sweep/p0001 (cop=6.0)" in html


def test_bad_input_folder(tmp_path):
    p = subprocess.run([sys.executable, "-m", "dcsim", "report", str(tmp_path), "-o", str(tmp_path / "r.html")],
                       capture_output=True, text=True, env=python_env())
    assert p.returncode == 2 and "neither a run folder" in p.stderr


def chromium(url, tmp_path, *extra):
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def console_messages(stderr):
    return [l for l in stderr.splitlines() if ":CONSOLE" in l or "Uncaught" in l]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian package `chromium` not installed (setup.sh installs it)")
def test_console_check_detects_errors(tmp_path):
    # Negative control: a page with a script error must be caught by the same check.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>")
    p = chromium(bad.as_uri(), tmp_path, "--dump-dom")
    assert any("undefinedFunction" in l for l in console_messages(p.stderr)), p.stderr[-2000:]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian package `chromium` not installed (setup.sh installs it)")
def test_renders_in_chromium(page, tmp_path):
    p = chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert p.returncode == 0, p.stderr[-2000:]
    assert console_messages(p.stderr) == []
    assert p.stdout.count("<svg") == 7 and "Energy breakdown" in p.stdout

    shot = tmp_path / "shot.png"
    p = chromium(page.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1200,2400",
                 "--hide-scrollbars")
    assert p.returncode == 0 and shot.exists(), p.stderr[-2000:]
    assert console_messages(p.stderr) == []
    import matplotlib.image as mpimg
    import numpy as np
    img = mpimg.imread(str(shot))[:, :, :3]
    assert img.shape[:2] == (2400, 1200)

    def pixels(rgb, tol=0.08):
        return int((np.abs(img - np.array(rgb) / 255.0).max(axis=2) < tol).sum())
    # The charts are drawn: the IT bars and first line (#1f77b4), the cooling bars (#2ca02c) and the second run's
    # lines (#ff7f0e) cover many pixels; a blank or broken page has none of these colours.
    assert pixels((31, 119, 180)) > 2000
    assert pixels((44, 160, 44)) > 500
    assert pixels((255, 127, 14)) > 200
