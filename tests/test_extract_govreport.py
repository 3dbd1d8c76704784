"""Extraction on the genre of national and provincial 政府工作报告: what linking a year's targets to
the next year's review needs. Sentences are written here in the genre (not copied from the govreport
corpus or its gold)."""

from policydocs.acquire.document import RawDocument
from policydocs.pipeline import process_raw


def extract(text: str, doc_id: str = "report"):
    return process_raw(RawDocument(source=f"{doc_id}.txt", format="text", text=text)).statements


def only(statements, fragment, value=None):
    hits = [s for s in statements if fragment in s.text and (value is None or s.value == value)]
    assert len(hits) == 1, [(s.text, s.value) for s in statements]
    return hits[0]


# A provincial report in the shape of the national one: 一、<year>年工作回顾 … 二、<year>年主要目标.
REPORT = "\n".join([
    "各位代表：",
    "现在，我代表省人民政府，向大会报告政府工作，请予审议。",
    "一、2021年工作回顾",
    "过去一年，全省经济运行稳中加固。地区生产总值达到5.2万亿元，比上年增长8.1%。"
    "城镇新增就业86万人，年末城镇登记失业率3.2%。居民消费价格上涨1.1%，单位地区生产总值能耗下降3.6%。"
    "一般公共预算收入完成4200亿元，同比增长9.5%。农村低收入人口减少12万，新建改建农村公路9800多公里。",
    "二、2022年主要目标任务",
    "今年全省经济社会发展的主要预期目标是：地区生产总值增长6.5%左右；一般公共预算收入增长5.5%－6%；"
    "城镇新增就业80万人以上，城镇调查失业率控制在5.5%以内；居民消费价格涨幅3%左右；"
    "单位地区生产总值能耗下降2.5%以上；农村低收入人口减少10万以上；粮食产量稳定在650亿斤以上。",
])


def test_elliptic_clause_takes_the_subject_of_the_clause_before():
    st = extract(REPORT)
    growth = only(st, "比上年增长8.1%")
    assert growth.indicator == "地区生产总值增长"
    revenue = only(st, "同比增长9.5%")
    assert revenue.indicator == "一般公共预算收入同比增长"
    # a clause with its own subject keeps it
    assert only(st, "地区生产总值达到5.2万亿元").indicator == "地区生产总值"


def test_indicator_carries_the_change_verb_and_drops_openers():
    st = extract(REPORT)
    assert only(st, "居民消费价格上涨1.1%").indicator == "居民消费价格上涨"
    assert only(st, "能耗下降3.6%").indicator == "单位地区生产总值能耗下降"
    assert only(st, "居民消费价格涨幅3%左右").indicator == "居民消费价格涨幅"
    assert only(st, "能耗下降2.5%以上").indicator == "单位地区生产总值能耗下降"
    assert only(st, "年末城镇登记失业率3.2%").indicator == "年末城镇登记失业率"  # 年末 is part of the measure
    # the comparator verb goes, the measure stays
    assert only(st, "城镇调查失业率控制在5.5%以内").indicator == "城镇调查失业率"
    assert only(st, "粮食产量稳定在650亿斤以上").indicator == "粮食产量"
    indicators = [s.indicator for s in extract("今年，全省规模以上工业增加值预期增长7%左右。\n全年新登记市场主体增长12%。")]
    assert indicators == ["规模以上工业增加值增长", "新登记市场主体增长"]


def test_targets_of_the_main_goals_paragraph():
    st = extract(REPORT)
    targets = [s for s in st if s.kind == "target"]
    assert len(targets) == 8, [(s.text, s.value) for s in targets]
    assert all(s.deadline == "2022-12-31" and s.period is None for s in targets)
    gdp = only(st, "地区生产总值增长6.5%左右")
    assert (gdp.kind, gdp.value, gdp.unit, gdp.comparator) == ("target", 6.5, "%", "~")
    jobs = only(st, "城镇新增就业80万人以上")
    assert (jobs.kind, jobs.value, jobs.unit, jobs.comparator) == ("target", 800000, "人", ">=")
    assert only(st, "城镇调查失业率控制在5.5%以内").comparator == "<="


def test_figures_of_the_review_are_actuals_of_the_previous_year():
    st = extract(REPORT)
    review = [s for s in st if "工作回顾" in "".join(s.section_path)]
    assert len(review) >= 9
    assert all(s.kind == "actual" and s.period == "2021" and s.deadline is None for s in review), \
        [(s.text, s.kind, s.period) for s in review]


def test_ranges_with_full_width_minus_hyphen_and_unit_on_the_second_figure():
    st = extract(REPORT)
    revenue = only(st, "一般公共预算收入增长5.5%－6%")
    assert (revenue.value, revenue.value_max, revenue.unit, revenue.comparator) == (5.5, 6, "%", "=")
    for text, low, high in (("今年全市生产总值增长6.5%-7%。", 6.5, 7), ("今年全市生产总值增长6-6.5%。", 6, 6.5),
                            ("今年全市生产总值增长6%～6.5%。", 6, 6.5), ("今年全市生产总值增长6.5%至7%。", 6.5, 7)):
        (s,) = extract(text)
        assert (s.value, s.value_max, s.unit, s.comparator, s.indicator) == (low, high, "%", "=", "生产总值增长"), text


