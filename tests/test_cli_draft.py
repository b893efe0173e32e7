"""`warmintro draft` and `warmintro templates`, as a user runs them."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from pathlib import Path

import pytest

from conftest import write
from warmintro.cli import draft as draft_module
from warmintro.drafting.templating import TEMPLATE_NAMES
from warmintro.fileformat.reader import load_network

GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-26"
PURPOSE = "coaching for founders in their first year"


@pytest.mark.parametrize(
    ("golden", "args"),
    [
        ("draft_alice_bob.txt", ["alice", "bob", "--purpose", PURPOSE]),
        (
            "draft_alice_bob_via_grace_formal.txt",
            [
                "alice",
                "bob",
                "--purpose",
                PURPOSE,
                "--offer",
                "An hour on expanding into the Nordics, if useful.",
                "--via",
                "grace",
                "--tone",
                "formal",
            ],
        ),
        ("draft_bob_direct.txt", ["bob", "--direct", "--purpose", PURPOSE]),
        ("draft_bob_direct_linkedin.txt", ["bob", "--direct", "--channel", "linkedin"]),
    ],
)
def test_drafts_for_the_sample(run, monkeypatch: pytest.MonkeyPatch, golden: str, args: list[str]) -> None:
    monkeypatch.setattr(draft_module, "stdout_is_terminal", lambda: True)
    result = run("draft", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


def test_the_linkedin_note_names_carol_and_says_what_it_left_out(run) -> None:
    result = run("draft", "bob", "--direct", "--channel", "linkedin", "--as-of", AS_OF, "--json")
    (note,) = json.loads(result.stdout)["messages"]
    assert len(note["body"]) <= 200 and "Carol Virtanen" in note["body"]
    text = run("draft", "bob", "--direct", "--channel", "linkedin", "--as-of", AS_OF)
    assert "(179 of 200 characters)" in text.stdout.splitlines()[0]
    premium = run("draft", "bob", "--direct", "--channel", "linkedin-premium", "--as-of", AS_OF)
    assert "of 300 characters)" in premium.stdout.splitlines()[0]
    assert text.stderr.splitlines()[0] == "A LinkedIn note from Alice Lindqvist to Bob Sjöberg (Helix Coaching)"
    assert text.stderr.splitlines()[2:] == [
        "note: left out to fit LinkedIn's 200 characters: about you",
        "hint: these would make the drafts better:",
        "  --purpose: say what you would like to talk with Bob about",
    ]


def test_json_is_one_document_with_the_path_and_messages(run) -> None:
    result = run("draft", "bob", "--purpose", PURPOSE, "--as-of", AS_OF, "--json")
    assert result.exit_code == 0 and result.stderr == ""
    doc = json.loads(result.stdout)
    assert list(doc) == ["from", "to", "as_of", "tone", "purpose", "path", "messages", "hints", "notes"]
    assert doc["path"]["people"] == ["alice", "carol", "bob"]
    assert doc["purpose"] == PURPOSE
    assert [(m["kind"], m["from"], m["to"]) for m in doc["messages"]] == [
        ("ask", "alice", ["carol"]),
        ("opt-in", "carol", ["bob"]),
        ("intro", "carol", ["alice", "bob"]),
    ]
    assert list(doc["messages"][0]) == ["kind", "from", "to", "subject", "body", "channel", "language"]
    direct = json.loads(run("draft", "bob", "--direct", "--json", "--as-of", AS_OF).stdout)
    assert direct["path"] is None and direct["messages"][0]["kind"] == "direct"
    assert direct["hints"] == [
        {"where": "--purpose", "field": "purpose", "why": "say what you would like to talk with Bob about"}
    ]


def test_path_and_via_choose_the_chain(run) -> None:
    def people(*args: str) -> list[str]:
        result = run("draft", *args, "--as-of", AS_OF, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["path"]["people"]

    assert people("bob", "--via", "eve") == ["alice", "carol", "eve", "bob"]
    assert people("--path", "alice,grace,carol,bob") == ["alice", "grace", "carol", "bob"]
    assert people("--path", "Alice Lindqvist, grace , virtanen,sjoberg") == ["alice", "grace", "carol", "bob"]
    assert people("bob", "--path", "alice,carol,eve,bob") == ["alice", "carol", "eve", "bob"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--path", "alice,bob"], "'alice' and 'bob' do not know each other"),
        (["--path", "alice,carol,nobody"], "no person 'nobody'"),
        (["--path", "alice"], "at least two people"),
        (["--path", "alice,carol,alice"], "more than once"),
        (["mikael", "--path", "alice,carol,bob"], "--path goes from 'alice' to 'bob'"),
        (["bob", "--direct", "--via", "carol"], "--direct writes straight to TO"),
        (["bob", "--via", "carol", "--path", "alice,carol,bob"], "leave out --via"),
        (["bob", "--channel", "linkedin"], "--channel linkedin is for --direct notes"),
        (["bob", "--eml"], "--eml writes files"),
        (["bob", "--tone", "rude"], "'rude' is not one of"),
        (["bob", "--templates", "no-such-dir"], "does not exist"),
        (["alice", "alice"], "is both the start and the end"),
        (["bob", "--direct", "alice", "alice"], "takes [FROM] TO"),
        ([], "name whom to meet"),
    ],
)
def test_bad_usage_exits_2(run, args: list[str], message: str) -> None:
    result = run("draft", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == "" and "Traceback" not in result.output


def test_no_path_exits_1_and_suggests_direct(run, tmp_path) -> None:
    path = write(tmp_path, "me: a\npeople: {a: {name: Ann}, b: {name: Ben}, c: {name: Cy}}\nrelationships: []\n")
    result = run("draft", "b", contacts=path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no path from Ann to Ben within 4 hops (try --direct" in result.stderr
    direct = run("draft", "b", "--direct", contacts=path)
    assert direct.exit_code == 0
    assert "note: no mutual contacts with Ben" in direct.stderr


def test_people_who_know_each_other_get_a_direct_message(run) -> None:
    result = run("draft", "carol", "--as-of", AS_OF, "--purpose", "Pactbank's Nordic launch")
    assert result.exit_code == 0
    assert "Alice writes to Carol" in result.stdout
    assert "Hi Carol,\n\nI'd like to talk with you about Pactbank's Nordic launch." in result.stdout  # close: no opener
    assert "note: Alice and Carol know each other: a direct message instead of introductions" in result.stderr


def test_missing_fields_are_hinted_on_stderr(run, tmp_path) -> None:
    path = write(
        tmp_path,
        "me: a\npeople:\n  a: {name: Ann, title: Founder}\n  b: {name: Ben}\n  c: {name: Cy, about: Runs a bakery.}\n"
        "relationships:\n  - {between: [a, b], how: Old friends}\n  - {between: [b, c]}\n",
    )
    result = run("draft", "c", "--purpose", "bread", contacts=path)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[2:] == [
        "hint: these would make the drafts better:",
        "  about for a: one line on what you do, for the forwardable note",
        "  title, company for c: who Cy is, in a few words",
        "  how for b–c: how Ben and Cy know each other, for a more personal opening",
    ]
    assert "Cy runs a bakery." in result.stdout  # in the introduction, never in the note Cy is sent
    assert "Runs a bakery" not in result.stdout.split("=====")[4]  # the opt-in


def test_names_are_shown_as_written_never_as_markup_codes_or_templates(run, tmp_path) -> None:
    path = write(
        tmp_path,
        'me: a\npeople:\n  a: {name: "[bold red]Ann[/]", about: "{{ 7*7 }}"}\n'
        '  b: {name: "Ben\\e[2J\\u202e {{ config }}"}\n  c: {name: "Cy {% raw %}"}\n'
        "relationships:\n  - {between: [a, b]}\n  - {between: [b, c]}\n",
    )
    result = run("draft", "c", "--tone", "formal", contacts=path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "[bold red]Ann[/]" in out and "About [bold: {{ 7*7 }}" in out
    assert "Ben\\x1b[2J\\u202e {{ config }}" in out and "Cy {% raw %}" in out
    assert "\x1b" not in out and "\u202e" not in out and "49" not in out
    doc = json.loads(run("draft", "c", "--json", contacts=path).stdout)
    assert "Hi Ben\x1b[2J\u202e," in doc["messages"][0]["body"]  # JSON carries the file's text


def test_out_writes_one_text_file_a_message(run, tmp_path) -> None:
    out = tmp_path / "drafts"
    result = run("draft", "bob", "--purpose", PURPOSE, "--as-of", AS_OF, "--out", str(out))
    assert result.exit_code == 0
    names = ["01-ask-carol.txt", "02-opt-in-bob.txt", "03-intro-alice-bob.txt"]
    assert result.stdout.splitlines() == [str(out / n) for n in names]
    ask = (out / names[0]).read_text(encoding="utf-8")
    assert ask.startswith(
        "From: Alice Lindqvist <alice@example.org>\nTo: Carol Virtanen <carol@example.com>\n"
        "Subject: Could you introduce me to Bob Sjöberg?\n\nHi Carol,\n"
    )
    again = run("draft", "bob", "--as-of", AS_OF, "--out", str(out))
    assert again.exit_code == 2
    assert "01-ask-carol.txt, 02-opt-in-bob.txt, 03-intro-alice-bob.txt exist already" in again.stderr
    assert (out / names[0]).read_text(encoding="utf-8") == ask
    assert run("draft", "bob", "--as-of", AS_OF, "--out", str(out), "--force").exit_code == 0
    assert (out / names[0]).read_text(encoding="utf-8") != ask  # no purpose this time


def test_eml_files_parse_back(run, tmp_path) -> None:
    result = run("draft", "bob", "--purpose", PURPOSE, "--as-of", AS_OF, "--out", str(tmp_path), "--eml", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert [Path(f).name for f in doc["files"]] == ["01-ask-carol.eml", "02-opt-in-bob.eml", "03-intro-alice-bob.eml"]
    for path, message in zip(doc["files"], doc["messages"]):
        parsed = email.message_from_bytes(Path(path).read_bytes(), policy=email.policy.default)
        assert parsed["Subject"] == message["subject"]
        assert parsed["X-Unsent"] == "1"
        assert parsed.get_content_type() == "text/plain"
        assert parsed.get_content().replace("\r\n", "\n") == message["body"] + "\n"
    intro = email.message_from_bytes(Path(doc["files"][2]).read_bytes(), policy=email.policy.default)
    assert str(intro["From"]) == "Carol Virtanen <carol@example.com>"
    assert [a.addr_spec for a in intro["To"].addresses] == ["alice@example.org"]
    assert "Bob" not in str(intro["To"])  # no email in the file: left out, never "Bob Sjöberg:;"
    opt_in = email.message_from_bytes(Path(doc["files"][1]).read_bytes(), policy=email.policy.default)
    assert opt_in["To"] is None
    assert "note: no email in the file for grace" not in result.stderr
    assert json.loads(result.stdout)["notes"] == [
        "no email in the file for bob: they are left out of those .eml headers "
        "(fill in the address in your mail client, or add 'email:' to the file)"
    ]


def test_eml_headers_cannot_be_forged_by_a_name(run, tmp_path) -> None:
    path = write(
        tmp_path,
        'me: a\npeople:\n  a: {name: "Ann\\nBcc: evil@example.com", email: "a@example.com"}\n'
        '  b: {name: Ben, email: "not an address"}\n  c: {name: Cy}\n'
        "relationships:\n  - {between: [a, b]}\n  - {between: [b, c]}\n",
    )
    result = run("draft", "c", "--out", str(tmp_path / "o"), "--eml", contacts=path)
    assert result.exit_code == 0, result.output
    parsed = email.message_from_bytes((tmp_path / "o" / "01-ask-b.eml").read_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None
    assert parsed["From"].addresses[0].display_name == "Ann Bcc: evil@example.com"
    assert parsed["To"] is None  # Ben's email is no address: left out


def test_interactive_draft(run, monkeypatch) -> None:
    monkeypatch.setattr(draft_module, "stdin_is_terminal", lambda: True)
    result = run("draft", "--as-of", AS_OF, input="bobb\nsjoberg\n2\ncoaching for founders\nn\n")
    assert result.exit_code == 0, result.output
    assert "no person 'bobb'" in result.stderr  # asked again
    assert "Which path (1-5" in result.stderr and "2. via Grace, Carol" in result.stderr
    assert "1. Alice asks Grace" in result.stdout and "about coaching for founders" in result.stdout
    assert "Record this ask in the ledger" in result.stderr and "Recorded" not in result.stderr
    direct = run("draft", "--as-of", AS_OF, "--json", input="bob\n0\n\n")
    doc = json.loads(direct.stdout)
    assert doc["path"] is None and doc["purpose"] is None and doc["messages"][0]["kind"] == "direct"


def test_templates_export_and_use(run, tmp_path) -> None:
    folder = tmp_path / "mine"
    result = run("templates", "export", str(folder))
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([*TEMPLATE_NAMES, "fi"])
    assert sorted(p.name for p in (folder / "fi").iterdir()) == sorted(TEMPLATE_NAMES)
    again = run("templates", "export", str(folder))
    assert again.exit_code == 2 and "exist already" in again.stderr and "--force" in again.stderr
    assert run("templates", "export", str(folder), "--force").exit_code == 0
    ask = folder / "ask.j2"
    ask.write_text(ask.read_text(encoding="utf-8").replace("I have a favour to ask.", "A favour, please."), "utf-8")
    mine = run("draft", "bob", "--templates", str(folder), "--as-of", AS_OF, "--json")
    assert "A favour, please." in json.loads(mine.stdout)["messages"][0]["body"]


def test_a_broken_template_is_a_clear_error(run, tmp_path) -> None:
    (tmp_path / "intro.j2").write_text("Subject: x\n\n{{ source.name }\n", encoding="utf-8")
    result = run("draft", "bob", "--templates", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'intro.j2'}:3: template syntax error:")
    assert "Traceback" not in result.output


def test_templates_setting_in_the_contacts_file(run, sample) -> None:
    folder = sample.parent / "letters"
    folder.mkdir()
    (folder / "opt_in.j2").write_text("Subject: Yes?\n\n{{ recipient.first }}, yes or no?", encoding="utf-8")
    sample.write_text(sample.read_text(encoding="utf-8") + "\nsettings:\n  templates: letters\n", encoding="utf-8")
    doc = json.loads(run("draft", "bob", "--as-of", AS_OF, "--json").stdout)
    assert doc["messages"][1]["body"] == "Bob, yes or no?"
    assert run("check").exit_code == 0  # a known setting, no warning
    assert "warning" not in run("check").stdout


def test_interactive_without_me_and_without_a_path(run, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(draft_module, "stdin_is_terminal", lambda: True)
    path = write(
        tmp_path,
        "people: {a: {name: Ann}, b: {name: Ben}, c: {name: Cy}, d: {name: Dee}}\n"
        "relationships: [{between: [a, b]}, {between: [b, c]}]\n",
    )
    result = run("draft", input="ann\ncy\n1\nbread\ny\n", contacts=path)
    assert result.exit_code == 0, result.output
    assert "Who are you" in result.stderr
    assert "1. Ann asks Ben" in result.stdout and "talk with Cy about bread" in result.stdout
    # the answer "y" to the last question records the ask, dated today
    assert "Recorded ask " in result.stderr
    (ask,) = load_network(path).intros
    assert (ask.people, ask.status, ask.purpose, ask.day) == (("a", "b", "c"), "drafted", "bread", dt.date.today())
    declined = run("draft", input="ann\ndee\nn\n", contacts=path)
    assert declined.exit_code == 1
    assert "No path to Dee within 4 hops" in declined.stderr and declined.stdout == ""


def test_a_path_along_a_private_relationship_is_refused(run, sample: Path) -> None:
    """Alice's ask would tell Carol that Eve knows Bob: with that tie marked private, the path
    is refused with the way out, and the warmest path (via Carol alone) still drafts."""
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("  - between: [eve, bob]\n", "  - between: [eve, bob]\n    private: true\n", 1))
    refused = run("draft", "bob", "--via", "eve", "--purpose", "coaching", "--as-of", "2026-11-26")
    assert refused.exit_code == 2
    assert "the relationship eve–bob is marked private" in " ".join(refused.stderr.split())
    assert "Eve" not in refused.stdout
    fine = run("draft", "bob", "--purpose", "coaching", "--as-of", "2026-11-26", "--plain")
    assert fine.exit_code == 0 and "Eve" not in fine.stdout
