"""Dates as people write them in a contacts file: a year, a year and month, or a full date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Earliest and latest years accepted; anything outside is almost certainly a typo.
MIN_YEAR = 1900
MAX_YEAR = 2200


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    `text` is the canonical spelling (``2004``, ``2026-05``, ``2026-05-14``), used when the date
    is written back or shown.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def text(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.text

    def as_date(self) -> dt.date:
        """The day this date stands for in the warmth model: a year is 1 July, a month its 1st."""
        if self.month is None:
            return dt.date(self.year, 7, 1)
        return dt.date(self.year, self.month, self.day or 1)

    def earliest(self) -> dt.date:
        """The first day this date can mean: 1 January of a year, the 1st of a month."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date can mean: 31 December of a year, the last of a month."""
        if self.day is not None:
            assert self.month is not None
            return dt.date(self.year, self.month, self.day)
        if self.month is None or self.month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
    raw = text.strip()
    match = _PARTIAL.match(raw)
    if not match:
        raise ValueError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}; months run 01-12")
    if day is not None:
        assert month is not None
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is not a day of the calendar") from None
    return PartialDate(year, month, day)


#: Words taken for a day wherever a date is given on the command line: days before today.
RELATIVE_DAYS: dict[str, int] = {"today": 0, "yesterday": 1}


def relative_day(text: str, today: dt.date | None = None) -> dt.date | None:
    """The day `text` names relative to `today` (``today``, ``yesterday``, any case), else None."""
    back = RELATIVE_DAYS.get(text.strip().lower())
    if back is None:
        return None
    return (today or dt.date.today()) - dt.timedelta(days=back)


def parse_as_of(text: str) -> dt.date:
    """Parse an ``--as-of`` value: ``today``, ``yesterday``, a full date, or a partial one read as
    the warmth model does."""
    day = relative_day(text)
    if day is not None:
        return day
    try:
        return parse_partial_date(text).as_date()
    except ValueError as exc:
        raise ValueError(f"{exc} (or 'today', 'yesterday')") from None


#: Days in each unit a duration may be written in ("3 months", "2 weeks", "1 year", "90 days").
DURATION_UNITS: dict[str, float] = {"day": 1, "week": 7, "month": 365.25 / 12, "year": 365.25}
_DURATION = re.compile(r"^\s*(\d{1,4})\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
#: Words for "no interval": keep no schedule for these ties.
NEVER = ("never", "no", "off")


def parse_duration(text: str) -> int | None:
    """Days in ``3 months``, ``2 weeks``, ``1 year``, ``90 days`` (or a bare number of days);
    None for ``never``. Raises ValueError with a readable reason."""
    raw = str(text).strip()
    if raw.casefold() in NEVER:
        return None
    if raw.isdigit():
        days = int(raw)
    else:
        match = _DURATION.match(raw)
        if not match:
            raise ValueError(f"'{text}' is not a duration; write e.g. '3 months', '2 weeks', '1 year' or 'never'")
        days = round(int(match.group(1)) * DURATION_UNITS[match.group(2).lower()])
    if not 1 <= days <= 36525:
        raise ValueError(f"'{text}' should be from 1 day to 100 years")
    return days
