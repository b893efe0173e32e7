"""A team's pooled network against the same network in one file, and the inferred-tie bound.

    python benchmarks/team.py                       # 50 colleagues x 2,000 people (about 80,000)
    python benchmarks/team.py --colleagues 5 --runs 3   # a quick look

It generates (deterministically) a population with employers and schools over the years (the
organisations' sizes follow a power law, the largest has 5,000 people), then 50 colleagues'
own networks of 2,000 people each, in overlapping windows of the population (so about 80,000
people in all), with 3,000 ties each (about 150,000). Each colleague's network goes through
`warmintro share` (the library call), at level ties, into ``team/<colleague>.yaml``; the user's
own file knows the colleagues and names ``team/*.yaml`` under ``sources:``. The same people and
ties, merged, are also written as one file. Then, as whole processes, A B A B, medians: ``path``
cold (the caches removed) and warm, on the team and on the one file. Inferred ties are part of
both (every person has employers and schools); the script also times `inferred_ties` on the
merged network in-process and on one company of 5,000 people, and counts what they make.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from warmintro.dates import PartialDate
from warmintro.export.share import share_network
from warmintro.fileformat import dump_network
from warmintro.model import STRENGTHS, Job, Network, Person, Relationship

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import alternate, measure, user_environment

import generate

SCHOOLS = [f"University {name}" for name in ("of Helsinki", "of Turku", "of Oulu", "of Tartu", "of Riga", "Aalto")]
AS_OF = "2026-11-30"


@dataclasses.dataclass
class Sizes:
    colleagues: int
    per_file: int
    ties_per_file: int
    step: int  # how far each colleague's window moves: per_file - step people overlap the next


def organisations(rng: random.Random, people: int) -> list[tuple[str, int]]:
    """(name, size): power-law sizes, the first of 5,000 people (or a tenth of everyone)."""
    found = [("Megacorp", min(5000, people // 10))]
    left = people - found[0][1]
    while left > 0:
        size = min(left, max(2, int(rng.paretovariate(1.2) * 8)))
        found.append((f"Org {len(found)} Oy", size))
        left -= size
    return found


def population(rng: random.Random, people: int) -> list[Person]:
    """People with a current employer, a former one (with years) and a school (with years)."""
    orgs = organisations(rng, people)
    slots = [name for name, size in orgs for _ in range(size)]
    rng.shuffle(slots)
    found = []
    for i in range(people):
        start = rng.randint(2005, 2022)
        former = rng.choice(slots)
        school_start = rng.randint(1995, 2015)
        history = (
            Job(former, None, PartialDate(start - rng.randint(2, 6)), PartialDate(start)),
            Job(rng.choice(SCHOOLS), None, PartialDate(school_start), PartialDate(school_start + rng.randint(3, 5))),
        )
        found.append(
            Person(
                f"p{i}",
                f"{rng.choice(generate.FIRST)} {rng.choice(generate.LAST)}",
                company=slots[i],
                title="Engineer",
                linkedin=f"https://www.linkedin.com/in/p{i}",
                history=history,
            )
        )
    return found


def build(folder: Path, sizes: Sizes, seed: int = 17) -> tuple[int, int, str]:
    """Write the team (contacts.yaml + team/*.yaml) and single.yaml; (people, ties, a target)."""
    rng = random.Random(seed)
    total = sizes.step * sizes.colleagues + (sizes.per_file - sizes.step)
    everyone = population(rng, total)
    (folder / "team").mkdir()
    merged: dict[frozenset[str], Relationship] = {}
    colleague_ids = [f"p{k * sizes.step}" for k in range(sizes.colleagues)]
    for k in range(sizes.colleagues):
        window = everyone[k * sizes.step : k * sizes.step + sizes.per_file]
        owner = window[0]
        people = {p.id: p for p in window}
        ids = list(people)
        ties: dict[frozenset[str], Relationship] = {}
        while len(ties) < sizes.ties_per_file:
            a = owner.id if len(ties) < sizes.ties_per_file // 10 else rng.choice(ids)
            b = rng.choice(ids)
            if a != b and frozenset((a, b)) not in ties:
                month = PartialDate(rng.randint(2015, 2026), rng.randint(1, 12))
                ties[frozenset((a, b))] = Relationship(a, b, rng.choice(STRENGTHS), last_contact=month)
        network = Network(people=people, relationships=list(ties.values()), me=owner.id)
        share = share_network(network, on=dt.date(2026, 11, 30))
        (folder / "team" / f"colleague-{k:02d}.yaml").write_text(share.text, encoding="utf-8")
        for pair, rel in ties.items():
            merged.setdefault(pair, rel)
    me = Person("me", "Ana Berg", company="Megacorp")
    mine = {"me": me, **{pid: everyone[int(pid[1:])] for pid in colleague_ids}}
    own = [Relationship("me", pid, "strong") for pid in colleague_ids]
    user = Network(people=mine, relationships=own, me="me")
    (folder / "contacts.yaml").write_text("sources: [team/*.yaml]\n" + dump_network(user), encoding="utf-8")
    single = Network(
        people={"me": me, **{p.id: p for p in everyone}},
        relationships=[*own, *merged.values()],
        me="me",
    )
    (folder / "single.yaml").write_text(dump_network(single), encoding="utf-8")
    target = everyone[len(everyone) // 2 + 7].id
    return len(single.people), len(single.relationships), target


def inferred_alone(folder: Path) -> tuple[int, float, int, float]:
    """In-process: inferred ties of the one-file network, and of one company of 5,000 people."""
    from warmintro.fileformat.reader import load_network
    from warmintro.sources.inferred import inferred_ties

    network = load_network(folder / "single.yaml")
    started = time.perf_counter()
    ties = inferred_ties(network)
    took = time.perf_counter() - started
    rng = random.Random(3)
    mega = [
        Person(f"m{i}", f"M {i}", history=(Job("Megacorp", None, PartialDate(y), PartialDate(y + rng.randint(0, 9))),))
        for i, y in enumerate(rng.randint(2000, 2020) for _ in range(5000))
    ]
    company = Network(people={p.id: p for p in mega}, relationships=[])
    started = time.perf_counter()
    mega_ties = inferred_ties(company)
    return len(ties), took, len(mega_ties), time.perf_counter() - started


def table(rows: list, names: tuple[str, str], after_over_before: bool) -> None:
    """A Markdown table of (command, timing A, timing B) rows; the ratio is B / A (the second
    side's time against the first's) or A / B (how much longer the first takes)."""
    print(f"| command | {names[0]} | peak | {names[1]} | peak | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for what, a, b in rows:
        assert b is not None
        failed = f" ({a.failed + b.failed} failed)" if a.failed or b.failed else ""
        ratio = f"{b.median / a.median:.2f}x the time" if after_over_before else f"{a.median / b.median:.2f}x as long"
        sides = f"{a.median:.3f} s | {a.peak_mb:.0f} MB | {b.median:.3f} s | {b.peak_mb:.0f} MB"
        print(f"| {what} | {sides} | {ratio}{failed} |")


def before_and_after(folder: Path, baseline: str, target: str, runs: int, cold_runs: int) -> None:
    """The team's `path`, cold and warm, with the code of `baseline` and with this checkout,
    each installed in a virtual environment of its own; their `path --json` must agree."""
    from versus import install, install_ref

    theirs = str(install_ref(baseline, folder / "baseline"))
    ours = str(install(Path(__file__).resolve().parent.parent, folder / "checkout"))
    caches = {"theirs": folder / "cache-theirs", "ours": folder / "cache-ours"}

    def env(which: str) -> Callable[[], dict[str, str]]:
        values = user_environment(WARMINTRO_CACHE_DIR=str(caches[which]), COLUMNS="100")
        return lambda: values

    def fresh() -> None:
        for cache in caches.values():
            shutil.rmtree(cache, ignore_errors=True)

    query = ["-c", str(folder / "contacts.yaml"), "path", target, "--as-of", AS_OF]
    rows = []
    rows.append(
        ("path, cold", *alternate([theirs, *query], [ours, *query], cold_runs, env("theirs"), env("ours"), fresh))
    )
    rows.append(("path, warm", *alternate([theirs, *query], [ours, *query], runs, env("theirs"), env("ours"))))
    no_inferred = [*query, "--no-inferred"]
    rows.append(
        (
            "path --no-inferred, warm",
            *alternate([theirs, *no_inferred], [ours, *no_inferred], runs, env("theirs"), env("ours")),
        )
    )
    print(f"\nthe team, {baseline} against this checkout (whole processes, A B A B, medians)\n")
    table(rows, (baseline, "this checkout"), after_over_before=True)
    answers = [measure([exe, *query, "--json"], env(which)())[3] for exe, which in ((theirs, "theirs"), (ours, "ours"))]
    print("answers (path --json):", "the same" if answers[0] == answers[1] else "DIFFERENT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--colleagues", type=int, default=50)
    parser.add_argument("--per-file", type=int, default=2000)
    parser.add_argument("--ties-per-file", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=2)
    parser.add_argument(
        "--baseline",
        help="also run the team's commands with the code of this git commit, side by side with this "
        "checkout (both installed, not editable, as benchmarks/versus.py does), and compare answers",
    )
    args = parser.parse_args()
    sizes = Sizes(args.colleagues, args.per_file, args.ties_per_file, step=args.per_file * 4 // 5)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        people, ties, target = build(folder, sizes)
        print(f"generated {people:,} people, {ties:,} ties in {time.perf_counter() - started:.0f} s", flush=True)
        cache = folder / "cache"
        env = user_environment(WARMINTRO_CACHE_DIR=str(cache), COLUMNS="100")

        def const() -> dict[str, str]:
            return env

        def clear() -> Callable[[], None]:
            return lambda: shutil.rmtree(cache, ignore_errors=True)

        exe = [sys.executable, "-m", "warmintro"]
        team = [*exe, "-c", str(folder / "contacts.yaml"), "path", target, "--as-of", AS_OF]
        one = [*exe, "-c", str(folder / "single.yaml"), "path", target, "--as-of", AS_OF]
        rows = []
        # cold: both caches removed before each run (A then B, each from nothing)
        cold_team, _ = alternate(team, None, args.cold_runs, const, const, before_a=clear())
        cold_one, _ = alternate(one, None, args.cold_runs, const, const, before_a=clear())
        rows.append(("path, cold (caches removed)", cold_team, cold_one))
        alternate(team, one, 1, const, const)  # both caches built again, unmeasured
        warm_team, warm_one = alternate(team, one, args.runs, const, const)
        rows.append(("path, warm", warm_team, warm_one))
        no_inf_team, no_inf_one = alternate([*team, "--no-inferred"], [*one, "--no-inferred"], args.runs, const, const)
        rows.append(("path --no-inferred, warm", no_inf_team, no_inf_one))
        print(f"\n{sizes.colleagues} colleagues x {sizes.per_file:,} people: {people:,} people, {ties:,} ties\n")
        table(rows, ("team of files (median)", "one file (median)"), after_over_before=False)
        if args.baseline:
            before_and_after(folder, args.baseline, target, args.runs, args.cold_runs)
        count, took, mega, mega_took = inferred_alone(folder)
        print(f"\ninferred ties of the one-file network: {count:,} in {took:.2f} s (in-process)")
        print(f"one company of 5,000 people: {mega:,} inferred ties (not {5000 * 4999 // 2:,}) in {mega_took:.2f} s")


if __name__ == "__main__":
    main()
