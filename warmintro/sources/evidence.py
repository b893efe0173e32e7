"""Evidence: what mail and calendars say about a relationship, and the strength it supports.

A relationship may carry ``evidence:``, per channel, counts and dates::

    evidence: {mail: {sent: 12, received: 9, first: 2021-03-02, last: 2026-10-14},
               calendar: {meetings: 3, first: 2025-02-01, last: 2026-09-30}}

for the user and a contact (*direct* evidence), or ``mail: {threads: 6, ...}`` and
``calendar: {meetings: 2}`` for two contacts who were on the same threads or in the same
meetings as the user (*co-occurrence*). This module is the one place that turns evidence into a
strength and a last contact; the rules (docs/imports.md, "One network, several files", Evidence) are:

Direct: an *exchange* is a message each way (``min(sent, received)``); a meeting counts as one.
  * no exchange and no meeting (mail one way only): ``acquaintance``, never more;
  * 1 or more: ``weak``; 6 or more: ``good``; 20 or more: ``strong``;
    50 or more over at least a year (first to last): ``close``.
Co-occurrence: shared threads plus shared meetings.
  * fewer than 3: ``acquaintance``; 3 or more: ``weak``;
    12 or more over at least 180 days: ``good``, never more.

More contact never lowers a strength: every threshold is a lower bound on a count or a span.
The last contact is the last two-way one: a meeting, or mail when it went both ways (for
co-occurrence, the last shared thread or meeting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..dates import PartialDate, parse_partial_date
from ..model import STRENGTHS

#: Direct evidence: least exchanges + meetings for each strength above acquaintance.
DIRECT_THRESHOLDS: tuple[tuple[str, int], ...] = (("weak", 1), ("good", 6), ("strong", 20), ("close", 50))
#: `close` also needs contact spread over at least this many days.
CLOSE_SPAN_DAYS = 365
#: Co-occurrence: least shared threads + meetings for `weak`, and for `good` (with the span).
SHARED_WEAK = 3
SHARED_GOOD = 12
SHARED_GOOD_SPAN_DAYS = 180
#: The warmest strength co-occurrence alone supports.
SHARED_CEILING = "good"

MAIL_FIELDS = ("sent", "received", "threads", "first", "last")
CALENDAR_FIELDS = ("meetings", "first", "last")
CHANNELS = {"mail": MAIL_FIELDS, "calendar": CALENDAR_FIELDS}


@dataclass(frozen=True)
class Channel:
    """One channel's counts and dates; a count not given is 0."""

    sent: int = 0
    received: int = 0
    threads: int = 0
    meetings: int = 0
    first: dt.date | None = None
    last: dt.date | None = None

    def __add__(self, other: Channel) -> Channel:
        """Two sources' views of the same channel (two mailboxes): counts add up, dates widen."""
        return Channel(
            self.sent + other.sent,
            self.received + other.received,
            self.threads + other.threads,
            self.meetings + other.meetings,
            _earliest(self.first, other.first),
            _latest(self.last, other.last),
        )


