"""`export`: every format loads back (in networkx, and DOT through pydot) with its attributes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, SAMPLE, write
from warmintro.export.formats import CSV_COLUMNS, GUARDED_STARTS, dot_string, export_network
from warmintro.fileformat.reader import load_network, parse_network
from warmintro.model import STRENGTHS, Network, Person, Relationship
from warmintro.ranking.warmth import relationship_warmth

#: pydot 4 still calls pyparsing's old names; that is pydot's business, not this test's.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pydot")

HOSTILE = r"""
me: a
people:
  a: {name: "Ann \"The\" O'Neil \\ <b>&amp;</b>", company: "Acme & Sons\nLtd", tags: ["x;y", "<script>"]}
  b: {name: "Ben\e[2J\u202e {{x}} $x^2$ ]]> -->", company: "株式会社トヨタ", title: "CFO"}
  c: {name: "Cy \\\" \\n end\\"}
relationships:
  - {between: [a, b], how: "line1\nline2 \"quoted\" \\n literal\r\nthree", strength: close, channels: [email]}
  - {between: [b, c], how: "\u0001 ctrl \uffff"}
"""


def _unquote(value: str) -> str:
    """A DOT quoted string as pydot hands it over, back to its text."""
    assert value.startswith('"') and value.endswith('"'), value
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), value[1:-1])


def _load(network: Network, fmt: str) -> nx.Graph:
    data = export_network(network, fmt, as_of=AS_OF)
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data))
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    if fmt == "json":
        return nx.node_link_graph(json.loads(data), edges="edges")
    graph = nx.Graph(nx.nx_pydot.read_dot(io.StringIO(data.decode("utf-8"))))
    for _, attrs in graph.nodes(data=True):
        attrs.update({k: _unquote(v) for k, v in attrs.items()})
        attrs["name"] = attrs.pop("fullname")
    for _, _, attrs in graph.edges(data=True):
        attrs.update({k: _unquote(v) for k, v in attrs.items()})
    return graph


def _text(value: object) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot"])
def test_sample_exports_load_back_with_their_attributes(fmt: str) -> None:
    network = load_network(SAMPLE)
    graph = _load(network, fmt)
    assert set(graph.nodes) == set(network.people)
    assert graph.number_of_edges() == len(network.relationships)
    for pid, person in network.people.items():
        attrs = graph.nodes[pid]
        assert attrs["name"] == person.name
        assert attrs.get("company") == person.company and attrs.get("title") == person.title
        assert _text(attrs.get("tags", [])) == "; ".join(person.tags)
    alice = graph.nodes["alice"]
    assert alice["label"].startswith("Alice Lindqvist")
    assert alice["history"].startswith("Kestrel Systems (VP Go-to-Market Europe, 2014-2026); Baltic School")
    assert alice["organisation"] == "Northwind Consulting"
    assert str(alice["me"]).lower() == "true" and str(graph.nodes["bob"]["me"]).lower() == "false"
    assert "email" not in alice  # contact details stay out of files that get shared
    for rel in network.relationships:
        edge = graph.edges[rel.a, rel.b]
        assert edge["strength"] == rel.strength
        assert (
            int(edge["strength_number"])
            == {"close": 5, "strong": 4, "good": 3, "weak": 2, "acquaintance": 1}[rel.strength]
        )
        expected = relationship_warmth(rel, network.settings, AS_OF)
        assert float(edge["warmth"]) == pytest.approx(expected, rel=1e-12)
        assert float(edge["weight"]) == pytest.approx(expected, rel=1e-12)
        assert edge.get("how") == rel.how
    carol = graph.edges["alice", "carol"]
    assert (carol["since"], carol["last_contact"]) == ("2014", "2026-05")
    assert _text(carol["channels"]) == "linkedin; email; phone"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot"])
def test_hostile_text_survives_every_format(fmt: str) -> None:
    network = parse_network(HOSTILE)
    graph = _load(network, fmt)
    assert graph.nodes["a"]["name"] == 'Ann "The" O\'Neil \\ <b>&amp;</b>'
    assert graph.nodes["a"]["company"] == "Acme & Sons\nLtd"
    assert graph.nodes["b"]["company"] == "株式会社トヨタ"
    assert graph.nodes["c"]["name"] == 'Cy \\" \\n end\\'
    how = graph.edges["a", "b"]["how"]
    assert how.startswith('line1\nline2 "quoted" \\n literal')
    if fmt == "json":  # JSON carries any text as it is
        assert graph.nodes["b"]["name"] == "Ben\x1b[2J\u202e {{x}} $x^2$ ]]> -->"
        assert graph.edges["b", "c"]["how"] == "\x01 ctrl \uffff"
    else:  # the others show control characters as visible escapes
        assert graph.nodes["b"]["name"] == "Ben\\x1b[2J\\u202e {{x}} $x^2$ ]]> -->"
        assert graph.edges["b", "c"]["how"].startswith("\\x01 ctrl")


def test_dot_strings_cannot_end_early() -> None:
    assert dot_string('a "b" \\ c') == '"a \\"b\\" \\\\ c"'
    assert dot_string("two\nlines\r\nend") == '"two\\nlines\\nend"'
    assert dot_string("\\") == '"\\\\"'
    assert dot_string(["x", "y"]) == '"x; y"'
    assert dot_string(True) == '"true"'


def test_dot_is_a_graph_with_organisation_colours() -> None:
    text = export_network(load_network(SAMPLE), "dot", as_of=AS_OF).decode("utf-8")
    lines = text.splitlines()
    assert lines[1] == 'graph "warmintro" {' and lines[-1] == "}"
    assert '  as_of="2026-11-26";' in lines
    carol = next(line for line in lines if line.startswith('  "carol" ['))
    sanna = next(line for line in lines if line.startswith('  "sanna" ['))
    colour = re.compile(r'fillcolor="(#[0-9a-f]{8})"')
    assert colour.search(carol).group(1) == colour.search(sanna).group(1)  # both at Pactbank
    assert '  "alice" -- "carol" [strength="close"' in text


def test_export_command(run, tmp_path: Path) -> None:
    out = run("export", "--format", "graphml", "--as-of", str(AS_OF))
    assert out.exit_code == 0 and out.stderr == ""
    assert nx.read_graphml(io.BytesIO(out.stdout_bytes)).number_of_nodes() == 43
    for name in ("net.gexf", "net.json", "net.dot", "net.gv", "net.graphml"):
        target = tmp_path / name
        result = run("export", "--out", str(target), "--as-of", str(AS_OF))
        assert result.exit_code == 0 and result.stdout == ""
        assert target.stat().st_size > 1000
    assert (tmp_path / "net.gv").read_bytes() == (tmp_path / "net.dot").read_bytes()
    assert run("export", "-f", "dot", "-o", str(tmp_path / "x.txt")).exit_code == 0  # --format wins
    unknown = run("export", "--out", str(tmp_path / "net.txt"))
    assert unknown.exit_code == 2 and "cannot tell the export format from 'net.txt'" in unknown.stderr
    assert run("export").exit_code == 2
    missing_dir = run("export", "--out", str(tmp_path / "no" / "such" / "dir.gexf"))
    assert missing_dir.exit_code == 2 and "cannot write" in missing_dir.stderr
    assert "Traceback" not in missing_dir.output


def test_export_of_an_empty_network(run, tmp_path: Path) -> None:
    path = write(tmp_path, "people: {a: {name: Ann}}\n")
    for fmt in ("graphml", "gexf", "json", "dot"):
        result = run("export", "-f", fmt, contacts=path)
        assert result.exit_code == 0, fmt


# --------------------------------------------------------------------------------------------
# CSV: one table, a row a person and a row a tie


def _read_csv(data: bytes) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A CSV export back to its rows, the formula guard taken off, people and ties apart."""
    assert data.split(b"\r\n", 1)[0] == ",".join(CSV_COLUMNS).encode()  # RFC 4180: CRLF after each record
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    for row in rows:
        for key, value in row.items():
            if value.startswith("'") and value[1:].startswith(GUARDED_STARTS):
                row[key] = value[1:]
    return [r for r in rows if r["kind"] == "person"], [r for r in rows if r["kind"] == "tie"]


