"""Candidate actuals for each target: TF-IDF nearest neighbours inside blocks, never all pairs.

Each statement becomes a short string: its indicator and its clause, and for a clause whose
indicator says nothing (an actual written ``增长6.7%`` is about the 国内生产总值 of the clause
before it) the subject of the preceding clause, with figures masked so that numbers never make two statements look alike. One TF-IDF model
over character 1–3-grams is fitted on all of them (:mod:`policydocs.link.tfidf`).

Blocks are (jurisdiction, unit family): a target is compared only with the actuals of its own
block, never with all actuals. Inside a block the ``k`` nearest neighbours by cosine similarity
are found among the actuals that can answer the target at all (a later document; a period between
the target's year and its deadline), by one sparse product of the L2-normalised TF-IDF rows per
block (and chunk of targets). That is what ``NearestNeighbors(metric="cosine", algorithm="brute")``
computes; calling it per block cost 5–10 ms of input checks each, which dominated with thousands
of small blocks, and it cannot take the "can answer" mask.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from policydocs.knowledge.vocabulary import pattern
from policydocs.link import units
from policydocs.link.db import Row

# grammar: a figure in Arabic digits, or in Chinese numerals before a counting unit
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.．,，]*|[一二三四五六七八九十两百千万亿]+(?=[个项家所名人%])")
_NOISE = re.compile(r"[\s“”\"'‘’（）()《》【】]")


# An indicator of only weak words, masked figures and punctuation says nothing of what is measured.
_WEAK = pattern(r"^(?:{weak_indicator_word}|[#%，、。；：\s])*$")
_SUBJECT_END = pattern(r"{subject_end_word}")


def subject(row: Row) -> str:
    """What a clause with a weak indicator (增长6.7%, 比上年增长7.4%) is about: the subject of the
    clause before it in the sentence (国内生产总值达到74.4万亿元，增长6.7% → 国内生产总值)."""
    out = row.memo.get("subject")  # asked again by subjects.measure and the direction check
    if out is None:
        rec = row.record
        out = row.memo["subject"] = _subject(rec.get("indicator") or "", rec.get("text") or "", row.context)
    return out


@lru_cache(maxsize=65536)  # statements of one sentence often share their subject
def _subject(indicator: str, text: str, context: str) -> str:
    ind = _FIGURE.sub("#", indicator)
    text = _FIGURE.sub("#", text)
    if ind and ind != text and not _WEAK.match(ind):
        return ""
    before = re.split(r"[，,；;：:。]", context.rstrip("，,；;：: "))[-1]
    m = _SUBJECT_END.search(before)
    return _FIGURE.sub("", before[:m.start()] if m else before)


def feature_text(row: Row) -> str:
    rec = row.record
    subj = subject(row)
    # a weak indicator (增长6.7%) repeats the clause: the subject stands in for it
    parts = [subj, subj, rec.get("text") or ""] if subj else [rec.get("indicator") or "", rec.get("text") or ""]
    return "|".join(_NOISE.sub("", _FIGURE.sub("#", p)) for p in parts)


def later(actual: Row, target: Row) -> bool:
    """Whether the actual's document comes after the target's (by date when both have one, else year)."""
    (ya, da), (yt, dt) = actual.when(), target.when()
    if da and dt:
        return da[:10] > dt[:10]
    return ya > yt


def period_span(row: Row) -> tuple[int, int] | None:
    """(first, last) year of an actual's period: 2016 → (2016, 2016); 2013/2017 → (2013, 2017)."""
    return _span(row.record.get("period") or "")


@lru_cache(maxsize=4096)  # asked for every pair scored: periods are few
def _span(period: str) -> tuple[int, int] | None:
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    return (min(years), max(years)) if years else None


def period_year(row: Row) -> int | None:
    span = period_span(row)
    return span[1] if span else None


def block_of(row: Row) -> tuple[str, str] | None:
    j, fam = row.jurisdiction, units.family(row.record.get("unit"))
    if j is None or fam is None or row.record.get("value") is None:
        return None
    return j, fam


def fit(rows: list[Row]):
    """The TF-IDF matrix of ``rows`` (one row each, L2-normalised): scikit-learn's
    ``TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)``, computed in numpy
    (:mod:`policydocs.link.tfidf`: the same values in the same order, 3× faster, no import of sklearn)."""
    from policydocs.link.tfidf import char_tfidf

    return char_tfidf([feature_text(r) for r in rows])


