"""warmintro's benchmark of writes: `touch`, `add` and `connect` on a large file, each followed by a query.

    python benchmarks/edits.py                       # 100,000 people, against main
    python benchmarks/edits.py --people 10000 --base 273cd6c --runs 3

Whole processes, medians, this checkout (the window edit, the cache kept warm) side by side with
the code of `--base` (a git revision, exported to a temporary folder) in the same run,
alternating A B A B. Each side edits its own copy of the generated file (benchmarks/generate.py)
and has its own cache folder; before the first run each side answers one query, so that its
cache is warm, as it is for someone who looked the person up before recording the contact.

Each run makes, on each side, one after the other:

* touch: `warmintro touch p1 p0 --date ...` (a new date every run, so every run writes);
* connect: `warmintro connect pA pB --strength good` (two people the file does not connect yet:
  a new relationship, after the last one);
* add: `warmintro add bench-N --name ... --company ...` (a new person, after the last one);

and after each of them the query `warmintro mutual p1 p2 --json`, which reads the cache when
the edit kept it up to date and parses the file otherwise.

Each row gives both medians and peaks and their ratio; after the runs, both sides' files must
hold the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run import Timing, answered, measure, user_environment  # noqa: E402

import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--base", default="main", help="the git revision to compare with, or a folder holding its warmintro package"
    )
    parser.add_argument("--data", type=Path, default=HERE / "data", help="where generated files are kept")
    parser.add_argument("--out", type=Path, help="also write the results table (Markdown) here")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    source = args.data / f"contacts-{args.people}.yaml"
    if not source.exists():
        with open(source, "w", encoding="utf-8") as out:
            generate.generate(args.people, 1, out)
    python = sys.executable
    rows: list[str] = []
    failures = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="warmintro-edits-") as scratch_name:
        scratch = Path(scratch_name)
        base = Path(args.base).resolve()
        if not (base / "warmintro").is_dir():  # a revision: exported here
            base = scratch / "base"
            base.mkdir()
            exported = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.base, "warmintro"], capture_output=True, check=True
            )
            subprocess.run(["tar", "-x", "-C", str(base)], input=exported.stdout, check=True)
        os.chdir(scratch)  # `python -m warmintro` puts the working folder first on the path
        sides = {"ours": ROOT, "base": base}
        files = {name: scratch / f"{name}.yaml" for name in sides}
        envs = {}
        for name, code in sides.items():
            shutil.copyfile(source, files[name])
            envs[name] = user_environment(
                PYTHONPATH=str(code), WARMINTRO_CACHE_DIR=str(scratch / f"cache-{name}"), COLUMNS="100"
            )
            envs[name].pop("WARMINTRO_NO_CACHE", None)

        def command(name: str, *args: str) -> list[str]:
            return [python, "-m", "warmintro", "-c", str(files[name]), *args]

        for name in sides:  # warm each cache once (not timed)
            measure(command(name, "mutual", "p1", "p2", "--json"), envs[name])
        steps = ("touch", "connect", "add")
        generated = source.read_text(encoding="utf-8")
        strangers = [
            (a, b)
            for a, b in ((f"p{args.people - 1 - 2 * i}", f"p{args.people - 2 - 2 * i}") for i in range(4 * args.runs))
            if f"[{a}, {b}]" not in generated and f"[{b}, {a}]" not in generated
        ]
        del generated
        timings = {(step, after): {name: Timing([], []) for name in sides} for step in steps for after in (0, 1)}

        def edit(step: str, run: int) -> tuple[str, ...]:
            if step == "touch":
                return ("touch", "p1", "p0", "--date", f"2026-11-{10 + run:02d}")
            if step == "add":
                return ("add", f"bench-{run}", "--name", f"Bench Person {run}", "--company", "Benchmark Oy")
            return ("connect", *strangers[run], "--strength", "good")

        for run in range(args.runs):
            for step in steps:
                for name in ("ours", "base"):
                    for after, argv in enumerate(
                        (command(name, *edit(step, run), "--json"), command(name, "mutual", "p1", "p2", "--json"))
                    ):
                        seconds, peak, code, out = measure(argv, envs[name])
                        timing = timings[(step, after)][name]
                        timing.seconds.append(seconds)
                        timing.peak_kb.append(peak)
                        timing.failed += not answered(argv, code, out)
            done = [
                (step, timings[(step, 0)]["ours"].seconds[-1], timings[(step, 0)]["base"].seconds[-1]) for step in steps
            ]
            print(f"run {run + 1}: " + ", ".join(f"{s} {a:.2f} s (before {b:.2f} s)" for s, a, b in done), flush=True)
        labels = {
            ("touch", 0): "touch (one relationship)",
            ("touch", 1): "the query after it (mutual)",
            ("connect", 0): "connect (a new relationship)",
            ("connect", 1): "the query after it (mutual)",
            ("add", 0): "add (one person)",
            ("add", 1): "the query after it (mutual)",
        }
        for key, what in labels.items():
            ours, theirs = timings[key]["ours"], timings[key]["base"]
            times = theirs.median / ours.median
            ratio = f"{times:.1f}x faster" if times >= 1 else f"{1 / times:.2f}x as long"
            rows.append(
                f"| {args.people:,} | {what} | {ours.median:.2f} s | {ours.peak_mb:.0f} MB | "
                f"{theirs.median:.2f} s | {theirs.peak_mb:.0f} MB | {ratio} |"
            )
            failures += ours.failed + theirs.failed
        same = files["ours"].read_bytes() == files["base"].read_bytes()
        failures += not same
    machine = (
        f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores; {dt.date.today().isoformat()}; "
        f"{time.monotonic() - started:.0f} s in all; base {args.base}"
    )
    table = "\n".join(
        [
            "| people | command | warmintro (median) | peak | before (median) | peak | ratio |",
            "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
            *rows,
            "",
            f"Both sides wrote the same bytes: {'yes' if same else 'NO'}.",
            "",
            f"Machine: {machine}.",
        ]
    )
    print("\n" + table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    if failures:
        raise SystemExit(f"{failures} failed runs or different files")


if __name__ == "__main__":
    main()
