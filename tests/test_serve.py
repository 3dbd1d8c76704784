"""Datasette: the shipped metadata names only tables, views and columns a database really has."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.cli_serve import metadata_path
from policydocs.store import open_db


def test_metadata_facets_and_columns_exist_in_a_fresh_database(tmp_path):
    from policydocs.link.db import ensure_tables

    db = open_db(tmp_path / "t.db")
    ensure_tables(db)  # links and reviews, as the first ingest's link step makes them
    meta = json.loads(metadata_path().read_text(encoding="utf-8"))
    tables = meta["databases"]["policydocs"]["tables"]
    assert {"ledger", "statements", "documents", "links", "reviews"} <= set(tables)
    for name, conf in tables.items():
        assert name in db.table_names() + db.view_names(), name
        columns = set(db[name].columns_dict) if name in db.table_names() else set(db[name].columns_dict)
        for key in ("facets",):
            for column in conf.get(key, []):
                assert column in columns, f"{name}: facet {column!r} is not a column"
        for key in ("sort", "sort_desc", "label_column"):
            if key in conf:
                assert conf[key] in columns, f"{name}: {key} {conf[key]!r} is not a column"
        for column in conf.get("columns", {}):
            assert column in columns, f"{name}: described column {column!r} does not exist"
    # the tables only the code reads (the search index, bookkeeping, dedup fingerprints) are hidden
    assert all(tables[t].get("hidden") for t in ("sentences_fts", "_meta", "fingerprints"))
    # the facets people asked for: document, kind, region, deadline year
    assert {"文件", "类型", "地区", "期限年份"} <= set(tables["ledger"]["facets"])


def test_serve_names_the_metadata_and_refuses_a_missing_database(tmp_path):
    runner = CliRunner()
    shown = runner.invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--print-command"])
    assert shown.exit_code == 0 and str(metadata_path()) in shown.output and "datasette" in shown.output
    missing = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.output.startswith("error: no database at")


# --- who can reach the server, and what they can do there ------------------------------------


@pytest.fixture
def launched(monkeypatch):
    """The commands ``serve`` would start, recorded instead of started: an in-process test must
    never turn into a server (os.execv) or block on one (subprocess.call)."""
    pytest.importorskip("datasette")
    commands: list[list[str]] = []

    def become(path, argv):
        commands.append(list(argv))
        raise SystemExit(0)

    def call(command, *args, **kwargs):
        commands.append(list(command))
        return 0

    monkeypatch.setattr(os, "execv", become)
    monkeypatch.setattr(subprocess, "call", call)
    return commands


@pytest.fixture
def some_db(tmp_path):
    path = tmp_path / "policydocs.db"
    open_db(path)
    return path


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "10.0.0.5", "gov-office-pc",
                                  "::ffff:192.168.1.20"])
def test_serving_beyond_this_machine_needs_public(some_db, launched, host):
    for extra in ([], ["--print-command"]):
        result = CliRunner().invoke(cli, ["serve", "--datasette", "--db", str(some_db), "--host", host, *extra])
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and "--public" in lines[0], result.output
    assert launched == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost", "LOCALHOST", "::ffff:127.0.0.1"])
def test_loopback_hosts_are_served_without_a_flag_or_a_warning(some_db, launched, host):
    result = CliRunner().invoke(cli, ["serve", "--datasette", "--db", str(some_db), "--host", host])
    assert result.exit_code == 0 and result.output == "", result.output
    [command] = launched
    assert command[command.index("--host") + 1] == host


def test_public_says_what_anyone_on_the_network_can_read_and_keeps_sql_off(some_db, launched):
    result = CliRunner().invoke(cli, ["serve", "--datasette", "--db", str(some_db), "--host", "0.0.0.0", "--port", "8123",
                                      "--public"])
    assert result.exit_code == 0, result.output
    [command] = launched
    assert command[command.index("--host") + 1] == "0.0.0.0"
    assert "default_allow_sql" in command and command[command.index("default_allow_sql") + 1] == "off"
    warning = result.stderr
    assert "port 8123 on any address of this machine" in warning
    for table in ("documents", "statements", "errors", "sentences"):
        assert table in warning
    assert "full text" in warning and "SQL" in warning and "off" in warning

    launched.clear()
    result = CliRunner().invoke(cli, ["serve", "--datasette", "--db", str(some_db), "--host", "192.168.1.20", "--port", "8123",
                                      "--public", "--allow-sql"])
    assert result.exit_code == 0, result.output
    [command] = launched
    assert "default_allow_sql" not in command
    assert "192.168.1.20:8123" in result.stderr and "any read-only SQL" in result.stderr


def test_arbitrary_sql_is_off_unless_asked_for_on_loopback_too(some_db, launched):
    CliRunner().invoke(cli, ["serve", "--datasette", "--db", str(some_db)])
    CliRunner().invoke(cli, ["serve", "--datasette", "--db", str(some_db), "--allow-sql"])
    off, on = launched
    assert off[off.index("default_allow_sql") + 1] == "off"
    assert "default_allow_sql" not in on


# --- a real server on 127.0.0.1 ----------------------------------------------------------------

SERVE = [sys.executable, "-c", "from policydocs.cli import cli; cli()", "serve"]
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>',
           "'><iframe src=javascript:alert(4)></iframe>", 'https://example.org/"><script>alert(5)</script>']
on_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, sends POSIX signals")


def wait_until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def get(port: int, path: str) -> tuple[int, str]:
    """GET without any proxy the environment names (http.client ignores them)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        conn.close()


