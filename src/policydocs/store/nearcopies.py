"""Near-duplicate texts, the algorithm alone: shingles, fingerprints, candidate pairs, groups.

No database here: :mod:`policydocs.store.dedup` reads the stored fingerprints, calls these and
writes ``documents.canonical``; the worker that processes a document computes its fingerprint
with :func:`fingerprint_row`. How two documents are judged copies is told in dedup's docstring.
"""

from __future__ import annotations

import json

import numpy as np

from policydocs.store.shingleindex import PART_HASHES, blocks, hits_of, index_shingles, postings_of

SHINGLE = 5
SAMPLE = 8  # keep 1 shingle hash in SAMPLE (those whose top bits are 0)
_SAMPLE_BITS = 3
CONTAINMENT = 0.6  # shared / smaller document (see bench/bench_dedup.py for the measurements)
MIN_RATIO = 0.5  # smaller / larger, unless the smaller one is truncated
MAX_DF = 100  # shingles in more documents than max(MAX_DF, 1% of them) do not find candidates
PREVIEW_CONTAINMENT = 0.75  # a truncated preview much shorter than its match: almost all of it found there
CANDIDATE = 0.5  # candidates: index-shingle containment ≥ CANDIDATE × CONTAINMENT
MIN_SHINGLES = 8  # sampled shingles a document needs to be judged at all (≈ 60 characters)

# Bump when what fingerprints() computes changes (normalise, SHINGLE, SAMPLE, the hash): stored
# fingerprints of another version are then computed again from their texts.
FINGERPRINT_VERSION = 1
_STORED = np.dtype("<u8")  # how a fingerprint's hashes are stored (a BLOB of little-endian uint64)

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_BASE = np.uint64(0x100000001B3)
_PLACEHOLDER = 0x2606  # ☆: what a run of X / × / * / ○ becomes



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
                  min_ratio: float = MIN_RATIO, max_df: int | None = None, partitions: int | None = None,
                  apart: Apart | None = None) -> list[tuple[int, int, float]]:
    """(i, j, containment) for every pair of documents judged copies of each other (i < j)."""
    return pairs_of(Held(fps), np.array([f.size for f in fps], dtype=np.int64), truncated,
                    containment=containment, min_ratio=min_ratio, max_df=max_df, partitions=partitions,
                    apart=apart)


class Held:
    """Fingerprints in memory, as :func:`pairs_of` reads them (the store reads them from SQLite)."""

    def __init__(self, fps: list[np.ndarray]):
        self.fps = fps

    def stream(self):
        """(index, fingerprint) of every document, in index order."""
        return enumerate(self.fps)

    def load(self, indices: list[int]) -> dict[int, np.ndarray]:
        return {i: self.fps[i] for i in indices}


class Apart:
    """What each document claims to be (:func:`_claims`) as numbers: a region and a year (-1: none).
    Two documents that claim different ones never share a group (:func:`_components`), however
    alike their texts, so such a pair of comparable sizes need not be compared at all."""

    def __init__(self, docs: list[dict]):
        regions: dict[str, int] = {}
        self.region = np.full(len(docs), -1, dtype=np.int64)
        self.year = np.full(len(docs), -1, dtype=np.int64)
        for i, doc in enumerate(docs):
            for kind, value in _claims(doc):
                if kind == "region":
                    self.region[i] = regions.setdefault(value, len(regions))
                else:
                    self.year[i] = value

    def differ(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        ri, rj, yi, yj = self.region[i], self.region[j], self.year[i], self.year[j]
        return ((ri >= 0) & (rj >= 0) & (ri != rj)) | ((yi >= 0) & (yj >= 0) & (yi != yj))


_COMPARE = 4096  # candidate pairs whose fingerprints are loaded at a time


def pairs_of(source, sizes: np.ndarray, truncated: list[bool], *, containment: float = CONTAINMENT,
             min_ratio: float = MIN_RATIO, max_df: int | None = None, partitions: int | None = None,
             apart: Apart | None = None) -> list[tuple[int, int, float]]:
    """:func:`similar_pairs` of fingerprints that ``source`` streams (``stream()``: (index,
    fingerprint) in index order; ``load(indices)``: some of them), ``sizes`` their lengths:
    memory holds what :mod:`~policydocs.store.shingleindex` says, never every fingerprint (the
    document frequencies are counted a slice of the hash space at a time, ``partitions`` slices).
    Pairs of comparable sizes that ``apart`` says can never be grouped are not compared (previews
    are: a preview joins its best match, whoever that is)."""
    from scipy import sparse

    n = len(sizes)
    ok = sizes >= MIN_SHINGLES
    if ok.sum() < 2:
        return []
    max_df = max_df or max(MAX_DF, n // 100)
    parts = partitions or max(1, -(-int(sizes[ok].sum()) // PART_HASHES))
    index = index_shingles(source, ok, max_df, parts)
    hits, starts = hits_of(source, ok, index, n)
    k_sizes = np.diff(starts)  # index shingles per document
    postings = postings_of(hits, starts, max(index.size, 1))
    trunc = np.asarray(truncated, dtype=bool)
    out: list[tuple[int, int, float]] = []
    previews: dict[int, tuple[float, int, int]] = {}  # truncated doc → (containment, i, j) of its best match
    for start, stop in blocks(hits, starts, postings):
        lo, hi = int(starts[start]), int(starts[stop])
        rows = sparse.csr_matrix((np.ones(hi - lo, dtype=np.int32), hits[lo:hi], starts[start:stop + 1] - lo),
                                 shape=(stop - start, postings.shape[0]))
        block = sparse.triu(rows @ postings, k=start + 1).tocoo()
        i, j, shared = block.row + start, block.col, block.data
        small_i = sizes[i] <= sizes[j]
        ratio = np.where(small_i, sizes[i] / np.maximum(sizes[j], 1), sizes[j] / np.maximum(sizes[i], 1))
        size_ok = (ratio >= min_ratio) | np.where(small_i, trunc[i], trunc[j])
        # Containment on the index shingles (stock phrases left out) finds candidates; the full
        # shingle sets decide.
        est = shared / np.maximum(np.minimum(k_sizes[i], k_sizes[j]), 1)
        check = size_ok & (est >= CANDIDATE * containment)
        if apart is not None:  # (a preview's best match is chosen among all: not left out)
            at = np.flatnonzero(check & (ratio >= min_ratio))
            check[at[apart.differ(i[at], j[at])]] = False
        pairs = list(zip(i[check].tolist(), j[check].tolist()))
        for lo in range(0, len(pairs), _COMPARE):
            part = pairs[lo:lo + _COMPARE]
            fps = source.load(sorted({d for pair in part for d in pair}))
            for a, b in part:
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
