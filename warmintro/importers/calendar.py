"""`warmintro import calendar`: who the user met, and who met together, from an .ics export.

Only attendance is read: each event's organiser and attendees (name from CN, address from
``mailto:``), its start, its status and its repeat rule. Summaries, descriptions, locations and
attachments are never looked at.

A meeting counts when the user was in it (the organiser, or an attendee who did not decline),
it was not cancelled, it had at most 20 people, and it started on or before the day of the
import (``--as-of``). Events with no attendees (the user's own appointments) and events the user
is not in (a shared calendar's) are skipped and counted. Repeating events are expanded into
their meetings from 20 years before that day (`HISTORY_YEARS`), which keeps even a daily event
since 1970 quick; each meeting counts once, however many times the file lists it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Network
from . import SourceError
from .evidence import Encounter, Evidence, Identities, Rules, gather
from .mail import Summary
from .mailheaders import MAX_RECIPIENTS, display_name

#: How far back repeating events are expanded.
HISTORY_YEARS = 20
#: The largest .ics file read.
MAX_ICS_BYTES = 256 << 20


def _address(value: Any) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and " " not in text and len(text) < 320 else ""


def _param(value: Any, name: str) -> str:
    params = getattr(value, "params", None) or {}
    try:
        return str(params.get(name, "") or "")
    except (TypeError, ValueError):
        return ""


def _day(value: Any) -> dt.date | None:
    when = getattr(value, "dt", value)
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    return None


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
    import icalendar

    mine = {a.lower() for a in my_addresses}
    identities = Identities(network, me, mine)
    summary = Summary(str(path), Evidence("calendar", me, {}, {}))
    text = _read_text(path)
    starts = [number for number, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError... for broken files
        raise SourceError(f"{path}: cannot be read as a calendar (.ics): {exc}") from None
    if not calendars:
        raise SourceError(f"{path}: holds no calendar (BEGIN:VCALENDAR); is it an .ics export?")
    events: list[tuple[str, Any]] = []
    for calendar in calendars:
        for component in calendar.walk("VEVENT"):
            where = f"{path.name}: line {starts[len(events)]}" if len(events) < len(starts) else path.name
            events.append((where, component))
    # a repeating event is its master and the occurrences it changes, under one UID
    series: dict[str, list[tuple[str, Any]]] = {}
    for index, (where, component) in enumerate(events):
        uid = str(component.get("UID", "") or f"#{index}")
        series.setdefault(uid, []).append((where, component))
    start = (
        as_of.replace(year=as_of.year - HISTORY_YEARS)
        if not (as_of.month == 2 and as_of.day == 29)
        else (dt.date(as_of.year - HISTORY_YEARS, 3, 1))
    )
    end = as_of + dt.timedelta(days=1)
    names: dict[str, Counter[str]] = {}
    encounters: list[Encounter] = []
    seen: set[tuple[str, str]] = set()
    for uid, parts in series.items():
        where = parts[0][0]
        try:
            occurrences = _occurrences(parts, calendars[0], start, end)
        except Exception:  # a repeat rule dateutil or recurring-ical-events cannot follow
            summary.read += 1
            summary.skip("its repeat rule (RRULE) cannot be followed", where)
            continue
        for component in occurrences:
            summary.read += 1
            reason = _meeting(component, mine, as_of, names)
            day = _day(component.get("DTSTART"))
            key = (uid, day.isoformat() if day else "")
            if reason is None and key in seen:
                reason = "the same meeting again"
            if isinstance(reason, str) or day is None:
                summary.skip(reason if isinstance(reason, str) else "no start date", where)
                continue
            seen.add(key)
            summary.used += 1
            encounters.append(Encounter(day.toordinal(), len(encounters), None, reason))
    rules = Rules("calendar", minimum=min_meetings, two_way=False)
    summary.evidence = gather(encounters, names, identities, rules)
    return summary


def _read_text(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ICS_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder; name the .ics file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_ICS_BYTES:
        raise SourceError(f"{path}: is larger than {MAX_ICS_BYTES >> 20} MiB; is it the right file?")
    if b"\x00" in data[:4096]:
        raise SourceError(f"{path}: holds binary data, not a calendar (.ics)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _occurrences(parts: list[tuple[str, Any]], calendar: Any, start: dt.date, end: dt.date) -> list[Any]:
    """The meetings of one event (one UID): itself, or each repetition between start and end."""
    components = [c for _, c in parts]
    if len(components) == 1 and not any(k in components[0] for k in ("RRULE", "RDATE", "RECURRENCE-ID")):
        return components
    import icalendar
    import recurring_ical_events

    single = icalendar.Calendar()
    for timezone in calendar.walk("VTIMEZONE"):
        single.add_component(timezone)
    for component in components:
        single.add_component(component)
    return list(recurring_ical_events.of(single).between(start, end))


def _meeting(component: Any, mine: set[str], as_of: dt.date, names: dict[str, Counter[str]]) -> str | tuple[str, ...]:
    """The other people at a meeting the user attended, or why it does not count."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return "cancelled"
    day = _day(component.get("DTSTART"))
    if day is None:
        return "no start date"
    if day > as_of:
        return "after the day of the import (--as-of)"
    attendees = component.get("ATTENDEE")
    if attendees is None:
        attendees = []
    elif not isinstance(attendees, list):
        attendees = [attendees]
    organizer = component.get("ORGANIZER")
    people: dict[str, tuple[str, bool]] = {}  # address -> (name, declined)
    for value in ([organizer] if organizer is not None else []) + attendees:
        address = _address(value)
        if not address:
            continue
        declined = _param(value, "PARTSTAT").upper() == "DECLINED" and value is not organizer
        name = display_name(_param(value, "CN"), address)
        if address not in people or not declined:
            people[address] = (name, declined)
    if not attendees:
        return "no attendees (your own appointment)"
    if len(people) > MAX_RECIPIENTS:
        return f"more than {MAX_RECIPIENTS} attendees"
    here = [address for address in people if address in mine]
    if not here:
        return "you are not among its attendees"
    if all(people[address][1] for address in here):
        return "you declined"
    others = [address for address, (_, declined) in people.items() if not declined and address not in mine]
    for address, (name, _) in people.items():
        counter = names.setdefault(address, Counter())
        if name:
            counter[name] += 1
    return tuple(others)
