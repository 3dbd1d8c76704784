"""Statement extraction on sentences of the genre written here (the seeds' gold is for eval only)."""

import pytest

from builders import extract, find
from policydocs.acquire.document import RawDocument
from policydocs.pipeline import process_raw

PLAN = "\n".join([
    "某市2025年卫生健康工作要点",
    "一、主要目标",
    "2025年，全市家庭医生签约服务覆盖率达到75%以上，新建标准化村卫生室30个，力争居民健康素养水平提升至32%。",
    "二、重点任务",
    "（一）推进县域医共体建设。各县（市、区）要加快推进，6月底前完成牵头医院章程制定，年内全面推开。确保基层医疗机构集中带量采购执行率不低于90%。",
    "（二）加强人才队伍建设。选派县级医院骨干医师120名到乡镇卫生院帮扶，对偏远地区医务人员给予每月不低于600元的岗位津贴。",
    "（三）强化责任落实。年内研究制定全市医疗服务价格动态调整实施方案。（责任单位：市医保局、市卫健委）",
])


def test_targets_with_values_units_comparators_and_strength():
    st = extract(PLAN)
    cover = find(st, "覆盖率达到75%以上")
    assert (cover.kind, cover.value, cover.unit, cover.comparator, cover.strength) == ("target", 75, "%", ">=", "plan")
    villages = find(st, "标准化村卫生室30个")
    assert (villages.value, villages.unit, villages.comparator) == (30, "个", "=")
    literacy = find(st, "提升至32%")
    assert literacy.strength == "aim"
    procurement = find(st, "不低于90%")
    assert (procurement.comparator, procurement.strength) == (">=", "firm")
    allowance = find(st, "600元")
    assert (allowance.unit, allowance.comparator) == ("元/月", ">=")


def test_deadlines_from_clause_sentence_paragraph_and_document_year():
    st = extract(PLAN)
    assert find(st, "覆盖率达到75%以上").deadline == "2025-12-31"  # paragraph opener 2025年
    assert find(st, "骨干医师120名").deadline == "2025-12-31"  # the document's year
    rollout = find(st, "年内全面推开")
    assert (rollout.value, rollout.unit, rollout.deadline) == (100, "%", "2025-12-31")
    assert rollout.responsible == ["各县（市、区）"]


def test_qualitative_commitment_with_deadline_and_explicit_responsible_units():
    st = extract(PLAN)
    plan = find(st, "研究制定全市医疗服务价格动态调整实施方案")
    assert plan.kind == "target" and plan.value is None and plan.deadline == "2025-12-31"
    assert plan.responsible == ["市医保局", "市卫健委"]
    charter = find(st, "完成牵头医院章程制定")
    assert charter.deadline == "2025-06-30"


def test_no_responsible_unit_is_guessed():
    st = extract(PLAN)
    assert find(st, "标准化村卫生室30个").responsible == []


REPORT = "\n".join([
    "某县2024年医改工作情况报告",
    "一、工作成效",
    "2024年，全县累计组建医共体3个，基层诊疗量占比提升至68.5%，同比增长4.2个百分点。1—9月，县域内就诊率达到90.3%。",
    "目前已累计开展远程会诊1.2万余人次，家庭医生签约近8万人。全县居民健康素养水平为28%，全省排名第12。",
    "在县卫生健康工作会议上交出了一份满意的答卷。",
])


def test_actuals_with_periods_and_approximations():
    st = extract(REPORT)
    share = find(st, "68.5%")
    assert (share.kind, share.period, share.value) == ("actual", "2024", 68.5)
    assert find(st, "90.3%").period == "2024-01/2024-09"
    consult = find(st, "1.2万余人次")
    assert (consult.value, consult.unit, consult.comparator) == (12000, "人次", ">")
    signed = find(st, "近8万人")
    assert (signed.value, signed.comparator) == (80000, "~")
    rank = find(st, "排名第12")
    assert (rank.value, rank.unit) == (12, "名次")
    assert all(s.strength is None and s.deadline is None for s in st if s.kind == "actual")


def test_articles_and_years_are_not_statements():
    st = extract(REPORT)
    assert not any("一份" in s.text for s in st)
    assert not any(s.unit == "年" for s in st)


