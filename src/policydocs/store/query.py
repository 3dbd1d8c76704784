"""search(): ranked sentences for a full-text query, with their document and statements.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> from policydocs.store import search
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> ingest(["corpora/seeds"], db=db).summary()
    '5 added, 0 replaced, 0 unchanged, 0 failed; 112 statements in ...'
    >>> for hit in search(db, "医共体 NOT 县域", kind="target", limit=5):
    ...     print(hit.marked())                 # the matches in 【】
    例如,可借鉴*市经验,通过【医共体】远程医疗平台,...预计全年开展远程服务5000例次。
    建立【医共体】牵头医院与基层医疗机构的人才柔性流动机制,选派100名县级医院骨干医师到乡镇卫生院挂职帮扶,...
    >>> hit.title, hit.section_path[-1]
    ('在全市卫生健康暨深化综合医改工作会议上的讲话', '一是加快推进分级诊疗制度建设')
    >>> [(s["indicator"], s["value"], s["unit"], s["deadline"]) for s in hit.statements]
    [('选派县级医院骨干医师到乡镇卫生院挂职帮扶', 100, '名', '2025-12-31')]

Near-duplicate documents (template sites republish one speech many times; see
:mod:`policydocs.store.dedup`) give one hit per sentence: the canonical copy's, with the other
copies listed in ``Hit.copies`` (``all_copies=True`` lists every copy's sentence).

Ranking is bm25 of the query over the matching sentences (filters select, they do not rank:
see :mod:`policydocs.store.rank`); for very common terms only the most recently stored
``rank_window`` matches are ranked, so that a query stays fast on millions of sentences.
"""

from __future__ import annotations

import calendar
import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from policydocs.store.db import DEFAULT_DB, open_db
from policydocs.store.fts import QueryError, date_tags, highlight_spans, match_expression
from policydocs.store.rank import scores
from policydocs.store.transaction import ReadSnapshot

RANK_WINDOW = 5000
SCORE_HERE_MAX = 500  # a filtered search's rows scored here; more are ranked by FTS5 (bench/bench_search.py)
KINDS = ("target", "actual", "commitment")  # commitment: a sentence that commits without a figure


@dataclass
class Hit:
    sentence_id: int
    document_id: str  # content hash of the document version
    doc: str
    title: str | None
    date: str | None
    region: str | None
    section_path: list[str]
    text: str  # the sentence
    start: int  # its offsets in the document's cleaned text
    end: int
    spans: list[tuple[int, int]]  # where the query matched, in ``text``
    score: float  # bm25: lower is better
    statements: list[dict] = field(default_factory=list)  # targets/actuals in this sentence
    trust: str | None = None  # the source's trust: official | news | unknown | template
    copies: list[str] = field(default_factory=list)  # other stored copies with this sentence (docs)
    canonical: str | None = None  # the canonical copy of the document's group (itself when it is one)

    def marked(self, before: str = "【", after: str = "】") -> str:
        """The sentence with each match wrapped in ``before``/``after``."""
        out, pos = [], 0
        for s, e in self.spans:
            out += [self.text[pos:s], before, self.text[s:e], after]
            pos = e
        out.append(self.text[pos:])
        return "".join(out)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        d["marked"] = self.marked()
        return d


