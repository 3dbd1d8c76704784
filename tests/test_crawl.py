"""``policydocs crawl``: pagination, articles, attachments, safety, incremental runs, ingest.

Served by builders' ``SiteServer`` on 127.0.0.1 from ``tests/fixtures/sites/`` (and a
temporary directory for the generated PDF/DOCX attachments and for pages changed between runs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import FAST, POLICY_PARAGRAPHS, SITES, SiteServer, run, typeset_pdf, word_document
from policydocs.acquire import crawl
from policydocs.acquire.crawl import rules_for
from policydocs.acquire.discover import attachment_links, list_items, next_pages, parse
from policydocs.acquire.fetchstate import STATE_FILE, FetchState

TRS_LIST = "/trs/tzgg/index.html"
ARTICLE_1003 = "/trs/tzgg/202403/t20240315_1003.html"


@pytest.fixture(scope="module")
def attachments(tmp_path_factory) -> Path:
    """The 1003 notice's attachments: a typeset PDF and a Word file, built once."""
    root = tmp_path_factory.mktemp("attachments")
    folder = root / "trs" / "tzgg" / "202403"
    folder.mkdir(parents=True)
    typeset_pdf(folder / "P020240315_1.pdf", POLICY_PARAGRAPHS, title="某某市推进紧密型县域医共体建设实施方案")
    word_document(folder / "P020240315_2.docx")
    return root


@pytest.fixture
def changes(tmp_path) -> Path:
    """Pages put here shadow the fixtures: a site that changed between two crawls."""
    path = tmp_path / "changes"
    path.mkdir()
    return path


@pytest.fixture
def site(attachments, changes):
    server = SiteServer(changes, attachments, SITES)
    yield server
    server.close()


def by_status(report, status) -> set[str]:
    return {r.url.split("/", 3)[-1] for r in report.with_status(status)}


def test_trs_list_is_followed_through_create_page_html_to_articles_and_attachments(site, tmp_path):
    report = crawl(site.url(TRS_LIST), out=tmp_path, **FAST)
    assert report.profile == "trs" and report.list_pages == 3  # index, index_1, index_2 from the script
    assert {"/trs/tzgg/index_1.html", "/trs/tzgg/index_2.html"} <= set(site.paths())
    fetched = by_status(report, "fetched")
    assert {p for p in fetched if "/t20" in p} == {
        "trs/tzgg/202403/t20240315_1003.html", "trs/tzgg/202403/t20240302_1002.html",
        "trs/tzgg/202401/t20240120_1001.html", "trs/tzgg/202312/t20231228_0999.html",
        "trs/tzgg/202311/t20231105_0998.html"}
    assert {"trs/tzgg/202403/P020240315_1.pdf", "trs/tzgg/202403/P020240315_2.docx"} <= fetched
    saved = {Path(r.path).suffix for r in report.with_status("fetched") if r.kind != "list"}
    assert saved == {".html", ".pdf", ".docx"}
    dated = {r.url.rsplit("/", 1)[-1]: r.date for r in report.results if r.kind == "article"}
    assert dated["t20240315_1003.html"] == "2024-03-15"


def test_offsite_links_and_robots_disallowed_pages_are_recorded_not_requested(site, tmp_path):
    report = crawl(site.url(TRS_LIST), out=tmp_path, **FAST)
    offsite = {r.url for r in report.with_status("skipped-offsite")}
    assert offsite == {"http://www.offsite.example/art/t20240228_7.html",
                       "https://files.offsite.example/P020240315_3.pdf"}
    assert by_status(report, "skipped-robots") == {"private/t20240301_0001.html"}
    assert not any(p.startswith("/private/") for p in site.paths())
    with FetchState(tmp_path / STATE_FILE) as state:
        assert state.get("https://files.offsite.example/P020240315_3.pdf").status == "skipped-offsite"
    summary = report.summary()
    assert "2 skipped-offsite" in summary and "1 skipped-robots" in summary and "0 failed" in summary


def test_page_query_pagination_and_the_generic_profile(site, tmp_path):
    report = crawl(site.url("/news/list"), out=tmp_path, **FAST)
    assert report.profile == "generic" and report.list_pages == 2
    assert by_status(report, "fetched") >= {f"news/show?id={i}" for i in (201, 202, 203, 204)}
    assert "/news/list?page=3" not in site.paths()  # the last page has no next link
    assert "/news/list?page=1" not in site.paths()  # 上一页 is not followed


