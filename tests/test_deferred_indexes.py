"""A batch that brings at least as many documents as are stored builds the non-unique indexes once,
at its end (store.db.deferred_indexes); a stored version is never deleted without them; a failed or
killed batch leaves a database whose indexes come back."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlite_utils

from builders import DOC_A, DOC_B, DOC_C, KILLED_AFTER_COMMITS, dump, killed_batch, write_docs
import policydocs.store.db as store_db
import policydocs.batch.runner as load
import policydocs.store.write as write
from policydocs.store import open_db
from policydocs.batch import ingest
from policydocs.store.schema import INDEXES, index_name

SECONDARY = {index_name(table, columns) for table, columns, unique in INDEXES if not unique}
UNIQUE = {index_name(table, columns) for table, columns, unique in INDEXES if unique}


def indexes(conn) -> set[str]:
    """The indexes of the tables of ``schema.INDEXES`` (the links tables have their own)."""
    tables = {table for table, _, _ in INDEXES}
    return {name for name, table in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
            if table in tables and name.startswith("idx_")}


def spy_writes(monkeypatch) -> list[set[str]]:
    """The indexes present as each document is written."""
    seen: list[set[str]] = []
    real = load.write_document

    def spy(conn, rows, **kw):
        seen.append(indexes(conn))
        return real(conn, rows, **kw)

    monkeypatch.setattr(load, "write_document", spy)
    return seen


def test_the_schema_names_its_indexes_as_the_database_holds_them(tmp_path):
    assert indexes(open_db(tmp_path / "t.db").conn) == SECONDARY | UNIQUE


def test_a_first_load_builds_the_secondary_indexes_at_its_end(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    seen = spy_writes(monkeypatch)
    db = open_db(tmp_path / "t.db")
    report = ingest(paths, db=db)
    assert len(report.added) == 3
    assert seen == [UNIQUE] * 3  # (the unique one is a constraint: kept)
    assert indexes(db.conn) == SECONDARY | UNIQUE
    plan = " ".join(r[-1] for r in db.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM statements WHERE key = 'x'"))
    assert "idx_statements_key" in plan
    reference = tmp_path / "ref.db"
    for path in paths:  # one document per batch: never deferred
        ingest([path], db=reference)
    assert dump(db) == dump(open_db(reference))


def test_a_batch_smaller_than_the_store_keeps_the_indexes(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    db = open_db(tmp_path / "t.db")
    ingest(paths[:2], db=db)
    seen = spy_writes(monkeypatch)
    ingest(paths, db=db)  # one new file, two stored
    assert seen == [SECONDARY | UNIQUE]


def test_a_replaced_version_is_deleted_with_the_indexes_back(tmp_path, monkeypatch):
    (old_c,) = write_docs(tmp_path / "old", {"c.txt": DOC_C})
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C + "到2026年，新增市场主体1000户。\n"})

    def history(db_path):  # c stored, then a batch of two new documents and a new version of c
        ingest([old_c], db=db_path)
        return ingest(paths, db=db_path)

    reference = tmp_path / "ref.db"
    with monkeypatch.context() as never:
        never.setattr(load, "deferred_indexes", lambda database, enabled: store_db.deferred_indexes(database, False))
        history(reference)
    at_delete: list[set[str]] = []
    real = write.delete_document

    def spy(conn, doc_hash):
        at_delete.append(indexes(conn))
        return real(conn, doc_hash)

    monkeypatch.setattr(write, "delete_document", spy)
    seen = spy_writes(monkeypatch)
    db_path = tmp_path / "t.db"
    report = history(db_path)
    assert (len(report.added), len(report.replaced)) == (2, 1)
    assert seen[1:3] == [UNIQUE] * 2  # (seen[0]: the first batch, c alone)
    assert at_delete == [SECONDARY | UNIQUE]
    db = open_db(db_path)
    assert indexes(db.conn) == SECONDARY | UNIQUE
    assert dump(db) == dump(open_db(reference))


def test_an_interrupted_batch_builds_its_indexes_on_the_way_out(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B})
    db = open_db(tmp_path / "t.db")
    real = load.write_document

    def interrupted(conn, rows, **kw):
        if rows.doc == "b":
            raise KeyboardInterrupt
        return real(conn, rows, **kw)

    monkeypatch.setattr(load, "write_document", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(paths, db=db)
    assert indexes(db.conn) == SECONDARY | UNIQUE
    assert [r["doc"] for r in db["documents"].rows] == ["a"]


def test_a_killed_batch_gets_its_indexes_back_at_the_next_open(tmp_path):
    _, crashed = killed_batch(tmp_path, KILLED_AFTER_COMMITS)
    raw = sqlite3.connect(crashed)
    assert indexes(raw) == UNIQUE  # killed while they were deferred
    raw.close()
    assert indexes(open_db(crashed).conn) == SECONDARY | UNIQUE


def test_a_background_build_leaves_this_connection_free_to_read(tmp_path):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B})
    db = open_db(tmp_path / "t.db")
    ingest(paths, db=db, link=False)
    with store_db.deferred_indexes(db) as deferred:
        assert indexes(db.conn) == UNIQUE
        deferred.build_in_background()
        assert db.execute("SELECT count(*) FROM statements").fetchone()[0] > 0  # reads go on meanwhile
        deferred.wait()
        assert indexes(db.conn) == SECONDARY | UNIQUE
    assert indexes(db.conn) == SECONDARY | UNIQUE


def test_a_failed_background_build_is_raised_and_the_indexes_built_here(tmp_path, monkeypatch):
    db = open_db(tmp_path / "t.db")
    real = store_db.schema.create_indexes
    main = threading.current_thread()

    def failing_off_the_main_thread(database, **kw):
        if threading.current_thread() is not main:
            raise sqlite3.OperationalError("disk I/O error")
        return real(database, **kw)

    monkeypatch.setattr(store_db.schema, "create_indexes", failing_off_the_main_thread)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        with store_db.deferred_indexes(db) as deferred:
            assert indexes(db.conn) == UNIQUE
            deferred.build_in_background()
    assert indexes(db.conn) == SECONDARY | UNIQUE


def test_an_in_memory_database_builds_them_at_the_end(tmp_path):
    db = open_db(sqlite_utils.Database(memory=True))
    from policydocs.store import schema

    schema.create(db)
    with store_db.deferred_indexes(db) as deferred:
        deferred.build_in_background()  # (no file another connection could open)
        assert indexes(db.conn) == UNIQUE
    assert indexes(db.conn) == SECONDARY | UNIQUE


def test_ingest_with_jobs_builds_them_while_linking(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    started = []
    real = store_db.DeferredIndexes.build_in_background

    def spy(self):
        started.append(indexes(self.db.conn))
        return real(self)

    monkeypatch.setattr(store_db.DeferredIndexes, "build_in_background", spy)
    db = open_db(tmp_path / "t.db")
    report = ingest(paths, db=db, jobs=2)
    assert len(report.added) == 3 and "failed" not in report.links
    assert started == [UNIQUE]
    assert indexes(db.conn) == SECONDARY | UNIQUE
    reference = tmp_path / "ref.db"
    ingest(paths, db=reference, jobs=1)
    assert dump(db) == dump(open_db(reference))
