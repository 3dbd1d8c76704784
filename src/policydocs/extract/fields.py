"""Reading the fields of a statement from its clause and surroundings (spec: docs/statements.md).

The words it looks for (strength cues, labels and verbs of responsibility, openers, level verbs,
adverbs of a change) are the lists of ``extractors/vocabulary/fields.toml``, named in the patterns
below as ``{name}``; what stays here is grammar (dates, heading numbers, connectors)."""

from __future__ import annotations

import re

from policydocs.extract.lists import MEASURE_HEAD, item_subject, shared_items
from policydocs.extract.numbers import Quantity
from policydocs.knowledge.comparators import comparators
from policydocs.knowledge.vocabulary import pattern, words

# Comparator words and their operators: policydocs.knowledge.comparators (one list, also the
# figure reader's). A bound written a few characters before the figure still governs it: the
# vocabulary's gapped_bound.

_STRENGTH_LISTS = (("firm", "strength_firm"), ("aim", "strength_aim"), ("expect", "strength_expect"))


def strength_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(level, cue words) of a target's strength, strongest first (the vocabulary's strength_* lists)."""
    return tuple((level, words(name)) for level, name in _STRENGTH_LISTS)


def __getattr__(name: str):
    if name == "STRENGTH_CUES":  # (read afresh, so that it follows policydocs.knowledge.reset())
        return strength_cues()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def comparator(q: Quantity, clause: str, following: str = "") -> str:
    """Comparator of a figure: words right before or after it, then approximation marks."""
    words = comparators()
    after = words.operator_after(q.comparator_after or "")
    if after is None:
        after = next((op for w, op in _following(words) if op and following.startswith(w)), None)
    if after:
        return after
    before = words.before.get(q.comparator_before or "")
    if before:
        return before
    # 至少配备2名, 不低于每生每年600元: the comparator governs the figure across a short verb or base.
    gap = _GAPPED.search(clause, 0, q.start) if q.start <= len(clause) else None
    if gap:
        return words.before[gap.group(1)]
    if q.approx in words.approx:
        return words.approx[q.approx]
    return "="


def _following(words) -> list[tuple[str, str]]:
    """Words after a figure that give its operator even when the figure reader left them (longest first)."""
    return sorted({**words.after, **words.following}.items(), key=lambda item: -len(item[0]))


_GAPPED = pattern(r"({gapped_bound})(?:每[\u4e00-\u9fa5])*[\u4e00-\u9fa5]{0,2}$")


def strength(segment_before: str) -> str:
    """How hard a target is, from the cue nearest before the figure in its segment."""
    best, pos = "plan", -1
    for level, cues in strength_cues():
        for cue in cues:
            k = segment_before.rfind(cue)
            if k > pos:
                best, pos = level, k
    return best


# Responsible units: explicit lists, or a unit that is the subject of the clause.
# A unit list may hold parentheses of its own (各县（市、区）医保局), and a note may name a lead and its
# partners in two lists (牵头单位：市医保局；配合单位：市民政局、市财政局): all of them are responsible.
# (The cleaner may join a 牵头单位 line and the 配合单位 line under it: a list ends at the next label.)
_LABEL = r"{unit_label}[:：]"
_TIME_LABEL = r"{time_limit_label}[:：]"
_EXPLICIT = pattern(rf"{_LABEL}\s*((?:(?!{_LABEL}|\s*{_TIME_LABEL})(?:[^()（）。；;\n]|[（(][^()（）\n]*[)）]))+)")
# 分工方案 give each task its time limit beside its units: 责任单位：市医保局 完成时限：2025年10月底
TIME_LIMIT = pattern(rf"{_TIME_LABEL}\s*([^\s，,；;）)]+)")
# A unit: a group of units of each place (各县（市、区）, 有关部门), or one office (市医保局).
_UNIT = (r"(?:{unit_scope}{collective_unit}"
         # 各县（市、区）财政部门, 各县（市、区）医保局: the department of each county, one unit
         r"(?:(?:(?![要将在于和及与各])[\u4e00-\u9fa5]){0,6}?{unit_department})?"
         r"|[市县区省镇乡](?:[\u4e00-\u9fa5]{1,8}?){unit_office})")
_UNITS = rf"{_UNIT}(?:[、和及与]{_UNIT})*"
_SUBJECT = pattern(rf"^({_UNITS})")
# A lead unit and its partners written into the sentence or a note after it: 由市医保局牵头，市卫健委、
# 市财政局配合; （县卫健局负责）.
_LEAD_UNIT = pattern(rf"(?:^|[由，,；;：:（(])({_UNITS}){{plan_modal}}?{{lead_verb}}"
                     rf"(?:[，,]?({_UNITS}){{partner_verb}})?")


def responsible(clause: str, previous_clauses: list[str], sentence: str) -> list[str]:
    """Units named as responsible: an explicit list in (or right after) the sentence, the clause's
    subject, or, for a clause that opens with its deadline, the subject carried from before."""
    explicit = [u for m in _EXPLICIT.finditer(sentence) for u in _split_list(m.group(1))]
    if explicit:
        return list(dict.fromkeys(explicit))
    lead = _LEAD_UNIT.search(sentence)
    if lead:  # 由县医保局牵头，县卫健局、县教育局配合: the lead unit first, then its partners
        return _split_units(lead.group(1)) + (_split_units(lead.group(2)) if lead.group(2) else [])
    bare = _BARE_NOTE.search(sentence)
    if bare:  # …年内完成信息比对。（市医保局、市民政局）: a note of units alone names who does the task
        return _split_list(bare.group(1))
    together = _TOGETHER.search(sentence)
    if together:  # 市卫健委要会同市财政局，在9月底前出台…: both units
        return _split_units(together.group(1)) + _split_units(together.group(2))
    m = _SUBJECT.match(clause)
    if m:
        return _split_units(m.group(1))
    # 各县(市、区)要加快推进，6月底前完成…，年内全面推开: the subject is carried over, through a
    # chain of dated clauses, or from a subject the sentence charges with 要/将/务必 (各县(市、区)要倒排
    # 工期，确保10月底前…): the clauses after it are its tasks until another subject appears.
    dated = bool(_DATED.match(clause))
    for earlier in reversed(previous_clauses):
        m = _SUBJECT.match(earlier)
        if m:
            if dated or _CHARGED.match(earlier, m.end()):
                return _split_units(m.group(1))
            break
        dated = dated and bool(_DATED.match(earlier))
    return []


_CHARGED = pattern(r"(?:[\u4e00-\u9fa5]{0,4}部门)?{charge_modal}")


def _split_list(text: str) -> list[str]:
    """Units of a 责任单位 list: split at 、，, outside parentheses (各县（市、区）医保局 is one)."""
    units, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch in "、,，" and depth <= 0:
            units.append(cur)
            cur = ""
        else:
            cur += ch
    units.append(cur)
    return [p.strip() for u in units for p in _AND_UNIT.split(u) if p.strip()]


_AND_UNIT = pattern(rf"[和及与](?={_UNIT})")
# grammar: a date that opens a clause (年内, 6月底前, 今年, 2025年)
_DATED = re.compile(r"^(?:年内|年底前|\d{1,2}月(?:底|末)?前|[今明]年|于?\d{4}年)")


_BARE_NOTE = pattern(rf"[（(]({_UNIT}(?:[、，,]{_UNIT})*)[）)]\s*$")
_TOGETHER = pattern(rf"(?:^|[，,；;：:（(])({_UNITS}){{plan_modal}}?{{together_verb}}({_UNITS})")
_LIST_MARK_UNIT = pattern(rf"[、和及与](?={_UNIT})")


def _split_units(text: str) -> list[str]:
    parts = _LIST_MARK_UNIT.split(text)
    return [p for p in parts if p]


# The indicator: what is measured, with the verb of change when the figure is a change
# (国内生产总值增长, 居民消费价格上涨, 单位国内生产总值能耗下降), without figure, comparator, deadline,
# openers and cue words. A clause that opens with its verb (国内生产总值达到74.4万亿元，增长6.7%) takes
# the subject of the clause before it in the same sentence.
# (heading numbers, 一是, and 全国/全省… are grammar; the openers are the vocabulary's indicator_opener*)
_LEAD = pattern(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}是"
                r"|{indicator_opener_we}|{indicator_opener}|{indicator_opener_year}(?![末底初])|{indicator_opener_span}"
                r"|全(?:国|省|市|县|区|州|盟|旗|镇)(?=[\u4e00-\u9fff]{2}))+")  # grammar: 全 + an administrative level
_CHANGE_END = pattern(r"{indicator_change_verb}$")
# Verbs that introduce a level (达到74.4万亿元, 提高到48.2%, 控制在4.6%以内) or a comparator: dropped.
# (Anchored at the end, so the order of the alternatives does not change what is dropped.)
_LEVEL_VERB = pattern(r"(?:{level_verb}|(?:{change_verb}|{change_verb_more})(?:到|至))$")  # grammar: 到|至 before a level
# Cue words left between a subject and its level verb (县城污水处理率要达到, 治理率争取提高到): dropped.
_CUE_END = pattern(r"{indicator_cue_end}+$")
# Adverbs and bases between the subject and its verb: 预期增长, 分别下降, 比上年增长 (同比, 年均 and
# 实际 are part of the measure and stay).
_ADVERBS = pattern(r"(?:{change_adverb}"
                   r"|(?:比|较)(?:{comparison_base}|\d{4}年(?:底|末)?))+$")  # grammar: 比|较 a base, a year's end
_MODIFIERS = pattern(r"{change_modifier}+$")
# A figure before the figure in the same clause ends an earlier item: 新增就业1361万人、调查失业率…
_ITEM_END = pattern(r"^(?:余|多)?{bound_after}?[、，,；;和及与]*")  # grammar: 余|多 hedge a figure
# 由46.9%提高到48.2%, 从54万亿元增加到82.7万亿元, 由上年下降2.3%转为增长8.5%: the starting point goes.
# grammar: 由|从 open the starting point, 到|至 lead to the new level
_BASELINE_SPAN = pattern(r"(?:由|从)[^由从]*?(?:{indicator_change_verb}(?:到|至)|{baseline_turn}|到|至)"
                         r"(?={indicator_change_verb}?$)")
# grammar: dates (2025年底前, 6月底, 年内, 一季度, “十四五”期间) are not what is measured
_DATES = re.compile(r"(?:19|20)\d{2}年(?:底前|底|前|内|度)?|\d{1,2}月\d{1,2}日(?:以?前)?"
                    r"|\d{1,2}(?:[-—–]\d{1,2})?月份?(?:底前|底|末)?|年内|年底前"
                    r"|[一二两三四五六七八九十\d]年内|[上下]半年|第?[一二三四]季度(?:末|内)?|[“\"]?十[一二三四五六]五[”\"]?(?:期间|时期|末)?")


_COMPARATOR_AFTER = pattern(r"^(?:{bound_after}|余|多)")  # grammar: 余|多 hedge a figure
_PER_AFTER_BOUND = pattern(r"({per_bound})(?:每[\u4e00-\u9fa5]){1,3}$")  # (the bound stays: sub with \1)
_TRAILING_PARTICLE = re.compile(r"(?:由|从|的)$")  # grammar: a preposition or 的 left before the figure


def indicator(clause: str, q: Quantity, q_start: int, previous: list[str] | tuple = ()) -> str:
    """A short phrase naming what is measured, taken from the clause (``previous``: the clauses
    before it in the same sentence segment, nearest last, for a clause that omits its subject)."""
    before = _own_part(clause, q_start)
    after = clause[q_start + len(q.text):]
    subject, verb = _subject_and_verb(before)
    after = _COMPARATOR_AFTER.sub("", after)
    listed = after[:1] in "、，,；;和及与等"  # 钢铁2700万吨、水泥…: the figure ends an item
    after = after.strip("，,、：: 的")
    # the clause opens with its verb: 增长6.7%, 达到51.2% (but 力争3个乡镇卫生院达到推荐标准 names its own)
    if not subject and before.strip("，,、：: 的") and len(after) <= 4:
        inherited = _inherited_subject(previous)
        if inherited:
            return inherited + verb
    if subject and "分别" in before:  # 用水量、能耗、二氧化碳排放量分别下降23%、15%、18%: one item each
        subject = _list_item(clause, q_start, subject) or subject
    phrase = subject + verb
    if phrase and len(phrase) >= 2:
        bare_verb = len(phrase) <= 2 and not verb and not MEASURE_HEAD.search(phrase) and not listed
        if verb or MEASURE_HEAD.search(phrase) or ((len(after) > 12 or re.search(r"[0-9０-９]", after))
                                                    and not bare_verb):
            return phrase  # a rate or a change of a named measure: what follows is comment (5%左右的较低水平)
        # (推动4—5个县级医院达到…, 选派100名骨干医师到…: the figure counts the noun after the verb,
        # up to the next item: 创建20个国家卫生乡镇和51个…)
        if bare_verb:
            after = re.split(r"[和及与、]?[0-9０-９]", after)[0]
        return (phrase + after).strip()
    return after or clause


def shared_indicators(clause: str, q: Quantity, q_start: int) -> list[str] | None:
    """One indicator per item when one figure is shared by a list of measures (化学需氧量、氨氮排放量
    要分别下降2%; 社会消费品零售总额、固定资产投资增长4%左右; 广义货币M2和社会融资规模余额预期增长均为12%):
    after 分别 or 均, or for a rate, which each item has in full; None otherwise (the figure is the
    only one of its clause in both cases)."""
    from policydocs.extract.numbers import find_quantities

    before = clause[:q_start]
    each = re.search("分别|(?<![平人年户亩日])均", before)  # grammar: each item has it (分别, 均为; not 平均, 人均)
    # (a list by 、, or two items joined by 和/及/与 when 分别/均 says each has it: M2和社融余额均为12%)
    if not ("、" in before or (each and re.search("[和及与]", before))) or (not each and q.family != "ratio"):
        return None
    if [x for x in find_quantities(clause) if _is_item_figure(x) and x.start != q.start]:
        return None  # (several figures: item_subject pairs them with the items)
    subject, verb = _subject_and_verb(before)
    # (a level each item has, 粮食、肉蛋奶、蔬菜产量均稳定在百万吨以上, needs no verb of change)
    items = shared_items(subject) if subject and (verb or each) else None
    return [item + verb for item in items] if items else None


def _list_item(clause: str, q_start: int, subject: str) -> str | None:
    from policydocs.extract.numbers import find_quantities

    return item_subject(clause, q_start, subject, [x for x in find_quantities(clause) if _is_item_figure(x)])


def _own_part(clause: str, q_start: int) -> str:
    """The text before the figure that belongs to it: after any earlier figure of the clause."""
    from policydocs.extract.numbers import find_quantities

    before = clause[:q_start]
    m = _BASELINE_SPAN.search(before)
    if m and any(not x.is_date_or_name for x in find_quantities(m.group())):
        before = before[: m.start()] + before[m.end():]
    earlier = [x for x in find_quantities(before) if _is_item_figure(x)]
    if earlier:
        last = earlier[-1]
        rest = before[last.end:]
        rest = rest[_ITEM_END.match(rest).end():]
        if re.search(r"[、和及与，,]$", rest):
            return ""  # 7家乡镇卫生院、15个共建科室: figure-first items, the noun follows the figure
        if rest.strip("，,、：: 的"):
            return rest
        # 分别下降3.5%、2.9%: the second figure shares the first one's phrase
        return _own_part(before, earlier[-1].start)
    return before


def _is_item_figure(x: Quantity) -> bool:
    """A figure that can end an item of a list: a quantity with a unit (not 连续两年, 3个月) or a
    count in 万/亿 whose unit is left unwritten (用户3.4亿、光缆线路…)."""
    if x.is_date_or_name or x.value is None:
        return False
    if x.unit:
        return x.unit not in words("item_time_unit")
    return x.text.endswith(("万", "亿"))


def _subject_and_verb(before: str) -> tuple[str, str]:
    """(what is measured, its verb of change or "") from the text before a figure."""
    text = _DATES.sub("", before)
    text = _PER_AFTER_BOUND.sub(r"\1", text)  # 不低于每生每年600元
    level = _LEVEL_VERB.sub("", text)
    text = _CUE_END.sub("", level) if level != text else text
    verb = ""
    m = _CHANGE_END.search(text)
    if m:
        verb, text = m.group(), text[: m.start()]
        while True:
            mod = _MODIFIERS.search(text)  # 同比增长, 年均增长, 实际增长: part of the measure
            if mod:
                verb, text = mod.group() + verb, text[: mod.start()]
                continue
            adv = _ADVERBS.search(text)  # 分别下降, 预期增长, 比上年增长: not
            if adv and adv.group():
                text = text[: adv.start()]
                continue
            break
    text = _TRAILING_PARTICLE.sub("", text)
    subject = _LEAD.sub("", text.strip("，,、：: ")).strip("，,、：: 的")
    return subject, verb


def _inherited_subject(previous) -> str:
    """The subject of the nearest earlier clause that states a figure of its own."""
    from policydocs.extract.numbers import find_quantities

    for clause in reversed(list(previous)):
        figures = [x for x in find_quantities(clause) if _is_item_figure(x)]
        if not figures:
            return ""
        subject, _ = _subject_and_verb(_own_part(clause, figures[0].start))
        if subject:
            return subject
    return ""
