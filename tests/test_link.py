"""Linking targets to later actuals on small documents of the genre (docs/linking.md).

A 保定市 2023 work plan sets targets; the 保定市 2024 government work report reports on them; a
大丰区 report and a 范文 copy with XX市 report the same indicators and must never answer them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.link import export_links, link, linked_targets, review, stale_reviews
from policydocs.link.model import IN_PROGRESS, MET, NOT_DUE, NOT_MET, OVERDUE_UNREPORTED
from policydocs.store import open_db
from policydocs.batch import ingest

PLAN = """保定市2023年卫生健康工作要点

保定市卫生健康委员会
2023年2月10日

一、主要目标
2023年，全市县域医共体覆盖率达到90%以上，城镇登记失业率控制在5.5%以内，全年新建标准化村卫生室300个，居民健康素养水平提高到28%。
二、重点任务
（一）减轻群众负担。全市医疗机构药品采购成本下降10%以上。
（二）推进基层服务。年内完成家庭医生签约服务人数120万人。
"""
REPORT = """保定市2024年政府工作报告

2024年1月20日在保定市第十六届人民代表大会第三次会议上

一、2023年工作回顾
过去一年，我们全力以赴稳增长、惠民生。全市县域医共体覆盖率达到93%，城镇登记失业率为5.2%，全年新建标准化村卫生室320个，药品采购成本下降12%。
"""
DAFENG = """盐城市大丰区2024年政府工作报告

2024年1月15日在大丰区第二届人民代表大会第四次会议上

一、2023年工作回顾
过去一年，大丰区县域医共体覆盖率达到70%，新建标准化村卫生室80个，居民健康素养水平达到30%。
"""
TEMPLATE = """XX市2024年政府工作报告

