"""Candidate actuals for each target: TF-IDF nearest neighbours inside blocks, never all pairs.

Each statement becomes a short string: its indicator and its clause, and for a clause whose
indicator says nothing (an actual written ``增长6.7%`` is about the 国内生产总值 of the clause
before it) the subject of the preceding clause, with figures masked so that numbers never make two statements look alike. One TF-IDF model
over character 1–3-grams is fitted on all of them.

Blocks are (jurisdiction, unit family, year of the actual's document): a target only looks into
blocks of its own jurisdiction and family whose year is not earlier than its own document's, so
every neighbour search runs over actuals that can be linked at all. Inside a block
``NearestNeighbors(metric="cosine")`` returns the ``k`` most similar actuals per target.
"""

from __future__ import annotations

import re
from collections import defaultdict

from policydocs.link import units
from policydocs.link.db import Row

_FIGURE = re.compile(r"[0-9０-９][0-9０-９.．,，]*|[一二三四五六七八九十两百千万亿]+(?=[个项家所名人%])")
_NOISE = re.compile(r"[\s“”\"'‘’（）()《》【】]")


_WEAK = re.compile(r"^(?:比上年|同比|全年|全国|今年|去年|年末|年均|其中|分别|实际|达到|增长|上涨|下降|提高|增加|减少|"
                   r"[#%，、。；：\s])*$")
_SUBJECT_END = re.compile(r"(?:达到|达|增长|增加|为|突破|超过|实现|比上年|同比|上涨|下降|提高|是|有)")


def subject(row: Row) -> str:
    """What a clause with a weak indicator (增长6.7%, 比上年增长7.4%) is about: the subject of the
    clause before it in the sentence (国内生产总值达到74.4万亿元，增长6.7% → 国内生产总值)."""
    rec = row.record
    ind = _FIGURE.sub("#", rec.get("indicator") or "")
    text = _FIGURE.sub("#", rec.get("text") or "")
    if ind and ind != text and not _WEAK.match(ind):
        return ""
    before = re.split(r"[，,；;：:。]", row.context.rstrip("，,；;：: "))[-1]
    m = _SUBJECT_END.search(before)
    return _FIGURE.sub("", before[:m.start()] if m else before)


def feature_text(row: Row) -> str:
    rec = row.record
    parts = [subject(row), rec.get("indicator") or "", rec.get("text") or ""]
    return "|".join(_NOISE.sub("", _FIGURE.sub("#", p)) for p in parts)


def later(actual: Row, target: Row) -> bool:
    """Whether the actual's document comes after the target's (by date when both have one, else year)."""
    (ya, da), (yt, dt) = actual.when(), target.when()
    if da and dt:
        return da[:10] > dt[:10]
    return ya > yt


def period_span(row: Row) -> tuple[int, int] | None:
    """(first, last) year of an actual's period: 2016 → (2016, 2016); 2013/2017 → (2013, 2017)."""
    years = [int(y) for y in re.findall(r"\d{4}", row.record.get("period") or "")]
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
    """The TF-IDF matrix of ``rows`` (one row each, L2-normalised)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
    return vec.fit_transform([feature_text(r) for r in rows])


def candidates(targets: list[Row], actuals: list[Row], *, k: int = 8) -> dict[int, list[tuple[int, float]]]:
    """{target index: [(actual index, cosine similarity), ...]} for later actuals of the same block."""
    from sklearn.neighbors import NearestNeighbors

    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    if not targets or not actuals:
        return out
    matrix = fit(targets + actuals)
    tm, am = matrix[:len(targets)], matrix[len(targets):]
    t_blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, t in enumerate(targets):
        b = block_of(t)
        if b:
            t_blocks[b].append(i)
    a_blocks: dict[tuple, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, a in enumerate(actuals):
        b = block_of(a)
        if b:
            a_blocks[b][a.when()[0]].append(i)
    for b, t_idx in t_blocks.items():
        by_year = a_blocks.get(b)
        if not by_year:
            continue
        for year, a_idx in by_year.items():
            q = [i for i in t_idx if targets[i].when()[0] <= year]
            if not q:
                continue
            nn = NearestNeighbors(n_neighbors=min(k, len(a_idx)), metric="cosine", algorithm="brute")
            nn.fit(am[a_idx])
            dist, ind = nn.kneighbors(tm[q])
            for row_i, ti in enumerate(q):
                for d, j in zip(dist[row_i], ind[row_i]):
                    ai = a_idx[j]
                    sim = 1.0 - float(d)
                    if sim > 0 and later(actuals[ai], targets[ti]):
                        out[ti].append((ai, sim))
    return out
