"""Writing one document: every row of a version in one transaction, or none of them.

A document is keyed by its content hash (``documents.id``) and known by its ``doc`` id (the
source's stem). Writing a version whose hash is stored already changes nothing; writing a new
version of a stored ``doc`` deletes the old version's rows and inserts the new ones in the same
transaction, so a reader (or a crash) sees the old version or the new one, never a mix.

A batch may hand its search-index rows to an :class:`IndexQueue`: they are then inserted for
many documents in one later transaction, and until then the document carries a marker in
``_meta`` (written in its own transaction) that :func:`index_pending` resolves after a crash.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Callable

from policydocs.store import fts
from policydocs.store.schema import get_meta
from policydocs.store.transaction import Transaction
from policydocs.store.rows import STATEMENT_FIELDS, DocRows, tag_year

ADDED, REPLACED, UNCHANGED, DUPLICATE = "added", "replaced", "unchanged", "duplicate"

_DOC_COLS = ("id", "doc", "source", "title", "date", "year", "region", "issuer", "site", "format",
             "encoding", "text", "flags", "gaps", "ingested_at", "trust", "trust_rank", "trust_reason",
             "canonical", "page_date")
_STMT_COLS = ("id", "document_id", "sentence_id") + STATEMENT_FIELDS
_FTS_INSERT = "INSERT INTO sentences_fts(rowid, grams, tags) VALUES (?, ?, ?)"
PENDING = "fts_pending "  # _meta key prefix + documents.id: stored, not yet in the search index
# _meta key counting the writes that changed the set of stored documents. Each write bumps it in
# its own transaction; grouping records the count it saw (dedup.GROUPED). A batch killed between
# its writes and grouping leaves the two apart, and the next run groups before it links.
CHANGES = "documents_changes"
_PENDING_RANGE = (PENDING, PENDING[:-1] + chr(ord(PENDING[-1]) + 1))  # every key with the prefix


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in cols)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def write_document(conn: sqlite3.Connection, rows: DocRows, *, force: bool = False,
                   index: IndexQueue | None = None,
                   before_delete: Callable[[], None] | None = None) -> tuple[str, str | None]:
    """Store one processed document; returns (status, detail) — detail names the other doc of a duplicate.

    ``index``: queue the search-index rows there instead of inserting them in this transaction.
    ``before_delete``: called in the transaction before a stored version is deleted (a batch that
    deferred its indexes builds them there: ``store.db.deferred_indexes``)."""
    with Transaction(conn):
        row = conn.execute("SELECT id FROM documents WHERE doc = ?", [rows.doc]).fetchone()
        current = row[0] if row else None
        if current == rows.hash and not force:
            _clear_error(conn, rows.source)
            return UNCHANGED, None
        other = conn.execute("SELECT doc FROM documents WHERE id = ?", [rows.hash]).fetchone()
        if other and other[0] != rows.doc:
            return DUPLICATE, other[0]
        if current is not None:
            if before_delete is not None:
                before_delete()
            delete_document(conn, current)
        fts_rows_ = _insert(conn, rows)
        mark_changed(conn)
        if index is None:
            conn.executemany(_FTS_INSERT, fts_rows_)
        else:
            index.add(conn, rows.hash, fts_rows_)
        _clear_error(conn, rows.source)
    return (REPLACED if current is not None and current != rows.hash else ADDED), None


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def _insert(conn: sqlite3.Connection, rows: DocRows) -> list[tuple[int, str, str]]:
    """Insert the document's rows; returns its search-index rows (sentence id, grams, tags)."""
    # canonical: itself until policydocs.store.dedup groups it with its near-duplicates
    doc = dict(rows.document, id=rows.hash, ingested_at=now())
    doc.setdefault("canonical", rows.doc)
    for col in ("trust", "trust_rank", "trust_reason"):
        doc.setdefault(col, None)
    conn.execute(_insert_sql("documents", _DOC_COLS), [doc[c] for c in _DOC_COLS])
    if rows.fingerprint is not None:  # (without one, grouping computes it from the text)
        # OR REPLACE: a row left for this content by a writer without foreign keys is of the same text
        conn.execute("INSERT OR REPLACE INTO fingerprints(document_id, version, chars, shingles) VALUES (?, ?, ?, ?)",
                     [rows.hash, *rows.fingerprint])
    sec0 = _next_id(conn, "sections")
    conn.executemany(
        _insert_sql("sections", ("id", "document_id", "level", "marker", "title", "start", "end", "parent")),
        [(sec0 + i, rows.hash, level, marker, title, start, end, None if parent is None else sec0 + parent)
         for i, level, marker, title, start, end, parent in rows.sections])
    sen0 = _next_id(conn, "sentences")
    text = rows.document["text"]
    conn.executemany(
        _insert_sql("sentences", ("id", "document_id", "section_id", "start", "end", "text", "section_path",
                                  "commitment")),
        [(sen0 + i, rows.hash, None if sec is None else sec0 + sec, start, end, text[start:end], path, commitment)
         for i, sec, start, end, path, commitment in rows.sentences])
    st0 = _next_id(conn, "statements")
    conn.executemany(_insert_sql("statements", _STMT_COLS),
                     [(st0 + k, rows.hash, None if r[0] is None else sen0 + r[0], *r[1:])
                      for k, r in enumerate(rows.statements)])
    return rows.fts(sen0)


