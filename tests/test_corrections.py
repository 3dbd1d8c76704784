"""A person corrects a checklist row: drops it (not a target), sets its deadline, indicator or
responsible units. Corrections outlive re-ingest and re-link, decide linking and status, and a
wrong one is one line naming what is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.batch import ingest
from policydocs.cli import cli
from policydocs.link import correct, link, linked_targets, restore
from policydocs.link.corrections import CorrectionError
from policydocs.link.model import NOT_DUE, OVERDUE_UNREPORTED
from policydocs.store import open_db

PLAN = """定州市2025年民生实事工作方案

定州市人民政府办公室
2025年2月12日

一、工作目标
2025年，全市新建标准化村卫生室40个，改造农村公路120公里，新增城镇就业岗位8000个。
二、工作要求
全市要重点做好五个方面工作。
"""
REPORT = """定州市2026年政府工作报告

2026年1月18日在定州市第七届人民代表大会第五次会议上

一、2025年工作回顾
过去一年，全市新建标准化村卫生室42个，农村道路改造完成126公里，城镇新增就业9100人。
"""


@pytest.fixture
def db(tmp_path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "定州市2025年民生实事工作方案.txt").write_text(PLAN, encoding="utf-8")
    (docs / "定州市2026年政府工作报告.txt").write_text(REPORT, encoding="utf-8")
    path = tmp_path / "policydocs.db"
    assert ingest([docs], db=path).ok
    return path


def row_of(db, fragment: str, **kw):
    rows = [r for r in linked_targets(db, as_of="2025-09-01", **kw) if fragment in r.target.record["text"]]
    return rows[0] if rows else None


def test_a_dropped_row_leaves_the_checklist_and_linking_and_stays_dropped_after_reingest(db, tmp_path):
    assert row_of(db, "五个方面") is None  # (a count announcing a list is no row at all)
    jobs = row_of(db, "就业岗位")
    assert jobs is not None
    correct(db, jobs.target.key, "drop", note="岗位数不是考核指标")
    assert row_of(db, "就业岗位") is None
    kept = [r for r in linked_targets(db, as_of="2025-09-01", include_templates=True)
            if "就业岗位" in r.target.record["text"]]
    assert kept and any("人工删除" in why for why in kept[0].reasons)
    link(db)
    conn = open_db(db).conn
    assert conn.execute("SELECT count(*) FROM links WHERE target_key = ?", [jobs.target.key]).fetchone()[0] == 0
    again = tmp_path / "again"
    shutil.copytree(tmp_path / "docs", again)
    assert ingest([again], db=db, force=True).ok
    assert row_of(db, "就业岗位") is None


def test_a_corrected_deadline_decides_the_status(db):
    clinics = row_of(db, "村卫生室")
    assert clinics.target.record["deadline"] == "2025-12-31" and clinics.status == NOT_DUE
    correct(db, clinics.target.key, "deadline", "2025-06-30")
    row = row_of(db, "村卫生室")
    assert row.target.record["deadline"] == "2025-06-30" and row.status == OVERDUE_UNREPORTED
    assert any("人工更正时限：2025-12-31 → 2025-06-30" in why for why in row.reasons)
    assert restore(db, clinics.target.key, "deadline") == 1
    assert row_of(db, "村卫生室").target.record["deadline"] == "2025-12-31"


def test_corrected_responsible_units_are_what_the_filter_finds(db):
    roads = row_of(db, "农村公路")
    assert row_of(db, "农村公路", responsible="交通运输局") is None
    correct(db, roads.target.key, "responsible", "市交通运输局、各乡镇（街道）")
    row = row_of(db, "农村公路", responsible="交通运输局")
    assert row.target.record["responsible"] == ["市交通运输局", "各乡镇（街道）"]


def test_a_corrected_indicator_links_again(db):
    def roads():
        return [r for r in linked_targets(db, as_of="2026-02-01") if "农村公路" in r.target.record["text"]][0]

    def similarity(row):
        return [float(why[4:]) for why in row.reasons if why.startswith("指标相近")][0]

    before = roads()
    assert before.actual is not None
    assert link(db).skipped
    correct(db, before.target.key, "indicator", "农村道路改造")
    assert not link(db).skipped  # the correction changed what linking reads
    after = roads()
    assert after.actual.key == before.actual.key and similarity(after) > similarity(before) + 0.2


def test_the_command_corrects_and_says_what_it_did(db):
    key = row_of(db, "村卫生室").target.key
    runner = CliRunner()
    out = runner.invoke(cli, ["review", "--db", str(db), "--deadline", key, "2025-10-31"])
    assert out.exit_code == 0, out.output
    assert f"deadline {key} 2025-10-31" in out.output
    assert row_of(db, "村卫生室").target.record["deadline"] == "2025-10-31"
    out = runner.invoke(cli, ["review", "--db", str(db), "--restore", key])
    assert out.exit_code == 0 and "1 correction(s) removed" in out.output
    out = runner.invoke(cli, ["review", "--db", str(db), "--drop", key])
    assert out.exit_code == 0 and row_of(db, "村卫生室") is None


@pytest.mark.parametrize("args, says", [
    (["--deadline", "KEY", "2025-13-01"], "deadline must be a day written YYYY-MM-DD"),
    (["--deadline", "nokey", "2025-10-01"], "no target with key 'nokey'"),
    (["--responsible", "KEY", " 、 "], "responsible needs at least one unit"),
    (["--restore", "KEY:colour"], "field must be one of"),
])
def test_a_wrong_correction_is_one_line(db, args, says):
    key = row_of(db, "村卫生室").target.key
    out = CliRunner().invoke(cli, ["review", "--db", str(db)] + [key if a == "KEY" else a.replace("KEY", key)
                                                                   for a in args])
    assert out.exit_code != 0
    lines = [line for line in out.output.splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0], out.output


def test_correct_refuses_an_unknown_field(db):
    with pytest.raises(CorrectionError, match="field must be one of"):
        correct(db, row_of(db, "村卫生室").target.key, "colour", "red")


def test_the_checklist_names_each_row_by_the_key_review_takes(db, tmp_path):
    from policydocs.report.checklist import build

    rows = build(db, as_of="2025-09-01").rows
    clinics = [r for r in rows if "村卫生室" in r["指标"]][0]
    out = CliRunner().invoke(cli, ["review", "--db", str(db), "--drop", clinics["编号"]])
    assert out.exit_code == 0, out.output
    left = build(db, as_of="2025-09-01").rows
    assert len(left) == len(rows) - 1 and not [r for r in left if "村卫生室" in r["指标"]]
