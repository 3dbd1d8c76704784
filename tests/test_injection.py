"""Hostile text in every file the tool writes: a page must not be able to run anything in it.

A municipal plan saved from a (defaced) government site carries script and image tags, formulas
(``-1+HYPERLINK``, ``@SUM``, ``+1``, a full-width ``＝``, a DDE ``=cmd|…``), Markdown that would
become a link, bold and code, control characters and a Unicode line separator; the later work
report was saved by a browser under a DDE payload as its file name (browsers name a saved page
after its title). Both go through the real pipeline (``policydocs ingest``); each output is then
read the way its reader would: CSV and XLSX as a spreadsheet sees the cells, HTML and Markdown
through a parser and a renderer, JSON by ``json.loads`` line by line, DOCX through python-docx.

The spreadsheet rule is written here again, independently of the code under test: a text cell
must not begin (after invisible leading space) with ``= + - @ |`` or ``＝ ＋ － ＠`` unless it is
neutralised (CSV: a leading apostrophe; XLSX: Excel's quotePrefix, the text itself unchanged).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from docx import Document
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from builders import actual, processed, stored, target
from policydocs.report import HEADERS, Checklist, rows_from_targets, write
from policydocs.store import export_statements

TITLE = ("<script>alert(1)</script><img src=x onerror=alert(1)>[link](javascript:alert(1))**bold**`tick`"
         "保定市2023年医改重点任务")
DDE = "=cmd|' /C calc'!A0"
REPORT_NAME = "=cmd|' -C calc'!A0"  # a file name cannot hold "/"

PLAN_HTML = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{TITLE.replace("<", "&lt;").replace(">", "&gt;")}</title><meta name="PubDate" content="2023-03-01">
</head><body><div class="article">
<p>一、总体要求</p>
<p>坚持以人民健康为中心，深化医药卫生体制改革，推进分级诊疗，全面提升基层医疗卫生服务能力和水平。</p>
<p>二、重点任务</p>
<p>{DDE}到2023年底，全市紧密型县域医共体覆盖率达到90%以上。（责任单位：市卫生健康委）</p>
<p>-1+HYPERLINK("http://x")全市家庭医生签约服务覆盖率达到75%。</p>
<p>@SUM(1+1)到2025年底，全市基层诊疗量占比达到65%。</p>
<p>+1全市县域内就诊率稳定在90%左右 | pipe | [link](javascript:alert(1)) **bold** `tick` &lt;img src=x onerror=alert(1)&gt;。</p>
<p>&#9;全年培训&#x2028;乡村医生1200人次。</p>
<p>＝1+1全市新建标准化村卫生室30个。</p>
<p>三、工作要求</p>
<p>各单位&#1;务必高度重视，确保各项任务落到实处。</p>
</div></body></html>
"""

REPORT_TXT = """保定市卫生健康委员会2023年工作总结
（2024年1月20日）
一、2023年工作完成情况
-1+HYPERLINK("http://x")2023年，全市家庭医生签约服务覆盖率达到70.5%，全市紧密型县域医共体覆盖率达到92%。
@SUM(1+1)2023年，全市新建标准化村卫生室28个。
二、2024年工作安排
继续深化医药卫生体制改革，巩固医共体建设成果。
"""

# What a spreadsheet may read as a formula: a trigger after any leading space (tab, CR, U+3000, …).
FORMULA = re.compile(r"^[\s\u200b\ufeff]*[=+\-@|＝＋－＠]")
AS_OF = "2024-06-30"


def run(*args: str):
    from policydocs.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    pages = folder / "pages"
    pages.mkdir()
    (pages / "plan.html").write_text(PLAN_HTML, encoding="utf-8")
    (pages / "plan.meta.json").write_text('{"url": "https://www.baoding.gov.cn/art/2023/3/1/art_1.html"}',
                                          encoding="utf-8")
    (pages / f"{REPORT_NAME}.txt").write_text(REPORT_TXT, encoding="utf-8")
    (pages / f"{REPORT_NAME}.meta.json").write_text(
        '{"url": "https://wsjkw.baoding.gov.cn/art/2024/1/20/art_2.html"}', encoding="utf-8")
    db = folder / "t.db"
    run("ingest", pages, "--db", db)
    return folder, db


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def assert_cells_inert(rows: list[dict], numeric: set[str]) -> None:
    """Text cells: no formula a spreadsheet would run. Numeric cells: a plain number (or percentage)."""
    assert rows
    for row in rows:
        for name, cell in row.items():
            if name in numeric:
                assert cell == "" or isinstance(float(cell.removesuffix("%")), float), (name, cell)
                assert not cell.startswith("'"), (name, cell)
            else:
                assert cell.startswith("'") or not FORMULA.match(cell), (name, cell)


