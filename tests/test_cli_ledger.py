"""The ask ledger on the command line: draft --record, intros, intros update, followups, and
the ranking that respects the connector, on the sample network."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import FLIP, assert_refused, write
from warmintro.cli import ledger as ledger_cli
from warmintro.fileformat.reader import load_network
from warmintro.ranking.warmth import ASKS_TO_HALVE

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-26"

#: The README's session: four asks through Carol in two days, some sent, one answered.
SESSION = [
    ("draft", "bob", "--purpose", "coaching for founders in their first year", "--record", "--as-of", AS_OF),
    ("intros", "update", "2026-11-26-carol-bob", "asked", "--date", AS_OF, "--note", "Sent by email"),
    ("draft", "mikael", "--purpose", "a banking partner for Northwind's clients", "--record", "--as-of", AS_OF),
    ("draft", "oskar", "--purpose", "selling to Nordic banks", "--record", "--as-of", "2026-11-27"),
    ("draft", "sanna", "--purpose", "financing a first hire", "--record", "--as-of", "2026-11-27"),
    ("intros", "update", "2026-11-26-carol-mikael", "asked", "--date", AS_OF),
    ("intros", "update", "2026-11-27-carol-oskar", "asked", "--date", "2026-11-27"),
    (
        "intros",
        "update",
        "2026-11-26-carol-mikael",
        "opted-in",
        "--date",
        "2026-12-01",
        "--note",
        "Mikael is glad to talk",
    ),
    ("intros", "update", "2026-11-26-carol-mikael", "introduced", "--date", "2026-12-03"),
]


def _carol_route(run, as_of: str = "2026-11-27", *extra: str) -> tuple[list[str], dict]:
    doc = json.loads(run("path", "bob", "-k", "10", "--as-of", as_of, "--json", *extra).stdout)
    ranked = [" ".join(p["people"]) for p in doc["paths"]]
    return ranked, next(p for p in doc["paths"] if p["people"] == ["alice", "carol", "bob"])


@pytest.fixture
def asked(run) -> None:
    """The sample with the README session's ledger."""
    for args in SESSION:
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


def test_each_ask_through_carol_lowers_her_route_by_the_documented_amount(run) -> None:
    ranked, plain = _carol_route(run)
    assert ranked[0] == "alice carol bob" and "adjustments" not in plain["hops"][0]
    before = plain["warmth"]
    carol_hop = plain["hops"][0]["warmth"]
    targets = ["mikael", "oskar", "sanna", "tuomas", "dan"]
    for n, target in enumerate(targets, 1):
        result = run("draft", target, "--via", "carol", "--record", "--as-of", AS_OF, "--json")
        assert result.exit_code == 0, result.output
        ranked, route = _carol_route(run)
        factor = 0.5 ** (n / ASKS_TO_HALVE)
        hop = route["hops"][0]
        assert hop["relationship_warmth"] == carol_hop
        assert hop["warmth"] == min(1.0, carol_hop * factor)
        assert route["warmth"] == hop["warmth"] * route["hops"][1]["warmth"]
        assert route["warmth"] == pytest.approx(before * factor, rel=1e-12)
        (adjustment,) = hop["adjustments"]
        assert adjustment["kind"] == "fatigue" and adjustment["factor"] == factor
        assert len(adjustment["asks"]) == n
        # Carol's route ranks first until five asks put a route without her ahead of it
        assert (ranked[0] == "alice carol bob") == (n < 5)
    assert ranked[0] == "alice ahmed greta bob"
    assert adjustment["reason"] == "asked 5 times since November, all open"
    # an ask to Bob himself through Carol does not count against itself on the way to Bob
    assert run("draft", "bob", "--via", "carol", "--record", "--as-of", AS_OF, "--json").exit_code == 0
    assert _carol_route(run)[1] == route
    # --ignore-fatigue ranks on relationships alone
    ranked, route = _carol_route(run, "2026-11-27", "--ignore-fatigue")
    assert ranked[0] == "alice carol bob" and route["warmth"] == before
    # a year later, asks still open count; closed ones no longer do
    assert _carol_route(run, "2027-12-01")[1]["hops"][0]["adjustments"][0]["reason"] == (
        "asked 5 times since November 2026, all open"
    )


