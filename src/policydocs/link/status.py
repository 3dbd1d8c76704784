"""Direction of an indicator, whether an actual meets a target, 完成率, and the status as of a date.

Direction (``up``: more is better; ``down``: a ceiling, less is better) follows the rules written
in ``extractors/lexicons/directions.toml``: a target phrased as a *reduction* (能耗下降3.4%以上: a
``[reduction] verbs`` word right before the figure, not followed by 到/至) counts the size of the
cut and is up — met when the actual cut is at least as large (下降5% meets 下降3.4%; an actual
phrased with an increase verb, 上升0.5%, is a negative cut); else the comparator (以内 → down,
以上 → up); else the indicator's head word in ``[down]``/``[up] words``; else up.

Tolerance for ``~`` (左右/约): ``max(2% of the value, one unit of the last written decimal)`` —
6.5%左右 accepts 6.37 and up (6.4 meets it, 6.0 does not); 3%左右 as a ceiling accepts up to 3.06.

完成率 (share): up → actual / target (the lower end of a range); down (a ceiling) → target / actual,
so ≥ 1 means within the ceiling (失业率 4.02% against 4.5% → 1.12); a reduction → actual cut /
target cut. None when the figures cannot be compared (no value, units of different families, 0).
"""

from __future__ import annotations

import re
from functools import lru_cache

from policydocs.knowledge.directions import FIELDS, directions
from policydocs.knowledge.files import register_reset
from policydocs.knowledge.vocabulary import pattern
from policydocs.link import units
from policydocs.link.model import IN_PROGRESS, MET, NOT_DUE, NOT_MET, OVERDUE_UNREPORTED


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    """Words of ``extractors/lexicons/directions.toml`` by list (:data:`policydocs.knowledge.directions.FIELDS`),
    longest first: 下降 before 降."""
    d = directions()
    return {name: sorted(getattr(d, name), key=len, reverse=True) for name in FIELDS}


@register_reset
def _reset() -> None:
    """Forget the words of directions.toml and the answers given by them."""
    for fn in (lexicon, is_reduction, is_rise, direction):
        fn.cache_clear()


_FILLER = "了约近达超逾幅度比上年同期分别和、再要将均都"


def _verb_before_figure(text: str, words: list[str]) -> bool:
    """Whether one of ``words`` stands right before the first figure (下降3.4%, 下降了5%, 分别下降2%);
    not when a level marker follows the verb (下降到3%: a level reached)."""
    m = re.search(r"[0-9０-９]", text or "")
    if not m:
        return False
    head = (text or "")[:m.start()]
    if head.endswith(tuple(lexicon()["level"])):  # str.endswith of a tuple: any of them, in C
        return False
    head = head.rstrip(_FILLER)
    return head.endswith(tuple(words))


@lru_cache(maxsize=65536)
def is_reduction(text: str | None) -> bool:
    return _verb_before_figure(text or "", lexicon()["reduce"])


@lru_cache(maxsize=65536)
def is_rise(text: str | None) -> bool:
    return _verb_before_figure(text or "", lexicon()["rise"])


def _head_word(phrase: str, words: list[str]) -> tuple[int, int]:
    """(end, length) of the word of ``words`` that ends last in ``phrase`` (longest on ties).

    One scan for the longest word at each position: the word ending last is among those (a
    shorter word at the same position ends earlier), which is what trying every word's last
    occurrence found, one ``rfind`` per word."""
    best = (-1, 0)
    for m in _starts_of(tuple(words)).finditer(phrase):
        size = len(m.group(1))
        best = max(best, (m.start() + size, size))
    return best


@lru_cache(maxsize=16)
def _starts_of(words: tuple[str, ...]) -> re.Pattern:
    """Every position where one of ``words`` starts, with the longest word starting there."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(f"(?=({alternatives}))" if words else r"(?!)")


@lru_cache(maxsize=65536)
def direction(comparator: str | None, indicator: str | None, text: str | None = None) -> str:
    """up | down, by the rules of directions.toml: a reduction amount is up; then the comparator;
    then the indicator's head word (the word ending last, the longest on ties); then up."""
    if is_reduction(text):
        return "up"
    if comparator in ("<=", "<"):
        return "down"
    if comparator in (">=", ">"):
        return "up"
    lex = lexicon()
    for phrase in (indicator or "", text or ""):
        down, up = _head_word(phrase, lex["down"]), _head_word(phrase, lex["up"])
        if down[0] >= 0 or up[0] >= 0:
            return "down" if down > up else "up"
    return "up"


