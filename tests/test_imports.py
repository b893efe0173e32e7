"""Start-up stays cheap: the CLI module must not import networkx, rich, YAML, vCard, matplotlib."""

from __future__ import annotations

import subprocess
import sys


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
