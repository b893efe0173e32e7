"""Drawing a `picture.Picture`: SVG and PNG with matplotlib, HTML with `warmintro.map.html`.
The only module that imports matplotlib, and only when called: it is an optional extra
(``pip install matplotlib``, the ``map`` extra); an HTML map needs nothing beyond the default install.

Names are data: they are never read as mathtext (``$x$`` stays ``$x$``), control characters are
shown as visible escapes, and in SVG and HTML text stays text, escaped by matplotlib's SVG
writer, not drawn as outlines. Output is reproducible: a fixed hash salt and no dates inside.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra
from ..text import inert
from .layout import Picture
from .palette import NONE, OTHER

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = ("svg", "png", "html")
INSTALL_HINT = "pip install matplotlib (warmintro's 'map' extra: pip install '.[map]' in a clone of it)"

#: How relationships of each strength are drawn: (colour, width in points, dash pattern).
LINE_STYLE: dict[str, tuple[str, float, Any]] = {
    "close": ("#262626", 3.4, "solid"),
    "strong": ("#4d4d4d", 2.4, "solid"),
    "good": ("#7a7a7a", 1.6, "solid"),
    "weak": ("#9e9e9e", 1.1, (0, (5, 2.5))),
    "acquaintance": ("#b3b3b3", 1.0, (0, (1, 2))),
}
FONT = ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"]
#: Room around the people for labels, and for the legend on the right, inches.
LABEL_ROOM = 1.9
LEGEND_ROOM = 3.0
TITLE_ROOM = 0.95


def draw(picture: Picture, fmt: str) -> bytes:
    """The picture as `fmt` ("svg", "png" or "html"), ready to write."""
    if fmt == "html":
        from .html import page

        return page(picture).encode("utf-8")
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtra(f"drawing a map needs matplotlib, an optional extra: {INSTALL_HINT}") from None
    settings = matplotlib.rc_context(
        {
            "text.parse_math": False,
            "svg.fonttype": "none",
            "svg.hashsalt": "warmintro",
            "font.family": "sans-serif",
            "font.sans-serif": FONT,
        }
    )
    with settings, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from the bundled font, for instance
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        figure = _figure(Figure, picture)
        buffer = io.BytesIO()
        if fmt == "png":
            figure.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
            return buffer.getvalue()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return buffer.getvalue()


def _figure(figure_class: type[Figure], picture: Picture) -> Figure:
    from matplotlib.patches import Circle

    xmin, xmax, ymin, ymax = picture.bounds()
    radial = [len(s.person.name) for s in picture.spots.values() if s.label_angle is not None]
    # radial labels stick out by about their length (9-point text: some 0.075 inch a letter)
    pad_x = pad_y = min(LABEL_ROOM, 0.35 + 0.075 * max(radial)) if radial else 0.0
    pad_x, pad_y = max(pad_x, 1.3), max(pad_y, 0.9)
    width_in = (xmax - xmin) + 2 * pad_x
    height_in = max((ymax - ymin) + 2 * pad_y, 4.5)
    # the legend beside the people is as wide as its longest entry (10-point text: some 0.07
    # inch a letter, after 0.5 inch of marker), so that no entry runs off the picture
    entries = [f"{name} ({n})" for name, _, n in picture.organisations] + picture.notes
    legend_room = max(LEGEND_ROOM, 0.75 + 0.075 * max((len(inert(e)) for e in entries), default=0))
    fig_w, fig_h = width_in + legend_room, height_in + TITLE_ROOM
    figure = figure_class(figsize=(fig_w, fig_h), facecolor="white")
    axes = figure.add_axes((0, 0, width_in / fig_w, height_in / fig_h))
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    axes.set_xlim(cx - width_in / 2, cx + width_in / 2)
    axes.set_ylim(cy - height_in / 2, cy + height_in / 2)
    axes.set_aspect("equal")
    axes.axis("off")
    for ring, radius in enumerate(picture.rings, 1):
        axes.add_patch(Circle((0, 0), radius, fill=False, ec="#ececec", lw=1.0, zorder=0))
        axes.text(0, radius + 0.05, f"{ring} hop{'s' * (ring != 1)}", fontsize=7.5, color="#b0b0b0", ha="center")
    _lines(axes, picture)
    _people(axes, picture)
    figure.text(0.25 / fig_w, 1 - 0.45 / fig_h, inert(picture.title), fontsize=17, fontweight="bold", va="baseline")
    figure.text(0.25 / fig_w, 1 - 0.75 / fig_h, inert(picture.subtitle), fontsize=10, color="#555555", va="baseline")
    _legends(figure, picture, (width_in + 0.1) / fig_w, 1 - TITLE_ROOM / fig_h)
    return figure


def _lines(axes: Axes, picture: Picture) -> None:
    spots = picture.spots
    for line in sorted(picture.lines, key=lambda ln: ln.main):
        a, b = spots[line.a], spots[line.b]
        colour, width, dash = LINE_STYLE[line.strength]
        if not line.main:
            axes.plot([a.x, b.x], [a.y, b.y], color="#c8c8c8", lw=0.7, alpha=0.55, zorder=1, solid_capstyle="round")
            continue
        axes.plot([a.x, b.x], [a.y, b.y], color=colour, lw=width, ls=dash, zorder=2, solid_capstyle="round")
        if line.note:
            axes.text(
                (a.x + b.x) / 2,
                (a.y + b.y) / 2,
                line.note,
                fontsize=8.5,
                color="#333333",
                ha="center",
                va="center",
                zorder=5,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#dddddd", "lw": 0.6},
            )


def _people(axes: Axes, picture: Picture) -> None:
    """Dots, then labels: radial ones beside the outermost people, then the others, each put
    where it overlaps nothing already drawn (under, over, beside or across the dot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    paths = bool(picture.notes)
    renderer = FigureCanvasAgg(axes.figure).get_renderer()  # type: ignore[arg-type,no-untyped-call]
    taken = []
    for spot in picture.spots.values():
        centre = spot.ring == 0
        size = 520 if centre else (230 if spot.ring == 1 or paths else 150)
        dots = axes.scatter(
            [spot.x],
            [spot.y],
            s=size,
            c=[spot.colour],
            edgecolors="#1a1a1a" if centre else "white",
            linewidths=2.0 if centre else 1.4,
            zorder=3,
        )
        taken.append(dots.get_window_extent(renderer))
    flat = []
    for spot in picture.spots.values():
        if spot.label_angle is None:
            flat.append(spot)
            continue
        angle = math.radians(spot.label_angle)
        reach = math.hypot(spot.x, spot.y) + 0.16
        right = math.cos(angle) >= 0
        text = axes.text(
            reach * math.cos(angle),
            reach * math.sin(angle),
            inert(spot.person.name),
            fontsize=9,
            rotation=spot.label_angle if right else spot.label_angle + 180,
            rotation_mode="anchor",
            ha="left" if right else "right",
            va="center",
            zorder=4,
        )
        taken.append(text.get_window_extent(renderer))
    for spot in sorted(flat, key=lambda s: s.ring):
        centre = spot.ring == 0
        label = inert(spot.person.name)
        if paths and spot.person.company:
            label += "\n" + inert(spot.person.company)
        text = axes.text(
            spot.x,
            spot.y,
            label,
            fontsize=11 if centre else 9.5,
            fontweight="bold" if centre else "normal",
            linespacing=1.25,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.18", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        taken.append(_place(text, spot, renderer, taken, 0.3 if centre else 0.2))


#: Where a flat label may go around its dot: (dx, dy) in units of the gap, and alignment.
_SPOTS = (
    (0, -1, "center", "top"),
    (0, 1, "center", "bottom"),
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0.8, -0.8, "left", "top"),
    (-0.8, -0.8, "right", "top"),
    (0.8, 0.8, "left", "bottom"),
    (-0.8, 0.8, "right", "bottom"),
)


def _place(text: Any, spot: Any, renderer: Any, taken: list[Any], gap: float) -> Any:
    """Move `text` to the first place around its dot that overlaps no box in `taken` (else the
    place that overlaps least) and return its box."""
    best = None
    for dx, dy, ha, va in _SPOTS:
        text.set_position((spot.x + dx * gap, spot.y + dy * gap))
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        box = text.get_window_extent(renderer).expanded(1.06, 1.15)
        overlap = sum(_overlap(box, other) for other in taken)
        if best is None or overlap < best[0]:
            best = (overlap, dx, dy, ha, va, box)
        if overlap == 0:
            break
    assert best is not None
    _, dx, dy, ha, va, box = best
    text.set_position((spot.x + dx * gap, spot.y + dy * gap))
    text.set_horizontalalignment(ha)
    text.set_verticalalignment(va)
    return box


def _overlap(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _legends(figure: Figure, picture: Picture, left: float, top: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    def dot(colour: str, label: str) -> Line2D:
        return Line2D(
            [], [], marker="o", ls="none", markersize=9, markerfacecolor=colour, markeredgecolor="white", label=label
        )

    people = [dot(colour, f"{inert(name)} ({n})") for name, colour, n in picture.organisations]
    if picture.other:
        people.append(dot(OTHER, "other organisations"))
    if picture.no_company:
        people.append(dot(NONE, "no company"))
    placed = []
    if people and not picture.notes:  # paths name each person's company in their label
        placed.append(figure.legend(handles=people, title="Organisation", loc="upper left", bbox_to_anchor=(left, top)))
    strengths = [
        Line2D([], [], color=colour, lw=width, ls=dash, label=strength)
        for strength, (colour, width, dash) in LINE_STYLE.items()
    ]
    placed.append(figure.legend(handles=strengths, title="Relationship", loc="lower left", bbox_to_anchor=(left, 0.02)))
    if picture.notes:
        notes = [Patch(color="none", label=inert(note)) for note in picture.notes]
        placed.append(figure.legend(handles=notes, title="Paths", loc="center left", bbox_to_anchor=(left, 0.5)))
    for legend in placed:
        legend.set_frame_on(False)
        legend.get_title().set_fontweight("bold")
        legend.set_alignment("left")