# ---------------------------------------------------------------------------------------------
# CSV


def test_statements_csv_neutralises_every_formula_and_keeps_numbers(corpus):
    folder, db = corpus
    out = folder / "statements.csv"
    run("export", "statements", "--format", "csv", "--with-offsets", "--db", db, "-o", out)
    rows = csv_rows(out)
    assert_cells_inert(rows, {"value", "value_max", "start", "end"})
    assert {r["doc"] for r in rows} == {"plan", "'" + REPORT_NAME}
    indicators = {r["indicator"] for r in rows}
    assert {"'-1+HYPERLINK(\"http://x\")全市家庭医生签约服务覆盖率", "'+1全市县域内就诊率",
            "'＝1+1全市新建标准化村卫生室"} <= indicators
    assert next(r for r in rows if r["indicator"] == "家庭医生签约服务覆盖率")["value"] == "70.5"


def test_links_csv_neutralises_every_formula_and_keeps_numbers(corpus):
    folder, db = corpus
    out = folder / "links.csv"
    run("export", "links", "--format", "csv", "--as-of", AS_OF, "--db", db, "-o", out)
    rows = csv_rows(out)
    assert_cells_inert(rows, {"target_value", "target_value_max", "actual_value", "actual_value_max",
                              "score", "share"})
    linked = [r for r in rows if r["actual_doc"]]
    assert linked and all(r["actual_doc"] == "'" + REPORT_NAME for r in linked)
    signing = next(r for r in rows if "家庭医生" in r["target_indicator"])
    assert signing["target_indicator"] == "'-1+HYPERLINK(\"http://x\")全市家庭医生签约服务覆盖率"
    assert (signing["target_value"], signing["actual_value"]) == ("75", "70.5")


def test_checklist_csv_neutralises_minus_digit_and_full_width_formulas(corpus):
    folder, db = corpus
    out = folder / "台账.csv"
    run("checklist", "--db", db, "--as-of", AS_OF, "-o", out)
    rows = csv_rows(out)
    assert_cells_inert(rows, {"序号", "完成率"})
    indicators = [r["指标"] for r in rows]
    assert "'-1+HYPERLINK(\"http://x\")全市家庭医生签约服务覆盖率" in indicators
    assert "'＝1+1全市新建标准化村卫生室" in indicators
    assert any(r["依据原文"].startswith("'@SUM(1+1)") for r in rows)


# ---------------------------------------------------------------------------------------------
# XLSX


def test_checklist_xlsx_cells_are_text_that_stays_text_and_numbers_stay_numbers(corpus):
    folder, db = corpus
    out = folder / "台账.xlsx"
    run("checklist", "--db", db, "--as-of", AS_OF, "-o", out)
    ws = load_workbook(out).active
    assert [c.value for c in ws[3]] == list(HEADERS)
    body = list(ws.iter_rows(min_row=4))
    assert len(body) == 6
    for row in body:
        for header, cell in zip(HEADERS, row):
            assert cell.data_type != "f", (header, cell.value)
            if isinstance(cell.value, str) and FORMULA.match(cell.value):
                # shown and stored as the page's text; editing it (F2, Enter) cannot make a formula
                assert cell.data_type == "s" and cell.quotePrefix, (header, cell.value)
        values = dict(zip(HEADERS, (c.value for c in row)))
        assert isinstance(values["序号"], int)
        assert isinstance(values["时限"], dt.datetime)
        assert values["完成率"] is None or isinstance(values["完成率"], float)
    indicators = [r[HEADERS.index("指标")].value for r in body]
    assert "-1+HYPERLINK(\"http://x\")全市家庭医生签约服务覆盖率" in indicators  # the text itself, unchanged
    assert any(isinstance(r[HEADERS.index("完成率")].value, float) for r in body)


# ---------------------------------------------------------------------------------------------
# HTML and Markdown


def assert_no_markup_from_the_page(root) -> None:
    assert not root.xpath("//img | //a | //iframe | //object | //embed")
    assert not root.xpath("//@*[starts-with(name(), 'on')] | //@src | //@href")
    assert not root.xpath("//strong | //em | //code")


def test_checklist_html_shows_hostile_markup_as_text(corpus):
    folder, db = corpus
    out = folder / "台账.html"
    run("checklist", "--db", db, "--as-of", AS_OF, "-o", out)
    root = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    scripts = root.xpath("//script")
    assert len(scripts) == 1 and "getElementById('checklist')" in scripts[0].text  # the page's own
    assert_no_markup_from_the_page(root)
    text = root.text_content()
    assert f"《{TITLE}》" in text
    assert "| pipe | [link](javascript:alert(1)) **bold** `tick` 。" in text
    assert len(root.xpath("//table[@id='checklist']/tbody/tr")) == 6


