"""`map --out FILE.html`: a picture as a web page to explore, with no drawing library.

The page is one self-contained file: the SVG drawn here, the styles and the script written here,
the people's details as JSON inside it. It loads nothing: a Content-Security-Policy in the page
allows no connection, no image, no font and no script or style but its own (by their hashes),
so that opening it can never reach the network, whatever a name in the contacts file says.

In the page: drag to pan, the wheel (or the + and - buttons, or the keys + - 0) to zoom, hover
or tap a person for their company, title and ties, type in the search box to pick people out
(Enter centres on the first), and hover or click an organisation (or, for the paths to someone,
a path) in the legend to pick it out. The legend sits beside the map (below it on a narrow screen), never on it.

Text from the contacts file is data: HTML-escaped in the markup, and in the JSON every ``<``,
``>`` and ``&`` is written as a ``\\u`` escape, so no name can end the script element.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import math

from ..text import inert, percent
from .layout import Picture, Spot
from .palette import NONE, OTHER

#: SVG units (CSS pixels) per inch of the picture's layout.
SCALE = 72.0
#: How relationships of each strength are drawn: (colour, width, dashes).
LINE_STYLE: dict[str, tuple[str, float, str | None]] = {
    "close": ("#262626", 3.4, None),
    "strong": ("#4d4d4d", 2.4, None),
    "good": ("#7a7a7a", 1.6, None),
    "weak": ("#9e9e9e", 1.2, "6 3"),
    "acquaintance": ("#b3b3b3", 1.0, "1.5 3"),
}
#: Font sizes, px: flat labels (names under dots), radial labels, the centre's label.
FONT, RADIAL_FONT, CENTRE_FONT = 12.0, 11.0, 14.0
#: Average width of a letter, in ems, for sizing the drawing around its labels.
LETTER = 0.6
MARGIN = 24.0
#: Ties listed when hovering a person (then "and N more").
TIES_SHOWN = 12


def _attr(value: object) -> str:
    return html.escape(inert(value), quote=True)


def _radius(spot: Spot, paths: bool) -> float:
    if spot.ring == 0:
        return 11.0
    return 8.0 if spot.ring == 1 or paths else 6.0


def _xy(spot: Spot) -> tuple[float, float]:
    return spot.x * SCALE, -spot.y * SCALE


def page(picture: Picture) -> str:
    """The picture as a self-contained HTML page."""
    paths = bool(picture.paths)
    svg = _svg(picture, paths)
    data = _data(picture)
    script = _SCRIPT
    style = _STYLE
    csp = (
        "default-src 'none'; "
        f"script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; "
        "img-src 'none'; connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'"
    )
    title = _attr(picture.title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<div class="titles"><h1>{title}</h1><p class="subtitle">{_attr(picture.subtitle)}</p></div>
<div class="tools">
<input id="search" type="search" placeholder="Find a person, company or title" aria-label="Find a person"
 autocomplete="off" spellcheck="false">
<span id="found" aria-live="polite"></span>
<button id="zoom-in" type="button" title="Zoom in (+)">+</button>
<button id="zoom-out" type="button" title="Zoom out (-)">&#8722;</button>
<button id="zoom-reset" type="button" title="Show everything (0)">Fit</button>
</div>
</header>
<main>
<div id="stage">
{svg}
</div>
{_legend(picture)}
</main>
<div id="tip" role="tooltip" hidden></div>
<footer>Made by warmintro from your own contacts file; this page loads nothing and sends nothing.
Drag to move, scroll or use + and &#8722; to zoom, hover a person for their ties.</footer>
<script type="application/json" id="map-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --------------------------------------------------------------------------------------------
# The drawing


Box = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax in SVG units

#: Where a flat label may go around its dot, tried in order: (dx, dy) in units of the dot's
#: radius plus a gap, and the text's anchor.
_AROUND = ((0, 1, "middle"), (0, -1, "middle"), (1, 0, "start"), (-1, 0, "end"), (0.8, 0.8, "start"),
           (-0.8, 0.8, "end"), (0.8, -0.8, "start"), (-0.8, -0.8, "end"))  # fmt: skip


def _lines_of(spot: Spot, paths: bool) -> list[str]:
    return [inert(spot.person.name)] + ([inert(spot.person.company)] if paths and spot.person.company else [])


def _radial_box(spot: Spot) -> Box:
    angle = math.radians(spot.label_angle or 0.0)
    start = math.hypot(spot.x, spot.y) * SCALE + 10
    end = start + LETTER * RADIAL_FONT * len(inert(spot.person.name))
    ends = [(r * math.cos(angle), -r * math.sin(angle)) for r in (start, end)]
    xs, ys = [p[0] for p in ends], [p[1] for p in ends]
    return min(xs), max(xs), min(ys) - RADIAL_FONT / 2, max(ys) + RADIAL_FONT / 2


def _flat_box(spot: Spot, paths: bool, dx: float, dy: float, anchor: str) -> tuple[Box, float, float]:
    """The box of a flat label put at (dx, dy) from its dot, and the text's x and first baseline."""
    x, y = _xy(spot)
    size = CENTRE_FONT if spot.ring == 0 else FONT
    lines = _lines_of(spot, paths)
    width = LETTER * size * max(len(line) for line in lines)
    height = size * 1.2 * len(lines)
    reach = _radius(spot, paths) + 4
    ax, ay = x + dx * reach, y + dy * reach
    left = {"middle": ax - width / 2, "start": ax, "end": ax - width}[anchor]
    top = ay if dy > 0 else (ay - height if dy < 0 else ay - height / 2)
    return (left, left + width, top, top + height), ax, top + size * 0.9


