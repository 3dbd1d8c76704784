"""The database: schema, one transaction per document, idempotence, replacement, crashes, errors.

The documents and helpers it shares with test_ingest, test_search, test_export and others
(``processed``, ``stored``, ``write_docs``, ``dump``) are in builders.py.
"""

from __future__ import annotations

import textwrap

import pytest

from builders import A_STATEMENTS, DOC_A, DOC_B, DOC_C, dump, killed_batch, processed, sample_docs, stored, write_docs
from policydocs.pipeline import content_hash
from policydocs.store import open_db, search
from policydocs.batch import ingest
from policydocs.batch.rows import build_rows
from policydocs.store.write import ADDED, REPLACED, UNCHANGED, write_document


def counts(db) -> dict[str, int]:
    return {t: db[t].count for t in ("documents", "sections", "sentences", "statements", "errors")}


# --- schema ------------------------------------------------------------------------------------

def test_tables_foreign_keys_and_indexes(tmp_path):
    db = open_db(tmp_path / "t.db")
    names = set(db.table_names())
    assert {"documents", "sections", "sentences", "statements", "errors", "sentences_fts"} <= names
    assert "ledger" in db.view_names()
    fks = {(fk.table, fk.column, fk.other_table) for t in ("sections", "sentences", "statements")
           for fk in db[t].foreign_keys}
    assert ("statements", "sentence_id", "sentences") in fks
    assert ("statements", "document_id", "documents") in fks
    assert ("sentences", "section_id", "sections") in fks
    assert ("sections", "parent", "sections") in fks
    indexed = {tuple(ix.columns) for ix in db["statements"].indexes}
    assert {("document_id",), ("sentence_id",), ("kind",), ("deadline_year",)} <= indexed
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    spec_cols = [c for c in db["statements"].columns_dict if c not in ("id", "document_id", "sentence_id")]
    assert spec_cols[:13] == ["doc", "kind", "text", "indicator", "value", "value_max", "unit", "comparator",
                              "deadline", "period", "responsible", "strength", "region"]

def test_every_foreign_key_column_is_indexed(tmp_path):
    # Deleting a replaced version looks up the rows that refer to each deleted row: without an
    # index on the referring column, every lookup reads the whole table.
    db = open_db(tmp_path / "t.db")
    tables = [t for t in db.table_names() if db[t].foreign_keys]
    assert {"sections", "sentences", "statements", "fingerprints"} <= set(tables)
    for table in tables:
        leading = {ix.columns[0] for ix in db[table].indexes}  # (a primary key's own index included)
        assert {fk.column for fk in db[table].foreign_keys} <= leading, table


def test_an_older_database_gains_the_missing_indexes_when_opened(tmp_path):
    db = open_db(tmp_path / "t.db")
    db.execute("DROP INDEX idx_sections_parent")
    db.conn.close()
    assert "parent" in {ix.columns[0] for ix in open_db(tmp_path / "t.db")["sections"].indexes}


def test_rows_link_sentences_sections_and_statements(tmp_path):
    db = stored(tmp_path)
    doc = next(db["documents"].rows_where("doc = ?", ["a"]))
    assert doc["id"] == content_hash(DOC_A) and doc["region"] == "宁川市" and doc["year"] == 2024
    st = next(db["statements"].rows_where("indicator = ?", ["开展专项检查"]))
    sent = db["sentences"].get(st["sentence_id"])
    assert "年内开展专项检查10次" in sent["text"]
    sec = db["sections"].get(sent["section_id"])
    assert sec["marker"] == "一是" and db["sections"].get(sec["parent"])["marker"] == "（一）"
    assert st["deadline_year"] == 2024 and st["responsible"] == "[]"
    row = next(db["statements"].rows_where("kind = 'target' AND doc = 'a'"))
    assert row["responsible"] == '["市卫生健康委", "市医保局"]'
    ledger = next(db["ledger"].rows_where("指标 = ?", ["开展专项检查"]))
    assert ledger["类型"] == "目标" and ledger["期限年份"] == 2024


# --- idempotence and replacement ---------------------------------------------------------------