def test_the_reason_is_shown_where_the_route_is(run, asked) -> None:
    result = run("path", "bob", "-k", "3", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    out = result.stdout
    # the ask to Bob is Carol's own: her two other asks count, it does not
    assert "Carol: asked twice since November, 1 open ×0.63" in out
    assert "1. via Carol " in out and "2. via Ahmed, Greta" in out and "Without the ask ledger" not in out
    # Sanna's route moved to Petra (the ask to Sanna is Petra's own: it does not count against her)
    sanna = run("path", "sanna", "-k", "1", "--as-of", "2026-11-27").stdout
    assert "Without the ask ledger, the warmest would be via Carol (69%, now 34%):" in sanna
    assert "Carol: asked 3 times since November, 2 open ×0.50" in sanna and "1. via Petra" in sanna
    found = run("find", "--company", "Pactbank", "--as-of", "2026-11-27")
    assert "Alice → Carol → Oskar" in found.stdout and "Carol: asked twice since November" in found.stdout
    assert "Alice → Petra → Sanna" in found.stdout  # Sanna, reached around Carol now
    # the drafts say why too
    drafted = run("draft", "bob", "--via", "carol", "--as-of", "2026-11-27")
    assert "Carol: asked twice since November, 1 open ×0.63" in drafted.stderr  # plain: messages alone on stdout
    chosen = json.loads(run("draft", "sanna", "--as-of", "2026-11-27", "--json").stdout)["path"]["people"]
    assert chosen == ["alice", "petra", "sanna"]
    plain = json.loads(run("draft", "bob", "--as-of", "2026-11-27", "--json", "--ignore-fatigue").stdout)["path"]
    assert plain["people"] == ["alice", "carol", "bob"] and "adjustments" not in plain["hops"][0]
    ignoring = run("path", "bob", "--as-of", "2026-11-27", "--ignore-fatigue")
    assert "ask ledger ignored" in ignoring.stdout and "asked twice" not in ignoring.stdout


def test_meetings_warm_a_connector_and_declines_cool_a_target(run) -> None:
    assert run("draft", "bob", "--record", "--as-of", "2025-01-10").exit_code == 0
    for status in ("asked", "introduced", "met"):
        assert run("intros", "update", "2025-01-10-carol-bob", status, "--date", "2025-02-01").exit_code == 0
    _, route = _carol_route(run, AS_OF)
    (meetings,) = route["hops"][0]["adjustments"]  # older than a year and closed: no fatigue
    assert meetings == {
        "kind": "meetings",
        "factor": 1.05,
        "reason": "1 introduction led to a meeting",
        "asks": ["2025-01-10-carol-bob"],
    }
    assert route["hops"][0]["warmth"] == route["hops"][0]["relationship_warmth"] * 1.05
    for day in ("2026-06-01", "2026-07-01"):
        assert run("draft", "bob", "--via", "grace", "--record", "--as-of", day).exit_code == 0
        ask = f"{day}-grace-bob"
        assert run("intros", "update", ask, "asked", "--date", day).exit_code == 0
        assert run("intros", "update", ask, "declined", "--date", day, "--note", "Busy this year").exit_code == 0
    _, route = _carol_route(run, AS_OF)
    last = route["hops"][-1]
    assert [a["kind"] for a in last["adjustments"]] == ["declines"]
    assert last["adjustments"][0]["reason"] == "declined twice since June" and last["warmth"] == 0.6 * 0.5
    # nobody's introduction is needed to write to someone you know: no decline applies there
    direct = json.loads(run("path", "alice", "carol", "--as-of", AS_OF, "--json", "-k", "1").stdout)
    assert "adjustments" not in direct["paths"][0]["hops"][0]


# --------------------------------------------------------------------------------------------
# intros and intros update


def test_intros_lists_and_filters(run, asked) -> None:
    result = run("intros", "--as-of", "2026-12-27")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("4 asks in the ledger of ")
    assert result.stdout.index("2026-11-27-carol-oskar") < result.stdout.index("2026-11-26-carol-bob")
    doc = json.loads(run("intros", "--status", "asked", "--json", "--as-of", "2026-12-27").stdout)
    assert [a["id"] for a in doc["asks"]] == ["2026-11-27-carol-oskar", "2026-11-26-carol-bob"]
    assert doc["total"] == 4 and doc["asks"][1]["age_days"] == 31
    assert doc["asks"][1]["notes"] == [{"date": AS_OF, "status": "asked", "note": "Sent by email"}]

    def ids(*args: str) -> list[str]:
        return [a["id"] for a in json.loads(run("intros", "--json", "--as-of", "2026-12-27", *args).stdout)["asks"]]

    assert ids("--open") == ["2026-11-27-carol-oskar", "2026-11-27-petra-sanna", "2026-11-26-carol-bob"]
    assert ids("--person", "Sanna Leino") == ["2026-11-27-petra-sanna"]
    assert ids("--person", "mikael") == ["2026-11-26-carol-mikael"]
    assert ids("--within", "30") == ["2026-11-27-carol-oskar", "2026-11-27-petra-sanna"]
    assert ids("--older-than", "31") == ["2026-11-26-carol-bob", "2026-11-26-carol-mikael"]
    none = run("intros", "--status", "met")
    assert none.exit_code == 1 and "has no ask like that" in none.stderr and none.stdout == ""
    assert run("intros", "--open", "--status", "met").exit_code == 2


def test_an_empty_ledger_says_how_to_start_one(run) -> None:
    result = run("intros")
    assert result.exit_code == 1 and "has no asks yet (warmintro draft --record adds one)" in result.stderr


def test_update_follows_the_state_machine(run, sample: Path, asked) -> None:
    assert_refused(
        run,
        sample,
        ["intros", "update", "2026-11-26-carol-bob", "met"],
        "cannot go from 'asked' to 'met': it can become opted-in or introduced or declined or no-reply",
    )
    assert_refused(run, sample, ["intros", "update", "2026-11-26-carol-bob"], "give the new STATUS, a --note, or both")
    assert_refused(run, sample, ["intros", "update", "nope", "asked"], "no ask 'nope' in the ledger")
    assert_refused(run, sample, ["intros", "update", "2026-11-2", "asked"], "is the start of 4 ask ids")
    assert_refused(
        run,
        sample,
        ["intros", "update", "2026-11-26-carol-bob", "declined", "--date", "2026-11-01"],
        "dated 2026-11-26",
    )
    bad = run("intros", "update", "2026-11-26-carol-bob", "done")
    assert bad.exit_code == 2 and "'done' is not one of" in bad.stderr
    dry = run("intros", "update", "2026-11-26-carol-bob", "met", "--force", "--date", "2026-12-10", "--dry-run")
    assert dry.exit_code == 0 and dry.stdout.startswith("Would update ask 2026-11-26-carol-bob: asked → met")
    assert load_network(sample).intros[0].status == "asked"
    done = run(
        "intros", "update", "2026-11-26-carol-b", "no-reply", "--date", "2026-12-20", "--note", "Gave up", "--json"
    )
    doc = json.loads(done.stdout)
    assert doc["written"] and doc["before"]["status"] == "asked" and doc["ask"]["status"] == "no-reply"
    assert doc["ask"]["notes"][-1] == {"date": "2026-12-20", "status": "no-reply", "note": "Gave up"}


def test_update_help_shows_the_state_machine_as_the_code_has_it(run) -> None:
    from warmintro.ledger.asks import STATUSES, TRANSITIONS

    text = run("intros", "update", "--help").stdout
    for status in STATUSES:
        if TRANSITIONS[status]:
            assert f"{status:<10} -> {', '.join(TRANSITIONS[status])}" in text
    closed = [s for s in STATUSES if not TRANSITIONS[s]]
    assert f"{', '.join(closed)}: closed" in text


def test_record_needs_a_connector(run, sample: Path) -> None:
    assert_refused(run, sample, ["draft", "bob", "--direct", "--record"], "a --direct message asks no one")
    assert_refused(run, sample, ["draft", "carol", "--record"], "know each other: no one to ask")
    doc = json.loads(run("draft", "bob", "--via", "grace", "--record", "--as-of", AS_OF, "--json").stdout)
    assert doc["recorded"]["ask"] == {
        "id": "2026-11-26-grace-bob",
        "date": AS_OF,
        "requester": "alice",
        "connector": "grace",
        "through": ["carol"],
        "target": "bob",
        "purpose": None,
        "status": "drafted",
        "notes": [],
    }
    assert doc["recorded"]["backup"].endswith("contacts.yaml.bak")
    assert doc["recorded"]["new"] is True


def test_recording_the_same_open_ask_again_records_nothing(run, sample: Path) -> None:
    record = ("draft", "bob", "--via", "grace", "--record", "--as-of", AS_OF)
    first = run(*record, "--purpose", "advice")
    assert "Recorded ask 2026-11-26-grace-bob (drafted)" in first.stderr
    before = sample.read_bytes()
    again = run(*record, "--purpose", "advice", "--as-of", "2026-11-28", "--json")
    assert json.loads(again.stdout)["recorded"] == {
        "ask": json.loads(json.dumps(load_network(sample).intros[0].to_json())),
        "new": False,
        "file": str(sample),
        "backup": None,
    }
    assert sample.read_bytes() == before
    text = run(*record, "--purpose", "advice").stderr
    assert "Ask 2026-11-26-grace-bob (drafted, 2026-11-26) is already in the ledger" in text
    assert "nothing recorded" in text and "intros update 2026-11-26-grace-bob asked" in text
    assert sample.read_bytes() == before
    # another purpose is another ask; so is a new ask once the first one is closed
    other = json.loads(run(*record, "--purpose", "a job", "--json").stdout)["recorded"]
    assert other["new"] is True and other["ask"]["id"] == "2026-11-26-grace-bob-2"
    run("intros", "update", "2026-11-26-grace-bob", "declined", "--date", AS_OF, "--force")
    after = json.loads(run(*record, "--purpose", "advice", "--json").stdout)["recorded"]
    assert after["new"] is True and after["ask"]["id"] == "2026-11-26-grace-bob-3"
    assert [a.id for a in load_network(sample).intros] == [
        "2026-11-26-grace-bob",
        "2026-11-26-grace-bob-2",
        "2026-11-26-grace-bob-3",
    ]


# --------------------------------------------------------------------------------------------
# followups


def test_followups_on_the_sample_a_month_later(run, asked, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_cli, "stdout_is_terminal", lambda: True)  # panels, as in a terminal
    result = run("followups", "--as-of", "2026-12-27")
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / "followups_sample.txt").read_text(encoding="utf-8")