def test_csv_has_a_row_a_person_then_a_row_a_tie() -> None:
    network = load_network(SAMPLE)
    data = export_network(network, "csv", as_of=AS_OF)
    header = data.split(b"\r\n", 1)[0].decode()
    assert header.split(",") == list(CSV_COLUMNS) and header.startswith("kind,id,name,company,title")
    people, ties = _read_csv(data)
    assert [p["id"] for p in people] == list(network.people)
    assert len(ties) == len(network.relationships)
    alice = people[0]
    assert (alice["name"], alice["tags"], alice["me"]) == ("Alice Lindqvist", "saas; go-to-market; author", "true")
    assert alice["history"].startswith("Kestrel Systems (VP Go-to-Market Europe, 2014-2026); Baltic")
    assert all(p["a"] == p["strength"] == "" for p in people) and all(t["id"] == t["name"] == "" for t in ties)
    carol = next(t for t in ties if (t["a"], t["b"]) == ("alice", "carol"))
    rel = next(r for r in network.relationships if (r.a, r.b) == ("alice", "carol"))
    assert float(carol["warmth"]) == relationship_warmth(rel, network.settings, AS_OF)  # full precision
    assert (carol["strength"], carol["strength_number"], carol["since"]) == ("close", "5", "2014")
    assert carol["channels"] == "linkedin; email; phone"
    text = data.decode("utf-8")
    assert "alice@example.org" not in text and "carol@example.com" not in text  # contact details stay out
    assert not any(p.about and p.about in text for p in network.people.values())


