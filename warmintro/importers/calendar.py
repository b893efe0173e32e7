"""`warmintro import calendar`: who the user met, and who met together, from an .ics export.

Only attendance is read: each event's organiser and attendees (name from CN, address from
``mailto:``), its start, its status and its repeat rule. Summaries, descriptions, locations,
alarms and attachments are never looked at.

A meeting counts when the user was in it (the organiser, or an attendee who did not decline),
it was not cancelled, it had at most 20 people, and it started on or before the day of the
import (``--as-of``). Events with no attendees (the user's own appointments) and events the user
is not in (a shared calendar's) are skipped and counted. Each meeting counts once, however many
times the file lists it.

Repeating events are expanded into their meetings from `HISTORY_YEARS` before that day: an
RRULE with EXDATEs and changed occurrences (RECURRENCE-ID) is followed with dateutil's
``rrule``, at most `MAX_STEPS` steps of it (a rule repeating every second since 1970 is a
counted skip, not a hang); the rarer RDATE and EXRULE go to recurring-ical-events. The file is
read by a small reader of its own that looks only at the properties above: icalendar parses every
property of every event, which takes minutes for a calendar of 20,000 events.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import Network
from . import SourceError
from .evidence import Encounter, Evidence, Identities, Rules, gather
from .mail import Summary
from .mailheaders import MAX_RECIPIENTS, display_name

#: How far back repeating events are expanded.
HISTORY_YEARS = 20
#: The most steps of one repeat rule followed (a daily rule since 1970 takes about 21,000).
MAX_STEPS = 100_000
#: The largest .ics file read.
MAX_ICS_BYTES = 256 << 20

_WANTED = frozenset(
    {"BEGIN", "END", "UID", "DTSTART", "STATUS", "ORGANIZER", "ATTENDEE", "RRULE", "RDATE", "EXDATE", "EXRULE",
     "RECURRENCE-ID"}
)  # fmt: skip
_LINE = re.compile(r'([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:])*)*):(.*)', re.DOTALL)
_PARAM = re.compile(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:])*)')
_KEY = re.compile(r"[A-Za-z0-9-]+")
_WHEN = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$")


@dataclass(frozen=True)
class Person:
    address: str
    name: str
    declined: bool


@dataclass
class Event:
    """One VEVENT, as far as attendance goes."""

    line: int
    uid: str = ""
    start: dt.datetime | None = None  # local time as written; a whole-day event at midnight
    status: str = ""
    organizer: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    exdates: set[dt.datetime] = field(default_factory=set)
    recurrence_id: dt.datetime | None = None
    #: RDATE or EXRULE: expanded by recurring-ical-events from the event's own text.
    unusual: bool = False
    #: Where its content lines are in the file's unfolded lines: [first, last).
    span: tuple[int, int] = (0, 0)
    #: The file ended inside it (no END:VEVENT): a cut-off export, counted as a skip.
    cut_off: bool = False


def _when(value: str) -> dt.datetime | None:
    """``20260901T100000``, ``...Z`` or ``20260901`` as a naive datetime; None for anything else."""
    match = _WHEN.match(value.strip())
    if match is None:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    try:
        return dt.datetime(*parts)  # type: ignore[arg-type]
    except ValueError:
        return None


@functools.lru_cache(maxsize=65536)
def _person(param_text: str, value: str, organizer: bool) -> Person | None:
    """An organiser or attendee (cached: the same people come back in event after event)."""
    params = {k.upper(): v.strip('"') for k, v in _PARAM.findall(param_text)}
    address = value.strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    address = address.strip().lower()
    if "@" not in address or " " in address or len(address) > 320:
        return None
    declined = not organizer and params.get("PARTSTAT", "").upper() == "DECLINED"
    return Person(address, display_name(params.get("CN", ""), address), declined)


def read_events(text: str) -> tuple[list[Event], list[str]]:
    """The VEVENTs of an .ics text (alarms and other nested components left out) and its
    unfolded content lines. Raises SourceError when there is no VCALENDAR at all."""
    events: list[Event] = []
    lines: list[str] = []
    stack: list[str] = []
    event: Event | None = None
    calendars = 0
    for number, line in _unfolded(text):
        lines.append(line)
        found = _KEY.match(line)
        key = found.group().upper() if found else ""
        if key not in _WANTED:
            continue
        if key == "BEGIN":
            kind = line[6:].strip().upper()
            stack.append(kind)
            calendars += kind == "VCALENDAR"
            if kind == "VEVENT":
                event = Event(number, span=(len(lines) - 1, 0))
            continue
        if key == "END":
            kind = line[4:].strip().upper()
            if kind in stack:
                while stack and stack.pop() != kind:
                    pass
            if kind == "VEVENT" and event is not None:
                event.span = (event.span[0], len(lines))
                events.append(event)
                event = None
            continue
        if event is None or not stack or stack[-1] != "VEVENT":
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        value = match.group(3)
        if key == "UID":
            event.uid = value.strip()
        elif key == "DTSTART":
            event.start = _when(value)
        elif key == "STATUS":
            event.status = value.strip().upper()
        elif key in ("ORGANIZER", "ATTENDEE"):
            person = _person(match.group(2), value, key == "ORGANIZER")
            if person is not None and key == "ORGANIZER":
                event.organizer = person
            elif person is not None:
                event.attendees.append(person)
        elif key == "RRULE":
            event.rules.append(value.strip())
        elif key == "EXDATE":
            event.exdates.update(d for d in map(_when, value.split(",")) if d is not None)
        elif key == "RECURRENCE-ID":
            event.recurrence_id = _when(value)
        else:  # RDATE, EXRULE
            event.unusual = True
    if not calendars:
        raise SourceError("holds no calendar (BEGIN:VCALENDAR); is it an .ics export?")
    if event is not None:
        event.span, event.cut_off = (event.span[0], len(lines)), True
        events.append(event)
    return events, lines


def _unfolded(text: str) -> Iterator[tuple[int, str]]:
    """The content lines of an .ics text with their first line numbers (RFC 5545 unfolding)."""
    current: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if raw[:1] in (" ", "\t") and current:
            current.append(raw[1:])
            continue
        if current:
            yield first, "".join(current)
        current, first = [raw], number
    if current:
        yield first, "".join(current)


class Unfollowable(Exception):
    """A repeat rule that cannot be followed (broken, or repeating too often)."""


def occurrences(series: list[Event], start: dt.datetime, end: dt.datetime, lines: list[str]) -> list[Event]:
    """The meetings of one event (all VEVENTs with one UID) that start in [start, end)."""
    masters = [e for e in series if e.rules or e.unusual]
    if not masters:
        return series
    master = masters[0]
    if master.unusual or len(master.rules) > 1:
        return _expanded_by_library(series, start, end, lines)
    if master.start is None:
        raise Unfollowable("no DTSTART")
    from dateutil.rrule import rrulestr

    rule_text = re.sub(r"(UNTIL=\d{8}(?:T\d{6})?)Z", r"\1", master.rules[0])  # DTSTART is naive here
    try:
        rule = rrulestr(rule_text, dtstart=master.start, ignoretz=True)
    except (ValueError, TypeError, OverflowError, IndexError, KeyError) as exc:
        raise Unfollowable(str(exc)) from None
    changed = {e.recurrence_id: e for e in series if e.recurrence_id is not None and e is not master}
    found: list[Event] = []
    try:
        for steps, when in enumerate(rule):
            if when >= end:
                break
            if steps >= MAX_STEPS:
                raise Unfollowable("repeats too often")
            if when < start or when in master.exdates:
                continue
            moved = changed.pop(when, None)
            found.append(moved if moved is not None else replace(master, start=when))
    except (ValueError, OverflowError) as exc:
        raise Unfollowable(str(exc)) from None
    # changed occurrences that moved into the window from a day outside it
    found += [e for e in changed.values() if e.start is not None and start <= e.start < end]
    return found


def _expanded_by_library(series: list[Event], start: dt.datetime, end: dt.datetime, lines: list[str]) -> list[Event]:
    """RDATE, EXRULE and several RRULEs: recurring-ical-events, on this event's own text (its
    times read as the local times they are written in, like the rest of this module)."""
    import icalendar
    import recurring_ical_events

    own = [re.sub(r";TZID=[^;:]*", "", line) for e in series for line in lines[e.span[0] : e.span[1]]]
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *own, "END:VCALENDAR"])
    try:
        calendar = icalendar.Calendar.from_ical(text)
        components = list(recurring_ical_events.of(calendar).between(start, end))
    except Exception as exc:
        raise Unfollowable(str(exc)) from None
    by_start = {e.start: e for e in series}
    found = []
    for component in components:
        when = component.get("DTSTART")
        day = getattr(when, "dt", None)
        if isinstance(day, dt.datetime):
            day = day.replace(tzinfo=None)
        elif isinstance(day, dt.date):
            day = dt.datetime(day.year, day.month, day.day)
        else:
            continue
        rid = component.get("RECURRENCE-ID")
        template = by_start.get(day) or series[0]
        if rid is not None:
            template = next((e for e in series if e.recurrence_id is not None and e.start == day), template)
        found.append(replace(template, start=day))
    return found


def read_calendar(
    path: Path,
    network: Network,
    me: str,
    my_addresses: Iterable[str],
    *,
    as_of: dt.date,
    min_meetings: int = 1,
) -> Summary:
    """Read the .ics file at `path` and gather the evidence in it (see the module's docstring).
    Raises SourceError when the file cannot be read as a calendar at all."""
    mine = {a.lower() for a in my_addresses}
    identities = Identities(network, me, mine)
    summary = Summary(str(path), Evidence("calendar", me, {}, {}))
    try:
        events, lines = read_events(_read_text(path))
    except SourceError as exc:
        raise SourceError(f"{path}: {exc}") from None
    series: dict[str, list[Event]] = {}
    for event in events:
        if event.cut_off:
            summary.read += 1
            summary.skip("the file ends inside it (a cut-off export?)", f"{path.name}: line {event.line}")
            continue
        series.setdefault(event.uid or f"#{event.line}", []).append(event)
    first_year = max(1, as_of.year - HISTORY_YEARS)
    start = dt.datetime(first_year, as_of.month, 28 if as_of.month == 2 else as_of.day)
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    names: dict[str, Counter[str]] = {}
    encounters: list[Encounter] = []
    seen: set[tuple[str, dt.date]] = set()
    for uid, parts in series.items():
        where = f"{path.name}: line {parts[0].line}"
        try:
            meetings = occurrences(parts, start, end, lines)
        except Unfollowable:
            summary.read += 1
            summary.skip("its repeat rule (RRULE) cannot be followed", where)
            continue
        for event in meetings:
            summary.read += 1
            reason = _meeting(event, mine, as_of)
            if isinstance(reason, str):
                summary.skip(reason, f"{path.name}: line {event.line}")
                continue
            assert event.start is not None
            day = event.start.date()
            if (uid, day) in seen:
                summary.skip("the same meeting again", f"{path.name}: line {event.line}")
                continue
            seen.add((uid, day))
            summary.used += 1
            for person in (event.organizer, *event.attendees):
                if person is not None and person.name:
                    names.setdefault(person.address, Counter())[person.name] += 1
            for address in reason:
                names.setdefault(address, Counter())
            encounters.append(Encounter(day.toordinal(), len(encounters), None, reason))
    rules = Rules("calendar", minimum=min_meetings, two_way=False)
    summary.evidence = gather(encounters, names, identities, rules)
    return summary


def _read_text(path: Path) -> str:
    if path.exists() and not (path.is_file() or path.is_dir()):  # a FIFO would make open() wait
        raise SourceError("is a device, a FIFO or a socket, not a calendar file")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ICS_BYTES + 1)
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a folder; name the .ics file") from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_ICS_BYTES:
        raise SourceError(f"is larger than {MAX_ICS_BYTES >> 20} MiB; is it the right file?")
    if b"\x00" in data[:4096]:
        raise SourceError("holds binary data, not a calendar (.ics)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _meeting(event: Event, mine: set[str], as_of: dt.date) -> str | tuple[str, ...]:
    """The other people at a meeting the user attended, or why it does not count."""
    if event.status == "CANCELLED":
        return "cancelled"
    if event.start is None:
        return "no start date (DTSTART)"
    if event.start.date() > as_of:
        return "after the day of the import (--as-of)"
    if not event.attendees:
        return "no attendees (your own appointment)"
    people: dict[str, bool] = {}  # address -> declined
    for person in (event.organizer, *event.attendees):
        if person is not None:
            people[person.address] = people.get(person.address, True) and person.declined
    if len(people) > MAX_RECIPIENTS:
        return f"more than {MAX_RECIPIENTS} attendees"
    here = [address for address in people if address in mine]
    if not here:
        return "you are not among its attendees"
    if all(people[address] for address in here):
        return "you declined"
    return tuple(address for address, declined in people.items() if not declined and address not in mine)
