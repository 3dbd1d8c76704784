"""Items of a 分别 list each take their own indicator (policydocs.extract.lists). Sentences written
here in the genre of an invented province's work report."""

from policydocs.acquire.document import RawDocument
from policydocs.pipeline import process_raw


def indicators(sentence: str) -> list[tuple[float, str]]:
    text = "青川省2022年政府工作报告\n二、2022年主要目标任务\n" + sentence + "\n"
    st = process_raw(RawDocument(source="report.txt", format="text", text=text)).statements
    return [(s.value, s.indicator) for s in st]


def test_each_figure_takes_its_item_and_a_per_unit_base_goes_to_every_item():
    assert indicators("“十四五”期间，单位地区生产总值用水量、能耗、二氧化碳排放量分别下降14%、13%、17%。") == [
        (14, "单位地区生产总值用水量下降"), (13, "单位地区生产总值能耗下降"), (17, "单位地区生产总值二氧化碳排放量下降")]


def test_an_item_without_a_head_borrows_the_last_items_head():
    assert indicators("二氧化硫、氮氧化物排放要分别减少4%左右和3%左右。") == [
        (4, "二氧化硫排放减少"), (3, "氮氧化物排放减少")]
    assert indicators("城镇、农村居民人均可支配收入分别增长6%和7.5%。") == [
        (6, "城镇居民人均可支配收入增长"), (7.5, "农村居民人均可支配收入增长")]
    assert indicators("粮食、油料产量分别增长2%及3%。") == [(2, "粮食产量增长"), (3, "油料产量增长")]


def test_one_figure_for_several_items_is_each_items_and_a_word_naming_two_stays_whole():
    # (the gold of whole reports labels one record per item: each is a row of the checklist)
    assert indicators("今年化学需氧量、氨氮排放量要分别下降2%。") == [(2, "化学需氧量下降"), (2, "氨氮排放量下降")]
    assert indicators("城乡低保标准提高6%。") == [(6, "城乡低保标准提高")]


def test_one_word_naming_two_items_is_spelled_out():
    assert indicators("城乡居民人均可支配收入分别增长6%和7%。") == [
        (6, "城镇居民人均可支配收入增长"), (7, "农村居民人均可支配收入增长")]
    assert indicators("城乡低保标准分别提高6%和9%。") == [(6, "城市低保标准提高"), (9, "农村低保标准提高")]
    assert indicators("进出口分别增长5%和3%。") == [(5, "进口增长"), (3, "出口增长")]


def test_one_figure_shared_by_a_list_of_measures_is_each_ones():
    from builders import extract

    st = extract("\n".join(["某省2026年政府工作报告", "二、2026年主要目标",
                            "化学需氧量、氨氮排放量要分别下降2%，社会消费品零售总额、固定资产投资增长4%左右。",
                            "新建学校、医院20所。", "计算机通信、航空航天制造等新兴产业税收增长30%以上。"]))
    rows = [(s.indicator, s.value, s.unit) for s in st]
    assert ("化学需氧量下降", 2, "%") in rows and ("氨氮排放量下降", 2, "%") in rows
    assert ("社会消费品零售总额增长", 4, "%") in rows and ("固定资产投资增长", 4, "%") in rows
    assert sum(1 for s in st if s.value == 20) == 1  # a count of both: one total, not one each
    assert sum(1 for s in st if s.value == 30) == 1  # examples of one category (等): one measure


def test_an_item_with_its_own_verb_does_not_share_the_figure():
    from builders import extract

    st = extract("\n".join(["2019年政府工作报告", "一、2018年工作回顾",
                            "中央对地方一般性转移支付规模大幅增加、专项转移支付项目减少三分之二。",
                            "全社会研发经费投入、高技术制造业增加值年均增长10%左右。"]))
    assert sum(1 for s in st if s.value == 66.67) == 1  # one figure, one measure
    assert sum(1 for s in st if s.value == 10) == 2  # 增加值 is a measure, not a verb
