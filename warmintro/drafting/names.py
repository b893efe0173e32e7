"""People's names as greetings use them: honorifics, given names, family names.

No name is guessed beyond its shape: the given name is the first word (after an honorific),
unless the person's `greeting` says otherwise ("María José"), or the name is written family
name first with the family name in capitals, as passports and many Chinese and Korean
contacts write it ("KIM Min-jun", "ZHANG Wei"). A formal greeting uses the honorific and the
family name when both are clear ("Dr. Yusuf", "Dr. Van der Berg"), else the full name.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Honorifics a name may start with: the key templates translate, and the English spelling.
HONORIFICS: dict[str, str] = {
    "dr": "Dr.",
    "doctor": "Dr.",
    "prof": "Prof.",
    "professor": "Prof.",
    "mr": "Mr.",
    "ms": "Ms.",
    "mrs": "Mrs.",
    "miss": "Miss",
    "mx": "Mx.",
    "sir": "Sir",
    "dame": "Dame",
    "rev": "Rev.",
}
#: Words that start a family name ("van der Berg", "Al-Farsi" is one word already).
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "le",
        "la",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "ter",
        "ten",
    ]
)


@dataclass(frozen=True)
class NameParts:
    honorific: str | None  # the key of HONORIFICS ("dr"), or None
    given: str  # what a friendly greeting says: "Amina", "María José", "Min-jun"
    family: str | None  # "Yusuf", "van der Berg", "Kim"; None when unclear
    full: str  # the name without its honorific, in the order written (capitals as written)

    @property
    def formal(self) -> str:
        """ "Dr. Yusuf", "Sir John", else the full name: what a formal greeting says."""
        if self.honorific in ("sir", "dame"):
            return f"{HONORIFICS[self.honorific]} {self.given}"
        if self.honorific and self.family:
            family = self.family[:1].upper() + self.family[1:]
            return f"{HONORIFICS[self.honorific]} {family}"
        return self.full


def name_parts(name: str, greeting: str | None = None) -> NameParts:
    words = name.split(",")[0].split()  # "Ann Lee, PhD"
    honorific = None
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        honorific = honorific or {"doctor": "dr", "professor": "prof"}.get(
            words[0].lower().rstrip("."), words[0].lower().rstrip(".")
        )
        words = words[1:]
    full = " ".join(words) or name.strip()
    if not words:
        return NameParts(None, name.strip(), None, name.strip())
    if len(words) > 1 and _capitals(words[0]) and not _capitals(words[1]):
        family = words[0][:1] + words[0][1:].lower()
        full = " ".join([family, *words[1:]])
        return NameParts(honorific, greeting or " ".join(words[1:]), family, full)
    wanted = " ".join((greeting or "").split())
    if wanted and full.startswith(wanted + " "):
        return NameParts(honorific, wanted, full[len(wanted) + 1 :], full)
    given = wanted or words[0]
    rest = words[1:]
    clear = len(rest) == 1 or (bool(rest) and rest[0].lower() in PARTICLES)
    return NameParts(honorific, given, " ".join(rest) if clear else None, full)


def _capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)
