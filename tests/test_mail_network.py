"""From an almost empty contacts file to a network: two imports, then path, mutual and show.

The example shipped in docs/example (a contacts file holding only its owner, a Takeout-style
mbox and a calendar export) is the walkthrough in README; this test holds its promises."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from warmintro.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "example"
AS_OF = "2026-11-26"


def run(contacts: Path, *args: str) -> dict:
    result = CliRunner().invoke(cli, ["--contacts", str(contacts), *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def imported(tmp_path: Path) -> Path:
    for name in ("contacts.yaml", "mail.mbox", "calendar.ics"):
        shutil.copyfile(EXAMPLE / name, tmp_path / name)
    contacts = tmp_path / "contacts.yaml"
    run(contacts, "import", "mail", str(tmp_path / "mail.mbox"), "--me-address", "alice.lindqvist@gmail.com")
    run(contacts, "import", "calendar", str(tmp_path / "calendar.ics"), "--as-of", AS_OF)
    return contacts


def test_the_users_file_changes_only_by_its_sources_lines(tmp_path: Path) -> None:
    contacts = imported(tmp_path)
    before = (EXAMPLE / "contacts.yaml").read_bytes()
    assert contacts.read_bytes() == before + b"sources:\n  - contacts.mail.yaml\n  - contacts.calendar.yaml\n"


def test_path_goes_through_people_met_on_shared_threads(tmp_path: Path) -> None:
    contacts = imported(tmp_path)
    paths = run(contacts, "path", "grace", "--as-of", AS_OF)["paths"]
    chains = [p["people"] for p in paths]
    assert ["alice", "carol-virtanen", "grace-liu"] in chains
    via_carol = paths[chains.index(["alice", "carol-virtanen", "grace-liu"])]
    first, second = via_carol["hops"]
    # Alice and Carol: mail both ways and meetings, each from its own generated file
    assert first["evidence"]["mail"]["sent"] == 3 and first["evidence"]["calendar"]["meetings"] == 4
    # Carol and Grace: only seen together on one thread Alice was on
    assert second["evidence"] == {"mail": {"threads": 1, "first": "2026-07-01", "last": "2026-07-01"}}
    assert Path(second["source"]) == tmp_path / "contacts.mail.yaml"


def test_mutual_lists_contacts_found_in_threads_and_meetings(tmp_path: Path) -> None:
    contacts = imported(tmp_path)
    mutual = run(contacts, "mutual", "dana", "--as-of", AS_OF)["mutual"]
    assert [m["id"] for m in mutual] == ["carol-virtanen"]


def test_show_gives_the_evidence_of_each_tie(tmp_path: Path) -> None:
    contacts = imported(tmp_path)
    shown = run(contacts, "show", "carol", "--as-of", AS_OF)
    ties = {r["with"]: r for r in shown["relationships"]}
    assert set(ties) == {"alice", "dana-real", "grace-liu", "bob-sjoberg"}
    assert ties["dana-real"]["evidence"] == {
        "mail": {"threads": 1, "first": "2026-03-03", "last": "2026-03-04"},
        "calendar": {"meetings": 1, "first": "2026-10-01", "last": "2026-10-01"},
    }
