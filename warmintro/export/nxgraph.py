"""The network as a networkx graph, and networkx's writers. The only module that imports networkx.

Attributes are the export's (`warmintro.export.formats`): the same in every format. GraphML and GEXF
take only text, numbers and flags, so lists (tags, channels) are joined with ``; `` there, and
text is made safe for XML (control characters shown as visible escapes, as everywhere else).
"""

from __future__ import annotations

import datetime as dt
import io

import networkx as nx

from ..map.palette import network_palette
from ..model import Network
from ..text import inert, json_text
from .attributes import Value, edge_attributes, graph_attributes, node_attributes


def to_networkx(network: Network, as_of: dt.date) -> nx.Graph[str]:
    """An undirected graph: a node per person (by id), an edge per relationship, with the
    export's attributes; lists stay lists."""
    graph: nx.Graph[str] = nx.Graph()
    graph.graph.update(graph_attributes(network, as_of))
    organisations = network_palette(network)
    for pid, person in network.people.items():
        graph.add_node(pid, **node_attributes(network, person, organisations))
    for rel in network.relationships:
        graph.add_edge(rel.a, rel.b, **edge_attributes(network, rel, as_of))
    return graph


def _xml_safe(attrs: dict[str, Value]) -> dict[str, Value]:
    safe: dict[str, Value] = {}
    for key, value in attrs.items():
        if isinstance(value, list):
            value = "; ".join(value)
        if isinstance(value, str):
            value = inert(value).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
        safe[key] = value
    return safe


def _for_xml(graph: nx.Graph[str]) -> nx.Graph[str]:
    flat: nx.Graph[str] = nx.Graph()
    flat.graph.update(_xml_safe(graph.graph))
    flat.add_nodes_from((n, _xml_safe(d)) for n, d in graph.nodes(data=True))
    flat.add_edges_from((a, b, _xml_safe(d)) for a, b, d in graph.edges(data=True))
    return flat


def write(network: Network, fmt: str, as_of: dt.date) -> bytes:
    """The network as GraphML, GEXF or node-link JSON, in UTF-8."""
    graph = to_networkx(network, as_of)
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        return (json_text(data) + "\n").encode("utf-8")  # escapes what a terminal must not see
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(_for_xml(graph), buffer, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(_for_xml(graph), buffer, encoding="utf-8", prettyprint=True)
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    return buffer.getvalue()