def test_followups_are_chosen_by_date(run, asked) -> None:
    def due(as_of: str, *args: str) -> list[tuple[str, str, int]]:
        result = run("followups", "--as-of", as_of, "--json", *args)
        return [(f["ask"]["id"], f["kind"], f["waiting_days"]) for f in json.loads(result.stdout)["followups"]]

    # bob asked 11-26, oskar asked 11-27, mikael introduced 12-03; sanna is only drafted
    assert due("2026-12-02") == []
    assert due("2026-12-03") == [("2026-11-26-carol-bob", "nudge", 7)]
    assert due("2026-12-04") == [("2026-11-26-carol-bob", "nudge", 8), ("2026-11-27-carol-oskar", "nudge", 7)]
    assert due("2026-12-10") == [
        ("2026-11-26-carol-bob", "nudge", 14),
        ("2026-11-27-carol-oskar", "nudge", 13),
        ("2026-11-26-carol-mikael", "thanks", 7),
    ]
    assert due("2026-12-09", "--after", "30") == []
    assert due("2026-12-27", "--after", "30") == [
        ("2026-11-26-carol-bob", "nudge", 31),
        ("2026-11-27-carol-oskar", "nudge", 30),
    ]
    # a note restarts the wait; met closes the thank-you
    assert run("intros", "update", "2026-11-26-carol-bob", "--note", "nudged", "--date", "2026-12-05").exit_code == 0
    assert run("intros", "update", "2026-11-26-carol-mikael", "met", "--date", "2026-12-09").exit_code == 0
    assert due("2026-12-10") == [("2026-11-27-carol-oskar", "nudge", 13)]
    # before the asks were made, nothing is due
    assert due("2026-11-01", "--after", "0") == []
    nothing = run("followups", "--as-of", "2026-11-28")
    assert nothing.exit_code == 1 and "has waited 7 days or more" in nothing.stderr


