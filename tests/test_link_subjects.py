"""Links between indicators about different things are never made, however alike the clauses read
(policydocs.link.subjects; docs/linking.md, "Rules"). The two reports of an invented province are
written here in the genre; their statements are extracted and linked as `policydocs link` would."""

from __future__ import annotations

import pytest

from builders import PROVINCE_PLAN as PLAN, PROVINCE_REVIEW as REVIEW, link_rows as rows
from policydocs.link.candidates import candidates
from policydocs.link.db import Row
from policydocs.link.linker import _scored
from policydocs.link.subjects import bare_change, distinctive, mismatch


@pytest.fixture(scope="module")
def links() -> dict[str, list[str]]:
    """{target clause: [linked actual clauses, best first]} (every target of the plan is a key)."""
    targets = [r for r in rows(PLAN, "plan", 2021, "2021-01-25") if r.record["kind"] == "target"]
    actuals = [r for r in rows(REVIEW, "review", 2022, "2022-01-20") if r.record["kind"] == "actual"]
    by_key = {a.key: a.record["text"] for a in actuals}
    scored = _scored(targets, actuals, candidates(targets, actuals))
    out = {t.record["text"]: [] for t in targets}
    for ti, cands in scored.items():
        out[targets[ti].record["text"]] += [by_key[k] for _, k, _ in sorted(cands, key=lambda c: -c[0])]
    return out


def answers(links, target_fragment: str) -> list[str]:
    keys = [k for k in links if target_fragment in k]
    assert len(keys) == 1, list(links)
    return links[keys[0]]


def test_the_right_actuals_are_still_found(links):
    assert answers(links, "地区生产总值增长7%")[:1] == ["比上年增长7.3%"]
    assert answers(links, "城镇新增就业60万人")[:1] == ["城镇新增就业66万人"]
    assert answers(links, "城镇调查失业率控制在5.5%")[:1] == ["城镇调查失业率5.1%"]
    assert answers(links, "再减少农村低收入人口8万人")[:1] == ["农村低收入人口减少9.3万人"]
    assert answers(links, "农村危房改造8万户")[:1] == ["农村危房改造9.5万户"]
    assert answers(links, "氨氮排放量下降2.5%")[:1] == ["氨氮排放量下降2.8%"]


def test_distinctive_words_of_the_indicators_must_agree(links):
    # only 排放量 下降 agree: another pollutant's figure never answers
    assert answers(links, "化学需氧量排放量要下降2%") == []
    assert answers(links, "二氧化硫排放量下降3%") == []
    # only 财政 专项 资金 agree: 奖补 is not 扶贫
    assert answers(links, "专项奖补资金") == []


def test_a_rate_does_not_answer_its_base(links):
    assert "对全国经济增长的贡献率超过6%" not in answers(links, "地区生产总值增长7%")
    assert mismatch(row("经济增长预期目标7%", "经济增长预期目标", "target", 7),
                    row("对全国经济增长的贡献率超过6%", "对全国经济增长的贡献率", value=6))
    assert not mismatch(row("城镇调查失业率5.5%以内", "城镇调查失业率", "target", 5.5),
                        row("调查失业率5.1%", "调查失业率", value=5.1))
    assert not mismatch(row("空气质量优良天数比例达到85%", "空气质量优良天数比例", "target", 85),
                        row("优良天数比率88.1%", "优良天数比率", value=88.1))  # one share, two words


def test_an_increment_without_a_subject_is_not_answered_by_a_level(links):
    assert answers(links, "增加2万户") == []


def row(text, indicator, kind="actual", value=3.0, unit="%"):
    record = {"doc": kind, "kind": kind, "text": text, "indicator": indicator, "value": value, "value_max": None,
              "unit": unit, "comparator": "=", "deadline": None, "period": None, "responsible": [],
              "strength": None, "region": "青川省"}
    return Row(id=0, key=text, record=record, start=0, end=len(text), section_path=[], doc_date=None,
               doc_year=2021, doc_region="青川省", trust="official", canonical=None, title=None, source=None,
               sentence=text)


