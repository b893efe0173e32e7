"""What warmintro reads of a message: a few headers, decoded.

Only From, To, Cc, Date, Message-ID, In-Reply-To, References, List-*, Precedence,
Auto-Submitted, X-Autoreply / X-Autorespond and X-Gmail-Labels are looked at; the rest of the
header block (Subject included) is passed over, and the body is never read at all (see
`warmintro.importers.mailscan`).

Names are decoded from RFC 2047 (``=?utf-8?q?Bj=C3=B6rn?=``), ``Last, First`` is turned into
``First Last``, addresses are compared in lower case. Header bytes that are not UTF-8 (8-bit
headers in an unknown charset) are read as Windows-1252 rather than refused.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import re
from dataclasses import dataclass
from email.header import decode_header, make_header

from ..queries.matching import LEGAL_FORMS

#: A message with more recipients than this is an announcement, not a conversation.
MAX_RECIPIENTS = 20

_WANTED = frozenset(
    {
        b"from", b"to", b"cc", b"date", b"message-id", b"in-reply-to", b"references", b"precedence",
        b"auto-submitted", b"x-autoreply", b"x-autorespond", b"x-gmail-labels", b"list-id",
        b"list-unsubscribe", b"list-post", b"list-help", b"list-subscribe",
    }
)  # fmt: skip
#: The usual Date: ``Mon, 2 Mar 2026 09:00:00 +0200`` (anything else goes to the email package).
_DATE = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4})?"
)
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_NO_REPLY = re.compile(
    r"^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?|notifications?|"
    r"noreply[-+.].*|no-reply[-+.].*|.*[-+.]noreply|.*[-+.]no-reply)@",
    re.IGNORECASE,
)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


@dataclass(frozen=True)
class Mail:
    """What one message says about who wrote to whom, and when."""

    sender: str  # lower-case address
    recipients: tuple[str, ...]  # To and Cc, lower case, each once, in order
    names: tuple[tuple[str, str], ...]  # (address, display name) for every named mailbox
    date: dt.date | None
    message_id: str | None
    thread: str | None  # the first message of its thread (References' first, In-Reply-To, itself)
    bulk: str | None  # why it is bulk mail, or None
    labels: tuple[str, ...]


def header_fields(block: bytes) -> dict[bytes, list[bytes]]:
    """The wanted headers of a header block, unfolded: name (lower case) -> values."""
    fields: dict[bytes, list[bytes]] = {}
    current: list[bytes] | None = None
    for line in block.split(b"\n"):
        if line and line[:1] in b" \t":  # a continuation of the header before
            if current is not None:
                current[-1] += b" " + line.strip()
            continue
        name, colon, value = line.partition(b":")
        key = name.rstrip().lower()
        if colon and key in _WANTED:
            current = fields.setdefault(key, [])
            current.append(value.strip())
        else:
            current = None
    return fields


def text_of(value: bytes) -> str:
    """Header bytes as text: UTF-8, else Windows-1252 (8-bit headers in an unknown charset)."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", errors="replace")


def decoded(text: str) -> str:
    """A header value with its RFC 2047 encoded words decoded; undecodable parts kept as written."""
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError, AssertionError, IndexError):
        return text


@functools.lru_cache(maxsize=65536)
def display_name(name: str, address: str) -> str:
    """A person's name as a mailbox shows it: decoded, ``Last, First`` as ``First Last``,
    spacing and quotes tidied; '' when the name is only the address again."""
    text = " ".join(decoded(name).replace("\x00", "").split()).strip("'\" ")
    if not text or "@" in text or text.casefold() == address.casefold():
        return ""
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        company = first.casefold().strip(".") in LEGAL_FORMS  # "Acme, Inc." is no "Inc. Acme"
        if last and first and not company and len(first.split()) <= 2 and len(last.split()) <= 2:
            text = f"{first} {last}"
    return "".join(c for c in text if c.isprintable())[:120]


def mailboxes(values: list[bytes]) -> list[tuple[str, str]]:
    """(address in lower case, display name) of every mailbox in address headers."""
    found: list[tuple[str, str]] = []
    for value in values:
        found += _mailboxes(value)
    return found


#: A piece of an address list: a quoted string, an <address>, a comma, or other text.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|<[^<>]*>|,|[^,"<]+')