def group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) of a process group, from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = (Path("/proc") / entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


@contextmanager
def serving(db: Path, port: int, *options: str):
    """``policydocs serve`` as a user starts it, in its own session so that whatever it leaves
    behind can be found (its process group) and ended when the test is over."""
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([*SERVE, "--db", str(db), "--port", str(port), *options], stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        up = wait_until(lambda: proc.poll() is not None or answers(port), 30)
        if not up or proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"serve did not start (exit {proc.poll()}): {log.read().decode(errors='replace')[-2000:]}")
        yield proc
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """A database made by the real ingest whose title, fields and sentences are then made hostile
    (ingest itself strips tags from text, but a title or a sidecar field may still carry markup)."""
    pytest.importorskip("datasette")
    from policydocs.batch import ingest

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "notice.txt").write_text("关于推进医共体建设的通知\n一、总体要求\n"
                                       "到2025年底，全市县域医共体覆盖率达到90%以上。\n", encoding="utf-8")
    db_path = folder / "policydocs.db"  # the name the shipped metadata describes
    ingest([str(folder / "notice.txt")], db=str(db_path))
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE documents SET title = ?, region = ?, issuer = ?, source = ?",
                     ("关于" + HOSTILE[0] + "推进" + HOSTILE[1] + "的通知", HOSTILE[2], HOSTILE[3], HOSTILE[4]))
        conn.execute("UPDATE sentences SET text = text || ?", (HOSTILE[0] + HOSTILE[1] + HOSTILE[2],))
        conn.execute("UPDATE statements SET text = text || ?, indicator = ?", (HOSTILE[1], HOSTILE[0]))
    conn.close()
    return db_path


@pytest.fixture(scope="module")
def server(hostile_db):
    port = free_port()
    with serving(hostile_db, port, "--datasette"):
        yield port


class Page(HTMLParser):
    """Elements with their attributes, script bodies, and the text a reader sees."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


@on_linux
def test_hostile_titles_and_sentences_are_shown_as_text_on_every_page(hostile_db, server):
    conn = sqlite3.connect(hostile_db)
    doc_id = conn.execute("SELECT id FROM documents").fetchone()[0]
    sentence_id = conn.execute("SELECT id FROM sentences WHERE text LIKE '%alert%' LIMIT 1").fetchone()[0]
    conn.close()
    pages = {
        "/policydocs/documents": HOSTILE,
        f"/policydocs/documents/{doc_id}": HOSTILE,
        "/policydocs/sentences": HOSTILE[:3],
        f"/policydocs/sentences/{sentence_id}": HOSTILE[:3],
        "/policydocs/statements": HOSTILE[:2],
        "/policydocs/ledger": HOSTILE[:2],
        "/policydocs/search?" + urlencode({"q": "医共体"}): HOSTILE[:3],
    }
    for path, shown in pages.items():
        status, html = get(server, path)
        assert status == 200, path
        page = Page(html)
        for tag, attrs in page.elements:
            assert tag not in ("img", "svg", "iframe"), (path, tag, attrs)
            for name, value in attrs.items():
                assert not (name.startswith("on") and "alert" in value), (path, tag, attrs)
                assert not value.strip().lower().startswith("javascript:"), (path, tag, attrs)
        assert not any("alert(" in script for script in page.scripts), path
        text = "".join(page.text)
        for payload in shown:
            assert payload in text, (path, payload)


@on_linux
def test_sql_is_refused_but_browsing_and_the_search_query_work(server):
    assert get(server, "/policydocs?" + urlencode({"sql": "SELECT text FROM documents"}))[0] == 403
    assert get(server, "/policydocs/documents?" + urlencode({"_where": "1=1"}))[0] == 403
    status, html = get(server, "/policydocs/search?" + urlencode({"q": "医共体"}))
    assert status == 200 and "覆盖率达到90%以上" in html


@on_linux
def test_allow_sql_runs_a_query(hostile_db):
    port = free_port()
    with serving(hostile_db, port, "--datasette", "--allow-sql"):
        status, html = get(port, "/policydocs?" + urlencode({"sql": "SELECT count(*) AS n FROM documents"}))
    assert status == 200


# --- stopping serve stops everything it started ------------------------------------------------


@on_linux
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_stopping_serve_frees_the_port_for_the_next_serve(hostile_db, sig):
    port = free_port()
    with serving(hostile_db, port, "--datasette") as proc:
        os.kill(proc.pid, sig)
        proc.wait(timeout=15)
        assert wait_until(lambda: not group_members(proc.pid), 10), "a process serve started is still running"
        assert wait_until(lambda: not answers(port), 5), "the port still answers"
    with serving(hostile_db, port, "--datasette"):
        assert get(port, "/-/versions.json")[0] == 200