def _overlap(a: Box, b: Box) -> float:
    w = min(a[1], b[1]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[2], b[2])
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(picture: Picture, paths: bool) -> tuple[dict[str, tuple[float, float, str]], list[Box]]:
    """Where each flat label goes (x, first baseline, anchor): the first place around its dot
    that overlaps nothing drawn so far, else the place that overlaps least; and every label's box."""
    taken: list[Box] = []
    for spot in picture.spots.values():
        x, y = _xy(spot)
        r = _radius(spot, paths)
        taken.append((x - r, x + r, y - r, y + r))
    boxes = [_radial_box(s) for s in picture.spots.values() if s.label_angle is not None]
    taken += boxes
    placed: dict[str, tuple[float, float, str]] = {}
    flat = [(pid, s) for pid, s in picture.spots.items() if s.label_angle is None]
    for pid, spot in sorted(flat, key=lambda item: item[1].ring):
        best: tuple[float, Box, float, float, str] | None = None
        for dx, dy, anchor in _AROUND:
            box, tx, baseline = _flat_box(spot, paths, dx, dy, anchor)
            overlap = sum(_overlap(box, other) for other in taken)
            if best is None or overlap < best[0]:
                best = (overlap, box, tx, baseline, anchor)
            if overlap == 0:
                break
        assert best is not None
        _, box, tx, baseline, anchor = best
        placed[pid] = (tx, baseline, anchor)
        taken.append(box)
        boxes.append(box)
    return placed, boxes


def _svg(picture: Picture, paths: bool) -> str:
    placed, boxes = _place_labels(picture, paths)
    ring_max = max(picture.rings, default=0.0) * SCALE
    xmin = min([b[0] for b in boxes] + [-ring_max]) - MARGIN
    xmax = max([b[1] for b in boxes] + [ring_max]) + MARGIN
    ymin = min([b[2] for b in boxes] + [-ring_max - 14]) - MARGIN
    ymax = max([b[3] for b in boxes] + [ring_max]) + MARGIN
    width, height = xmax - xmin, ymax - ymin
    out = [
        f'<svg id="map" viewBox="{xmin:.1f} {ymin:.1f} {width:.1f} {height:.1f}" '
        f'preserveAspectRatio="xMidYMid meet" role="img" aria-label="{_attr(picture.title)}">',
        '<g id="view">',
        '<g class="rings">',
    ]
    for ring, radius in enumerate(picture.rings, 1):
        r = radius * SCALE
        out.append(f'<circle cx="0" cy="0" r="{r:.1f}" fill="none" stroke="#ececec" stroke-width="1"/>')
        out.append(f'<text x="0" y="{-r - 4:.1f}" class="ring-label">{ring} hop{"s" * (ring != 1)}</text>')
    out.append("</g>")
    out.append('<g class="lines">')
    spots = picture.spots
    for line in sorted(picture.lines, key=lambda ln: ln.main):
        (ax, ay), (bx, by) = _xy(spots[line.a]), _xy(spots[line.b])
        colour, width_px, dash = LINE_STYLE[line.strength]
        kind = "main" if line.main else "faint"
        if not line.main:
            colour, width_px, dash = "#c8c8c8", 0.8, None
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        paths_of = " ".join(str(i) for i, people in enumerate(picture.paths) if _hop_in(people, line.a, line.b))
        data_paths = f' data-paths="{paths_of}"' if paths_of else ""
        out.append(
            f'<line class="tie {kind}" data-a="{_attr(line.a)}" data-b="{_attr(line.b)}"{data_paths} '
            f'x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{colour}" '
            f'stroke-width="{width_px}"{dashes} stroke-linecap="round"/>'
        )
    for line in picture.lines:
        if line.note:
            (ax, ay), (bx, by) = _xy(spots[line.a]), _xy(spots[line.b])
            out.append(
                f'<text class="note" x="{(ax + bx) / 2:.1f}" y="{(ay + by) / 2 + 4:.1f}">{_attr(line.note)}</text>'
            )
    out.append("</g>")
    out.append('<g class="people">')
    for pid, spot in spots.items():
        out.append(_person(pid, spot, picture, paths, placed.get(pid)))
    out.append("</g></g></svg>")
    return "\n".join(out)