def tolerance(value: float, written: str | None = None) -> float:
    """The ``~`` tolerance of a figure (see the module docstring)."""
    decimals = 0
    if written:
        m = re.search(r"\d+(?:\.(\d+))?", written)
        if m and m.group(1):
            decimals = len(m.group(1))
    digit = 10.0 ** -decimals if decimals else 0.0
    return max(0.02 * abs(value), digit)


def compare(target: dict, actual: dict) -> tuple[bool | None, float | None, list[str]]:
    """(met, share, reasons) of ``actual`` for ``target`` (spec records); met None: not comparable."""
    tv = target.get("value")
    av = actual.get("value") if actual else None
    if tv is None or av is None:
        return None, None, ["无可比数值"]
    av = units.convert(av, actual.get("unit"), target.get("unit"))
    if av is None:
        return None, None, ["单位不可比"]
    comparator = target.get("comparator") or "="
    dirn = direction(comparator, target.get("indicator"), target.get("text"))
    tol = tolerance(tv, target.get("text")) if comparator == "~" else 0.0
    if is_reduction(target.get("text")):
        cut = -av if is_rise(actual.get("text")) else av
        met = cut >= tv - tol if comparator != ">" else cut > tv
        share = cut / tv if tv else None
        return met, share, ["降幅达到目标" if met else "降幅未达目标"]
    if dirn == "down":
        ceiling = target.get("value_max") if target.get("value_max") is not None else tv
        met = av < ceiling if comparator == "<" else av <= ceiling + tol
        # (a ceiling has no share done: CPI涨幅3%左右 against 0.2% is kept, not 1500% of it)
        return met, None, ["未超过上限" if met else "超过上限"]
    if comparator == "<":
        met = av < tv
    elif comparator == ">":
        met = av > tv
    else:
        met = av >= tv - tol
    share = av / tv if tv else None
    return met, share, ["达到目标值" if met else "低于目标值"]


def deadline_passed(deadline: str | None, as_of: str) -> bool:
    return bool(deadline) and deadline < as_of


def status(target: dict, actual: dict | None, as_of: str, *, reviewed: bool = False) -> tuple[str, float | None, list[str]]:
    """(status, share, reasons) of a target with its chosen actual (or None) as of ``as_of``."""
    passed = deadline_passed(target.get("deadline"), as_of)
    if actual is None:
        if passed:
            return OVERDUE_UNREPORTED, None, [f"期限{target['deadline']}已过，未见实绩"]
        return NOT_DUE, None, [NOT_DUE if target.get("deadline") else "无期限，未见实绩"]
    if target.get("value") is None:
        if reviewed:
            return MET, None, ["人工确认"]
        return (NOT_MET if passed else IN_PROGRESS), None, ["无数值目标，需人工确认"]
    met, share, reasons = compare(target, actual)
    if met and not passed and _part_of_the_span(target, actual) and _must_hold(target):
        # 十四五 城镇调查失业率控制在5.5%以内 against 2022's 5.1%: within so far, judged at the end
        return IN_PROGRESS, share, reasons + ["期限未到：目前符合，到期再核"]
    if met:
        return MET, share, reasons
    if share is not None and _part_of_the_span(target, actual) and not is_level(target.get("text")):
        # One year's flow (新增就业1351万人) against a total for several years (5000万人): the
        # ratio is not how much of the target is done.
        # Past the deadline, the total was never reported: not evidence that it was missed.
        return (OVERDUE_UNREPORTED if passed else IN_PROGRESS), None, reasons + [
            "实绩只含期限前的部分年份，多年累计目标不计完成率"]
    return (NOT_MET if passed else IN_PROGRESS), share, reasons


_YEAR = re.compile(r"(?:19|20)\d\d")
# A figure stated as a level reached (达到60%, 提高到58.5%) is comparable at any time; a flow
# (新增, 改造, 下降15%) over several years is not comparable with one year of it.
_LEVEL = pattern(r"(?:{stock_level_verb})[^，,；;。]{0,4}?[约近]?[\d.]+")


def _must_hold(target: dict) -> bool:
    """A ceiling (控制在5.5%以内) or a figure to keep near (年均增长5%左右) holds over its whole period:
    one early year within it does not settle it, unlike a level or a total reached ahead of time."""
    return target.get("comparator") == "~" or direction(
        target.get("comparator"), target.get("indicator"), target.get("text")) == "down"


def _part_of_the_span(target: dict, actual: dict) -> bool:
    """The actual reports a period that ends in a year before the target's deadline year."""
    years = _YEAR.findall(actual.get("period") or "")
    deadline = target.get("deadline") or ""
    return bool(years) and deadline[:4].isdigit() and int(years[-1]) < int(deadline[:4])


def is_level(text: str | None) -> bool:
    """The figure is stated as a level reached (达到60%, 提高到58.5%), not a flow (新增, 下降15%)."""
    return bool(text and _LEVEL.search(text))
