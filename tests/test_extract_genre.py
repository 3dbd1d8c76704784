"""Statement extraction on the genres of 工作要点, 实施方案, 督查通报 and meeting news (sentences written here)."""

from builders import extract, find


def test_unit_notes_of_work_points_and_plans():
    st = extract("\n".join([
        "某市2025年医疗救助工作要点",
        "一、重点任务",
        # a closing note with parentheses inside, covering each sentence of its task
        "1.扩大救助范围。救助对象年度救助限额提高到8万元。年内完成困难群众信息比对。"
        "（责任单位：市医保局救助科，各县（市、区）医保局）",
        # a lead unit and its partners in two lists of one note
        "2.强化监管。全年抽查定点机构不少于300家。（牵头单位：市医保局；配合单位：市卫健委、市人力资源和社会保障局）",
        # 牵头单位/配合单位 lines under the task, as 方案 lay them out
        "3.提升服务。新建医保服务站40个。",
        "牵头单位：市医疗保障事业中心",
        "配合单位：各县（市、区）人民政府",
        "4.加强宣传。开展政策宣讲活动50场。",
    ]))
    assert find(st, "8万元").responsible == ["市医保局救助科", "各县（市、区）医保局"]
    assert find(st, "信息比对").responsible == ["市医保局救助科", "各县（市、区）医保局"]
    assert find(st, "300家").responsible == ["市医保局", "市卫健委", "市人力资源和社会保障局"]
    assert find(st, "40个").responsible == ["市医疗保障事业中心", "各县（市、区）人民政府"]
    assert find(st, "50场").responsible == []  # the lines belong to the task above, not the next


def test_a_subject_charged_with_a_task_is_responsible_for_its_clauses():
    st = extract("\n".join([
        "关于2025年全市农村饮水工程建设进度的通报",
        "三、下一步要求",
        "各县（市、区）要倒排工期，确保9月底前完成管网改造，11月底前全部投入使用。",
        "县水利局要牵头做好水质检测，确保年底前水质达标率达到95%以上。",
        "加强督促检查，年底前农村自来水普及率达到90%。",
    ]))
    assert find(st, "管网改造").responsible == ["各县（市、区）"]
    assert find(st, "投入使用").responsible == ["各县（市、区）"]
    assert find(st, "95%").responsible == ["县水利局"]
    assert find(st, "90%").responsible == []  # never guessed


def test_a_plan_titled_with_its_span_speaks_from_its_first_year():
    st = extract("\n".join([
        "某县义务教育优质均衡发展三年行动方案（2026—2028年）",
        "一、主要目标",
        "到2028年，全县义务教育学校标准化达标率达到100%。",
        "二、重点任务",
        "年内新建寄宿制学校2所，三年内招聘教师150名。",
    ]))
    assert find(st, "寄宿制学校2所").deadline == "2026-12-31"
    assert find(st, "教师150名").deadline == "2028-12-31"
    assert find(st, "达标率").deadline == "2028-12-31"


def test_a_comparator_governs_its_figure_across_a_short_verb_or_base():
    st = extract("\n".join([
        "某区2025年养老服务工作要点",
        "每个街道至少建成1个综合养老服务中心，每个社区至少配备2名养老服务专干。",
        "2025年，居家养老服务补贴标准不低于每人每月100元。",
        "全年开展助餐服务5万人次。",
    ]))
    assert find(st, "综合养老服务中心").comparator == ">="
    assert find(st, "养老服务专干").comparator == ">="
    assert find(st, "100元").comparator == ">="
    assert find(st, "5万人次").comparator == "="


