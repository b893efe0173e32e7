"""The shipped JSON Schema agrees with the loader: valid files validate, broken ones do not."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FIXTURES, SAMPLE
from warmintro.fileformat.reader import load_network
from warmintro.fileformat.schema import schema_path, schema_text

IMPORTS = FIXTURES / "import"
SCHEMA = json.loads(schema_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def as_json_data(path: Path) -> Any:
    """The file as an editor's YAML 1.2 language server sees it, dates as strings."""
    from ruamel.yaml import YAML

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return value

    return plain(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert json.loads(schema_path().read_text(encoding="utf-8")) == SCHEMA


@pytest.mark.parametrize(
    "path", [SAMPLE, FIXTURES / "warnings.yaml", *sorted((FIXTURES / "edit").glob("*.yaml"))], ids=lambda p: p.name
)
def test_valid_files_validate(path: Path) -> None:
    assert list(VALIDATOR.iter_errors(as_json_data(path))) == []


def test_files_written_by_every_command_validate(run, sample: Path) -> None:
    assert run("add", "zoe", "--name", "Zoë", "--tag", "x", "--about", "Two\nlines").exit_code == 0
    assert run("connect", "zoe", "--strength", "3", "--since", "2020-05", "--channel", "email").exit_code == 0
    assert run("touch", "zoe", "--date", "2026-11-27").exit_code == 0
    assert run("import", "linkedin", str(IMPORTS / "linkedin" / "Connections.csv")).exit_code == 0
    assert run("import", "vcard", str(IMPORTS / "vcard" / "iphone.vcf")).exit_code == 0
    assert run("draft", "bob", "--record", "--purpose", "coaching").exit_code == 0
    assert run("draft", "bob", "--via", "grace", "--record").exit_code == 0
    ask = load_network(sample).intros[0].id
    assert run("intros", "update", ask, "asked", "--note", "sent").exit_code == 0
    assert run("intros", "update", ask, "--note", "nudged").exit_code == 0
    assert list(VALIDATOR.iter_errors(as_json_data(sample))) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing_name.yaml", "'name' is a required property"),
        ("no_people.yaml", "'people' is a required property"),
        ("bad_id.yaml", "does not match"),
        ("between_three.yaml", "is too long"),
        ("bad_strength.yaml", "is not valid under any of the given schemas"),
        ("bad_settings.yaml", "is not one of"),
        ("bad_history.yaml", "is not of type"),
        ("no_between.yaml", "'between' is a required property"),
        ("not_mapping.yaml", "is not of type 'object'"),
        ("bad_intros.yaml", "'sent' is not one of"),
        ("bad_intros.yaml", "'target' is a required property"),
    ],
)
def test_broken_files_do_not_validate(name: str, message: str) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(as_json_data(FIXTURES / "broken" / name))]
    assert any(message in e for e in errors), errors


def test_schema_command_prints_it_and_its_path(run, tmp_path: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    where = run("schema", "--path")
    assert Path(where.stdout.strip()) == schema_path()
    shutil.copyfile(schema_path(), tmp_path / "copy.json")
