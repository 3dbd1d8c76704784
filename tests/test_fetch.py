"""``policydocs fetch`` and the polite client, against a real HTTP server on 127.0.0.1.

No test touches the internet: ``SiteServer`` serves ``tests/fixtures/sites/`` plus endpoints
that misbehave on purpose (slow, failing once, huge, redirecting in a loop). Delays are 0 and
timeouts tiny so that the whole file runs in a few seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from builders import BIG, FAST, SITES, SiteServer, run
from policydocs.acquire import Client, FetchError, fetch
from policydocs.acquire.fetchstate import STATE_FILE, FetchState
from policydocs.acquire.http import USER_AGENT, check_url
from policydocs.acquire.pipelines import file_name


@pytest.fixture
def site():
    server = SiteServer(SITES)
    yield server
    server.close()


def test_only_http_and_https_urls_are_accepted():
    for url in ("file:///etc/passwd", "data:text/html,<p>x</p>", "ftp://example.com/a.pdf", "javascript:alert(1)",
                "/relative/path.html"):
        with pytest.raises(FetchError) as err:
            check_url(url)
        assert "only http and https" in err.value.reason
        assert "\n" not in str(err.value)
    assert check_url("https://www.gov.cn/") == "https://www.gov.cn/"


def test_cli_refuses_other_schemes_with_one_line_each(tmp_path, cli):
    result = run(cli, "fetch", "file:///etc/passwd", "data:text/plain,hi", "--out", tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == ["error: file:///etc/passwd: unsupported URL (scheme 'file'): only http and https",
                      "error: data:text/plain,hi: unsupported URL (scheme 'data'): only http and https"]
    assert not list(tmp_path.glob("*.html"))


def test_fetch_saves_the_page_under_a_name_from_its_url_with_our_user_agent(site, tmp_path):
    url = site.url("/trs/tzgg/202403/t20240315_1003.html")
    report = fetch([url], out=tmp_path, **FAST)
    [result] = report.results
    assert result.status == "fetched", result.reason
    port = site.httpd.server_address[1]
    assert Path(result.path).name == f"127.0.0.1_{port}_trs_tzgg_202403_t20240315_1003.html"
    assert "医共体" in Path(result.path).read_text(encoding="utf-8")
    agents = {headers.get("User-Agent") for _, headers in site.requests}
    assert agents == {USER_AGENT} and "https://github.com/policydocs/policydocs" in USER_AGENT
    assert site.paths()[0] == "/robots.txt"  # asked before the first page


def test_a_saved_page_keeps_its_url_beside_it_for_ingest(site, tmp_path):
    from policydocs.acquire.sidecar import read_sidecar

    url = site.url("/trs/tzgg/202403/t20240315_1003.html")
    saved = fetch([url], out=tmp_path, **FAST).results[0].path
    assert read_sidecar(saved) == {"url": url}
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".part"]


def test_a_second_fetch_sends_the_etag_and_keeps_the_unchanged_page(site, tmp_path):
    url = site.url("/trs/tzgg/202403/t20240315_1003.html")
    first = fetch([url], out=tmp_path, **FAST)
    saved = Path(first.results[0].path)
    stamp = saved.stat().st_mtime_ns
    second = fetch([url], out=tmp_path, **FAST)
    assert second.count("unchanged") == 1 and second.count("fetched") == 0
    assert second.results[0].http_status == 304 and second.results[0].path == str(saved)
    last = [headers for path, headers in site.requests if path.endswith("_1003.html")][-1]
    assert last.get("If-None-Match", "").startswith('"')
    assert saved.stat().st_mtime_ns == stamp
    assert (tmp_path / STATE_FILE).is_file()


def test_robots_txt_disallowed_path_is_skipped_without_a_request(site, tmp_path):
    report = fetch([site.url("/private/t20240301_0001.html")], out=tmp_path, **FAST)
    assert report.results[0].status == "skipped-robots"
    assert "/private/t20240301_0001.html" not in site.paths()
    # ...and a redirect into the disallowed path is caught too.
    report = fetch([site.url("/private-redirect")], out=tmp_path, **FAST)
    assert report.results[0].status == "skipped-robots"
    assert "/private/t20240301_0001.html" not in site.paths()


def test_slow_endpoint_times_out_is_retried_and_recorded_as_failed(site, tmp_path):
    started = time.perf_counter()
    report = fetch([site.url("/slow"), site.url("/news/show?id=201")], out=tmp_path,
                   **{**FAST, "timeout": 0.15})
    assert time.perf_counter() - started < 3
    slow, other = report.results
    assert slow.status == "failed" and "timed out" in slow.reason and slow.attempts == 2
    assert site.hits["/slow"] == 2  # one retry
    assert other.status == "fetched"  # the run went on
    with FetchState(tmp_path / STATE_FILE) as state:
        row = state.get(site.url("/slow"))
        assert row.status == "failed" and "timed out" in row.reason


def test_500_then_200_is_retried_with_backoff(site, tmp_path):
    report = fetch([site.url("/flaky")], out=tmp_path, **FAST)
    [result] = report.results
    assert result.status == "fetched" and result.attempts == 2 and site.hits["/flaky"] == 2
    assert "第二次请求成功" in Path(result.path).read_text(encoding="utf-8")
    report = fetch([site.url("/always-500")], out=tmp_path, **{**FAST, "retries": 2})
    assert report.results[0].status == "failed" and report.results[0].reason == "HTTP 503 (3 attempts)"


def test_gbk_page_without_charset_is_detected(site, tmp_path):
    client = Client(**FAST)
    response = client.get(site.url("/gbk/notice.html"))
    assert response.content_type == "text/html"  # no charset in the header, none in the page
    text = response.text()
    assert "关于做好防汛准备工作的通知" in text and "埇桥区、喆园街道" in text
    client.close()
    report = fetch([site.url("/gbk/notice.html")], out=tmp_path, **FAST)
    from policydocs.acquire import load

    raw = load(report.results[0].path)  # the saved bytes are the server's, and read back right
    assert raw.encoding == "gb18030" and "防汛" in raw.text


def test_a_declared_50_mb_page_is_refused_before_its_body_is_read(site, tmp_path):
    started = time.perf_counter()
    report = fetch([site.url("/big")], out=tmp_path, **FAST)
    [result] = report.results
    assert result.status == "failed" and "over the 20.0 MB limit" in result.reason
    assert time.perf_counter() - started < 3
    assert not list(tmp_path.glob("*.html"))


def test_an_undeclared_50_mb_stream_is_cut_at_the_cap(site, tmp_path):
    report = fetch([site.url("/big-chunked")], out=tmp_path, **{**FAST, "max_bytes": 1024 * 1024})
    [result] = report.results
    assert result.status == "failed" and "stopped reading" in result.reason
    time.sleep(0.1)  # let the server notice the closed connection
    assert site.big_sent < BIG // 5, "the client read (far) more than the cap"


def test_redirects_are_followed_loops_detected_and_other_schemes_refused(site, tmp_path):
    report = fetch([site.url("/moved"), site.url("/loop-a"), site.url("/file-redirect")], out=tmp_path, **FAST)
    moved, loop, to_file = report.results
    assert moved.status == "fetched" and moved.final_url.endswith("t20240315_1003.html")
    assert loop.status == "failed" and loop.reason.startswith("redirect loop")
    assert to_file.status == "failed" and "redirected to file:///etc/passwd" in to_file.reason
    assert "only http and https" in to_file.reason


def test_redirect_offsite_is_skipped_when_hosts_are_restricted(site, tmp_path):
    from policydocs.acquire.http import AllowedHosts

    client = Client(allowed=AllowedHosts(["127.0.0.1"]), **FAST)
    report = fetch([site.url("/offsite-redirect")], out=tmp_path, client=client)
    client.close()
    assert report.results[0].status == "skipped-offsite"
    assert "www.offsite.example" in report.results[0].reason


def test_per_host_delay_spaces_requests(site, tmp_path):
    urls = [site.url(f"/news/show?id={i}") for i in (201, 202, 203)]
    started = time.perf_counter()
    report = fetch(urls, out=tmp_path, **{**FAST, "delay": 0.1})
    assert report.count("fetched") == 3
    assert time.perf_counter() - started >= 0.3  # robots.txt + 3 pages, 0.1 s apart


def test_file_names_are_flat_unique_and_take_the_suffix_from_the_content():
    assert file_name("https://www.gov.cn/zhengce/content/202401/content_6924.htm", b"<html>") == \
        "www.gov.cn_zhengce_content_202401_content_6924.htm"
    assert file_name("http://x.gov.cn/news/show?id=7", b"<html><body>", "text/html") == "x.gov.cn_news_show_id-7.html"
    assert file_name("http://x.gov.cn/module/download/downfile.jsp?id=1", b"%PDF-1.7 ...") == \
        "x.gov.cn_module_download_downfile_id-1.pdf"
    assert file_name("http://x.gov.cn/col/", b"<html>").endswith("x.gov.cn_col_index.html")
    long = file_name("http://x.gov.cn/" + "a" * 300 + ".html", b"<html>")
    assert len(long) <= 125 and long.endswith(".html")


def test_cli_fetch_ingest_stores_the_page(site, tmp_path, cli):
    db = tmp_path / "t.db"
    result = run(cli, "fetch", site.url("/trs/tzgg/202401/t20240120_1001.html"), "--out", tmp_path / "dl",
                 "--ingest", "--db", db, "--delay", 0, "--timeout", 1)
    assert result.exit_code == 0, result.output
    assert "1 fetched" in result.output and "1 ingested" in result.output
    from policydocs.store import open_db

    database = open_db(db)
    titles = [r[0] for r in database.conn.execute("SELECT title FROM documents")]
    assert titles == ["某某市2024年优化营商环境工作要点"]
    assert database.conn.execute("SELECT count(*) FROM fetch_state").fetchone()[0] >= 1
    again = run(cli, "fetch", site.url("/trs/tzgg/202401/t20240120_1001.html"), "--out", tmp_path / "dl",
                "--ingest", "--db", db, "--delay", 0)
    assert "0 fetched, 1 unchanged" in again.output and "0 ingested" in again.output


def _mock_client(robots_status: int, robots_text: str = "", **options):
    import httpx

    asked = []

    def handler(request):
        asked.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(robots_status, text=robots_text)
        return httpx.Response(200, html="<html><body><p>正文</p></body></html>")

    return Client(transport=httpx.MockTransport(handler), **{**FAST, **options}), asked


def test_robots_txt_missing_allows_unreadable_disallows_and_crawl_delay_is_honoured():
    client, asked = _mock_client(404)
    assert client.get("http://a.example.gov.cn/x.html").status == 200
    client, asked = _mock_client(503)
    with pytest.raises(FetchError) as err:
        client.get("http://a.example.gov.cn/x.html")
    assert err.value.status == "skipped-robots" and "robots.txt unreachable (HTTP 503)" in err.value.reason
    assert asked == ["/robots.txt"]  # the page itself was not requested
    client, asked = _mock_client(200, "User-agent: policydocs\nCrawl-delay: 5\nDisallow: /search\n"
                                      "\nUser-agent: *\nDisallow: /\n")
    assert client.get("http://a.example.gov.cn/1.html").status == 200  # our group, not the * one
    assert client.limiter.delay_for("a.example.gov.cn") == 5.0  # the next request waits 5 s
    assert client.limiter.delay_for("b.example.gov.cn") == 0
    with pytest.raises(FetchError) as err:
        client.get("http://a.example.gov.cn/search?q=1")
    assert err.value.status == "skipped-robots"
