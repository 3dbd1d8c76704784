"""The tables of a policydocs database (created with sqlite-utils; foreign keys and indexes).

    documents   one row per stored version of a source: id = sha256 of the decoded source text
    sections    the heading tree of each document
    sentences   sentences with their section path; indexed for full-text search in sentences_fts
    statements  targets and actuals: every spec field (docs/statements.md) plus offsets/provenance
    fingerprints  each document's sampled shingle hashes, for near-duplicate grouping (store.dedup)
    errors      files that failed, until they are ingested successfully
    ledger      view of statements with Chinese column names (台账), for Datasette

Every table that belongs to a document carries ``document_id``: a later table (the next issue's
``links`` between targets and actuals) references ``statements.id`` the same way.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from policydocs.store.fts import FTS_VERSION

SCHEMA_VERSION = 2

DOCUMENT_COLUMNS = {
    "id": str, "doc": str, "source": str, "title": str, "date": str, "year": int, "region": str,
    "issuer": str, "site": str, "format": str, "encoding": str, "text": str, "flags": str,
    "gaps": str, "ingested_at": str,
    # Source trust (official > news > unknown > template) and near-duplicate grouping: set by
    # policydocs.store.trust at write time and policydocs.store.dedup after each ingest.
    "trust": str, "trust_rank": int, "canonical": str,
    "trust_reason": str,  # why: the signal that decided (policydocs.store.trust.assess)
    # The page's posting time when it is not the document's own date (``date``: a report's meeting
    # date from its subtitle): both are kept.
    "page_date": str,
}
SECTION_COLUMNS = {
    "id": int, "document_id": str, "level": int, "marker": str, "title": str, "start": int,
    "end": int, "parent": int,
}
SENTENCE_COLUMNS = {
    "id": int, "document_id": str, "section_id": int, "start": int, "end": int, "text": str,
    "section_path": str,
    "commitment": int,  # 1: the sentence commits without a figure (extract.commitments; search --kind commitment)
}
# Spec fields first, in the spec's order, then storage and provenance.
STATEMENT_COLUMNS = {
    "id": int, "document_id": str, "sentence_id": int,
    "doc": str, "kind": str, "text": str, "indicator": str, "value": float, "value_max": float,
    "unit": str, "comparator": str, "deadline": str, "period": str, "responsible": str,
    "strength": str, "region": str,
    "start": int, "end": int, "section_path": str, "confidence": float, "deadline_year": int,
    # ``key``: stable across re-ingest (see batch.rows.statement_keys); reviews and links refer to it.
    "key": str,
}
# What near-duplicate grouping reads of a document (policydocs.store.dedup), written with it:
# grouping then never reads and hashes every stored text again. ``version``: the dedup code that
# computed it (dedup.FINGERPRINT_VERSION; an older one is recomputed); ``chars``: len(text).
FINGERPRINT_COLUMNS = {"document_id": str, "version": int, "chars": int, "shingles": bytes}
ERROR_COLUMNS = {"source": str, "reason": str, "at": str}

LEDGER_SQL = """
SELECT
  st.id AS 编号,
  st.doc AS 文件,
  d.title AS 标题,
  CASE st.kind WHEN 'target' THEN '目标' WHEN 'actual' THEN '实绩' ELSE st.kind END AS 类型,
  st.indicator AS 指标,
  st.value AS 数值,
  st.value_max AS 上限,
  st.unit AS 单位,
  st.comparator AS 比较,
  st.deadline AS 期限,
  st.deadline_year AS 期限年份,
  st.period AS 统计期,
  st.responsible AS 责任单位,
  CASE st.strength WHEN 'firm' THEN '确保' WHEN 'aim' THEN '力争' WHEN 'expect' THEN '预计'
    WHEN 'plan' THEN '计划' ELSE st.strength END AS 力度,
  st.region AS 地区,
  st.text AS 原文,
  st.section_path AS 章节
