"""The ``links``, ``reviews``, ``corrections`` and ``assignments`` tables, and the rows linking reads from the store.

Both tables refer to statements by ``statements.key`` (stable across re-ingest), without foreign
keys: a re-ingest deletes and re-inserts statements, and reviews must outlive that. ``links`` is
rebuilt by :func:`policydocs.link.link`; ``reviews`` and ``corrections`` are only ever written by a
person's decision.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import sqlite_utils

LINK_COLUMNS = {"target_key": str, "actual_key": str, "score": float, "reasons": str, "rank": int}
REVIEW_COLUMNS = {"id": int, "target_key": str, "decision": str, "actual_key": str, "note": str, "at": str}
ASSIGNMENT_COLUMNS = {"target_key": str, "task_key": str, "score": float}  # link.division
CORRECTION_COLUMNS = {"id": int, "target_key": str, "field": str, "value": str, "note": str, "at": str}
DECISIONS = ("confirm", "reject", "set", "none")
LINK_VERSION = 3  # bump when linking changes: the next `link` rebuilds even if no statement changed


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Create ``links``, ``reviews``, ``corrections`` and ``assignments`` with their indexes (idempotent)."""
    names = set(db.table_names())
    if "links" not in names:
        db["links"].create(LINK_COLUMNS, not_null=["target_key", "actual_key"])
    if "reviews" not in names:
        db["reviews"].create(REVIEW_COLUMNS, pk="id", not_null=["target_key", "decision"])
    if "corrections" not in names:
        db["corrections"].create(CORRECTION_COLUMNS, pk="id", not_null=["target_key", "field"])
    if "assignments" not in names:
        db["assignments"].create(ASSIGNMENT_COLUMNS, not_null=["target_key", "task_key"])
    for table, cols in (("links", ["target_key"]), ("links", ["actual_key"]), ("reviews", ["target_key"]),
                        ("corrections", ["target_key"]), ("assignments", ["target_key"]), ("assignments", ["task_key"])):
        db[table].create_index(cols, if_not_exists=True)


# --- what linking reads ------------------------------------------------------------------------

ROW_SQL = """
SELECT st.id, st.key, st.doc, st.kind, st.text, st.indicator, st.value, st.value_max, st.unit,
       st.comparator, st.deadline, st.period, st.responsible, st.strength, st.region,
       st.start, st."end", st.section_path, st.deadline_year,
       d.date, d.year, d.region, d.trust, d.canonical, d.title, d.source,
       se.text, se.start, st.sentence_id
FROM statements st JOIN documents d ON d.id = st.document_id
LEFT JOIN sentences se ON se.id = st.sentence_id
"""
SPEC = ("doc", "kind", "text", "indicator", "value", "value_max", "unit", "comparator", "deadline", "period",
        "responsible", "strength", "region")


@dataclass
class Row:
    """A stored statement with the document facts linking needs."""

    id: int
    key: str
    record: dict  # spec record (docs/statements.md)
    start: int
    end: int
    section_path: list[str]
    doc_date: str | None
    doc_year: int | None
    doc_region: str | None
    trust: str | None
    canonical: str | None
    title: str | None
    source: str | None
    sentence: str | None
    sentence_id: int | None = None
    context: str = ""  # the sentence before the clause (what an actual's 增长6.7% is about)
    extra: dict = field(default_factory=dict)
    # what scoring derives from this statement, once and not once per pair (scoring._side,
    # subjects._side); a Row is not changed after it is built
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def doc(self) -> str:
        return self.record["doc"]

    @property
    def jurisdiction(self) -> str | None:
        """The document's region, else the statement's (None: unknown)."""
        return (self.doc_region or self.record.get("region") or "").strip() or None

    @property
    def excluded(self) -> str | None:
        """Why this statement takes no part in linking (None: it does)."""
        if self.extra.get("dropped"):
            return "人工删除：不是目标"
        if self.extra.get("folded_into"):
            return "分工方案的任务，已并入所分解的目标"
        if (self.trust or "") == "template":
            return "范文网站"
        if self.canonical and self.canonical != self.doc:
            return f"重复文件（以{self.canonical}为准）"
        j = self.jurisdiction or ""
        if "XX" in j.upper() or "××" in j or "某" in j[:1]:
            return "模板占位地区"
        return None

    def when(self) -> tuple[int, str | None]:
        """(year, date) the document speaks at: its date, else its year."""
        year = int(self.doc_date[:4]) if self.doc_date and self.doc_date[:4].isdigit() else self.doc_year
        return (year or 0), self.doc_date

    def visible(self, as_of: str | None) -> bool:
        """Whether the document exists as of ``as_of`` (dated: by day; year only: by year)."""
        if not as_of:
            return True
        if self.doc_date:
            return self.doc_date[:10] <= as_of
        return self.doc_year is None or self.doc_year <= int(as_of[:4])


