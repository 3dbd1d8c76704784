"""How well a candidate actual answers a target: a score in 0..1 and the reasons as short phrases.

    score = 0.60 · indicator similarity (TF-IDF cosine of indicator + clause + context)
          + 0.25 · period against deadline (the actual reports the deadline's year: 1)
          + 0.10 · unit (as written: 1; same family, converted: 0.8)
          + 0.05 · section context (headings in common)

A similarity is cut by 0.6 when one clause is a reduction (下降3.4%) and the other is not. Never kept,
whatever the similarity: a pair whose measures are about different things (:mod:`policydocs.link.subjects`:
distinctive words disagree, a rate against its base, starts against completions, a bare increment
against a level), or an actual more than ``MAX_RATIO`` times the target (another scale: a total).
A candidate is kept when its similarity is at least ``MIN_SIMILARITY`` and its score at least
``MIN_SCORE``, or when target and actual are each other's best match between their two documents
(the 2015 report's 能耗强度下降3.1% and the 2016 report's 单位国内生产总值能耗下降5.6%), the actual
reports the deadline's year and the similarity is at least ``MUTUAL_SIMILARITY``. Never kept: an actual for a period before the target was set (a baseline), or for a
period after the target's deadline (2016's 失业率 does not answer a target for 2014); an actual
without a period is taken to report the year before its document's.
"""

from __future__ import annotations

from functools import lru_cache

from policydocs.link import subjects, units
from policydocs.link.candidates import period_span
from policydocs.link.db import Row
from policydocs.link.status import is_level, is_reduction

MIN_SIMILARITY = 0.30
MUTUAL_SIMILARITY = 0.15  # enough for a pair that are each other's best between two documents
MIN_SCORE = 0.45
MAX_RATIO = 5  # an actual more than 5 times its target is of another scale
KEEP = 3  # links stored per target (rank 1 is the one reports use)


def _deadline_year(t: Row) -> int | None:
    d = t.record.get("deadline") or ""
    return int(d[:4]) if d[:4].isdigit() else None


class _Side:
    """What scoring reads of one statement, worked out once per statement and not once per pair (a
    target is scored against up to ``k`` actuals, an actual against many targets)."""

    __slots__ = ("text", "reduction", "yearly", "unit", "family", "unit_key", "year", "deadline_year", "span",
                 "grams", "period")

    def __init__(self, row: Row):
        rec = row.record
        self.text = rec.get("text")
        self.reduction = is_reduction(self.text)
        self.yearly = "年均" in (self.text or "")  # an average over years
        self.unit = rec.get("unit")
        self.family = units.family(self.unit)
        self.unit_key = (self.unit or "").strip()
        self.year = row.when()[0]
        self.deadline_year = _deadline_year(row)
        self.period = rec.get("period")
        self.span = period_span(row)
        self.grams = _grams("".join(row.section_path[-2:]))


def _side(row: Row) -> _Side:
    side = row.memo.get("scoring")
    if side is None:
        side = row.memo["scoring"] = _Side(row)
    return side


def period_score(target: Row, actual: Row) -> tuple[float, str]:
    return _period_score(_side(target), _side(actual))


def _period_score(t: _Side, a: _Side) -> tuple[float, str]:
    py = a.span[1] if a.span else None  # period_year(actual)
    dy = t.deadline_year
    ty = t.year or None
    if py is None:  # a report speaks of the year before it, as a rule
        ay = a.year
        py_guess = ay - 1 if ay else None
        if dy and py_guess is not None and py_guess > dy:
            return 0.0, "晚于期限的报告"
        if dy and py_guess == dy:
            return 0.8, "报告年份对应期限"
        return 0.5, "统计期不明"
    first = a.span[0]
    if ty and first < ty:  # a baseline, or a five-year review (2013/2017) for a target of 2017
        return 0.0, f"统计期{a.period}早于目标"
    if dy is None:
        return 0.7, f"统计期{py}"
    if py == dy:
        return 1.0, f"统计期{py}即期限年"
    if py < dy:  # (of several years before the deadline, the latest tells most: 0.01 a year less)
        return 0.7 - 0.01 * min(dy - py, 10), f"统计期{py}早于期限{dy}"
    return 0.0, f"统计期{py}晚于期限{dy}"  # another year's figure does not answer this target


@lru_cache(maxsize=65536)  # asked for both statements of every pair scored: headings are few
def _grams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def section_score(target: Row, actual: Row) -> float:
    return _section_score(_side(target), _side(actual))


def _section_score(t: _Side, a: _Side) -> float:
    if not t.grams or not a.grams:
        return 0.5
    shared = len(t.grams & a.grams)
    return shared / (len(t.grams) + len(a.grams) - shared)  # the size of the union, not built


def _several_years_of_flow(target: Row, t: _Side) -> bool:
    """A target for several years (due two or more years after its document) of a flow (新增, 新建,
    下降15%): only a figure for as many years answers it. A level (达到60%, 提高到) is read at any time."""
    return bool(t.year and t.deadline_year and t.deadline_year - t.year >= 2
                and not is_level(target.record.get("text")))


def _too_large(target: Row, actual: Row) -> bool:
    """Whether the actual is more than ``MAX_RATIO`` times the target (the upper end of a range): a
    figure of another scale (a total, a five-year sum), not this target's result."""
    tv = max(target.record.get("value") or 0, target.record.get("value_max") or 0)
    av = units.convert(actual.record.get("value"), actual.record.get("unit"), target.record.get("unit"))
    return bool(tv > 0 and av and av > MAX_RATIO * tv)


def score(target: Row, actual: Row, similarity: float, *, floor: float = MIN_SIMILARITY
          ) -> tuple[float, list[str]] | None:
    """(score, reasons), or None when this actual must not be linked to this target."""
    out = assess(target, actual, similarity, floor=floor)
    return out[:2] if out else None


def assess(target: Row, actual: Row, similarity: float, *, floor: float = MIN_SIMILARITY
           ) -> tuple[float, list[str], float] | None:
    """(score, reasons, similarity after the cuts), or None."""
    t, a = _side(target), _side(actual)
    if a.yearly and not t.yearly:
        return None  # an average over years does not answer a target for one year
    if t.reduction != a.reduction:
        similarity *= 0.6  # 能耗下降3.4% and 国内生产总值增长6.9%: not the same measure, as a rule
    if similarity < floor:  # first (linking does not even ask below MUTUAL_SIMILARITY: see linker)
        return None
    if t.family is None or t.family != a.family:  # units.compatible
        return None
    p, p_reason = _period_score(t, a)
    if p == 0.0:
        return None
    if _several_years_of_flow(target, t) and not (a.span and a.span[0] < a.span[1]):
        return None  # 五年城镇新增就业5000万人 is not answered by one year's 1351万人
    u = 1.0 if t.unit_key == a.unit_key else 0.8
    if subjects.mismatch(target, actual):
        return None  # about another quantity: 氨氮 is not 氮氧化物, 贡献率 is not 增长, 增加100万户 is not 432万户
    if _too_large(target, actual):
        return None  # 新安排740万套 is not answered by a five-year 建设4013万套
    s = _section_score(t, a)
    total = 0.60 * min(1.0, similarity) + 0.25 * p + 0.10 * u + 0.05 * s
    if total < MIN_SCORE and floor >= MIN_SIMILARITY:
        return None
    reasons = [f"指标相近{similarity:.2f}", p_reason, "单位相同" if u == 1.0 else f"单位换算{a.unit}→{t.unit}"]
    if s >= 0.3:
        reasons.append("章节相近")
    return round(min(1.0, total), 4), reasons, similarity
