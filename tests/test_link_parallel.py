"""Linking in several processes (link.parallel) stores what linking in one stores."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.batch import ingest
from policydocs.link import blocks, link, parallel
from policydocs.store import open_db

ROOT = Path(__file__).resolve().parents[1]
linux = pytest.mark.skipif(not parallel._can_fork(), reason="processes are forked on Linux only")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """National reports with local documents (a division plan among them) and template seeds."""
    db = tmp_path_factory.mktemp("parallel") / "t.db"
    ingest([ROOT / "corpora" / "govreport", ROOT / "corpora" / "local", ROOT / "corpora" / "seeds"], db=db,
           link=False)
    return db


def _links(db) -> list[tuple]:
    return open_db(db).conn.execute("SELECT target_key, actual_key, score, reasons, rank FROM links ORDER BY rowid"
                                    ).fetchall()


def _pids_reading(monkeypatch, tmp_path) -> Path:
    """A file where each process that reads a batch of blocks writes its pid (forked processes
    inherit the patched function)."""
    log = tmp_path / "pids"
    real = blocks.read

    def read(*args, **kwargs):
        with open(log, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(blocks, "read", read)
    return log


@linux
@pytest.mark.parametrize("keep_rows", [True, False])
def test_two_processes_store_the_links_of_one_in_the_same_order(store, monkeypatch, tmp_path, keep_rows):
    one = link(store, force=True, as_of="2019-03-05")
    expected = _links(store)
    assert len(expected) > 40
    if not keep_rows:  # a store too big to keep its rows: each process reads its blocks back, by id
        monkeypatch.setattr(blocks, "KEEP_ROWS", 0)
    monkeypatch.setattr(parallel, "MIN_BATCH", 20)  # several batches for each process
    log = _pids_reading(monkeypatch, tmp_path)
    two = link(store, force=True, as_of="2019-03-05", jobs=2)
    assert _links(store) == expected
    assert (two.targets, two.actuals, two.linked, two.links) == (one.targets, one.actuals, one.linked, one.links)
    assert two.statuses == one.statuses and sum(one.statuses.values()) > 300
    readers = Counter(log.read_text().split())
    assert str(os.getpid()) not in readers  # this process only waited and wrote
    assert len(readers) == 2 and sum(readers.values()) >= 4


@linux
def test_a_process_that_dies_costs_no_link(store, monkeypatch, tmp_path):
    link(store, force=True)
    expected = _links(store)
    parent = os.getpid()
    monkeypatch.setattr(parallel, "MIN_BATCH", 20)
    real = blocks.read

    def read(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(1)  # as a process killed, or out of memory
        return real(*args, **kwargs)

    monkeypatch.setattr(blocks, "read", read)
    report = link(store, force=True, jobs=2)  # the batches not done are linked here
    assert _links(store) == expected and report.links == len(expected)


def test_a_store_other_processes_cannot_open_is_linked_here(store, monkeypatch, tmp_path):
    import sqlite3

    import sqlite_utils

    link(store, force=True)
    expected = _links(store)
    memory = sqlite3.connect(":memory:")
    open_db(store).conn.backup(memory)  # a store in this process's memory only
    log = _pids_reading(monkeypatch, tmp_path)
    report = link(sqlite_utils.Database(memory), force=True, jobs=2)
    assert report.links == len(expected)
    assert set(log.read_text().split()) == {str(os.getpid())}


def test_link_command_takes_jobs(store):
    from policydocs.cli import cli

    link(store, force=True)
    expected = _links(store)
    result = CliRunner().invoke(cli, ["link", "--db", str(store), "--force", "--jobs", "2", "--as-of", "2019-03-05"])
    assert result.exit_code == 0, result.output
    assert "targets linked" in result.output and "已完成" in result.output
    assert _links(store) == expected