def test_indicators_lose_list_numbers_cue_words_and_bases():
    st = extract("\n".join([
        "某县2025年上半年卫生健康工作总结",
        "一、工作成效",
        "全县共有村卫生室215个。全县基层诊疗量占比达到61%，较年初提高3.2个百分点。",
        "二、存在问题",
        "乡镇卫生院全科医生仅28人，中医馆覆盖率不足60%。",
        "三、下半年计划",
        "（一）力争年底前再建成中医馆5个。",
        "县域内就诊率要达到90%以上，三年内新增床位200张。",
    ]))
    assert find(st, "215个").indicator == "村卫生室"
    assert find(st, "3.2个百分点").indicator == "基层诊疗量占比提高"
    assert find(st, "28人").indicator == "乡镇卫生院全科医生"
    assert find(st, "60%").indicator == "中医馆覆盖率"
    assert find(st, "中医馆5个").indicator == "建成中医馆"
    assert find(st, "90%").indicator == "县域内就诊率"
    assert find(st, "200张").indicator == "新增床位"


def test_days_of_a_count_and_concentrations_are_figures_ages_are_not():
    st = extract("\n".join([
        "某市2025年大气污染防治工作方案",
        "2025年，全市PM2.5平均浓度控制在35微克/立方米以下，重污染天数控制在5天以内。",
        "三、2024年工作成效",
        "为70周岁以上老年人免费接种流感疫苗3万人次。",
    ]))
    pm = find(st, "35微克")
    assert (pm.value, pm.unit, pm.comparator) == (35, "微克/立方米", "<=")
    days = find(st, "5天")
    assert (days.value, days.unit, days.comparator) == (5, "天", "<=")
    assert [s.value for s in st if "70周岁" in s.text] == [30000]


def test_plan_tasks_without_a_future_cue_are_targets():
    st = extract("\n".join([
        "某县2025年食品安全工作方案",
        "一、主要任务",
        "（一）加强抽检。每月开展1次农贸市场快检，食品抽检量达到每千人4批次。",
        "（二）优化服务。食品经营许可审批时限压缩至3个工作日以内。",
        "二、保障措施",
        "县财政安排食品安全专项经费600万元。",
    ]))
    for fragment in ("1次农贸市场快检", "3个工作日", "600万元"):
        assert find(st, fragment).kind == "target", fragment


SPEECH = "\n".join([
    "在全县农业农村工作会议上的讲话",
    "同志们：",
    "一、去年工作取得明显成效",
    "2024年，全县粮食总产量达到42万吨，超过市定40万吨的目标。我县总面积2100平方公里，总人口47万人，辖15个乡镇。",
    "据了解，邻近的某某县去年农村居民人均可支配收入达到2.3万元。全国粮食总产量超过1.4万亿斤。",
    "二、突出重点，全力推动2025年农业农村工作提质增效",
    "（一）稳定粮食生产。年内粮食播种面积稳定在80万亩以上。",
    "（二）推进高标准农田建设，6月底前完成年度项目招标。",
    "（三）完善基础设施。",
    "新建农村公路60公里。",
])


def test_background_examples_from_elsewhere_and_targets_named_again_are_not_actuals():
    st = extract(SPEECH)
    assert find(st, "42万吨").kind == "actual"
    for fragment in ("40万吨", "2100平方公里", "47万人", "15个乡镇", "2.3万元", "1.4万亿斤"):
        assert not [s for s in st if fragment in s.text], fragment


def test_our_own_work_reaching_other_places_is_still_a_result():
    st = extract("\n".join([
        "某县人民医院2024年工作总结",
        "一、主要成效",
        "医院辐射带动周边地区，全年接诊外地患者1.2万人次，吸引周边县市患者就诊3600人次。",
        "比如外省的C市，家庭医生签约率达到80%。",
    ]))
    assert find(st, "1.2万人次").kind == find(st, "3600人次").kind == "actual"
    assert not [s for s in st if "80%" in s.text]  # another place held up as an example


def test_a_heading_over_its_tasks_states_nothing_a_whole_task_line_does():
    st = extract(SPEECH)
    assert not [s for s in st if "提质增效" in s.text]
    assert find(st, "项目招标").deadline == "2025-06-30"  # a task line of its own
    assert find(st, "80万亩").kind == "target"