一、2023年工作回顾
过去一年，XX市县域医共体覆盖率达到99%，全年新建标准化村卫生室500个，居民健康素养水平达到35%。
"""
DOCS = {"保定市2023年卫生健康工作要点.txt": PLAN, "保定市2024年政府工作报告.txt": REPORT,
        "大丰区2024年政府工作报告.txt": DAFENG, "范文XX市2024年政府工作报告.txt": TEMPLATE}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("link")
    docs = root / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    db = root / "built.db"
    report = ingest([docs], db=db)
    assert report.ok and report.links
    open_db(db).conn.close()
    return db


@pytest.fixture
def db(built, tmp_path) -> Path:
    """A private copy of the built database (tests may review and re-link)."""
    out = tmp_path / "t.db"
    src, dst = sqlite3.connect(built), sqlite3.connect(out)
    src.backup(dst)
    src.close()
    dst.close()
    return out


def by_text(rows, fragment: str):
    hits = [r for r in rows if fragment in r.target.record["text"]]
    assert len(hits) == 1, [r.target.record["text"] for r in rows]
    return hits[0]


def test_targets_link_to_the_later_report_of_their_own_city(db):
    rows = linked_targets(db, as_of="2024-06-01")
    cover = by_text(rows, "医共体覆盖率")
    assert cover.actual.record["doc"] == "保定市2024年政府工作报告"
    assert cover.actual.record["value"] == 93
    assert cover.status == MET and cover.share == pytest.approx(93 / 90, abs=1e-3)
    assert cover.score and 0 < cover.score <= 1 and cover.reasons
    clinics = by_text(rows, "村卫生室")
    assert clinics.actual.record["value"] == 320 and clinics.status == MET


def test_never_across_jurisdictions_and_never_from_templates(db):
    conn = open_db(db).conn
    linked_docs = {r[0] for r in conn.execute(
        "SELECT s.doc FROM links l JOIN statements s ON s.key = l.actual_key")}
    assert linked_docs == {"保定市2024年政府工作报告"}
    rows = linked_targets(db, as_of="2024-06-01")
    literacy = by_text(rows, "健康素养")  # reported by 大丰区 and the template only
    assert literacy.actual is None


def test_template_targets_are_left_out_unless_asked_for(db):
    rows = linked_targets(db, as_of="2024-06-01", include_templates=True)
    assert all(r.actual is None or r.actual.record["doc"] == "保定市2024年政府工作报告" for r in rows)
    assert {r.target.record["doc"] for r in linked_targets(db)} == {"保定市2023年卫生健康工作要点"}


def test_ceiling_target_is_met_by_a_lower_figure(db):
    row = by_text(linked_targets(db, as_of="2024-06-01"), "失业率")
    assert row.direction == "down"
    assert row.actual.record["value"] == 5.2
    assert row.status == MET
    assert row.share is None  # a ceiling kept has no share done


def test_reduction_target_counts_the_size_of_the_cut(db):
    row = by_text(linked_targets(db, as_of="2024-06-01"), "采购成本")
    assert row.actual.record["value"] == 12
    assert row.direction == "up"  # more reduction is better
    assert row.status == MET and row.share == pytest.approx(1.2)


def test_no_actual_past_the_deadline_is_overdue_and_before_it_not_due(db):
    row = by_text(linked_targets(db, as_of="2024-06-01"), "签约服务")
    assert row.actual is None and row.status == OVERDUE_UNREPORTED
    row = by_text(linked_targets(db, as_of="2023-06-30"), "签约服务")
    assert row.status == NOT_DUE


def test_an_actual_counts_only_once_its_report_exists(db):
    row = by_text(linked_targets(db, as_of="2023-12-31"), "医共体覆盖率")
    assert row.actual is None and row.status == NOT_DUE  # the report came out on 2024-01-20
    row = by_text(linked_targets(db, as_of="2024-01-20"), "医共体覆盖率")
    assert row.status == MET


def test_filters(db):
    assert len(linked_targets(db, region="保定")) == 6
    assert linked_targets(db, region="大丰") == []
    hits = linked_targets(db, query="采购成本")  # the target's sentence matches
    assert [r.target.record["text"] for r in hits] == ["全市医疗机构药品采购成本下降10%以上"]
    assert len(linked_targets(db, query="村卫生室")) == 4  # one sentence, four targets
    assert len(linked_targets(db, due_before="2023-12-31")) == 6
    assert linked_targets(db, due_before="2023-06-30") == []


@pytest.mark.parametrize("change", [
    None,
    "UPDATE documents SET trust = 'template' WHERE doc = '保定市2024年政府工作报告'",
    "UPDATE documents SET canonical = '大丰区2024年政府工作报告' WHERE doc = '保定市2024年政府工作报告'",
    "UPDATE documents SET canonical = '' WHERE doc = '保定市2024年政府工作报告'",
    "UPDATE documents SET region = NULL",
    "UPDATE documents SET region = ''; UPDATE statements SET region = NULL WHERE kind = 'actual'",
    "UPDATE documents SET region = ' '",  # blank but not empty: Python, not SQLite, leaves it out
    "UPDATE statements SET doc = NULL WHERE kind = 'actual'",
])
def test_linking_loads_every_statement_that_may_take_part_and_counts_the_others(db, change):
    from policydocs.link import db as linkdb

    database = open_db(db)
    if change:
        database.conn.executescript(change)

    def left_out(row) -> bool:
        return bool(row.excluded or row.jurisdiction is None)

    every = linkdb.load_rows(database)
    rows, surely_out = linkdb.linking_rows(database)
    assert [r.id for r in rows if not left_out(r)] == [r.id for r in every if not left_out(r)]
    assert surely_out + sum(map(left_out, rows)) == sum(map(left_out, every))
    assert len(rows) + surely_out == len(every)


def test_link_again_is_a_no_op_until_something_changes(db, tmp_path):
    assert link(db).skipped
    assert not link(db, force=True).skipped
    docs = tmp_path / "same"
    docs.mkdir()
    (docs / "保定市2024年政府工作报告.txt").write_text(REPORT, encoding="utf-8")
    assert ingest([docs], db=db).links == "links up to date"  # ingesting nothing new links nothing


def test_reviews_decide_and_survive_reingest(db, tmp_path):
    rows = linked_targets(db, as_of="2024-06-01")
    cover, clinics, literacy = by_text(rows, "医共体覆盖率"), by_text(rows, "村卫生室"), by_text(rows, "健康素养")
    conn = open_db(db).conn
    dafeng = conn.execute("SELECT key FROM statements WHERE doc LIKE '大丰区%' AND text LIKE '%健康素养%'").fetchone()[0]
    review(db, cover.target.key, "reject", note="口径不同")
    review(db, clinics.target.key, "confirm")
    review(db, literacy.target.key, "set", actual_key=dafeng)

    def check():
        rows = linked_targets(db, as_of="2024-06-01")
        c, k, lit = by_text(rows, "医共体覆盖率"), by_text(rows, "村卫生室"), by_text(rows, "健康素养")
        assert c.actual is None and c.review == "rejected" and c.status == OVERDUE_UNREPORTED
        assert k.review == "confirmed" and k.actual.record["value"] == 320
        assert lit.review == "set" and lit.actual.key == dafeng and lit.status == MET  # 30% against 28%

    check()
    docs = tmp_path / "again"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    report = ingest([docs], db=db, force=True)
    assert report.ok
    check()
    assert stale_reviews(db) == []
    review(db, cover.target.key, "none")
    assert by_text(linked_targets(db, as_of="2024-06-01"), "医共体覆盖率").review == "none"


def test_a_review_whose_statement_is_gone_is_stale(db, tmp_path):
    rows = linked_targets(db, as_of="2024-06-01")
    review(db, by_text(rows, "村卫生室").target.key, "confirm")
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "保定市2024年政府工作报告.txt").write_text(REPORT.replace("320个", "330个"), encoding="utf-8")
    ingest([changed], db=db)
    stale = stale_reviews(db)
    assert [s.decision for s in stale] == ["confirm"]
    row = by_text(linked_targets(db, as_of="2024-06-01"), "村卫生室")
    assert row.actual.record["value"] == 330 and row.review is None  # the tool's link again


def test_in_progress_and_not_met(db):
    review_db = db
    rows = linked_targets(review_db, as_of="2024-06-01")
    cover = by_text(rows, "医共体覆盖率")
    from policydocs.link.status import status

    low = dict(cover.actual.record, value=80)
    assert status(cover.target.record, low, "2023-10-01")[0] == IN_PROGRESS
    assert status(cover.target.record, low, "2024-06-01")[0] == NOT_MET


def test_export_links_jsonl_and_csv(db, tmp_path):
    out = tmp_path / "links.jsonl"
    n = export_links(db, out, as_of="2024-06-01")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert n == len(lines) == 6
    first = lines[0]
    assert list(first)[:7] == ["target", "actual", "status", "score", "share", "reasons", "review"]
    assert first["target"]["kind"] == "target"
    csv_out = tmp_path / "links.csv"
    export_links(db, csv_out, fmt="csv", as_of="2024-06-01")
    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "已完成" in raw.decode("utf-8-sig")


def test_cli(db, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["link", "--db", str(db), "--as-of", "2024-06-01"])
    assert res.exit_code == 0, res.output
    assert "已完成 4" in res.output
    res = runner.invoke(cli, ["review", "--db", str(db), "--list", "--json", "--as-of", "2024-06-01"])
    items = [json.loads(x) for x in res.output.splitlines() if x.startswith("{")]
    assert len(items) == 4 and all(i["actual_key"] for i in items)
    res = runner.invoke(cli, ["review", "--db", str(db), "--reject", items[0]["target_key"]])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["review", "--db", str(db), "--confirm", "nosuchkey"])
    assert res.exit_code == 2 and res.output.startswith("error: ") and len(res.output.strip().splitlines()) == 1
    out = tmp_path / "l.jsonl"
    res = runner.invoke(cli, ["export", "links", "--db", str(db), "--as-of", "2024-06-01", "-o", str(out)])
    assert res.exit_code == 0 and len(out.read_text(encoding="utf-8").splitlines()) == 6
    res = runner.invoke(cli, ["eval", "link", str(out), str(out), "--json"])
    score = json.loads(res.output)
    assert score["precision"] == 1.0 and score["status_accuracy"] == 1.0
