"""Unit families, direction, tolerance and status rules of the linker, without a database."""

from __future__ import annotations

import pytest

from policydocs.link import units
from policydocs.link.model import IN_PROGRESS, MET, NOT_DUE, NOT_MET, OVERDUE_UNREPORTED
from policydocs.link.status import compare, direction, is_reduction, status, tolerance


def t(text, value, unit="%", comparator="=", indicator="", deadline="2016-12-31", value_max=None):
    return {"text": text, "value": value, "value_max": value_max, "unit": unit, "comparator": comparator,
            "indicator": indicator, "deadline": deadline}


def a(text, value, unit="%"):
    return {"text": text, "value": value, "unit": unit}


def test_unit_families():
    assert units.compatible("%", "%") and units.compatible("人次", "人次")
    assert units.compatible("元", "亿元") and units.convert(1.4, "亿元", "元") == pytest.approx(1.4e8)
    assert not units.compatible("个百分点", "%")
    assert not units.compatible("人", "户") and not units.compatible("元", "美元")
    assert units.convert(500, "公斤", "吨") == pytest.approx(0.5)
    assert units.convert(3, "‰", "%") == pytest.approx(0.3)
    assert units.family(None) is None and not units.compatible(None, None)


def test_direction_follows_the_lexicon_rules():
    assert direction("~", "国内生产总值", "国内生产总值增长6.5%左右") == "up"
    assert direction("~", "居民消费价格涨幅", "居民消费价格涨幅3%左右") == "down"
    assert direction("<=", "城镇登记失业率", "城镇登记失业率4.5%以内") == "down"
    assert direction(">=", "单位国内生产总值能耗", "单位国内生产总值能耗下降3.4%以上") == "up"
    assert is_reduction("能耗下降3.4%以上") and not is_reduction("贫困发生率下降到3%以下")


def test_the_head_word_is_the_word_that_ends_last_longest_on_ties():
    from policydocs.link.status import _head_word, lexicon

    def by_last_occurrence(phrase, words):  # the definition: every word's last occurrence
        found = [(phrase.rfind(w) + len(w), len(w)) for w in words if w in phrase]
        return max(found, default=(-1, 0))

    phrases = ["", "城镇登记失业率控制在4.5%以内", "居民消费价格涨幅3%左右", "单位国内生产总值能耗下降3.4%",
               "能耗能耗", "失业率就业", "就业失业率", "居民人均可支配收入增长与经济增长同步", "a.b*c(d"]
    for words in (*lexicon().values(), ["a.b", "*c", "(d", "b*c("], []):
        for phrase in phrases:
            assert _head_word(phrase, words) == by_last_occurrence(phrase, words), (phrase, words)


def test_about_tolerance_both_ways():
    target = t("国内生产总值增长6.5%左右", 6.5, comparator="~", indicator="国内生产总值")
    assert compare(target, a("增长6.7%", 6.7))[0] and compare(target, a("增长6.4%", 6.4))[0]
    assert not compare(target, a("增长6.0%", 6.0))[0]
    assert tolerance(6.5, "6.5%左右") == pytest.approx(0.13)
    cpi = t("居民消费价格涨幅3%左右", 3, comparator="~", indicator="居民消费价格涨幅")
    assert compare(cpi, a("居民消费价格上涨2%", 2))[0] and not compare(cpi, a("上涨3.5%", 3.5))[0]


def test_range_target_uses_its_lower_end():
    target = t("国内生产总值增长6.5%－7%", 6.5, value_max=7, indicator="国内生产总值")
    assert compare(target, a("增长6.7%", 6.7)) [0]
    assert not compare(target, a("增长6.2%", 6.2))[0]


def test_reduction_and_a_rise_against_it():
    target = t("能耗下降3.4%以上", 3.4, comparator=">=", indicator="能耗")
    met, share, _ = compare(target, a("能耗下降5%", 5))
    assert met and share == pytest.approx(5 / 3.4)
    met, share, _ = compare(target, a("能耗上升2%", 2))
    assert not met and share < 0


def test_a_ceiling_has_no_share_done():
    # (CPI涨幅3%左右 against an actual of 0.2% once showed 完成率 1500%)
    target = t("失业率控制在5.5%以内", 5.5, comparator="<=", indicator="失业率")
    assert compare(target, a("失业率为5.2%", 5.2))[:2] == (True, None)
    assert compare(target, a("失业率为5.8%", 5.8))[:2] == (False, None)
    cpi = t("居民消费价格涨幅3%左右", 3, comparator="~", indicator="居民消费价格涨幅")
    assert compare(cpi, a("居民消费价格上涨0.2%", 0.2))[:2] == (True, None)


def test_statuses():
    target = t("新建村卫生室300个", 300, unit="个", deadline="2023-12-31")
    assert status(target, a("新建320个", 320, "个"), "2024-06-01")[0] == MET
    assert status(target, a("新建200个", 200, "个"), "2023-10-01")[0] == IN_PROGRESS
    assert status(target, a("新建200个", 200, "个"), "2024-06-01")[0] == NOT_MET
    assert status(target, None, "2024-06-01")[0] == OVERDUE_UNREPORTED
    assert status(target, None, "2023-06-01")[0] == NOT_DUE
    assert status(dict(target, deadline=None), None, "2030-01-01")[0] == NOT_DUE
    no_figure = t("完成改革", None, unit=None, deadline="2023-12-31")
    assert status(no_figure, a("完成改革", None, None), "2024-06-01")[0] == NOT_MET
    assert status(no_figure, a("完成改革", None, None), "2024-06-01", reviewed=True)[0] == MET
    assert status(target, a("新建320家", 320, "家"), "2024-06-01")[0] == NOT_MET  # units not comparable