def test_a_plan_document_commits_in_its_task_sections_but_not_in_its_state_of_play():
    st = extract("\n".join([
        "某县2025年社会救助工作要点",
        "一、工作现状",
        "目前，全县低保对象共3200人，救助资金社会化发放率达到98%。",
        "二、重点任务",
        "3.提高救助效率。临时救助审批时限压缩至3个工作日。对重度残疾人参保个人缴费给予全额资助，对低保对象给予80%资助。",
        "2024年，全县发放救助资金1.1亿元；全年临时救助2100人次。",
    ]))
    assert find(st, "3个工作日").kind == "target"
    assert find(st, "80%").kind == "target"
    assert find(st, "98%").kind == "actual"
    assert find(st, "1.1亿元").kind == "actual"
    assert find(st, "2100人次").kind == "actual"  # the year opening the sentence covers its ；-parts


def test_dated_commitments_of_an_inspection_notice():
    st = extract("\n".join([
        "关于2025年全县冬季供暖保障工作督查情况的通报",
        "三、整改要求",
        "各乡镇财政部门要在11月10日前将取暖补贴全部拨付到位。",
        "确保11月底前老旧管网改造工程全部竣工。",
    ]))
    pay = find(st, "拨付到位")
    assert (pay.deadline, pay.responsible, pay.indicator) == ("2025-11-10", ["各乡镇财政部门"], "将取暖补贴全部拨付到位")
    pipes = find(st, "全部竣工")
    assert (pipes.deadline, pipes.indicator, pipes.strength) == ("2025-11-30", "老旧管网改造工程全部竣工", "firm")


def test_a_summary_with_next_years_plan_speaks_from_the_plan_year():
    st = extract("\n".join([
        "某县民政局2024年工作总结及2025年工作计划",
        "一、2024年工作开展情况",
        "全年城乡低保标准保持在每人每月720元以上，新建儿童之家15个。",
        "二、存在的问题",
        "基层民政经办人员仅41人。",
        "三、2025年工作计划",
        "上半年完成低保对象年度复核，全年新建儿童之家不少于10个。",
    ]))
    assert find(st, "720元").kind == "actual"  # 保持在 in the review reports a level kept
    assert find(st, "41人").kind == "actual"
    assert find(st, "年度复核").deadline == "2025-06-30"
    assert find(st, "不少于10个").deadline == "2025-12-31"


def test_a_division_of_tasks_gives_each_task_its_units_and_time_limit():
    st = extract("\n".join([
        "某市2025年养老服务重点任务分工方案",
        "一、重点任务",
        "1.发展社区助餐。推动3—4个街道建成示范性老年食堂。",
        "责任单位：市民政局、市商务局 完成时限：2025年9月底",
        "2.培训护理人员。培训养老护理员不少于500人次。",
        "责任单位：市人社局 完成时限：持续推进",
    ]))
    canteens = find(st, "3—4个")
    assert (canteens.deadline, canteens.responsible) == ("2025-09-30", ["市民政局", "市商务局"])
    assert canteens.indicator == "推动街道建成示范性老年食堂"
    nurses = find(st, "500人次")
    assert (nurses.deadline, nurses.responsible) == ("2025-12-31", ["市人社局"])


def test_figures_before_yiishang_and_openers_of_the_genre():
    st = extract("\n".join([
        "在全县教育工作会议上的讲话",
        "（2025年3月1日）",
        "一、正视问题",
        "目前，全县还有乡村学校音乐专任教师缺口近90人。",
        "二、今年重点工作",
        "“十四五”期间全县新建幼儿园12所以上。",
    ]))
    kg = find(st, "12所以上")
    assert (kg.value, kg.unit, kg.comparator, kg.indicator) == (12, "所", ">=", "新建幼儿园")
    assert find(st, "90人").indicator == "乡村学校音乐专任教师缺口"


