"""Is a figure a target (commitment, plan, goal), an actual (reported result or state), or neither?

>>> label, probability = classify_kind(KindContext(
...     "力争年底前签约率达到75%以上", "要做实签约服务，力争年底前签约率达到75%以上。", ["二、2024年重点工作"],
...     "要做实签约服务，力争年底前签约率", 2024, [], "75%以上"))
>>> label, probability > 0.9
('target', True)
>>> label, probability = classify_kind(KindContext(
...     "签约率达到75.3%", "2023年，全县签约率达到75.3%。", ["一、2023年工作回顾"],
...     "2023年，全县签约率达到75.3%", 2024, [2023], "75.3%"))
>>> label, probability > 0.9
('actual', True)

A logistic regression over cue features, trained from ``extractors/training/kind*.jsonl`` (about
2,100 clauses written in the genre, see the README there) by an explicit step,
``policydocs train kind`` (:func:`train_kind`): scikit-learn fits it (deterministically, in about
a second, and another to import scikit-learn) and its weights are written to
``extractors/models/kind.json``, which ships with the package. Classifying reads them back in
milliseconds and scores with numpy alone (:mod:`policydocs.extract.kind_weights`,
:mod:`policydocs.extract.kind_linear`): no process trains, none imports scikit-learn.

The weights file records what it was trained from. When a user's own training rows or cue
lexicons (``POLICYDOCS_EXTRACTORS``) or an edited training file make it stale, the model is trained
in the process instead, with one note saying so and how to save the result: a user who added rows
to correct the classifier expects them to count on the next run, not to be ignored with a warning.
``policydocs train kind`` then writes the weights into the user's own directory, where they are
read first, and start-up is quick again.

What a clause's features are is :mod:`policydocs.extract.kind_features`; the cue lists are data,
``extractors/lexicons/cues.toml``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from policydocs.extract.cues import load_cues as _cues
from policydocs.extract.kind_features import (FEATURES_VERSION, LABELS, KindContext, clear_text_caches, features,
                                              fold_digits, load_training, row_context)
from policydocs.knowledge import register_reset
from policydocs.knowledge.cues import cue_lists

__all__ = ["KindContext", "classify_kind", "classify_many", "features", "load_training", "row_context",
           "train", "train_kind", "TrainedKind", "KindModel", "scorer", "reset", "clear_text_caches", "LABELS",
           "FEATURES_VERSION"]


class KindModel:
    """Vectorisers and classifier, trained from rows of the training jsonl (deterministic)."""

    def __init__(self, rows: list[dict], C: float = 1.0, ngram_weight: float = 0.6,
                 class_weight: dict | str | None = None):
        from scipy.sparse import hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self._hstack = hstack
        ctxs = [row_context(r) for r in rows]
        self.dict = DictVectorizer()
        self.grams = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
        self.ngram_weight = ngram_weight
        x = self._hstack([self.dict.fit_transform([features(c) for c in ctxs]),
                          self.grams.fit_transform([fold_digits(c.clause) for c in ctxs]) * ngram_weight]).tocsr()
        # "none" is rare and varied: weigh it up, but less than "balanced" would (it would eat actuals)
        weights = class_weight if class_weight is not None else {"target": 1.0, "actual": 1.0, "none": 2.0}
        self.clf = LogisticRegression(C=C, max_iter=5000, class_weight=weights, random_state=0)
        self.clf.fit(x, [r["label"] for r in rows])
        self.classes = [str(c) for c in self.clf.classes_]
        self._scorer = None  # built at first use

    def _x(self, ctxs: list[KindContext]):
        """The feature matrix as scikit-learn builds it (training, evaluation, tests)."""
        grams = self.grams.transform([fold_digits(c.clause) for c in ctxs]) * self.ngram_weight
        return self._hstack([self.dict.transform([features(c) for c in ctxs]), grams]).tocsr()

    def scorer(self):
        """The model as plain lookups (:mod:`policydocs.extract.kind_linear`), built at first use."""
        if self._scorer is None:
            from policydocs.extract.kind_linear import LinearScorer

            self._scorer = LinearScorer(self)
        return self._scorer

    def predict_proba(self, ctxs: list[KindContext]) -> list[dict[str, float]]:
        """Probability of each label for each context (scored by :mod:`policydocs.extract.kind_linear`)."""
        return _probabilities(self.scorer(), ctxs)

    def predict_proba_sklearn(self, ctxs: list[KindContext]) -> list[dict[str, float]]:
        """:meth:`predict_proba` through scikit-learn's own transforms (the reference it is tested against)."""
        probs = self.clf.predict_proba(self._x(ctxs))
        return [dict(zip(self.classes, row)) for row in probs.tolist()]

    def classify(self, ctxs: list[KindContext]) -> list[tuple[str, float]]:
        """(label, its probability to 4 decimals) for each context."""
        return _labels(self.scorer(), ctxs)


