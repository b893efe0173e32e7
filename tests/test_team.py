"""Pooling colleagues' shares: owners as connectors, provenance on each hop, `warmintro team`,
and the shares warmintro refuses."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warmintro.cli import cli
from warmintro.model import STRENGTHS

FIXTURES = Path(__file__).parent / "fixtures" / "team"
AS_OF = "2026-11-30"

EERO = """\
me: eero
people:
  eero: {name: Eero Aho, company: Kestrel Systems}
  carol: {name: Carol Virtanen, company: Pactbank}
  bob: {name: Bob Sjöberg, company: Pactbank}
relationships:
  - {between: [eero, carol], strength: good, how: Same running club}
  - {between: [carol, bob], strength: close}
"""

RIITTA = """\
me: riitta
people:
  riitta: {name: Riitta Koski, company: Kestrel Systems}
  sam: {name: Sam Nguyen, email: sam@example.org}
  carol: {name: Carol Virtanen, company: Pactbank}
  bob: {name: Bob Sjöberg, company: Pactbank}
relationships:
  - {between: [riitta, sam], strength: good}
  - {between: [carol, bob], strength: acquaintance}
"""

PETRI = """\
me: petri
people:
  petri: {name: Petri Laine, company: Kestrel Systems}
  dana: {name: Dana Lee, company: Kestrel Systems}
  eero: {name: Eero Aho}
  riitta: {name: Riitta Koski}
  cristina: {name: Cristina Ruiz, tags: [target]}
relationships:
  - {between: [petri, dana], strength: strong, how: We work together}