def test_csv_guards_against_formulas_and_keeps_hostile_text() -> None:
    network = parse_network(HOSTILE.replace('title: "CFO"', 'title: "=HYPERLINK(\\"x\\")"'))
    data = export_network(network, "csv", as_of=AS_OF)
    assert "'=HYPERLINK" in data.decode("utf-8")
    people, ties = _read_csv(data)
    assert people[1]["title"] == '=HYPERLINK("x")'
    assert people[0]["company"] == "Acme & Sons\nLtd" and people[0]["tags"] == "x;y; <script>"
    assert ties[0]["how"] == 'line1\nline2 "quoted" \\n literal\r\nthree'


def test_csv_text_that_starts_with_a_quote_reads_back_unchanged() -> None:
    """A cell that already starts with ' gets a second one, so that "take one ' off" is exact:
    a tag `'=` used to come back as `=`."""
    network = parse_network(HOSTILE.replace('title: "CFO"', 'title: "\'=1+1"'))
    data = export_network(network, "csv", as_of=AS_OF)
    assert "''=1+1" in data.decode("utf-8")
    assert _read_csv(data)[0][1]["title"] == "'=1+1"


_text_values = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=15
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def _csv_networks(draw: st.DrawFn) -> Network:
    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_.-]{0,6}", fullmatch=True), min_size=1, max_size=5, unique=True))
    people = {
        pid: Person(
            pid,
            draw(_text_values),
            company=draw(st.none() | _text_values),
            title=draw(st.none() | _text_values),
            location=draw(st.none() | _text_values),
            email=draw(st.none() | st.just("x@y.example")),
            about=draw(st.none() | st.just("PRIVATE-ABOUT")),
            tags=tuple(draw(st.lists(_text_values.filter(lambda t: ";" not in t), max_size=3, unique=True))),
        )
        for pid in ids
    }
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    rels = [Relationship(a, b, draw(st.sampled_from(STRENGTHS)), how=draw(st.none() | _text_values)) for a, b in chosen]
    return Network(people=people, relationships=rels, me=draw(st.none() | st.sampled_from(ids)))


@settings(max_examples=60, deadline=None)
@given(_csv_networks())
def test_csv_export_then_parse_gives_back_every_field_it_carries(network: Network) -> None:
    people, ties = _read_csv(export_network(network, "csv", as_of=AS_OF))
    assert [p["id"] for p in people] == list(network.people)
    for row, person in zip(people, network.people.values()):
        assert row["name"] == person.name
        for key in ("company", "title", "location"):
            assert row[key] == (getattr(person, key) or "")
        assert tuple(row["tags"].split("; ")) == person.tags or (not person.tags and row["tags"] == "")
        assert row["me"] == ("true" if person.id == network.me else "false")
    for row, rel in zip(ties, network.relationships):
        assert (row["a"], row["b"], row["strength"], row["how"]) == (rel.a, rel.b, rel.strength, rel.how or "")
        assert float(row["warmth"]) == relationship_warmth(rel, network.settings, AS_OF)
    assert len(ties) == len(network.relationships)
    text = "".join(v for row in people for v in row.values())
    assert "x@y.example" not in text and "PRIVATE-ABOUT" not in text


def test_export_csv_command(run, tmp_path: Path) -> None:
    out = tmp_path / "network.csv"
    result = run("export", "--out", str(out), "--as-of", str(AS_OF))
    assert result.exit_code == 0 and result.stdout == ""
    people, ties = _read_csv(out.read_bytes())
    assert len(people) == 43 and ties
    piped = run("export", "-f", "csv", "--as-of", str(AS_OF))
    assert piped.stdout_bytes == out.read_bytes()
