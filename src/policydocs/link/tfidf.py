"""Character 1–3-gram TF-IDF in numpy: the matrix ``TfidfVectorizer(analyzer="char",
ngram_range=(1, 3), sublinear_tf=True, min_df=1).fit_transform(texts)`` returns, bit for bit.

Linking fits one such model on every ingest. scikit-learn's analyzer is a Python loop over every
n-gram, and importing scikit-learn alone costs about half a second in a process that has not yet
(the parent of ``ingest --jobs 2``, which links after its workers are done). Identical, not merely
close: the cosine similarities decide the candidates, their order and the scores stored, so the same
values must be summed in the same order. That is why the matrix keeps scikit-learn's layout:

* columns are the n-grams in code-point order (its vocabulary sorted by term);
* inside a row, entries are in the order scikit-learn first met each n-gram in the whole corpus
  (it numbers n-grams as met, sorts each row by that number, then renumbers columns by term
  without re-sorting); a sparse product sums each cosine in this order;
* values are ``(log(count) + 1) · idf``, ``idf = log((n + 1) / (df + 1)) + 1``, each row then
  divided by the square root of its squares summed left to right, as its Cython loop does.

tests/test_link_tfidf.py compares the arrays with scikit-learn's on edge cases and random texts.
"""

from __future__ import annotations

import re

import numpy as np

_WHITE = re.compile(r"\s\s+")  # what scikit-learn's char analyzer folds to one space
_BITS = np.uint64(21)  # a code point + 1 fits in 21 bits: three per 64-bit key


def char_tfidf(texts: list[str]):
    """The L2-normalised TF-IDF ``scipy.sparse.csr_matrix`` of ``texts`` (see the module docstring)."""
    from scipy import sparse

    keys, docs, _ = occurrences(texts)
    if not keys.size:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    column, first = _vocabulary(keys)
    n_cols = first.size
    order_met = np.argsort(first)  # met number → column (first occurrences are distinct)
    met = np.empty(n_cols, dtype=np.int64)  # column → the number scikit-learn gives it as met
    met[order_met] = np.arange(n_cols, dtype=np.int64)
    cells, counts = np.unique(docs * n_cols + met[column], return_counts=True)  # row, then order met
    rows = cells // n_cols
    indices = order_met[cells % n_cols].astype(np.int32)
    indptr = np.zeros(len(texts) + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
    df = np.bincount(indices, minlength=n_cols).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=len(texts) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data = counts.astype(np.float64)
    np.log(data, data)
    data += 1.0
    data *= idf[indices]
    data /= np.repeat(np.sqrt(_row_sums_of_squares(data, indptr)), np.diff(indptr))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), n_cols))


def occurrences(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every character 1-3-gram occurrence of ``texts`` in scikit-learn's order (a text's 1-grams,
    2-grams, then 3-grams; text after text): (key, text index, position inside its text's n-grams)."""
    # scikit-learn's preprocessing: lower case, then runs of white space to one space
    texts = [_WHITE.sub(" ", t.lower()) for t in texts]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    # +1: 0 marks "no character" in a key, so that "a" < "ab" < "b" as strings sort
    cp = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64) + 1
    total = int(lengths.sum())
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    local = np.arange(total, dtype=np.int64) - starts[owner]  # position inside its text
    left = lengths[owner] - local  # characters from here to the end of the text
    # where each text's n-grams start in scikit-learn's order: its 1-grams, 2-grams, then 3-grams
    per_text = lengths + np.maximum(lengths - 1, 0) + np.maximum(lengths - 2, 0)
    base = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(per_text[:-1], out=base[1:])
    keys = np.zeros(int(per_text.sum()), dtype=np.uint64)
    docs = np.zeros(keys.size, dtype=np.int64)
    gram = cp << (_BITS * np.uint64(2))
    offset = np.zeros(total, dtype=np.int64)  # where this text's n-grams of the current n begin
    for n in (1, 2, 3):
        if n > 1:
            offset += np.maximum(lengths[owner] - (n - 2), 0)
            gram[:total - n + 1] |= cp[n - 1:] << (_BITS * np.uint64(3 - n))
        ok = np.flatnonzero(left >= n)
        at = base[owner[ok]] + offset[ok] + local[ok]
        keys[at] = gram[ok]
        docs[at] = owner[ok]
    return keys, docs, np.arange(keys.size, dtype=np.int64) - base[docs]


