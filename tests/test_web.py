"""The web page (policydocs.web) through Starlette's test client: every page, every action, and
what a visitor must not be able to do (run script from a document, post from another site, upload
anything). The browser itself: tests/test_web_browser.py."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from policydocs.cli import cli
from policydocs.report import build, checklist
from policydocs.web import create_app
from policydocs.web.store import LedgerFilters, Store

AS_OF = "2019-03-05"
HOSTILE_TITLE = '<script>alert("t")</script>关于推进医共体建设的通知'
HOSTILE_LINE = '到2025年底，全市<img src=x onerror=alert(1)>县域医共体覆盖率达到90%以上。'


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from policydocs.batch import ingest

    folder = tmp_path_factory.mktemp("web")
    (folder / "hostile.txt").write_text(f"{HOSTILE_TITLE}\n一、总体要求\n{HOSTILE_LINE}\n", encoding="utf-8")
    path = folder / "policydocs.db"
    report = ingest(["corpora/govreport/2018_国务院政府工作报告.txt", "corpora/govreport/2019_国务院政府工作报告.txt",
                     "corpora/seeds", str(folder / "hostile.txt")], db=str(path))
    assert report.ok
    import sqlite3

    with sqlite3.connect(path) as conn:  # a title carrying markup, as a sidecar or a page may give it
        conn.execute("UPDATE documents SET title = ? WHERE doc = 'hostile'", [HOSTILE_TITLE])
    return path


@pytest.fixture
def client(db):
    with TestClient(create_app(db, as_of=AS_OF)) as c:
        c.get("/ingest")  # the CSRF cookie, as a browser gets it on its first page
        yield c


def _token(client) -> str:
    return client.cookies.get("policydocs_csrf")


def _linked_key(client) -> str:
    page = client.get("/ledger", params={"region": "全国", "status": "已完成"}).text
    return re.search(r'id="row-([0-9a-f]+)"', page).group(1)


def test_every_page_answers_in_chinese(client, db):
    for path in ("/", "/search?q=医共体", "/ledger", "/ingest", "/doc/001_00576c6514847a99"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert '<html lang="zh-CN">' in page.text and "总览" in page.text and "台账" in page.text
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/doc/no-such-doc").status_code == 404
    assert "没有这个页面" in client.get("/nowhere").text


def test_overview_counts_link_to_their_rows(client):
    page = client.get("/").text
    total = int(re.search(r'<a class="card" href="/ledger"><b>(\d+)</b>', page).group(1))
    assert total == len(build(client.app.state.store.path, as_of=AS_OF).rows)
    link = re.search(r'href="(/ledger\?region=%E5%85%A8%E5%9B%BD)">(\d+)</a>', page)
    rows = client.get(link.group(1).replace("&amp;", "&")).text
    assert f"共{link.group(2)}项" in rows


def test_search_uses_the_command_syntax_and_filters_and_keeps_them_in_the_address(client):
    page = client.get("/search", params={"q": "医共体 NOT 县域", "kind": "target"}).text
    assert "<mark>医共体</mark>" in page and "li class=\"hit\"" in page
    assert 'value="医共体 NOT 县域"' in page
    bad = client.get("/search", params={"q": '"unbalanced'}).text
    assert "检索式有误" in bad
    none = client.get("/search", params={"q": "医共体", "kind": "target", "responsible": "不存在的单位"}).text
    assert "没有找到" in none
    paged = client.get("/search", params={"q": "增长", "page": "2"}).text
    assert "第 2 页" in paged and "page=1" not in paged.split("上一页")[0][-200:] or "上一页" in paged


def test_document_view_marks_statements_in_place_and_offers_the_original(client):
    page = client.get("/doc/001_00576c6514847a99").text
    marks = re.findall(r'<mark class="st st-(target|actual)[^"]*" id="st-([0-9a-f]+)"><a[^>]*>([^<]+)</a>', page)
    assert marks and "目录" in page
    key = next(k for kind, k, _ in marks if kind == "target")
    panel = client.get(f"/statement/{key}").text
    assert "指标" in panel and "时限" in panel and key in panel
    assert client.get(f"/doc/001_00576c6514847a99?st={key}").text.count("record-table") == 1
    original = client.get("/doc/001_00576c6514847a99/original")
    assert original.status_code == 200 and original.content == Path(
        "corpora/seeds/001_00576c6514847a99.txt").read_bytes()
    report = client.get("/doc/001_00576c6514847a99/report").text
    assert "已删除" in report or "缺失" in report


def test_scraped_strings_are_escaped_everywhere(client):
    for path in ("/doc/hostile", "/search?q=医共体", "/ledger", "/"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
    page = client.get("/doc/hostile").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page or "&lt;script&gt;" in page
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_ledger_shows_the_rows_of_the_checklist_command(client, db):
    store = Store(db)
    for f in (LedgerFilters(), LedgerFilters(region="全国"), LedgerFilters(due_before="2018-12-31"),
              LedgerFilters(query="医共体"), LedgerFilters(region="全国", query="就业"),
              LedgerFilters(responsible="卫生"), LedgerFilters(include_templates=True)):
        mine = [t.target.key for t in store.ledger(AS_OF, f)]
        theirs = [r["编号"] for r in build(db, as_of=AS_OF, **f.command_filters()).rows]
        assert mine == theirs, f
    page = client.get("/ledger", params={"region": "全国"}).text
    assert "督查台账（截至2019-03-05）" in page and 'class="status status-' in page


def test_exports_are_the_files_the_command_writes(client, db, tmp_path):
    ours = client.get("/ledger/export.csv", params={"region": "全国"})
    assert ours.status_code == 200 and "attachment" in ours.headers["content-disposition"]
    checklist(db, tmp_path / "台账.csv", "csv", region="全国", as_of=AS_OF)
    assert ours.content == (tmp_path / "台账.csv").read_bytes()
    from openpyxl import load_workbook

    xlsx = client.get("/ledger/export.xlsx", params={"region": "全国"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.page_setup.orientation == "landscape"
    html = client.get("/ledger/export.html", params={"region": "全国"}).text
    assert "督查台账" in html


def test_a_review_through_the_page_is_the_review_of_the_command(client, db):
    key = _linked_key(client)
    refused = client.post(f"/ledger/row/{key}", data={"csrf": "forged", "action": "reject"})
    assert refused.status_code == 403
    cross = client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "reject"},
                        headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    done = client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "reject", "who": "李四"},
                       headers={"HX-Request": "true"})
    assert done.status_code == 200 and "已保存" in done.text and "李四" in done.text
    listed = CliRunner().invoke(cli, ["review", "--db", str(db), "--list", "--all", "--json", "--as-of", AS_OF])
    assert f'"target_key": "{key}"' in listed.output and '"review": "rejected"' in listed.output
    row = re.search(rf'<tr id="row-{key}">.*?</tr>', client.get("/ledger", params={"region": "全国"}).text, re.S)
    assert "人工否决" in row.group(0)
    client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "none"})
    assert "人工确认无实绩" in client.get(f"/ledger/row/{key}").text or "确认无实绩" in client.get(
        f"/ledger/row/{key}").text


def test_corrections_and_drop_go_through_the_corrections_store(client, db):
    key = _linked_key(client)
    wrong = client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "deadline", "value": "明年"},
                        headers={"HX-Request": "true"})
    assert "YYYY-MM-DD" in wrong.text
    client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "deadline", "value": "2018-06-30"})
    assert [r["时限"] for r in build(db, as_of=AS_OF).rows if r["编号"] == key] == ["2018-06-30"]
    client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "drop"})
    assert key not in {r["编号"] for r in build(db, as_of=AS_OF).rows}
    assert "已删去的行" in client.get(f"/ledger/row/{key}").text
    client.post(f"/ledger/row/{key}", data={"csrf": _token(client), "action": "restore"})
    assert key in {r["编号"] for r in build(db, as_of=AS_OF).rows}
    assert key in client.get("/ledger").text


def test_uploads_are_capped_checked_and_ingested(client, db):
    refused = client.post("/ingest", data={"csrf": _token(client)},
                          files={"files": ("evil.exe", b"MZ\x90\x00", "application/octet-stream")})
    assert refused.status_code == 400 and "不支持的文件类型" in refused.text
    fake = client.post("/ingest", data={"csrf": _token(client)}, files={"files": ("a.pdf", b"not a pdf")})
    assert "不是 PDF" in fake.text
    forged = client.post("/ingest", data={"csrf": "x", "text": "文本"})
    assert forged.status_code == 403
    text = "易县2026年医共体建设工作要点\n一、工作目标\n到2026年底，全县紧密型县域医共体覆盖率达到100%。\n"
    started = client.post("/ingest", data={"csrf": _token(client), "text": text, "name": "易县医共体工作要点"},
                          follow_redirects=False)
    assert started.status_code == 303
    job = started.headers["location"]
    deadline = time.monotonic() + 60
    while "入库完成" not in (page := client.get(job).text) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "入库完成" in page and "已入库" in page, page
    assert "<mark>医共体</mark>" in client.get("/search", params={"q": "医共体 易县"}).text or \
        "易县" in client.get("/search", params={"q": "覆盖率", "kind": "target"}).text


def test_serve_binds_this_machine_and_needs_public_for_another_address(db, monkeypatch):
    started = []
    monkeypatch.setattr("policydocs.web.run", lambda *a, **k: started.append(k))
    local = CliRunner().invoke(cli, ["serve", "--db", str(db)])
    assert local.exit_code == 0 and started[-1]["host"] == "127.0.0.1" and started[-1]["port"] == 8001
    refused = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert refused.exit_code == 2 and "--public" in refused.output and len(started) == 1
    public = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0", "--public", "--port", "9000"])
    assert public.exit_code == 0 and "warning" in public.stderr and started[-1]["host"] == "0.0.0.0"
    missing = CliRunner().invoke(cli, ["serve", "--db", str(db.parent / "none.db")])
    assert missing.exit_code == 2 and "no database" in missing.output