def test_a_meeting_news_item_lists_its_tasks_over_semicolons():
    st = extract("\n".join([
        "全市就业工作会议召开",
        "3月2日，全市就业工作会议召开。",
        "会议指出，2024年全市城镇新增就业5.1万人。",
        "会议要求，2025年要重点抓好三方面工作：一是稳定就业总量，城镇新增就业5万人以上；"
        "二是开展职业技能培训，培训合格率达到90%；三是加强失业保险，已累计发放失业保险金2.1亿元。",
    ]))
    assert find(st, "5.1万人").kind == "actual"
    assert find(st, "5万人以上").kind == "target"
    assert find(st, "90%").kind == "target"
    assert find(st, "2.1亿元").kind == "actual"  # a result named inside the list stays one


def test_a_notice_signed_by_a_city_body_is_about_that_city():
    notice = "\n".join([
        "关于全市养老机构消防安全检查情况的通报",
        "各县（市、区）民政局：",
        "截至9月底，全市已完成养老机构消防检查186家，整改隐患312处。",
        "XX市民政局",
        "2025年10月8日",
    ])
    assert {s.region for s in extract(notice)} == {"XX市"}
    unsigned = notice.replace("XX市民政局\n", "")
    assert {s.region for s in extract(unsigned)} == {None}


def test_a_task_table_gives_each_row_its_units_and_time_limit():
    rows = [
        ["序号", "工作任务", "目标要求", "责任单位", "完成时限"],
        ["1", "家庭医生签约", "重点人群签约率达到80%", "县卫健局、各乡镇人民政府", "2025年11月底"],
        ["2", "慢病管理", "高血压患者规范管理率不低于65%", "县疾控中心", "2025年9月底"],
    ]
    for joiner in ("\t", " | "):
        lines = [joiner.join(r) if joiner == "\t" else "| " + joiner.join(r) + " |" for r in rows]
        st = extract("\n".join(["某县2025年基本公共卫生服务工作方案", "一、重点任务", *lines]))
        sign = find(st, "80%")
        assert (sign.text, sign.indicator) == ("重点人群签约率达到80%", "重点人群签约率")
        assert (sign.responsible, sign.deadline) == (["县卫健局", "各乡镇人民政府"], "2025-11-30")
        chronic = find(st, "65%")
        assert (chronic.responsible, chronic.deadline, chronic.comparator) == (["县疾控中心"], "2025-09-30", ">=")


def test_indicators_lose_day_and_quarter_deadlines_and_a_figure_first_clause_names_its_own():
    st = extract("\n".join([
        "某县2025年医疗保障工作要点",
        "一、重点任务",
        "到2025年底，全县DRG付费医疗机构占比达到90%，力争2个乡镇卫生院达到推荐标准。",
        "9月30日前实现医保电子凭证全覆盖。第三季度完成医保信息平台升级。",
        "脱贫人口参保率保持100%。",
    ]))
    assert find(st, "2个乡镇卫生院").indicator == "乡镇卫生院达到推荐标准"
    assert find(st, "电子凭证").indicator == "实现医保电子凭证"
    assert find(st, "平台升级").indicator == "完成医保信息平台升级"
    assert find(st, "保持100%").indicator == "脱贫人口参保率"


def test_a_summary_reports_in_every_section_but_its_plan():
    st = extract("\n".join([
        "某镇2025年前三季度工作总结",
        "一、经济运行",
        "1—9月，全镇完成固定资产投资3.2亿元，占年度目标的76%。",
        "二、社会事业",
        "新增城镇就业460人，新建农村公路18公里。",
        "三、第四季度工作打算",
        "新建农村公路12公里，年底前完成全部危房改造。",
    ]))
    assert find(st, "460人").kind == "actual"
    assert find(st, "18公里").kind == "actual"
    assert find(st, "12公里").kind == "target"