def render_markdown(text: str):
    """As a Markdown viewer would show it, raw HTML allowed through (as most renderers do)."""
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    return lxml.html.fromstring(f"<div>{html}</div>")


def test_checklist_markdown_cells_cannot_break_the_table_or_add_markup(corpus):
    folder, db = corpus
    out = folder / "台账.md"
    run("checklist", "--db", db, "--as-of", AS_OF, "-o", out)
    root = render_markdown(out.read_text(encoding="utf-8"))
    assert not root.xpath("//script")
    assert_no_markup_from_the_page(root)
    rows = root.xpath("//table/tbody/tr")
    assert len(rows) == 6 and all(len(r.xpath("td")) == len(HEADERS) for r in rows)
    text = root.text_content()
    assert f"《{TITLE}》" in text
    assert "| pipe | [link](javascript:alert(1)) **bold** `tick` 。" in text


def test_draft_markdown_is_literal_text(corpus):
    folder, _ = corpus
    out = folder / "drafts"
    run("clean", folder / "pages" / "plan.html", "-o", out, "--format", "md")
    root = render_markdown((out / "plan.md").read_text(encoding="utf-8"))
    assert not root.xpath("//script")
    assert_no_markup_from_the_page(root)
    assert [h.text_content() for h in root.xpath("//h1")] == [TITLE]
    assert not root.xpath("//h2 | //h3 | //hr | //ol | //ul | //blockquote | //table")
    paragraphs = [p.text_content() for p in root.xpath("//p")]
    assert f"{DDE}到2023年底，全市紧密型县域医共体覆盖率达到90%以上。（责任单位：市卫生健康委）" in paragraphs
    assert "+1全市县域内就诊率稳定在90%左右 | pipe | [link](javascript:alert(1)) **bold** `tick` 。" in paragraphs


# ---------------------------------------------------------------------------------------------
# JSON and DOCX


def test_draft_json_round_trips_the_text_exactly(corpus):
    from policydocs.acquire import load
    from policydocs.clean import clean_raw

    folder, _ = corpus
    page = folder / "pages" / "plan.html"
    data = json.loads(run("clean", page, "--format", "json").stdout)
    doc = clean_raw(load(str(page)))
    assert data["title"] == doc.title == TITLE
    assert data["text"] == doc.text and DDE in data["text"] and "\u2028" in data["text"]
    # "</script>" stays as it is: JSON is data, and policydocs never puts it inside a page


def test_jsonl_exports_keep_one_record_per_line(corpus):
    folder, db = corpus
    statements = run("export", "statements", "--db", db).stdout
    links = run("export", "links", "--db", db, "--as-of", AS_OF).stdout
    records = [json.loads(line) for line in statements.splitlines()]
    assert len(records) == 9  # str.splitlines() splits at U+2028 too: the separator must be escaped
    assert any(r["text"] == "全年培训\u2028乡村医生1200人次" for r in records)
    assert any(r["doc"] == REPORT_NAME for r in records)
    assert len([json.loads(line) for line in links.splitlines()]) == 6


def test_draft_docx_opens_and_holds_the_text_literally(corpus):
    folder, _ = corpus
    out = folder / "drafts"
    run("clean", folder / "pages" / "plan.html", "-o", out, "--format", "docx")
    document = Document(str(out / "plan.docx"))
    assert document.paragraphs[0].text == TITLE and document.core_properties.title == TITLE
    texts = [p.text for p in document.paragraphs]
    assert f"{DDE}到2023年底，全市紧密型县域医共体覆盖率达到90%以上。（责任单位：市卫生健康委）" in texts
    assert "各单位务必高度重视，确保各项任务落到实处。" in texts  # the control character XML cannot hold is gone
    xml = document.element.xml
    assert "fldSimple" not in xml and "instrText" not in xml and "hyperlink" not in xml


# ---------------------------------------------------------------------------------------------
# Numbers stay numbers, text that looks like one stays text


def test_a_negative_value_is_a_number_and_a_sentence_starting_with_minus_is_text(tmp_path):
    doc = "某市2023年统计公报\n一、主要指标\n-1.5%：全市居民消费价格同比下降。\n"
    db = stored(tmp_path, [processed(doc, "gongbao", [dict(
        fragment="-1.5%：全市居民消费价格同比下降", kind="actual", indicator="-1.5", value=-1.5, unit="%",
        period="2023")], region="某市", year=2023)])
    out = tmp_path / "s.csv"
    export_statements(db, out, fmt="csv")
    (row,) = csv_rows(out)
    assert (row["value"], row["indicator"], row["text"]) == ("-1.5", "'-1.5", "'-1.5%：全市居民消费价格同比下降")


