"""The contacts file loader: every rule of the format, each with a broken file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, SAMPLE, write
from fuzzing import time_limit
from warmintro.dates import PartialDate
from warmintro.errors import ContactsError
from warmintro.fileformat import load_network, parse_network, parse_network_with_problems
from warmintro.fileformat.decode import read_text

BROKEN = FIXTURES / "broken"

#: Every error each broken fixture must produce, as LINE:COL: message (hint); nothing more.
EXPECTED_ERRORS = {
    "bad_dates.yaml": [
        "7:12: 'since': '2026-13' has no month 13; months run 01-12",
        "8:19: 'last_contact': 'last spring' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
        "10:19: 'last_contact': '2025-02-30' is not a day of the calendar",
    ],
    "bad_history.yaml": [
        "5:9: an entry of the history of person 'alice' has no company (add 'company: ...')",
        "6:42: 'from' in the history of person 'alice': '2014-13' has no month 13; months run 01-12",
        "9:14: 'history' of person 'bob' should be a list of '- {company: ..., title: ...}' entries",
    ],
    "bad_id.yaml": [
        "2:3: 'Bob Smith' is not a valid person id (ids are letters, digits, '-', '_' and '.', "
        "starting with a letter or digit; try 'bob-smith')",
        "3:3: '-carol' is not a valid person id (ids are letters, digits, '-', '_' and '.', "
        "starting with a letter or digit; try 'carol')",
    ],
    "bad_intros.yaml": [
        "12:13: unknown status 'sent' in 'status' of ask '2026-11-26-carol-bob' "
        "(use one of drafted, asked, opted-in, declined, introduced, met, no-reply)",
        "13:5: ask 'a2' has no 'target' (add 'target: <person id>')",
    ],
    "bad_settings.yaml": [
        "4:19: settings.warmth.close must be more than 0 and at most 1, not 1.5",
        "4:24: unknown strength 'stong' in settings.warmth (did you mean 'strong'?)",
        "4:42: settings.warmth.good should be a number, not 'lots'",
        "5:20: 'half_life_years' must be more than 0",
        "6:13: 'max_hops' must be a whole number from 1 to 12",
    ],
    "bad_strength.yaml": [
        "6:39: unknown strength 'clsoe' (did you mean 'close'? Use close, strong, good, weak, acquaintance or 1-5)",
        "7:41: unknown strength '7' (use close, strong, good, weak, acquaintance or 1-5)",
    ],
    "between_self.yaml": [
        "4:14: 'between' names 'alice' twice (a relationship joins two different people)",
    ],
    "between_three.yaml": [
        "6:14: 'between' needs exactly two person ids, not 3 items (write 'between: [alice, carol]')",
        "7:14: 'between' needs exactly two person ids, not 'alice carol' (write 'between: [alice, carol]')",
    ],
    "billion_laughs.yaml": [
        "4:27: YAML anchors and aliases expand too far (remove the repeated aliases)",
    ],
    "duplicate_field.yaml": [
        "5:5: duplicate key 'email' in person 'alice' (first at line 4) "
        "(keep one; YAML would otherwise silently drop the first)",
    ],
    "duplicate_person.yaml": [
        "8:3: duplicate person id 'bob' (first at line 6) "
        "(ids must be unique: rename one, e.g. 'bob-2', or merge the two entries)",
    ],
    "duplicate_relationship.yaml": [
        "8:5: relationship alice–bob is listed twice (first at line 6) "
        "(keep one entry per pair, with the strength that is true now)",
    ],
    "empty.yaml": [
        " is empty (start it with a 'people:' section; see the README for the format)",
    ],
    "many_problems.yaml": [
        "9:5: misspelt field 'compnay' in person 'carol': as written it would be left out (did you mean 'company'?)",
        "9:5: person 'carol' has no name (add 'name: Full Name' under 'carol:')",
        "12:15: unknown strength 'strnog' (did you mean 'strong'? Use close, strong, good, weak, acquaintance or 1-5)",
        "13:22: unknown person 'dave' in relationship (add them under 'people:' first)",
        "15:19: 'last_contact': '2026-00' has no month 0; months run 01-12",
    ],
    "misindented.yaml": [
        "4:7: is not valid YAML: line 4 is indented 6 spaces, which lines up with no line above it "
        "(indentation: line it up with 'name' on line 3 (4 spaces))",
    ],
    "misspelt.yaml": [
        "6:5: misspelt field 'compnay' in person 'alice': as written it would be left out (did you mean 'company'?)",
        "9:5: misspelt field 'Tag' in person 'bob': as written it would be left out (did you mean 'tags'?)",
        "12:5: misspelt field 'strenght' in a relationship: as written it would be left out (did you mean 'strength'?)",
        "13:5: misspelt field 'last-contact' in a relationship: as written it would be left out "
        "(did you mean 'last_contact'?)",
        "14:1: misspelt section 'relationship': as written it would be left out (did you mean 'relationships'?)",
    ],
    "missing_name.yaml": [
        "4:5: person 'bob' has no name (add 'name: Full Name' under 'bob:')",
        "5:17: the name of person 'carol' is empty",
        "6:8: person 'dave' has no details (give at least a name, e.g. 'dave: {name: ...}')",
    ],
    "no_between.yaml": [
        "5:5: relationship has no 'between' (add 'between: [id1, id2]' naming the two people)",
        "6:5: a relationship should be a mapping of 'key: value' lines, not a list",
    ],
    "no_people.yaml": [
        "1:1: has no 'people:' section (list the people you know under 'people:')",
    ],
    "not_mapping.yaml": [
        "1:1: the file should be a mapping of 'key: value' lines, not a list",
    ],
    "python_tag.yaml": [
        "4:11: unsupported YAML tag '!!python/object/apply:os.system' "
        "(contacts files hold plain text, numbers, lists and mappings; remove the tag)",
    ],
    "syntax_colon.yaml": [
        "6:16: is not valid YAML: mapping values are not allowed in this context "
        "(quote text that contains ': ', e.g. how: \"Met at: SaaS Day\")",
    ],
    "syntax_tab.yaml": [
        "3:1: is not valid YAML: a tab character where YAML needs spaces "
        "(YAML does not allow tabs for indentation; use spaces)",
    ],
    "unknown_me.yaml": [
        "1:5: 'me' names unknown person 'alcie' (did you mean 'alice'?)",
    ],
    "unknown_person.yaml": [
        "8:22: unknown person 'bobb' in relationship (did you mean 'bob'?)",
        "9:22: unknown person 'Carol Virtanen' in relationship (use the id 'carol', not the name)",
    ],
}


def test_every_broken_fixture_has_expectations() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED_ERRORS)


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_broken_file_reports_every_problem_with_position_and_hint(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(ContactsError) as caught:
        load_network(path)
    got = [str(p) for p in caught.value.problems]
    assert got == [f"{path}:{e}" for e in EXPECTED_ERRORS[name]]


def test_sample_loads_cleanly() -> None:
    network, problems = parse_network_with_problems(read_text(SAMPLE), "contacts.yaml")
    assert network is not None
    assert problems == []
    assert network.me == "alice"
    assert 40 <= len(network.people) <= 60
    companies = {p.company for p in network.people.values()}
    assert 10 <= len(companies) <= 15
    assert network.people["alice"].name == "Alice Lindqvist"
    assert network.people["carol"].company == "Pactbank"
    assert network.people["bob"].company == "Helix Coaching"
    assert sum("CFO" in (p.title or "") for p in network.people.values()) >= 2


def test_the_design_docs_example_loads() -> None:
    network = parse_network(
        """
