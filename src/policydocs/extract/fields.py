"""Reading the fields of a statement from its clause and surroundings (spec: docs/statements.md)."""

from __future__ import annotations

import re

from policydocs.extract.numbers import Quantity

# The spec's comparator table, read the way Chinese law reads it.
_BEFORE = {
    ">=": ("不少于", "不低于", "至少", "不小于", "最少"),
    "<=": ("不超过", "不高于", "控制在", "不多于", "不大于", "最多", "低于或等于"),
    ">": ("超过", "多于", "高于", "大于"),
    "<": ("不满", "低于", "少于", "不足", "小于"),
    "~": ("约", "近", "大约", "接近", "将近"),
}
_AFTER = {">=": ("以上",), "<=": ("以下", "以内", "之内"), "~": ("左右", "上下", "徘徊")}
_APPROX = {"余": ">", "多": ">", "近": "~", "约": "~", "左右": "~"}

STRENGTH_CUES = (("firm", ("确保", "必须", "坚决", "务必", "保证")),
                 ("aim", ("力争", "争取", "努力", "力求", "争创")),
                 ("expect", ("预计", "预期")))


def comparator(q: Quantity, clause: str, following: str = "") -> str:
    """Comparator of a figure: words right before or after it, then approximation marks."""
    after = q.comparator_after or ""
    for comp, words in _AFTER.items():
        if after in words or any(following.startswith(w) for w in words):
            return comp
    before = q.comparator_before or ""
    for comp, words in _BEFORE.items():
        if before in words:
            return comp
    if q.approx in _APPROX:
        return _APPROX[q.approx]
    return "="


def strength(segment_before: str) -> str:
    """How hard a target is, from the cue nearest before the figure in its segment."""
    best, pos = "plan", -1
    for level, cues in STRENGTH_CUES:
        for cue in cues:
            k = segment_before.rfind(cue)
            if k > pos:
                best, pos = level, k
    return best


# Responsible units: explicit lists, or a unit that is the subject of the clause.
_EXPLICIT = re.compile(r"[(（]?(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|参与单位)[:：]\s*([^)）。；;\n]+)")
_UNIT = (r"(?:(?:各|其他|其余|全市各|全省各|全区各|全县各|有关)"
         r"(?:县[(（]市、区[)）]|县[(（]市[)）]|县[(（]区[)）]|县市区|县区|市县|区县|乡镇[(（]街道[)）]|乡镇|街道|镇街|地|部门|单位|级医疗机构|医疗机构)"
         r"|[市县区省](?:[\u4e00-\u9fa5]{1,8}?)(?:办|委|局|厅|中心|院|所|站|组))")
_SUBJECT = re.compile(rf"^({_UNIT}(?:[、和及与]{_UNIT})*)")


def responsible(clause: str, previous_clauses: list[str], sentence: str) -> list[str]:
    """Units named as responsible: an explicit list in (or right after) the sentence, the clause's
    subject, or, for a clause that opens with its deadline, the subject carried from before."""
    explicit = _EXPLICIT.search(sentence)
    if explicit:
        return [u.strip() for u in re.split(r"[、,，;；和及]", explicit.group(1)) if u.strip()]
    m = _SUBJECT.match(clause)
    if m:
        return _split_units(m.group(1))
    # 各县(市、区)要加快推进，6月底前完成…，年内全面推开: the subject is carried over.
    # Only through a chain of dated clauses: each step must itself open with a deadline.
    if _DATED.match(clause):
        for earlier in reversed(previous_clauses):
            m = _SUBJECT.match(earlier)
            if m:
                return _split_units(m.group(1))
            if not _DATED.match(earlier):
                break
    return []


_DATED = re.compile(r"^(?:年内|年底前|\d{1,2}月(?:底|末)?前|[今明]年|于?\d{4}年)")


def _split_units(text: str) -> list[str]:
    parts = re.split(rf"[、和及与](?={_UNIT})", text)
    return [p for p in parts if p]


# The indicator: the clause without figure, comparator, deadline and cue words.
_LEAD = re.compile(r"^(?:要|将|并|同时|其中|全年|年内|年底前|力争|争取|确保|预计|计划|努力|进一步|目前|已|累计|共)+")
_VERB_BEFORE_FIGURE = re.compile(r"(?:达到|达|提高到|提高至|提升到|提升至|增加到|增加至|保持在|稳定在|控制在|降至|降到|下降到|为|是|仅为|高达|突破|超过|不少于|不低于|不超过|低于|增长|下降|提高|提升|增加|减少)$")


def indicator(clause: str, q: Quantity, q_start: int) -> str:
    """A short phrase naming what is measured, taken from the clause."""
    before = clause[:q_start]
    after = clause[q_start + len(q.text):]
    before = _VERB_BEFORE_FIGURE.sub("", before)
    before = re.sub(r"(?:19|20)\d{2}年(?:底前|底|前|内)?|\d{1,2}月底前|年内|年底前", "", before)
    before = _LEAD.sub("", before).strip("，,、：: 的")
    after = re.sub(r"^(?:以上|以下|以内|左右|余|多)", "", after).strip("，,、：: 的")
    if before and len(before) >= 2:
        return (before + ("" if len(after) > 12 else after)).strip()
    return after or clause
