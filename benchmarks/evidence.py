"""The benchmark of `warmintro import mail` and `import calendar`: whole processes, medians,
side by side with the obvious approach.

    python benchmarks/evidence.py                          # 150,000 messages (about 1 GB), 20,000 events
    python benchmarks/evidence.py --messages 20000 --events 2000 --runs 1     # a quick look

It generates (deterministically, into benchmarks/data/) a Google Takeout-style mbox: threads
between the user and about 3,000 people, replies with References, Gmail labels, a tenth of it
newsletters and list mail, a few announcements to 40 people, a few messages twice under two
labels, and about one message in seven carrying a base64 attachment of 14-40 KB; and an .ics
export of events with 2-8 attendees, a twentieth of them weekly repeating.

Then it times, as separate processes, alternating A B A B:

* ``warmintro import mail`` into a contacts file with 200 of those people (first import: the
  generated file is written), and again on the unchanged archive (nothing is written: checked);
* the obvious approach (benchmarks/obvious_mail.py): ``mailbox.mbox`` and the ``email``
  package parsing every message, bodies and attachments included, counting the same ties;
* ``warmintro import calendar`` and the obvious approach to it (icalendar reading the whole
  file, recurring-ical-events expanding it).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Timing, alternate, measure  # noqa: E402

AS_OF = "2026-11-26"
ME = "alice@example.org"
FIRST = ["Anna", "Mikko", "Sara", "Jukka", "Emma", "Oskar", "Laura", "Ville", "Nina", "Pekka", "Maria", "Olli"]
LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen"]


def people(count: int, rng: random.Random) -> list[tuple[str, str]]:
    found = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        found.append((f"{first} {last}", f"{first.lower()}.{i}@example{i % 50}.com"))
    return found


def generate_mbox(path: Path, messages: int, seed: int = 1) -> None:
    """A Takeout-style mbox of about 7 KB a message (see the module's docstring)."""
    rng = random.Random(seed)
    everyone = people(3000, rng)
    blobs = [base64.encodebytes(rng.randbytes(n)) for n in (10_000, 20_000, 30_000)]
    text = ("Thanks for the notes from Tuesday. " * 50 + "\n").encode()
    threads: list[tuple[str, list[tuple[str, str]]]] = []
    with open(path, "wb") as out:
        for n in range(messages):
            day = 1 + n * 3650 // messages
            date = f"Date: {_date(day)}\n"
            kind = rng.random()
            headers = [f"Message-ID: <m{n}@bench.example>\n", date]
            labels = "Inbox"
            if kind < 0.10:  # a newsletter
                name, address = rng.choice(everyone[:40])
                headers += [f"From: {name} <news@{address.split('@')[1]}>\n", f"To: {ME}\n",
                            "List-Unsubscribe: <https://x.example/u>\n", "Precedence: bulk\n"]  # fmt: skip
            elif kind < 0.11:  # an announcement to 40 people
                crowd = ", ".join(a for _, a in everyone[:40])
                headers += ["From: CEO <ceo@example0.com>\n", f"To: {ME}, {crowd}\n"]
            else:
                if threads and rng.random() < 0.6:
                    root, group = rng.choice(threads)
                    headers.append(f"In-Reply-To: <{root}>\nReferences: <{root}>\n")
                else:
                    group = rng.sample(everyone[:1500] if rng.random() < 0.8 else everyone, rng.randint(1, 4))
                    threads.append((f"m{n}@bench.example", group))
                    if len(threads) > 2000:
                        threads.pop(0)
                if rng.random() < 0.45:
                    headers.append(f"From: Alice Lindqvist <{ME}>\n")
                    headers.append("To: " + ", ".join(f"{nm} <{a}>" for nm, a in group) + "\n")
                    labels = "Sent"
                else:
                    sender = rng.choice(group)
                    headers.append(f"From: {sender[0]} <{sender[1]}>\n")
                    others = [p for p in group if p != sender]
                    headers.append(f"To: Alice Lindqvist <{ME}>\n")
                    if others:
                        headers.append("Cc: " + ", ".join(f"{nm} <{a}>" for nm, a in others) + "\n")
            headers.insert(0, f"X-GM-THRID: {n}\nX-Gmail-Labels: {labels}\n")
            headers.append("Subject: Plans\nMIME-Version: 1.0\n")
            if rng.random() < 0.15:
                blob = rng.choice(blobs)
                headers.append('Content-Type: multipart/mixed; boundary="b"\n')
                body = (b"--b\nContent-Type: text/plain\n\n" + text + b"--b\nContent-Type: application/pdf\n"
                        b"Content-Transfer-Encoding: base64\n\n" + blob + b"--b--\n")  # fmt: skip
            else:
                headers.append("Content-Type: text/plain; charset=utf-8\n")
                body = text
            block = f"From {n}@xxx Mon Jan 01 00:00:00 +0000 2024\n".encode() + "".join(headers).encode() + b"\n" + body
            out.write(block + b"\n")
            if rng.random() < 0.02:  # the same message under another label
                out.write(block.replace(b"X-Gmail-Labels: ", b"X-Gmail-Labels: Important,", 1) + b"\n")


def _date(day: int) -> str:
    import datetime as dt

    when = dt.date(2016, 11, 1) + dt.timedelta(days=day)
    return when.strftime("%a, %d %b %Y 10:00:00 +0000")


def generate_ics(path: Path, events: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    everyone = people(3000, rng)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for n in range(events):
        day = n * 3650 // events
        import datetime as dt

        when = dt.date(2016, 11, 1) + dt.timedelta(days=day)
        lines += ["BEGIN:VEVENT", f"UID:e{n}@bench.example", f"DTSTART:{when:%Y%m%d}T100000Z",
                  f"DTEND:{when:%Y%m%d}T110000Z", "SUMMARY:Meeting", "DESCRIPTION:Agenda to follow.",
                  f"ORGANIZER;CN=Alice Lindqvist:mailto:{ME}"]  # fmt: skip
        if rng.random() < 0.05:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=20")
        for name, address in rng.sample(everyone[:1500], rng.randint(1, 7)):
            lines.append(f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED:mailto:{address}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def contacts_text() -> str:
    rng = random.Random(1)
    everyone = people(3000, rng)
    lines = ["me: alice", "people:", f"  alice: {{name: Alice Lindqvist, email: {ME}}}"]
    lines += [f"  p{i}: {{name: {name}, email: {address}}}" for i, (name, address) in enumerate(everyone[:200])]
    return "\n".join(lines) + "\nrelationships: []\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=150_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    mbox = args.data / f"takeout-{args.messages}.mbox"
    ics = args.data / f"calendar-{args.events}.ics"
    if not mbox.exists():
        print(f"generating {mbox} ...", file=sys.stderr, flush=True)
        generate_mbox(mbox, args.messages)
    if not ics.exists():
        generate_ics(ics, args.events)
    warmintro = shutil.which("warmintro", path=str(Path(sys.executable).parent)) or shutil.which("warmintro")
    if warmintro is None:
        raise SystemExit("install warmintro first (pip install .)")
    python = sys.executable
    print(f"mbox: {mbox.stat().st_size / 1e9:.2f} GB, {args.messages:,} messages; ics: {args.events:,} events")
    print("| import | warmintro (median) | peak | obvious approach (median) | peak | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory(prefix="warmintro-evidence-") as scratch:
        contacts = Path(scratch) / "contacts.yaml"
        # run.measure's helper writes its timing line before the command's output only unbuffered
        env = {**os.environ, "WARMINTRO_CACHE_DIR": str(Path(scratch) / "cache"), "PYTHONUNBUFFERED": "1"}

        def fresh() -> None:
            contacts.write_text(contacts_text(), encoding="utf-8")
            for name in ("contacts.mail.yaml", "contacts.calendar.yaml"):
                (Path(scratch) / name).unlink(missing_ok=True)

        ours = [warmintro, "-c", str(contacts), "import", "mail", str(mbox), "--json"]
        theirs = [python, str(HERE / "obvious_mail.py"), "mail", str(mbox), ME, "--json"]
        first, obvious = alternate(ours, theirs, args.runs, lambda: env, lambda: env, before_a=fresh)
        row(f"mail, first import ({args.messages:,} messages)", first, obvious)
        written = (Path(scratch) / "contacts.mail.yaml").read_bytes()
        again, _ = alternate(ours, None, args.runs, lambda: env, lambda: env)
        _, _, _, out = measure(ours, env)
        unchanged = not json.loads(out)["changed"] and (Path(scratch) / "contacts.mail.yaml").read_bytes() == written
        row("mail, re-import (unchanged archive)", again, obvious, "" if unchanged else " (CHANGED!)")
        ours = [warmintro, "-c", str(contacts), "import", "calendar", str(ics), "--as-of", AS_OF, "--json"]
        theirs = [python, str(HERE / "obvious_mail.py"), "calendar", str(ics), ME, AS_OF, "--json"]
        cal, obvious = alternate(ours, theirs, args.runs, lambda: env, lambda: env)
        row(f"calendar ({args.events:,} events)", cal, obvious)


def row(what: str, ours: Timing, theirs: Timing | None, note: str = "") -> None:
    ratio = f"{theirs.median / ours.median:.1f}x faster" if theirs and ours.median else "n/a"
    failed = " (FAILED)" if ours.failed else ""
    theirs_failed = " (FAILED)" if theirs and theirs.failed else ""
    theirs_cells = f"{theirs.median:.2f} s{theirs_failed} | {theirs.peak_mb:.0f} MB" if theirs else "| "
    cells = f"{ours.median:.2f} s | {ours.peak_mb:.0f} MB | {theirs_cells}"
    print(f"| {what}{note}{failed} | {cells} | {ratio} |", flush=True)


if __name__ == "__main__":
    main()
