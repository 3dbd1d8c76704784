"""The trained kind model as plain lookups: scoring clauses without scikit-learn's per-call cost.

scikit-learn's vectorisers check and convert their input on every call (DictVectorizer, the
TF-IDF transformer, the sparse stacking), which cost more than the arithmetic: about 45 µs per
clause, a fifth of extraction. The model is linear, so scoring a clause is a sum of weights: each
cue feature indexes a column of the coefficients, each character n-gram too, with its TF-IDF
value computed as scikit-learn computes it (sublinear tf × idf, l2-normalised, × the n-gram
weight). Summed per clause with numpy and put through the softmax, they give probabilities equal
to scikit-learn's up to float rounding (``tests/test_kind.py`` holds them to 1e-9).

Training, cross-validation and the model's parameters stay scikit-learn's (``extract.kind``).
"""

from __future__ import annotations

import re

import numpy as np

_WHITE = re.compile(r"\s\s+")  # scikit-learn's whitespace normalisation for char n-grams


class LinearScorer:
    """Probabilities of a trained :class:`policydocs.extract.kind.KindModel`, computed directly."""

    def __init__(self, model):
        vectorizer = model.grams
        self.classes = list(model.classes)
        self.feature_index = dict(model.dict.vocabulary_)  # cue feature → column
        self.gram_offset = len(self.feature_index)  # n-gram columns follow the cue features
        self.gram_index = dict(vectorizer.vocabulary_)  # character n-gram → its column among the n-grams
        self.idf = vectorizer.idf_.copy()
        self.min_n, self.max_n = vectorizer.ngram_range
        self.lowercase = vectorizer.lowercase
        self.ngram_weight = model.ngram_weight
        self.coef_t = np.ascontiguousarray(model.clf.coef_.T)  # (features, classes)
        self.intercept = model.clf.intercept_.copy()

    def gram_counts(self, text: str) -> dict[str, int]:
        """How often each known character n-gram occurs in ``text`` (already digit-folded)."""
        if self.lowercase:
            text = text.lower()
        text = _WHITE.sub(" ", text)
        counts: dict[str, int] = {}
        index = self.gram_index
        for n in range(self.min_n, self.max_n + 1):
            for i in range(len(text) - n + 1):
                gram = text[i:i + n]
                if gram in index:
                    counts[gram] = counts.get(gram, 0) + 1
        return counts

    def proba(self, rows: list[tuple[dict[str, float], str]]) -> np.ndarray:
        """(features, digit-folded clause) per row → an array of class probabilities per row."""
        cue_rows, cue_columns, cue_values = [], [], []
        gram_rows, gram_columns, gram_counts = [], [], []
        seen: dict[str, dict[str, int]] = {}  # a clause with two figures is scored twice
        feature_index, gram_index = self.feature_index, self.gram_index
        for r, (feats, clause) in enumerate(rows):
            for name, value in feats.items():
                column = feature_index.get(name)
                if column is not None:
                    cue_rows.append(r)
                    cue_columns.append(column)
                    cue_values.append(value)
            counts = seen.get(clause)
            if counts is None:
                counts = seen[clause] = self.gram_counts(clause)
            for gram, count in counts.items():
                gram_rows.append(r)
                gram_columns.append(gram_index[gram])
                gram_counts.append(count)
        # TF-IDF as scikit-learn computes it: (log tf + 1) × idf, l2-normalised per row, × the n-gram weight
        rows_g = np.asarray(gram_rows, dtype=np.int64)
        columns_g = np.asarray(gram_columns, dtype=np.int64)
        values_g = (np.log(np.asarray(gram_counts, dtype=np.float64)) + 1.0) * self.idf[columns_g]
        norms = np.sqrt(np.bincount(rows_g, weights=values_g * values_g, minlength=len(rows)))
        values_g = values_g / norms[rows_g] * self.ngram_weight
        rows_all = np.concatenate([np.asarray(cue_rows, dtype=np.int64), rows_g])
        columns = np.concatenate([np.asarray(cue_columns, dtype=np.int64), columns_g + self.gram_offset])
        values = np.concatenate([np.asarray(cue_values, dtype=np.float64), values_g])
        # X · W as sums of weight × value per row: np.bincount, without building a sparse matrix
        contributions = self.coef_t[columns] * values[:, None]
        decision = np.column_stack([np.bincount(rows_all, weights=contributions[:, k], minlength=len(rows))
                                    for k in range(contributions.shape[1])]) + self.intercept
        decision -= decision.max(axis=1, keepdims=True)  # the softmax, as scikit-learn computes it
        np.exp(decision, out=decision)
        decision /= decision.sum(axis=1, keepdims=True)
        return decision
