"""Queries on a network split across files against the same network in one file.

    python benchmarks/sources.py --sizes 10000,100000 --runs 7
    python benchmarks/sources.py --before /path/to/a/checkout/of/main   # also main's code

For each size it generates the benchmark's network (benchmarks/generate.py) and splits it the way
imports do: the user's file keeps a third of the relationships (with their strengths) and names
two sources; a "mail" source holds another third as mail evidence, a "calendar" source the last
third as calendar evidence, each listing only the people its relationships name. The same
network, evidence included, is also written as one file. Then it times, as whole processes,
medians, A B A B, warm (caches built): `path`, `mutual`, `show` and `check` on both, and `path`
just after a source changed (the merged cache rebuilt). With --before, the one-file network is
also timed with the code of another checkout (PYTHONPATH), for a before/after of one file.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from warmintro.fileformat import dump_network, parse_network
from warmintro.model import Network

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import alternate, reachable_pairs

import generate


def split(people: int, folder: Path) -> None:
    text = io.StringIO()
    generate.generate(people, 1, text)
    whole = parse_network(text.getvalue())
    rng = random.Random(5)
    parts: list[list] = [[], [], []]
    for i, rel in enumerate(whole.relationships):
        side = i % 3
        if side:
            rel.strength_given = False
            day = f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if side == 1:
                mail = {"sent": rng.randint(0, 30), "received": rng.randint(0, 30), "last": day}
                rel.extra["evidence"] = {"mail": mail}
            else:
                rel.extra["evidence"] = {"calendar": {"meetings": rng.randint(1, 12), "last": day}}
            rel.last_contact = None
            rel.how = None
        parts[side].append(rel)
    names = ("contacts.yaml", "contacts.mail.yaml", "contacts.calendar.yaml")
    for side, rels in enumerate(parts):
        named = {p for r in rels for p in (r.a, r.b)}
        people_of = whole.people if side == 0 else {k: v for k, v in whole.people.items() if k in named}
        network = Network(people=people_of, relationships=rels, me=whole.me if side == 0 else None)
        body = dump_network(network)
        if side == 0:
            body = "sources: [contacts.mail.yaml, contacts.calendar.yaml]\n" + body
        (folder / names[side]).write_text(body, encoding="utf-8")
    single = Network(people=whole.people, relationships=[r for part in parts for r in part], me=whole.me)
    (folder / "single.yaml").write_text(dump_network(single), encoding="utf-8")


def const(env: dict[str, str]) -> Callable[[], dict[str, str]]:
    return lambda: env


def bench(size: int, runs: int, before: str | None) -> None:
    exe = [sys.executable, "-m", "warmintro"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        split(size, folder)
        env = const({**os.environ, "WARMINTRO_CACHE_DIR": str(folder / "cache"), "COLUMNS": "100"})
        before_env = const({**env(), "PYTHONPATH": before}) if before else None
        a, b = reachable_pairs(size, 1, 1)[0]
        queries = {
            "path": ["path", a, b, "--as-of", "2026-12-01", "--json"],
            "mutual": ["mutual", a, b, "--as-of", "2026-12-01", "--json"],
            "show": ["show", a, "--as-of", "2026-12-01", "--json"],
            "check": ["check", "--json"],
        }
        print(f"## {size:,} people", flush=True)
        print("| query | one file | split in three | ratio | one file, before |")
        print("| --- | --- | --- | --- | --- |")
        for name, query in queries.items():
            single = [*exe, "-c", str(folder / "single.yaml"), *query]
            merged = [*exe, "-c", str(folder / "contacts.yaml"), *query]
            for argv in (single, merged):  # build the caches
                alternate(argv, None, 1, env, env)
            one, many = alternate(single, merged, runs, env, env)
            assert many is not None
            old = ""
            if before_env is not None:
                alternate(single, None, 1, before_env, before_env)
                then, _ = alternate(single, None, runs, before_env, before_env)
                old = f"{then.median:.3f} s"
            print(
                f"| {name} | {one.median:.3f} s, {one.peak_mb:.0f} MB | {many.median:.3f} s, {many.peak_mb:.0f} MB "
                f"| {many.median / one.median:.2f} | {old} |",
                flush=True,
            )
        calendar = folder / "contacts.calendar.yaml"

        def touched() -> None:
            calendar.write_text(calendar.read_text(encoding="utf-8") + "\n", encoding="utf-8")

        merged = [*exe, "-c", str(folder / "contacts.yaml"), *queries["path"]]
        rebuilt, _ = alternate(merged, None, max(3, runs // 2), env, env, before_a=touched)
        print(f"| path, a source just changed | | {rebuilt.median:.3f} s, {rebuilt.peak_mb:.0f} MB | | |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", help="a checkout whose code times the one-file network too")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.runs, args.before)


if __name__ == "__main__":
    main()
