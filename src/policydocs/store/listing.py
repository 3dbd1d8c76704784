"""``policydocs documents``: every stored document with its trust, its near-duplicate group and
its number of statements (the groups themselves are :mod:`policydocs.store.dedup`'s).

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> from policydocs.store import documents
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> _ = ingest(["corpora/seeds"], db=db)
    >>> for row in documents(db)[-2:]:
    ...     print(row.doc, row.trust_label, row.copies, row.statements, row.trust_reason)
    003_0111f2b5f4a14242 范文网站 0 24 site profile yaojing (耀景文档网): template
    004_4ae4994329b90035 未知来源 0 21 no source signal (local file, no URL, no template signs)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils


@dataclass
class DocumentRow:
    """One stored document as ``policydocs documents`` lists it."""

    doc: str
    title: str | None
    date: str | None
    year: int | None
    region: str | None
    trust: str | None  # official | news | unknown | template
    trust_label: str  # 政府网站 | 新闻媒体 | 未知来源 | 范文网站
    trust_reason: str | None
    canonical: str | None  # the doc id of its group's canonical copy (itself when it is one)
    copies: int  # other documents of its group
    statements: int
    source: str | None

    @property
    def is_canonical(self) -> bool:
        return self.canonical in (None, self.doc)

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def documents(db: str | Path | sqlite_utils.Database) -> list[DocumentRow]:
    """Every stored document with its trust, its canonical copy and its number of statements;
    the copies of a group listed right after their canonical copy."""
    from policydocs.store.trust import TRUST_LABEL
    from policydocs.store.db import open_db

    database = open_db(db, create=False) if not isinstance(db, sqlite_utils.Database) else db
    sql = """
        SELECT d.doc, d.title, d.date, d.year, d.region, d.trust, d.trust_reason, d.canonical, d.source,
               (SELECT count(*) FROM statements s WHERE s.document_id = d.id) AS n,
               (SELECT count(*) FROM documents o WHERE o.canonical = coalesce(d.canonical, d.doc)
                                                    AND o.doc != d.doc) AS copies
        FROM documents d"""
    rows = []
    for doc, title, date, year, region, trust, reason, canonical, source, n, copies in database.conn.execute(sql):
        rows.append(DocumentRow(doc, title, date, year, region, trust, TRUST_LABEL.get(trust or "unknown", ""),
                                reason, canonical, copies, n, source))
    rows.sort(key=lambda r: (r.canonical or r.doc, not r.is_canonical, r.doc))  # copies under their canonical
    return rows


__all__ = ["documents", "DocumentRow"]
