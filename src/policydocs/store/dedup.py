"""Near-duplicate documents: group the copies of one text, pick the canonical copy.

    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> from policydocs.store import documents
    >>> from policydocs.store.dedup import group
    >>> tmp = TemporaryDirectory(); folder = Path(tmp.name); db = folder / "policydocs.db"
    >>> speech = Path("corpora/seeds/001_00576c6514847a99.txt").read_text(encoding="utf-8")
    >>> _ = (folder / "范文.txt").write_text(speech, encoding="utf-8")      # with its placeholder *市
    >>> _ = (folder / "保定.txt").write_text(speech.replace("*市", "保定市"), encoding="utf-8")
    >>> ingest([folder], db=db).summary()             # grouping also runs at the end of every ingest
    '2 added, 0 replaced, 0 unchanged, 0 failed; 66 statements in ...s; 1 grouped as copies, 2 template sources'
    >>> group(db).summary()
    '1 groups, 1 copies (documents.canonical), 0 changed in ...s'
    >>> [(d.doc, d.canonical) for d in documents(db)]       # the longer text is the canonical copy
    [('保定', '保定'), ('范文', '保定')]

Template (范文) sites republish one speech many times: with the placeholders filled in differently,
with or without their chrome, as truncated previews. ``documents.canonical`` names the ``doc`` of
the group's canonical copy (itself for a canonical copy or a document without copies); linking
reads only canonical copies (docs/linking.md).

How two documents are judged copies (measured in bench/bench_dedup.py):

- Text: the cleaned text with everything but Chinese characters, letters and digits dropped,
  digits mapped to 0 (years and figures differ between fillings), placeholder runs (XX, ×××, ***)
  to one symbol.
- Shingles: every 5-character window, hashed; a fixed 1/``SAMPLE`` of the hash space is kept
  (the same shingles are kept in every document, so shared sampled shingles estimate shared text).
- Candidates: an inverted index of the sampled shingles (a sparse documents × shingles matrix
  times its transpose, in row blocks). Shingles found in more than ``MAX_DF`` documents (or 1%) (the
  genre's stock phrases) are not used to find candidates: no all-pairs comparison, and stock
  phrases do not make unrelated speeches neighbours.
- Copies: containment = shared shingles / shingles of the smaller document ≥ ``CONTAINMENT``, and
  the smaller document is at least ``MIN_RATIO`` of the larger one. A truncated preview (the
  cleaner recorded a gap) may be shorter: it needs containment ≥ ``PREVIEW_CONTAINMENT`` and joins
  only its best match. A preview of a fifth of the speech still joins its group; a news item that
  quotes one paragraph of a speech does not, and a short preview never chains unrelated texts.
- Groups are the connected components (best pairs first), except that two documents that are
  not templates and name different regions or years never share a group: two real offices
  giving the same speech, or one office reusing last year's, are different commitments. Such a
  pair is not even compared (a county's report of each year, a hundred counties' copies of one
  provincial text: most candidates of a large store).
- Canonical = highest ``trust_rank``, then the most
  complete text (fewest gaps, then longest), then the earliest date, then the ``doc`` id.

Each document's fingerprint (its sampled shingle hashes) is computed when it is written and
stored in ``fingerprints``; grouping computes only those missing (a database from before, rows
written by other means) or made by an older version of this code. The groups are recomputed
from the fingerprints on each run, and only rows whose ``canonical`` changes are written, so
running it again changes nothing and removing or replacing a document regroups the others.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sqlite_utils

from policydocs.store.nearcopies import (CONTAINMENT, FINGERPRINT_VERSION, MIN_RATIO, SAMPLE, SHINGLE, _STORED, Apart,
                                         _components, _gap_count, _stored, all_fingerprints, canonical_key,
                                         fingerprint_row, fingerprints, normalise, pairs_of, similar_pairs)
from policydocs.store.schema import get_meta, set_meta

GROUPED = "grouped_changes"  # _meta key: the store's change count (write.CHANGES) the last grouping saw

@dataclass
class DedupReport:
    documents: int = 0
    groups: int = 0  # groups with more than one document
    copies: int = 0  # documents that are not the canonical copy of their group
    templates: int = 0  # documents whose trust is template
    changed: list[str] = field(default_factory=list)  # docs whose canonical changed in this run
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.groups} groups, {self.copies} copies (documents.canonical), "
                f"{len(self.changed)} changed in {self.seconds:.1f}s")


def group(db: str | Path | sqlite_utils.Database, *, containment: float = CONTAINMENT,
          min_ratio: float = MIN_RATIO, wait: float | None = None) -> DedupReport:
    """Group the stored documents' near-duplicates and write ``documents.canonical`` (idempotent).
    ``wait``: seconds to wait for another process's batch (store.lock; default its DEFAULT_WAIT)."""
    from policydocs.store.db import open_db
    from policydocs.store.lock import DEFAULT_WAIT, batch_lock

    database = open_db(db)
    with batch_lock(database.conn, wait=DEFAULT_WAIT if wait is None else wait, what="grouping"):
        return _regroup(database, containment=containment, min_ratio=min_ratio)


