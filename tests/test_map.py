"""`map`: the picture's layout, and the files it writes (SVG, PNG, self-contained HTML)."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SAMPLE, write
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.map.layout import neighbourhood, paths_picture
from warmintro.model import Network, Person, Relationship

HOSTILE = r"""
me: a
people:
  a: {name: "Ann <script>alert(1)</script> & \"Co\"", company: "<b>Acme</b> & Sons"}
  b: {name: "Ben $x^2$ \\ ]]> {{7*7}}", company: Acme}
  c: {name: "Cy\e[2J", company: "株式会社トヨタ"}
relationships:
  - {between: [a, b], strength: close}
  - {between: [b, c], strength: acquaintance}
"""


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(SAMPLE)


def test_neighbourhood_puts_people_on_rings_by_hops(network: Network) -> None:
    picture = neighbourhood(network, "alice", hops=2, as_of=AS_OF)
    spots = picture.spots
    assert (spots["alice"].x, spots["alice"].y, spots["alice"].ring) == (0.0, 0.0, 0)
    assert len(picture.rings) == 2 and picture.rings[0] < picture.rings[1]
    for pid, spot in spots.items():
        if pid == "alice":
            continue
        expected_ring = 1 if network.knows("alice", pid) else 2
        assert spot.ring == expected_ring, pid
        assert math.hypot(spot.x, spot.y) == pytest.approx(picture.rings[spot.ring - 1])
    # every person hangs from someone on the ring inside theirs, by a relationship drawn strongly
    main = [line for line in picture.lines if line.main]
    assert len(main) == len(spots) - 1
    for line in main:
        assert abs(spots[line.a].ring - spots[line.b].ring) == 1
    assert "32 people within 2 hops" in picture.subtitle
    names = [name for name, _, _ in picture.organisations]
    assert names[0] == "Kestrel Systems" and "Pactbank" in names


def test_neighbourhood_keeps_the_nearest_and_warmest_when_limited(network: Network) -> None:
    picture = neighbourhood(network, "alice", hops=2, limit=5, as_of=AS_OF)
    kept = set(picture.spots) - {"alice"}
    assert len(kept) == 5 and all(network.knows("alice", p) for p in kept)
    assert {"jonas", "carol"} <= kept  # the two closest ties
    assert "5 of 32 people" in picture.subtitle


def test_paths_picture(network: Network) -> None:
    picture, result = paths_picture(network, "alice", "bob", top=3, as_of=AS_OF)
    assert result.paths[0].people == ("alice", "carol", "bob")
    assert set(picture.spots) == {"alice", "carol", "grace", "eve", "bob"}
    assert picture.notes == ["1. via Carol · 52%", "2. via Grace, Carol · 27%", "3. via Carol, Eve · 26%"]
    assert {(line.a, line.b) for line in picture.lines} >= {("alice", "carol"), ("carol", "bob")}
    assert all(line.note for line in picture.lines)


def test_a_hub_with_thousands_of_contacts_is_drawn_within_the_limit() -> None:
    people = {f"p{i}": Person(f"p{i}", f"Person {i}", company=f"Org {i % 40}") for i in range(2000)}
    rels = [Relationship("p0", f"p{i}", ("close", "good", "weak")[i % 3]) for i in range(1, 2000)]
    rels += [Relationship(f"p{i}", f"p{i + 1}", "good") for i in range(1, 1999, 2)]
    picture = neighbourhood(Network(people, rels), "p0", limit=60, as_of=AS_OF)
    assert len(picture.spots) == 61
    assert len(picture.organisations) == 18 and picture.other


# --------------------------------------------------------------------------------------------
# The command and its files


def test_map_writes_svg_png_and_html(run, tmp_path: Path) -> None:
    svg, png, page = tmp_path / "net.svg", tmp_path / "net.png", tmp_path / "net.html"
    for out in (svg, png, page):
        result = run("map", "--out", str(out), "--as-of", str(AS_OF))
        assert result.exit_code == 0, result.output
        assert result.stdout == "" and result.stderr == f"wrote {out}: 33 people\n"
    tree = ET.parse(svg)
    texts = {"".join(t.itertext()) for t in tree.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Alice Lindqvist", "Carol Virtanen", "Kestrel Systems (6)", "close"} <= texts
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_self_contained(page.read_text(encoding="utf-8"))


def assert_self_contained(html: str) -> None:
    """A page that names nothing outside itself, and forbids itself to load anything anyway."""
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp and csp.group(1).startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe" not in csp.group(1) and "connect-src 'none'" in csp.group(1)
    rest = html.replace(csp.group(0), "")
    assert not re.search(r"(?i)https?:|wss?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/", rest)
    assert not re.search(r"(?i)<(link|img|iframe|object|embed|base)\b|\s(src|href)=|@import|url\(", rest)
    assert not re.search(r"\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import)\s*\(", rest)
    assert len(re.findall(r"<script", rest)) == 2  # the data (JSON, never run) and the page's own script


@pytest.mark.parametrize("suffix", ["svg", "html"])
def test_the_picture_is_the_same_every_time(tmp_path: Path, suffix: str) -> None:
    """Nothing in it depends on the clock or on Python's string hashing."""
    made = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}.{suffix}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "WARMINTRO_CONTACTS": str(SAMPLE)}
        command = [sys.executable, "-m", "warmintro", "map", "--out", str(out), "--as-of", str(AS_OF)]
        subprocess.run(command, env=env, check=True, capture_output=True)
        made.append(out.read_bytes())
    assert made[0] == made[1]