def test_a_past_opener_covers_its_semicolon_parts_and_progress_against_a_plan_is_a_result():
    st = extract("\n".join([
        "在全县文化旅游工作会议上的讲话",
        "（2025年2月10日）",
        "过去一年，我们新建城市书房6个；新增A级景区3家。今年，全县要新增A级景区2家。",
        "截至6月底，已完成投资1.3亿元，占计划投资的52%。",
    ]))
    assert find(st, "6个").indicator == "新建城市书房"
    assert find(st, "3家").kind == "actual"
    assert find(st, "2家").kind == "target"
    assert find(st, "52%").kind == "actual"


def test_meeting_logistics_are_not_results_and_a_per_base_leaves_the_indicator():
    st = extract("\n".join([
        "全县脱贫攻坚成果巩固工作会议召开",
        "会议指出，2024年全县脱贫人口人均纯收入达到1.52万元。会议历时约3小时。",
        "会议要求，2025年脱贫人口务工补贴标准不低于每人每月200元。",
    ]))
    assert find(st, "1.52万元").kind == "actual"
    assert not [s for s in st if "3小时" in s.text]
    assert find(st, "200元").indicator == "脱贫人口务工补贴标准"


def test_unit_notes_without_the_word_unit():
    st = extract("\n".join([
        "某县2025年卫生健康工作要点",
        "一、重点任务",
        "年内新建标准化村卫生室20个。（县卫健局负责）",
        "6月底前完成家庭医生签约服务包调整。（县卫健局牵头，县医保局、县财政局配合）",
        "全年开展义诊活动不少于50场次（牵头：县卫健局；配合：各乡镇卫生院）。",
    ]))
    assert find(st, "20个").responsible == ["县卫健局"]
    assert find(st, "服务包调整").responsible == ["县卫健局", "县医保局", "县财政局"]
    assert find(st, "50场次").responsible == ["县卫健局", "各乡镇卫生院"]


def test_township_units_and_each_village_or_enterprise_are_responsible_units():
    st = extract("\n".join([
        "在全镇安全生产工作会议上的讲话",
        "（2025年2月18日）",
        "今年，各村、各企业要全面开展隐患排查，6月底前完成安全风险评估。",
        "镇安监站要加强执法检查，全年检查企业不少于200家次。",
    ]))
    assert find(st, "风险评估").responsible == ["各村", "各企业"]
    assert find(st, "200家次").responsible == ["镇安监站"]


def test_a_short_item_of_a_figure_list_is_not_a_verb():
    st = extract("\n".join([
        "某市2025年节能减排工作方案",
        "一、目标任务",
        "年内淘汰钢铁120万吨、水泥80万吨、焦炭60万吨，推动12家重点企业完成超低排放改造。",
    ]))
    by_value = {s.value: s.indicator for s in st}
    assert by_value[1200000] == "淘汰钢铁"
    assert by_value[800000] == "水泥"  # not 水泥焦炭: the next item is no noun of its figure
    assert find(st, "12家").indicator == "推动重点企业完成超低排放改造"


def test_health_levels_per_100000_and_life_expectancy_and_units_working_together():
    st = extract("\n".join([
        "在2025年全市卫生健康工作会议上的讲话",
        "第一，要充分肯定成绩。2024年，全市人均预期寿命达到79.2岁，孕产妇死亡率降至8.5/10万。",
        "第三，要抓好今年重点任务。基层诊疗量占比回升到55%以上。"
        "市卫健委要会同市财政局，在9月底前出台公立医院薪酬制度改革实施方案。",
    ]))
    life = find(st, "79.2岁")
    assert (life.kind, life.value, life.unit) == ("actual", 79.2, "岁")
    maternal = find(st, "8.5/10万")
    assert (maternal.value, maternal.unit, maternal.indicator) == (8.5, "/10万", "孕产妇死亡率")
    assert find(st, "55%").indicator == "基层诊疗量占比"
    assert find(st, "薪酬制度").responsible == ["市卫健委", "市财政局"]


