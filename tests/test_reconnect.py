"""`warmintro reconnect`: the strong ties that are cooling, and `touch` taking them off."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write
from strategies import networks
from warmintro.dates import PartialDate, parse_duration
from warmintro.editing.editor import ContactsEditor
from warmintro.editing.grow import touch
from warmintro.errors import QueryError
from warmintro.fileformat.reader import dump_network, parse_network, parse_network_with_problems
from warmintro.queries.reconnect import cooling_ties

AS_OF = dt.date(2026, 11, 26)

NETWORK = """\
me: me
settings:
  keep_in_touch:
    good: 1 year
    strong: never
    tags: {investor: 2 months, family: never}
people:
  me: {name: Mia Berg, company: Northwind, history: [{company: Kestrel, from: 2010, to: 2020}]}
  old: {name: Olle Ek, company: Kestrel, history: [{company: Kestrel, from: 2012}]}
  close1: {name: Cleo Lind, company: Pactbank}
  fresh: {name: Fred Holm}
  never: {name: Nina Berg}
  inv: {name: Ivan Sund, tags: [investor]}
  fam: {name: Fay Berg, tags: [family]}
  mine: {name: Per Dahl, keep_in_touch: 2 weeks}
  weak1: {name: Walt Ny}
  strong1: {name: Stig Ek}
  notes: {name: Nell Ox, about: Secret private detail}