me: alice                      # optional; whose network this is
people:
  alice:
    name: Alice Lindqvist
    company: Northwind Consulting
    title: Founder
    email: alice@example.org
    about: Helps software firms expand into the Nordics.
    tags: [saas, author]
  carol: {name: Carol Virtanen, company: Pactbank, title: Co-founder}
  bob: {name: Bob Sjöberg, company: Helix Coaching, title: Author and coach}
relationships:
  - between: [alice, carol]
    strength: close
    how: Worked together for six years; she ran marketing at my last company.
    since: 2004
    last_contact: 2026-05
    channels: [linkedin, email]
  - {between: [carol, bob], strength: good, how: Both speak at the Helsinki SaaS meetup}
"""
    )
    alice_carol = network.relationship("carol", "alice")
    assert alice_carol is not None
    assert alice_carol.strength == "close"
    assert alice_carol.since == PartialDate(2004)
    assert alice_carol.last_contact == PartialDate(2026, 5)
    assert alice_carol.channels == ("linkedin", "email")
    assert network.people["alice"].tags == ("saas", "author")


def test_missing_strength_means_good_and_numbers_map_to_labels() -> None:
    network = parse_network(
        "people: {a: {name: A}, b: {name: B}, c: {name: C}, d: {name: D}}\n"
        "relationships:\n"
        "  - {between: [a, b]}\n"
        "  - {between: [a, c], strength: 5}\n"
        "  - {between: [a, d], strength: Weak}\n"
    )
    assert [r.strength for r in network.relationships] == ["good", "close", "weak"]


def test_values_are_read_as_written_not_as_yaml_guesses() -> None:
    # YAML 1.1 would turn these into False, None, 1000.0 and a date; a name is a name.
    network = parse_network(
        "people:\n"
        "  no: {name: no}\n"
        "  'null': {name: 'null', phone: 0401234567}\n"
        "  x: {name: 1e3, company: 2024-01-01}\n"
        "relationships: [{between: [no, x]}]\n"
    )
    assert network.people["no"].name == "no"
    assert network.people["null"].phone == "0401234567"
    assert network.people["x"].name == "1e3"
    assert network.people["x"].company == "2024-01-01"


def test_unknown_fields_are_kept_and_warned_about() -> None:
    network, problems = parse_network_with_problems(read_text(FIXTURES / "warnings.yaml"), "w.yaml")
    assert network is not None
    assert all(p.severity == "warning" for p in problems)
    assert [str(p) for p in problems] == [
        "w.yaml:6:5: unknown field 'nickname' in person 'alice'; it is kept but not used (did you mean 'name'?)",
        "w.yaml:9:5: unknown field 'birthday' in person 'bob'; it is kept but not used "
        "(known fields: name, company, title, email, phone, linkedin, location, about, pitch, greeting, "
        "language, notes, keep_in_touch, private, tags, history, same_as, not_same_as)",
        "w.yaml:10:11: the tag 'investor, vc' of person 'bob' holds a comma, so it is one tag, not 2 "
        "(write a list: tags: [investor, vc])",
        "w.yaml:14:5: last_contact 2019 is before since 2020 (check the two dates)",
        "w.yaml:15:5: unknown field 'met_at' in a relationship; it is kept but not used "
        "(known fields: between, strength, how, since, last_contact, channels, evidence, notes, private)",
        "w.yaml:18:1: unknown top-level section 'groups'; it is kept but not used "
        "(the sections are me, people, relationships, settings, intros and sources)",
    ]
    assert network.people["alice"].extra == {"nickname": "Ali"}
    assert network.people["bob"].extra == {"birthday": dt.date(1970, 4, 1)}
    assert network.people["bob"].tags == ("investor, vc",)
    assert network.relationships[0].extra == {"met_at": "Slush"}
    assert network.extra == {"groups": ["friends"]}


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("strenght", "strength"),
        ("compnay", "company"),
        ("tag", "tags"),
        ("mail", "email"),
        ("Name", "name"),
        ("last-contact", "last_contact"),
        ("intro", "intros"),
        ("since_", "since"),
    ],
)
def test_slips_of_the_keyboard_are_misspellings(word: str, known: str) -> None:
    from warmintro.fileformat.fields import PERSON_FIELDS, RELATIONSHIP_FIELDS, TOP_LEVEL_FIELDS
    from warmintro.text import misspelt

    assert misspelt(word, (*PERSON_FIELDS, *RELATIONSHIP_FIELDS, *TOP_LEVEL_FIELDS)) == known


@pytest.mark.parametrize(
    "word", ["birthday", "nickname", "linkedin_url", "met_at", "website", "twitter", "x-custom", "role"]
)
def test_new_fields_are_not_misspellings(word: str) -> None:
    from warmintro.fileformat.fields import PERSON_FIELDS, RELATIONSHIP_FIELDS
    from warmintro.text import misspelt

    assert misspelt(word, (*PERSON_FIELDS, *RELATIONSHIP_FIELDS)) is None


@pytest.mark.parametrize(
    ("text", "where", "fix"),
    [
        (
            "people:\n  alice:\n    name: Alice\n      company: X\n",
            "4:7",
            "line it up with 'name' on line 3 (4 spaces)",
        ),
        ("people:\n  alice:\n    name: Alice\n   company: X\n", "4:4", "line it up with 'name' on line 3 (4 spaces)"),
        (
            "people:\n  a: {name: A}\n  b: {name: B}\nrelationships:\n  - between: [a, b]\n     strength: good\n",
            "6:6",
            "line it up with 'between' on line 5 (4 spaces)",
        ),
        (
            "people:\n  a: {name: A}\n  b: {name: B}\nrelationships:\n  - between: [a, b]\n   - between: [b, a]\n",
            "6:4",
            "line it up with '- between' on line 5 (2 spaces)",
        ),
    ],
)
def test_indentation_errors_name_the_line_and_say_indentation(text: str, where: str, fix: str) -> None:
    _, problems = parse_network_with_problems(text, "f.yaml")
    (problem,) = problems
    line = where.split(":")[0]
    assert str(problem).startswith(f"f.yaml:{where}: is not valid YAML: line {line} is indented")
    assert problem.hint == f"indentation: {fix}"


def test_a_colon_in_text_is_still_a_quoting_problem() -> None:
    text = "people:\n  a:\n    name: A\n    about: Met at: SaaS Day\n"
    _, problems = parse_network_with_problems(text, "f.yaml")
    assert "quote text that contains ': '" in (problems[0].hint or "")


def test_history_is_read_with_dates() -> None:
    network = load_network(SAMPLE)
    alice = network.people["alice"]
    assert [job.company for job in alice.history] == ["Kestrel Systems", "Baltic School of Management"]
    kestrel = alice.history[0]
    assert (kestrel.title, kestrel.start, kestrel.end) == (
        "VP Go-to-Market Europe",
        PartialDate(2014),
        PartialDate(2026, 1),
    )
    assert kestrel.label == "Kestrel Systems (VP Go-to-Market Europe, 2014-2026)"


def test_settings_override_the_warmth_table() -> None:
    network = parse_network(
        "people: {a: {name: A}}\nsettings:\n  warmth: {good: 0.5}\n  half_life_years: 2.5\n  max_hops: 6\n"
    )
    assert network.settings.warmth["good"] == 0.5
    assert network.settings.warmth["close"] == 0.95
    assert network.settings.half_life_years == 2.5
    assert network.settings.max_hops == 6


def test_templates_setting_is_kept_as_written() -> None:
    network = parse_network("people: {a: {name: A}}\nsettings: {templates: my-templates}\n")
    assert network.settings.templates == "my-templates"
    assert network.settings.given == {"templates": "my-templates"}
    _, problems = parse_network_with_problems("people: {a: {name: A}}\nsettings: {templates: ''}\n")
    assert [str(p) for p in problems] == ["<string>:2:23: 'templates' needs a folder (e.g. 'templates: my-templates')"]


def test_merge_keys_work_and_explicit_keys_win() -> None:
    network = parse_network(
        "defaults: &kestrel {company: Kestrel Systems, location: Amsterdam}\n"
        "people:\n"
        "  a: {<<: *kestrel, name: A}\n"
        "  b: {<<: *kestrel, name: B, location: Berlin}\n"
    )
    assert network.people["a"].company == "Kestrel Systems"
    assert network.people["b"].location == "Berlin"


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("people:\n  bob: {name: Bob Sj\u00f6berg}\n".encode("latin-1"))
    with pytest.raises(ContactsError) as caught:
        load_network(path)
    assert str(caught.value) == f"{path}:2:21: byte 0xf6 is not UTF-8 text (save the file as UTF-8)"


def test_utf16_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("people: {a: {name: A}}\n".encode("utf-16"))
    with pytest.raises(ContactsError, match="is UTF-16 encoded"):
        load_network(path)


def test_bom_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfpeople: {a: {name: A}}\n")
    assert load_network(path).people["a"].name == "A"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ContactsError, match="contacts file not found"):
        load_network(tmp_path / "nope.yaml")
    with pytest.raises(ContactsError, match="is a directory"):
        load_network(tmp_path)


def test_alias_bomb_fails_fast() -> None:
    # a watchdog, not a timing: the point is "seconds, not hours" (timings are in SECURITY.md)
    with time_limit(30), pytest.raises(ContactsError):
        load_network(BROKEN / "billion_laughs.yaml")


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    deep = "[" * 20000 + "]" * 20000
    path = write(tmp_path, f"people:\n  a: {{name: A, lolol: {deep}}}\n")
    # libyaml may stop it first ("exceeded maximum nesting depth"), or warmintro's own bound
    # ("nested more than 200 levels"), depending on how PyYAML was built: a clean error either way
    with pytest.raises(ContactsError, match=r"contacts\.yaml:2:\d+: .*nest"):
        load_network(path)


def test_person_id_rules() -> None:
    network = parse_network("people: {anna-liisa.k_2: {name: Anna-Liisa}, søren: {name: Søren}}\n")
    assert set(network.people) == {"anna-liisa.k_2", "søren"}


@pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_line_and_paragraph_separators_in_comments_do_not_shift_line_numbers(mark: str) -> None:
    text = (
        f"# notes{mark}more notes: with a colon{mark}- and a dash\n"
        "people:\n"
        f"  a: {{name: Ann}}  # Ann{mark}Lee\n"
        f'  b: {{name: "Ben{mark}Lee"}}\n'
        "relationships:\n"
        "  - {between: [a, zed]}\n"
    )
    with pytest.raises(ContactsError) as raised:
        parse_network(text, "contacts.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.column) == (6, 19) and "zed" in problem.message
    network = parse_network(text.replace("zed", "b"), "contacts.yaml")
    assert network.people["b"].name == f"Ben{mark}Lee"  # in a value, the character is kept
    assert [network.people[p].line for p in ("a", "b")] == [3, 4]
    syntax = text.replace("  - {between: [a, zed]}", "  - {between: [a, b]")
    with pytest.raises(ContactsError) as raised:
        parse_network(syntax, "contacts.yaml")
    assert raised.value.problems[0].line in (6, 7)  # the unclosed mapping, not a line further down


def test_the_package_front_door_is_light() -> None:
    """`warmintro.fileformat` and its table of fields import no YAML; its functions load lazily."""
    import subprocess
    import sys

    code = (
        "import sys, warmintro.fileformat, warmintro.fileformat.fields\n"
        "print('yaml' in sys.modules)\n"
        "from warmintro.fileformat import dump_network, load_network, parse_network\n"
        "print('yaml' in sys.modules, dump_network.__module__, load_network.__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "warmintro.fileformat.writer", "warmintro.fileformat.reader"]


def _module_imports(*, in_functions: bool = False) -> dict[str, set[str]]:
    """Each warmintro module -> the warmintro modules it imports when it is imported (imports
    under TYPE_CHECKING left out, and those inside functions unless `in_functions`)."""
    import ast

    package = Path(__file__).resolve().parent.parent / "warmintro"
    files = {}
    for file in package.rglob("*.py"):
        parts = file.relative_to(package.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = file
    graph: dict[str, set[str]] = {}
    for name, file in files.items():
        here = name if file.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        todo: list[ast.AST] = [ast.parse(file.read_text(encoding="utf-8"))]
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and not in_functions:
                continue  # imported when called, not when the module is
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            todo.extend(ast.iter_child_nodes(node))
            if isinstance(node, ast.ImportFrom):
                base = ".".join(here.split(".")[: len(here.split(".")) - node.level + 1]) if node.level else ""
                module = ".".join(p for p in (base, node.module) if p)
                found.update(f"{module}.{a.name}" if f"{module}.{a.name}" in files else module for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m in files and m != name}
    return graph


def _reach(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Each module -> every module it imports, directly or through others."""
    found: dict[str, set[str]] = {}
    for start in graph:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
        found[start] = seen
    return found


