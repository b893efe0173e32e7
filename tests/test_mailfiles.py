""".eml drafts: whatever a name, an address or a subject holds, the file's recipients are exactly
the intended addresses, its headers exactly the ones written, and every line within RFC 5322."""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from warmintro.drafting.drafts import Message
from warmintro.drafting.mailfiles import MAX_LINE, has_address, message_eml, one_line
from warmintro.model import Network, Person

#: Text that mail headers give a meaning to: encoded-words (the attack: a name that decodes to
#: a second recipient), separators, brackets, quotes, line breaks, comments, non-ASCII.
_HOSTILE = st.sampled_from(
    (
        "=?utf-8?q?Dana_Real=2C_=3Cdana=40attacker=2Eexample=3E_x?=",
        "=?utf-8?b?RXZlIDxldmVAYXR0YWNrZXIuZXhhbXBsZT4=?=",
        "=?iso-8859-1?q?=0D=0ABcc=3A_evil=40attacker.example?=",
        "Eve <eve@attacker.example>",
        "a, b@attacker.example",
        '"quoted", <x@y>',
        "\r\nBcc: evil@attacker.example",
        "\nTo: evil@attacker.example",
        "(comment) ; : @ [ ] \\",
        "Zoë Ødegård",
        "محمد",
        "👩\u200d👩\u200d👧",
        "\x00\x1b[2J\x9b\u202e",
        "=?",
        "?=",
        "x" * 1200,
    )
)
_NAME = st.lists(st.one_of(_HOSTILE, st.text(max_size=30)), min_size=1, max_size=4).map(" ".join)
_LOCAL = st.from_regex(r"[a-z0-9+_-]{1,10}(\.[a-z0-9+_-]{1,10}){0,2}", fullmatch=True)
_DOMAIN = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z]{2,6}){1,2}", fullmatch=True)
_PLAIN_ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", _LOCAL, _DOMAIN)
#: Emails in a contacts file: plain addresses, or anything (which must never add a recipient).
_EMAIL = st.one_of(st.none(), _PLAIN_ADDRESS, _PLAIN_ADDRESS, _HOSTILE, st.text(max_size=40))
#: An address every reader agrees on: dot-atoms of letters and digits.
_SIMPLE = re.compile(r"[a-z0-9+_-]+(\.[a-z0-9+_-]+)*@[a-z0-9]+(\.[a-z]{2,6})+")


@st.composite
def messages(draw: st.DrawFn) -> tuple[Network, Message]:
    count = draw(st.integers(2, 5))
    people = {f"p{i}": Person(id=f"p{i}", name=draw(_NAME), email=draw(_EMAIL)) for i in range(count)}
    subject = draw(st.one_of(st.none(), _NAME))
    message = Message("ask", "p0", tuple(people)[1:], subject, draw(st.text(max_size=200)))
    return Network(people=people, relationships=[]), message


def _unfolded(raw: bytes, name: str) -> str:
    """A header's raw value, unfolded, read without any decoding."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    fields = re.split(r"\r\n(?![ \t])", head)
    values = [f.split(":", 1)[1] for f in fields if f.split(":", 1)[0].lower() == name.lower()]
    assert len(values) <= 1, values
    return re.sub(r"\r\n[ \t]", " ", values[0]) if values else ""


def _spaceless(text: str) -> str:
    """Text without white space. Python's own header parser keeps the space between two
    encoded-words of a display name, which RFC 2047 says to drop, so a long name split into
    several reads back with spaces added where it was split; other readers drop them."""
    return "".join(text.split())


def _decoded(words: str) -> str:
    """Header words decoded as RFC 2047 says (white space between encoded-words dropped)."""
    return str(email.header.make_header(email.header.decode_header(words)))


def _shown(person: Person) -> str:
    """The name a header shows: the name on one line, inert; the id for a name of spaces."""
    return one_line(person.name) or person.id


def _address_of(header: object, person: Person) -> bool:
    return any(a.addr_spec == person.email for a in header.addresses)  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(messages())
@example(
    (
        Network(
            people={
                "p0": Person(id="p0", name="Ann", email="ann@example.org"),
                "p1": Person(
                    id="p1", name="=?utf-8?q?Dana_Real=2C_=3Cdana=40attacker=2Eexample=3E_x?=", email="dana@example.org"
                ),
            },
            relationships=[],
        ),
        Message("ask", "p0", ("p1",), "=?utf-8?q?x=0D=0ABcc=3A_evil=40attacker.example?=", "Hello"),
    )
)
def test_the_recipients_of_an_eml_are_exactly_the_intended_addresses(case: tuple[Network, Message]) -> None:
    network, message = case
    raw = message_eml(network, message)
    assert all(len(line) <= MAX_LINE for line in raw.split(b"\r\n"))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    # people with no usable address are left out of the headers (a header of nobody, left out)
    heads = [
        (field, ids)
        for field, everyone in (("From", (message.sender,)), ("To", message.recipients))
        for ids in [tuple(p for p in everyone if has_address(network.people[p]))]
        if ids
    ]
    assert sorted(parsed.keys()) == sorted(
        [field for field, _ in heads]
        + ["X-Unsent", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
        + (["Subject"] if message.subject and one_line(message.subject) else [])
    )
    for field, ids in heads:
        header = parsed[field]
        assert not header.defects, (field, header.defects, raw)
        assert len(header.groups) == len(ids)  # one mailbox or empty group per person, no more
        for group, pid in zip(header.groups, ids):
            person = network.people[pid]
            addresses = [a.addr_spec for a in group.addresses]
            if group.display_name is None:  # a mailbox, not a group
                assert addresses == [person.email]  # the person's own address, as the file has it
                assert _spaceless(group.addresses[0].display_name) == _spaceless(_shown(person))
            else:
                assert addresses == [] and _spaceless(group.display_name) == _spaceless(_shown(person))
            if person.email and _SIMPLE.fullmatch(person.email):
                assert addresses == [person.email]
        # a second reader, which decodes nothing, finds the same addresses, and the names
        # decoded as RFC 2047 says are the names exactly
        found = email.utils.getaddresses([_unfolded(raw, field)])
        assert [a for _, a in found if a] == [a.addr_spec for a in header.addresses]
        names = [_decoded(name) for name, address in found if address]
        assert names == [_shown(network.people[p]) for p in ids if _address_of(header, network.people[p])]
    if message.subject and one_line(message.subject):
        assert parsed["Subject"] == one_line(message.subject)
    assert parsed["X-Unsent"] == "1"


def test_a_long_subject_is_folded_within_rfc_5322s_limits() -> None:
    people = {"a": Person(id="a", name="Ann", email="a@example.org"), "b": Person(id="b", name="Ben")}
    network = Network(people=people, relationships=[])
    for subject in ("word " * 400, "x" * 3000, "ö" * 2000):
        raw = message_eml(network, Message("ask", "a", ("b",), subject, "Hi"))
        head = raw.split(b"\r\n\r\n")[0].split(b"\r\n")
        assert max(len(line) for line in head) <= 78
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert parsed["Subject"] == one_line(subject)
