"""Before and after: this checkout against an earlier commit, side by side in the same run.

    python benchmarks/versus.py --baseline f7a3817                 # 1k and 10k people
    python benchmarks/versus.py --baseline main --sizes 100000 --runs 3

The baseline is exported from git (``git archive``); it and this checkout are each installed,
without their dependencies and not editable, into a virtual environment of its own that borrows
this one's packages (as paths only: start-up hooks that an environment's ``.pth`` files run,
such as an editable install's or a container's, are not a user's), so both run on the same
libraries and start up the same way, as from an installer that gives a command a virtual
environment of its own (pipx, uv tool). Every
command runs as a whole process, baseline and checkout alternating (A B A B), each with a cache
folder of its own; rows give both medians and their ratio. Then the two
versions' answers to the same queries are compared byte for byte (`path --json` and `mutual
--json`): a refactoring must not change one. A noisy machine slows both alike,
so quote the ratios, not the times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import AS_OF, alternate, measure, reachable_pairs  # noqa: E402

import generate  # noqa: E402

ROOT = HERE.parent


def install(source: Path, where: Path) -> Path:
    """A `warmintro` executable installed from SOURCE (not editable: an editable install's
    import hook would slow one side's start-up) in a virtual environment of its own."""
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # this environment's packages, after the venv's own: a path in a .pth file is searched,
    # but the .pth files found there are not run
    borrowed = [path for path in sys.path if path.endswith("-packages") and Path(path).is_dir()]
    (Path(own) / "_warmintro_benchmark_borrowed.pth").write_text("".join(f"{path}\n" for path in borrowed))
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)],
        check=True,
    )
    return venv / "bin" / "warmintro"


def install_ref(ref: str, where: Path) -> Path:
    """The `warmintro` of a git commit (`git archive REF`), installed."""
    source = where / "source"
    source.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    return install(source, where)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, help="a git commit, branch or tag to compare against")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of people")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument("--queries", type=int, default=5, help="queries whose answers are compared per size")
    args = parser.parse_args()
    rows = ["| people | command | baseline | this checkout | ratio |", "|---:|---|---:|---:|---:|"]
    differences = 0
    with tempfile.TemporaryDirectory(prefix="warmintro-versus-") as scratch_name:
        scratch = Path(scratch_name)
        theirs = str(install_ref(args.baseline, scratch / "baseline"))
        ours = str(install(ROOT, scratch / "checkout"))
        caches = {"ours": scratch / "cache-ours", "theirs": scratch / "cache-theirs"}

        def env(which: str) -> Callable[[], dict[str, str]]:
            values = {**os.environ, "WARMINTRO_CACHE_DIR": str(caches[which]), "COLUMNS": "100"}
            values.pop("WARMINTRO_NO_CACHE", None)
            return lambda: values

        for size in (int(s) for s in args.sizes.split(",") if s):
            contacts = scratch / f"contacts-{size}.yaml"
            with contacts.open("w", encoding="utf-8") as out:
                generate.generate(size, 1, out)
            pairs = reachable_pairs(size, 1, max(args.queries, 1))
            a, b = pairs[0]
            commands: dict[str, list[str]] = {
                "--help": ["--help"],
                "path, warm": ["-c", str(contacts), "path", a, b, "--as-of", AS_OF],
                "path --json, warm": ["-c", str(contacts), "path", a, b, "--as-of", AS_OF, "--json"],
                "mutual, warm": ["-c", str(contacts), "mutual", a, b, "--json"],
                "check, warm": ["-c", str(contacts), "check", "--json"],
            }
            for which in ("ours", "theirs"):  # fill both caches first
                measure([ours if which == "ours" else theirs, *commands["path, warm"]], env(which)())

            def fresh() -> None:
                for folder in caches.values():
                    shutil.rmtree(folder, ignore_errors=True)

            cold = ["-c", str(contacts), "path", a, b, "--as-of", AS_OF]
            base, mine = alternate(
                [theirs, *cold], [ours, *cold], max(2, args.runs // 2), env("theirs"), env("ours"), fresh
            )
            assert mine is not None
            timings = [("path, cold", base, mine)]
            for label, argv in commands.items():
                measure([ours, *argv], env("ours")())  # the cold run left by the loop above
                measure([theirs, *argv], env("theirs")())
                base, mine = alternate([theirs, *argv], [ours, *argv], args.runs, env("theirs"), env("ours"))
                assert mine is not None
                timings.append((label, base, mine))
            for label, base, mine in timings:
                ratio = mine.median / base.median if base.median else float("nan")
                rows.append(f"| {size:,} | {label} | {base.median:.3f} s | {mine.median:.3f} s | {ratio:.2f} |")
            for a, b in pairs:
                for argv in (
                    ["-c", str(contacts), "path", a, b, "--as-of", AS_OF, "--json"],
                    ["-c", str(contacts), "mutual", a, b, "--json"],
                ):
                    _, _, _, mine_out = measure([ours, *argv], env("ours")())
                    _, _, _, their_out = measure([theirs, *argv], env("theirs")())
                    if mine_out != their_out:
                        differences += 1
                        print(f"different answers: warmintro {' '.join(argv[2:])}", file=sys.stderr)
            print(f"{size:,} people: {len(pairs)} queries compared", file=sys.stderr)
    print("\n".join(rows))
    print(f"\nratio: this checkout's median over the baseline's ({args.baseline}); below 1 is faster.")
    if differences:
        raise SystemExit(f"{differences} answers differ from the baseline's")


if __name__ == "__main__":
    main()
