"""The database: schema, one transaction per document, idempotence, replacement, crashes, errors.

Helpers here (``processed``, ``stored``, ``write_docs``, ``dump``) are shared by test_ingest,
test_search and test_export.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from policydocs.acquire.document import RawDocument
from policydocs.clean import clean_raw
from policydocs.extract.statement import Statement
from policydocs.pipeline import Processed, content_hash
from policydocs.segment import segment
from policydocs.store import open_db, search
from policydocs.batch import ingest
from policydocs.store.rows import build_rows
from policydocs.store.write import ADDED, REPLACED, UNCHANGED, write_document

# Small documents of the genre, written for these tests.
DOC_A = "\n".join([
    "宁川市关于推进紧密型县域医共体建设的实施方案",
    "一、工作目标",
    "到2025年底，全市紧密型县域医共体覆盖率达到90%以上。（责任单位：市卫生健康委、市医保局）",
    "二、重点任务",
    "（一）深化医保支付方式改革。2024年，全市医保基金结余12.5亿元，同比增长5.2%。",
    "一是完善医保基金监管。年内开展专项检查10次。二是做实家庭医生签约服务。落实个人所得税优惠政策。",
]) + "\n"
DOC_B = "\n".join([
    "清河市2023年卫生健康工作要点",
    "一、主要目标",
    "2023年，全市家庭医生签约服务覆盖率达到75%以上，新建标准化村卫生室30个。",
    "二、重点任务",
    "（一）提升就医保障水平。加强县域内就诊率考核，推进分级诊疗。",
]) + "\n"
DOC_C = "\n".join([
    "关于优化营商环境的若干措施",
    "一、总体要求",
    "持续深化放管服改革，优化营商环境，激发市场主体活力。",
]) + "\n"


def processed(text: str, doc_id: str, statements: list[dict] = (), *, region=None, date=None, year=None) -> Processed:
    """A Processed built from the real cleaner and segmenter, with hand-made statements.

    Each statement dict names a ``fragment`` of the text (its clause) and any spec fields.
    """
    raw = RawDocument(source=f"{doc_id}.txt", format="text", text=text)
    doc = clean_raw(raw)
    seg = segment(doc.text)
    out = []
    for spec in statements:
        spec = dict(spec)
        fragment = spec.pop("fragment")
        start = doc.text.index(fragment)
        sent = seg.sentence_at(start)
        out.append(Statement(doc=doc_id, text=fragment, start=start, end=start + len(fragment),
                             sentence_start=sent.start, sentence_end=sent.end,
                             section_path=list(sent.section_path), confidence=0.9, region=region, **spec))
    return Processed(doc_id, content_hash(text), raw.source, doc, seg, out, date, year, region)


A_STATEMENTS = [
    dict(fragment="全市紧密型县域医共体覆盖率达到90%以上", kind="target", indicator="紧密型县域医共体覆盖率",
         value=90.0, unit="%", comparator=">=", deadline="2025-12-31", responsible=["市卫生健康委", "市医保局"],
         strength="plan"),
    dict(fragment="全市医保基金结余12.5亿元", kind="actual", indicator="医保基金结余", value=1250000000.0,
         unit="元", period="2024"),
    dict(fragment="年内开展专项检查10次", kind="target", indicator="开展专项检查", value=10, unit="次",
         deadline="2024-12-31", strength="plan"),
]
B_STATEMENTS = [
    dict(fragment="全市家庭医生签约服务覆盖率达到75%以上", kind="target", indicator="家庭医生签约服务覆盖率",
         value=75, unit="%", comparator=">=", deadline="2023-12-31", strength="plan"),
    dict(fragment="新建标准化村卫生室30个", kind="target", indicator="新建标准化村卫生室", value=30,
         value_max=35, unit="个", deadline="2023-12-31", strength="aim"),
]


def sample_docs() -> list[Processed]:
    return [processed(DOC_A, "a", A_STATEMENTS, region="宁川市", date="2024-03-01", year=2024),
            processed(DOC_B, "b", B_STATEMENTS, region="清河市", year=2023),
            processed(DOC_C, "c", [], region=None, date="2022-06-30", year=2022)]


def stored(tmp_path: Path, docs: list[Processed] | None = None):
    db = open_db(tmp_path / "t.db")
    for p in docs if docs is not None else sample_docs():
        write_document(db.conn, build_rows(p))
    return db


def write_docs(directory: Path, docs: dict[str, str]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in docs.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def dump(db) -> dict:
    """Every row of every table (ingest times left out), for comparing databases."""
    out = {}
    for table in ("documents", "sections", "sentences", "statements", "errors"):
        rows = [dict(r) for r in db[table].rows]
        for r in rows:
            r.pop("ingested_at", None)
            r.pop("at", None)
        out[table] = rows
    out["fts"] = db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'tags : year2024 OR"
                            " grams : \"市\"*' ORDER BY rowid").fetchall()
    return out


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


def killed_batch(tmp_path, script: str) -> tuple[list, object]:
    """Ingest documents a, b, c in a subprocess that ``script`` kills (exit status 9) part way:
    (their paths, the database it left)."""
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    crashed = tmp_path / "crashed.db"
    proc = subprocess.run([sys.executable, "-c", script, str(crashed), *map(str, paths)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    return paths, crashed


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
