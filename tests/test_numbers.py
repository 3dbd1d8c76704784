import pytest

from policydocs.extract.numbers import find_quantities, parse_number, unit_family


def one(sentence, **kw):
    qs = find_quantities(sentence, keep_skipped=False)
    assert len(qs) == 1, qs
    q = qs[0]
    for key, val in kw.items():
        assert getattr(q, key) == val, (key, q)
    assert sentence[q.start:q.end] == q.text
    return q


@pytest.mark.parametrize("text, value, unit, qtext", [
    ("全年开展远程会诊1200万人次", 12000000, "人次", "1200万人次"),
    ("惠及群众一千二百万人", 12000000, "人", "一千二百万人"),
    ("医保基金结余1.2万元", 12000, "元", "1.2万元"),
    ("全年下达补助资金9.16亿元", 916000000, "元", "9.16亿元"),
    ("粮食产量达到1.3万亿斤", 1300000000000, "斤", "1.3万亿斤"),
    ("规模以上企业1,200家", 1200, "家", "1,200家"),
    ("新增装机1200万千瓦", 12000000, "千瓦", "1200万千瓦"),
    ("城乡居民医保财政补助标准提高到每人每年640元", 640, "元", "640元"),
    ("起付线调整为800元/人", 800, "元/人", "800元/人"),
    ("人均预期寿命达到78.5岁", 78.5, "岁", "78.5岁"),
    ("办结时限压缩至15个工作日", 15, "个工作日", "15个工作日"),
    ("院前急救平均反应时间缩短3个月", 3, "个月", "3个月"),
])
def test_values_and_units(text, value, unit, qtext):
    one(text, value=value, unit=unit, text=qtext)


def test_multiplier_is_not_part_of_unit():
    q = one("县域内住院人次达到3.5万人次")
    assert (q.value, q.unit, unit_family(q.unit)) == (35000, "人次", "count")


@pytest.mark.parametrize("text, value, unit", [
    ("县域内就诊率达到百分之九十", 90, "%"),
    ("孕产妇死亡率控制在千分之零点五", 0.5, "‰"),
    ("基层诊疗量占比提高5个百分点", 5, "个百分点"),
    ("三级医院平均住院日下降3.5%", 3.5, "%"),
    ("家庭医生签约覆盖率达到75％", 75, "%"),
])
def test_ratios(text, value, unit):
    q = one(text, value=value, unit=unit)
    assert q.family == "ratio"


@pytest.mark.parametrize("text, value, vmax, unit", [
    ("每个县组建3-5个紧密型医共体", 3, 5, "个"),
    ("每个乡镇选派4—5个专家团队", 4, 5, "个"),
    ("每县建设1—2家县域医疗次中心", 1, 2, "家"),
    ("培育3至5个特色专科", 3, 5, "个"),
    ("设立三至五个试点", 3, 5, "个"),
    ("给予5-10万元奖励", 50000, 100000, "元"),
    ("经济增长6.5%－7%", 6.5, 7, "%"),
    ("安排专项资金1亿至2亿元", 100000000, 200000000, "元"),
])
def test_ranges(text, value, vmax, unit):
    one(text, value=value, value_max=vmax, unit=unit)


@pytest.mark.parametrize("text, value, approx, qtext", [
    ("全年开展义诊13000余人次", 13000, "余", "13000余人次"),
    ("下沉帮扶近2000人次", 2000, "近", "近2000人次"),
    ("培训基层医务人员2万余人", 20000, "余", "2万余人"),
    ("棚户区住房改造620多万套", 6200000, "多", "620多万套"),
    ("惠及群众10余万人", 100000, "余", "10余万人"),
    ("参训人员千余人", 1000, "余", "千余人"),
    ("节约医保资金约2000万元", 20000000, "约", "约2000万元"),
])
def test_hedges(text, value, approx, qtext):
    one(text, value=value, approx=approx, text=qtext)


def test_zuoyou_is_hedge_and_comparator():
    one("调查失业率控制在5.5%左右", value=5.5, approx="左右", comparator_after="左右", comparator_before="控制在")


def test_jin_before_years_means_recent_not_nearly():
    one("近3年累计投入资金", value=3, unit="年", approx=None)


@pytest.mark.parametrize("text, before, after", [
    ("到2025年底，全市家庭医生签约覆盖率达到75%以上", "达到", "以上"),
    ("每个县不少于3个紧密型医共体", "不少于", None),
    ("药占比控制在30%以内", "控制在", "以内"),
    ("县域内就诊率超过90%", "超过", None),
    ("次均费用增幅不高于5%", "不高于", None),
    ("新增名医工作室3个以上", None, "以上"),
    ("服务业贡献率接近60%", "接近", None),
    ("二级及以上医院10家及以上", None, "及以上"),
])
def test_comparators(text, before, after):
    q = [q for q in find_quantities(text, keep_skipped=False)][-1]
    assert (q.comparator_before, q.comparator_after) == (before, after)


def test_comparators_are_not_in_span():
    q = one("力争达到95%以上")
    assert q.text == "95%" and q.comparator_before == "力争达到"


def test_chinese_counts_and_durations():
    one("落实两个允许要求的同时新增两个中心", value=2, unit="个", text="两个")
    one("用三年时间完成改造", value=3, unit="年")


def test_full_coverage_reads_as_100_percent():
    one("实现家庭医生签约服务全覆盖", value=100, unit="%", text="全覆盖")


