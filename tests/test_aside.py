"""Work beside the command: jobs run in a forked child, and the command waits for them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import warmintro.aside as aside

FORK = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and two cores")


def _jobs(folder: Path, count: int) -> list[aside.Job]:
    def job(i: int) -> aside.Job:
        def write() -> None:
            (folder / f"{i}.txt").write_text(str(os.getpid()))

        return write

    return [job(i) for i in range(count)]


@FORK
def test_jobs_run_in_a_child_and_are_done_once_waited_for(tmp_path: Path) -> None:
    wait = aside.start_aside(_jobs(tmp_path, 3), aside.WORTH_A_CHILD)
    wait()
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["0.txt", "1.txt", "2.txt"]
    pids = {p.read_text() for p in tmp_path.iterdir()}
    assert pids != {str(os.getpid())} and len(pids) == 1  # one child did them all


def test_a_single_job_or_no_fork_runs_here_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    aside.start_aside(_jobs(tmp_path, 1), aside.WORTH_A_CHILD)()
    assert (tmp_path / "0.txt").read_text() == str(os.getpid())
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    order: list[int] = []
    aside.start_aside([lambda: order.append(1), lambda: order.append(2)], aside.WORTH_A_CHILD)()
    assert order == [1, 2]


@FORK
def test_a_failing_job_in_the_child_does_not_stop_the_others(tmp_path: Path) -> None:
    def fail() -> None:
        raise OSError("disk full")

    jobs = [fail, *_jobs(tmp_path, 2)]
    aside.start_aside(jobs, aside.WORTH_A_CHILD)()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt", "1.txt"]


@FORK
def test_shared_work_is_split_with_a_child_and_comes_back_in_order(tmp_path: Path) -> None:
    items = [f"item{i}" for i in range(7)]
    done_here: list[str] = []

    def work(item: str, jobs: list[aside.Job]) -> tuple[str, int]:
        jobs.append(lambda: done_here.append(item))
        return item.upper(), os.getpid()

    results, jobs, wait = aside.shared(items, work, [aside.WORTH_A_CHILD + 100 * (i == "item3") for i in items])
    wait()
    assert [r[0] for r in results] == [i.upper() for i in items]  # type: ignore[index]
    pids = {r[1] for r in results}  # type: ignore[index]
    assert len(pids) == 2 and os.getpid() in pids  # about half here, half in the child
    for job in jobs:
        job()
    assert 0 < len(done_here) < len(items)  # the jobs of the items done here alone


@FORK
def test_what_the_child_cannot_send_is_done_here() -> None:
    def work(item: str, jobs: list[aside.Job]) -> object:
        if os.getpid() != parent:
            return lambda: None  # cannot be pickled
        return item

    parent = os.getpid()
    results, _, wait = aside.shared(["a", "b", "c", "d"], work, [aside.WORTH_A_CHILD] * 4)
    wait()
    assert results == ["a", "b", "c", "d"]


@FORK
def test_beside_gives_the_childs_result_then_does_the_jobs_or_none_when_it_failed(tmp_path: Path) -> None:
    result, wait = aside.beside(lambda: (os.getpid(), [1, 2, 3]), then=_jobs(tmp_path, 2))
    found = result()
    assert found is not None and found[1] == [1, 2, 3] and found[0] != os.getpid()
    wait()
    assert {p.read_text() for p in tmp_path.iterdir()} == {str(found[0])}  # the jobs: in that child

    def fail() -> int:
        raise ValueError("no")

    failed, reap = aside.beside(fail)
    assert failed() is None
    reap()


def test_without_a_child_beside_gives_nothing_and_the_jobs_run_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    result, wait = aside.beside(lambda: 1, then=_jobs(tmp_path, 2))
    assert result() is None
    assert not list(tmp_path.iterdir())
    wait()
    assert {p.read_text() for p in tmp_path.iterdir()} == {str(os.getpid())}


def test_little_work_is_done_in_the_command(tmp_path: Path) -> None:
    aside.start_aside(_jobs(tmp_path, 3), aside.WORTH_A_CHILD - 1)()
    assert {p.read_text() for p in tmp_path.iterdir()} == {str(os.getpid())}
    results, _, wait = aside.shared(["a", "b"], lambda item, jobs: (item, os.getpid()), [10, 10])
    wait()
    assert results == [("a", os.getpid()), ("b", os.getpid())]
