"""The checklist (台账): every format built from LinkedTarget rows made here, and the CLI's errors.

The rows are written for these tests in the genre (a municipal plan's targets, a later work
report's actuals); the linker is not involved, except through a stand-in for linked_targets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from builders import CHECKLIST_PLAN as PLAN, CHECKLIST_REPORT as REPORT, actual, target
from policydocs.link.model import LinkedTarget
from policydocs.report import EMPTY_NOTE, HEADERS, Checklist, checklist, rows_from_targets, write
from policydocs.report.checklist import format_period, format_value, link_basis
from policydocs.report.markdown import render_md


def sample_targets() -> list[LinkedTarget]:
    return [
        LinkedTarget(
            target(">紧密型县域医共体覆盖率达到90%以上", "紧密型县域医共体覆盖率", 90, comparator=">=",
                   deadline="2023-12-31", responsible=["市卫生健康委", "各县(市、区)"], key="t1",
                   sentence="到2023年底，紧密型县域医共体覆盖率达到90%以上。"),
            actual("紧密型县域医共体覆盖率达到92.5%", "紧密型县域医共体覆盖率", 92.5, period="2023", key="a1"),
            "已完成", share=1.0278, score=0.91, reasons=["同一指标", "达到目标值"]),
        LinkedTarget(
            target("家庭医生签约服务覆盖率达到75%", "家庭医生签约服务覆盖率", 75, deadline="2023-12-31", key="t2",
                   responsible=["市卫生健康委"]),
            actual("家庭医生签约服务覆盖率达到68.2%", "家庭医生签约服务覆盖率", 68.2, period="2023", key="a2",
                   trust="news"),
            "未完成", share=0.9093, score=0.84, reasons=["同一指标", "低于目标值"]),
        LinkedTarget(
            target("培训乡村医生1.2万人次", "培训乡村医生", 12000, "人次", deadline="2025-12-31", key="t3"),
            actual("培训乡村医生5000人次", "培训乡村医生", 5000, "人次", period="2023-01/2023-06", key="a3"),
            "进展中", share=0.4167, score=0.77, reasons=["同一指标"]),
        LinkedTarget(
            target("个人卫生支出占卫生总费用比重控制在27%以内", "个人卫生支出占卫生总费用比重", 27, comparator="<=",
                   deadline="2023-12-31", key="t4",
                   sentence="个人卫生支出占比控制在27%以内 <script>alert('x')</script> | 见附件"),
            None, "逾期未报", reasons=["未找到实绩"]),
        LinkedTarget(
            target("=HYPERLINK(\"http://evil\")县域内就诊率稳定在90%左右", "县域内就诊率", 90, comparator="~",
                   deadline="2026-12-31", key="t5", trust="template", title="XX市医改方案（精选3篇）"),
            None, "未到期"),
    ]


def sheet(targets=None, **filters) -> Checklist:
    targets = sample_targets() if targets is None else targets
    return Checklist(rows_from_targets(targets), "2024-06-30", filters)


# ---------------------------------------------------------------------------------------------
# Cells


@pytest.mark.parametrize("args,want", [
    ((90, None, "%", ">="), "≥90%"),
    ((6.5, 7, "%", "="), "6.5%–7%"),
    ((3, None, "%", "~"), "约3%"),
    ((4.5, None, "%", "<="), "≤4.5%"),
    ((10_000_000, None, "人", ">="), "≥1000万人"),
    ((13000, None, "人次", ">"), ">1.3万人次"),
    ((250_000_000, None, "元", "="), "2.5亿元"),
    ((123_456_789, None, "元", "="), "12345.6789万元"),
    ((4, 5, "个", "="), "4–5个"),
    ((1200, None, "人次", "="), "1200人次"),
    ((0.1 + 0.2, None, "%", "="), "0.3%"),
    ((None, None, None, None), ""),
])
def test_values_are_written_one_human_way(args, want):
    assert format_value(*args) == want


def test_periods_read_as_dates():
    assert format_period("2024") == "2024年"
    assert format_period("2023-06") == "2023年6月"
    assert format_period("2022-01/2022-04") == "2022年1月–4月"
    assert format_period("2022/2023") == "2022–2023年"
    assert format_period("上半年") == "上半年"


def test_rows_have_the_headers_in_order_and_readable_cells():
    rows = rows_from_targets(sample_targets())
    assert [tuple(r) for r in rows] == [HEADERS] * 5
    first = rows[0]
    assert first["序号"] == 1 and first["目标值"] == "≥90%" and first["时限"] == "2023-12-31"
    assert first["责任单位"] == "市卫生健康委、各县(市、区)"
    assert first["出处"] == f"《{PLAN}》 2023-03-01 · 二、重点任务 › （一）推进紧密型县域医共体建设"
    assert first["实际值"] == "92.5%（2023年）" and first["实际出处"].startswith(f"《{REPORT}》 2024-02-20")
    assert first["完成率"] == "102.8%" and first["状态"] == "已完成"
    assert first["依据原文"] == "到2023年底，紧密型县域医共体覆盖率达到90%以上。"
    assert first["来源"] == "政府网站" and first["链接依据"] == "得分0.91；同一指标；达到目标值"
    assert rows[1]["来源"] == "政府网站（实际值：新闻媒体）"
    assert rows[2]["目标值"] == "1.2万人次" and rows[2]["实际值"] == "5000人次（2023年1月–6月）"
    assert rows[3]["实际值"] == rows[3]["完成率"] == "" and rows[3]["链接依据"] == "未找到实绩"
    assert rows[4]["来源"] == "范文网站"


def test_without_a_title_the_source_is_named_plainly():
    t = target("基层诊疗量占比达到65%", "基层诊疗量占比", 65, title=None)
    t.source = "/data/下载/plan.txt"
    assert rows_from_targets([LinkedTarget(t, None, "未到期")])[0]["出处"] == (
        "plan.txt 2023-03-01 · 二、重点任务 › （一）推进紧密型县域医共体建设")


def test_link_basis_names_a_review_once():
    t = sample_targets()[0]
    t.review, t.reasons = "set", ["人工指定"]
    t.score = None
    assert link_basis(t) == "人工指定"
    t.review, t.reasons = "confirmed", ["同一指标"]
    assert link_basis(t) == "人工确认；同一指标"


def test_summary_and_filters_line():
    s = sheet(region="保定市", due_before="2024-12-31", include_templates=True)
    assert s.summary_line == "共5项：已完成1，未完成1，进展中1，逾期未报1，未到期1"
    assert s.filter_line == "筛选：地区：保定市；时限不晚于：2024-12-31；含范文网站的目标"
    assert sheet([]).filter_line == "筛选：全部" and sheet([]).summary_line == "共0项"


# ---------------------------------------------------------------------------------------------
# Formats


def test_xlsx_is_a_filterable_printable_sheet(tmp_path):
    out = tmp_path / "台账.xlsx"
    write(sheet(region="保定市"), out, "xlsx")
    wb = load_workbook(out)
    ws = wb.active
    assert ws.title == "台账 2024-06-30"
    assert "2024-06-30" in ws["A1"].value and "地区：保定市" in ws["A2"].value
    assert [c.value for c in ws[3]] == list(HEADERS)
    assert ws.freeze_panes == "B4"
    assert ws.auto_filter.ref == "A3:N8"  # (the last column, 编号, names a row for `review`)
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    status_col = HEADERS.index("状态") + 1
    fills = {ws.cell(r, status_col).value: ws.cell(r, status_col).fill.fgColor.rgb for r in range(4, 9)}
    assert fills == {"已完成": "00C6EFCE", "未完成": "00FFC7CE", "进展中": "00FFEB9C", "逾期未报": "00F8CBAD",
                     "未到期": "00D9D9D9"}
    text = ws.cell(4, HEADERS.index("依据原文") + 1)
    assert text.alignment.wrap_text
    assert ws.column_dimensions["K"].width >= 30 and ws.column_dimensions["A"].width < 10
    due = ws.cell(4, HEADERS.index("时限") + 1)
    assert due.value == dt.datetime(2023, 12, 31) and due.number_format == "yyyy-mm-dd"
    share = ws.cell(4, HEADERS.index("完成率") + 1)
    assert share.value == pytest.approx(1.028) and share.number_format == "0.0%"
    formula = ws.cell(8, HEADERS.index("依据原文") + 1)
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK") and formula.quotePrefix


def test_csv_has_a_bom_and_the_same_cells(tmp_path):
    out = tmp_path / "台账.csv"
    write(sheet(), out, "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS) and len(rows) == 6
    assert rows[1][HEADERS.index("目标值")] == "≥90%" and rows[1][HEADERS.index("状态")] == "已完成"
    assert rows[5][HEADERS.index("依据原文")].startswith("'=HYPERLINK")  # not a formula in Excel


def test_markdown_escapes_pipes_and_markup():
    text = render_md(sheet())
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert table[0] == "| " + " | ".join(HEADERS) + " |"
    unescaped = re.compile(r"(?<!\\)\|")
    assert all(len(unescaped.findall(line)) == len(HEADERS) + 1 for line in table)
    assert r"\<script\>" in text and "<script>" not in text and r"\| 见附件" in text


def test_html_is_self_contained_and_escapes_everything():
    out = io.StringIO()
    write(sheet(query="<b>医共体</b>"), out, "html")
    page = out.getvalue()
    assert page.count("<script>") == 1  # ours, at the end
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;医共体&lt;/b&gt;" in page
    assert not re.search(r"""(src|href)\s*=|@import|url\(|https?://(?!evil)""", page)
    heads = re.findall(r'<th class="c\d+" scope="col">([^<]*)</th>', page)
    assert heads == list(HEADERS)
    assert '<td class="status met">已完成</td>' in page and '<td class="status overdue">逾期未报</td>' in page
    assert "td.status.met{background:#C6EFCE" in page
    assert '<td class="num" data-sort="1.028000">102.8%</td>' in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md", "html"])
def test_an_empty_checklist_still_has_headers_and_a_note(tmp_path, fmt):
    out = tmp_path / f"empty.{fmt}"
    write(sheet([]), out, fmt)
    if fmt == "xlsx":
        ws = load_workbook(out).active
        assert [c.value for c in ws[3]] == list(HEADERS) and ws["A4"].value == EMPTY_NOTE
        return
    text = out.read_text(encoding="utf-8-sig")
    assert EMPTY_NOTE in text
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(text))) == list(HEADERS)
    else:
        assert all(h in text for h in HEADERS)


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "台账.csv"
    out.write_text("yesterday", encoding="utf-8")
    import policydocs.report.csvout as csvout

    def broken(sheet, fh):
        fh.write("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(csvout, "_write", broken)
    with pytest.raises(RuntimeError):
        write(sheet(), out, "csv")
    assert out.read_text(encoding="utf-8") == "yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["台账.csv"]


# ---------------------------------------------------------------------------------------------
# API and CLI (linked_targets replaced by the rows above)


@pytest.fixture
def fake_link(monkeypatch, tmp_path):
    import policydocs.link as link

    calls = []

    def linked_targets(db, **kw):
        calls.append(kw)
        return [] if kw.get("region") == "石家庄" else sample_targets()

    monkeypatch.setattr(link, "linked_targets", linked_targets, raising=False)
    db = tmp_path / "t.db"
    db.write_bytes(b"")  # only has to exist: the stand-in reads nothing
    return db, calls


def test_api_passes_the_filters_and_returns_the_count(fake_link, tmp_path):
    db, calls = fake_link
    n = checklist(db, tmp_path / "a.md", "md", region="保定", due_before="2024", as_of="2024-06-30")
    assert n == 5
    assert calls == [dict(as_of="2024-06-30", region="保定", responsible=None, due_before="2024-12-31", query=None,
                          include_templates=False)]


def test_cli_writes_the_format_its_suffix_names(fake_link, cli, tmp_path):
    db, calls = fake_link
    out = tmp_path / "台账.html"
    result = CliRunner().invoke(cli, ["checklist", "--db", str(db), "--as-of", "2024-06-30", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stderr.strip() == f"共5项：已完成1，未完成1，进展中1，逾期未报1，未到期1 -> {out}"


def test_cli_markdown_to_stdout(fake_link, cli):
    db, _ = fake_link
    result = CliRunner().invoke(cli, ["checklist", "--db", str(db), "--region", "石家庄", "--format", "md", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "| " + " | ".join(HEADERS) + " |" in result.stdout and EMPTY_NOTE in result.stdout


@pytest.mark.parametrize("args,message", [
    (["--format", "pdf", "-o", "x.pdf"], "error: --format must be one of xlsx, csv, md, html, not 'pdf'"),
    (["-o", "x.txt"], "error: say --format (xlsx|csv|md|html) or give -o a file ending in .xlsx, .csv, .md or .html"),
    (["--format", "xlsx", "-o", "-"], "error: xlsx cannot go to stdout: give -o FILE.xlsx"),
    (["--due-before", "明年", "-o", "x.csv"],
     "error: --due-before: cannot read the date '明年': use YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--as-of", "2024-02-30", "-o", "x.csv"], "error: --as-of: no such date '2024-02-30'"),
])
def test_cli_bad_options_are_one_line_errors(fake_link, cli, tmp_path, args, message):
    db, calls = fake_link
    result = CliRunner().invoke(cli, ["checklist", "--db", str(db)] + args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert calls == [] and not (tmp_path / "x.csv").exists()


def test_cli_without_a_database_says_how_to_make_one(cli, tmp_path):
    db = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["checklist", "--db", str(db), "-o", str(tmp_path / "a.csv")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: no database at {db}: run `policydocs ingest FILES --db {db}` first"]
    assert not db.exists()


# A stand-in for the browser's DOM, just what the page's script touches: enough to click a header
# and type in the filter box under node.
_DOM = r"""
const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));
function node(text, attrs) {
  return {attrs: Object.assign({}, attrs || {}), style: {}, listeners: {}, textContent: text || '', value: '',
    getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; },
    setAttribute(k, v) { this.attrs[k] = String(v); }, removeAttribute(k) { delete this.attrs[k]; },
    addEventListener(type, f) { this.listeners[type] = f; }};
}
const heads = data.heads.map(h => node(h));
const body = {rows: [], appendChild(r) { this.rows.splice(this.rows.indexOf(r), 1); this.rows.push(r); }};
for (const r of data.rows) {
  const tr = node(r.cells.map(c => c[0]).join(''), {'data-status': r.status});
  tr.cells = r.cells.map(c => node(c[0], c[1] === null ? {} : {'data-sort': c[1]}));
  body.rows.push(tr);
}
const table = {tHead: {rows: [{cells: heads}]}, tBodies: [body]};
const ids = {checklist: table, q: node(), status: node(), count: node()};
global.document = {getElementById: id => ids[id]};
eval(data.script);
const order = () => body.rows.filter(r => r.style.display !== 'none').map(r => r.cells[0].textContent).join(',');
const out = {};
heads[data.heads.indexOf('完成率')].listeners.click(); out.share_up = order();
heads[data.heads.indexOf('完成率')].listeners.click(); out.share_down = order();
heads[data.heads.indexOf('时限')].listeners.click(); out.due_up = order();
ids.q.value = '家庭医生'; ids.q.listeners.input(); out.text = order(); out.count = ids.count.textContent;
ids.q.value = ''; ids.status.value = '逾期未报'; ids.status.listeners.change(); out.status = order();
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(not __import__("shutil").which("node"), reason="needs node to run the page's script")
def test_html_sorts_and_filters_offline():
    import json
    import subprocess

    import lxml.html

    out = io.StringIO()
    write(sheet(), out, "html")
    page = lxml.html.fromstring(out.getvalue())
    data = {"heads": [th.text_content() for th in page.xpath("//thead//th")],
            "rows": [{"status": tr.get("data-status"), "cells": [[td.text_content(), td.get("data-sort")] for td in tr]}
                     for tr in page.xpath("//tbody/tr")],
            "script": page.xpath("//script")[0].text}
    result = subprocess.run(["node", "-e", _DOM], input=json.dumps(data), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["share_up"] == "3,2,1,4,5"  # 41.7% 90.9% 102.8%, then the empty cells
    assert got["share_down"] == "1,2,3,4,5"
    assert got["due_up"] == "1,2,4,3,5"  # ISO dates sort as dates; ties keep their order
    assert got["text"] == "2" and got["count"] == "显示 1 / 5 项"
    assert got["status"] == "4"