def test_since_skips_older_list_items_and_stops_paginating(site, tmp_path):
    report = crawl(site.url(TRS_LIST), out=tmp_path, since="2024-01-01", **FAST)
    articles = {r.url.rsplit("/", 1)[-1] for r in report.with_status("fetched") if r.kind == "article"}
    assert articles == {"t20240315_1003.html", "t20240302_1002.html", "t20240120_1001.html"}
    assert by_status(report, "skipped-old") == {"trs/tzgg/202312/t20231228_0999.html",
                                                "trs/tzgg/202311/t20231105_0998.html"}
    assert not any("_0999" in p or "_0998" in p for p in site.paths())
    assert "/trs/tzgg/index_2.html" in site.paths()  # page 1 still had a 2024 item
    with pytest.raises(ValueError):
        crawl(site.url(TRS_LIST), out=tmp_path, since="last week", **FAST)


def test_max_caps_the_items_taken_from_the_lists(site, tmp_path):
    report = crawl(site.url(TRS_LIST), out=tmp_path, max_items=2, **FAST)
    articles = [r for r in report.results if r.kind == "article"]
    assert [r.url.rsplit("/", 1)[-1] for r in articles] == ["t20240315_1003.html", "t20240302_1002.html"]
    assert "/trs/tzgg/index_1.html" not in site.paths()


def test_second_crawl_fetches_only_what_changed(site, tmp_path, changes):
    first = crawl(site.url(TRS_LIST), out=tmp_path, **FAST)
    assert first.count("fetched") == 10  # 3 list pages, 5 articles, 2 attachments
    before = len(site.requests)
    second = crawl(site.url(TRS_LIST), out=tmp_path, **FAST)
    assert second.count("fetched") == 0 and second.count("unchanged") == 10
    assert second.list_pages == 3 and not second.saved and second.profile == "trs"
    again = [headers for path, headers in site.requests[before:] if path != "/robots.txt"]
    assert again and all("If-None-Match" in headers for headers in again)
    # The 1002 notice is corrected on the site: the third crawl downloads that page and no other.
    changed = changes / "trs/tzgg/202403/t20240302_1002.html"
    changed.parent.mkdir(parents=True)
    original = (SITES / "trs/tzgg/202403/t20240302_1002.html").read_text(encoding="utf-8")
    changed.write_text(original.replace("520万亩", "530万亩"), encoding="utf-8")
    third = crawl(site.url(TRS_LIST), out=tmp_path, **FAST)
    assert by_status(third, "fetched") == {"trs/tzgg/202403/t20240302_1002.html"}
    assert "530万亩" in Path(third.saved[0]).read_text(encoding="utf-8")


def test_failures_are_recorded_per_url_and_the_crawl_goes_on(site, tmp_path, cli):
    result = run(cli, "crawl", site.url("/trouble/index.html"), "--out", tmp_path, "--delay", 0,
                 "--timeout", 0.2, "--retries", 1, "--max-size", 1)
    assert result.exit_code == 1
    errors = sorted(line for line in result.output.splitlines() if line.startswith("error: "))
    assert len(errors) == 4
    assert errors[0].startswith(f"error: {site.url('/big-chunked')}: response over the 1.0 MB limit")
    assert errors[1].startswith(f"error: {site.url('/loop-a')}: redirect loop")
    assert errors[2] == f"error: {site.url('/missing.html')}: HTTP 404"
    assert errors[3].startswith(f"error: {site.url('/slow')}: timed out (2 attempts)")
    summary = result.output.strip().splitlines()[-1]
    assert "3 fetched" in summary and "4 failed" in summary  # the list, the flaky page, the GBK page
    with FetchState(tmp_path / STATE_FILE) as state:
        assert state.count("failed") == 4


def test_requests_stay_one_at_a_time_per_host(site, tmp_path):
    crawl(site.url(TRS_LIST), out=tmp_path, concurrency=8, per_host=1, **FAST)
    assert max(site.most_in_flight.values()) == 1


def test_crawl_ingest_stores_the_articles_and_a_second_crawl_adds_nothing(site, tmp_path, cli):
    db = tmp_path / "crawl.db"
    result = run(cli, "crawl", site.url(TRS_LIST), "--out", tmp_path / "dl", "--ingest", "--db", db,
                 "--delay", 0, "--timeout", 2)
    assert result.exit_code == 0, result.output
    assert "10 fetched" in result.output and "7 ingested" in result.output
    from policydocs.store import open_db

    database = open_db(db)
    titles = [r[0] for r in database.conn.execute("SELECT title FROM documents")]
    assert "某某市2024年优化营商环境工作要点" in titles and len(titles) == 7
    assert database.conn.execute("SELECT count(*) FROM fetch_state").fetchone()[0] == 13
    assert not (tmp_path / "dl" / STATE_FILE).exists()  # the state is in the database
    second = run(cli, "crawl", site.url(TRS_LIST), "--out", tmp_path / "dl", "--ingest", "--db", db,
                 "--delay", 0, "--timeout", 2)
    assert second.exit_code == 0, second.output
    assert "0 fetched, 10 unchanged" in second.output and "0 ingested" in second.output


