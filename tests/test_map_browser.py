"""The HTML map in a real browser: headless Chromium, driven by Selenium in a process of its own
(tests/browser.py), with the page loaded from a local file.

Skipped, saying why, where Chromium, chromedriver or Selenium is missing (Debian: apt-get install
chromium chromium-driver; Selenium comes with the test extra). The screenshots of every step are
kept in the test's temporary folder, or in $WARMINTRO_SCREENSHOTS when set, to look at.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, write

BROWSER = Path(__file__).with_name("browser.py")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

if importlib.util.find_spec("selenium") is None:
    pytestmark = pytest.mark.skip(reason="Selenium is not installed: pip install -e '.[test]'")
elif CHROMIUM is None or CHROMEDRIVER is None:
    pytestmark = pytest.mark.skip(
        reason="Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)"
    )


def drive(page: Path, shots: Path, **steps: object) -> dict:
    args = {"page": str(page), "out": str(shots), "chromium": CHROMIUM, "chromedriver": CHROMEDRIVER, **steps}
    done = subprocess.run(
        [sys.executable, str(BROWSER), json.dumps(args)], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    keep = os.environ.get("WARMINTRO_SCREENSHOTS")
    if keep:
        shutil.copytree(shots, Path(keep) / shots.name, dirs_exist_ok=True)
    return json.loads(done.stdout)


def inside(box: list[float], frame: list[float]) -> bool:
    return (
        box[0] >= frame[0] - 0.5 and box[1] >= frame[1] - 0.5 and box[2] <= frame[2] + 0.5 and box[3] <= frame[3] + 0.5
    )


def apart(a: list[float], b: list[float]) -> bool:
    return a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5


def assert_nothing_cut_off(layout: dict, people: int) -> None:
    """Every person (dot and label) inside the map's stage, the legend beside or below it and
    every legend entry inside the legend."""
    drawn = {k: v for k, v in layout["drawn"].items() if not k.startswith("legend ")}
    assert len(drawn) == people
    for pid, box in drawn.items():
        assert inside(box, layout["stage"]), (pid, box, layout["stage"])
    assert apart(layout["legend"], layout["stage"])
    for key, box in layout["drawn"].items():
        if key.startswith("legend "):
            assert inside(box, layout["legend"]), (key, box, layout["legend"])


def assert_offline(report: dict, page: Path) -> None:
    assert report["console"] == []  # no script error, no blocked request, no CSP violation
    assert report["requests"] == [page.resolve().as_uri()]  # the page itself, and nothing it asked for
    assert report["remote"] == []


def test_the_network_map_in_a_browser(run, tmp_path: Path) -> None:
    page = tmp_path / "network.html"
    assert run("map", "--out", str(page), "--as-of", str(AS_OF)).exit_code == 0
    report = drive(
        page, tmp_path / "network-shots", hover="carol", search="pactbank", path=None, organisation="Kestrel Systems"
    )
    assert report["title"] == "Alice Lindqvist's network"
    assert_offline(report, page)
    assert_nothing_cut_off(report["wide"], 33)
    assert_nothing_cut_off(report["narrow"], 33)
    assert report["narrow"]["legend"][1] >= report["narrow"]["stage"][3] - 0.5  # below the map on a phone
    # hover: company, title and ties, warmest first; the person's ties picked out
    tip = report["tip"].splitlines()
    assert tip[:2] == ["Carol Virtanen", "Co-founder, Pactbank"]
    assert "Alice Lindqvist — close · 86%" in tip and "Bob Sjöberg — good · 60%" in tip
    assert {"carol", "alice", "bob", "mikael"} <= set(report["hover_picked"])
    assert "henrik" not in report["hover_picked"]
    assert report["tip_after"] is False
    # zoom by button and wheel, pan by dragging, fit again
    scale = lambda t: float(t.rsplit("scale(", 1)[1].rstrip(")"))  # noqa: E731
    assert report["transform_start"] == "translate(0 0) scale(1)"
    assert scale(report["transform_button"]) == pytest.approx(1.4)
    assert scale(report["transform_wheel"]) > 1.4
    assert report["transform_drag"] != report["transform_wheel"]
    assert scale(report["transform_drag"]) == scale(report["transform_wheel"])
    assert report["transform_reset"] == "translate(0 0) scale(1)"
    # search: everyone at Pactbank, and only them
    assert report["found"] == "4 people"
    assert report["search_picked"] == ["carol", "mikael", "oskar", "sanna"]
    # an organisation in the legend picks out its people (the same colour), and lets go again
    assert report["organisation_picked"] == ["grace", "henrik", "lucas", "maya", "priya", "tom"]
    assert report["organisation_after"] == []
    for shot in ("1-wide", "2-narrow", "3-hover", "4-zoomed", "5-search", "6-organisation"):
        assert (tmp_path / "network-shots" / f"{shot}.png").read_bytes()[:4] == b"\x89PNG"


def test_the_paths_map_in_a_browser(run, tmp_path: Path) -> None:
    page = tmp_path / "paths.html"
    assert run("map", "--to", "bob", "--out", str(page), "--as-of", str(AS_OF)).exit_code == 0
    report = drive(page, tmp_path / "paths-shots", hover="grace", search="kestrel", path=1)
    assert_offline(report, page)
    assert_nothing_cut_off(report["wide"], 5)
    assert report["paths"] == ["1. via Carol · 52%", "2. via Grace, Carol · 27%", "3. via Carol, Eve · 26%"]
    assert report["path_picked"] == ["alice", "bob", "carol", "grace"]  # the second path, alone
    assert report["tip"].splitlines()[1] == "VP Marketing, Kestrel Systems"
    assert report["search_picked"] == ["grace"]


def test_hostile_names_stay_text_in_a_browser(run, tmp_path: Path) -> None:
    contacts = write(
        tmp_path,
        'me: toString\npeople:\n  toString: {name: "Ann <img src=x onerror=alert(1)>",'
        ' company: "</script><script>alert(2)</script>"}\n'
        '  constructor: {name: "Ben \\"); fetch(\'//evil.example\'); (\\"", company: "<b>B</b>"}\n'
        "relationships: [{between: [toString, constructor]}]\n",
    )
    page = tmp_path / "hostile.html"
    assert run("map", "--out", str(page), contacts=contacts).exit_code == 0
    report = drive(page, tmp_path / "hostile-shots", hover="constructor", search="<b>", path=None)
    assert_offline(report, page)
    assert report["tip"].splitlines()[:2] == ["Ben \"); fetch('//evil.example'); (\"", "<b>B</b>"]
    assert report["hover_picked"] == ["constructor", "toString"]  # ids are data, not object keys
    assert report["search_picked"] == ["constructor"]
