"""`export`: the network as a graph file for Gephi, Cytoscape, Graphviz or a script.

Every format carries the same attributes:

- people (nodes, by id): ``label`` and ``name`` (the name), ``company``, ``title``,
  ``location``, ``tags`` (joined with ``; `` except in JSON, where it is a list), ``history``
  (``Kestrel Systems (VP Europe, 2014-2026); ...``), ``organisation`` (the company as first
  written, shared by every spelling `find` counts as the same: ``Acme Oy``, ``ACME Inc.``),
  ``colour`` (the organisation's colour, as `map` draws it; not in CSV) and ``me`` (true for
  the file's `me`). Fields a person lacks are left out, not written empty. Contact details
  (email, phone, LinkedIn) and ``about`` are never exported: graph files get shared.
- relationships (edges): ``strength`` (``close`` ... ``acquaintance``), ``strength_number``
  (5-1), ``warmth`` (as of the day, with recency), ``weight`` (the same warmth, which Gephi and
  Cytoscape use for layouts), ``how``, ``since``, ``last_contact`` and ``channels``.

People and relationships marked ``private: true`` are left out, and ``notes`` never written,
unless asked for (see `warmintro.privacy`).

CSV (for a spreadsheet) is one table, RFC 4180 (UTF-8, CRLF line ends, fields quoted when they
hold a comma, a quote or a line break): a ``kind`` column says whether a row is a ``person`` or a
``tie``; people fill ``id`` and the person columns, ties ``a``, ``b`` and the tie columns, and
each leaves the other's empty (see `CSV_COLUMNS`). Lists are joined with ``; ``. A text cell
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a ``'`` in front, as spreadsheets themselves write such text; so does a
cell that already starts with ``'``, so that a reader can always take exactly one ``'`` off.

GraphML, GEXF and node-link JSON are written by networkx (`warmintro.export.nxgraph`); DOT and CSV are
written here, with every string quoted and escaped, so that neither pydot nor pygraphviz is needed. In
DOT the ``label`` is the name and company on two lines, and the name alone is ``fullname``
(pydot, which networkx reads DOT with, cannot take a node attribute called ``name``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from ..map.palette import network_palette
from ..model import Network
from ..text import inert
from .attributes import Value, edge_attributes, graph_attributes, node_attributes

FORMATS = ("graphml", "gexf", "json", "dot", "csv")


def export_network(network: Network, fmt: str, *, as_of: dt.date | None = None, include_private: bool = False) -> bytes:
    """The whole network in `fmt` (one of FORMATS), as UTF-8 bytes ready to write: without
    what is private (see `warmintro.privacy`) unless `include_private`."""
    as_of = as_of or dt.date.today()
    if not include_private:
        from ..privacy import shareable

        network = shareable(network)
    if fmt == "dot":
        return to_dot(network, as_of).encode("utf-8")
    if fmt == "csv":
        return to_csv(network, as_of).encode("utf-8")
    from . import nxgraph as graph

    return graph.write(network, fmt, as_of)


# --------------------------------------------------------------------------------------------
# DOT

#: Line widths of relationships by strength in DOT.
_PENWIDTH = {"close": 3.5, "strong": 2.5, "good": 1.6, "weak": 1.0, "acquaintance": 0.6}
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def dot_string(value: object) -> str:
    """`value` as a DOT quoted string: backslashes and quotes escaped, line breaks as ``\\n``,
    control characters shown as visible escapes. Nothing in it can end the string early."""
    text = inert(_LINE_BREAKS.sub("\n", _flat(value)))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _flat(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _attr_list(attrs: dict[str, Value]) -> str:
    return ", ".join(f"{key}={dot_string(value)}" for key, value in attrs.items())


def _without_name(attrs: dict[str, Value]) -> dict[str, Value]:
    """pydot, which networkx reads DOT with, cannot take an attribute called "name"; the graph
    is named by its id and a person's name is written as "fullname"."""
    return {key: value for key, value in attrs.items() if key != "name"}


def to_dot(network: Network, as_of: dt.date) -> str:
    """The network as a Graphviz DOT graph: people coloured by organisation, relationships
    drawn thicker the stronger they are, every attribute kept."""
    organisations = network_palette(network)
    lines = [
        f"// warmintro export of {inert(network.source)} as of {as_of.isoformat()}".replace("\n", " "),
        'graph "warmintro" {',
        *(f"  {key}={dot_string(value)};" for key, value in _without_name(graph_attributes(network, as_of)).items()),
        "  graph [overlap=false, splines=true];",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [color="#555555"];',
    ]
    for pid, person in network.people.items():
        attrs = node_attributes(network, person, organisations)
        attrs = {"fullname": person.name, **_without_name(attrs)}
        attrs["label"] = person.name + (f"\n{person.company}" if person.company else "")
        attrs["fillcolor"] = organisations.colour(person) + "66"  # translucent, so labels stay readable
        if attrs["me"]:
            attrs["penwidth"] = 2.5
        lines.append(f"  {dot_string(pid)} [{_attr_list(attrs)}];")
    for rel in network.relationships:
        attrs = edge_attributes(network, rel, as_of)
        attrs["penwidth"] = _PENWIDTH[rel.strength]
        if rel.strength == "acquaintance":
            attrs["style"] = "dashed"
        lines.append(f"  {dot_string(rel.a)} -- {dot_string(rel.b)} [{_attr_list(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# CSV

PERSON_COLUMNS = ("id", "name", "company", "title", "location", "tags", "history", "organisation", "me")
TIE_COLUMNS = ("a", "b", "strength", "strength_number", "warmth", "how", "since", "last_contact", "channels")
#: The columns of a CSV export, in order: a person row fills the first group, a tie row the second.
CSV_COLUMNS = ("kind", *PERSON_COLUMNS, *TIE_COLUMNS)
#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What gets a ' in front: formulas, and text that starts with ' itself (or reading back is ambiguous).
GUARDED_STARTS = (*FORMULA_STARTS, "'")


def csv_cell(value: Value) -> str:
    """A value as a CSV cell: lists joined with "; ", flags as true/false, text that a
    spreadsheet would run as a formula (or that starts with ') with a ' in front."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = _flat(value)
    return "'" + text if text.startswith(GUARDED_STARTS) else text


def to_csv(network: Network, as_of: dt.date) -> str:
    """The network as one CSV table: a row a person (file order), then a row a tie."""
    organisations = network_palette(network)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n", restval="")
    writer.writeheader()
    for pid, person in network.people.items():
        attrs = {"id": pid, **node_attributes(network, person, organisations)}
        writer.writerow({"kind": "person", **{k: csv_cell(attrs[k]) for k in PERSON_COLUMNS if k in attrs}})
    for rel in network.relationships:
        attrs = {"a": rel.a, "b": rel.b, **edge_attributes(network, rel, as_of)}
        writer.writerow({"kind": "tie", **{k: csv_cell(attrs[k]) for k in TIE_COLUMNS if k in attrs}})
    return out.getvalue()