def row(key, kind, text, value, unit="%", *, region="全国", year=2016, date=None, deadline=None, period=None,
        indicator=None, doc=None):
    from policydocs.link.db import Row

    record = {"doc": doc or f"{region}{year}", "kind": kind, "text": text, "indicator": indicator or text,
              "value": value, "value_max": None, "unit": unit, "comparator": "=", "deadline": deadline,
              "period": period, "responsible": [], "strength": None, "region": region}
    return Row(id=0, key=key, record=record, start=0, end=len(text), section_path=[], doc_date=date, doc_year=year,
               doc_region=region, trust="official", canonical=None, title=None, source=None, sentence=text)


def linked(targets, actuals):
    from policydocs.link.linker import _scored
    from policydocs.link.candidates import candidates

    scored = _scored(targets, actuals, candidates(targets, actuals))
    return {targets[ti].key: [k for _, k, _ in v] for ti, v in scored.items()}


def test_only_later_documents_of_the_same_jurisdiction_for_the_deadline_year():
    target = row("t", "target", "城镇登记失业率4.5%以内", 4.5, indicator="城镇登记失业率", deadline="2016-12-31")
    ok = row("ok", "actual", "城镇登记失业率4.02%", 4.02, indicator="城镇登记失业率", year=2017, period="2016")
    others = [
        row("province", "actual", "城镇登记失业率4.02%", 4.02, indicator="城镇登记失业率", year=2017, period="2016",
            region="河北省"),
        row("earlier", "actual", "城镇登记失业率4.05%", 4.05, indicator="城镇登记失业率", year=2015, period="2015"),
        row("after", "actual", "城镇登记失业率3.9%", 3.9, indicator="城镇登记失业率", year=2019, period="2018"),
        row("review", "actual", "城镇登记失业率4%", 4.0, indicator="城镇登记失业率", year=2017, period="2012/2016"),
        row("points", "actual", "城镇登记失业率下降0.1个百分点", 0.1, unit="个百分点", indicator="城镇登记失业率",
            year=2017, period="2016"),
    ]
    assert linked([target], [ok] + others) == {"t": ["ok"]}
    assert linked([target], others) == {}


def test_no_jurisdiction_no_figure_no_link():
    from policydocs.link.candidates import block_of

    assert block_of(row("a", "target", "完成改革", None, unit=None)) is None
    assert block_of(row("b", "target", "覆盖率90%", 90, region=None)) is None
    assert row("c", "actual", "XX市覆盖率99%", 99, region="XX市").excluded


def test_one_year_of_a_several_year_flow_target_has_no_share():
    """十三五-style targets due in 2020 against a result for one year before it."""
    jobs = t("五年城镇新增就业5000万人以上", 5e7, unit="人", comparator=">=", deadline="2020-12-31")
    one_year = dict(a("城镇新增就业1351万人", 1.351e7, "人"), period="2017")
    state, share, reasons = status(jobs, one_year, "2018-03-05")
    assert (state, share) == (IN_PROGRESS, None) and "不计完成率" in reasons[-1]
    assert status(jobs, one_year, "2021-03-05")[0] == OVERDUE_UNREPORTED  # the total was never reported
    cut = t("单位国内生产总值能耗下降15%", 15, deadline="2020-12-31")
    assert status(cut, dict(a("能耗下降3.1%", 3.1), period="2018"), "2019-03-05")[:2] == (IN_PROGRESS, None)
    # The total for the whole span is compared as usual.
    assert status(jobs, dict(a("五年城镇新增就业6000万人", 6e7, "人"), period="2016-2020"), "2021-03-05")[0] == MET
    assert status(jobs, dict(a("五年城镇新增就业4500万人", 4.5e7, "人"), period="2016-2020"),
                  "2021-03-05")[:2] == (NOT_MET, pytest.approx(0.9))


def test_a_level_target_is_compared_in_any_year():
    share_target = t("科技进步贡献率达到60%", 60, comparator=">=", deadline="2020-12-31")
    state, share, _ = status(share_target, dict(a("科技进步贡献率提高到58.5%", 58.5), period="2018"), "2019-03-05")
    assert state == IN_PROGRESS and share == pytest.approx(0.975)
    annual = t("城镇新增就业1100万人以上", 1.1e7, unit="人", comparator=">=", deadline="2018-12-31")
    assert status(annual, dict(a("城镇新增就业1000万人", 1e7, "人"), period="2018"),
                  "2019-03-05")[:2] == (NOT_MET, pytest.approx(1 / 1.1))


def test_a_flow_over_several_years_is_not_answered_by_one_year_of_it():
    jobs = row("jobs", "target", "实现城镇新增就业5000万人以上", 50000000, unit="人", indicator="城镇新增就业",
               deadline="2020-12-31")
    one_year = row("2017", "actual", "城镇新增就业1351万人", 13510000, unit="人", indicator="城镇新增就业",
                   year=2018, period="2017")
    five_years = row("five", "actual", "五年城镇新增就业6564万人", 65640000, unit="人", indicator="城镇新增就业",
                     year=2021, period="2016/2020")
    assert linked([jobs], [one_year, five_years]) == {"jobs": ["five"]}
    # a level is read at any time: the latest reading answers it
    share = row("share", "target", "科技进步贡献率达到60%", 60, indicator="科技进步贡献率", deadline="2020-12-31")
    reading = row("r", "actual", "科技进步贡献率提高到58.5%", 58.5, indicator="科技进步贡献率", year=2019, period="2018")
    assert linked([share], [reading]) == {"share": ["r"]}