def test_followup_messages_use_the_templates(run, asked, tmp_path: Path) -> None:
    doc = json.loads(run("followups", "--as-of", "2026-12-27", "--json", "--tone", "formal").stdout)
    nudge, _, thanks = doc["followups"]
    assert nudge["message"]["from"] == "alice" and nudge["message"]["to"] == ["carol"]
    assert nudge["message"]["subject"] == "Re: Request for an introduction to Bob Sjöberg"
    assert "I am writing to follow up on my note of 26 November." in nudge["message"]["body"]
    assert thanks["message"]["subject"] == "Thank you for the introduction to Mikael Koskinen"
    folder = tmp_path / "mine"
    assert run("templates", "export", str(folder)).exit_code == 0
    (folder / "thanks.j2").write_text("Subject: Thanks!\n\n{{ recipient.first }}, thank you.", encoding="utf-8")
    mine = json.loads(run("followups", "--as-of", "2026-12-27", "--json", "--templates", str(folder)).stdout)
    assert mine["followups"][2]["message"] == {
        "kind": "thanks",
        "from": "alice",
        "to": ["carol"],
        "subject": "Thanks!",
        "body": "Carol, thank you.",
        "channel": "email",
        "language": "en",
    }


def test_a_chain_nudges_the_first_connector_and_thanks_the_others_through_them(run) -> None:
    assert run("draft", "bob", "--via", "grace", "--record", "--as-of", AS_OF, "--purpose", "advice").exit_code == 0
    for status, day in (("asked", AS_OF), ("introduced", "2026-12-01")):
        assert run("intros", "update", "2026-11-26-grace", status, "--date", day).exit_code == 0
    (followup,) = json.loads(run("followups", "--as-of", "2026-12-27", "--json").stdout)["followups"]
    assert followup["message"]["to"] == ["grace"]
    assert "please pass my thanks on to Carol too" in followup["message"]["body"]