def test_map_to_a_target(run, tmp_path: Path) -> None:
    out = tmp_path / "paths.svg"
    result = run("map", "--to", "bob", "--out", str(out), "-k", "2", "--as-of", str(AS_OF))
    assert result.exit_code == 0, result.output
    texts = {"".join(t.itertext()) for t in ET.parse(out).iter("{http://www.w3.org/2000/svg}text")}
    assert {"1. via Carol · 52%", "86%"} <= texts
    assert any("Bob Sjöberg" in t for t in texts) and any("Helix Coaching" in t for t in texts)


def test_names_are_escaped_text_in_svg_and_html(run, tmp_path: Path) -> None:
    contacts = write(tmp_path, HOSTILE)
    for suffix in ("svg", "html"):
        out = tmp_path / f"hostile.{suffix}"
        result = run("map", "--out", str(out), contacts=contacts)
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>" not in text and "\x1b" not in text
        assert "Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text
        assert "Ben $x^2$ \\ ]]&gt; {{7*7}}" in text  # not mathtext, not a template
        assert "Cy\\x1b[2J" in text
        if suffix == "html":  # the data behind hovering: every <, > and & escaped
            data = text.split('<script type="application/json" id="map-data">', 1)[1].split("</script>", 1)[0]
            assert "<" not in data and ">" not in data and "&" not in data
            assert json.loads(data)["people"]["a"]["name"] == 'Ann <script>alert(1)</script> & "Co"'
            assert_self_contained(text)
    ET.parse(tmp_path / "hostile.svg")
    page = (tmp_path / "hostile.html").read_text(encoding="utf-8")
    assert "<title>Ann&#x27;s" not in page and "<title>Ann &lt;script&gt;" in page


def test_map_exit_codes(run, tmp_path: Path) -> None:
    assert run("map", "--out", str(tmp_path / "x.jpg")).exit_code == 2
    assert "use a name ending in" in run("map", "--out", str(tmp_path / "x.jpg")).stderr
    assert run("map").exit_code == 2  # --out is required
    lonely = write(tmp_path, "me: a\npeople: {a: {name: Ann}, b: {name: Ben}}\n", "lonely.yaml")
    alone = run("map", "--out", str(tmp_path / "alone.svg"), contacts=lonely)
    assert alone.exit_code == 1 and "Ann knows nobody" in alone.stderr
    assert not (tmp_path / "alone.svg").exists()
    nowhere = run("map", "--to", "b", "--out", str(tmp_path / "none.svg"), contacts=lonely)
    assert nowhere.exit_code == 1 and "no path from Ann to Ben" in nowhere.stderr
    bad_dir = run("map", "--out", str(tmp_path / "no" / "dir.svg"))
    assert bad_dir.exit_code == 2 and "cannot write" in bad_dir.stderr