def test_no_module_of_the_package_imports_itself_back() -> None:
    graph = _module_imports()
    assert "warmintro.fileformat.nodes" in graph["warmintro.fileformat.reader"]  # the walk sees imports

    reach = _reach(graph)
    assert [m for m in graph if m in reach[m]] == []


#: Cycles through an import inside a function, each with its reason. Any other is a failure.
KNOWN_LAZY_CYCLES = {
    # Network.organisation_count and private_looking_abouts ask the modules that define an
    # organisation and privacy, which read Person: the model stays free of their regexes at start-up.
    frozenset({"warmintro.model", "warmintro.organisations", "warmintro.privacy", "warmintro.queries.matching"}),
    # each CSV importer names the other's layout when a file looks like the other kind
    frozenset({"warmintro.importers.google", "warmintro.importers.outlook"}),
}


def test_imports_inside_functions_hide_no_cycle_but_the_known_ones() -> None:
    graph = _module_imports(in_functions=True)

    reach = _reach(graph)
    cycles = {frozenset(o for o in graph if o in reach[m] and m in reach[o]) | {m} for m in graph if m in reach[m]}
    assert cycles == KNOWN_LAZY_CYCLES


def test_every_module_of_the_package_is_a_few_hundred_lines() -> None:
    package = Path(__file__).resolve().parent.parent / "warmintro"
    sizes = {
        str(f.relative_to(package)): len(f.read_text(encoding="utf-8").splitlines()) for f in package.rglob("*.py")
    }
    assert max(sizes.values()) <= 620, sorted(sizes.items(), key=lambda item: -item[1])[:3]


