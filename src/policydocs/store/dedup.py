"""Near-duplicate documents: group the copies of one text, pick the canonical copy.

    >>> from policydocs.store.dedup import group
    >>> group("policydocs.db").summary()       # also run at the end of every ingest
    '2 groups, 3 copies (documents.canonical), 0 changed in 0.0s'

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
  giving the same speech, or one office reusing last year's, are different commitments.
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

SHINGLE = 5
SAMPLE = 8  # keep 1 shingle hash in SAMPLE (those whose top bits are 0)
_SAMPLE_BITS = 3
CONTAINMENT = 0.6  # shared / smaller document (see bench/bench_dedup.py for the measurements)
MIN_RATIO = 0.5  # smaller / larger, unless the smaller one is truncated
MAX_DF = 100  # shingles in more documents than max(MAX_DF, 1% of them) do not find candidates
PREVIEW_CONTAINMENT = 0.75  # a truncated preview much shorter than its match: almost all of it found there
CANDIDATE = 0.5  # candidates: index-shingle containment ≥ CANDIDATE × CONTAINMENT
FLOOR = 8  # index shingles every document keeps, however common
MIN_SHINGLES = 8  # sampled shingles a document needs to be judged at all (≈ 60 characters)
GROUPED = "grouped_changes"  # _meta key: the store's change count (write.CHANGES) the last grouping saw
_BLOCK = 2048  # rows per block of the candidate product

# Bump when what fingerprints() computes changes (normalise, SHINGLE, SAMPLE, the hash): stored
# fingerprints of another version are then computed again from their texts.
FINGERPRINT_VERSION = 1
_STORED = np.dtype("<u8")  # how a fingerprint's hashes are stored (a BLOB of little-endian uint64)

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_BASE = np.uint64(0x100000001B3)
_PLACEHOLDER = 0x2606  # ☆: what a run of X / × / * / ○ becomes


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


# --- shingles ----------------------------------------------------------------------------------

def _table() -> np.ndarray:
    """Code point (BMP) → the code point compared, or 0 for what is dropped."""
    cp = np.arange(0x10000, dtype=np.uint32)
    cp = np.where((cp >= 0xFF01) & (cp <= 0xFF5E), cp - 0xFEE0, cp)  # full-width ASCII
    cp = np.where((cp >= 0x41) & (cp <= 0x5A), cp + 32, cp)  # lower case
    cp = np.where((cp >= 0x30) & (cp <= 0x39), 0x30, cp)  # every digit is 0
    ph = (cp == 0x78) | (cp == 0xD7) | (cp == 0x2A) | (cp == 0x25CB)  # x × * ○
    cp = np.where(ph, _PLACEHOLDER, cp)
    keep = (((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF))
            | ((cp >= 0x61) & (cp <= 0x7A)) | (cp == 0x30) | (cp == _PLACEHOLDER))
    return np.where(keep, cp, 0).astype(np.uint32)


_TABLE = _table()


def normalise(text: str) -> np.ndarray:
    """The code points of a text as compared: CJK, letters (lower case), 0 for every digit, one
    symbol for each placeholder run; punctuation, spaces and line breaks dropped."""
    return _stream([text])[0]


def _stream(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """All texts normalised into one array, and where each document starts in it."""
    raw = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype="<u4")
    cp = _TABLE[np.minimum(raw, np.uint32(0xFFFF))]  # beyond the BMP: U+FFFF, dropped
    ph = cp == np.uint32(_PLACEHOLDER)
    cp[1:][ph[1:] & ph[:-1]] = 0  # a run of placeholders is one symbol
    keep = cp != np.uint32(0)
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        starts[1:] = np.cumsum([len(t) + 1 for t in texts[:-1]])
    counts = np.add.reduceat(keep, starts, dtype=np.int64) if raw.size else np.zeros(len(texts), np.int64)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    return cp[keep], bounds


def _sampled(cp: np.ndarray, chunk: int = 1 << 18) -> tuple[np.ndarray, np.ndarray]:
    """(window start, hash) of the sampled SHINGLE-long windows: a polynomial hash times an odd
    constant, kept when its top bits are 0 (they depend on every character of the window)."""
    n = cp.size - SHINGLE + 1
    top = np.uint64(64 - _SAMPLE_BITS)
    pos, val = [], []
    buf = np.empty(chunk, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for lo in range(0, max(n, 0), chunk):
            hi = min(n, lo + chunk)
            h = buf[:hi - lo]
            np.copyto(h, cp[lo:hi], casting="unsafe")
            for j in range(1, SHINGLE):  # in place, a chunk at a time: stays in cache
                np.multiply(h, _BASE, out=h)
                np.add(h, cp[lo + j:hi + j], out=h, casting="unsafe")
            np.multiply(h, _M1, out=h)
            keep = np.flatnonzero((h >> top) == np.uint64(0))
            pos.append(keep + lo)
            val.append(h[keep])
    if not pos:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    return np.concatenate(pos), np.concatenate(val)


def fingerprints(text: str) -> np.ndarray:
    """The sampled shingle hashes of one text, sorted and unique (uint64)."""
    return all_fingerprints([text])[0]


def all_fingerprints(texts: list[str]) -> list[np.ndarray]:
    """fingerprints() of many texts in one vectorised pass."""
    if not texts:
        return []
    cp, bounds = _stream(texts)
    pos, h = _sampled(cp)
    doc = np.searchsorted(bounds, pos, side="right") - 1
    inside = pos + SHINGLE <= bounds[doc + 1]  # windows across two documents do not count
    doc, h = doc[inside], h[inside]
    cut = np.searchsorted(doc, np.arange(len(texts) + 1))  # windows come in text order: doc is sorted
    out = []
    for i in range(len(texts)):  # a sort per text: half the time of one lexsort by (text, hash)
        fp = np.sort(h[cut[i]:cut[i + 1]])
        if fp.size:
            fp = fp[np.concatenate(([True], fp[1:] != fp[:-1]))]
        out.append(fp)
    return out


def fingerprint_row(text: str) -> tuple[int, int, bytes]:
    """(version, chars, shingles) of a text as the ``fingerprints`` table stores them."""
    return _stored(len(text), fingerprints(text))


def _stored(chars: int, fp: np.ndarray) -> tuple[int, int, bytes]:
    return FINGERPRINT_VERSION, chars, fp.astype(_STORED, copy=False).tobytes()


# --- candidates and copies ---------------------------------------------------------------------

def similar_pairs(fps: list[np.ndarray], truncated: list[bool], *, containment: float = CONTAINMENT,
                  min_ratio: float = MIN_RATIO, max_df: int | None = None) -> list[tuple[int, int, float]]:
    """(i, j, containment) for every pair of documents judged copies of each other (i < j)."""
    from scipy import sparse

    n = len(fps)
    sizes = np.array([f.size for f in fps], dtype=np.int64)
    ok = sizes >= MIN_SHINGLES
    if ok.sum() < 2:
        return []
    rows = np.repeat(np.arange(n), np.where(ok, sizes, 0))
    allfp = np.concatenate([f for f, good in zip(fps, ok) if good])
    uniq, cols, df = np.unique(allfp, return_inverse=True, return_counts=True)
    max_df = max_df or max(MAX_DF, n // 100)
    useful = (df >= 2) & (df <= max_df)
    # Every document keeps its FLOOR rarest shingles in the index even when they are common
    # (a short preview made of stock phrases only), up to 10 × max_df documents per shingle.
    dfv = df[cols]
    rarest = _rarest(rows, dfv, n)
    useful[cols[rarest[(dfv[rarest] >= 2) & (dfv[rarest] <= 10 * max_df)]]] = True
    kept = useful[cols]
    x = sparse.csr_matrix((np.ones(int(kept.sum()), dtype=np.int32), (rows[kept], cols[kept])),
                          shape=(n, uniq.size))
    xt = x.T.tocsr()
    k_sizes = np.bincount(rows[kept], minlength=n)  # index shingles per document
    trunc = np.asarray(truncated, dtype=bool)
    out: list[tuple[int, int, float]] = []
    previews: dict[int, tuple[float, int, int]] = {}  # truncated doc → (containment, i, j) of its best match
    for start in range(0, n, _BLOCK):
        block = sparse.triu(x[start:start + _BLOCK] @ xt, k=start + 1).tocoo()
        i, j, shared = block.row + start, block.col, block.data
        small_i = sizes[i] <= sizes[j]
        ratio = np.where(small_i, sizes[i] / np.maximum(sizes[j], 1), sizes[j] / np.maximum(sizes[i], 1))
        size_ok = (ratio >= min_ratio) | np.where(small_i, trunc[i], trunc[j])
        # Containment on the index shingles (stock phrases left out) finds candidates; the full
        # shingle sets decide.
        est = shared / np.maximum(np.minimum(k_sizes[i], k_sizes[j]), 1)
        check = size_ok & (est >= CANDIDATE * containment)
        for a, b in zip(i[check].tolist(), j[check].tolist()):
            c, ratio, shorter = _compare(fps[a], fps[b])
            if ratio >= min_ratio:
                if c >= containment:
                    out.append((a, b, c))
            elif c >= PREVIEW_CONTAINMENT:  # a preview: the shorter is truncated (size_ok)
                preview = a if shorter == 0 else b
                if c > previews.get(preview, (0.0,))[0]:
                    previews[preview] = (c, a, b)
    # A preview joins its best match only: a short text must not chain unrelated documents.
    out.extend((a, b, c) for c, a, b in previews.values())
    return out


def _rarest(rows: np.ndarray, dfv: np.ndarray, n: int) -> np.ndarray:
    """Positions of each document's ``FLOOR`` rarest shingles (``rows``: the document of each
    shingle, sorted; ``dfv``: its df), ties by position: by document, then df, stably, which is
    ``np.lexsort((dfv, rows))`` in half the time."""
    order = np.argsort(rows * (int(dfv.max(initial=0)) + 1) + dfv, kind="stable")
    first = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))[:-1]))[rows]
    return order[(np.arange(order.size) - first) < FLOOR]


def _compare(fa: np.ndarray, fb: np.ndarray) -> tuple[float, float, int]:
    """(containment of the smaller set, size ratio, 0 if a is the smaller else 1)."""
    shared = np.intersect1d(fa, fb, assume_unique=True).size
    small, large = (fa.size, fb.size) if fa.size <= fb.size else (fb.size, fa.size)
    return shared / small, small / large, 0 if fa.size <= fb.size else 1


def _components(docs: list[dict], pairs: list[tuple[int, int, float]]) -> list[int]:
    """Connected components, best pairs first; two documents that are not templates and name
    different regions or years (two real offices, or one office in two years) never share one."""
    n = len(docs)
    parent = list(range(n))
    seen = [_claims(d) for d in docs]  # per root: {("region"|"year", value)} of its non-template docs

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b, _ in sorted(pairs, key=lambda p: -p[2]):
        ra, rb = find(a), find(b)
        if ra == rb or _conflict(seen[ra], seen[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        seen[keep] = seen[keep] | seen[gone]
    return [find(a) for a in range(n)]


def _claims(doc: dict) -> frozenset:
    if doc.get("trust") == "template":
        return frozenset()
    out = set()
    if doc.get("region"):
        out.add(("region", doc["region"]))
    year = (doc.get("date") or "")[:4]
    year = int(year) if year.isdigit() else doc.get("year")
    if year:
        out.add(("year", year))
    return frozenset(out)


def _conflict(a: frozenset, b: frozenset) -> bool:
    for kind in ("region", "year"):
        va = {v for k, v in a if k == kind}
        vb = {v for k, v in b if k == kind}
        if va and vb and va != vb:
            return True
    return False


# --- the store ---------------------------------------------------------------------------------

def _gap_count(gaps: str | None) -> int:
    try:
        return len(json.loads(gaps or "[]"))
    except ValueError:
        return 0


def canonical_key(doc: dict):
    """Sort key: the first document of a group is its canonical copy."""
    return (-(doc["trust_rank"] if doc["trust_rank"] is not None else 1), doc["gaps_n"], -doc["length"],
            doc["date"] or "9999", doc["doc"])


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
    from policydocs.store.db import Transaction
    from policydocs.store.write import changes

    started = time.perf_counter()
    conn = database.conn
    seen = changes(conn)  # (read before the documents: a write after this keeps grouping due)
    _fill_missing_trust(conn)
    docs, fps = [], []
    for doc_hash, doc, trust, trust_rank, gaps, date, year, region, canonical, version, chars, shingles in conn.execute(
            "SELECT d.id, d.doc, d.trust, d.trust_rank, d.gaps, d.date, d.year, d.region, d.canonical,"
            " f.version, f.chars, f.shingles FROM documents d LEFT JOIN fingerprints f ON f.document_id = d.id"
            " ORDER BY d.doc"):
        current = (version == FINGERPRINT_VERSION and isinstance(shingles, bytes)
                   and len(shingles) % _STORED.itemsize == 0)  # (else damaged: computed again)
        docs.append({"id": doc_hash, "doc": doc, "trust": trust, "trust_rank": trust_rank, "gaps_n": _gap_count(gaps),
                     "length": chars if current else None, "date": date, "year": year, "region": region,
                     "canonical": canonical})
        fps.append(np.frombuffer(shingles, dtype=_STORED) if current else None)
    _fill_missing_fingerprints(conn, docs, fps)
    pairs = similar_pairs(fps, [d["gaps_n"] > 0 for d in docs], containment=containment, min_ratio=min_ratio)
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
    if updates or (seen is not None and seen != _grouped(conn)):
        with Transaction(conn):
            conn.executemany("UPDATE documents SET canonical = ? WHERE doc = ?", updates)
            if seen is not None:
                conn.execute("INSERT OR REPLACE INTO _meta(key, value) VALUES (?, ?)", [GROUPED, seen])
    report.changed = [doc for _, doc in updates]
    report.seconds = time.perf_counter() - started
    return report


_FILL_CHUNK = 1000  # documents whose texts are read and hashed at a time (memory stays bounded)


def _fill_missing_fingerprints(conn, docs: list[dict], fps: list) -> None:
    """Compute (from the stored texts) and store the fingerprints that are missing or of another
    version; fills ``fps`` and each doc's ``length``."""
    from policydocs.store.db import Transaction

    todo = [i for i, fp in enumerate(fps) if fp is None]
    for lo in range(0, len(todo), _FILL_CHUNK):
        part = todo[lo:lo + _FILL_CHUNK]
        ids = [docs[i]["id"] for i in part]
        texts = dict(conn.execute(f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids))
        computed = all_fingerprints([texts[d] or "" for d in ids])
        rows = []
        for i, d, fp in zip(part, ids, computed):
            fps[i], docs[i]["length"] = fp, len(texts[d] or "")
            rows.append((d, *_stored(docs[i]["length"], fp)))
        with Transaction(conn):
            conn.executemany("INSERT OR REPLACE INTO fingerprints(document_id, version, chars, shingles)"
                             " VALUES (?, ?, ?, ?)", rows)


def _fill_missing_trust(conn) -> None:
    """Documents written before trust existed get it from what is stored (no removed chrome)."""
    from types import SimpleNamespace

    from policydocs.store.trust import assess
    from policydocs.store.db import Transaction

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


def _grouped(conn) -> str | None:
    row = conn.execute("SELECT value FROM _meta WHERE key = ?", [GROUPED]).fetchone()
    return None if row is None else str(row[0])


def grouping_due(db: sqlite_utils.Database) -> bool:
    """Whether documents were written or removed since the last grouping finished (a batch killed
    before or during grouping), or some were never grouped."""
    from policydocs.store.write import changes

    return changes(db.conn) != _grouped(db.conn) or bool(store_counts(db)["ungrouped"])


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