HOSTILE_STARTS = ["-1.5", "-1+HYPERLINK(\"http://x\")", "\t=1+1", " =1+1", "\u3000=1+1", "|cmd", "＠SUM(1)",
                  "＋1", "－1", DDE]


def hostile_sheet() -> Checklist:
    targets = [target(f"{start}覆盖率达到90%", start, -1.5 if i == 0 else 90, deadline="2023-12-31",
                      sentence=f"{start}覆盖率达到90%。\n| x | y |", key=f"t{i}")
               for i, start in enumerate(HOSTILE_STARTS)]
    from policydocs.link.model import LinkedTarget

    linked = [LinkedTarget(t, actual("覆盖率达到-135%", "覆盖率", -135, period="2023", key="a"), "未完成",
                           share=-1.5, score=0.9) for t in targets]
    return Checklist(rows_from_targets(linked), AS_OF, {})


def test_checklist_csv_and_xlsx_neutralise_each_kind_of_start(tmp_path):
    write(hostile_sheet(), tmp_path / "a.csv", "csv")
    rows = csv_rows(tmp_path / "a.csv")
    assert [r["指标"] for r in rows] == ["'" + s for s in HOSTILE_STARTS]
    assert rows[0]["目标值"] == "'-1.5%"  # a figure with its comparator and unit: text, like "≥90%"
    assert rows[0]["完成率"] == "-150.0%"  # a number, as in the xlsx
    assert_cells_inert(rows, {"序号", "完成率"})

    write(hostile_sheet(), tmp_path / "a.xlsx", "xlsx")
    body = list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(min_row=4))
    indicator, share = HEADERS.index("指标"), HEADERS.index("完成率")
    assert [r[indicator].value for r in body] == HOSTILE_STARTS
    assert all(r[indicator].data_type == "s" and r[indicator].quotePrefix for r in body)
    assert body[0][share].value == -1.5 and body[0][share].data_type == "n" and not body[0][share].quotePrefix


def test_checklist_markdown_and_html_of_line_breaks_and_pipes(tmp_path):
    md, page = io.StringIO(), io.StringIO()
    write(hostile_sheet(), md, "md")
    write(hostile_sheet(), page, "html")
    rows = render_markdown(md.getvalue()).xpath("//table/tbody/tr")
    assert len(rows) == len(HOSTILE_STARTS) and all(len(r.xpath("td")) == len(HEADERS) for r in rows)
    assert rows[0].xpath("td")[HEADERS.index("依据原文")].text_content() == "-1.5覆盖率达到90%。 | x | y |"
    cells = lxml.html.fromstring(page.getvalue()).xpath("//tbody/tr[1]/td")
    assert cells[HEADERS.index("依据原文")].text_content() == "-1.5覆盖率达到90%。| x | y |"


def test_terminal_control_sequences_from_a_page_never_reach_the_terminal(tmp_path):
    """ESC from a page (&#27;]0;… retitles a terminal, &#27;[2J clears it) and bidi overrides are
    dropped by the cleaner, and the removal is reported; search and clean print none of them."""
    from click.testing import CliRunner

    from policydocs.cli import cli

    page = tmp_path / "通知.html"
    page.write_text(
        "<html><head><title>关于医共体建设的通知&#27;]0;pwned&#7;</title></head><body><div class='content'>"
        "<p>各县区要在6月底前完成医共体章程制定&#27;[2J，确保年内全面推开。</p>"
        "<p>全年培训乡村医生1200人次，新建标准化村卫生室30个\u202e。</p></div></body></html>", encoding="utf-8")
    runner = CliRunner()
    cleaned = runner.invoke(cli, ["clean", str(page), "--report"])
    assert cleaned.exit_code == 0, cleaned.output
    assert "医共体章程制定" in cleaned.output
    assert not any(ch in cleaned.output for ch in "\x1b\x07\u202e")
    assert "control characters removed" in cleaned.output
    db = tmp_path / "t.db"
    assert runner.invoke(cli, ["ingest", str(page), "--db", str(db), "--no-progress"]).exit_code == 0
    found = runner.invoke(cli, ["search", "医共体", "--db", str(db)])
    assert "章程制定" in found.output and "\x1b" not in found.output and "\x07" not in found.output