def test_a_note_of_units_alone_names_who_does_the_task():
    st = extract("\n".join([
        "某县2025年卫生健康工作要点",
        "一、重点任务",
        "1.年内新建标准化村卫生室20个。（县卫健局、各乡镇人民政府）",
        "2.6月底前完成家庭医生签约服务包调整。（县人民政府办公室）",
        "3.全年开展义诊活动不少于50场次。（含巡回义诊）",
    ]))
    assert find(st, "20个").responsible == ["县卫健局", "各乡镇人民政府"]
    assert find(st, "服务包调整").responsible == ["县人民政府办公室"]
    assert find(st, "50场次").responsible == []


def test_a_city_notice_signed_by_its_body_reviews_its_counties_then_speaks_for_the_city():
    notice = "\n".join([
        "关于全市基层医疗卫生服务能力提升工作进展情况的通报",
        "截至3月底，全市已有86家乡镇卫生院达到基本标准，达标率为78.2%。",
        "涞水县进展较快，12家乡镇卫生院全部达到基本标准。",
        "易县推进力度较大，新增达标卫生院4家，达标率提高到85%。",
        "阜平县进展滞后，达标率仅为52%，需加快推进。",
        "三、下步要求",
        "确保6月底前全市达标率达到85%以上。阜平县要在4月15日前完成整改方案。",
        "保定市卫生健康委员会",
        "2025年4月8日",
    ])
    st = extract(notice)
    assert find(st, "78.2%").region == "保定市"
    assert find(st, "12家").region == "涞水县"
    assert find(st, "4家").region == "易县"
    assert find(st, "52%").region == "阜平县"
    assert find(st, "85%以上").region == "保定市"


def test_a_progress_notice_reports_until_its_requirements():
    st = extract("\n".join([
        "关于2025年全县农村公路建设进展情况的通报",
        "一、各乡镇进展",
        "城关镇新建农村公路12公里，新建桥梁3座。",
        "二、下步工作要求",
        "各乡镇要加快进度，新建农村公路20公里。",
    ]))
    assert find(st, "12公里").kind == "actual"
    assert find(st, "3座").kind == "actual"
    assert find(st, "20公里").kind == "target"


def test_a_cover_notice_issues_a_plan_whose_figures_are_targets():
    st = extract("\n".join([
        "某县人民政府关于印发2026年县政府工作要点的通知",
        "某政发〔2026〕4号",
        "各乡镇人民政府，县政府直属各单位：",
        "现将《2026年县政府工作要点》印发给你们，请认真贯彻落实。",
        "一、主要预期目标",
        "地区生产总值增长6%，城镇新增就业6500人，一般公共预算收入增长5%。",
    ]))
    assert {find(st, x).kind for x in ("6%", "6500人", "5%")} == {"target"}


def test_a_task_note_is_no_commitment_of_its_own():
    st = extract("\n".join([
        "某县2026年重点工作任务",
        "一、重点任务",
        "1.新建城市公园3个。",
        "（牵头单位：县住建局；责任单位：各乡镇（街道）；完成时限：2026年11月底前）",
    ]))
    assert [s.text for s in st] == ["1.新建城市公园3个"]
    assert st[0].responsible == ["县住建局", "各乡镇（街道）"] and st[0].deadline == "2026-11-30"


def test_a_summary_and_plan_in_one_reviews_its_own_year_then_plans():
    st = extract("\n".join([
        "某市农业农村局2025年工作总结和2026年工作计划",
        "一、2025年工作开展情况",
        "全年建成高标准农田30.4万亩，新增家庭农场120家。",
        "二、2026年工作计划",
        "新建高标准农田32万亩，新增家庭农场150家。",
    ]))
    assert find(st, "30.4万亩").kind == "actual" and find(st, "120家").kind == "actual"
    assert find(st, "32万亩").kind == "target" and find(st, "150家").kind == "target"