def _number(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _json_list(text: str | None) -> list:
    # most statements name no one responsible: "[]" needs no parser (a new list all the same)
    return [] if not text or text == "[]" else json.loads(text)


def _section_path(text: str | None, paths: dict[str, list]) -> list:
    parsed = paths.get(text)
    if parsed is None:
        parsed = _json_list(text)
        if type(parsed) is not list:  # not what is stored; as it is, uncached
            return parsed
        paths[text] = parsed
    return parsed.copy()  # a list of its own, as json.loads gave each row


def to_row(r: tuple, paths: dict[str, list] | None = None) -> Row:
    """A Row from a ``ROW_SQL`` tuple; ``paths`` remembers parsed section paths (statements of
    one section share theirs) when many rows are read."""
    record = dict(zip(SPEC, r[2:15]))
    record["value"], record["value_max"] = _number(record["value"]), _number(record["value_max"])
    record["responsible"] = _json_list(record["responsible"])
    sentence, s_start = r[26], r[27]
    start, end = r[15] or 0, r[16] or 0
    context = ""
    if sentence and s_start is not None and start >= s_start:
        context = sentence[max(0, start - s_start - 24):start - s_start]
    section_path = _json_list(r[17]) if paths is None else _section_path(r[17], paths)
    return Row(id=r[0], key=r[1], record=record, start=start, end=end,
               section_path=section_path, doc_date=r[19], doc_year=r[20], doc_region=r[21],
               trust=r[22], canonical=r[23], title=r[24], source=r[25], sentence=sentence,
               sentence_id=r[28], context=context)


def load_rows(db: sqlite_utils.Database, *, kind: str | None = None, keys: list[str] | None = None,
              region: str | None = None) -> list[Row]:
    """Statements with their document facts: of one ``kind``, with these ``keys``, or whose
    jurisdiction (document region, else statement region) starts with ``region``."""
    if keys is not None:  # by key only (the key index): kind is checked here, not by SQLite
        out = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = ROW_SQL + f" WHERE st.key IN ({','.join('?' * len(chunk))})"
            out += [row for row in map(to_row, db.conn.execute(q, chunk))
                    if kind is None or row.record["kind"] == kind]
        return out
    where, params = [], []
    if kind:
        where.append("st.kind = ?")
        params.append(kind)
    if region:
        where.append("substr(coalesce(nullif(trim(d.region), ''), st.region, ''), 1, ?) = ?")
        params += [len(region), region]
    sql = ROW_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY st.id"
    paths: dict[str, list] = {}
    return [to_row(r, paths) for r in db.conn.execute(sql, params)]


# Statements that Row.excluded or a missing jurisdiction surely leave out of linking, told by SQLite
# (a template site, a copy of another document, no region at all): linking neither loads nor
# parses them (two thirds of the bench's). Row.excluded and Row.jurisdiction still decide for the rest.
# Never NULL (coalesce, IS NOT): linking_rows counts what it leaves out by subtraction.
_SURELY_LEFT_OUT = """(coalesce(d.trust, '') = 'template'
    OR (coalesce(d.canonical, '') != '' AND d.canonical IS NOT st.doc)
    OR (coalesce(d.region, '') = '' AND coalesce(st.region, '') = ''))"""


def linking_rows(db: sqlite_utils.Database) -> tuple[list[Row], int]:
    """The statements that may take part in linking (by ``statements.id``), and how many others
    are left out for sure; the caller still checks ``excluded`` and ``jurisdiction`` of each row."""
    paths: dict[str, list] = {}
    rows = [to_row(r, paths) for r in db.conn.execute(f"{ROW_SQL} WHERE NOT {_SURELY_LEFT_OUT} ORDER BY st.id")]
    # The others: _SURELY_LEFT_OUT is never NULL (coalesce, IS NOT), so every statement with a
    # document is either read above or left out; counting them by the document_id index takes a
    # fraction of evaluating the condition again for each of them.
    joined = db.conn.execute("SELECT count(*) FROM statements WHERE document_id IN (SELECT id FROM documents)"
                             ).fetchone()[0]
    return rows, joined - len(rows)


def linking_rows_stream(db: sqlite_utils.Database):
    """What :func:`linking_rows` returns, one row at a time (by ``statements.id``), and a function
    that gives how many statements were left out for sure once the rows were all read."""
    read = [0]

    def rows():
        paths: dict[str, list] = {}
        for r in db.conn.execute(f"{ROW_SQL} WHERE NOT {_SURELY_LEFT_OUT} ORDER BY st.id"):
            read[0] += 1
            yield to_row(r, paths)

    def left_out() -> int:
        joined = db.conn.execute("SELECT count(*) FROM statements WHERE document_id IN (SELECT id FROM documents)"
                                 ).fetchone()[0]
        return joined - read[0]

    return rows(), left_out


def query_rows(db: sqlite_utils.Database, where: str, params, *, limit: int | None = None) -> list[Row]:
    """Rows of the statements that ``where`` (SQL over ``st``, ``d``, ``se``) selects, by id."""
    paths: dict[str, list] = {}
    sql = f"{ROW_SQL} WHERE {where} ORDER BY st.id" + (f" LIMIT {int(limit)}" if limit else "")
    return [to_row(r, paths) for r in db.conn.execute(sql, params)]


def rows_by_ids(db: sqlite_utils.Database, ids: list[int]) -> list[Row]:
    """Rows of the statements with these ids (one query, whatever their number), by id."""
    return query_rows(db, "st.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])


def fingerprint(db: sqlite_utils.Database) -> str:
    """Changes whenever statements or the documents' trust/grouping change (skip a needless re-link)."""
    st = db.conn.execute("SELECT count(*), coalesce(max(id), 0), coalesce(sum(length(key)), 0) FROM statements"
                         ).fetchone()
    h = hashlib.sha1(f"{LINK_VERSION}|{st}".encode())
    for row in db.conn.execute("SELECT id, doc, date, year, region, trust, canonical FROM documents ORDER BY id"):
        h.update(repr(row).encode("utf-8"))
    if "corrections" in db.table_names():  # a corrected indicator or a dropped row links differently
        for row in db.conn.execute("SELECT id, target_key, field, value FROM corrections ORDER BY id"):
            h.update(repr(row).encode("utf-8"))
    return h.hexdigest()
