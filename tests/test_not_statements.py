"""Figures that are no statement, whatever the section: counts that announce a list, figures in names,
thresholds that name a class of things, baselines (sentences of the genre written here). A 台账 row
made from any of them is a row a 督查 team has to delete."""

from builders import extract

PLAN = "某县2026年政府工作要点"


def texts(lines, title=PLAN):
    return {s.text: s for s in extract("\n".join([title, *lines]))}


def figures(lines, title=PLAN):
    return sorted(f"{s.value:g}{s.unit or ''}" for s in extract("\n".join([title, *lines])) if s.value is not None)


def test_a_count_that_announces_a_list_is_no_figure():
    assert figures(["一、重点任务", "今年要重点做好八个方面工作：", "一是新建村卫生室12个。"]) == ["12个"]
    assert figures(["一、重点任务", "今年将采取三项举措。", "我讲三点意见。", "突出抓好以下五个方面重点工作。"]) == []
    # a count of things that are not the list's items stays
    assert figures(["一、重点任务", "年内整改群众反映的77例问题。"]) == ["77例"]


def test_the_baseline_of_a_change_is_no_figure_of_its_own():
    lines = ["一、重点任务", "城乡居民医保财政补助由每人每年380元提高到420元。",
             "全员劳动生产率从人均8.7万元提高到12万元以上。"]
    assert figures(lines) == ["120000元", "420元"]


def test_a_size_that_names_a_class_of_things_is_no_figure():
    lines = ["一、重点任务", "全年新签约亿元以上项目30个，其中10亿元以上项目不少于3个。",
             "淘汰关停不达标的30万千瓦以下煤电机组。", "城区56人以上大班额仍有17个。"]
    assert figures(lines) == ["17个", "30个", "3个"]
    # a count of the things themselves, or a share of them, is a figure
    assert figures(["一、重点任务", "创建3个以上示范村，覆盖80%以上的行政村。"]) == ["3个", "80%"]


def test_a_figure_in_a_name_is_no_figure():
    lines = ["一、重点任务", "根据省委十四届十次全会部署，新建改造农村公路800公里。",
             "深入实施新一轮千万吨粮食增产计划，建设高标准农田120万亩。",
             "建强用好产业、科技、服务业三支招商队伍，引进项目30个。"]
    assert figures(lines) == ["1.2e+06亩", "30个", "800公里"]
    # a count in words that is no list's count, and a session counted in figures, are figures
    assert figures(["一、重点任务", "新建三所学校，召开座谈会6次。"]) == ["3所", "6次"]


def test_a_goal_too_general_to_check_is_no_target():
    lines = ["二、2026年重点工作", "努力完成今年经济社会发展目标任务。", "确保各项工作落地见效。",
             "主要污染物减排量完成国家下达目标。", "年底前完成市级机构改革。"]
    assert [s.text for s in extract("\n".join([PLAN, *lines]))] == ["年底前完成市级机构改革"]


def test_the_period_that_names_a_plan_is_no_deadline():
    lines = ["二、2026年重点工作", "制定实施西部大开发“十三五”规划。", "2026年6月底前出台“十五五”交通规划。"]
    st = extract("\n".join(["2026年政府工作报告", *lines]))
    assert [(s.text, s.deadline) for s in st] == [("2026年6月底前出台“十五五”交通规划", "2026-06-30")]


def test_building_a_system_that_covers_everyone_is_no_coverage_figure():
    assert figures(["二、重点任务", "健全覆盖全人群、全生命周期的人口服务体系。"]) == []
    assert figures(["二、重点任务", "年底前实现家庭医生签约服务全覆盖。"]) == ["100%"]


def test_a_count_of_people_without_its_unit_is_a_figure_of_people():
    st = extract("\n".join([PLAN, "二、重点任务", "今年要完成1000万以上农村贫困人口脱贫任务。",
                            "实现1亿左右农业转移人口和其他常住人口在城镇落户。"]))
    assert sorted((s.value, s.unit) for s in st) == [(10000000, "人"), (100000000, "人")]


def test_slogans_classes_formats_and_policies_named_by_a_figure_are_no_figures():
    lines = ["二、重点任务", "落实“三个80%”要求，推动30万千瓦级煤电机组“上大压小”。",
             "建成250个社区健身路径或3人制篮球场，用好240小时过境免签政策。"]
    assert figures(lines) == ["250个"]


def test_a_slogan_that_counts_figures_and_a_countrys_population_are_no_figures():
    lines = ["二、2019年主要任务", "要坚持以人为核心，以解决三个1亿人问题为着力点。",
             "今年我国60岁以上人口已达2.5亿，要大力发展养老特别是社区养老服务业。",
             "这里，着重对两个目标加以说明。", "新增养老床位20万张。"]
    assert figures(lines, title="2019年政府工作报告") == ["200000张"]


def test_a_general_goal_with_its_own_year_is_a_target():
    st = extract("\n".join(["某省2026年政府工作报告", "二、“十五五”时期主要目标任务",
                            "确保2027年底前完成国家下达的减排目标。", "努力完成今年经济社会发展目标任务。"]))
    assert [(s.text, s.deadline) for s in st] == [("确保2027年底前完成国家下达的减排目标", "2027-12-31")]


def test_counts_of_people_years_of_schooling_and_tasks_of_a_plan_section_are_targets():
    st = extract("\n".join(["某省2026年政府工作报告", "一、2025年工作回顾", "全省地区生产总值增长5%。",
                            "二、“十五五”时期主要目标", "劳动年龄人口平均受教育年限提高到11.7年，县城新增人口100万。",
                            "三、2026年重点工作", "推行基层卫生人才“县管乡用”，培训乡村医生5000人。",
                            "今年再减少农村贫困人口1000万以上。"]))
    targets = sorted((s.value, s.unit, s.deadline) for s in st if s.kind == "target")
    assert targets == [(11.7, "年", "2030-12-31"), (5000, "人", "2026-12-31"),
                       (1000000, "人", "2030-12-31"), (10000000, "人", "2026-12-31")]
    # a span of time is still no figure
    assert figures(["二、重点任务", "用3年时间完成老旧小区改造。"]) == []
