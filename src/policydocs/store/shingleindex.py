"""The inverted index of sampled shingles that finds candidate pairs of copies, in bounded memory.

:func:`~policydocs.store.nearcopies.pairs_of` multiplies a documents × index shingles matrix by
its transpose, a block of documents at a time. What memory holds, whatever the number of
documents: one slice of the hash space while document frequencies are counted (the slices are
spilled to temporary files in one pass over the stored fingerprints), then the index shingles,
each document's hits among them (4 bytes each) and their postings (8 bytes each), and one block's
product, its size bounded by the postings its documents reach (``BLOCK_WORK``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

FLOOR = 8  # index shingles every document keeps, however common
PART_HASHES = 1 << 21  # shingle hashes counted at a time (~140 MB while counted): more make several slices
BLOCK = 2048  # rows per block of the candidate product
BLOCK_WORK = 1 << 22  # postings a block's documents may reach (its cells: ~80 bytes each at most)


def hits_of(source, ok: np.ndarray, index: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each document's index shingles, as positions in ``index`` (int32, a document after the
    other, ascending inside each), and where each document starts (``n`` + 1 offsets)."""
    found: list[np.ndarray] = []
    counts = np.zeros(n, dtype=np.int64)
    for i, fp in source.stream():
        if ok[i] and index.size:
            at = np.minimum(np.searchsorted(index, fp), index.size - 1)
            hit = at[index[at] == fp].astype(np.int32)
            found.append(hit)
            counts[i] = hit.size
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return (np.concatenate(found) if found else np.zeros(0, dtype=np.int32)), starts


def blocks(hits: np.ndarray, starts: np.ndarray, postings) -> list[tuple[int, int]]:
    """(start, stop) of the row blocks of the candidate product: up to ``BLOCK`` documents whose
    hits' postings add up to about ``BLOCK_WORK`` at most (the product's cells cannot be more),
    so that a block of documents sharing common shingles with thousands of others stays small."""
    n = starts.size - 1
    df = np.diff(postings.indptr)
    work = np.zeros(n + 1, dtype=np.int64)
    for lo in range(0, n, 8192):  # (a hit at a time would need 8 bytes per hit at once)
        hi = min(n, lo + 8192)
        cum = np.concatenate(([0], np.cumsum(df[hits[starts[lo]:starts[hi]]], dtype=np.int64)))
        work[lo + 1:hi + 1] = cum[starts[lo + 1:hi + 1] - starts[lo]]
        work[lo + 1:hi + 1] += work[lo]
    out, start = [], 0
    while start < n:
        stop = int(np.searchsorted(work, work[start] + BLOCK_WORK, side="right")) - 1
        stop = min(n, start + BLOCK, max(stop, start + 1))
        out.append((start, stop))
        start = stop
    return out


def postings_of(hits: np.ndarray, starts: np.ndarray, columns: int):
    """The documents of each index shingle: the transposed documents × shingles matrix, built by
    counting (no sort, no second copy of the hits)."""
    from scipy import sparse

    n = starts.size - 1
    indptr = np.zeros(columns + 1, dtype=np.int64)
    np.cumsum(np.bincount(hits, minlength=columns), out=indptr[1:])
    free = indptr[:-1].copy()
    docs = np.empty(hits.size, dtype=np.int32)
    for i in np.flatnonzero(np.diff(starts)).tolist():  # documents in order: each list comes sorted
        cols = hits[starts[i]:starts[i + 1]]  # (distinct: a fingerprint's hashes are)
        docs[free[cols]] = i
        free[cols] += 1
    return sparse.csr_matrix((np.ones(hits.size, dtype=np.int32), docs, indptr), shape=(columns, n))


def index_shingles(source, ok: np.ndarray, max_df: int, parts: int) -> np.ndarray:
    """The shingles that find candidates, sorted: those in 2 to ``max_df`` documents, and each
    document's ``FLOOR`` rarest (ties: the smaller hash) when in at most 10 × ``max_df``. Their
    document frequencies are counted a slice of the hash space (hash mod ``parts``) at a time."""
    useful = []
    best_d, best_df, best_h = np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.uint64)
    for h, d in _slices(source, ok, parts):
        order = np.argsort(h)
        h, d = h[order], d[order]
        del order
        first = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
        df = np.diff(np.append(first, h.size))
        useful.append(h[first][(df >= 2) & (df <= max_df)])
        # each document's FLOOR rarest so far, by (df, hash)
        d, dfv, h = np.concatenate([best_d, d]), np.concatenate([best_df, np.repeat(df, df)]), np.concatenate([best_h, h])
        order = np.lexsort((h, dfv, d))
        d, dfv, h = d[order], dfv[order], h[order]
        del order
        keep = (np.arange(d.size) - np.searchsorted(d, d, side="left")) < FLOOR
        best_d, best_df, best_h = d[keep], dfv[keep], h[keep]
    floor = best_h[(best_df >= 2) & (best_df <= 10 * max_df)]
    return np.unique(np.concatenate(useful + [floor]))


_SLICE = np.dtype([("h", "<u8"), ("d", "<i4")])  # a shingle of a document, as slices are spilled


def _slices(source, ok: np.ndarray, parts: int):
    """(hashes, their documents) of each slice of the hash space (hash mod ``parts``), every
    shingle of the ``ok`` documents in stream order. One slice: from memory. Several: one pass over
    the stream spills them to temporary files (12 bytes a shingle), then they are read one by one,
    so memory holds one slice, not every fingerprint, and the store is streamed once."""
    if parts == 1:
        hs, ds = [], []
        for i, fp in source.stream():
            if ok[i]:
                hs.append(fp.astype(np.uint64, copy=False))
                ds.append(np.full(fp.size, i, dtype=np.int32))
        if hs:
            yield np.concatenate(hs), np.concatenate(ds)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="policydocs-shingles-") as folder:
        files = [Path(folder) / f"{p}.bin" for p in range(parts)]
        pending: list[tuple[int, np.ndarray]] = []
        held = 0
        for i, fp in source.stream():
            if ok[i] and fp.size:
                pending.append((i, fp))
                held += fp.size
                if held >= PART_HASHES:
                    _spill(pending, files)
                    pending, held = [], 0
        _spill(pending, files)
        for file in files:
            if file.exists():
                rec = np.fromfile(file, dtype=_SLICE)
                file.unlink()
                yield np.ascontiguousarray(rec["h"]), np.ascontiguousarray(rec["d"])


def _spill(pending: list[tuple[int, np.ndarray]], files: list[Path]) -> None:
    """Append the shingles of the documents ``pending`` to their slices' files."""
    if not pending:
        return
    rec = np.empty(sum(fp.size for _, fp in pending), dtype=_SLICE)
    at = 0
    for i, fp in pending:
        rec["h"][at:at + fp.size] = fp
        rec["d"][at:at + fp.size] = i
        at += fp.size
    part = rec["h"] % np.uint64(len(files))
    order = np.argsort(part, kind="stable")
    rec, cuts = rec[order], np.searchsorted(part[order], np.arange(len(files) + 1))
    for p, file in enumerate(files):
        if cuts[p + 1] > cuts[p]:
            with open(file, "ab") as f:
                rec[cuts[p]:cuts[p + 1]].tofile(f)