# --------------------------------------------------------------------------------------------
# show and connectors


def test_show_lists_the_asks_of_a_person(run, asked) -> None:
    result = run("show", "carol", "--as-of", "2026-12-27")
    assert "In 3 asks of the ledger, newest first" in result.stdout
    assert "as a connector: asked 3 times since November, 2 open: hops into Carol ×0.50" in result.stdout
    doc = json.loads(run("show", "petra", "--json", "--as-of", "2026-12-27").stdout)
    assert [(a["id"], a["role"]) for a in doc["intros"]] == [("2026-11-27-petra-sanna", "connector")]
    assert [a["kind"] for a in doc["as_connector"]] == ["fatigue"]
    mikael = json.loads(run("show", "mikael", "--json", "--as-of", "2026-12-27").stdout)
    assert [(a["id"], a["role"]) for a in mikael["intros"]] == [("2026-11-26-carol-mikael", "target")]
    assert json.loads(run("show", "jonas", "--json").stdout)["intros"] == []


def test_connectors_show_the_load(run, asked) -> None:
    doc = json.loads(run("connectors", "--json", "--as-of", "2026-12-27").stdout)
    carol = next(c for c in doc["connectors"] if c["id"] == "carol")
    assert (carol["recent_asks"], carol["open_asks"]) == (3, 2)
    text = run("connectors", "--as-of", "2026-12-27").stdout
    assert "asked" in text and "2 open" in text