def _vocabulary(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(column of each key, first position of each column's key): np.unique(keys, return_index=True,
    return_inverse=True) without its stable sort, three times slower."""
    perm = np.argsort(keys)
    ordered = keys[perm]
    new = np.empty(ordered.size, dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    column = np.empty(ordered.size, dtype=np.int64)
    column[perm] = np.cumsum(new) - 1
    return column, np.minimum.reduceat(perm, np.flatnonzero(new))


def _row_sums_of_squares(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Per row, the squares of its values added one at a time from the left (not numpy's pairwise
    sum: the last bit of the norm would differ)."""
    lengths = np.diff(indptr)
    sums = np.zeros(len(lengths), dtype=np.float64)
    squares = data * data
    for p in range(int(lengths.max(initial=0))):
        rows = np.flatnonzero(lengths > p)
        sums[rows] += squares[indptr[rows] + p]
    return sums


# --- the same matrix, a few rows at a time ------------------------------------------------------

SEQ_SHIFT = 22  # a text's n-gram positions fit in 22 bits (a text of up to ~1.4M characters)


class Vocabulary:
    """The document frequencies and first occurrences of a corpus's n-grams, gathered a chunk of
    texts at a time; then :meth:`tfidf` gives any of its texts the row that :func:`char_tfidf` of
    the whole corpus gives it, bit for bit, without the corpus's matrix ever being built.

    Each text is added with its ``seq``, its place in the corpus (any increasing numbers: gaps are
    allowed); scikit-learn meets the n-grams of the corpus in the order (seq, position in the text).
    Memory: 24 bytes per distinct n-gram, whatever the number of texts.
    """

    def __init__(self) -> None:
        self.n = 0  # texts added
        self.keys = np.zeros(0, dtype=np.uint64)  # sorted n-gram keys (a column each)
        self._df = np.zeros(0, dtype=np.int64)
        self._first = np.zeros(0, dtype=np.int64)  # (seq << SEQ_SHIFT) | position of its first occurrence
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._pending_size = 0
        self.idf: np.ndarray | None = None
        self.met: np.ndarray | None = None  # column → rank of its first occurrence

    def add(self, texts: list[str], seqs) -> None:
        keys, docs, local = occurrences(texts)
        self.n += len(texts)
        if not keys.size:
            return
        seqs = np.asarray(seqs, dtype=np.int64)
        pos = (seqs[docs] << SEQ_SHIFT) | local
        order = np.lexsort((docs, keys))  # by n-gram, then text
        keys, docs, pos = keys[order], docs[order], pos[order]
        new_key = np.empty(keys.size, dtype=bool)
        new_key[0] = True
        np.not_equal(keys[1:], keys[:-1], out=new_key[1:])
        new_cell = new_key.copy()  # a new (n-gram, text): counts once in df
        new_cell[1:] |= docs[1:] != docs[:-1]
        starts = np.flatnonzero(new_key)
        df = np.add.reduceat(new_cell.astype(np.int64), starts)
        self._pending.append((keys[starts], df, np.minimum.reduceat(pos, starts)))
        self._pending_size += starts.size
        if self._pending_size > max(1 << 20, self.keys.size):
            self._merge()

    def _merge(self) -> None:
        if not self._pending:
            return
        keys = np.concatenate([self.keys] + [p[0] for p in self._pending])
        df = np.concatenate([self._df] + [p[1] for p in self._pending])
        first = np.concatenate([self._first] + [p[2] for p in self._pending])
        self._pending, self._pending_size = [], 0
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        new = np.empty(keys.size, dtype=bool)
        new[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=new[1:])
        starts = np.flatnonzero(new)
        self.keys = keys[starts]
        self._df = np.add.reduceat(df[order], starts) if starts.size else df[:0]
        self._first = np.minimum.reduceat(first[order], starts) if starts.size else first[:0]

    def freeze(self) -> None:
        """Done adding: compute the idf of each n-gram (as :func:`char_tfidf` does for the corpus)."""
        self._merge()
        df = self._df.astype(np.float64)
        df += 1.0
        idf = np.full_like(df, fill_value=self.n + 1, dtype=np.float64)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.idf = idf
        self.met = np.empty(self.keys.size, dtype=np.int64)
        self.met[np.argsort(self._first)] = np.arange(self.keys.size, dtype=np.int64)
        self._df = self._first = np.zeros(0, dtype=np.int64)

    def tfidf(self, texts: list[str]):
        """The rows of ``texts`` (each added before :meth:`freeze`) as a CSR matrix over the
        vocabulary's columns: each row holds the values, in the order, of its row in
        ``char_tfidf(corpus)`` (its columns are numbered alike: n-grams in code-point order)."""
        from scipy import sparse

        keys, docs, _ = occurrences(texts)
        column = np.searchsorted(self.keys, keys)
        met = self.met[column]
        order = np.lexsort((met, docs))  # a row's n-grams in the order scikit-learn met them
        docs, met, column = docs[order], met[order], column[order]
        new = np.empty(docs.size, dtype=bool)
        new[:1] = True
        if docs.size:
            new[1:] = (docs[1:] != docs[:-1]) | (met[1:] != met[:-1])
        starts = np.flatnonzero(new)
        counts = np.diff(np.append(starts, docs.size))
        indices = column[starts].astype(np.int32)
        indptr = np.zeros(len(texts) + 1, dtype=np.int32)
        np.cumsum(np.bincount(docs[starts], minlength=len(texts)), out=indptr[1:])
        data = counts.astype(np.float64)
        np.log(data, data)
        data += 1.0
        data *= self.idf[indices]
        data /= np.repeat(np.sqrt(_row_sums_of_squares(data, indptr)), np.diff(indptr))
        return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), self.keys.size))