def _hop_in(people: tuple[str, ...], a: str, b: str) -> bool:
    return any({x, y} == {a, b} for x, y in itertools.pairwise(people))


def _person(pid: str, spot: Spot, picture: Picture, paths: bool, label: tuple[float, float, str] | None) -> str:
    x, y = _xy(spot)
    r = _radius(spot, paths)
    name = _attr(spot.person.name)
    on = " ".join(str(i) for i, people in enumerate(picture.paths) if pid in people)
    data_paths = f' data-paths="{on}"' if on else ""
    centre = " centre" if spot.ring == 0 else ""
    stroke = ' stroke="#1a1a1a" stroke-width="2.2"' if spot.ring == 0 else ' stroke="#ffffff" stroke-width="1.6"'
    parts = [
        f'<g class="person{centre}" data-id="{_attr(pid)}" data-colour="{spot.colour}"{data_paths} tabindex="0">',
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{spot.colour}"{stroke}/>',
    ]
    if spot.label_angle is not None:
        angle = spot.label_angle
        right = math.cos(math.radians(angle)) >= 0
        reach = math.hypot(spot.x, spot.y) * SCALE + 10
        lx, ly = reach * math.cos(math.radians(angle)), -reach * math.sin(math.radians(angle))
        rotation = -angle if right else -(angle + 180)
        anchor = "start" if right else "end"
        parts.append(
            f'<text class="radial" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" dominant-baseline="central" '
            f'transform="rotate({rotation:.2f} {lx:.1f} {ly:.1f})">{name}</text>'
        )
    elif label is not None:
        lx, baseline, anchor = label
        size = CENTRE_FONT if spot.ring == 0 else FONT
        for i, (text, kind) in enumerate(zip(_lines_of(spot, paths), ("flat", "flat company"))):
            ly = baseline + i * size * 1.2
            parts.append(f'<text class="{kind}" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{_attr(text)}</text>')
    parts.append("</g>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# The legend and the data behind hovering and searching


def _swatch(colour: str) -> str:
    return (
        f'<svg class="swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">'
        f'<circle cx="6" cy="6" r="5.5" fill="{colour}"/></svg>'
    )


def _legend(picture: Picture) -> str:
    parts = ['<aside id="legend">']
    if picture.paths:
        parts.append('<h2>Paths</h2><ol class="paths">')
        for i, note in enumerate(picture.notes):
            parts.append(f'<li data-path="{i}" tabindex="0">{_attr(note)}</li>')
        parts.append("</ol>")
    orgs = [(colour, f"{name} ({n})") for name, colour, n in picture.organisations]
    if picture.other:
        orgs.append((OTHER, "other organisations"))
    if picture.no_company:
        orgs.append((NONE, "no company"))
    if orgs:
        parts.append('<h2>Organisation</h2><ul class="orgs">')
        for colour, label in orgs:
            parts.append(f'<li data-colour="{colour}" tabindex="0">{_swatch(colour)}{_attr(label)}</li>')
        parts.append("</ul>")
    parts.append('<h2>Relationship</h2><ul class="strengths">')
    for strength, (colour, width, dash) in LINE_STYLE.items():
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<li><svg class="stroke" viewBox="0 0 36 10" width="36" height="10" aria-hidden="true">'
            f'<line x1="2" y1="5" x2="34" y2="5" stroke="{colour}" stroke-width="{width}"{dashes}/></svg>'
            f"{strength}</li>"
        )
    parts.append("</ul></aside>")
    return "".join(parts)


