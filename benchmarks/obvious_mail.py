"""The obvious way to count ties in mail and calendars, for comparison: what one would write in an
afternoon with the standard library's `mailbox` and `email` (every message parsed whole, bodies
and attachments included) and with icalendar and recurring-ical-events.

    python benchmarks/obvious_mail.py mail ARCHIVE.mbox MY_ADDRESS
    python benchmarks/obvious_mail.py calendar FILE.ics MY_ADDRESS AS_OF
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import mailbox
import sys
from collections import Counter


def mail(path: str, me: str) -> dict[str, int]:
    sent: Counter[str] = Counter()
    received: Counter[str] = Counter()
    seen = set()
    for message in mailbox.mbox(path):
        if message.get("List-Unsubscribe") or message.get("List-Id") or message.get("Precedence"):
            continue
        key = message.get("Message-ID")
        if key in seen:
            continue
        seen.add(key)
        sender = email.utils.parseaddr(str(message.get("From", "")))[1].lower()
        recipients = [str(v) for v in message.get_all("To", []) + message.get_all("Cc", [])]
        to = [a.lower() for _, a in email.utils.getaddresses(recipients)]
        if len(to) > 20:
            continue
        if sender == me:
            sent.update(to)
        else:
            received[sender] += 1
        for part in message.walk():  # what a reader of messages does: every part decoded
            part.get_payload(decode=True)
    return {"contacts": len(set(sent) | set(received)), "sent": sum(sent.values()), "received": sum(received.values())}


def calendar(path: str, me: str, as_of: str) -> dict[str, int]:
    import icalendar
    import recurring_ical_events

    with open(path, "rb") as handle:
        cal = icalendar.Calendar.from_ical(handle.read())
    end = dt.date.fromisoformat(as_of) + dt.timedelta(days=1)
    met: Counter[str] = Counter()
    for event in recurring_ical_events.of(cal).between(dt.date(end.year - 20, 1, 1), end):
        attendees = event.get("ATTENDEE") or []
        attendees = attendees if isinstance(attendees, list) else [attendees]
        for attendee in attendees:
            met[str(attendee).lower().removeprefix("mailto:")] += 1
    met.pop(me, None)
    return {"contacts": len(met), "meetings": sum(met.values())}


if __name__ == "__main__":
    kind, *rest = [a for a in sys.argv[1:] if a != "--json"]  # --json: the benchmark checks the output
    print(json.dumps(mail(*rest) if kind == "mail" else calendar(*rest)))
