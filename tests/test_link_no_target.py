"""A year that sets no target for an indicator gets none invented (as the 2020 national report
set no GDP target): the next year's result for it answers nothing, and the checklist has no row."""

from __future__ import annotations

import pytest

from policydocs.link import linked_targets
from policydocs.link.model import MET
from policydocs.report import checklist_rows
from policydocs.batch import ingest

REPORTS = {
    "贵州省2019年政府工作报告.txt": """贵州省2019年政府工作报告

2019年1月20日在贵州省第十三届人民代表大会第二次会议上

一、2018年工作回顾
过去一年，全省地区生产总值增长7.1%，城镇新增就业63万人。
二、2019年工作总体要求和主要目标
今年全省经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，城镇新增就业60万人以上，城镇登记失业率控制在4%以内，居民消费价格涨幅3%左右。
""",
    "贵州省2020年政府工作报告.txt": """贵州省2020年政府工作报告

2020年5月12日在贵州省第十三届人民代表大会第三次会议上

一、2019年工作回顾
过去一年，全省地区生产总值增长6.8%，城镇新增就业62万人，城镇登记失业率3.5%，居民消费价格上涨2.9%。
二、2020年主要目标和重点工作
今年全省发展的主要预期目标是：城镇新增就业50万人以上，城镇调查失业率6%左右，居民消费价格涨幅3.5%左右。我们没有提出全年地区生产总值增长的具体目标，主要是因为疫情影响和经贸环境存在很大不确定性。
""",
    "贵州省2021年政府工作报告.txt": """贵州省2021年政府工作报告

2021年1月25日在贵州省第十三届人民代表大会第四次会议上

一、2020年工作回顾
过去一年，全省地区生产总值增长2.5%，城镇新增就业55万人，城镇调查失业率5.6%，居民消费价格上涨2.6%。
二、2021年主要目标
今年全省经济社会发展的主要预期目标是：地区生产总值增长6%以上，城镇新增就业55万人以上，城镇调查失业率5.5%左右。
""",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("no_target")
    (root / "in").mkdir()
    for name, text in REPORTS.items():
        (root / "in" / name).write_text(text, encoding="utf-8")
    report = ingest([root / "in"], db=root / "t.db")
    assert report.ok
    return root / "t.db"


def gdp(rows):
    return {r.target.record["doc"]: r for r in rows if "生产总值" in (r.target.record["indicator"] or "")}


def test_no_gdp_target_is_invented_for_the_year_that_set_none(db):
    rows = linked_targets(db, as_of="2022-03-01")
    targets = gdp(rows)
    assert set(targets) == {"贵州省2019年政府工作报告", "贵州省2021年政府工作报告"}
    met = targets["贵州省2019年政府工作报告"]
    assert met.actual.record["value"] == 6.8 and met.status == MET
    # The 2020 result (2.5%) answers no target: 2019's was due at the end of 2019.
    assert all(r.actual is None or r.actual.record["value"] != 2.5 for r in rows)


def test_the_other_targets_of_that_year_still_link(db):
    rows = linked_targets(db, as_of="2022-03-01")
    jobs = [r for r in rows if r.target.record["doc"] == "贵州省2020年政府工作报告"
            and "新增就业" in r.target.record["text"]]
    assert len(jobs) == 1 and jobs[0].actual.record["value"] == 550000 and jobs[0].status == MET


def test_the_checklist_has_no_row_for_the_missing_target(db):
    rows = checklist_rows(db, as_of="2022-03-01")
    gdp_rows = [r for r in rows if "生产总值" in r["指标"]]
    assert len(gdp_rows) == 2
    assert not any("2020年政府工作报告" in r["出处"] and "生产总值" in r["指标"] for r in rows)