def _data(picture: Picture) -> str:
    ties: dict[str, list[tuple[float, str, str]]] = {pid: [] for pid in picture.spots}
    for line in picture.lines:
        for one, other in ((line.a, line.b), (line.b, line.a)):
            name = picture.spots[other].person.name
            ties[one].append((line.warmth, name, f"{line.strength} · {percent(line.warmth)}"))
    people = {}
    for pid, spot in picture.spots.items():
        listed = sorted(ties[pid], key=lambda t: (-t[0], t[1]))
        x, y = _xy(spot)
        people[pid] = {
            "name": inert(spot.person.name),
            "company": inert(spot.person.company) if spot.person.company else None,
            "title": inert(spot.person.title) if spot.person.title else None,
            "x": round(x, 1),
            "y": round(y, 1),
            "ties": [[inert(name), how] for _, name, how in listed[:TIES_SHOWN]],
            "more": max(0, len(listed) - TIES_SHOWN),
        }
    return _json({"people": people, "paths": [list(p) for p in picture.paths]})


_STYLE = """
* { box-sizing: border-box; }
html, body { margin: 0; }
body { min-height: 100vh; display: flex; flex-direction: column; background: #fafafa; color: #222;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 14px; }
header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1.5rem;
  padding: .75rem 1rem; background: #fff; border-bottom: 1px solid #e4e4e4; }
h1 { font-size: 1.25rem; margin: 0; }
.subtitle { margin: .15rem 0 0; color: #555; font-size: .85rem; }
.tools { display: flex; align-items: center; gap: .4rem; }
#search { width: 17rem; max-width: 60vw; padding: .35rem .5rem; font: inherit; border: 1px solid #bbb;
  border-radius: 4px; }
#found { color: #555; font-size: .85rem; min-width: 5.5rem; }
button { font: inherit; min-width: 2.2rem; padding: .3rem .5rem; border: 1px solid #bbb; border-radius: 4px;
  background: #fff; cursor: pointer; }
button:hover { background: #f0f0f0; }
main { flex: 1; display: flex; flex-wrap: wrap; min-height: 0; }
#stage { flex: 1 1 32rem; min-width: 0; min-height: 24rem; position: relative; background: #fff; }
#map { position: absolute; inset: 0; width: 100%; height: 100%; cursor: grab; touch-action: none;
  user-select: none; -webkit-user-select: none; }
#map.dragging { cursor: grabbing; }
#legend { flex: 0 1 17rem; padding: .5rem 1rem 1rem; border-left: 1px solid #e4e4e4; overflow: auto;
  max-height: calc(100vh - 7rem); background: #fafafa; }
@media (max-width: 50rem) { #legend { flex-basis: 100%; border-left: 0; border-top: 1px solid #e4e4e4;
  max-height: none; } #stage { min-height: 70vh; } }
#legend h2 { font-size: .9rem; margin: .9rem 0 .35rem; }
#legend ul, #legend ol { margin: 0; padding: 0; list-style: none; }
#legend li { display: flex; align-items: center; gap: .45rem; padding: .12rem 0; font-size: .85rem;
  overflow-wrap: anywhere; }
#legend ol.paths li, #legend ul.orgs li { cursor: pointer; padding: .12rem .35rem; border-radius: 4px; }
#legend ul.orgs li:hover, #legend ul.orgs li.on { background: #fff3c4; }
#legend ol.paths li:hover, #legend ol.paths li.on { background: #fff3c4; }
.swatch, .stroke { flex: none; }
footer { padding: .4rem 1rem; color: #666; font-size: .75rem; border-top: 1px solid #e4e4e4; }
text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; fill: #222; }
.ring-label { font-size: 10px; fill: #b0b0b0; text-anchor: middle; }
text.flat { font-size: 12px; paint-order: stroke; stroke: #fff; stroke-width: 3.5px;
  stroke-linejoin: round; }
text.company { fill: #555; font-size: 11px; }
.centre text.flat { font-size: 14px; font-weight: bold; }
.centre text.company { font-size: 12px; font-weight: normal; }
text.radial { font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
text.note { font-size: 11px; text-anchor: middle; fill: #333; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.person { cursor: pointer; }
.person:focus { outline: none; }
.person:hover circle, .person:focus circle, .person.hover circle { stroke: #000; stroke-width: 2.5px; }
svg.picking .person, svg.picking .tie, svg.picking text.note { opacity: .18; transition: opacity .15s; }
svg.picking .person.on, svg.picking .tie.on { opacity: 1; }
svg.picking .person.on text { font-weight: bold; }
.tie.on.main { stroke: #c0392b; }
svg.picking .tie.on.faint { stroke: #c0392b; stroke-width: 1.6px; }
#tip { position: fixed; z-index: 10; max-width: 22rem; padding: .5rem .7rem; background: #fff; color: #222;
  border: 1px solid #ccc; border-radius: 6px; box-shadow: 0 2px 10px #0003; font-size: .85rem; pointer-events: none; }
#tip b { display: block; font-size: .95rem; }
#tip .role { color: #555; margin: .1rem 0 .35rem; }
#tip ul { margin: 0; padding-left: 1rem; }
#tip .more { color: #777; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var svg = document.getElementById("map");
  var view = document.getElementById("view");
  var tip = document.getElementById("tip");
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  var scale = 1, tx = 0, ty = 0;

  function apply() { view.setAttribute("transform", "translate(" + tx + " " + ty + ") scale(" + scale + ")"); }
  function point(event) {
    var p = svg.createSVGPoint();
    p.x = event.clientX; p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(factor, x, y) {
    var next = Math.min(24, Math.max(0.25, scale * factor));
    factor = next / scale;
    tx = x - (x - tx) * factor; ty = y - (y - ty) * factor; scale = next;
    apply();
  }
  function centre() {
    var box = svg.viewBox.baseVal;
    return [box.x + box.width / 2, box.y + box.height / 2];
  }
  function reset() { scale = 1; tx = 0; ty = 0; apply(); }
  function focusOn(id) {
    var who = data.people[id], c = centre();
    if (!who) { return; }
    scale = Math.max(scale, 1.6);
    tx = c[0] - who.x * scale; ty = c[1] - who.y * scale;
    apply();
  }

  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = point(event);
    zoomAt(Math.exp(-event.deltaY * 0.0015), p.x, p.y);
  }, { passive: false });

  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    drag = { at: point(event), tx: tx, ty: ty, moved: false };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = point(event);
    var dx = p.x - drag.at.x, dy = p.y - drag.at.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) { drag.moved = true; svg.classList.add("dragging"); hideTip(); }
    tx = drag.tx + dx; ty = drag.ty + dy;
    apply();
    drag.at = point(event); drag.tx = tx; drag.ty = ty;
  });
  function endDrag() { drag = null; svg.classList.remove("dragging"); }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  function zoomBy(factor) { var c = centre(); zoomAt(factor, c[0], c[1]); }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.4); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.4); });
  document.getElementById("zoom-reset").addEventListener("click", reset);
  document.addEventListener("keydown", function (event) {
    if (event.target === search) { return; }
    var c = centre();
    if (event.key === "+" || event.key === "=") { zoomAt(1.4, c[0], c[1]); }
    else if (event.key === "-") { zoomAt(1 / 1.4, c[0], c[1]); }
    else if (event.key === "0") { reset(); }
    else if (event.key === "Escape") { pick(null); hideTip(); }
  });

  var people = Array.prototype.slice.call(svg.querySelectorAll(".person"));
  var ties = Array.prototype.slice.call(svg.querySelectorAll(".tie"));

  function pick(test) {
    if (!test) { svg.classList.remove("picking"); }
    else { svg.classList.add("picking"); }
    people.forEach(function (g) { g.classList.toggle("on", !!test && test.person(g)); });
    ties.forEach(function (l) { l.classList.toggle("on", !!test && test.tie(l)); });
  }

  function showTip(g, x, y) {
    var id = g.getAttribute("data-id"), who = data.people[id];
    if (!who) { return; }
    tip.textContent = "";
    var name = document.createElement("b");
    name.textContent = who.name;
    tip.appendChild(name);
    var role = [who.title, who.company].filter(Boolean).join(", ");
    if (role) {
      var line = document.createElement("div");
      line.className = "role"; line.textContent = role;
      tip.appendChild(line);
    }
    if (who.ties.length) {
      var list = document.createElement("ul");
      who.ties.forEach(function (t) {
        var item = document.createElement("li");
        item.textContent = t[0] + " \u2014 " + t[1];
        list.appendChild(item);
      });
      tip.appendChild(list);
    }
    if (who.more) {
      var more = document.createElement("div");
      more.className = "more"; more.textContent = "and " + who.more + " more";
      tip.appendChild(more);
    }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8), top = y + 14;
    if (top + h > window.innerHeight - 8) { top = Math.max(8, y - h - 14); }
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = top + "px";
  }
  function hideTip() { tip.hidden = true; }

  var known = Object.create(null);  // id -> the ids they have a tie with, in the picture
  ties.forEach(function (l) {
    var a = l.getAttribute("data-a"), b = l.getAttribute("data-b");
    (known[a] = known[a] || Object.create(null))[b] = true;
    (known[b] = known[b] || Object.create(null))[a] = true;
  });
  function tiesOf(id) {
    var near = known[id] || Object.create(null);
    return {
      person: function (g) { var other = g.getAttribute("data-id"); return other === id || near[other] === true; },
      tie: function (l) { return l.getAttribute("data-a") === id || l.getAttribute("data-b") === id; }
    };
  }

  people.forEach(function (g) {
    var id = g.getAttribute("data-id");
    g.addEventListener("pointerenter", function (event) {
      if (drag && drag.moved) { return; }
      if (!search.value && !activePath) { pick(tiesOf(id)); }
      showTip(g, event.clientX, event.clientY);
    });
    g.addEventListener("pointerleave", function () {
      hideTip();
      if (!search.value && !activePath) { pick(null); }
    });
    g.addEventListener("focus", function () {
      var box = g.getBoundingClientRect();
      pick(tiesOf(id));
      showTip(g, box.right, box.bottom);
    });
    g.addEventListener("blur", function () { hideTip(); if (!search.value && !activePath) { pick(null); } });
  });

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function runSearch() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    if (!words.length) { found.textContent = ""; pick(activePath); return []; }
    var hits = Object.keys(data.people).filter(function (id) {
      var who = data.people[id];
      var text = fold([who.name, who.company, who.title].join(" "));
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    found.textContent = hits.length === 1 ? "1 person" : hits.length + " people";
    pick({
      person: function (g) { return hits.indexOf(g.getAttribute("data-id")) >= 0; },
      tie: function () { return false; }
    });
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var hits = runSearch();
      if (hits.length) { focusOn(hits[0]); }
    } else if (event.key === "Escape") {
      search.value = ""; runSearch();
    }
  });

  var activePath = null;
  function pathTest(i) {
    var key = String(i);
    function has(el) { return (el.getAttribute("data-paths") || "").split(" ").indexOf(key) >= 0; }
    return { person: has, tie: has };
  }
  function colourTest(colour) {
    return {
      person: function (g) { return g.getAttribute("data-colour") === colour; },
      tie: function () { return false; }
    };
  }
  // a path or an organisation in the legend: hover to pick it out, click to keep it picked
  var choices = document.querySelectorAll("#legend [data-path], #legend [data-colour]");
  Array.prototype.forEach.call(choices, function (item) {
    var path = item.getAttribute("data-path"), colour = item.getAttribute("data-colour");
    var test = path !== null ? pathTest(path) : colourTest(colour);
    item.addEventListener("pointerenter", function () { if (!activePath) { pick(test); } });
    item.addEventListener("pointerleave", function () { if (!activePath) { pick(null); } });
    item.addEventListener("click", function () {
      var on = !item.classList.contains("on");
      Array.prototype.forEach.call(choices, function (o) { o.classList.remove("on"); });
      item.classList.toggle("on", on);
      activePath = on ? test : null;
      pick(activePath);
    });
  });
  apply();
}());
"""
