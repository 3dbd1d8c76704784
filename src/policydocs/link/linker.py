"""link(): rebuild the ``links`` table from the stored statements.

Targets and actuals of documents that take part (not templates, canonical copies only, a known
jurisdiction) get candidates from :mod:`~policydocs.link.candidates`, scored by
:mod:`~policydocs.link.scoring`; the best ``KEEP`` per target are stored with their rank. The run is
skipped when neither the statements nor the documents' trust and grouping changed since the last
one (a fingerprint in ``_meta``), so calling it after every ingest costs a query when nothing
changed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.link.candidates import candidates
from policydocs.link.scoring import KEEP, score
from policydocs.store.db import DEFAULT_DB, open_db
from policydocs.store.schema import get_meta, set_meta


@dataclass
class LinkReport:
    targets: int = 0  # targets taking part
    actuals: int = 0  # actuals taking part
    linked: int = 0  # targets with at least one link
    links: int = 0  # rows written to `links`
    excluded: int = 0  # statements of template / duplicate documents or without a jurisdiction
    seconds: float = 0.0
    skipped: bool = False  # nothing changed since the last run

    def summary(self) -> str:
        if self.skipped:
            return "links up to date"
        return (f"{self.linked} of {self.targets} targets linked to {self.actuals} actuals ({self.links} links,"
                f" {self.excluded} statements left out) in {self.seconds:.1f}s")


def link(db: str | Path | sqlite_utils.Database = DEFAULT_DB, *, force: bool = False, k: int = 8) -> LinkReport:
    """Rebuild the links between targets and later actuals; see docs/linking.md."""
    started = time.perf_counter()
    database = open_db(db)
    linkdb.ensure_tables(database)
    fp = linkdb.fingerprint(database)
    if not force and get_meta(database, "link_fingerprint") == fp:
        return LinkReport(skipped=True, seconds=time.perf_counter() - started)
    report = LinkReport()
    targets, actuals = [], []
    for row in linkdb.load_rows(database):
        if row.excluded or row.jurisdiction is None:
            report.excluded += 1
        elif row.record["kind"] == "target":
            targets.append(row)
        elif row.record["kind"] == "actual":
            actuals.append(row)
    report.targets, report.actuals = len(targets), len(actuals)
    rows = []
    for ti, cands in candidates(targets, actuals, k=k).items():
        t = targets[ti]
        scored = []
        for ai, sim in cands:
            s = score(t, actuals[ai], sim)
            if s:
                scored.append((s[0], actuals[ai].key, s[1]))
        scored.sort(key=lambda x: (-x[0], x[1]))
        seen = set()
        rank = 0
        for sc, akey, reasons in scored:
            if akey in seen:
                continue
            seen.add(akey)
            rank += 1
            rows.append((t.key, akey, sc, json.dumps(reasons, ensure_ascii=False), rank))
            if rank >= KEEP:
                break
        if rank:
            report.linked += 1
    conn = database.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM links")
        conn.executemany("INSERT INTO links(target_key, actual_key, score, reasons, rank) VALUES (?, ?, ?, ?, ?)",
                         rows)
        set_meta(database, "link_fingerprint", fp)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    report.links = len(rows)
    report.seconds = time.perf_counter() - started
    return report
