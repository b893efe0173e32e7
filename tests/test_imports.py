"""Start-up stays cheap: the CLI module must not import networkx, rich, YAML, vCard, matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_cli_import_is_light() -> None:
    code = (
        "import sys, warmintro.cli\n"
        "heavy = sorted(m for m in ('networkx', 'rich', 'yaml', 'jinja2', 'ruamel', 'vobject', 'matplotlib', 'numpy')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from warmintro.cli import cli\n"
        "try:\n"
        "    cli.main(['--help'], prog_name='warmintro')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('networkx', 'rich', 'yaml', 'ruamel', 'vobject', 'matplotlib')\n"
        "print('MODULES', ','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "MODULES"


def test_a_warm_path_imports_only_what_it_uses(tmp_path: Path) -> None:
    """`path --json` on a cached file without asks: no YAML, no rich, and none of the ask
    ledger's modules (they cost a tenth of the warm path's time at 1,000 people)."""
    sample = Path(__file__).resolve().parent.parent / "contacts.yaml"
    code = (
        "import sys\n"
        "from warmintro.cli import cli\n"
        "try:\n"
        f"    cli.main(['-c', {str(sample)!r}, 'path', 'alice', 'bob', '--json'], prog_name='warmintro')\n"
        "except SystemExit:\n"
        "    pass\n"
        "unused = ('yaml', 'rich', 'networkx', 'jinja2', 'warmintro.ledger.asks', 'warmintro.ranking.fatigue',\n"
        "          'warmintro.fileformat.reader')\n"
        "print('MODULES', ','.join(sorted(m for m in unused if m in sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "WARMINTRO_NO_CACHE"}
    env["WARMINTRO_CACHE_DIR"] = str(tmp_path / "cache")
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env)  # writes the cache
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert warm.stdout.strip().splitlines()[-1] == "MODULES"