@pytest.mark.parametrize("items", [[], ["一、总体要求"], ["（一）", "a\"b\\c", "tab\there", "\x00\x1f\u2028", "😀", ""],
                                   ("县卫健局", "县医保局"), ["县卫健局", None, 3]])
def test_dumps_strings_writes_what_the_json_encoder_writes(items):
    from policydocs.store.rows import dumps, dumps_strings

    assert dumps_strings(items) == dumps(list(items))


def test_rows_sent_from_a_worker_store_each_sentence_with_its_text_and_grams(tmp_path):
    # a worker's rows cross to the writer pickled, without the sentences' text (the writer slices it)
    import pickle

    from policydocs.store import fts

    p = sample_docs()[0]
    rows = pickle.loads(pickle.dumps(build_rows(p)))
    db = stored(tmp_path, [])
    write_document(db.conn, rows)
    got = db.conn.execute("SELECT text, start, \"end\" FROM sentences ORDER BY id").fetchall()
    assert got == [(s.text, s.start, s.end) for s in p.segmented.sentences]
    assert [g for _, g, _ in rows.fts()] == [fts.grams(s.text) for s in p.segmented.sentences]
    assert len(rows.fts()) == len(rows.tags) == len(p.segmented.sentences)


def test_index_rows_derived_again_are_the_ones_written(tmp_path):
    # replacing a version deletes its index rows by their exact tokens, re-derived from its stored rows
    from policydocs.store.write import fts_rows

    text = DOC_A + "ＡＢＣ全角字母与English混排，PM2.5浓度下降到３５微克。\n第１２３号文件。\n"
    docs = sample_docs()[1:] + [processed(text, "a", A_STATEMENTS, region="宁川市", date="2024-03-01", year=2024)]
    db = stored(tmp_path, docs)
    for p in docs:
        rows = build_rows(p)
        first = db.conn.execute("SELECT min(id) FROM sentences WHERE document_id = ?", [rows.hash]).fetchone()[0]
        assert fts_rows(db.conn, rows.hash) == [(first + i, g, t) for i, g, t in rows.fts()]


def test_writing_the_same_version_again_changes_nothing(tmp_path):
    db = stored(tmp_path)
    before, changes = dump(db), db.conn.total_changes
    for p in sample_docs():
        assert write_document(db.conn, build_rows(p))[0] == UNCHANGED
    assert db.conn.total_changes == changes  # not a single row written
    assert dump(db) == before


def test_a_changed_version_replaces_all_rows_of_the_old_one(tmp_path):
    db = stored(tmp_path)
    old_id = content_hash(DOC_A)
    new_text = DOC_A.replace("落实个人所得税优惠政策。", "推进智慧医院建设。")
    status, _ = write_document(db.conn, build_rows(processed(new_text, "a", A_STATEMENTS[:1], region="宁川市")))
    assert status == REPLACED
    for table in ("sections", "sentences", "statements"):
        assert db[table].count_where("document_id = ?", [old_id]) == 0
    assert db["documents"].count_where("doc = 'a'") == 1
    assert db["statements"].count_where("doc = 'a'") == 1
    assert search(db, "所得税") == []  # the old sentence left the index too
    assert [h.doc for h in search(db, "智慧医院")] == ["a"]
    assert len(search(db, "医共体")) == 2  # title and target of the new version, no leftovers


# --- crashes and failures ----------------------------------------------------------------------

def test_an_error_while_writing_rolls_back_the_whole_document(tmp_path, monkeypatch):
    db = stored(tmp_path, sample_docs()[:1])
    before = dump(db)
    import policydocs.store.write as write

    real = write._next_id

    def next_id(conn, table):  # fails after the document, its sections and sentences are inserted
        if table == "statements":
            raise OSError("disk full")
        return real(conn, table)

    monkeypatch.setattr(write, "_next_id", next_id)
    with pytest.raises(OSError):
        write_document(db.conn, build_rows(sample_docs()[1]))
    assert dump(db) == before