FROM statements st JOIN documents d ON d.id = st.document_id
"""


# (table, columns, unique): every index of the tables above. The unique one is a constraint; the
# others serve readers (search, review, facets, links) and the deletes of a replaced version, and
# a batch that adds more documents than are stored builds them once at its end (store.db.deferred_indexes).
# Every foreign key's column is indexed: deleting a row looks up the rows that refer to it, and
# without an index each lookup reads the whole table (sections.parent: 34 ms a document on the bench).
INDEXES = (
    ("documents", ("doc",), True), ("documents", ("region",), False), ("documents", ("year",), False),
    ("documents", ("canonical",), False), ("documents", ("date",), False),
    ("sections", ("document_id",), False), ("sections", ("parent",), False), ("sentences", ("document_id",), False),
    ("sentences", ("section_id",), False), ("statements", ("document_id",), False),
    ("statements", ("sentence_id",), False), ("statements", ("kind",), False),
    ("statements", ("region",), False), ("statements", ("deadline_year",), False),
    ("statements", ("key",), False),
)


def index_name(table: str, columns: tuple[str, ...]) -> str:
    return f"idx_{table}_{'_'.join(columns)}"  # (the name sqlite-utils gives: databases already hold it)


def create_indexes(db: sqlite_utils.Database, *, unique: bool | None = None) -> None:
    """Create the missing indexes of :data:`INDEXES` (``unique``: only those that are, or are not)."""
    for table, columns, is_unique in INDEXES:
        if unique is None or unique == is_unique:
            db[table].create_index(list(columns), index_name(table, columns), unique=is_unique, if_not_exists=True)


def missing(db: sqlite_utils.Database) -> tuple[bool, bool]:
    """(whether a table, column, view or version mark is missing, whether an index is), read
    without writing: an open that finds everything in place takes no write lock."""
    names = {name for name, in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'index')")}
    tables = ({"documents", "sections", "sentences", "statements", "fingerprints", "errors", "_meta",
               "sentences_fts", "ledger"} - names
              or set(DOCUMENT_COLUMNS) - set(db["documents"].columns_dict)
              or set(SENTENCE_COLUMNS) - set(db["sentences"].columns_dict)
              or set(STATEMENT_COLUMNS) - set(db["statements"].columns_dict)
              or get_meta(db, "schema_version") is None)
    indexes = any(index_name(table, columns) not in names for table, columns, _ in INDEXES)
    return bool(tables), indexes


def create(db: sqlite_utils.Database) -> None:
    """Create whatever is missing (idempotent)."""
    db["documents"].create(DOCUMENT_COLUMNS, pk="id", not_null=["doc", "source"], if_not_exists=True)
    db["sections"].create(SECTION_COLUMNS, pk="id", not_null=["document_id"], if_not_exists=True,
                          foreign_keys=[("document_id", "documents", "id"), ("parent", "sections", "id")])
    db["sentences"].create(SENTENCE_COLUMNS, pk="id", not_null=["document_id", "text"], if_not_exists=True,
                           foreign_keys=[("document_id", "documents", "id"), ("section_id", "sections", "id")])
    db["statements"].create(STATEMENT_COLUMNS, pk="id", not_null=["document_id", "kind"], if_not_exists=True,
                            foreign_keys=[("document_id", "documents", "id"), ("sentence_id", "sentences", "id")])
    db["fingerprints"].create(FINGERPRINT_COLUMNS, pk="document_id", not_null=["version", "chars", "shingles"],
                              if_not_exists=True, foreign_keys=[("document_id", "documents", "id")])
    _add_missing_columns(db, "documents", DOCUMENT_COLUMNS)
    _add_missing_columns(db, "sentences", SENTENCE_COLUMNS)
    _add_missing_columns(db, "statements", STATEMENT_COLUMNS)
    db["errors"].create(ERROR_COLUMNS, pk="source", if_not_exists=True)
    db["_meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    create_indexes(db)
    if "sentences_fts" not in db.table_names():
        # Contentless: the bigrams are derived from sentences.text (see store.fts); ``tags`` holds
        # the filter tags. bm25 ranks on the text column only.
        db.execute("CREATE VIRTUAL TABLE sentences_fts USING fts5(grams, tags, content='')")
        db.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)')")
        set_meta(db, "fts_version", str(FTS_VERSION))
    db.create_view("ledger", LEDGER_SQL, ignore=True)
    if get_meta(db, "schema_version") is None:
        set_meta(db, "schema_version", str(SCHEMA_VERSION))


def _add_missing_columns(db: sqlite_utils.Database, table: str, columns: dict) -> None:
    """A database written by an older version gains the new (empty) columns."""
    have = set(db[table].columns_dict)
    for name, kind in columns.items():
        if name not in have:
            db[table].add_column(name, kind)


def get_meta(db: sqlite_utils.Database | sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM _meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite_utils.Database | sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO _meta(key, value) VALUES (?, ?)", [key, value])