def test_region_from_title_and_standalone_heading_lines():
    text = "\n".join([
        "保定市紧密型县域医共体建设简报",
        "保定市委、市政府高度重视县域医共体建设，全市已组建医疗卫生集团22个。",
        "易县强力推进县域医共体建设",
        "易县医疗卫生集团成立以来，1—4月门诊量32万人次，同比增长39.5%。",
    ])
    st = extract(text)
    assert find(st, "医疗卫生集团22个").region == "保定市"
    assert find(st, "32万人次").region == "易县"


def test_offsets_point_into_the_cleaned_text():
    processed = process_raw(RawDocument(source="plan.txt", format="text", text=PLAN))
    for s in processed.statements:
        assert processed.clean.text[s.start : s.end] == s.text
        assert s.sentence_start <= s.start < s.end <= s.sentence_end


def test_record_follows_the_spec_exactly():
    from policydocs.extract.statement import SPEC_FIELDS

    record = find(extract(PLAN, "plan-001"), "标准化村卫生室30个").to_record()
    assert tuple(record) == SPEC_FIELDS
    assert record["doc"] == "plan-001" and record["value"] == 30 and isinstance(record["value"], int)


def test_context_of_a_national_work_report():
    text = "\n".join([
        "各位代表：",
        "现在，我代表国务院，向大会报告政府工作，请予审议。",
        "一、2020年工作回顾",
        "过去一年，国内生产总值达到101.6万亿元，增长2.3%。城镇新增就业1186万人。",
        "二、2021年主要目标任务",
        "今年发展主要预期目标是：国内生产总值增长6%以上；城镇调查失业率5.5%左右；服务业增加值比重由54.5%提高到55%。",
    ])
    processed = process_raw(RawDocument(source="report.txt", format="text", text=text))
    assert (processed.doc_year, processed.region) == (2021, "全国")
    growth = find(processed.statements, "增长2.3%")
    assert (growth.kind, growth.period) == ("actual", "2020")
    target = find(processed.statements, "增长6%以上")
    assert (target.kind, target.comparator, target.deadline) == ("target", ">=", "2021-12-31")
    shares = [s.value for s in processed.statements if "服务业增加值比重" in s.text]
    assert shares == [55]  # 由54.5%: the starting point is not a statement


def test_speech_date_from_its_subtitle():
    text = "在全市医改工作会议上的讲话\n——2023年3月8日在全市医改工作会议上\n同志们：\n今年全市要新增家庭医生团队50个。"
    processed = process_raw(RawDocument(source="speech.txt", format="text", text=text))
    assert processed.doc_date == "2023-03-08" and processed.doc_year == 2023
    assert find(processed.statements, "家庭医生团队50个").deadline == "2023-12-31"


def test_region_named_once_in_the_opening_of_a_report_titled_only_by_its_genre():
    """Provincial and city work reports are titled 政府工作报告 and name their jurisdiction once,
    in the line saying where they were given; afterwards they say 全省 / 全市."""
    report = "\n".join([
        "政府工作报告",
        "——2023年1月14日在河南省第十四届人民代表大会第一次会议上",
        "一、2022年工作回顾",
        "2022年，全省生产总值增长3.1%，城镇新增就业125.7万人。",
        "二、2023年主要目标",
        "今年全省经济社会发展的主要预期目标是：生产总值增长6%左右，城镇新增就业110万人以上。",
    ])
    processed = process_raw(RawDocument(source="report.txt", format="text", text=report))
    assert processed.region == "河南省"
    assert {s.region for s in processed.statements} == {"河南省"}
    # A city's report that names its province first: the level it speaks of (全市) decides.
    city = report.replace("河南省第十四届", "河南省洛阳市第十六届").replace("全省", "全市")
    assert process_raw(RawDocument(source="city.txt", format="text", text=city)).region == "洛阳市"
    # The congress line alone decides too; a place named once in passing does not.
    plain = report.replace("全省", "我们")
    assert process_raw(RawDocument(source="p.txt", format="text", text=plain)).region == "河南省"
    passing = plain.replace("——2023年1月14日在河南省第十四届人民代表大会第一次会议上", "学习借鉴浙江省经验")
    assert process_raw(RawDocument(source="q.txt", format="text", text=passing)).region is None


