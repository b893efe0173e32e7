"""Deterministic large contacts files for the benchmark: clustered and heavy-tailed.

People belong to organisations whose sizes follow a power law; most relationships are inside an
organisation, the rest join people across organisations with preferential attachment, so a few
people know very many others (as on LinkedIn). About 4 relationships per person. Every file is
a valid contacts file in the format users write (block people, flow relationships, comments).

    python benchmarks/generate.py 10000 > /tmp/contacts-10k.yaml
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
from collections.abc import Iterator
from typing import TextIO

FIRST = [
    "Aino",
    "Alice",
    "Anna",
    "Bob",
    "Carol",
    "Dan",
    "Eero",
    "Elina",
    "Emma",
    "Erik",
    "Eve",
    "Fredrik",
    "Grace",
    "Hanna",
    "Henrik",
    "Ieva",
    "Jari",
    "Jonas",
    "Julia",
    "Kari",
    "Laura",
    "Leo",
    "Linnea",
    "Lucas",
    "Marta",
    "Matti",
    "Maya",
    "Mikael",
    "Nina",
    "Noah",
    "Olli",
    "Oskar",
    "Pekka",
    "Petra",
    "Priya",
    "Rebecca",
    "Sanna",
    "Sara",
    "Sofia",
    "Søren",
    "Tom",
    "Tuomas",
    "Victor",
    "Ville",
    "Zoë",
]
LAST = [
    "Aalto",
    "Andersson",
    "Berg",
    "Berglund",
    "Dahl",
    "Ek",
    "Heino",
    "Holm",
    "Hämäläinen",
    "Karimi",
    "Korhonen",
    "Koskinen",
    "Kowalska",
    "Laine",
    "Lehtonen",
    "Leino",
    "Lindgren",
    "Lindqvist",
    "Liu",
    "Mattila",
    "Meyer",
    "Mäkinen",
    "Nieminen",
    "Nilsson",
    "Nurmi",
    "Okafor",
    "Ozola",
    "Raman",
    "Rantanen",
    "Rautio",
    "Reyes",
    "Saarinen",
    "Salminen",
    "Sjöberg",
    "Stone",
    "Svensson",
    "Virta",
    "Virtanen",
    "Visser",
    "Øster",
]
ORG_WORDS = [
    "Arctic",
    "Aurora",
    "Baltic",
    "Bright",
    "Cloud",
    "Fjord",
    "Helix",
    "Kestrel",
    "Lumen",
    "Nord",
    "North",
    "Pact",
    "Polar",
    "Salt",
    "Spire",
    "Stellar",
    "Tide",
    "Wave",
    "Birch",
    "Granite",
]
ORG_KINDS = ["Systems", "Consulting", "Ventures", "Health", "Logistics", "Legal", "Labs", "Bank", "Social"]
TITLES = ["CEO", "CFO", "CTO", "Engineer", "Designer", "Head of Sales", "Partner", "Analyst", "Founder", "Manager"]
CITIES = ["Helsinki", "Espoo", "Tampere", "Stockholm", "Amsterdam", "Berlin", "Riga", "Dublin", "Oulu"]
STRENGTHS = ["acquaintance", "weak", "good", "good", "strong", "close"]
HOWS = [
    "Worked together on the {org} launch.",
    "Met at a Helsinki SaaS meetup.",
    "Former colleagues at {org}.",
    "Studied together.",
    "Introduced by a mutual friend.",
    "",
]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def organisations(rng: random.Random, people: int) -> list[tuple[str, int]]:
    """(name, size) with power-law sizes adding up to `people`."""
    orgs: list[tuple[str, int]] = []
    left = people
    i = 0
    while left > 0:
        size = min(left, max(2, int(rng.paretovariate(1.3) * 3)))
        name = f"{rng.choice(ORG_WORDS)}{rng.choice(ORG_WORDS).lower()} {rng.choice(ORG_KINDS)} {i}"
        orgs.append((name, size))
        left -= size
        i += 1
    return orgs


def relationships(rng: random.Random, members: list[list[int]], n: int, per_person: float) -> Iterator[tuple[int, int]]:
    """Inside each organisation a random tree (everyone knows someone who joined before them);
    across organisations a Chung-Lu graph: both ends drawn in proportion to a Pareto-distributed
    weight per person, which gives the heavy-tailed degrees of real social networks."""
    seen: set[tuple[int, int]] = set()
    target = int(n * per_person / 2)

    def add(a: int, b: int) -> bool:
        if a == b:
            return False
        key = (a, b) if a < b else (b, a)
        if key in seen:
            return False
        seen.add(key)
        return True

    for group in members:
        for position in range(1, len(group)):
            x, y = group[position], group[rng.randrange(position)]
            if add(x, y):
                yield x, y
    weights = [min(rng.paretovariate(1.6), n / 10) for _ in range(n)]
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]
    attempts = 0
    while len(seen) < target and attempts < 20 * target:
        attempts += 1
        a = bisect.bisect(cumulative, rng.random() * total)
        b = bisect.bisect(cumulative, rng.random() * total)
        if add(min(a, n - 1), min(b, n - 1)):
            yield min(a, n - 1), min(b, n - 1)


def generate(people: int, seed: int, out: TextIO, per_person: float = 4.0) -> None:
    rng = random.Random(seed)
    orgs = organisations(rng, people)
    org_of: list[int] = []
    members: list[list[int]] = []
    for index, (_, size) in enumerate(orgs):
        members.append(list(range(len(org_of), len(org_of) + size)))
        org_of.extend([index] * size)
    write = out.write
    write(f"# A generated network of {people} people (seed {seed}) for warmintro's benchmark.\n")
    write("me: p0\n\npeople:\n")
    for i in range(people):
        org = orgs[org_of[i]][0]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        write(f"  p{i}:\n    name: {name}\n    company: {org}\n    title: {rng.choice(TITLES)}\n")
        write(f"    location: {rng.choice(CITIES)}\n")
        if rng.random() < 0.2:
            write(f"    tags: [{rng.choice(['saas', 'investor', 'speaker', 'finance'])}]\n")
    write("\nrelationships:\n")
    for a, b in relationships(rng, members, people, per_person):
        strength = rng.choice(STRENGTHS)
        how = rng.choice(HOWS).format(org=orgs[org_of[a]][0])
        parts = [f"between: [p{a}, p{b}]", f"strength: {strength}"]
        if how:
            parts.append(f"how: {_quote(how)}")
        if rng.random() < 0.3:
            parts.append(f"last_contact: {rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}")
        write("  - {" + ", ".join(parts) + "}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("people", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.people, args.seed, sys.stdout)


if __name__ == "__main__":
    main()
