"""Responsible units and time limits from a division-of-labour plan (重点工作任务分工方案): each task
is matched to the target of the work report it divides (same jurisdiction, year, figure and a
similar indicator); the target takes the task's units and time limit, with the plan named, and the
task is no checklist row of its own. Plans come as text, as Word tables and as web-page tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydocs.batch import ingest
from policydocs.link import correct, linked_targets

REPORT = """定州市2026年政府工作报告

——2026年1月20日在定州市第七届人民代表大会第六次会议上

一、2025年工作回顾
过去一年，全市地区生产总值增长5.8%，城镇新增就业9100人。

二、2026年主要目标和重点工作
今年全市经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业9000人以上，居民人均可支配收入增长6%。
（一）扎实推进民生实事。新建标准化村卫生室40个，改造提升农村公路120公里，新增普惠性幼儿园学位2000个。
"""
# the same city's plan dividing those targets; one task (幼儿园) the report has with another figure
TASKS = [
    ("地区生产总值增长6%左右", "市发展改革局", "各乡镇（街道）", "2026年12月底前"),
    ("城镇新增就业9000人以上", "市人力资源社会保障局", "各乡镇（街道）", "2026年12月底前"),
    ("新建标准化村卫生室40个", "市卫生健康局", "市财政局、各乡镇（街道）", "2026年9月底前"),
    ("改造提升农村公路120公里", "市交通运输局", "市财政局", "2026年10月底前"),
    ("新增普惠性幼儿园学位1500个", "市教育局", "各乡镇（街道）", "2026年8月底前"),
]
TITLE = "定州市2026年政府工作报告重点工作任务分工方案"
OPENING = "为确保《政府工作报告》确定的各项目标任务落到实处，现将重点工作任务分解如下。"
SIGNATURE = ["定州市人民政府办公室", "2026年2月5日"]
# a county's report with the same figure must never take the city's units
COUNTY = REPORT.replace("定州市", "安国市").replace("第七届", "第八届")


def plan_as_text(path: Path) -> Path:
    lines = [TITLE, "", OPENING]
    for n, (task, lead, also, limit) in enumerate(TASKS, 1):
        lines.append(f"{n}.{task}。牵头单位：{lead}；责任单位：{also}；完成时限：{limit}。")
    path.write_text("\n".join(lines + [""] + SIGNATURE) + "\n", encoding="utf-8")
    return path


def plan_as_word(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(OPENING)
    table = document.add_table(rows=len(TASKS) + 1, cols=5)
    for r, cells in enumerate([("序号", "工作任务", "牵头单位", "责任单位", "完成时限")]
                              + [(str(n),) + t for n, t in enumerate(TASKS, 1)]):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    for line in SIGNATURE:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def plan_as_page(path: Path) -> Path:
    rows = "".join(f"<tr><td>{n}</td><td>{t}</td><td>{lead}</td><td>{also}</td><td>{limit}</td></tr>"
                   for n, (t, lead, also, limit) in enumerate(TASKS, 1))
    path.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>{TITLE}_定州市人民政府</title></head>
<body><div class="nav">首页 &gt; 政务公开 &gt; 政策文件</div>
<div class="article"><h1>{TITLE}</h1><p>{OPENING}</p>
<table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>责任单位</th><th>完成时限</th></tr>{rows}</table>
<p>{SIGNATURE[0]}</p><p>{SIGNATURE[1]}</p></div><div class="footer">版权所有：定州市人民政府</div></body></html>""",
                    encoding="utf-8")
    return path


@pytest.fixture(params=["text", "word", "page"])
def db(request, tmp_path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "定州市2026年政府工作报告.txt").write_text(REPORT, encoding="utf-8")
    (docs / "安国市2026年政府工作报告.txt").write_text(COUNTY, encoding="utf-8")
    make = {"text": (plan_as_text, ".txt"), "word": (plan_as_word, ".docx"), "page": (plan_as_page, ".html")}
    build, suffix = make[request.param]
    build(docs / f"{TITLE}{suffix}")
    path = tmp_path / "policydocs.db"
    report = ingest([docs], db=path)
    assert report.ok, report.summary()
    return path


def rows(db, region="定州"):
    return {r.target.record["text"]: r for r in linked_targets(db, as_of="2026-06-01", region=region)}


def test_each_target_takes_the_units_and_time_limit_of_its_task(db):
    got = rows(db)
    clinics = got["新建标准化村卫生室40个"]
    assert clinics.target.doc_title.startswith("定州市2026年政府工作报告")
    assert clinics.target.record["responsible"] == ["市卫生健康局", "市财政局", "各乡镇（街道）"]
    assert clinics.target.record["deadline"] == "2026-09-30"
    assert any(why.startswith(f"据《{TITLE}》") for why in clinics.reasons)
    assert got["改造提升农村公路120公里"].target.record["deadline"] == "2026-10-31"
    assert got["城镇新增就业9000人以上"].target.record["responsible"][0] == "市人力资源社会保障局"


def test_a_task_is_no_row_of_its_own_once_folded_into_its_target(db):
    got = rows(db)
    assert not [t for t in got if "分工方案" in (got[t].target.doc_title or "")
                and any(w in t for w in ("村卫生室", "农村公路", "城镇新增就业"))]


def test_a_different_figure_or_place_is_not_the_task_of_a_target(db):
    got = rows(db)
    kindergartens = got["新增普惠性幼儿园学位2000个"]  # the plan says 1500: not this target's task
    assert kindergartens.target.record["responsible"] == []
    assert kindergartens.target.record["deadline"] == "2026-12-31"
    county = rows(db, region="安国")
    assert county and all(not r.target.record["responsible"] for r in county.values())


def test_a_persons_correction_wins_over_the_plan(db):
    clinics = rows(db)["新建标准化村卫生室40个"]
    correct(db, clinics.target.key, "deadline", "2026-11-30")
    assert rows(db)["新建标准化村卫生室40个"].target.record["deadline"] == "2026-11-30"