relationships:
  - {between: [me, old], strength: close, how: Built Kestrel's sales team together., last_contact: 2022-03}
  - {between: [me, close1], strength: close, last_contact: 2026-06}
  - {between: [me, fresh], strength: close, last_contact: 2026-11-01}
  - {between: [me, never], strength: close}
  - {between: [me, inv], strength: weak, last_contact: 2026-08}
  - {between: [me, fam], strength: close, last_contact: 2019}
  - {between: [me, mine], strength: acquaintance, last_contact: 2026-11-01}
  - {between: [me, weak1], strength: weak, last_contact: 2020}
  - {between: [me, strong1], strength: strong, last_contact: 2020}
  - {between: [fresh, inv], strength: close, last_contact: 2010}
"""


def test_durations() -> None:
    assert parse_duration("3 months") == 91
    assert parse_duration("2 weeks") == 14
    assert parse_duration("1 Year") == 365
    assert parse_duration("90") == 90
    assert parse_duration("never") is None
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration("soon")


def test_due_ties_coolest_first_with_their_rules() -> None:
    result = cooling_ties(parse_network(NETWORK), as_of=AS_OF)
    listed = [(c.person.id, c.interval.rule) for c in result.cooling]
    assert listed == [
        ("old", "strength close"),  # the most warmth lost: 4 years and more
        ("close1", "strength close"),
        ("inv", "tag investor"),  # a weak tie, four months
        ("mine", "person"),  # 25 days, overdue for 2 weeks; an acquaintance loses almost nothing
        ("never", "strength close"),  # nothing recorded: last
    ]
    assert result.due == 5
    # fresh: in touch within 3 months; fam: tag says never; strong1: strength says never;
    # weak1: 'weak' has no schedule; fresh–inv: not my tie
    losses = [c.lost for c in result.cooling]
    assert losses[:2] == sorted(losses[:2], reverse=True) and losses[-1] == 0


def test_top_tags_and_the_note() -> None:
    network = parse_network(NETWORK)
    result = cooling_ties(network, as_of=AS_OF, top=1)
    assert result.due == 5 and [c.person.id for c in result.cooling] == ["old"]
    note = result.cooling[0].note
    assert note.recipients == ("old",) and note.sender == "me"
    assert note.body == (
        "Hi Olle,\n\n"
        "It's been a while since we last caught up in March 2022, and I was thinking of you. "
        "I hope all's been well since our time at Kestrel!\n\n"
        "How are things there? I'd love to hear what you're working on. Would you be up for a coffee or a "
        "quick call in the next few weeks?\n\n"
        "Best,\nMia"
    )
    assert [c.person.id for c in cooling_ties(network, as_of=AS_OF, tags=["INVESTOR"]).cooling] == ["inv"]
    formal = cooling_ties(network, as_of=AS_OF, tone="formal").cooling[1].note.body
    assert formal.startswith("Dear Cleo Lind,\n\nIt has been some time since we were last in touch in June")
    assert "How are things at Pactbank?" in formal and formal.endswith("Kind regards,\nMia Berg")
    for tie in cooling_ties(network, as_of=AS_OF, top=10).cooling:
        assert "Secret" not in tie.note.body


def test_reconnect_needs_me() -> None:
    with pytest.raises(QueryError, match="has no 'me:'"):
        cooling_ties(parse_network(NETWORK.replace("me: me\n", "")), as_of=AS_OF)


def test_bad_keep_in_touch_settings_are_errors() -> None:
    text = NETWORK.replace("good: 1 year", "good: soon").replace(
        "keep_in_touch: 2 weeks", "keep_in_touch: 2 fortnights"
    )
    text = text.replace("    strong: never\n", "    strnog: never\n")
    _, problems = parse_network_with_problems(text, "f.yaml")
    assert [p.message for p in problems if p.severity == "error"] == [
        "settings.keep_in_touch.good: 'soon' is not a duration; write e.g. '3 months', '2 weeks', '1 year' or 'never'",
        "unknown key 'strnog' in settings.keep_in_touch",
        "'keep_in_touch' of person 'mine': '2 fortnights' is not a duration; write e.g. '3 months', '2 weeks', "
        "'1 year' or 'never'",
    ]


def test_touch_takes_a_tie_off_the_list(run, tmp_path: Path) -> None:
    path = write(tmp_path, NETWORK)
    today = dt.date.today()
    before = json.loads(run("reconnect", "--json", contacts=path).stdout)
    assert "close1" in [c["id"] for c in before["cooling"]]
    assert run("touch", "close1", contacts=path).exit_code == 0
    after = json.loads(run("reconnect", "--json", contacts=path).stdout)
    assert [c["id"] for c in after["cooling"]] == [c["id"] for c in before["cooling"] if c["id"] != "close1"]
    assert after["as_of"] == today.isoformat() and after["due"] == before["due"] - 1


def test_reconnect_on_the_command_line(run, tmp_path: Path) -> None:
    path = write(tmp_path, NETWORK)
    result = run("reconnect", "--as-of", "2026-11-26", "--top", "2", contacts=path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "5 ties of Mia Berg cooling · as of 2026-11-26 · the 2 coolest · nothing is sent"
    assert lines[2].startswith("1. Olle Ek (Kestrel)  close · last contact 2022-03 (5 years ago) · keep in touch")
    assert "how: Built Kestrel's sales team together." in result.stdout
    assert "once in touch: warmintro touch old" in result.stdout
    document = json.loads(run("reconnect", "--as-of", "2026-11-26", "--json", contacts=path).stdout)
    first = document["cooling"][0]
    assert (first["id"], first["last_contact"], first["keep_in_touch_days"]) == ("old", "2022-03", 91)
    assert first["warmth_lost"] == pytest.approx(first["full_warmth"] - first["warmth"])
    nothing = run("reconnect", "--as-of", "2026-11-26", "--tag", "nobody", contacts=path)
    assert nothing.exit_code == 1
    assert "is due for a word" in nothing.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks(min_people=3), data=st.data())
def test_touching_a_due_tie_takes_it_off_and_leaves_the_rest(network, data: st.DataObject) -> None:
    network.me = "p0"
    before = [c.person.id for c in cooling_ties(network, as_of=AS_OF, top=100).cooling]
    assert before == sorted(before, key=before.index)  # each once
    if not before:
        return
    touched = data.draw(st.sampled_from(before))
    editor = ContactsEditor(dump_network(network))
    touch(editor, "p0", touched, PartialDate(AS_OF.year, AS_OF.month, AS_OF.day))
    after = [c.person.id for c in cooling_ties(parse_network(editor.render()), as_of=AS_OF, top=100).cooling]
    assert after == [pid for pid in before if pid != touched]


def test_piped_reconnect_is_plain_text_and_a_terminal_gets_panels(run, tmp_path: Path, monkeypatch) -> None:
    from warmintro.cli import ledger as ledger_cli

    path = write(tmp_path, NETWORK)
    args = ("reconnect", "--as-of", "2026-11-26", "--top", "2")
    piped = run(*args, contacts=path)
    assert piped.exit_code == 0, piped.output
    assert not set("╭╮╰╯│─") & set(piped.stdout) and "\x1b" not in piped.stdout
    lines = piped.stdout.splitlines()
    first = lines.index("===== Mia checks in with Olle (once in touch: warmintro touch old) =====")
    assert lines[first + 1].startswith("From: Mia Berg")
    assert lines[first + 2] == "To: Olle Ek"
    assert lines[first + 3].startswith("Subject: ")
    note = json.loads(run(*args, "--json", contacts=path).stdout)["cooling"][0]["note"]["body"]
    assert note.strip() in piped.stdout  # the note whole, lines unbroken, ready to paste
    monkeypatch.setattr(ledger_cli, "stdout_is_terminal", lambda: True)
    terminal = run(*args, contacts=path)
    assert "╭─  Mia checks in with Olle" in terminal.stdout
    assert run(*args, "--plain", contacts=path).stdout == piped.stdout
