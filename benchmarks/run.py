"""warmintro's benchmark: whole processes, medians, side by side with the obvious approach.

    python benchmarks/run.py                    # 1k, 10k and 100k people (about half an hour)
    python benchmarks/run.py --sizes 1000       # what CI runs
    python benchmarks/run.py --million          # also 1M people (warmintro only: the obvious
                                                #   approach needs more than 20 GB there)

For each size it generates a deterministic network (benchmarks/generate.py), picks query pairs
that have a path within 4 hops, and times, as separate processes, each command of warmintro and
of the obvious approach (benchmarks/obvious.py: PyYAML's C loader, networkx, Yen's k shortest
simple paths), alternating A B A B so that a noisy machine hurts both alike:

* path, cold: the file just changed, so warmintro parses it and writes its cache;
* path, warm: the file is unchanged, so warmintro reads its cache (the obvious approach has no
  cache: its cold and warm are the same);
* mutual and check, warm;
* --help and shell completion, against a bare click program (the floor for start-up).

Each row gives the median wall time and peak memory (max RSS) of both, and their ratio. Then a
sample of warmintro's answers is checked against an exact reference built on networkx
(benchmarks/reference.py), bounded by max-hops like the design says: the obvious approach is
not (it ranks paths of any length), which is also why its answers differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

AS_OF = "2026-11-26"
K = 3
MAX_HOPS = 4


@dataclass
class Timing:
    seconds: list[float]
    peak_kb: list[int]
    failed: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024 if self.peak_kb else float("nan")


MEASURE = r"""
import os, subprocess, sys, time, json
argv = json.loads(sys.argv[1])
started = time.perf_counter()
process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
out, _ = process.communicate()
elapsed = time.perf_counter() - started
import resource
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(json.dumps([elapsed, peak, process.returncode]) + "\n")
sys.stdout.buffer.write(out)
"""


def user_environment(**values: str) -> dict[str, str]:
    """This process's environment with `values`, as a user's shell would have it: with Python's
    bytecode cache on (an installed warmintro has its modules compiled once; a
    PYTHONDONTWRITEBYTECODE left in a container's environment would make every run compile
    every module again, which is not what users see)."""
    found = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**found, **values}


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, bytes]:
    """Time one process through a small helper, so that its peak memory is its own."""
    helper = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(argv)], capture_output=True, env=env, check=False, timeout=7200
    )
    first, _, rest = helper.stdout.partition(b"\n")
    elapsed, peak, code = json.loads(first)
    return elapsed, peak, code, rest


def answered(argv: list[str], code: int, out: bytes) -> bool:
    """Whether a run gave an answer: exit 0, or 1 ("nothing found"), and with --json a JSON
    document (a Python traceback also exits 1, with nothing on stdout)."""
    if code not in (0, 1):
        return False
    if "--json" not in argv:
        return True
    try:
        json.loads(out)
    except ValueError:
        return False
    return True


def alternate(
    a: list[str], b: list[str] | None, runs: int, env_a, env_b, before_a=None
) -> tuple[Timing, Timing | None]:
    """A B A B ...: medians of both, measured side by side."""
    ta, tb = Timing([], []), Timing([], [])
    for _ in range(runs):
        if before_a:
            before_a()
        seconds, peak, code, out = measure(a, env_a())
        if not answered(a, code, out):
            ta.failed += 1
        ta.seconds.append(seconds)
        ta.peak_kb.append(peak)
        if b is not None:
            seconds, peak, code, out = measure(b, env_b())
            if not answered(b, code, out):
                tb.failed += 1
            tb.seconds.append(seconds)
            tb.peak_kb.append(peak)
    return ta, (tb if b is not None else None)


def reachable_pairs(people: int, seed: int, count: int) -> list[tuple[str, str]]:
    """Pairs with a path within MAX_HOPS, drawn deterministically from the generated network."""
    rng = random.Random(seed)
    orgs = generate.organisations(rng, people)
    members, start = [], 0
    for _, size in orgs:
        members.append(list(range(start, start + size)))
        start += size
    # the generator draws names etc. between organisations and relationships: replay exactly
    replay = random.Random(seed)
    generate.organisations(replay, people)
    for _ in range(people):
        replay.choice(generate.FIRST), replay.choice(generate.LAST), replay.choice(generate.TITLES)
        replay.choice(generate.CITIES)
        if replay.random() < 0.2:
            replay.choice(["saas", "investor", "speaker", "finance"])
    adjacency: list[list[int]] = [[] for _ in range(people)]
    for a, b in generate.relationships(replay, members, people, 4.0):
        adjacency[a].append(b)
        adjacency[b].append(a)
        replay.choice(generate.STRENGTHS), replay.choice(generate.HOWS)
        if replay.random() < 0.3:
            replay.randint(2015, 2026), replay.randint(1, 12)
    picker = random.Random(seed * 7919)
    pairs: list[tuple[str, str]] = []
    while len(pairs) < count:
        source = picker.randrange(people)
        seen, queue, reach = {source}, deque([(source, 0)]), []
        while queue:
            node, depth = queue.popleft()
            if depth == MAX_HOPS:
                continue
            for other in adjacency[node]:
                if other not in seen:
                    seen.add(other)
                    queue.append((other, depth + 1))
                    if depth + 1 >= 2:
                        reach.append(other)
        if reach:
            pairs.append((f"p{source}", f"p{picker.choice(reach)}"))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated numbers of people")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 people (warmintro only)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (fewer at 100k and up)")
    parser.add_argument("--queries", type=int, default=10, help="queries checked against the reference per size")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="where generated files are kept")
    parser.add_argument("--out", type=Path, help="also write the results table (Markdown) here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million:
        sizes.append(1_000_000)
    args.data.mkdir(parents=True, exist_ok=True)
    warmintro = shutil.which("warmintro", path=str(Path(sys.executable).parent)) or shutil.which("warmintro")
    if warmintro is None:
        raise SystemExit("install warmintro first (pip install .)")
    python = sys.executable
    rows: list[str] = []
    checks: list[str] = []
    failures = 0

    def row(size: int, what: str, ours: Timing, theirs: Timing | None, note: str = "") -> None:
        if theirs and ours.median:
            times = theirs.median / ours.median
            ratio = f"{times:.1f}x faster" if times >= 1 else f"{1 / times:.2f}x as long"
        else:
            ratio = "n/a"
        theirs_time = f"{theirs.median:.3f} s" if theirs else note or "not run"
        theirs_mem = f"{theirs.peak_mb:.0f} MB" if theirs else ""
        cells = [
            f"{size:,}" if size else "-",
            what,
            f"{ours.median:.3f} s",
            f"{ours.peak_mb:.0f} MB",
            theirs_time,
            theirs_mem,
            ratio,
        ]
        rows.append("| " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)

    print(
        "| people | command | warmintro (median) | peak | obvious approach (median) | peak | ratio |\n"
        "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
        flush=True,
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="warmintro-bench-") as scratch:
        cache = Path(scratch) / "cache"
        base_env = {**os.environ, "WARMINTRO_CACHE_DIR": str(cache), "COLUMNS": "100"}
        base_env.pop("WARMINTRO_NO_CACHE", None)

        def ours_env() -> dict[str, str]:
            return base_env

        for size in sizes:
            path = args.data / f"contacts-{size}.yaml"
            if not path.exists():
                with open(path, "w", encoding="utf-8") as out:
                    generate.generate(size, 1, out)
            pairs = reachable_pairs(size, 1, max(args.queries, 1))
            runs = args.runs if size <= 10_000 else max(1, min(args.runs, 3))
            baseline = size < 1_000_000
            a, b = pairs[0]

            def fresh_cache() -> None:
                shutil.rmtree(cache, ignore_errors=True)

            ours_path = [warmintro, "-c", str(path), "path", a, b, "--as-of", AS_OF, "--json"]
            theirs_path = [python, str(HERE / "obvious.py"), "path", str(path), a, b]
            cold_runs = runs if size < 1_000_000 else 1
            cold, obvious_path = alternate(
                ours_path, theirs_path if baseline else None, cold_runs, ours_env, ours_env, before_a=fresh_cache
            )
            row(size, "path, cold (file changed)", cold, obvious_path, "not run (needs over 20 GB)")
            warm, _ = alternate(ours_path, None, runs, ours_env, ours_env)
            row(size, "path, warm (file unchanged)", warm, obvious_path, "not run (needs over 20 GB)")
            ours_mutual = [warmintro, "-c", str(path), "mutual", a, b, "--as-of", AS_OF, "--json"]
            theirs_mutual = [python, str(HERE / "obvious.py"), "mutual", str(path), a, b]
            mutual, obvious_mutual = alternate(
                ours_mutual, theirs_mutual if baseline else None, runs, ours_env, ours_env
            )
            row(size, "mutual, warm", mutual, obvious_mutual, "not run (needs over 20 GB)")
            ours_check = [warmintro, "-c", str(path), "check", "--json"]
            theirs_check = [python, str(HERE / "obvious.py"), "check", str(path)]
            check, obvious_check = alternate(ours_check, theirs_check if baseline else None, runs, ours_env, ours_env)
            row(size, "check, warm", check, obvious_check, "not run (needs over 20 GB)")
            for timing in (cold, warm, mutual, check):
                failures += timing.failed

            # answers against the exact reference (at 1M, built on the neighbourhood of each pair)
            from reference import reference_paths, reference_paths_from_cache

            if baseline:
                expected = reference_paths(str(path), pairs)
            else:
                os.environ["WARMINTRO_CACHE_DIR"] = str(cache)
                expected = reference_paths_from_cache(str(path), pairs)
            agree = 0
            for (x, y), reference in zip(pairs, expected):
                query = [warmintro, "-c", str(path), "path", x, y, "--as-of", AS_OF, "--json"]
                _, _, code, out = measure(query, base_env)
                got = None
                if answered(query, code, out):
                    got = [(p["people"], p["warmth"]) for p in json.loads(out)["paths"]]
                same = (
                    got is not None
                    and [g[0] for g in got] == [r[0] for r in reference]
                    and all(abs(g[1] - r[1]) <= 1e-12 * max(1.0, r[1]) for g, r in zip(got, reference))
                )
                agree += same
                if not same:
                    print(f"  DIFFERENT {x} -> {y}: warmintro {got} reference {reference}", flush=True)
            failures += len(pairs) - agree
            checks.append(f"| {size:,} | {agree} of {len(pairs)} queries identical to the exact reference |")
            print(checks[-1], flush=True)

        # start-up, once: it does not depend on the size of the network
        help_ours, help_bare = alternate(
            [warmintro, "--help"],
            [python, str(HERE / "bare_click.py"), "--help"],
            max(args.runs, 5),
            ours_env,
            ours_env,
        )
        row(0, "--help (vs a bare click program)", help_ours, help_bare)
        sample = args.data / f"contacts-{sizes[0]}.yaml"
        completion_env = {
            **base_env,
            "_WARMINTRO_COMPLETE": "bash_complete",
            "COMP_WORDS": "warmintro path p1",
            "COMP_CWORD": "2",
            "WARMINTRO_CONTACTS": str(sample),
        }
        complete_ours, complete_bare = alternate(
            [warmintro],
            [python, str(HERE / "bare_click.py"), "--help"],
            max(args.runs, 5),
            lambda: completion_env,
            ours_env,
        )
        row(sizes[0], "shell completion of a person (vs a bare click program's --help)", complete_ours, complete_bare)
        failures += help_ours.failed + complete_ours.failed

    machine = (
        f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores; {dt.date.today().isoformat()}; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    table = "\n".join(
        [
            "| people | command | warmintro (median) | peak | obvious approach (median) | peak | ratio |",
            "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
            *rows,
            "",
            "| people | answers |",
            "| ---: | --- |",
            *checks,
            "",
            f"Machine: {machine}.",
        ]
    )
    print("\n" + table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    if failures:
        raise SystemExit(f"{failures} failed runs or different answers")


if __name__ == "__main__":
    main()