def train(rows: list[dict] | None = None, **params) -> KindModel:
    """A model trained on ``rows`` (default: the training files the extractor dirs hold)."""
    rows = load_training() if rows is None else rows
    if len({r["label"] for r in rows}) < 2:
        raise ValueError("kind training data needs at least two labels")
    return KindModel(rows, **params)


def _probabilities(scorer, ctxs: list[KindContext]) -> list[dict[str, float]]:
    if not ctxs:
        return []
    probs = scorer.proba([(features(c), fold_digits(c.clause)) for c in ctxs])
    return [dict(zip(scorer.classes, row)) for row in probs.tolist()]  # floats in one call, not one by one


def _labels(scorer, ctxs: list[KindContext]) -> list[tuple[str, float]]:
    """(label, its probability to 4 decimals) for each context.

    Rounded: the digits beyond the 4th carry no information, and they differ between two ways of
    summing the same weights (another BLAS, the compiled scorer), which would make exports differ.
    """
    out = []
    for p in _probabilities(scorer, ctxs):
        label = max(p, key=p.get)
        out.append((label, round(p[label], 4)))
    return out


@dataclass
class TrainedKind:
    """What :func:`train_kind` did."""

    path: Path                # the weights file
    rows: dict[str, int]      # training rows per label
    features: int             # cue features and character n-grams weighed
    written: bool             # False: the file held these weights already
    size: int                 # bytes of the weights file
    seconds: float

    def summary(self) -> str:
        rows = ", ".join(f"{n} {label}" for label, n in self.rows.items())
        what = "" if self.written else ": unchanged"
        return (f"kind: {sum(self.rows.values())} training rows ({rows}), {self.features} features"
                f" -> {self.path}{what} ({self.size / 1024:.0f} KB) in {self.seconds:.1f}s")


def train_kind(out: str | Path | None = None) -> TrainedKind:
    """Train on the training files the extractor dirs hold and write the weights to ``out``
    (default: ``models/kind.json`` of the first extractor dir); the same files give the same bytes."""
    from policydocs.extract import kind_weights

    started = time.perf_counter()
    provenance = kind_weights.trained_from(FEATURES_VERSION)  # (before reading them: a file edited meanwhile is stale)
    rows = load_training()
    counts = dict(sorted(Counter(r["label"] for r in rows).items()))
    trained = train(rows).scorer()
    text = kind_weights.dumps(trained.to_plain(), provenance, counts)
    path = Path(out) if out is not None else kind_weights.default_path()
    written = kind_weights.write(text, path)
    return TrainedKind(path, counts, len(trained.feature_index) + len(trained.ngrams), written,
                       len(text.encode("utf-8")), time.perf_counter() - started)


_LOCK = threading.RLock()
_MODEL = None  # a KindModel trained in this process (tests; and when the weights file is stale)
_SCORER = None  # what classifying scores with
_log = logging.getLogger(__name__)


def _model():
    """The model trained here on the training files found, once per process (imports scikit-learn)."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = train()
    return _MODEL


def scorer():
    """What classifying scores with, once per process: the weights file trained from the current
    training files and cues; when there is none, the model trained here, with a note."""
    global _SCORER
    if _SCORER is None:
        from policydocs.extract import kind_weights

        with _LOCK:
            if _SCORER is None:
                found, why = kind_weights.load_current(kind_weights.trained_from(FEATURES_VERSION))
                if found is None:
                    _log.warning("note: kind classifier: %s; training it in this process (a few seconds,"
                                 " at every start) until `policydocs train kind` writes %s", why,
                                 kind_weights.default_path())
                    found = _model().scorer()
                _SCORER = found
    return _SCORER


def reset() -> None:
    """Forget the weights, any model trained here and the cue lists (after editing the training
    data or cues, or after ``train_kind``)."""
    global _MODEL, _SCORER
    with _LOCK:
        _MODEL = _SCORER = None
    cue_lists.cache_clear()  # (the files' entries, then the indexes built from them)
    _cues.cache_clear()
    clear_text_caches()


register_reset(reset)  # (policydocs.knowledge.reset() forgets the weights with every other list)


def classify_kind(ctx: KindContext) -> tuple[str, float]:
    """("target" | "actual" | "none", probability of that class) for a clause in its context."""
    return _labels(scorer(), [ctx])[0]


def classify_many(ctxs: list[KindContext]) -> list[tuple[str, float]]:
    """:func:`classify_kind` for many clauses at once (one matrix, much faster)."""
    return _labels(scorer(), list(ctxs))