@functools.lru_cache(maxsize=65536)
def _mailboxes(value: bytes) -> tuple[tuple[str, str], ...]:
    """The mailboxes of one header (cached: the same people write again and again). Plain
    lists (``Name <a@b>, "Last, First" <c@d>, e@f``) are split here; anything with comments,
    groups or escapes goes to the email package's full parser."""
    text = text_of(value)
    if any(c in text for c in "():;\\["):
        pairs = email.utils.getaddresses([text])
    else:
        pairs = []
        name: list[str] = []
        address = ""
        for token in [*_TOKEN.findall(text), ","]:
            if token == ",":
                plain = "".join(name).strip()
                if address:
                    pairs.append((plain, address))
                elif plain:
                    pairs.append(("", plain))
                name, address = [], ""
            elif token.startswith("<"):
                address = token[1:-1]
            elif token.startswith('"'):
                name.append(token[1:-1])
            else:
                name.append(token)
    found = []
    for name_text, address_text in pairs:
        address = address_text.strip().strip("<>").lower()
        if _ADDRESS.match(address):
            found.append((address, display_name(name_text, address)))
    return tuple(found)


def parse_date(values: list[bytes]) -> dt.date | None:
    """The day (in UTC) a message was sent, as its Date header says; None for a missing or
    garbage Date."""
    if not values:
        return None
    text = text_of(values[0]).strip()
    match = _DATE.match(text)
    if match is not None and match.group(2).lower() in _MONTHS:
        day, month, year, hour, minute, _, zone = match.groups()
        try:
            when = dt.datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute))
            if zone:
                offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * (1 if zone[0] == "+" else -1)
                when -= dt.timedelta(minutes=offset)
        except (ValueError, OverflowError):
            return None
        return when.date() if 1970 <= when.year <= 9999 else None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or not 1970 <= parsed.year <= 9999:
        return None
    try:
        return parsed.astimezone(dt.timezone.utc).date() if parsed.tzinfo else parsed.date()
    except (OverflowError, ValueError):
        return parsed.date()


def _ids(values: list[bytes]) -> list[str]:
    return [m.lower() for v in values for m in _MESSAGE_ID.findall(text_of(v))]


def _labels(values: list[bytes]) -> tuple[str, ...]:
    labels: list[str] = []
    for value in values:
        text = decoded(text_of(value))
        for part in re.findall(r'"[^"]*"|[^,]+', text):
            label = part.strip().strip('"').strip()
            if label:
                labels.append(label)
    return tuple(labels)


def bulk_reason(fields: dict[bytes, list[bytes]], sender: str) -> str | None:
    """Why a message is bulk or automatic mail (and so no evidence of a tie), or None."""
    if any(key.startswith(b"list-") for key in fields):
        return "mailing list or newsletter"
    precedence = b" ".join(fields.get(b"precedence", [])).strip().lower()
    if precedence in (b"bulk", b"list", b"junk"):
        return "mailing list or newsletter"
    auto = b" ".join(fields.get(b"auto-submitted", [])).strip().lower().split(b";")[0].strip()
    if auto and auto != b"no":
        return "sent automatically"
    if b"x-autoreply" in fields or b"x-autorespond" in fields:
        return "sent automatically"
    if _NO_REPLY.match(sender):
        return "from a no-reply address"
    return None


def parse_mail(block: bytes) -> Mail | None:
    """The message a header block describes; None when it has no usable From address."""
    fields = header_fields(block)
    senders = mailboxes(fields.get(b"from", []))
    if not senders:
        return None
    sender = senders[0][0]
    named = [box for box in senders[:1] if box[1]]
    recipients: dict[str, None] = {}
    for address, name in mailboxes(fields.get(b"to", []) + fields.get(b"cc", [])):
        recipients.setdefault(address, None)
        if name:
            named.append((address, name))
    own = _ids(fields.get(b"message-id", []))
    message_id = own[0] if own else None
    references = _ids(fields.get(b"references", []))
    replied = _ids(fields.get(b"in-reply-to", []))
    thread = references[0] if references else replied[0] if replied else message_id
    return Mail(
        sender=sender,
        recipients=tuple(recipients),
        names=tuple(named),
        date=parse_date(fields.get(b"date", [])),
        message_id=message_id,
        thread=thread,
        bulk=bulk_reason(fields, sender),
        labels=_labels(fields.get(b"x-gmail-labels", [])),
    )
