"""End to end: two documents of the genre ingested, linked, and handed out as an xlsx checklist.

A 2023 保定市 plan with three targets (two due at the end of 2023, one in 2025) and the
city health commission's 2023 work summary, written in January 2024, reporting two actuals.
Written for this test.
"""

from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from policydocs.cli_report import COMMANDS as REPORT_COMMANDS
from policydocs.cli_store import COMMANDS as STORE_COMMANDS
from policydocs.report import EMPTY_NOTE, HEADERS

PLAN = """保定市2023年深化医药卫生体制改革实施方案
（2023年3月1日）
一、总体要求
以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，坚持以人民健康为中心，深化医药卫生体制改革。
二、重点任务
（一）推进紧密型县域医共体建设。到2023年底，全市紧密型县域医共体覆盖率达到90%以上。（责任单位：市卫生健康委）
（二）做实家庭医生签约服务。2023年，全市家庭医生签约服务覆盖率达到75%。（责任单位：市卫生健康委）
（三）提升基层服务能力。到2025年底，全市基层诊疗量占比达到65%。
"""

REPORT = """保定市卫生健康委员会2023年工作总结
（2024年1月20日）
一、2023年工作完成情况
2023年，全市紧密型县域医共体覆盖率达到92%，家庭医生签约服务覆盖率达到70.5%。
二、2024年工作安排
继续深化医药卫生体制改革，巩固医共体建设成果。
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("checklist_e2e")
    (tmp / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp / "report.txt").write_text(REPORT, encoding="utf-8")
    path = tmp / "t.db"
    result = CliRunner().invoke(_cli(), ["ingest", str(tmp / "plan.txt"), str(tmp / "report.txt"), "--db", str(path)])
    assert result.exit_code == 0, result.output
    from policydocs.link import link

    link(str(path))  # ingest may link already; linking again rebuilds the same links
    return path


def _cli():
    @click.group()
    def group():
        pass

    for command in STORE_COMMANDS + REPORT_COMMANDS:
        group.add_command(command)
    return group


def _sheet(db, tmp_path, *args):
    out = tmp_path / "台账.xlsx"
    result = CliRunner().invoke(_cli(), ["checklist", "--db", str(db), "--format", "xlsx", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).active
    assert [c.value for c in ws[3]] == list(HEADERS)
    rows = [dict(zip(HEADERS, (c.value for c in r))) for r in ws.iter_rows(min_row=4)]
    return ws, rows, result


def _by_indicator(rows):
    return {next(k for k in ("医共体", "家庭医生", "基层诊疗") if k in r["指标"]): r for r in rows}


def test_the_checklist_of_a_plan_and_its_report(db, tmp_path):
    ws, rows, result = _sheet(db, tmp_path, "--as-of", "2024-06-30", "--region", "保定")
    assert "2024-06-30" in ws["A1"].value and "地区：保定" in ws["A2"].value
    assert [r["序号"] for r in rows] == [1, 2, 3]
    got = _by_indicator(rows)
    network = got["医共体"]
    assert network["状态"] == "已完成" and network["目标值"] == "≥90%"
    assert network["时限"] == dt.datetime(2023, 12, 31) and network["责任单位"] == "市卫生健康委"
    assert network["实际值"] == "92%（2023年）" and network["完成率"] == pytest.approx(92 / 90, abs=1e-3)
    assert network["出处"].startswith("《保定市2023年深化医药卫生体制改革实施方案》 2023-03-01 · 二、重点任务")
    assert network["实际出处"].startswith("《保定市卫生健康委员会2023年工作总结》 2024-01-20")
    assert network["依据原文"] == "到2023年底，全市紧密型县域医共体覆盖率达到90%以上。"
    assert network["链接依据"].startswith("得分")
    signing = got["家庭医生"]
    assert signing["状态"] == "未完成" and signing["目标值"] == "75%" and signing["实际值"] == "70.5%（2023年）"
    primary = got["基层诊疗"]
    assert primary["状态"] == "未到期" and primary["实际值"] is None
    fill = {r[HEADERS.index("状态")].value: r[HEADERS.index("状态")].fill.fgColor.rgb for r in ws.iter_rows(min_row=4)}
    assert fill == {"已完成": "00C6EFCE", "未完成": "00FFC7CE", "未到期": "00D9D9D9"}
    assert result.stderr.strip().startswith("共3项：已完成1，未完成1，未到期1")


def test_before_the_report_was_written_nothing_is_reported(db, tmp_path):
    _, rows, _ = _sheet(db, tmp_path, "--as-of", "2023-06-30")
    assert {r["状态"] for r in rows} == {"未到期"} and all(r["实际值"] is None for r in rows)


def test_filters_reach_the_linker(db, tmp_path):
    _, rows, _ = _sheet(db, tmp_path, "--as-of", "2024-06-30", "--due-before", "2023-12-31")
    assert len(rows) == 2 and all(r["时限"] == dt.datetime(2023, 12, 31) for r in rows)
    _, rows, _ = _sheet(db, tmp_path, "--as-of", "2024-06-30", "--responsible", "市卫生健康委", "-q", "家庭医生")
    assert len(rows) == 1 and "家庭医生签约服务覆盖率" in rows[0]["指标"]
    ws, rows, result = _sheet(db, tmp_path, "--region", "石家庄")
    assert ws["A4"].value == EMPTY_NOTE and result.stderr.strip().startswith("共0项")


def test_a_query_that_cannot_be_read_is_one_line(db, tmp_path):
    result = CliRunner().invoke(_cli(), ["checklist", "--db", str(db), "-q", '"医共体', "-o", str(tmp_path / "a.csv")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ['error: unbalanced quote (") in the query: close the phrase with another "']