def test_a_lead_unit_and_its_partners_written_into_the_sentence():
    st = extract("\n".join([
        "某县2024年医疗保障工作要点",
        "一、重点任务",
        "由县医保局牵头，县卫健局、县教育局配合，6月底前完成参保数据比对。",
        "县人民医院负责，年内建成胸痛中心1个。",
        "会议由县卫健局负责人主持，年内门诊电子病历使用率达到90%。",
    ]))
    assert find(st, "参保数据比对").responsible == ["县医保局", "县卫健局", "县教育局"]
    assert find(st, "胸痛中心").responsible == ["县人民医院"]
    assert find(st, "电子病历").responsible == []  # 负责人 is a person, not a unit's duty


def test_a_period_opening_a_sentence_carries_over_its_semicolon_parts():
    st = extract("\n".join([
        "某县医疗集团2022年运行情况",
        "集团成立以来，1—4月门诊量32万人次，同比增长39.5%；医疗收入1.4亿元，同比增长22.4%；"
        "基层诊疗人次占比提升至72.1%。",
        "出院患者5.2万人次。",
    ]), doc_id="report")
    assert {find(st, t).period for t in ("32万人次", "1.4亿元", "72.1%")} == {find(st, "32万人次").period}
    assert find(st, "72.1%").period == "2022-01/2022-04"
    assert find(st, "5.2万").period is None  # a new sentence starts afresh
    assert not [s for s in st if "运行情况" in s.text]  # the title states nothing


@pytest.mark.parametrize("text", ["河北省石家庄市易县强力推进", "易县推进县域医共体建设", "XX县卫健局要", "某市",
                                  "大丰区、东台市", "提高县级医院能力", "全市新增", "市县两级", "保定市易县"])
def test_leading_jurisdictions_read_the_names_jurisdictions_finds_at_the_start(text):
    from policydocs.extract.context import jurisdictions, leading_jurisdictions

    assert leading_jurisdictions(text) == [name for offset, name in jurisdictions(text) if offset == 0]


def _jurisdictions_char_by_char(text):
    """jurisdictions() as it was written first: every character, every name length (the reference)."""
    from policydocs.extract.context import _LEVEL_CHARS, _PLACEHOLDER, _divisions, _starts_a_word

    names, out = _divisions(), []
    for i, ch in enumerate(text):
        if ch in _LEVEL_CHARS:
            for length in range(min(8, i + 1), 1, -1):
                if text[i - length + 1 : i + 1] in names and _starts_a_word(text, i - length + 1):
                    out.append((i - length + 1, text[i - length + 1 : i + 1]))
                    break
    out.extend((m.start(), m.group()) for m in _PLACEHOLDER.finditer(text)
               if not (m.group().startswith("*") and m.start() and text[m.start() - 1] == "*"))
    return sorted(out)


@pytest.mark.parametrize("text", ["县", "市县两级", "易县", "全市新增，全县推进", "**市", "X市和某县", "×××县卫健局",
                                  "河北省石家庄市易县强力推进", "提高县级医院能力", "城市", "内蒙古自治区呼和浩特市"])
def test_jurisdictions_finds_what_a_scan_of_every_character_finds(text):
    from policydocs.extract.context import jurisdictions

    assert jurisdictions(text) == _jurisdictions_char_by_char(text)


def test_jurisdictions_finds_what_a_scan_of_every_character_finds_in_the_shipped_documents():
    from pathlib import Path

    from policydocs.extract.context import jurisdictions

    root = Path(__file__).resolve().parents[1] / "corpora"
    for path in sorted(root.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        assert jurisdictions(text) == _jurisdictions_char_by_char(text), path.name


def test_a_sentence_skipped_as_stating_nothing_has_no_candidate_clause():
    # extraction skips sentences that may_state rejects: none of their clauses may hold a figure
    # or a dated commitment (checked over every clause of the shipped documents)
    from pathlib import Path

    from policydocs.extract import candidates as ex
    from policydocs.segment import segment, split_clauses

    root = Path(__file__).resolve().parents[1] / "corpora"
    skipped = 0
    for path in sorted(root.glob("*/*.txt")):
        for sent in segment(path.read_text(encoding="utf-8")).sentences:
            if ex.may_state(sent.text):
                continue
            skipped += 1
            for c in split_clauses(sent.text, marks=ex.CLAUSE_MARKS):
                assert not ex.figures(c.text), c.text
                assert not ex.is_qualitative_target(c.text, sent.text[:c.start], 2024), c.text
    assert skipped > 100  # the test would prove nothing if nothing were skipped
