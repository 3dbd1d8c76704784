"""The trained kind model as plain lookups: scoring clauses without scikit-learn's per-call cost.

scikit-learn's vectorisers check and convert their input on every call (DictVectorizer, the
TF-IDF transformer, the sparse stacking), which cost more than the arithmetic: about 45 µs per
clause, a fifth of extraction. The model is linear, so scoring a clause is a sum of weights: each
cue feature indexes a column of the coefficients, each character n-gram too, with its TF-IDF
value computed as scikit-learn computes it (sublinear tf × idf, l2-normalised, × the n-gram
weight). Summed per clause with numpy and put through the softmax, they give probabilities equal
to scikit-learn's up to float rounding (``tests/test_kind.py`` holds them to 1e-9).

The n-grams of all of a document's clauses are found in one numpy pass, not one Python loop
per character and length: each n-gram is an integer of its characters' code points (21 bits
each), looked up in a sorted table of the vocabulary's (``np.searchsorted``).

Training, cross-validation and the model's parameters stay scikit-learn's (``extract.kind``);
the weights ship as a data file (``extract.kind_weights``), read back with :meth:`LinearScorer.from_plain`.
"""

from __future__ import annotations

import re
from itertools import repeat

import numpy as np

_WHITE = re.compile(r"\s\s+")  # scikit-learn's whitespace normalisation for char n-grams


