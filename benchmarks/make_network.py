"""Write a synthetic contacts file for timing: N people in companies of Zipf-like sizes, a few
hubs who know thousands, ties mostly inside companies, strengths and last contacts at random.

    python benchmarks/make_network.py 10000 > benchmarks/data/10k.yaml
    time warmintro -c benchmarks/data/10k.yaml find p0 --company "company 3"
"""

from __future__ import annotations

import random
import sys

STRENGTHS = ("close", "strong", "good", "good", "weak", "acquaintance")


def main(n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    companies = max(1, n // 25)
    company = [min(int(rng.paretovariate(1.1)) - 1, companies - 1) for _ in range(n)]
    titles = ("CFO", "CEO", "Head of Sales", "Engineer", "VP Marketing", "Designer", "Chief Financial Officer")
    out = sys.stdout
    out.write("me: p0\npeople:\n")
    for i in range(n):
        out.write(f"  p{i}: {{name: Person {i}, company: Company {company[i]} Oy, title: {rng.choice(titles)}}}\n")
    out.write("relationships:\n")
    seen: set[tuple[int, int]] = set()
    members: dict[int, list[int]] = {}
    for i, c in enumerate(company):
        members.setdefault(c, []).append(i)
    hubs = list(range(0, n, max(1, n // 5)))  # p0 and a few others know thousands
    for i in range(n):
        wanted = [rng.choice(members[company[i]]) for _ in range(3)]
        wanted += [rng.randrange(n) for _ in range(3)]
        if i % 7 == 0:
            wanted.append(rng.choice(hubs))
        for j in wanted:
            pair = (min(i, j), max(i, j))
            if i == j or pair in seen:
                continue
            seen.add(pair)
            year = rng.randint(2015, 2026)
            out.write(
                f"  - {{between: [p{pair[0]}, p{pair[1]}], strength: {rng.choice(STRENGTHS)}, last_contact: {year}}}\n"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
