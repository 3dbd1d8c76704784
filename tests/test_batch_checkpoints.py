"""WAL checkpoints during an ingest batch (store.db.batch_checkpoints): fewer while the batch writes,
one at the end, the connection's own setting back afterwards, also when the batch fails; and a
killed batch whose commits are still only in the WAL leaves every stored document whole."""

from __future__ import annotations

import os

import pytest

from builders import DOC_A, DOC_B, DOC_C, KILLED_AFTER_COMMITS, dump, killed_batch, write_docs
import policydocs.batch.runner as load
from policydocs.store import open_db
from policydocs.batch import ingest
from policydocs.store.db import BATCH_CHECKPOINT_PAGES, batch_checkpoints


def autocheckpoint(conn) -> int:
    return conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]


def uncheckpointed(conn) -> int:
    """WAL frames not yet copied into the database (a PASSIVE checkpoint copies what it can first)."""
    _, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return log - done


def test_the_batch_checkpoints_less_often_and_restores_the_setting(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    db = open_db(tmp_path / "t.db")
    db.conn.execute("PRAGMA wal_autocheckpoint = 777")  # the caller's own setting
    seen = []
    real = load.write_document

    def spy(conn, rows, **kw):
        seen.append(autocheckpoint(conn))
        return real(conn, rows, **kw)

    monkeypatch.setattr(load, "write_document", spy)
    report = ingest(paths, db=db)
    assert len(report.added) == 3
    assert seen == [BATCH_CHECKPOINT_PAGES] * 3
    assert autocheckpoint(db.conn) == 777
    assert uncheckpointed(db.conn) == 0  # the batch ended with a checkpoint


def test_a_failing_batch_restores_the_setting(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B})
    db = open_db(tmp_path / "t.db")
    before = autocheckpoint(db.conn)
    real = load.write_document

    def interrupted(conn, rows, **kw):
        if rows.doc == "b":
            raise KeyboardInterrupt  # not a per-file error: the batch stops
        return real(conn, rows, **kw)

    monkeypatch.setattr(load, "write_document", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(paths, db=db)
    assert autocheckpoint(db.conn) == before
    assert [r["doc"] for r in db["documents"].rows] == ["a"]


def test_the_setting_comes_back_when_the_checkpoint_cannot_run(tmp_path):
    db = open_db(tmp_path / "t.db")
    before = autocheckpoint(db.conn)
    with pytest.raises(RuntimeError):
        with batch_checkpoints(db.conn, pages=5000):
            db.conn.execute("BEGIN")  # left open by the failure: no checkpoint inside a transaction
            raise RuntimeError
    assert autocheckpoint(db.conn) == before
    db.conn.execute("ROLLBACK")


def test_a_killed_batch_leaves_its_committed_documents_whole_from_the_wal(tmp_path):
    paths, crashed = killed_batch(tmp_path, KILLED_AFTER_COMMITS)
    assert os.path.getsize(f"{crashed}-wal") > 0  # a and b are in the WAL only: opening replays it
    reference = tmp_path / "ref.db"
    ingest(paths[:2], db=reference, link=False)
    got = open_db(crashed)
    assert dump(got) == dump(open_db(reference))
    report = ingest(paths, db=crashed)  # and the next run finishes the batch
    assert (len(report.unchanged), len(report.added)) == (2, 1)