CRASH_SCRIPT = textwrap.dedent("""
    import os, sys
    import policydocs.store.write as write
    real = write._insert
    def insert(conn, rows):
        if rows.doc == "b":
            conn.executemany("INSERT INTO sentences_fts(rowid, grams, tags) VALUES (?, ?, ?)", [(99999, "x", "")])
            conn.execute("INSERT INTO documents(id, doc, source) VALUES ('partial', 'b', 'b.txt')")
            os._exit(9)  # the process dies in the middle of the transaction
        return real(conn, rows)
    write._insert = insert
    from policydocs.batch import ingest
    ingest(sys.argv[2:], db=sys.argv[1])
""")


def test_a_process_killed_mid_batch_leaves_every_stored_document_whole(tmp_path):
    paths, crashed = killed_batch(tmp_path, CRASH_SCRIPT)
    reference = tmp_path / "ref.db"
    ingest(paths[:1], db=reference)
    got, want = open_db(crashed), open_db(reference)
    assert dump(got) == dump(want)  # document a whole, nothing of b
    assert got["documents"].count_where("doc = 'b'") == 0
    # and the next run finishes the batch
    report = ingest(paths, db=crashed)
    assert (len(report.unchanged), len(report.added)) == (1, 2)


def test_a_failing_document_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    import policydocs.pipeline as pipeline

    real = pipeline.process_raw

    def flaky(raw, **kw):
        if raw.source.endswith("b.txt"):
            raise RuntimeError("extractor exploded")
        return real(raw, **kw)

    monkeypatch.setattr(pipeline, "process_raw", flaky)
    lines: list[str] = []
    db_path = tmp_path / "t.db"
    report = ingest(paths, db=db_path, log=lines.append)
    assert not report.ok and len(report.added) == 2
    assert report.failed == [(str(paths[1]), "RuntimeError: extractor exploded")]
    assert lines == [f"error: {paths[1]}: RuntimeError: extractor exploded"]
    db = open_db(db_path)
    assert [r["doc"] for r in db["documents"].rows] == ["a", "c"]
    err = db["errors"].get(str(paths[1]))
    assert err["reason"] == "RuntimeError: extractor exploded" and err["at"]
    monkeypatch.setattr(pipeline, "process_raw", real)
    report = ingest(paths, db=db_path)
    assert report.ok and report.added == [str(paths[1])]
    assert db["errors"].count == 0  # the file that now succeeds clears its error


def test_unreadable_files_are_errors_with_the_input_reason(tmp_path):
    paths = write_docs(tmp_path, {"empty.txt": "", "a.txt": DOC_A})
    lines: list[str] = []
    report = ingest([*paths, tmp_path / "missing.txt"], db=tmp_path / "t.db", log=lines.append)
    assert [s for s, _ in report.failed] == [str(paths[0]), str(tmp_path / "missing.txt")]
    assert lines[0] == f"error: {paths[0]}: empty file"
    assert report.added == [str(paths[1])]


def test_same_content_under_another_name_is_stored_once(tmp_path):
    paths = write_docs(tmp_path, {"a.txt": DOC_A, "copy.txt": DOC_A})
    report = ingest(paths, db=tmp_path / "t.db")
    assert report.ok and report.duplicates == [(str(paths[1]), "a")]
    assert open_db(tmp_path / "t.db")["documents"].count == 1


@pytest.mark.parametrize("bad", ["not a database", b"SQLite format 3\x00garbage" * 10])
def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path, bad):
    from policydocs.store import StoreError

    path = tmp_path / "x.db"
    path.write_bytes(bad.encode() if isinstance(bad, str) else bad)
    with pytest.raises(StoreError) as err:
        open_db(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_a_transaction_whose_commit_fails_is_rolled_back(tmp_path):
    import sqlite3

    from policydocs.store.db import Transaction

    db = open_db(tmp_path / "t.db")
    with pytest.raises(sqlite3.IntegrityError):
        with Transaction(db.conn) as conn:
            conn.execute("PRAGMA defer_foreign_keys = ON")  # the violation is found at COMMIT
            conn.execute("INSERT INTO sections(id, document_id) VALUES (1, 'no such document')")
    assert not db.conn.in_transaction  # the next document's BEGIN works
    assert db["sections"].count == 0
