"""The search index of a batch, inserted for many documents per transaction (store.write.IndexQueue).

Whatever the order of writes, replacements, deletions, flushes and crashes, the index must end up
holding exactly what indexing every document in its own transaction gives: compared token by
token through an ``fts5vocab`` view of the index.
"""

from __future__ import annotations

import textwrap

from builders import DOC_A, dump, killed_batch, processed, sample_docs
from policydocs.store import open_db, search
from policydocs.batch import ingest
from policydocs.batch.rows import build_rows
from policydocs.store.write import PENDING, IndexQueue, remove_document, write_document

NEW_A = DOC_A.replace("落实个人所得税优惠政策。", "推进智慧医院建设。")


def index_contents(db) -> list[tuple]:
    """Every token instance in the index: (term, rowid, column, offset)."""
    db.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, sentences_fts, instance)")
    return db.conn.execute("SELECT term, doc, col, offset FROM temp.fts_instances ORDER BY 1, 2, 3, 4").fetchall()


def pending(db) -> list[str]:
    return [k for (k,) in db.conn.execute("SELECT key FROM _meta") if k.startswith(PENDING)]


def steps():
    """Writes and a deletion that touch documents before and after they are indexed."""
    a, b, c = sample_docs()
    new_a = processed(NEW_A, "a", region="宁川市", date="2024-03-01", year=2024)
    return [("write", a), ("write", b), ("write", new_a), ("remove", "b"), ("write", c), ("write", b)]


def run(db, queue: IndexQueue | None, flush_after: set[int] = frozenset()) -> None:
    for i, (op, arg) in enumerate(steps()):
        if op == "write":
            write_document(db.conn, build_rows(arg), index=queue)
        else:
            remove_document(db.conn, arg)
        if queue is not None and i in flush_after:
            queue.flush()
    if queue is not None:
        queue.flush()


def test_queued_index_rows_give_the_same_index_as_indexing_each_document(tmp_path):
    reference = open_db(tmp_path / "ref.db")
    run(reference, None)
    want = index_contents(reference)
    assert want and [h.doc for h in search(reference, "智慧医院")] == ["a"]
    for name, flush_after in (("once", set()), ("between", {0, 2}), ("each", set(range(6)))):
        db = open_db(tmp_path / f"{name}.db")
        run(db, IndexQueue(db.conn), flush_after)
        assert index_contents(db) == want, name
        assert dump(db) == dump(reference)
        assert pending(db) == []


def test_documents_wait_with_a_marker_until_the_flush(tmp_path):
    db = open_db(tmp_path / "t.db")
    queue = IndexQueue(db.conn, rows=10_000)
    for p in sample_docs():
        write_document(db.conn, build_rows(p), index=queue)
    assert len(pending(db)) == 3 and search(db, "医共体") == []
    queue.flush()
    assert pending(db) == [] and {h.doc for h in search(db, "医共体")} == {"a"}


CRASH_BEFORE_FLUSH = textwrap.dedent("""
    import os, sys
    import policydocs.store.write as write
    def flush(self):
        if self.docs:
            os._exit(9)  # documents stored, their index rows not
    write.IndexQueue.flush = flush
    from policydocs.batch import ingest
    ingest(sys.argv[2:], db=sys.argv[1])
""")


def test_a_process_killed_before_the_index_flush_leaves_a_searchable_store(tmp_path):
    paths, crashed = killed_batch(tmp_path, CRASH_BEFORE_FLUSH)
    reference = tmp_path / "ref.db"
    ingest(paths, db=reference, link=False)
    got, want = open_db(crashed), open_db(reference)  # opening indexes what the crash left out
    assert pending(got) == [] and got["documents"].count == 3
    assert index_contents(got) == index_contents(want)
    assert dump(got) == dump(want)
    # and a re-run finds everything stored and replaces a changed file cleanly
    (tmp_path / "in" / "a.txt").write_text(NEW_A, encoding="utf-8")
    report = ingest(paths, db=crashed, link=False)
    assert (len(report.unchanged), len(report.replaced)) == (2, 1)
    assert [h.doc for h in search(got, "智慧医院")] == ["a"] and search(got, "所得税") == []