@pytest.mark.parametrize("text, reason", [
    ("2025年", "year"),
    ("2024—2025年", "year"),
    ("二〇二五年", "year"),
    ("5月13日", "date"),
    ("1—4月", "date"),
    ("一季度", "date"),
    ("13日", "date"),
    ("17:30", "time"),
    ("17时30分", "time"),
    ("〔2024〕3号", "doc_number"),
    ("提升数字化医共体“十张网”运行效能", "name"),
    ("实施“135人才”工程", "name"),
    ("落实“两个允许”要求", "name"),
    ("实施“三名”工程", "name"),
    ("深入贯彻中央八项规定精神", "name"),
    ("第3批试点", "ordinal"),
    ("印发《2024年卫生健康工作要点》", "year"),
    ("印发《健康中国2030》", "title"),
    ("细颗粒物（PM2.5）浓度下降", "code"),
    ("推进5G网络建设", "code"),
    ("每千人口医疗机构床位数", "per"),
])
def test_figures_that_are_not_quantities(text, reason):
    qs = find_quantities(text)
    assert qs and all(q.is_date_or_name == reason for q in qs), qs
    assert find_quantities(text, keep_skipped=False) == []


def test_heading_numbers_are_flagged():
    text = "1.加强人才培养。\n（2）推进智慧医疗。\n2、完善机制"
    reasons = [q.is_date_or_name for q in find_quantities(text)]
    assert reasons == ["heading", "heading", "heading"]


def test_words_with_numerals_are_not_quantities():
    for text in ["三医联动", "一起推进", "十分重要", "零部件", "一体化", "最后一公里", "千方百计", "进一步"]:
        assert find_quantities(text, keep_skipped=False) == [], text


def test_135_rencai_keeps_figure_but_flags_name():
    qs = find_quantities("135人才")
    assert [(q.value, q.unit, q.is_date_or_name) for q in qs] == [(135, None, "name")]


def test_sentence_with_several_figures():
    text = "到2025年底，全市组建紧密型医共体12个，覆盖80%的乡镇卫生院，5月13日召开推进会，投入1.2亿元。"
    got = [(q.text, q.value, q.unit, q.is_date_or_name) for q in find_quantities(text)]
    assert got == [("2025年", 2025, "年", "year"), ("12个", 12, "个", None), ("80%", 80, "%", None),
                   ("5月13日", None, None, "date"), ("1.2亿元", 120000000, "元", None)]


def test_fullwidth_digits_offsets_into_original():
    text = "新增床位１２００张"
    q = one(text, value=1200, unit="张")
    assert q.text == "１２００张"


@pytest.mark.parametrize("raw, value", [
    ("1,200", 1200), ("1.2万", 12000), ("一千二百万", 12000000), ("三点五", 3.5), ("一万二", 12000),
    ("一百零五", 105), ("一亿二千万", 120000000), ("两千", 2000), ("9.16亿", 916000000), ("十四五", None),
])
def test_parse_number(raw, value):
    assert parse_number(raw) == value


def test_may_hold_quantity_never_rejects_a_text_with_a_figure():
    from policydocs.extract.numbers import _lex, may_hold_quantity

    texts = ["进一步深化改革", "一是加强统一领导", "排名全省第一", "百分之九十", "三至五个", "十余个", "三万人",
             "一百", "二〇二五年", "实现全覆盖", "５个", "8.5/10万", "约五成"]
    texts += [pre + num + unit for unit in _lex().units for num in ("三", "十", "两", "一百") for pre in ("", "新建")]
    for text in texts:
        kept = [q for q in find_quantities(text)
                if (not q.is_date_or_name and q.value is not None) or q.is_date_or_name == "ordinal"]
        assert may_hold_quantity(text) or not kept, text
    # and the point of it: numerals inside words are no figures and are skipped
    assert not may_hold_quantity("进一步深化改革，一是加强统一领导")


def test_full_width_digits_and_marks_are_read_as_ascii():
    from policydocs.extract.numbers import _FW
    from policydocs.extract.numerals import CharMap

    assert _FW("达到９０．５％，２０２５－２０２７年") == "达到90.5%，2025-2027年"
    plain = "签约率达到75%"
    assert _FW(plain) is plain  # nothing to map: the text itself, no copy
    assert CharMap("ａ-", "a_")("ａ-b") == "a_b"  # (a dash in the table is a character, not a range)
    assert [q.value for q in find_quantities("新建床位１２０张")] == [120]


def test_a_fraction_in_words_is_a_share_in_percent():
    from policydocs.extract.numbers import find_quantities

    def shares(text):
        return [(q.text, q.value, q.unit) for q in find_quantities(text) if not q.is_date_or_name]

    assert shares("整体通关时间再压缩三分之一") == [("三分之一", 33.33, "%")]
    assert shares("工程建设项目审批时间再压减一半") == [("一半", 50, "%")]
    assert shares("五分之二以上") == [("五分之二", 40, "%")]
    assert shares("百分之三十") == [("百分之三十", 30, "%")]  # a percentage, read once
    assert shares("统一半导体标准") == []  # 一半 inside other words


def test_a_figure_written_in_two_parts_is_one_figure():
    from policydocs.extract.numbers import find_quantities

    def values(text):
        return [(q.value, q.unit) for q in find_quantities(text) if not q.is_date_or_name]

    assert values("高速铁路运营里程增加到2万5千公里") == [(25000, "公里")]
    assert values("投资3亿2千万元") == [(320000000, "元")]
    assert values("新增5万千瓦") == [(50000, "千瓦")]  # 千瓦 is the unit, not a part