def test_per_unit_bases_and_generic_words_are_not_distinctive():
    assert distinctive("单位地区生产总值用水量下降") == ("用水量",)
    assert distinctive("省财政安排专项奖补资金") == ("奖补",)
    assert distinctive("新开工") == ()
    water = row("单位地区生产总值用水量下降14%", "单位地区生产总值用水量下降", "target", 14)
    energy = row("单位地区生产总值能耗下降13%", "单位地区生产总值能耗下降", "target", 13)
    actual = row("单位地区生产总值能耗下降3.2%", "单位地区生产总值能耗下降", value=3.2)
    assert mismatch(water, actual) and not mismatch(energy, actual)
    # the base of a per-unit measure does not name the base itself
    assert mismatch(row("地区生产总值增长7%", "地区生产总值增长", "target", 7), actual)
    # synonyms are one word
    assert not mismatch(row("能源消耗强度降低2.5%以上", "能源消耗强度降低", "target", 2.5), actual)
    # a target whose words are all generic is left to the similarity
    assert not mismatch(row("今年新开工5万套以上", "新开工", "target", 5e4, "套"),
                        row("新开工保障性住房5.6万套", "新开工保障性住房", value=5.6e4, unit="套"))


def test_a_change_is_answered_by_a_change():
    assert bare_change("增加2万户") and bare_change("比上年增长7.3%") and bare_change("今年要再增加3000套")
    assert not bare_change("农村危房改造9.5万户") and not bare_change("减少农村低收入人口8万人")
    inc = row("增加2万户", "农村危房改造增加", "target", 2e4, "户")
    assert mismatch(inc, row("农村危房改造9.5万户", "农村危房改造", value=9.5e4, unit="户"))
    assert not mismatch(inc, row("农村危房改造增加2.3万户", "农村危房改造增加", value=2.3e4, unit="户"))


def test_starts_do_not_answer_completions():
    starts = row("今年棚户区住房改造新开工3万套", "棚户区住房改造新开工", "target", 3e4, "套")
    assert mismatch(starts, row("棚户区住房改造基本建成3.4万套", "棚户区住房改造基本建成", value=3.4e4, unit="套"))
    assert not mismatch(starts, row("棚户区住房改造开工3.3万套", "棚户区住房改造开工", value=3.3e4, unit="套"))
    assert not mismatch(row("基本建成保障性住房2万套", "基本建成保障性住房", "target", 2e4, "套"),
                        row("基本建成2.2万套", "基本建成", value=2.2e4, unit="套"))


def test_an_actual_of_another_scale_does_not_answer():
    from policydocs.link.scoring import assess

    target = row("今年保障性住房新开工3万套", "保障性住房新开工", "target", 3e4, "套")
    assert assess(target, row("保障性住房新开工3.4万套", "保障性住房新开工", value=3.4e4, unit="套"), 0.9)
    assert assess(target, row("保障性住房新开工18万套", "保障性住房新开工", value=1.8e5, unit="套"), 0.9) is None


def test_a_part_does_not_answer_the_sum():
    # 减税 is part of 减税降费: the 2019 report's 1.3万亿 of 减税降费 does not answer 2018's 减税8000亿
    tax = row("全年再为企业和个人减税8000多亿元", "全年再为企业和个人减税", "target", 8e11, "元")
    both = row("全年为企业和个人减税降费约1.3万亿元", "全年为企业和个人减税降费", "actual", 1.3e12, "元")
    assert mismatch(tax, both) == "合计与分项"
    assert mismatch(row("出口增长5%", "出口增长", "target", 5), row("进出口增长3.4%", "进出口增长", "actual", 3.4))
    same = row("减税降费1.2万亿元", "减税降费", "actual", 1.2e12, "元")
    assert not mismatch(row("减税降费1万亿元以上", "减税降费", "target", 1e12, "元"), same)
