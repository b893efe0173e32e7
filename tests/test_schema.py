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


# The one table of fields (warmintro.fileformat.fields) against the schema and the model, both ways

#: Where each section's fields are in the schema.
SCHEMA_SECTIONS = {
    "file": SCHEMA,
    "person": SCHEMA["$defs"]["person"],
    "job": SCHEMA["$defs"]["person"]["properties"]["history"]["items"],
    "relationship": SCHEMA["$defs"]["relationship"],
    "settings": SCHEMA["$defs"]["settings"],
    "ask": SCHEMA["$defs"]["ask"],
    "note": SCHEMA["$defs"]["ask_note"],
}
_TEXT = {"string", "number", "integer", "boolean", "null"}
#: For each kind of field: the JSON types the schema must admit, and those it may.
KIND_TYPES: dict[str, tuple[set[str], set[str]]] = {
    "text": ({"string"}, _TEXT),
    "emails": ({"string", "array"}, _TEXT | {"array"}),
    "flag": ({"boolean"}, {"boolean", "null"}),
    "words": ({"string", "array"}, _TEXT | {"array"}),
    "date": ({"string", "integer"}, {"string", "integer", "null"}),
    "duration": ({"string"}, {"string", "integer", "null"}),
    "number": ({"number", "integer"}, {"number", "integer", "null"}),
    "integer": ({"integer"}, {"integer", "null"}),
    "id": ({"string"}, {"string"}),
    "ids": ({"string", "array"}, {"string", "array", "null"}),
    "pair": ({"array"}, {"array"}),
    "strength": ({"string", "integer"}, {"string", "integer", "null"}),
    "status": ({"string"}, {"string"}),
    "jobs": ({"array"}, {"array", "null"}),
    "notes": ({"array"}, {"array", "null"}),
    "list": ({"array"}, {"array", "null"}),
    "evidence": ({"object"}, {"object"}),
    "warmth": ({"object", "string"}, {"object", "string", "null"}),
    "table": ({"object"}, {"object", "null"}),
}
_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number", type(None): "null"}


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    return schema


def admitted(schema: dict[str, Any]) -> set[str]:
    """The JSON types a (sub)schema admits."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return set().union(*(admitted(s) for s in schema["anyOf"]))
    if "enum" in schema:
        return {_JSON_TYPES[type(v)] for v in schema["enum"]}
    types = schema.get("type")
    if types is None:
        return {"string", "number", "integer", "boolean", "null", "array", "object"}
    found = {types} if isinstance(types, str) else set(types)
    return found | {"integer"} if "number" in found else found


def test_every_field_of_the_table_is_in_the_schema_and_every_field_of_the_schema_in_the_table() -> None:
    from warmintro.fileformat.fields import SECTIONS, fields_of

    for section in SECTIONS:
        schema = SCHEMA_SECTIONS[section]
        assert {f.name for f in fields_of(section)} == set(schema["properties"]), section
        assert {f.name for f in fields_of(section) if f.required} == set(schema.get("required", ())), section


@pytest.mark.parametrize("section", ["file", "person", "job", "relationship", "settings", "ask", "note"])
def test_each_field_has_a_type_in_the_schema_its_kind_allows(section: str) -> None:
    from warmintro.fileformat.fields import fields_of

    for field in fields_of(section):
        must, may = KIND_TYPES[field.kind]
        types = admitted(SCHEMA_SECTIONS[section]["properties"][field.name])
        assert must <= types <= may, (section, field.name, field.kind, types)


def test_the_schema_knows_the_ledger_statuses_and_the_strengths() -> None:
    from warmintro.ledger.statuses import STATUSES
    from warmintro.model import STRENGTHS

    assert SCHEMA["$defs"]["ask"]["properties"]["status"]["enum"] == list(STATUSES)
    assert SCHEMA["$defs"]["ask_note"]["properties"]["status"]["enum"] == list(STATUSES)
    labels = SCHEMA["$defs"]["relationship"]["properties"]["strength"]["anyOf"][0]["enum"]
    assert sorted(labels) == sorted(STRENGTHS)


def test_the_model_holds_exactly_the_fields_of_the_table() -> None:
    """Every dataclass of the model has an attribute for each field of the table and none
    besides, but for its bookkeeping (unknown fields, lines, origins, what ranking derives)."""
    from dataclasses import fields

    from warmintro.fileformat.fields import fields_of
    from warmintro.ledger.asks import Ask, AskNote
    from warmintro.model import Job, Network, Person, Relationship, Settings

    bookkeeping = {"extra", "line", "origins"}
    models = {
        "file": (Network, {"extra", "source", "derived"}),
        "person": (Person, bookkeeping | {"id"}),
        "job": (Job, {"extra"}),
        "relationship": (Relationship, bookkeeping | {"strength_given"}),
        "settings": (Settings, {"extra", "given", "prior"}),
        "ask": (Ask, {"extra", "line"}),
        "note": (AskNote, {"extra", "line"}),
    }
    for section, (model, own) in models.items():
        table = {name for f in fields_of(section) for name in f.model_attributes}
        assert table | own == {f.name for f in fields(model)}, section
        assert not table & own, section


def test_the_serialisers_write_what_the_table_says() -> None:
    """Exports write the fields marked exported, a person's JSON those marked in_json, and
    neither writes a private one."""
    import datetime as dt

    from warmintro.dates import PartialDate
    from warmintro.export.attributes import edge_attributes, node_attributes
    from warmintro.fileformat.fields import PERSON_TEXT_FIELDS, PRIVATE_FIELDS, fields_of
    from warmintro.map.palette import network_palette
    from warmintro.model import Job, Network, Person, Relationship
    from warmintro.privacy import PRIVATE_FIELDS as PRIVACY_FIELDS
    from warmintro.queries.people import person_to_json

    texts = {name: name.upper() for name in PERSON_TEXT_FIELDS if name != "keep_in_touch"}
    person = Person(id="x", name="X", keep_in_touch="3 months", tags=("t",), history=(Job("C"),), **texts)
    day = PartialDate(2025, 5, 1)
    rel = Relationship("x", "y", "close", "met", day, day, ("email",), notes="N", private=False)
    network = Network(people={"x": person, "y": Person(id="y", name="Y")}, relationships=[rel])
    people, ties = set(_names("person")), set(_names("relationship"))
    exported = node_attributes(network, person, network_palette(network))
    assert set(exported) & people == {f.name for f in fields_of("person") if f.exported}
    assert set(edge_attributes(network, rel, dt.date(2026, 12, 1))) & ties == {
        f.name for f in fields_of("relationship") if f.exported
    }
    assert set(person_to_json(person)) & people == {f.name for f in fields_of("person") if f.in_json}
    assert PRIVACY_FIELDS == PRIVATE_FIELDS == ("notes",)
    assert not any(
        f.private and (f.exported or f.in_json) for section in ("person", "relationship") for f in fields_of(section)
    )


def _names(section: str) -> tuple[str, ...]:
    from warmintro.fileformat.fields import names_of

    return names_of(section)
