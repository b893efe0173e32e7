"""`check` catches the mistakes that would silently change an answer; `touch` refuses the future."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import assert_refused, write
from warmintro.fileformat.reader import parse_network

FUTURE = """\
me: a
people:
  a: {name: Ann}
  b: {name: Ben}
  c: {name: Cy}
relationships:
  - {between: [a, b], last_contact: 2027-01-01}
  - {between: [a, c], since: 2026-12}
"""


def test_future_dates_are_warnings_as_of_the_day(run, tmp_path: Path) -> None:
    path = write(tmp_path, FUTURE)
    result = run("check", "--as-of", "2026-11-30", "--json", contacts=path)
    assert result.exit_code == 0
    warnings = [(w["line"], w["message"]) for w in json.loads(result.stdout)["warnings"]]
    assert warnings == [
        (7, "last_contact 2027-01-01 of relationship a–b is in the future (after 2026-11-30)"),
        (8, "since 2026-12 of relationship a–c is in the future (after 2026-11-30)"),
    ]
    later = json.loads(run("check", "--as-of", "2027-01-01", "--json", contacts=path).stdout)
    assert later["warnings"] == []
    human = run("check", "--as-of", "2026-11-30", contacts=path)
    assert "recency counts a future date as today" in human.stdout


def test_touch_refuses_a_future_date_unless_forced(run, sample: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    assert_refused(run, sample, ["touch", "carol", "--date", future], "is in the future")
    assert_refused(run, sample, ["touch", "carol", "--date", str(dt.date.today().year + 1)], "--force")
    result = run("touch", "carol", "--date", future, "--force")
    assert result.exit_code == 0, result.output
    assert str(parse_network(sample.read_text(encoding="utf-8")).relationship("alice", "carol").last_contact) == future
    this_year = str(dt.date.today().year)  # a year or a month is in the future only from its first day
    assert run("touch", "bob", "carol", "--date", this_year).exit_code == 0


def test_a_misspelt_strength_field_stops_every_command(run, tmp_path: Path) -> None:
    path = write(
        tmp_path, "people:\n  a: {name: A}\n  b: {name: B}\nrelationships:\n  - {between: [a, b], strenght: weak}\n"
    )
    for args in (["check"], ["path", "a", "b"], ["touch", "a", "b"]):
        result = run(*args, contacts=path)
        assert result.exit_code == 2, args
        assert "misspelt field 'strenght' in a relationship" in result.stderr
        assert "did you mean 'strength'?" in result.stderr


def test_connect_refuses_a_future_date_unless_forced_and_an_ask_update_says_so(run, sample: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    next_year = str(dt.date.today().year + 1)
    assert_refused(run, sample, ["connect", "carol", "--last-contact", future], "--last-contact")
    assert_refused(run, sample, ["connect", "carol", "dave", "--since", next_year], "--since " + next_year)
    result = run("connect", "carol", "--last-contact", future, "--force")
    assert result.exit_code == 0, result.output
    assert str(parse_network(sample.read_text(encoding="utf-8")).relationship("alice", "carol").last_contact) == future
    assert run("draft", "bob", "--record").exit_code == 0
    (ask,) = parse_network(sample.read_text(encoding="utf-8")).intros
    result = run("intros", "update", ask.id, "asked", "--date", future)
    assert result.exit_code == 0, result.output
    assert f"--date {future} is more than a week after today" in result.stderr
    soon = (dt.date.today() + dt.timedelta(days=2)).isoformat()  # a plan, not a typo
    assert "after today" not in run("intros", "update", ask.id, "--note", "sent", "--date", soon).stderr