def test_a_rank_keeps_the_unit_it_is_written_with():
    st = extract("\n".join(["某县2025年工作总结", "一、工作成效",
                            "地区生产总值增速居全市第4位，医改考核排名第13。"]))
    assert (find(st, "第4位").value, find(st, "第4位").unit) == (4, "位")
    assert (find(st, "排名第13").value, find(st, "排名第13").unit) == (13, "名次")


def test_a_report_copied_without_its_subtitle_speaks_from_the_year_after_its_review():
    from policydocs.clean.document import CleanDocument
    from policydocs.extract.context import document_year

    body = "\n".join(["政府工作报告", "各位代表：", "一、过去一年工作回顾",
                      "2004年，全省经济社会发展取得新成就。全省生产总值增长10.2%。",
                      "二、今年工作的总体要求和主要任务", "全省生产总值增长9%左右。"])
    assert document_year(CleanDocument(source="x.txt", title="政府工作报告", text=body)) == 2005
    planned = body.replace("二、今年工作的总体要求和主要任务", "二、2005年工作总体部署")
    assert document_year(CleanDocument(source="x.txt", title="政府工作报告", text=planned)) == 2005


def test_a_reports_date_is_its_meeting_date_not_the_pages_posting_time():
    from policydocs.clean.document import CleanDocument
    from policydocs.extract.context import document_date

    text = "2026年湖北省政府工作报告\n（二〇二六年一月二十七日在湖北省第十四届人民代表大会第五次会议上）\n各位代表："
    posted = CleanDocument(source="x.html", title="2026年湖北省政府工作报告", text=text, date="2026-02-03")
    assert document_date(posted) == "2026-01-27"
    assert document_date(CleanDocument(source="x.html", title="t", text="各位代表：", date="2026-02-03")) == "2026-02-03"


def test_both_dates_are_stored(tmp_path):
    from policydocs.batch import ingest
    from policydocs.store import open_db

    page = tmp_path / "hubei.html"
    page.write_text("""<html><head><meta charset="utf-8"><meta name="PubDate" content="2026-02-03 09:30">
<title>2026年湖北省政府工作报告</title></head><body><div class="article"><h1>2026年湖北省政府工作报告</h1>
<p>（二〇二六年一月二十七日在湖北省第十四届人民代表大会第五次会议上）</p><p>各位代表：</p>
<p>现在，我代表省人民政府向大会报告工作，请予审议。今年全省地区生产总值增长5.5%左右。</p></div></body></html>""",
                    encoding="utf-8")
    db = tmp_path / "p.db"
    assert ingest([page], db=db).ok
    row = open_db(db).conn.execute("SELECT date, page_date, year FROM documents").fetchone()
    assert row == ("2026-01-27", "2026-02-03", 2026)


def test_a_departments_plan_names_its_sections_as_responsible():
    st = extract("\n".join([
        "某市农业农村局2026年工作计划", "一、重点任务",
        "一是抓好高标准农田建设。新建和改造提升高标准农田35万亩。",
        "牵头科室：农田建设管理科、种植业管理科；责任单位：各县（市、区）农业农村局；完成时限：2026年11月底前。",
    ]))
    fields = find(st, "35万亩")
    assert fields.responsible == ["农田建设管理科", "种植业管理科", "各县（市、区）农业农村局"]
    assert fields.deadline == "2026-11-30"


def test_a_review_of_the_year_and_the_five_year_plan_reports_results():
    st = extract("\n".join([
        "2026年某省政府工作报告", "（2026年1月27日在某省第十四届人民代表大会第四次会议上）",
        "一、2025年和“十四五”时期工作回顾",
        "常住人口城镇化率从2020年的53.2%提升到2025年的57.7%，每年城镇新增就业60万人以上。",
        "三、2026年工作安排", "城镇新增就业60万人以上，到2030年常住人口城镇化率提高到62%。",
    ]))
    kinds = sorted((s.kind, s.value) for s in st)
    assert ("actual", 57.7) in kinds and ("actual", 600000) in kinds
    assert ("target", 600000) in kinds and ("target", 62) in kinds