_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def parse_bound(value: str | None, *, upper: bool, name: str) -> str | None:
    """'2024' / '2024-05' / '2024-05-10' → the first (or, for ``upper``, last) day it covers."""
    if value in (None, ""):
        return None
    m = _DATE.match(str(value).strip())
    if not m:
        raise QueryError(f"{name}: cannot read the date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        month = int(mo) if mo else (12 if upper else 1)
        day = int(d) if d else (calendar.monthrange(y, month)[1] if upper else 1)
        date(y, month, day)
    except ValueError:
        raise QueryError(f"{name}: no such date {value!r}") from None
    return f"{y:04d}-{month:02d}-{day:02d}"


def search(db: str | Path | sqlite_utils.Database = DEFAULT_DB, query: str = "", *, kind: str | None = None,
           region: str | None = None, date_from: str | None = None, date_to: str | None = None,
           limit: int = 20, rank_window: int = RANK_WINDOW, all_copies: bool = False) -> list[Hit]:
    """Sentences matching ``query`` (see :mod:`policydocs.store.fts` for the syntax), best first.

    ``kind``: only sentences carrying a target/actual, or (``commitment``) plan sentences that
    commit without a figure (no checklist rows: extract.commitments); ``region``: the document's or a statement's
    region starts with this; ``date_from``/``date_to``: the document's date (or, without one, its
    year) falls in the range; ``all_copies``: do not fold the copies of a document into one hit.
    QueryError (one line) for a query or filter that cannot be read.
    """
    if kind is not None and kind not in KINDS:
        raise QueryError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    lo = parse_bound(date_from, upper=False, name="--from")
    hi = parse_bound(date_to, upper=True, name="--to")
    if lo and hi and lo > hi:
        raise QueryError(f"--from {date_from} is after --to {date_to}")
    database = open_db(db, create=False)
    with ReadSnapshot(database.conn) as conn:
        return _search(conn, query, kind, region, lo, hi, limit, rank_window, all_copies)


def _search(conn: sqlite3.Connection, query: str, kind: str | None, region: str | None, lo: str | None,
            hi: str | None, limit: int, rank_window: int, all_copies: bool) -> list[Hit]:
    tags, cuts = None, False
    if lo or hi:
        if _keeps_many(conn, lo, hi):  # OR-ing many year tags costs more than comparing dates
            cuts = True
        else:
            tags, cuts = date_tags(lo, hi, _years(conn))
    expr, terms = match_expression(query, kind=kind, region=region, date_tags=tags)
    # Folding copies drops hits: rank a few more so that ``limit`` distinct ones usually remain.
    fetch = limit if all_copies else limit * 3 + 10
    window = max(rank_window, fetch)
    joins, where, params = "", "", [expr]
    if cuts:  # the range is compared row by row (a broad one, or the days of a month it cuts)
        joins = (" JOIN sentences s ON s.id = sentences_fts.rowid"
                 " JOIN documents d ON d.id = s.document_id")
        if lo:
            where += " AND coalesce(d.date, d.year || '-12-31') >= ?"
            params.append(lo)
        if hi:
            where += " AND coalesce(d.date, d.year || '-01-01') <= ?"
            params.append(hi)
    source = f"FROM sentences_fts{joins} WHERE sentences_fts MATCH ?{where}"
    if kind or lo or hi:  # (a region's tags are few: its prefix merge would be paid twice)
        ranked = _rank_filtered(conn, query, source, params, window, fetch)
    else:
        ranked = _ranked_by_fts5(conn, source, params, window, fetch)
    hits = _hits(conn, ranked, terms)
    return (hits if all_copies else _fold_copies(hits))[:limit]


def _rank_filtered(conn: sqlite3.Connection, query: str, source: str, params: list, window: int,
                   fetch: int) -> list[tuple[int, float]]:
    """The most recent ``window`` rows of ``source`` (a MATCH with filters), best first.

    FTS5 would count the rows of each filter tag for an IDF the tags weigh nothing in
    (``kindtarget`` is in ~1 row in 7, a year in ~1 in N, and a range ORs several). So up to
    SCORE_HERE_MAX rows are found without ranking and scored here as FTS5 would
    (:mod:`policydocs.store.rank`); more are ranked by FTS5 (reading their texts here would cost
    more). Same scores either way: a filter selects hits, it never reorders them."""
    cap = min(window, SCORE_HERE_MAX + 1)
    found = [r[0] for r in _run(conn, f"SELECT sentences_fts.rowid {source} ORDER BY sentences_fts.rowid DESC LIMIT ?",
                                params + [cap])]
    if not found:
        return []  # (no phrase's rows to count)
    if len(found) < cap or cap == window:
        return sorted(scores(conn, query, found), key=lambda r: (r[1], -r[0]))[:fetch]
    return _ranked_by_fts5(conn, source, params, window, fetch)


def _ranked_by_fts5(conn: sqlite3.Connection, source: str, params: list, window: int,
                    fetch: int) -> list[tuple[int, float]]:
    """The best ``fetch`` of the most recent ``window`` rows of ``source``, by FTS5's rank."""
    return _run(conn, f"SELECT sid, score FROM (SELECT sentences_fts.rowid AS sid, sentences_fts.rank AS score {source}"
                      f" ORDER BY sentences_fts.rowid DESC LIMIT ?) ORDER BY score, sid DESC LIMIT ?",
                params + [window, fetch])


def _run(conn: sqlite3.Connection, sql: str, params: list) -> list[tuple]:
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot run this search: {exc}") from None


def _fold_copies(hits: list[Hit]) -> list[Hit]:
    """One hit per (group of near-duplicate documents, sentence), at the best rank of any copy,
    showing the canonical copy's sentence when it matched."""
    kept: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        key = (hit.canonical or hit.doc, hit.text)
        first = kept.get(key)
        if first is None:
            kept[key] = hit
        elif hit.doc == key[0] and first.doc != key[0]:  # the canonical copy replaces a copy
            hit.copies, hit.score = first.copies + [first.doc], first.score
            kept[key] = hit
        else:
            first.copies.append(hit.doc)
    return list(kept.values())


def _years(conn: sqlite3.Connection) -> list[int]:
    """The years documents may be filed under (rows.tag_year: their date's, else their year): the
    years of both columns, a superset (a tag no row holds costs nothing). One index lookup per
    year: a scan of ``documents`` reads every document's first page (120 ms at 100,000)."""
    years = set()
    year = conn.execute("SELECT min(year) FROM documents").fetchone()[0]
    while year is not None:
        years.add(year)
        year = conn.execute("SELECT min(year) FROM documents WHERE year > ?", [year]).fetchone()[0]
    date = conn.execute("SELECT min(date) FROM documents WHERE date >= ''").fetchone()[0]
    while date is not None:
        if date[:4].isdigit():
            years.add(int(date[:4]))
            after, bound = ">=", f"{int(date[:4]) + 1:04d}"
        else:
            after, bound = ">", date  # (not an ISO date: no year of its own)
        date = conn.execute(f"SELECT min(date) FROM documents WHERE date {after} ?", [bound]).fetchone()[0]
    return sorted(years)


def _keeps_many(conn: sqlite3.Connection, lo: str | None, hi: str | None) -> bool:
    """Whether the date range keeps a fifth of the dated documents or more: then comparing each
    row's date stops sooner than OR-ing the year and month tags, whose rows grow with the store.
    (Counted on the date index: an estimate that chooses how the range is applied, not what it keeps.)"""
    dated = conn.execute("SELECT count(date) FROM documents WHERE date >= ''").fetchone()[0]
    inside = conn.execute("SELECT count(date) FROM documents WHERE date BETWEEN ? AND ?",
                          [lo or "", hi or "9999"]).fetchone()[0]
    return dated > 0 and inside * 5 >= dated


_STATEMENT_KEYS = ("kind", "indicator", "value", "value_max", "unit", "comparator", "deadline", "period",
                   "responsible", "strength", "region", "text")


def _hits(conn: sqlite3.Connection, ranked: list[tuple[int, float]], terms) -> list[Hit]:
    if not ranked:
        return []
    ids = [sid for sid, _ in ranked]
    marks = ",".join("?" * len(ids))
    rows = {r[0]: r for r in conn.execute(
        "SELECT s.id, s.document_id, d.doc, d.title, d.date, d.region, s.section_path, s.text, s.start, s.end,"
        " d.trust, d.canonical"
        f" FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id IN ({marks})", ids)}
    statements: dict[int, list[dict]] = {}
    cols = ", ".join(f'"{k}"' for k in _STATEMENT_KEYS)
    for r in conn.execute(f"SELECT sentence_id, {cols} FROM statements WHERE sentence_id IN ({marks}) ORDER BY id",
                          ids):
        st = dict(zip(_STATEMENT_KEYS, r[1:]))
        st["responsible"] = json.loads(st["responsible"] or "[]")
        for key in ("value", "value_max"):
            if isinstance(st[key], float) and st[key].is_integer():
                st[key] = int(st[key])
        statements.setdefault(r[0], []).append(st)
    hits = []
    for sid, score in ranked:
        r = rows.get(sid)
        if r is None:  # the index and the table disagree (a concurrent replacement): skip
            continue
        hit = Hit(sid, r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "[]"), r[7], r[8], r[9],
                  highlight_spans(r[7], terms), score, statements.get(sid, []), trust=r[10],
                  canonical=r[11])
        hits.append(hit)
    return hits