def test_hedges_and_ceilings_map_to_comparators():
    st = extract(REPORT)
    assert only(st, "地区生产总值增长6.5%左右").comparator == "~"
    assert only(st, "城镇新增就业80万人以上").comparator == ">="
    assert only(st, "城镇调查失业率控制在5.5%以内").comparator == "<="
    (s,) = extract("今年居民消费价格涨幅控制在3%左右。")
    assert (s.value, s.comparator) == (3, "~")  # the word after the figure decides


def test_a_count_whose_unit_is_left_unwritten():
    st = extract(REPORT)
    target = only(st, "农村低收入人口减少10万以上")
    assert (target.kind, target.value, target.unit, target.comparator) == ("target", 100000, None, ">=")
    assert target.indicator == "农村低收入人口减少"
    actual = only(st, "农村低收入人口减少12万")
    assert (actual.kind, actual.value, actual.unit, actual.period) == ("actual", 120000, None, "2021")
    # a bare number without 万/亿, or with something that could be a unit after it, is not a count
    assert not [s for s in extract("今年要培训基层干部3000，推动2万亩高标准农田建设。") if s.unit is None and s.value]


def test_coordinated_items_each_keep_their_own_figure_and_indicator():
    (jobs, rate) = extract("全年城镇新增就业1250万人、调查失业率稳定在5.2%左右的较低水平。")
    assert (jobs.value, jobs.unit, jobs.indicator) == (12500000, "人", "城镇新增就业")
    assert (rate.value, rate.unit, rate.indicator) == (5.2, "%", "调查失业率")
    first, second = extract("全年二氧化硫、氮氧化物排放量分别下降4.1%、3.8%。")
    # each figure of a 分别 list has its own item, the head 排放量 shared
    assert (first.indicator, second.indicator) == ("二氧化硫排放量下降", "氮氧化物排放量下降")
    share = extract("服务业增加值比重由52.1%提高到53.4%。")
    assert [(s.value, s.indicator) for s in share] == [(53.4, "服务业增加值比重")]


STRUCTURED = "\n".join([
    "各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议。",
    "一、2022年工作回顾",
    "过去一年，全市完成了全年主要目标任务。稳健的货币政策落地见效，全市人民币贷款余额增长10.4%，低于12%左右的预期目标。"
    "新建5G基站3200个，超额完成年度任务。",
    "二、围绕产业升级扎实推进各项工作",
    "新建改建农村公路1500公里，农村危房改造2.1万户。市属企业已设立30亿元产业引导基金，要加快投放。",
    "办好建市60周年纪念活动。今年是实施“十四五”规划承上启下的关键一年。",
])


def test_structure_of_a_work_report_decides_results_and_plans():
    st = extract(STRUCTURED)
    loans = only(st, "增长10.4%")
    assert (loans.kind, loans.period, loans.indicator) == ("actual", "2022", "人民币贷款余额增长")
    assert only(st, "新建5G基站3200个").kind == "actual"
    # the sections after the review are this year's plan, whatever their headings say
    roads = only(st, "新建改建农村公路1500公里")
    assert (roads.kind, roads.deadline) == ("target", "2023-12-31")
    assert only(st, "农村危房改造2.1万户").kind == "target"
    # …unless the clause itself reports something done
    assert only(st, "已设立30亿元产业引导基金").kind == "actual"


def test_what_is_not_a_statement_in_a_work_report():
    st = extract(STRUCTURED)
    texts = [s.text for s in st]
    assert not any("预期目标" in t for t in texts)  # last year's target named again in the review
    assert not any("周年" in t for t in texts)  # an anniversary
    assert not any(s.value is None and s.kind == "actual" for s in st)  # 完成了全年主要目标任务
    assert not any("关键一年" in t for t in texts)  # a clause describing the year


def test_five_year_review_figures_and_their_measures():
    text = "\n".join([
        "一、过去五年工作回顾",
        "五年来，全省生产总值从3.1万亿元增加到4.6万亿元，年均增长7.3%。居民消费价格年均上涨2.1%。",
        "重点高校招收农村学生人数连续三年增长10%以上。全省2300多万人口的大省实现了比较充分就业。",
        "新设省级高新区8个，到2035年建成创新型省份。",
    ])
    st = extract(text)
    assert only(st, "年均增长7.3%").indicator == "生产总值年均增长"
    assert only(st, "4.6万亿元").indicator == "生产总值"  # 从3.1万亿元: the starting point goes
    assert only(st, "年均上涨2.1%").indicator == "居民消费价格年均上涨"
    assert only(st, "增长10%以上").indicator == "重点高校招收农村学生人数连续三年增长"
    assert not [s for s in st if s.unit == "人口"]  # a description of the province, not a figure
    assert only(st, "高新区8个").period != "2035"  # a horizon named after it is not its period
