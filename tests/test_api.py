"""The front door: `from warmintro import ...` is typed, complete and what these tests use.

Everything here goes through `warmintro` itself, as a Python user would: drafting planned in
the library (what `draft --record` does, without the CLI), errors that name arguments, the
README's library example and the package docstring's example, run as written.
"""

from __future__ import annotations

import ast
import dataclasses
import doctest
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import warmintro
from conftest import AS_OF, FLIP, ROOT, SAMPLE, write
from strategies import networks_with_ledgers
from warmintro import (
    ArgumentError,
    DraftPlan,
    Network,
    NoPath,
    QueryError,
    Recorded,
    WarmintroError,
    check_network,
    draft_planned,
    find_connectors,
    find_paths,
    find_targets,
    load_network,
    organisation_key,
    parse_network,
    plan_draft,
    record_drafts,
)

# --------------------------------------------------------------------------------------------
# The three lists of names agree, and each name is what its module defines


def _type_checking_imports() -> dict[str, str]:
    """name -> module of every name the `if TYPE_CHECKING:` block of warmintro/__init__.py imports."""
    tree = ast.parse(Path(warmintro.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    )
    found: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1 and node.module, ast.dump(node)
        for alias in node.names:
            assert alias.asname in (None, alias.name)
            assert alias.name not in found, f"{alias.name} imported twice"
            found[alias.name] = node.module
    return found


def test_all_the_type_checking_block_and_the_lazy_table_agree() -> None:
    exports = warmintro._EXPORTS
    assert warmintro.__all__ == ["__version__", *exports]  # the same names in the same order
    assert _type_checking_imports() == exports
    assert sorted(dir(warmintro)) == sorted(warmintro.__all__)


@pytest.mark.parametrize("name", sorted(warmintro._EXPORTS))
def test_every_exported_name_is_defined_where_the_table_says(name: str) -> None:
    obj = getattr(warmintro, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        assert obj.__module__ == f"warmintro.{warmintro._EXPORTS[name]}"


def test_every_public_function_returns_an_exported_type() -> None:
    """Walk the exported functions' return annotations, and the fields of the exported result
    types: each class of warmintro's they name is exported too, so callers can annotate."""
    exported = set(warmintro.__all__)
    annotations = []
    for name in warmintro._EXPORTS:
        obj = getattr(warmintro, name)
        if inspect.isfunction(obj):
            annotations.append((name, str(inspect.signature(obj).return_annotation)))
        elif inspect.isclass(obj) and dataclasses.is_dataclass(obj):
            annotations += [(f"{name}.{f.name}", str(f.type)) for f in dataclasses.fields(obj)]
    ours = {
        cls.__name__
        for name, module in list(sys.modules.items())
        if name.startswith("warmintro.")
        for cls in vars(module).values()
        if inspect.isclass(cls) and cls.__module__ == name
    }
    missing = {
        f"{where} -> {word}"
        for where, annotation in annotations
        for word in re.findall(r"[A-Za-z_]\w*", annotation)
        if word in ours and word not in exported
    }
    assert not missing


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        warmintro.nothing  # noqa: B018


def test_importing_the_package_stays_light() -> None:
    code = (
        "import sys, warmintro\nprint(','.join(m for m in ('networkx', 'yaml', 'ruamel', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --------------------------------------------------------------------------------------------
# mypy sees the real signatures


WRONG = """\
from warmintro import find_paths, load_network

network = load_network("contacts.yaml")
find_paths(network, "a", "b", as_of="x")
"""

RIGHT = """\
from warmintro import DraftPlan, PathResult, find_paths, load_network, plan_draft

network = load_network("contacts.yaml")
result: PathResult = find_paths(network, "a", "b", max_hops=3)
plan: DraftPlan = plan_draft(network, "a", "b", record=True)
people: tuple[str, ...] | None = plan.to_record
"""


def test_mypy_checks_calls_against_the_real_signatures(tmp_path: Path) -> None:
    """A wrong argument type through the front door is rejected (with lazy loading alone,
    every name would be Any and nothing would be); a right call passes strict checking."""
    pytest.importorskip("mypy")
    (tmp_path / "wrong.py").write_text(WRONG, encoding="utf-8")
    (tmp_path / "right.py").write_text(RIGHT, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path / "cache")]
        + ["--python-version", "3.10", "wrong.py", "right.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=600,
    )
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, out.stdout
    assert errors[0].startswith("wrong.py:4:")
    assert 'Argument "as_of" to "find_paths" has incompatible type "str"' in errors[0]


# --------------------------------------------------------------------------------------------
# The README's library example and the package docstring run as written


def _readme_library_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Using it as a library", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert blocks, "the README's library section has no python example"
    return blocks[0]


def test_the_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)  # the example reads contacts.yaml: the sample beside the README
    namespace: dict[str, object] = {}
    exec(compile(_readme_library_example(), "README.md", "exec"), namespace)
    assert capsys.readouterr().out.startswith("('alice', ")
    assert isinstance(namespace["note"], str) and namespace["note"]


def test_the_package_docstring_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    finder = doctest.DocTestFinder(recurse=False)
    tests = finder.find(warmintro, "warmintro", globs={})
    assert tests and tests[0].examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


# --------------------------------------------------------------------------------------------
# Draft planning in the library


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(SAMPLE)


def test_the_plan_drafts_along_the_warmest_path(network: Network) -> None:
    plan = plan_draft(network, "alice", "bob", as_of=AS_OF)
    warmest = find_paths(network, "alice", "bob", max_hops=None, as_of=AS_OF).paths[0]
    assert plan.path == warmest and (plan.source, plan.target) == ("alice", "bob")
    assert plan.to_record is None and plan.notes == ()
    drafts = draft_planned(network, plan)
    assert [m.kind for m in drafts.messages][-2:] == ["opt-in", "intro"]
    assert drafts.path == warmest


def test_via_chain_choice_and_direct(network: Network) -> None:
    through_grace = plan_draft(network, "alice", "bob", via=["grace"], as_of=AS_OF)
    assert through_grace.path is not None and "grace" in through_grace.path.connectors
    chained = plan_draft(network, None, None, chain=["alice", "carol", "bob"], as_of=AS_OF)
    assert chained.path is not None and chained.path.people == ("alice", "carol", "bob")
    assert (chained.source, chained.target) == ("alice", "bob")
    second = find_paths(network, "alice", "bob", as_of=AS_OF).paths[1]
    assert plan_draft(network, "alice", "bob", choice=second, as_of=AS_OF).path == second
    direct = plan_draft(network, "alice", "bob", direct=True, as_of=AS_OF)
    assert direct.path is None
    assert [m.kind for m in draft_planned(network, direct, channel="linkedin").messages] == ["direct"]


def test_people_who_know_each_other_get_a_direct_message_and_nothing_to_record(network: Network) -> None:
    plan = plan_draft(network, "alice", "carol", as_of=AS_OF)
    assert plan.path is None
    assert plan.notes == ("Alice and Carol know each other: a direct message instead of introductions",)
    drafts = draft_planned(network, plan)
    assert drafts.notes[0] == plan.notes[0] and [m.kind for m in drafts.messages] == ["direct"]
    with pytest.raises(QueryError, match="know each other: no one to ask, nothing to record"):
        plan_draft(network, "alice", "carol", record=True, as_of=AS_OF)


def test_no_path_is_an_exception_that_says_where_it_looked() -> None:
    network = parse_network("people: {a: {name: Ann}, b: {name: Ben}}\nrelationships: []\n")
    with pytest.raises(NoPath) as caught:
        plan_draft(network, "a", "b", as_of=AS_OF)
    assert (caught.value.source, caught.value.target, caught.value.max_hops) == ("a", "b", 4)


def _draft_and_record(contacts: Path, target: str, purpose: str) -> tuple[DraftPlan, Recorded]:
    network = load_network(contacts)
    plan = plan_draft(network, "alice", target, record=True, purpose=purpose, as_of=AS_OF)
    return plan, record_drafts(contacts, draft_planned(network, plan))


def test_recording_from_python_reuses_the_open_ask_and_records_once(tmp_path: Path) -> None:
    """What `draft --record` does, from Python: the first draft records an ask; asking for Dave
    makes Carol look tired, yet drafting for Bob again follows the open ask through Carol and
    records nothing new."""
    contacts = write(tmp_path, FLIP)
    plan, first = _draft_and_record(contacts, "bob", "advice")
    assert plan.to_record == ("alice", "carol", "bob") and plan.recorded is None and plan.along is None
    assert first.new and first.ask.id == "2026-11-26-carol-bob"
    _draft_and_record(contacts, "dave", "hiring")
    network = load_network(contacts)
    assert find_paths(network, "alice", "bob", as_of=AS_OF).paths[0].people == ("alice", "grace", "bob")
    plan, again = _draft_and_record(contacts, "bob", " Advice ")
    assert plan.path is not None and plan.path.people == ("alice", "carol", "bob")
    assert plan.along is not None and plan.along.id == "2026-11-26-carol-bob"
    assert plan.recorded == plan.along and plan.to_record is None
    assert plan.notes == ("drafted along ask 2026-11-26-carol-bob (drafted), already in the ledger for this purpose",)
    assert not again.new and again.ask.id == "2026-11-26-carol-bob"
    assert [a.id for a in load_network(contacts).intros] == ["2026-11-26-carol-bob", "2026-11-26-carol-dave"]
    # naming the path (or a via) asks someone else on purpose: a new ask
    other = plan_draft(load_network(contacts), "alice", "bob", via=["grace"], record=True, purpose="advice")
    assert other.to_record == ("alice", "grace", "bob") and other.along is None


def test_a_direct_message_records_nothing(tmp_path: Path) -> None:
    contacts = write(tmp_path, FLIP)
    network = load_network(contacts)
    drafts = draft_planned(network, plan_draft(network, "alice", "bob", direct=True, as_of=AS_OF))
    with pytest.raises(QueryError, match="no ask to record"):
        record_drafts(contacts, drafts)


# --------------------------------------------------------------------------------------------
# Library errors name arguments, never the command's options


def _message(call: object) -> str:
    assert callable(call)
    with pytest.raises(WarmintroError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda n: plan_draft(n, "alice", "bob", direct=True, via=["grace"]), "direct"),
        (lambda n: plan_draft(n, "alice", "bob", chain=["alice", "carol", "bob"], via=["carol"]), "chain"),
        (lambda n: plan_draft(n, "alice", "bob", direct=True, record=True), "record"),
        (lambda n: plan_draft(n, "mikael", None, chain=["alice", "carol", "bob"]), "chain"),
        (lambda n: draft_planned(n, plan_draft(n, "alice", "bob"), channel="linkedin"), "channel"),
        (lambda n: find_targets(n, "alice", warmintro.Criteria(companies=("Pactbank",)), top=0), "top"),
        (lambda n: find_connectors(n, "alice", top=0), "top"),
    ],
)
def test_library_errors_name_arguments_not_options(network: Network, call, argument: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        call(network)
    message = str(caught.value)
    assert caught.value.argument == argument and message.startswith(argument)
    assert "--" not in message
    assert caught.value.as_options().startswith("--" + argument.replace("_", "-"))


def test_a_private_path_names_arguments_in_its_advice() -> None:
    network = parse_network(
        "people: {a: {name: Ann}, b: {name: Ben}, c: {name: Cy}}\n"
        "relationships: [{between: [a, b], private: true}, {between: [b, c]}]\n"
    )
    message = _message(lambda: draft_planned(network, plan_draft(network, "a", "c", as_of=AS_OF)))
    assert "private" in message and "--" not in message


# --------------------------------------------------------------------------------------------
# One organisation, wherever it is counted


def test_an_organisation_is_one_whatever_its_legal_form_and_case() -> None:
    assert organisation_key("Acme Oy") == organisation_key("ACME Inc.") == organisation_key(" acme, ltd") == ("acme",)
    assert organisation_key("Acme Nordic") != organisation_key("Acme")
    assert organisation_key(None) is organisation_key("  ") is organisation_key("!!!") is None
    network = parse_network(
        "people:\n  a: {name: Ann, company: Acme Oy}\n  b: {name: Ben, company: ACME Inc.}\n"
        "  c: {name: Cy, company: Acme Nordic}\n"
    )
    assert check_network(network, as_of=AS_OF).organisations == network.organisation_count() == 2


def test_a_whole_company_in_find_is_the_same_organisation() -> None:
    """`find --company "ACME Inc"` names a whole company: the organisation of "Acme Oy"."""
    assert warmintro.company_matches("ACME Inc", "Acme Oy")
    assert not warmintro.company_matches("ACME Inc", "Acme Nordic")
    assert warmintro.company_matches("Acme", "Acme Nordic")  # a few words: a run of the name's words
    for query, company in [("ACME Inc", "Acme Oy"), ("The Acme Ltd", "acme"), ("Acme Inc", "Acme Nordic")]:
        same = organisation_key(query) == organisation_key(company)
        assert warmintro.company_matches(query, company) is same


def test_errors_name_arguments_in_backquotes_and_the_cli_names_options(run, tmp_path: Path) -> None:
    """A library error that mentions an argument writes it `like_this` and lists it in
    `arguments`; the command shows the option that sets it instead."""
    with pytest.raises(QueryError) as caught:
        warmintro.Criteria()
    assert str(caught.value) == "say whom to find: give `companies`, `titles`, `tags` or `places`"
    assert caught.value.arguments == ("companies", "titles", "tags", "places")
    assert "say whom to find: give --company, --title, --tag or --where" in run("find").stderr
    network = load_network(SAMPLE)
    with pytest.raises(QueryError) as caught:
        find_paths(network, "alice", "bob", via=["bob"])
    assert "`via` names someone in between" in str(caught.value) and "--" not in str(caught.value)
    assert caught.value.as_options() == "'bob' is already an end of the path; --via names someone in between"
    taken = write(tmp_path, "x", name="graph.dot")
    from warmintro.safefile import write_output

    with pytest.raises(WarmintroError) as caught:
        write_output(taken, b"y", what="graph")
    assert str(caught.value).endswith("(pass `force` to replace it)")
    assert caught.value.as_options().endswith("(pass --force to replace it)")


@settings(max_examples=150, deadline=None)
@given(network=networks_with_ledgers(), data=st.data())
def test_a_recorded_plan_never_asks_twice_for_one_introduction(network: Network, data: st.DataObject) -> None:
    """For any ledger: a plan to record goes from the source to the target along a real chain; it
    follows the open ask for the same requester, target and purpose when one is walkable, and
    what it would record is None exactly when that chain is already open in the ledger."""
    ids = sorted(network.people)
    source, target = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    try:
        plan = plan_draft(network, source, target, record=True, as_of=AS_OF)
    except (NoPath, QueryError):
        return
    assert plan.path is not None and (plan.path.people[0], plan.path.people[-1]) == (source, target)
    assert all(network.knows(a, b) for a, b in zip(plan.path.people, plan.path.people[1:]))
    open_asks = [a for a in network.intros if a.is_open and a.purpose is None]
    open_here = [a for a in open_asks if (a.requester, a.target) == (source, target)]
    if plan.along is not None:
        assert plan.along in open_here and plan.along.people == plan.path.people
    already = [a for a in open_asks if a.people == plan.path.people]
    assert (plan.recorded is not None) == bool(already)
    assert plan.to_record == (None if already else plan.path.people)