def fts_rows(conn: sqlite3.Connection, doc_hash: str) -> list[tuple[int, str, str]]:
    """The index rows of a stored document, derived again from its rows (exactly as when written)."""
    region, date, year = conn.execute("SELECT region, date, year FROM documents WHERE id = ?", [doc_hash]).fetchone()
    kinds: dict[int, set[str]] = {}
    regions: dict[int, set[str]] = {}
    for sid, kind, st_region in conn.execute(
            "SELECT sentence_id, kind, region FROM statements WHERE document_id = ? AND sentence_id IS NOT NULL",
            [doc_hash]):
        kinds.setdefault(sid, set()).add(kind)
        if st_region:
            regions.setdefault(sid, set()).add(st_region)
    doc_regions = {region} if region else set()
    y = tag_year(date, year)
    sentences = conn.execute("SELECT id, text, commitment FROM sentences WHERE document_id = ? ORDER BY id",
                             [doc_hash]).fetchall()
    for sid, _, commitment in sentences:
        if commitment:
            kinds.setdefault(sid, {"commitment"})
    grams = fts.grams_of([text for _, text, _ in sentences])  # (the same strings as grams(), a document at a time)
    return [(sid, g, fts.tags(kinds.get(sid, ()), doc_regions | regions.get(sid, set()), y, date))
            for (sid, _, _), g in zip(sentences, grams)]


def delete_document(conn: sqlite3.Connection, doc_hash: str) -> None:
    """Remove every row of a stored version (call inside a transaction)."""
    if not conn.execute("DELETE FROM _meta WHERE key = ?", [PENDING + doc_hash]).rowcount:  # it is indexed
        conn.executemany("INSERT INTO sentences_fts(sentences_fts, rowid, grams, tags) VALUES ('delete', ?, ?, ?)",
                         fts_rows(conn, doc_hash))
    for table in ("statements", "sentences", "sections", "fingerprints", "documents"):
        key = "id" if table == "documents" else "document_id"
        conn.execute(f"DELETE FROM {table} WHERE {key} = ?", [doc_hash])


def remove_document(conn: sqlite3.Connection, doc: str) -> bool:
    """Delete the stored version of ``doc`` (by doc id); False if there is none."""
    with Transaction(conn):
        row = conn.execute("SELECT id FROM documents WHERE doc = ?", [doc]).fetchone()
        if row:
            delete_document(conn, row[0])
            mark_changed(conn)
    return bool(row)


def mark_changed(conn: sqlite3.Connection) -> None:
    """Count a change of the stored documents (call inside the transaction that makes it)."""
    conn.execute("INSERT INTO _meta(key, value) VALUES (?, '1')"
                 " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", [CHANGES])


def changes(conn: sqlite3.Connection) -> str | None:
    """The count :func:`mark_changed` keeps (None: nothing written since this count existed)."""
    return get_meta(conn, CHANGES)


def record_error(conn: sqlite3.Connection, source: str, reason: str) -> None:
    with Transaction(conn):
        conn.execute("INSERT OR REPLACE INTO errors(source, reason, at) VALUES (?, ?, ?)", [source, reason, now()])


def clear_error(conn: sqlite3.Connection, source: str) -> None:
    with Transaction(conn):
        _clear_error(conn, source)


def _clear_error(conn: sqlite3.Connection, source: str) -> None:
    conn.execute("DELETE FROM errors WHERE source = ?", [source])


class IndexQueue:
    """Search-index rows of written documents, inserted for many documents in one transaction.

    FTS5 writes (and merges) a new index segment at every commit: one per document cost a fifth
    of writing. A queued document gets a marker in ``_meta`` in its own transaction; the flush
    inserts the rows of every queued document whose marker is still there and removes the
    markers, in one transaction. So a crash before the flush leaves markers for
    :func:`index_pending` (run by ``open_db``), and a document deleted or replaced meanwhile
    (its marker goes with it: ``delete_document``) or indexed by another process is skipped.
    A reader sees a document in search results from the flush on (at most ``rows`` sentences later).
    """

    def __init__(self, conn: sqlite3.Connection, rows: int = 5000):
        self.conn, self.limit = conn, rows  # flush once this many sentences wait
        self.docs: dict[str, list[tuple[int, str, str]]] = {}
        self.size = 0

    def add(self, conn: sqlite3.Connection, doc_hash: str, fts: list[tuple[int, str, str]]) -> None:
        """Queue a document's index rows (inside the transaction that writes the document)."""
        conn.execute("INSERT OR REPLACE INTO _meta(key, value) VALUES (?, '')", [PENDING + doc_hash])
        self.docs[doc_hash] = fts
        self.size += len(fts)

    def flush_if_full(self) -> None:
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        if not self.docs:
            return
        with Transaction(self.conn) as conn:
            for doc_hash, fts in self.docs.items():
                if conn.execute("DELETE FROM _meta WHERE key = ?", [PENDING + doc_hash]).rowcount:
                    conn.executemany(_FTS_INSERT, fts)
        self.docs.clear()
        self.size = 0


def index_pending(conn: sqlite3.Connection) -> int:
    """Index the documents a crashed batch stored but did not index (their rows give the index
    rows again, as for a rebuild); returns how many."""
    if conn.execute("SELECT 1 FROM _meta WHERE key > ? AND key < ? LIMIT 1", _PENDING_RANGE).fetchone() is None:
        return 0
    with Transaction(conn):
        keys = [r[0] for r in conn.execute("SELECT key FROM _meta WHERE key > ? AND key < ?", _PENDING_RANGE)]
        for key in keys:
            doc_hash = key[len(PENDING):]
            conn.execute("DELETE FROM _meta WHERE key = ?", [key])
            if conn.execute("SELECT 1 FROM documents WHERE id = ?", [doc_hash]).fetchone():
                conn.executemany(_FTS_INSERT, fts_rows(conn, doc_hash))
    return len(keys)
