"""Items of a 分别 list: each figure takes its own item as indicator.

    单位国内生产总值用水量、能耗、二氧化碳排放量分别下降23%、15%、18%
        23% → 单位国内生产总值用水量下降, 15% → 单位国内生产总值能耗下降, 18% → 单位国内生产总值二氧化碳排放量下降
    二氧化硫、氮氧化物排放量分别下降5.6%和4%
        5.6% → 二氧化硫排放量下降, 4% → 氮氧化物排放量下降

Only when the items (split at 、, else also at 和/及/与) are as many as the figures of the run after
分别. One figure for several items (化学需氧量、氨氮排放量要分别下降2%, or a rate after a list of
measures) is each item's: :func:`shared_items`, one statement per item (``statement_fields.distribute``). An item
without a measure head of its own (二氧化硫) borrows the last word of the last item (排放量, 产量,
居民人均可支配收入); a base written once before the first item
(``[lists] shared_prefixes`` of ``extractors/lexicons/indicators.toml``: 单位国内生产总值) goes to
every item. One word naming two items (``[lists.contractions]``: 城乡居民 → 城镇居民, 农村居民) is
spelled out when the figures are as many as its parts.
"""

from __future__ import annotations

import re

from policydocs.knowledge.files import cached
from policydocs.knowledge.indicators import indicators
from policydocs.knowledge.vocabulary import pattern

# An indicator ends in one of the vocabulary's measure_head nouns (覆盖率, 排放量, 总值): such an item is whole.
MEASURE_HEAD = pattern(r"{measure_head}$")
# Between two figures of one run: a hedge, a bound and a list mark (23%、15%以上和18%).
_GAP = pattern(r"(?:余|多)?{bound_after}?[、，,和及与]*")  # grammar: 余|多 hedge a figure


@cached
def _lists_data() -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The bases and the contractions of indicators.toml, longest first (the longest is tried first)."""
    ind = indicators()
    return (tuple(sorted(ind.shared_prefixes, key=len, reverse=True)),
            tuple(sorted(ind.contractions.items(), key=lambda kv: len(kv[0]), reverse=True)))


def shared_prefixes() -> tuple[str, ...]:
    return _lists_data()[0]


def _items(subject: str, n: int) -> list[str] | None:
    for marks in (r"、", r"、|和|及|与"):  # grammar: list marks, then the connectors too
        items = [x for x in re.split(marks, subject) if x]
        if len(items) == n:
            return items
    for short, parts in _lists_data()[1]:  # 城乡居民人均可支配收入 → 城镇居民…, 农村居民…
        if short in subject and len(parts) == n:
            return [subject.replace(short, part, 1) for part in parts]
    return None


def item_subject(clause: str, q_start: int, subject: str, figures: list) -> str | None:
    """The subject of the figure at ``q_start`` when it is one of a 分别 list whose items are as many
    as its figures; else None. ``figures``: the item figures of the clause (objects with start/end)."""
    k = clause.rfind("分别", 0, q_start)
    if k < 0 or "、" not in subject and not re.search(r"[和及与]", subject) and not any(
            short in subject for short, _ in _lists_data()[1]):
        return None
    run = []
    for x in figures:
        if x.start <= k:
            continue
        if run and not _GAP.fullmatch(clause[run[-1].end:x.start]):
            break
        run.append(x)
    idx = next((i for i, x in enumerate(run) if x.start == q_start), None)
    if idx is None or len(run) < 2:
        return None
    items = _items(subject, len(run))
    return _spelled_out(items, idx) if items else None


def _spelled_out(items: list[str], i: int) -> str:
    """Item ``i`` whole: with the measure head it borrows from the last item, and the base written
    once before the first (单位国内生产总值用水量、能耗 → 单位国内生产总值能耗)."""
    prefix = next((p for p in shared_prefixes() if items[0].startswith(p) and len(items[0]) > len(p)), "")
    item = _with_tail(items[i], items[-1]) if i < len(items) - 1 else items[i]
    return item if not prefix or item.startswith(prefix) else prefix + item


def _with_tail(item: str, last: str) -> str:
    """二氧化硫 + (化学需氧量排放量) → 二氧化硫排放量; an item with a measure head of its own stays."""
    from policydocs.knowledge.lexicon import cut

    if MEASURE_HEAD.search(item):
        return item
    words = cut(last)
    return item + words[-1] if len(words) > 1 and not item.endswith(words[-1]) else item


_ITEM_ACTS = pattern(r"(?:{change_verb}|{change_verb_more})(?![值率量])|精简|坚决把")  # grammar: 增加值 is a measure; 坚决把 fronts a task


def shared_items(subject: str) -> list[str] | None:
    """The items of a list that shares one figure (化学需氧量、氨氮排放量要分别下降2%: each falls 2%), each
    with the measure head and the base it borrows as in :func:`item_subject`; None when the subject is
    no list."""
    if "等" in subject:  # grammar: 计算机通信、航空航天制造等新兴产业: examples of one category
        return None
    n = subject.count("、") + 1
    if n == 1:  # two or three measures joined by 和/及/与 (the caller saw 分别/均)
        n = len([x for x in re.split(r"和|及|与", subject) if x])  # grammar: connectors
    items = _items(subject, n) if n >= 2 else None
    if not items or any(len(x) < 2 for x in items):
        return None
    if any(_ITEM_ACTS.search(x) for x in items):
        return None  # 转移支付规模大幅增加、专项转移支付项目减少三分之二: an item with its own verb is no measure of the list
    return [_spelled_out(items, i) for i in range(n)]