def test_cli_crawl_refuses_a_non_http_list_url_in_one_line(tmp_path, cli):
    result = run(cli, "crawl", "file:///etc/passwd", "--out", tmp_path)
    assert result.exit_code == 2
    assert result.output.strip() == "error: file:///etc/passwd: unsupported URL (scheme 'file'): only http and https"


# --- discovery on the markup of each kind of site (no server) -------------------------------------

def test_hanweb_items_are_read_from_the_script_datastore_without_running_it():
    html = (SITES / "hanweb/col/col123/index.html").read_text(encoding="utf-8")
    url = "http://www.example.gov.cn/col/col123/index.html"
    rules = rules_for(url, html)
    assert rules.name == "hanweb"
    tree = parse(html)
    items = list_items(tree, html, url, rules)
    assert [(i.url, i.date) for i in items] == [
        ("http://www.example.gov.cn/art/2024/3/1/art_123_4567.html", "2024-03-01"),
        ("http://www.example.gov.cn/art/2024/2/20/art_123_4566.html", "2024-02-20")]
    assert next_pages(tree, html, url, rules) == ["http://www.example.gov.cn/col/col123/index.html?uid=456&pageNum=2"]


def test_trs_pager_written_with_variables_is_read_too():
    html = """<html><body><ul class="list"><li><a href="./202405/t20240506_88.html">通知</a>
    <span>2024-05-06</span></li></ul><script>var countPage = 12;//共多少页
    var currentPage = 3;//当前页
    createPageHTML(countPage, currentPage, "index", "shtml");</script></body></html>"""
    url = "http://www.example.gov.cn/zwgk/tzgg/index_3.shtml"
    rules = rules_for(url, html)
    assert rules.name == "trs"
    assert next_pages(parse(html), html, url, rules) == ["http://www.example.gov.cn/zwgk/tzgg/index_4.shtml"]
    last = html.replace("currentPage = 3", "currentPage = 11")
    assert next_pages(parse(last), last, url, rules) == []


def test_govcn_and_template_site_lists():
    gov = """<div class="list"><ul><li><h4><a href="/zhengce/content/202405/content_6950001.htm">国务院关于
    印发《2024—2025年节能降碳行动方案》的通知</a><span class="date">2024-05-29</span></h4></li></ul></div>
    <a href="/zhengce/zuixin/home_1.htm">下一页</a>"""
    url = "https://www.gov.cn/zhengce/zuixin/home.htm"
    rules = rules_for(url, gov)
    assert rules.name == "govcn" and "www.gov.cn" in rules.allow_hosts
    tree = parse(gov)
    [item] = list_items(tree, gov, url, rules)
    assert item.url == "https://www.gov.cn/zhengce/content/202405/content_6950001.htm" and item.date == "2024-05-29"
    assert next_pages(tree, gov, url, rules) == ["https://www.gov.cn/zhengce/zuixin/home_1.htm"]
    fanwen = """<div class="nav"><a href="/">首页</a></div><ul class="list">
    <li><a href="/jianghua/12345.html">在全市安全生产工作会议上的讲话（精选3篇）</a></li>
    <li><a href="/jianghua/12344.html">在全县经济工作会议上的讲话</a></li></ul>
    <div class="pages"><a href="/jianghua/list_1.html">上一页</a><a href="/jianghua/list_3.html">下一页</a></div>"""
    url = "https://www.fanwy.cn/jianghua/list_2.html"
    rules = rules_for(url, fanwen)
    assert rules.name == "fanwy"
    tree = parse(fanwen)
    assert [i.url.rsplit("/", 1)[-1] for i in list_items(tree, fanwen, url, rules)] == ["12345.html", "12344.html"]
    assert next_pages(tree, fanwen, url, rules) == ["https://www.fanwy.cn/jianghua/list_3.html"]


def test_attachments_and_links_that_are_not_pages():
    html = """<div class="TRS_Editor"><p>正文</p></div><div class="fj">
    <a href="./P020240101_1.pdf">附件1</a> <a href="/module/download/downfile.jsp?classid=0&filename=2401.doc">附件2</a>
    <a href="javascript:void(0)">打印</a> <a href="mailto:ban@example.gov.cn">联系我们</a> <a href="#top">顶部</a>
    <a href="ftp://ftp.example.gov.cn/x.pdf">FTP</a></div>"""
    url = "http://www.example.gov.cn/zwgk/202401/t20240101_1.html"
    rules = rules_for(url, html, site="hanweb")
    found = [i.url for i in attachment_links(parse(html), url, rules)]
    assert found == ["http://www.example.gov.cn/zwgk/202401/P020240101_1.pdf",
                     "http://www.example.gov.cn/module/download/downfile.jsp?classid=0&filename=2401.doc"]