def test_without_matplotlib_the_map_says_how_to_install_it(run, tmp_path: Path, monkeypatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    result = run("map", "--out", str(tmp_path / "x.svg"))
    assert result.exit_code == 2
    assert "pip install matplotlib" in result.stderr and "Traceback" not in result.output
    page = run("map", "--out", str(tmp_path / "x.html"), "--as-of", str(AS_OF))  # a web page needs no extra
    assert page.exit_code == 0, page.output
    assert "Alice Lindqvist" in (tmp_path / "x.html").read_text(encoding="utf-8")


def test_an_organisation_has_one_colour_in_every_map_and_export(network: Network) -> None:
    """map, map --to, DOT and GraphML colour people from one palette, over the whole network."""
    from warmintro.export.formats import export_network

    whole = neighbourhood(network, "alice", hops=2, as_of=AS_OF)
    few = neighbourhood(network, "bob", hops=1, limit=3, as_of=AS_OF)
    paths, _ = paths_picture(network, "alice", "bob", top=3, as_of=AS_OF)
    dot = export_network(network, "dot", as_of=AS_OF).decode("utf-8")
    graphml = ET.fromstring(export_network(network, "graphml", as_of=AS_OF))
    keys = {k.get("attr.name"): k.get("id") for k in graphml.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    colours = {
        node.get("id"): next(d.text for d in node if d.get("key") == keys["colour"])
        for node in graphml.iter("{http://graphml.graphdrawing.org/xmlns}node")
    }
    seen = 0
    for picture in (whole, few, paths):
        for pid, spot in picture.spots.items():
            assert spot.colour == colours[pid], pid
            assert re.search(rf'  "{pid}" \[[^\n]*fillcolor="{spot.colour}66"', dot), pid
            seen += 1
    assert seen > 35
    assert paths.spots["carol"].colour == whole.spots["carol"].colour
    legend = dict((name, colour) for name, colour, _ in paths.organisations)
    assert legend["Pactbank"] == whole.spots["carol"].colour


def test_unicode_and_missing_companies_draw(tmp_path: Path) -> None:
    from warmintro.map.draw import draw

    network = parse_network(
        "me: a\npeople:\n  a: {name: Åsa Ødegård}\n  b: {name: 王小明, company: 华为}\n  c: {name: Олег}\n"
        "relationships: [{between: [a, b]}, {between: [a, c], strength: weak}]\n"
    )
    picture = neighbourhood(network, "a", as_of=AS_OF)
    assert picture.no_company
    assert draw(picture, "png")[:4] == b"\x89PNG"
    assert "王小明" in draw(picture, "svg").decode("utf-8")


def test_a_long_organisation_name_stays_inside_the_picture() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from warmintro.map.draw import _figure

    long = "Nordic Transatlantic Shipping, Logistics and Warehousing Cooperative of Finland"
    network = parse_network(
        f"me: a\npeople:\n  a: {{name: Ann}}\n  b: {{name: Ben, company: '{long}'}}\n"
        "relationships: [{between: [a, b]}]\n"
    )
    figure = _figure(Figure, neighbourhood(network, "a", as_of=AS_OF))
    renderer = FigureCanvasAgg(figure).get_renderer()
    width = figure.bbox.width
    texts = [t for legend in figure.legends for t in legend.get_texts()]
    assert any(long in t.get_text() for t in texts)
    for text in texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width, (text.get_text(), box.x1, width)


ONE_ORGANISATION_TWO_SPELLINGS = """
me: a
people:
  a: {name: Ann, company: Acme Oy}
  b: {name: Ben, company: ACME Inc.}
  c: {name: Cy, company: "  acme, ltd "}
  d: {name: Di, company: Acme Nordic}
  e: {name: Ed}
relationships:
  - {between: [a, b]}
  - {between: [a, c]}
  - {between: [a, d]}
  - {between: [a, e]}
"""


def test_check_map_and_exports_count_one_organisation_for_two_spellings(run, tmp_path: Path) -> None:
    """ "Acme Oy", "ACME Inc." and "acme, ltd" are one organisation in `check`, in `map`'s
    legend and in the exports; "Acme Nordic" is another."""
    from warmintro.export.formats import export_network
    from warmintro.queries.checks import check_network

    network = parse_network(ONE_ORGANISATION_TWO_SPELLINGS)
    assert network.organisation_count() == 2
    assert check_network(network, as_of=AS_OF).organisations == 2
    picture = neighbourhood(network, "a", as_of=AS_OF)
    assert [(name, n) for name, _, n in picture.organisations] == [("Acme Oy", 3), ("Acme Nordic", 1)]
    assert len({picture.spots[p].colour for p in "abc"}) == 1
    assert picture.spots["d"].colour != picture.spots["a"].colour
    rows = json.loads(export_network(network, "json", as_of=AS_OF))
    assert {n["id"]: n.get("organisation") for n in rows["nodes"]} == {
        "a": "Acme Oy",
        "b": "Acme Oy",
        "c": "Acme Oy",
        "d": "Acme Nordic",
        "e": None,
    }
    path = write(tmp_path, ONE_ORGANISATION_TWO_SPELLINGS)
    result = run("-c", str(path), "check", "--json")
    assert json.loads(result.stdout)["organisations"] == 2


SPELLINGS = [
    "Acme Oy",
    "ACME Inc.",
    "acme, ltd",
    "The Acme Company",
    "Acme Nordic",
    "Pactbank AB",
    "pactbank",
    "",
    "  ",
]


@settings(max_examples=60, deadline=None)
@given(companies=st.lists(st.sampled_from([None, *SPELLINGS]), min_size=1, max_size=8))
def test_check_and_the_palette_always_count_the_same_organisations(companies: list[str | None]) -> None:
    """For any people and any spellings of their companies, `check`'s count is the number of
    organisations the map colours, and people of one organisation share a colour."""
    from warmintro.map.palette import network_palette
    from warmintro.organisations import organisation_key
    from warmintro.queries.checks import check_network

    people = {f"p{i}": Person(f"p{i}", f"P{i}", company=c) for i, c in enumerate(companies)}
    network = Network(people=people, relationships=[])
    palette = network_palette(network)
    assert check_network(network, as_of=AS_OF).organisations == len(palette.sizes) == network.organisation_count()
    for a in people.values():
        for b in people.values():
            if organisation_key(a.company) == organisation_key(b.company):
                assert palette.colour(a) == palette.colour(b)
