"""Reading the fields of a statement from its clause and surroundings (spec: docs/statements.md)."""

from __future__ import annotations

import re

from policydocs.extract.lists import MEASURE_HEAD, item_subject
from policydocs.extract.numbers import Quantity
from policydocs.knowledge.comparators import comparators

# Comparator words and their operators: policydocs.knowledge.comparators (one list, also the
# figure reader's). A bound written a few characters before the figure still governs it.
_GAPPED_WORDS = ("至少", "最少", "不少于", "不低于", "不超过", "不高于", "最多")

STRENGTH_CUES = (("firm", ("确保", "必须", "坚决", "务必", "保证")),
                 ("aim", ("力争", "争取", "努力", "力求", "争创")),
                 ("expect", ("预计", "预期")))


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


_GAPPED = re.compile(f"({'|'.join(_GAPPED_WORDS)})(?:每[\u4e00-\u9fa5])*[\u4e00-\u9fa5]{{0,2}}$")


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
# A unit list may hold parentheses of its own (各县（市、区）医保局), and a note may name a lead and its
# partners in two lists (牵头单位：市医保局；配合单位：市民政局、市财政局): all of them are responsible.
# (The cleaner may join a 牵头单位 line and the 配合单位 line under it: a list ends at the next label.)
_LABEL = r"(?:责任单位|牵头单位|配合单位|责任部门|牵头部门|配合部门|参与单位|协同单位|牵头|配合|责任主体)[:：]"
_TIME_LABEL = r"(?:完成时限|完成时间|时间节点|时限要求)[:：]"
_EXPLICIT = re.compile(rf"{_LABEL}\s*((?:(?!{_LABEL}|\s*{_TIME_LABEL})(?:[^()（）。；;\n]|[（(][^()（）\n]*[)）]))+)")
# 分工方案 give each task its time limit beside its units: 责任单位：市医保局 完成时限：2025年10月底
TIME_LIMIT = re.compile(rf"{_TIME_LABEL}\s*([^\s，,；;）)]+)")
_UNIT = (r"(?:(?:各|其他|其余|全市各|全省各|全区各|全县各|有关)"
         r"(?:县[(（]市、区[)）]|县[(（]市[)）]|县[(（]区[)）]|县市区|县区|市县|区县|乡镇[(（]街道[)）]|乡镇|街道|镇街|地|部门|单位|级医疗机构|医疗机构"
         r"|村[(（]社区[)）]|村|社区|企业|学校|医院)"
         # 各县（市、区）财政部门, 各县（市、区）医保局: the department of each county, one unit
         r"(?:(?:(?![要将在于和及与各])[\u4e00-\u9fa5]){0,6}?(?:部门|局|委|办|政府))?"
         r"|[市县区省镇乡](?:[\u4e00-\u9fa5]{1,8}?)(?:办|委|局|厅|中心|院|所|站|组|政府|办公室))")
_SUBJECT = re.compile(rf"^({_UNIT}(?:[、和及与]{_UNIT})*)")
# A lead unit and its partners written into the sentence or a note after it: 由市医保局牵头，市卫健委、
# 市财政局配合; （县卫健局负责）.
_LEAD_UNIT = re.compile(rf"(?:^|[由，,；;：:（(])({_UNIT}(?:[、和及与]{_UNIT})*)(?:要|将)?(?:牵头|负责(?![人任同]))"
                        rf"(?:[，,]?({_UNIT}(?:[、和及与]{_UNIT})*)(?:配合|参与|协同|协助))?")


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


_CHARGED = re.compile(r"(?:[\u4e00-\u9fa5]{0,4}部门)?(?:要|将|务必|必须|须|应|需)")


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
    return [p.strip() for u in units for p in re.split(rf"[和及与](?={_UNIT})", u) if p.strip()]


_DATED = re.compile(r"^(?:年内|年底前|\d{1,2}月(?:底|末)?前|[今明]年|于?\d{4}年)")


_BARE_NOTE = re.compile(rf"[（(]({_UNIT}(?:[、，,]{_UNIT})*)[）)]\s*$")
_TOGETHER = re.compile(rf"(?:^|[，,；;：:（(])({_UNIT}(?:[、和及与]{_UNIT})*)(?:要|将)?(?:会同|联合)({_UNIT}(?:[、和及与]{_UNIT})*)")


def _split_units(text: str) -> list[str]:
    parts = re.split(rf"[、和及与](?={_UNIT})", text)
    return [p for p in parts if p]