def _arrays(rows: list[Row]):
    """Per row: year, date ordinal (-1: none), deadline year, period first/last year (-1: none)."""
    import datetime as dt

    import numpy as np

    year = np.zeros(len(rows), dtype=np.int64)
    dord = np.full(len(rows), -1, dtype=np.int64)
    dline = np.full(len(rows), -1, dtype=np.int64)
    pfirst = np.full(len(rows), -1, dtype=np.int64)
    plast = np.full(len(rows), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        y, d = r.when()
        year[i] = y or 0
        if d:
            try:
                dord[i] = dt.date.fromisoformat(d[:10]).toordinal()
            except ValueError:
                pass
        dl = r.record.get("deadline") or ""
        if dl[:4].isdigit():
            dline[i] = int(dl[:4])
        span = period_span(r)
        if span:
            pfirst[i], plast[i] = span
    return year, dord, dline, pfirst, plast


def candidates(targets: list[Row], actuals: list[Row], *, k: int = 8, chunk: int = 1024, floor: float = 0.0
               ) -> dict[int, list[tuple[int, float]]]:
    """{target index: [(actual index, cosine similarity), ...]}: the ``k`` most similar actuals of the
    target's block that can answer it (a later document, a period between the target's year and
    its deadline: the same rules as scoring), best first; of those ``k``, the ones less similar than
    ``floor`` are left out (linking: what scoring rejects whatever else they share)."""
    import numpy as np

    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if not targets or not actuals:
        return out
    matrix = fit(targets + actuals)
    # actuals by feature, column-major: a block's actuals are then a cheap slice of its rows (a
    # column selection of a CSR matrix walks the whole of it, once per block)
    tm, am = matrix[:len(targets)], matrix[len(targets):].T
    t_blocks: dict[tuple, list[int]] = defaultdict(list)
    a_blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, t in enumerate(targets):
        b = block_of(t)
        if b:
            t_blocks[b].append(i)
    for i, a in enumerate(actuals):
        b = block_of(a)
        if b:
            a_blocks[b].append(i)
    arrays = _arrays(targets), _arrays(actuals)
    for b, t_all in t_blocks.items():
        a_idx = np.array(a_blocks.get(b, []), dtype=np.int64)
        if len(a_idx):
            _block(out, tm, am[:, a_idx], t_all, a_idx, arrays, k, chunk, floor)
    return out


def block_candidates(targets: list[Row], actuals: list[Row], tm, am, *, k: int = 8, chunk: int = 1024,
                     floor: float = 0.0) -> dict[int, list[tuple[int, float]]]:
    """:func:`candidates` of the targets and actuals of one block (indices into these lists), ``tm``
    and ``am`` their TF-IDF rows from a :class:`~policydocs.link.tfidf.Vocabulary` of every
    statement that takes part: the similarities are those of one fit over all of them."""
    import numpy as np

    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if not targets or not actuals:
        return out
    _block(out, tm, am.T, list(range(len(targets))), np.arange(len(actuals), dtype=np.int64),
           (_arrays(targets), _arrays(actuals)), k, chunk, floor)
    return out


def _block(out: dict, tm, block_am, t_all: list[int], a_idx, arrays, k: int, chunk: int, floor: float) -> None:
    """Candidates of the targets ``t_all`` (rows of ``tm``) among the actuals ``a_idx`` (columns of
    ``block_am``, in that order), into ``out``."""
    import numpy as np

    (ty, td, tdl, _, _), (ay, ad, _, apf, apl) = arrays
    for c in range(0, len(t_all), chunk):
        q = np.array(t_all[c:c + chunk], dtype=np.int64)
        sims = (tm[q] @ block_am).toarray()  # rows are L2-normalised: the dot product is the cosine
        # what may answer what (see scoring.period_score): later document, period within the target's span
        both_dated = (td[q][:, None] >= 0) & (ad[a_idx][None, :] >= 0)
        later_ = np.where(both_dated, ad[a_idx][None, :] > td[q][:, None], ay[a_idx][None, :] > ty[q][:, None])
        dl = tdl[q][:, None]
        pf, pl = apf[a_idx][None, :], apl[a_idx][None, :]
        in_span = np.where(pl >= 0, (pf >= ty[q][:, None]) & ((dl < 0) | (pl <= dl)),
                           (dl < 0) | (ay[a_idx][None, :] - 1 <= dl))
        sims[~(later_ & in_span)] = 0.0
        out.update(_top(sims, q, a_idx, k, floor))


def _top(sims, q, a_idx, k: int, floor: float = 0.0):
    """(target, [(actual, similarity), ...]) per row of ``sims``: of its ``k`` best columns those
    with a similarity above 0 and at least ``floor``, best first; equal ones in np.argpartition's order."""
    import numpy as np

    kk = min(k, sims.shape[1])
    top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
    best = np.take_along_axis(sims, top, axis=1)
    order = np.argsort(-best, axis=1, kind="stable")  # stable, as list.sort by -similarity was
    top, best = np.take_along_axis(top, order, axis=1), np.take_along_axis(best, order, axis=1)
    for ti, js, ss in zip(q.tolist(), a_idx[top].tolist(), best.tolist()):
        yield ti, [(j, sim) for j, sim in zip(js, ss) if sim > 0 and sim >= floor]