def test_ledger_text_is_data_not_markup(run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "me: a\npeople:\n  a: {name: Ann}\n  b: {name: '[bold]Ben'}\n  c: {name: Cy}\n"
        "relationships: [{between: [a, b]}, {between: [b, c]}]\n"
        "intros:\n  - {id: x, date: 2026-11-01, requester: a, connector: b, target: c, status: asked,\n"
        '     purpose: "[red]money[/red]", notes: [{date: 2026-11-02, note: "\\e[2Jhi"}]}\n',
    )
    result = run("intros", "--as-of", AS_OF, contacts=path)
    assert result.exit_code == 0
    assert "[red]money[/red]" in result.stdout and "\\x1b[2Jhi" in result.stdout and "\x1b" not in result.stdout
    follow = run("followups", "--as-of", AS_OF, contacts=path)
    assert "Hi [bold]Ben," in follow.stdout and "\x1b" not in follow.stdout


def test_map_draws_the_paths_as_path_ranks_them(run, sample: Path, asked, tmp_path: Path) -> None:
    from warmintro.map.layout import paths_picture

    network = load_network(sample)
    ranked = [
        " ".join(p["people"])
        for p in json.loads(run("path", "sanna", "--as-of", "2026-11-27", "--json").stdout)["paths"]
    ]
    _, result = paths_picture(network, "alice", "sanna", as_of=dt.date(2026, 11, 27))
    assert [" ".join(p.people) for p in result.paths] == ranked and ranked[0] == "alice petra sanna"
    plain_picture, plain = paths_picture(network, "alice", "sanna", as_of=dt.date(2026, 11, 27), fatigue=False)
    assert plain.paths[0].people == ("alice", "carol", "sanna") and plain_picture.notes[0] == "1. via Carol · 69%"
    out = tmp_path / "paths.svg"
    drawn = run("map", "--to", "sanna", "--ignore-fatigue", "--as-of", "2026-11-27", "--out", str(out))
    assert drawn.exit_code == 0 and "1. via Carol · 69%" in out.read_text(encoding="utf-8")


def test_removing_a_drafted_ask_gives_the_connector_back(run, sample: Path) -> None:
    _, plain = _carol_route(run)
    original = sample.read_bytes()
    run("draft", "oskar", "--purpose", "coaching", "--record", "--as-of", AS_OF)
    _, asked_once = _carol_route(run)
    assert asked_once["warmth"] < plain["warmth"]
    recorded = sample.read_bytes()
    dry = run("intros", "remove", "2026-11-26-carol-oskar", "--dry-run")
    assert (
        dry.exit_code == 0 and "Would remove ask 2026-11-26-carol-oskar (alice → carol → oskar, drafted)" in dry.stdout
    )
    assert sample.read_bytes() == recorded
    doc = json.loads(run("intros", "remove", "2026-11-26", "--json").stdout)
    assert doc["removed"]["id"] == "2026-11-26-carol-oskar" and doc["written"] is True
    assert Path(doc["backup"]).read_bytes() == recorded
    _, restored = _carol_route(run)
    assert restored == plain
    # the file is the sample again, with the ledger's (now empty) section
    assert sample.read_bytes() == original + b"\nintros:\n"
    assert_refused(run, sample, ["intros", "remove", "2026-11-26-carol-oskar"], "no ask '2026-11-26-carol-oskar'")