def test_the_file_format_is_modules_of_a_few_hundred_lines() -> None:
    package = Path(__file__).resolve().parent.parent / "warmintro" / "fileformat"
    sizes = {f.name: len(f.read_text(encoding="utf-8").splitlines()) for f in package.glob("*.py")}
    assert max(sizes.values()) <= 600, sizes


@given(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), st.sampled_from(["year", "month", "day"]))
def test_a_partial_date_spans_from_its_earliest_to_its_latest_day(day: dt.date, known: str) -> None:
    date = PartialDate(day.year, None if known == "year" else day.month, day.day if known == "day" else None)
    assert date.earliest() <= date.as_date() <= date.latest()
    assert date.earliest() <= day <= date.latest()
    after = date.latest() + dt.timedelta(days=1)  # the first day the date cannot mean
    assert after.year != day.year or (known != "year" and (after.month != day.month or known == "day"))


def test_a_last_contact_within_the_year_or_month_of_since_is_not_before_it() -> None:
    text = (
        "people:\n  a: {name: A}\n  b: {name: B}\n  c: {name: C}\nrelationships:\n"
        "  - {between: [a, b], since: 2025, last_contact: 2025-01-01}\n"
        "  - {between: [a, c], since: 2025-06-15, last_contact: 2025-06}\n"
        "  - {between: [b, c], since: 2025-06, last_contact: 2025-05-31}\n"
    )
    network, problems = parse_network_with_problems(text, "w.yaml")
    assert network is not None
    assert [p.message for p in problems] == ["last_contact 2025-05-31 is before since 2025-06"]