@dataclass(frozen=True)
class Evidence:
    mail: Channel | None = None
    calendar: Channel | None = None

    def __add__(self, other: Evidence) -> Evidence:
        def add(a: Channel | None, b: Channel | None) -> Channel | None:
            return b if a is None else a if b is None else a + b

        return Evidence(add(self.mail, other.mail), add(self.calendar, other.calendar))

    @property
    def exchanges(self) -> int:
        """Messages both ways: the smaller of sent and received."""
        return min(self.mail.sent, self.mail.received) if self.mail else 0

    @property
    def meetings(self) -> int:
        return self.calendar.meetings if self.calendar else 0

    @property
    def shared(self) -> int:
        """Threads and meetings two contacts shared."""
        return (self.mail.threads if self.mail else 0) + self.meetings

    @property
    def first(self) -> dt.date | None:
        return _earliest(*(c.first for c in self._channels()))

    def span_days(self) -> int:
        """Days from the first contact any channel knows to the last (0 when unknown)."""
        first, last = self.first, _latest(*(c.last for c in self._channels()))
        return (last - first).days if first and last and last > first else 0

    def _channels(self) -> tuple[Channel, ...]:
        return tuple(c for c in (self.mail, self.calendar) if c is not None)

    def is_direct(self) -> bool:
        """Whether this is contact with the user (sent or received mail) rather than co-occurrence."""
        return self.mail is not None and (self.mail.sent > 0 or self.mail.received > 0)

    def strength(self, direct: bool) -> str:
        """The warmest strength this evidence supports (see the module docstring)."""
        if direct:
            count = self.exchanges + self.meetings
            label = "acquaintance"
            for name, least in DIRECT_THRESHOLDS:
                if count >= least and (name != "close" or self.span_days() >= CLOSE_SPAN_DAYS):
                    label = name
            return label
        count = self.shared
        if count >= SHARED_GOOD and self.span_days() >= SHARED_GOOD_SPAN_DAYS:
            return SHARED_CEILING
        return "weak" if count >= SHARED_WEAK else "acquaintance"

    def last_contact(self, direct: bool) -> dt.date | None:
        """The last two-way contact: a meeting, or mail that went both ways (for two contacts,
        the last thread or meeting they shared)."""
        days = [self.calendar.last if self.calendar else None]
        if self.mail is not None and (not direct or self.exchanges > 0):
            days.append(self.mail.last)
        return _latest(*days)

    def to_json(self) -> dict[str, dict[str, object]]:
        """The shape the file uses: only counts and dates a channel has."""
        data: dict[str, dict[str, object]] = {}
        for name, channel in (("mail", self.mail), ("calendar", self.calendar)):
            if channel is None:
                continue
            entry: dict[str, object] = {}
            for key in CHANNELS[name]:
                value = getattr(channel, key)
                if isinstance(value, dt.date):
                    entry[key] = value.isoformat()
                elif value:
                    entry[key] = value
            data[name] = entry
        return data

    def describe(self, direct: bool) -> str:
        """For people: ``14 emails both ways, last October 2026; 3 meetings``."""
        parts = []
        if self.mail is not None:
            mail = self.mail
            if direct and mail.sent and mail.received:
                text = f"{_count(mail.sent + mail.received, 'email')} both ways"
            elif direct:
                text = (
                    f"{_count(mail.sent, 'email')} sent, none back"
                    if mail.sent
                    else (f"{_count(mail.received, 'email')} received, none sent")
                )
            else:
                text = f"{_count(mail.threads, 'shared thread')}"
            if mail.last and (not direct or mail.sent or mail.received):
                text += f", last {mail.last:%B %Y}"
            parts.append(text)
        if self.calendar is not None:
            text = _count(self.calendar.meetings, "shared meeting" if not direct else "meeting")
            if self.calendar.last:
                text += f", last {self.calendar.last:%B %Y}"
            parts.append(text)
        return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _earliest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _latest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def parse_evidence(value: Any) -> tuple[Evidence | None, list[str], list[str]]:
    """The evidence in a relationship's `evidence:` value as read from the file, with error and
    warning messages (unknown channels and counts are warnings: a newer importer may add some)."""
    errors: list[str] = []
    warnings: list[str] = []
    if value is None:
        return None, errors, warnings
    if not isinstance(value, Mapping):
        errors.append("'evidence' should be a mapping like {mail: {sent: 3, received: 2}}")
        return None, errors, warnings
    channels: dict[str, Channel] = {}
    for name, entry in value.items():
        if name not in CHANNELS:
            warnings.append(f"unknown evidence channel '{name}'; it is kept but not used (channels: mail, calendar)")
            continue
        if entry is None:
            entry = {}
        if not isinstance(entry, Mapping):
            errors.append(f"'evidence.{name}' should be a mapping of counts and dates")
            continue
        found: dict[str, Any] = {}
        for key, item in entry.items():
            if key not in CHANNELS[name]:
                known = ", ".join(CHANNELS[name])
                warnings.append(f"unknown field '{key}' in evidence.{name}; it is kept but not used ({known})")
            elif key in ("first", "last"):
                day = _day(item)
                if day is None:
                    errors.append(f"'evidence.{name}.{key}' should be a date (YYYY-MM-DD), not {item!r}")
                else:
                    found[key] = day
            elif isinstance(item, bool) or not isinstance(item, int) or item < 0:
                errors.append(f"'evidence.{name}.{key}' should be a whole number of 0 or more, not {item!r}")
            else:
                found[key] = item
        channel = Channel(**found)
        if channel.first and channel.last and channel.last < channel.first:
            errors.append(f"'evidence.{name}' has last {channel.last} before first {channel.first}")
        channels[name] = channel
    if errors:
        return None, errors, warnings
    return Evidence(channels.get("mail"), channels.get("calendar")), errors, warnings


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, str):
        try:
            return parse_partial_date(value).as_date()
        except ValueError:
            return None
    return None


def evidence_of(extra: Mapping[str, Any]) -> Evidence | None:
    """The evidence kept with a relationship (already checked when the file was read)."""
    value = extra.get("evidence")
    if value is None:
        return None
    evidence, errors, _ = parse_evidence(value)
    return None if errors else evidence


def derived(
    evidence: Evidence, direct: bool, strength: str | None, last_contact: PartialDate | None
) -> tuple[str, PartialDate | None]:
    """A relationship's strength and last contact with its evidence: a strength the file gives
    wins (None: the evidence's); the last contact is the later of the file's and the evidence's."""
    label = strength if strength is not None else evidence.strength(direct)
    day = evidence.last_contact(direct)
    if day is not None and (last_contact is None or last_contact.as_date() < day):
        last_contact = PartialDate(day.year, day.month, day.day)
    return label, last_contact


def warmer(a: str, b: str) -> str:
    return a if STRENGTHS.index(a) >= STRENGTHS.index(b) else b
