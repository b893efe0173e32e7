"""`warmintro import mail`: who the user writes to, and who was on threads together, from an
mbox file, a Maildir or a Google Takeout .zip, headers only.

A message counts when it is in the user's archive once (the same Message-ID in several folders
or Gmail labels is one message), is not in Spam or Trash, is no bulk or automatic mail (see
`warmintro.importers.mailheaders.bulk_reason`), has at most 20 recipients, and has a Date.
Messages from one of the user's addresses are *sent*, all others *received*. Everything else is
skipped and counted by reason, with the first place it happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Network
from .evidence import Encounter, Evidence, Identities, Rules, gather
from .mailheaders import MAX_RECIPIENTS, parse_mail
from .mailscan import SKIPPED_FOLDERS, Problem, Progress, scan_archive


@dataclass
class Summary:
    """What an import read, used and skipped, and the evidence it found."""

    source: str
    evidence: Evidence
    read: int = 0
    used: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    #: The first place each reason to skip was seen ("takeout.mbox: message 12 (line 345)").
    first_skipped: dict[str, str] = field(default_factory=dict)

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        self.first_skipped.setdefault(reason, where)


def _noop(done: int) -> None:
    pass


def read_mail(
    path: Path,
    network: Network,
    me: str,
    my_addresses: Iterable[str],
    *,
    min_messages: int = 1,
    progress: Progress = _noop,
) -> Summary:
    """Read the archive at `path` and gather the evidence in it (see the module's docstring).
    Raises SourceError when the archive cannot be read at all."""
    identities = Identities(network, me, my_addresses)
    names: dict[str, Counter[str]] = {}
    encounters: list[Encounter] = []
    summary = Summary(str(path), Evidence("mail", me, {}, {}))
    seen: set[object] = set()
    threads: dict[str, int] = {}
    for found in scan_archive(path, progress):
        summary.read += 1
        if isinstance(found, Problem):
            summary.skip(found.reason, found.where)
            continue
        where = found.where
        if found.folder.casefold() in SKIPPED_FOLDERS:
            summary.skip("in Spam or Trash", where)
            continue
        mail = parse_mail(found.header)
        if mail is None:
            summary.skip("no usable From address", where)
            continue
        if any(label.casefold() in ("spam", "trash") for label in mail.labels):
            summary.skip("in Spam or Trash", where)
            continue
        key: object = mail.message_id or (mail.sender, mail.recipients, mail.date, found.header.count(b"\n"))
        if key in seen:
            summary.skip("the same message again (another folder or label)", where)
            continue
        seen.add(key)
        if mail.bulk:
            summary.skip(mail.bulk, where)
            continue
        if len(mail.recipients) > MAX_RECIPIENTS:
            summary.skip(f"more than {MAX_RECIPIENTS} recipients", where)
            continue
        if mail.date is None:
            summary.skip("no Date, or one that is not a date", where)
            continue
        summary.used += 1
        for address in (mail.sender, *mail.recipients):
            if address not in names:
                names[address] = Counter()
        for address, name in mail.names:
            names[address][name] += 1
        thread = threads.setdefault(mail.thread or f"#{summary.read}", len(threads))
        encounters.append(Encounter(mail.date.toordinal(), thread, mail.sender, mail.recipients))
    summary.evidence = gather(_iter(encounters), names, identities, Rules("mail", minimum=min_messages))
    return summary


def _iter(encounters: list[Encounter]) -> Iterator[Encounter]:
    yield from encounters
