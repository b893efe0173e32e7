"""The statuses of an ask in the ledger, and the state machine they follow.

Plain constants, kept apart from `warmintro.ledger.asks` so that the command line can name the
statuses (for its choices and help) without loading the ledger's model at start-up.
"""

from __future__ import annotations

#: Every status an ask can have, in the order an ask usually goes through them.
STATUSES: tuple[str, ...] = ("drafted", "asked", "opted-in", "declined", "introduced", "met", "no-reply")

#: The state machine: from each status, the ones `intros update` may move an ask to.
#: (`--force` records any other change, to correct a mistake.)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "drafted": ("asked",),
    "asked": ("opted-in", "introduced", "declined", "no-reply"),
    "opted-in": ("introduced", "declined", "no-reply"),
    "introduced": ("met", "no-reply"),
    "no-reply": ("asked", "opted-in", "introduced", "declined"),
    "declined": (),
    "met": (),
}

#: What each status means, for help texts and the README.
MEANINGS: dict[str, str] = {
    "drafted": "drafted, not sent yet",
    "asked": "sent to the connector; waiting for them",
    "opted-in": "the target said yes; waiting for the connector to introduce you",
    "declined": "the target (or the connector) said no",
    "introduced": "the connector introduced you; thank them, and meet",
    "met": "you met the target: the introduction worked",
    "no-reply": "nobody answered; you stopped waiting",
}

#: Asks the connector still has work on: they count as load however old they are.
OPEN_STATUSES: frozenset[str] = frozenset(("drafted", "asked", "opted-in"))