sources:
  - team/*.yaml
"""


def run(contacts: Path, *args: str) -> tuple[int, str, str]:
    """warmintro on `contacts`, named relative to the current folder (a test's own), as users do."""
    result = CliRunner().invoke(cli, ["--contacts", os.path.relpath(contacts), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """Three colleagues share their networks at three levels; Petri pools them."""
    (tmp_path / "team").mkdir()
    homes = {"dana": (FIXTURES / "dana.yaml").read_text(), "eero": EERO, "riitta": RIITTA}
    for (name, text), level in zip(homes.items(), ("ties", "context", "full")):
        own = tmp_path / f"{name}-own.yaml"
        own.write_text(text)
        code, _, err = run(own, "share", "--out", str(tmp_path / "team" / f"{name}.yaml"), "--level", level)
        assert code == 0, err
    me = tmp_path / "contacts.yaml"
    me.write_text(PETRI)
    return me


def test_a_path_through_a_colleague_says_whose_network_it_came_from(team: Path) -> None:
    code, out, err = run(team, "path", "bob", "--as-of", AS_OF)
    assert code == 0, err
    assert "Petri Laine → Dana Lee → Bob Sjöberg" in out
    assert "Dana's network says Dana knows Bob well" in out
    assert "Ask your colleague Dana Lee (Kestrel Systems) first." in out
    code, out, _ = run(team, "path", "bob", "--as-of", AS_OF, "--json")
    first = json.loads(out)["paths"][0]
    assert [h["source"] for h in first["hops"]] == ["contacts.yaml", "team/dana.yaml"]
    assert first["hops"][1]["shared_by"] == [
        {"by": "dana", "file": "team/dana.yaml", "says": "Dana's network says Dana knows Bob well"}
    ]


def test_a_colleague_the_user_has_no_tie_with_becomes_a_connector(team: Path) -> None:
    code, out, err = run(team, "path", "sam", "--as-of", AS_OF, "--json")
    assert code == 0, err
    hops = json.loads(out)["paths"][0]["hops"]
    assert [(h["from"], h["to"], h["source"]) for h in hops] == [
        ("petri", "riitta", "team/riitta.yaml"),
        ("riitta", "sam", "team/riitta.yaml"),
    ]
    assert hops[0]["how"] == "colleague who shared their network"


def test_team_lists_each_share_and_what_it_opens(team: Path) -> None:
    (team.parent / "contacts.yaml").write_text(
        PETRI.replace("cristina: {name: Cristina Ruiz, tags: [target]}", "sam: {name: Sam Nguyen, tags: [target]}")
    )
    code, out, err = run(team, "team", "--json")
    assert code == 0, err
    files = {f["owner"]: f for f in json.loads(out)["files"]}
    assert set(files) == {"dana", "eero", "riitta"}
    assert files["dana"]["level"] == "ties" and files["eero"]["level"] == "context"
    assert files["riitta"]["level"] == "full"
    assert files["riitta"]["opens"] == ["sam"]
    assert files["dana"]["opens"] == []
    assert (files["dana"]["people"], files["dana"]["ties"]) == (4, 2)
    code, out, _ = run(team, "team")
    assert code == 0
    assert "Riitta Koski opens Sam Nguyen" in out


def test_team_without_shares_finds_nothing(tmp_path: Path) -> None:
    me = tmp_path / "contacts.yaml"
    me.write_text("me: a\npeople:\n  a: {name: A}\n")
    code, _, err = run(me, "team")
    assert code == 1
    assert "no colleague's share is pooled" in err


def test_colleagues_who_disagree_are_listed_by_check(team: Path) -> None:
    code, out, err = run(team, "check")
    assert code == 0, err
    assert "colleagues' files disagree on Carol Virtanen and Bob Sjöberg" in out
    assert "team/eero.yaml says close, team/riitta.yaml says acquaintance" in out


def test_a_share_that_names_the_wrong_owner_is_refused(team: Path) -> None:
    share = team.parent / "team" / "dana.yaml"
    share.write_text(share.read_text().replace("shared: {by: dana,", "shared: {by: eero,"))
    before = team.read_bytes()
    code, out, err = run(team, "path", "bob")
    assert code == 2
    assert "team/dana.yaml:4: names the wrong owner: 'shared:' says 'eero' shared it, but its 'me' is 'dana'" in err
    assert out == ""
    assert team.read_bytes() == before


def test_the_users_own_share_is_refused(team: Path) -> None:
    code, _, err = run(team, "share", "--out", str(team.parent / "team" / "petri.yaml"))
    assert code == 0, err
    code, _, err = run(team, "path", "bob")
    assert code == 2
    assert "names the wrong owner: this is a share of your own network (Petri Laine)" in err


def test_two_shares_of_one_network_are_refused(team: Path) -> None:
    folder = team.parent / "team"
    (folder / "dana-old.yaml").write_text((folder / "dana.yaml").read_text())
    code, _, err = run(team, "check")
    assert code == 2
    assert "is a second share of Dana Lee's network (the first is team/dana-old.yaml)" in err


def test_a_glob_matching_ten_thousand_files_is_refused(tmp_path: Path) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for i in range(10_000):
        (many / f"{i}.yaml").touch()
    me = tmp_path / "contacts.yaml"
    me.write_text("me: a\npeople:\n  a: {name: A}\nsources:\n  - many/*.yaml\n")
    code, _, err = run(me, "path", "a")
    assert code == 2
    assert "contacts.yaml:5:5: source 'many/*.yaml' matches 10,000 files; a network is read from at most 1,000" in err


def test_a_source_that_is_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    os.symlink(folder / "b.yaml", folder / "a.yaml")
    os.symlink(folder / "a.yaml", folder / "b.yaml")
    me = tmp_path / "contacts.yaml"
    me.write_text("me: a\npeople:\n  a: {name: A}\nsources: [team/*.yaml]\n")
    code, _, err = run(me, "check")
    assert code == 2
    assert "source 'team/*.yaml' is a symbolic link loop" in err


def test_the_owner_is_the_one_person_of_the_users_file_with_that_name(team: Path) -> None:
    """Petri's file calls Eero 'eero-aho' (another id, no address): still the owner, not a new person."""
    team.write_text(PETRI.replace("eero: {name: Eero Aho}", "eero-aho: {name: Eero Aho}"))
    code, out, err = run(team, "path", "carol", "--as-of", AS_OF, "--json")
    assert code == 0, err
    (through_eero,) = [p for p in json.loads(out)["paths"] if p["people"] == ["petri", "eero-aho", "carol"]]
    assert through_eero["hops"][1]["shared_by"][0]["by"] == "eero-aho"
    from warmintro.sources.network import load_contacts

    assert "eero" not in load_contacts(team).network.people


def test_a_share_is_read_like_any_source_and_its_problems_name_it(team: Path) -> None:
    share = team.parent / "team" / "eero.yaml"
    share.write_text(share.read_text().replace("between: [carol, bob]", "between: [carol, bobb]"))
    code, _, err = run(team, "check")
    assert code == 2
    assert "team/eero.yaml:" in err and "bobb" in err


@st.composite
def teams(draw: st.DrawFn) -> tuple[list[str], list[list[tuple[str, str, str]]]]:
    """People p0..pn (p0 is the user, p1 and p2 colleagues) and each colleague's ties."""
    n = draw(st.integers(4, 9))
    ids = [f"p{i}" for i in range(n)]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if a != "p0"]
    files = []
    for owner in ("p1", "p2"):
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8))
        pairs_here = list(dict.fromkeys([(owner, "p3"), *chosen]))
        files.append([(a, b, draw(st.sampled_from(STRENGTHS))) for a, b in pairs_here])
    return ids, files


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams())
def test_every_tie_a_share_brings_is_in_the_file_it_names(
    team_: tuple[list[str], list[list[tuple[str, str, str]]]],
) -> None:
    from warmintro.export.share import share_network
    from warmintro.fileformat.reader import parse_network
    from warmintro.model import Network, Person, Relationship
    from warmintro.sources.network import load_contacts

    ids, files = team_
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "team").mkdir()
        for owner, ties in zip(("p1", "p2"), files):
            people = {
                pid: Person(pid, f"Person {pid[1:]}", linkedin=f"linkedin.com/in/{pid}") for pid in ids if pid != "p0"
            }
            # each colleague's file calls people by its own ids
            local = {pid: f"{owner}-{pid}" if pid != owner else pid for pid in people}
            network = Network(
                {local[p]: Person(local[p], q.name, linkedin=q.linkedin) for p, q in people.items()},
                [Relationship(local[a], local[b], s) for a, b, s in ties],
                me=owner,
            )
            (folder / "team" / f"{owner}.yaml").write_text(share_network(network).text)
        (folder / "contacts.yaml").write_text(
            "me: p0\npeople:\n  p0: {name: Person 0}\n  p1: {name: Person 1, linkedin: linkedin.com/in/p1}\n"
            "relationships:\n  - {between: [p0, p1], strength: strong}\nsources: [team/*.yaml]\n"
        )
        merged = load_contacts(folder / "contacts.yaml", use_cache=False).network
        texts = {f: parse_network((folder / f).read_text(), f) for f in ("team/p1.yaml", "team/p2.yaml")}
        for rel in merged.relationships:
            if "inferred" in rel.extra:
                continue
            for view in rel.origins:
                file = str(view["file"]).removeprefix(str(folder) + "/")
                if file not in texts:
                    continue
                if view.get("pooled"):  # the tie with a colleague, made by pooling: with the file's owner
                    (owner,) = rel.pair - {"p0"}
                    assert {"file": view["file"], "id": texts[file].me} in [
                        {"file": o["file"], "id": o["id"]} for o in merged.people[owner].origins
                    ]
                    continue
                here = {
                    end: next(str(o["id"]) for o in merged.people[end].origins if str(o["file"]).endswith(file))
                    for end in (rel.a, rel.b)
                }
                assert texts[file].relationship(here[rel.a], here[rel.b]) is not None
                if "by" in view:
                    assert merged.people[str(view["by"])].name == texts[file].people[texts[file].me or ""].name


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and two cores")
def test_a_team_loaded_on_two_cores_is_the_team_loaded_on_one(
    team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing shares in a child, writing their caches beside the merge, and making the cache's
    people beside the inferred ties (warmintro.aside) change no answer, and leave every cache."""
    import warmintro.aside as aside
    import warmintro.sources.network as loading

    answers = {}
    for cores in (1, 2):
        monkeypatch.setattr(aside, "WORTH_A_CHILD", 0)  # small files: forked all the same
        monkeypatch.setattr(loading, "BESIDE_PEOPLE", 0)
        monkeypatch.setattr(aside.os, "cpu_count", lambda cores=cores: cores)
        cache = tmp_path / f"cache-{cores}"
        monkeypatch.setenv("WARMINTRO_CACHE_DIR", str(cache))
        cold = [run(team, *args, "--json") for args in (["path", "carol", "--as-of", AS_OF], ["team"])]
        names = sorted(p.name.split("-")[0] for p in cache.iterdir())
        assert names == ["contacts.yaml", "contacts.yaml.sources", "dana.yaml", "eero.yaml", "riitta.yaml"]
        warm = [run(team, *args, "--json") for args in (["path", "carol", "--as-of", AS_OF], ["team"])]
        assert warm == cold
        answers[cores] = cold
    assert answers[1] == answers[2]
    assert answers[2][0][0] == 0, answers[2][0]
    assert json.loads(answers[2][0][1])["paths"]