def test_a_sent_ask_is_removed_only_with_force(run, sample: Path, asked) -> None:
    message = "ask '2026-11-26-carol-bob' is 'asked': it was sent, and the ledger keeps what happened"
    assert_refused(run, sample, ["intros", "remove", "2026-11-26-carol-bob"], message)
    assert run("intros", "remove", "2026-11-26-carol-bob", "--force").exit_code == 0
    assert "2026-11-26-carol-bob" not in [a.id for a in load_network(sample).intros]


def test_recording_again_drafts_along_the_open_ask_even_when_the_ranking_moved(run, tmp_path: Path) -> None:
    # another ask makes Carol look tired, so ranking again would pick Grace: one request, two asks
    contacts = write(tmp_path, FLIP)
    ranked_after = None
    for attempt in range(3):
        if attempt == 1:
            dave = run("draft", "dave", "--purpose", "hiring", "--record", "--as-of", AS_OF, contacts=contacts)
            assert dave.exit_code == 0, dave.output
        doc = json.loads(
            run("draft", "bob", "--purpose", "advice", "--record", "--as-of", AS_OF, "--json", contacts=contacts).stdout
        )
        assert doc["recorded"]["new"] is (attempt == 0)
        assert doc["recorded"]["ask"]["id"] == "2026-11-26-carol-bob" and doc["path"]["people"] == [
            "alice",
            "carol",
            "bob",
        ]
        if attempt:
            assert doc["notes"] == [
                "drafted along ask 2026-11-26-carol-bob (drafted), already in the ledger for this purpose"
            ]
        ranked_after = json.loads(run("path", "bob", "--as-of", AS_OF, "--json", contacts=contacts).stdout)
    assert ranked_after is not None and ranked_after["paths"][0]["people"] == ["alice", "grace", "bob"]
    assert [a.id for a in load_network(contacts).intros] == ["2026-11-26-carol-bob", "2026-11-26-carol-dave"]
    # the same purpose written differently is the same ask; --via asks someone else on purpose
    again = run("draft", "bob", "--purpose", " Advice ", "--record", "--as-of", AS_OF, "--json", contacts=contacts)
    assert json.loads(again.stdout)["recorded"]["new"] is False
    other = run(
        "draft",
        "bob",
        "--via",
        "grace",
        "--purpose",
        "advice",
        "--record",
        "--as-of",
        AS_OF,
        "--json",
        contacts=contacts,
    )
    assert json.loads(other.stdout)["recorded"]["ask"]["id"] == "2026-11-26-grace-bob"


def test_a_followup_never_names_someone_marked_private_since_the_ask(run, asked, sample: Path) -> None:
    """Bob is marked private after the ask went out: the nudge to Carol is not drafted (it would
    name him to her), the other asks' follow-ups are, and the user is told why."""
    text = sample.read_text(encoding="utf-8")
    sample.write_text(
        text.replace("\n  bob:\n    name: Bob Sjöberg\n", "\n  bob:\n    name: Bob Sjöberg\n    private: true\n", 1)
    )
    doc = json.loads(run("followups", "--as-of", "2026-12-10", "--json").stdout)
    by_id = {f["ask"]["id"]: f for f in doc["followups"]}
    assert by_id["2026-11-26-carol-bob"]["message"] is None
    assert by_id["2026-11-26-carol-bob"]["withheld"] == ["bob"]
    oskar = by_id["2026-11-27-carol-oskar"]["message"]
    assert oskar is not None and "Bob" not in oskar["body"]
    human = run("followups", "--as-of", "2026-12-10")
    assert human.exit_code == 0
    assert "not drafted, since it would name bob (marked private) to Carol" in " ".join(human.stdout.split())