def _regroup(database: sqlite_utils.Database, *, containment: float, min_ratio: float) -> DedupReport:
    from policydocs.store.transaction import Transaction
    from policydocs.store.write import changes

    started = time.perf_counter()
    conn = database.conn
    seen = changes(conn)  # (read before the documents: a write after this keeps grouping due)
    _fill_missing_trust(conn)
    docs, sizes, missing = [], [], []
    for doc_hash, doc, trust, trust_rank, gaps, date, year, region, canonical, version, chars, size in conn.execute(
            "SELECT d.id, d.doc, d.trust, d.trust_rank, d.gaps, d.date, d.year, d.region, d.canonical,"
            " f.version, f.chars, CASE WHEN typeof(f.shingles) = 'blob' THEN length(f.shingles) END"
            " FROM documents d LEFT JOIN fingerprints f ON f.document_id = d.id ORDER BY d.doc"):
        current = (version == FINGERPRINT_VERSION and size is not None
                   and size % _STORED.itemsize == 0)  # (else damaged: computed again)
        if not current:
            missing.append(len(docs))
        docs.append({"id": doc_hash, "doc": doc, "trust": trust, "trust_rank": trust_rank, "gaps_n": _gap_count(gaps),
                     "length": chars if current else None, "date": date, "year": year, "region": region,
                     "canonical": canonical})
        sizes.append(size // _STORED.itemsize if current else 0)
    _fill_missing_fingerprints(conn, docs, sizes, missing)
    pairs = pairs_of(_Stored(conn, [d["id"] for d in docs]), np.array(sizes, dtype=np.int64),
                     [d["gaps_n"] > 0 for d in docs], containment=containment, min_ratio=min_ratio,
                     apart=Apart(docs))
    roots = _components(docs, pairs)
    members: dict[int, list[dict]] = {}
    for d, root in zip(docs, roots):
        members.setdefault(root, []).append(d)
    report = DedupReport(documents=len(docs), templates=sum(d["trust"] == "template" for d in docs))
    updates = []
    for group_docs in members.values():
        best = min(group_docs, key=canonical_key)["doc"]
        if len(group_docs) > 1:
            report.groups += 1
            report.copies += len(group_docs) - 1
        for d in group_docs:
            if d["canonical"] != best:
                updates.append((best, d["doc"]))
    if updates or (seen is not None and seen != get_meta(conn, GROUPED)):
        with Transaction(conn):
            conn.executemany("UPDATE documents SET canonical = ? WHERE doc = ?", updates)
            if seen is not None:
                set_meta(conn, GROUPED, seen)
    report.changed = [doc for _, doc in updates]
    report.seconds = time.perf_counter() - started
    return report


_FILL_CHUNK = 1000  # documents whose texts are read and hashed at a time (memory stays bounded)


def _fill_missing_fingerprints(conn, docs: list[dict], sizes: list[int], todo: list[int]) -> None:
    """Compute (from the stored texts) and store the fingerprints of the documents ``todo`` (their
    indices: missing, damaged or of another version); fills their ``sizes`` and ``length``."""
    from policydocs.store.transaction import Transaction

    for lo in range(0, len(todo), _FILL_CHUNK):
        part = todo[lo:lo + _FILL_CHUNK]
        ids = [docs[i]["id"] for i in part]
        texts = dict(conn.execute(f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids))
        computed = all_fingerprints([texts[d] or "" for d in ids])
        rows = []
        for i, d, fp in zip(part, ids, computed):
            sizes[i], docs[i]["length"] = fp.size, len(texts[d] or "")
            rows.append((d, *_stored(docs[i]["length"], fp)))
        with Transaction(conn):
            conn.executemany("INSERT OR REPLACE INTO fingerprints(document_id, version, chars, shingles)"
                             " VALUES (?, ?, ?, ?)", rows)


class _Stored:
    """The stored fingerprints of ``ids`` (documents by ``doc``), as nearcopies.pairs_of reads them:
    streamed in that order, or a few by index."""

    def __init__(self, conn, ids: list[str]):
        self.conn, self.ids = conn, ids

    def stream(self):
        sql = ("SELECT d.id, f.shingles FROM documents d LEFT JOIN fingerprints f ON f.document_id = d.id"
               " ORDER BY d.doc")
        for i, (doc_hash, shingles) in enumerate(self.conn.execute(sql)):
            if i >= len(self.ids) or doc_hash != self.ids[i]:
                raise RuntimeError("the documents changed while they were being grouped")
            yield i, np.frombuffer(shingles or b"", dtype=_STORED)

    def load(self, indices: list[int]) -> dict[int, np.ndarray]:
        where = {self.ids[i]: i for i in indices}
        rows = self.conn.execute("SELECT document_id, shingles FROM fingerprints"
                                 " WHERE document_id IN (SELECT value FROM json_each(?))", [json.dumps(list(where))])
        return {where[d]: np.frombuffer(shingles or b"", dtype=_STORED) for d, shingles in rows}


def _fill_missing_trust(conn) -> None:
    """Documents written before trust existed get it from what is stored (no removed chrome)."""
    from types import SimpleNamespace

    from policydocs.store.trust import assess
    from policydocs.store.transaction import Transaction

    rows = conn.execute("SELECT doc, source, title, text, site FROM documents WHERE trust IS NULL").fetchall()
    if not rows:
        return
    updates = []
    for doc, source, title, text, site in rows:
        stub = SimpleNamespace(source=source, title=title, text=text or "", site=site, removed=[], meta={})
        t = assess(stub, source)
        updates.append((t.label, t.rank, t.reason + " (from the stored text: re-ingest with --force for all signals)",
                        doc))
    with Transaction(conn):
        conn.executemany("UPDATE documents SET trust = ?, trust_rank = ?, trust_reason = ? WHERE doc = ?", updates)


def grouping_due(db: sqlite_utils.Database) -> bool:
    """Whether documents were written or removed since the last grouping finished (a batch killed
    before or during grouping), or some were never grouped."""
    from policydocs.store.write import changes

    return changes(db.conn) != get_meta(db, GROUPED) or bool(store_counts(db)["ungrouped"])


def store_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """copies (not their group's canonical), templates, ungrouped (no canonical or trust yet)."""
    copies, templates, ungrouped = db.conn.execute(
        "SELECT coalesce(sum(canonical IS NOT NULL AND canonical != doc), 0),"
        " coalesce(sum(trust = 'template'), 0), coalesce(sum(canonical IS NULL OR trust IS NULL), 0) FROM documents"
    ).fetchone()
    return {"copies": copies, "templates": templates, "ungrouped": ungrouped}


__all__ = ["group", "grouping_due", "store_counts", "DedupReport", "fingerprints", "all_fingerprints", "fingerprint_row", "normalise",
           "similar_pairs", "canonical_key", "FINGERPRINT_VERSION",
           "CONTAINMENT", "MIN_RATIO", "SAMPLE", "SHINGLE"]