class LinearScorer:
    """Probabilities of a trained :class:`policydocs.extract.kind.KindModel`, computed directly."""

    def __init__(self, model):
        vectorizer = model.grams
        self.classes = list(model.classes)
        self.feature_index = dict(model.dict.vocabulary_)  # cue feature → column
        self.ngrams = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)  # in column order
        self.idf = vectorizer.idf_.copy()
        self.min_n, self.max_n = vectorizer.ngram_range
        self.lowercase = vectorizer.lowercase
        self.ngram_weight = model.ngram_weight
        self._set_weights(model.clf.coef_.T)
        self.intercept = model.clf.intercept_.copy()
        self._index_ngrams()

    def _set_weights(self, coef_t: np.ndarray) -> None:
        """The coefficients (features × classes), cue features first, then the n-grams; and past the
        last row a row of zeros, where a cue feature the model never saw points (it adds nothing)."""
        self.gram_offset = len(self.feature_index)  # n-gram columns follow the cue features
        self.unknown = len(coef_t)
        self.coef = np.vstack([coef_t, np.zeros((1, coef_t.shape[1]))])

    def _index_ngrams(self) -> None:
        """The n-grams as integers (21 bits per character), a sorted table per length, for numpy lookups."""
        self.gram_keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        by_length: dict[int, list[int]] = {}
        for column, gram in enumerate(self.ngrams):
            by_length.setdefault(len(gram), []).append(column)
        for n, columns in by_length.items():
            text = "".join(self.ngrams[c] for c in columns)
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
            codes = codes.reshape(len(columns), n)
            keys = codes[:, 0].copy()
            for j in range(1, n):
                keys <<= np.uint64(_BITS)
                keys |= codes[:, j]
            order = np.argsort(keys, kind="stable")
            self.gram_keys[n] = (keys[order], np.asarray(columns, dtype=np.int64)[order])

    def to_plain(self) -> dict:
        """Everything :meth:`proba` reads, as lists, numbers and strings (the shipped weights file
        holds this: :mod:`policydocs.extract.kind_weights`). Cue features and n-grams in column order."""
        cue_features = sorted(self.feature_index, key=self.feature_index.get)
        coef = self.coef[:-1].tolist()
        idf = self.idf.tolist()
        return {
            "classes": list(self.classes),
            "intercept": self.intercept.tolist(),
            "char_ngrams": {"lengths": [self.min_n, self.max_n], "lowercase": bool(self.lowercase),
                            "weight": float(self.ngram_weight)},
            "cue_features": {name: coef[self.feature_index[name]] for name in cue_features},
            "ngrams": {gram: [idf[i], *coef[self.gram_offset + i]] for i, gram in enumerate(self.ngrams)},
        }

    @classmethod
    def from_plain(cls, plain: dict) -> LinearScorer:
        """The scorer :meth:`to_plain` described (the same floats: the same probabilities, bit for bit)."""
        self = cls.__new__(cls)
        self.classes = [str(c) for c in plain["classes"]]
        settings = plain["char_ngrams"]
        self.min_n, self.max_n = (int(n) for n in settings["lengths"])
        self.lowercase = bool(settings["lowercase"])
        self.ngram_weight = float(settings["weight"])
        cues, grams = plain["cue_features"], plain["ngrams"]
        self.feature_index = {name: column for column, name in enumerate(cues)}
        self.ngrams = list(grams)
        n_classes = len(self.classes)
        cue_rows = np.array(list(cues.values()), dtype=np.float64).reshape(len(cues), n_classes)
        gram_rows = np.array(list(grams.values()), dtype=np.float64).reshape(len(grams), 1 + n_classes)
        self.idf = np.ascontiguousarray(gram_rows[:, 0])
        self._set_weights(np.vstack([cue_rows, gram_rows[:, 1:]]))
        self.intercept = np.array(plain["intercept"], dtype=np.float64)
        self._index_ngrams()
        return self

    def _gram_columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text index, n-gram column) of every known character n-gram occurrence in ``texts``."""
        if self.lowercase:
            texts = [t.lower() for t in texts]
        texts = [_WHITE.sub(" ", t) for t in texts]
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        # (surrogatepass: a lone surrogate from a broken page is a character like any other here)
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        rows, columns = [], []
        for n in range(self.min_n, self.max_n + 1):
            if n not in self.gram_keys or len(codes) < n:
                continue
            count = len(codes) - n + 1
            keys = codes[:count].copy()
            for j in range(1, n):
                keys <<= np.uint64(_BITS)
                keys |= codes[j:j + count]
            inside = owner[:count] == owner[n - 1:n - 1 + count]  # an n-gram never spans two texts
            table, table_columns = self.gram_keys[n]
            at = np.searchsorted(table, keys)
            np.minimum(at, len(table) - 1, out=at)
            known = inside & (table[at] == keys)
            rows.append(owner[:count][known])
            columns.append(table_columns[at[known]])
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows), np.concatenate(columns)

    def proba(self, rows: list[tuple[dict[str, float], str]]) -> np.ndarray:
        """(features, digit-folded clause) per row → an array of class probabilities per row."""
        # (names to columns by map(), in C, not a Python step per feature: 8% of the scoring)
        lookup, unknown = self.feature_index.get, repeat(self.unknown)
        cue_columns: list[int] = []
        cue_values: list[float] = []
        sizes = []
        clause_of: dict[str, int] = {}  # a clause with two figures is scored twice: its n-grams once
        clause_ids = []
        for feats, clause in rows:
            cue_columns += map(lookup, feats, unknown)
            cue_values += feats.values()
            sizes.append(len(feats))
            clause_ids.append(clause_of.setdefault(clause, len(clause_of)))
        n_classes = len(self.classes)
        decision = np.zeros((len(rows), n_classes))
        # cue features: X · W as sums of weight × value per row (np.bincount, no sparse matrix)
        if cue_columns:
            cue_r = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
            contributions = self.coef[np.asarray(cue_columns, dtype=np.int64)] * np.asarray(cue_values)[:, None]
            for k in range(n_classes):
                decision[:, k] += np.bincount(cue_r, weights=contributions[:, k], minlength=len(rows))
        # character n-grams, per distinct clause: TF-IDF as scikit-learn computes it,
        # (log tf + 1) × idf, l2-normalised per clause, × the n-gram weight
        owners, columns = self._gram_columns(list(clause_of))
        if len(owners):
            n_cols = len(self.idf)
            pairs, counts = np.unique(owners * n_cols + columns, return_counts=True)
            owners, columns = pairs // n_cols, pairs % n_cols
            values = (np.log(counts.astype(np.float64)) + 1.0) * self.idf[columns]
            norms = np.sqrt(np.bincount(owners, weights=values * values, minlength=len(clause_of)))
            values = values / norms[owners] * self.ngram_weight
            contributions = self.coef[columns + self.gram_offset] * values[:, None]
            per_clause = np.column_stack([np.bincount(owners, weights=contributions[:, k], minlength=len(clause_of))
                                          for k in range(n_classes)])
            decision += per_clause[np.asarray(clause_ids, dtype=np.int64)]
        decision += self.intercept
        decision -= decision.max(axis=1, keepdims=True)  # the softmax, as scikit-learn computes it
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1, keepdims=True)
        return decision


_BITS = 21  # bits of a Unicode code point: three characters fit in 63 bits