# The indicator: what is measured, with the verb of change when the figure is a change
# (国内生产总值增长, 居民消费价格上涨, 单位国内生产总值能耗下降), without figure, comparator, deadline,
# openers and cue words. A clause that opens with its verb (国内生产总值达到74.4万亿元，增长6.7%) takes
# the subject of the clause before it in the same sentence.
_LEAD = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}是"
                   r"|我们|我(?:省|市|县|区|镇|乡)|还有|仍有|尚有|要|将|并|但|又|还|也|再|拟安排|安排|同时|其中|全年|年内|年底前|力争|争取|确保|预计|计划|努力|进一步|目前|已"
                   r"|累计|共有|共计|合计|现有|共"
                   r"|(?:今年|去年|明年|当年|上年|本年)(?![末底初])|过去一年|一年来|五年来"
                   r"|全(?:国|省|市|县|区|州|盟|旗|镇)(?=[\u4e00-\u9fff]{2}))+")
_CHANGE = ("增长|增加|提高|提升|上升|上涨|回升|扩大|下降|降低|减少|下跌|回落|缩小|缩短|缩减|压减|削减|压缩|精简|减轻"
           "|降")
_CHANGE_END = re.compile(rf"(?:{_CHANGE})$")
# Verbs that introduce a level (达到74.4万亿元, 提高到48.2%, 控制在4.6%以内) or a comparator: dropped.
_LEVEL_VERB = re.compile(r"(?:达到|达|(?:提高|提升|增加|增长|上升|下降|降低|减少|扩大|缩小|缩短|缩减|压减|压缩|回升|回落)(?:到|至)|增至|降至"
                         r"|降到|升至|保持在|稳定在|控制在|维持在|为|是|仅为|高达|突破|超过|不少于|不低于|不超过|不高于|低于|高于"
                         r"|接近|逾|超|拟按|按照|按|完成|实现|累计完成|累计实现|累计达到|不足|不到|不满|少于|多于|仅有|仅"
                         r"|保持|稳定|维持)$")
# Cue words left between a subject and its level verb (县城污水处理率要达到, 治理率争取提高到): dropped.
_CUE_END = re.compile(r"(?:要|将|已经|已|仅|均|都|争取|力争|确保|努力|预计)+$")
# Adverbs and bases between the subject and its verb: 预期增长, 分别下降, 比上年增长 (同比, 年均 and
# 实际 are part of the measure and stay).
_ADVERBS = re.compile(r"(?:分别|均|都|再|又|还|继续|预期|预计|拟|要|将|已|了"
                      r"|(?:比|较)(?:上年|去年|年初|上年末|去年底|上年同期|去年同期|上月|\d{4}年(?:底|末)?))+$")
_MODIFIERS = re.compile(r"(?:同比|环比|年均|实际|名义)+$")
# A figure before the figure in the same clause ends an earlier item: 新增就业1361万人、调查失业率…
_ITEM_END = re.compile(r"^(?:余|多)?(?:及以上|及以下|以上|以下|以内|左右)?[、，,；;和及与]*")
# 由46.9%提高到48.2%, 从54万亿元增加到82.7万亿元, 由上年下降2.3%转为增长8.5%: the starting point goes.
_BASELINE_SPAN = re.compile(rf"(?:由|从)[^由从]*?(?:(?:{_CHANGE})(?:到|至)|转为|变为|到|至)(?=(?:{_CHANGE})?$)")
_DATES = re.compile(r"(?:19|20)\d{2}年(?:底前|底|前|内|度)?|\d{1,2}月\d{1,2}日(?:以?前)?"
                    r"|\d{1,2}(?:[-—–]\d{1,2})?月份?(?:底前|底|末)?|年内|年底前"
                    r"|[一二两三四五六七八九十\d]年内|[上下]半年|第?[一二三四]季度(?:末|内)?|[“\"]?十[一二三四五六]五[”\"]?(?:期间|时期|末)?")


_COMPARATOR_AFTER = re.compile(r"^(?:及以上|及以下|以上|以下|以内|左右|余|多)")
_PER_AFTER_BOUND = re.compile(r"(?<=不低于|不少于|不超过|不高于|控制在)(?:每[\u4e00-\u9fa5]){1,3}$")
_TRAILING_PARTICLE = re.compile(r"(?:由|从|的)$")


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


_TIME_UNITS = {"年", "月", "个月", "日", "天", "周", "岁", "届", "周年", "小时", "分钟"}


def _is_item_figure(x: Quantity) -> bool:
    """A figure that can end an item of a list: a quantity with a unit (not 连续两年, 3个月) or a
    count in 万/亿 whose unit is left unwritten (用户3.4亿、光缆线路…)."""
    if x.is_date_or_name or x.value is None:
        return False
    if x.unit:
        return x.unit not in _TIME_UNITS
    return x.text.endswith(("万", "亿"))


def _subject_and_verb(before: str) -> tuple[str, str]:
    """(what is measured, its verb of change or "") from the text before a figure."""
    text = _DATES.sub("", before)
    text = _PER_AFTER_BOUND.sub("", text)  # 不低于每生每年600元
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
