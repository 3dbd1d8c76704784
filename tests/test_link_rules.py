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


def test_ceiling_share():
    target = t("失业率控制在5.5%以内", 5.5, comparator="<=", indicator="失业率")
    met, share, _ = compare(target, a("失业率为5.2%", 5.2))
    assert met and share == pytest.approx(5.5 / 5.2)
    assert not compare(target, a("失业率为5.8%", 5.8))[0]


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
