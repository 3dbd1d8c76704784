"""A real ingest killed (SIGKILL) at every phase boundary; the next run must end in exactly the
state of an uninterrupted run: same documents, statements, groups, links and search index.

The kills are made by tests/kill_driver.py, which arms one point and runs the CLI in a
subprocess. The corpus has what the phases act on: a template-site speech (trust), two yearly
work reports (targets one year, actuals the next: links) and a republished copy of one of them
(near-duplicate grouping: a copy must take no part in linking).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).resolve().parent / "kill_driver.py"
_TIMES = {"ingested_at", "at", "created_at", "updated_at", "linked_at"}
_QUERIES = ("医疗", "就业", "增长", '"城镇新增就业"', "脱贫 OR 扶贫", "税 NOT 费")


def run(*args: str, point: str | None = None, n: int = 1) -> subprocess.CompletedProcess:
    command = [sys.executable, str(DRIVER), point, str(n), "--", *args] if point else \
        [sys.executable, "-m", "policydocs.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)


def ingest(corpus: Path, db: Path, *extra: str, point: str | None = None, n: int = 1):
    proc = run("ingest", str(corpus), "--db", str(db), "--no-progress", *extra, point=point, n=n)
    if point:
        assert proc.returncode == -signal.SIGKILL, f"the {point} point was not reached:\n{proc.stderr}"
    else:
        assert proc.returncode == 0, proc.stderr
    return proc


def state(db: Path) -> dict:
    """Every stored row (ingest times left out), the indexes, and what searches find."""
    from policydocs.store import open_db, search
    from policydocs.store.dedup import grouping_due

    database = open_db(db)
    conn = database.conn
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
    assert not grouping_due(database)
    out: dict = {}
    for table in sorted(database.table_names()):
        if table.startswith("sentences_fts") or table == "_meta":
            continue
        cols = [c.name for c in database[table].columns if c.name not in _TIMES]
        names = ", ".join(f'"{c}"' for c in cols)
        out[table] = [dict(zip(cols, row)) for row in
                      conn.execute(f"SELECT {names} FROM [{table}] ORDER BY {names}")]
    out["indexes"] = sorted(r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'"))
    out["fts rows"] = conn.execute("SELECT count(*) FROM sentences_fts").fetchone()[0]
    out["searches"] = {q: [(h.doc, h.text, h.copies) for h in search(database, q, limit=50)] for q in _QUERIES}
    out["link fingerprint"] = conn.execute("SELECT value FROM _meta WHERE key = 'link_fingerprint'").fetchone()
    conn.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "corpora" / "seeds" / "001_00576c6514847a99.txt", folder)
    for year in (2017, 2018):
        shutil.copy(ROOT / "corpora" / "govreport" / f"{year}_国务院政府工作报告.txt", folder)
    lines = (ROOT / "corpora" / "govreport" / "2018_国务院政府工作报告.txt").read_text(encoding="utf-8").splitlines()
    (folder / "转载_2018年政府工作报告.txt").write_text("\n".join(lines[:5] + lines[7:]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    ingest(corpus, db)
    return state(db)


def test_the_reference_run_groups_the_copy_and_links_the_reports(reference):
    docs = reference["documents"]
    assert len(docs) == 4
    copies = [d["doc"] for d in docs if d["canonical"] != d["doc"]]
    assert len(copies) == 1 and copies[0].startswith("转载"), "the republished copy is grouped"
    assert reference["links"], "the 2017 targets are linked to the 2018 actuals"


@pytest.mark.parametrize("point,n", [
    ("write", 2),  # two documents committed, the rest not processed; their search rows queued
    ("before-group", 1),  # every document written, grouping not begun
    ("grouping", 1),  # grouping computed, its transaction not committed
    ("linking", 1),  # grouped, linking not written
    ("link-write", 1),  # links deleted and inserted, not committed
])
def test_a_batch_killed_at_any_phase_is_finished_by_the_next_run(corpus, reference, tmp_path, point, n):
    db = tmp_path / "killed.db"
    ingest(corpus, db, point=point, n=n)
    ingest(corpus, db)
    assert state(db) == reference


def test_a_parallel_batch_killed_after_its_writes_is_finished_by_the_next_run(corpus, reference, tmp_path):
    db = tmp_path / "killed.db"
    ingest(corpus, db, "--jobs", "2", point="before-group")
    ingest(corpus, db, "--jobs", "2")
    assert state(db) == reference


def test_a_batch_killed_while_replacing_a_version_is_finished_by_the_next_run(corpus, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(corpus, changed)
    report = changed / "2017_国务院政府工作报告.txt"
    text = report.read_text(encoding="utf-8")
    second = tmp_path / "second"  # the second version, under the same file name
    shutil.copytree(changed, second)
    assert "增长6.5%左右" in text
    (second / report.name).write_text(text.replace("增长6.5%左右", "增长6.8%左右", 1), encoding="utf-8")

    want = tmp_path / "ref.db"
    ingest(changed, want)
    shutil.copy(second / report.name, changed / report.name)
    ingest(changed, want)
    shutil.copy(corpus / report.name, changed / report.name)

    got = tmp_path / "killed.db"
    ingest(changed, got)
    shutil.copy(second / report.name, changed / report.name)
    ingest(changed, got, point="replace")
    before = sqlite3.connect(got).execute("SELECT count(*) FROM documents").fetchone()[0]
    assert before == 4, "the killed replacement left the old version in place"
    ingest(changed, got)
    assert state(got) == state(want)


# --- worker processes --------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # (gone meanwhile)
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # (a zombie has exited; only its parent's wait is missing)


def _long_batch(folder: Path, n: int) -> Path:
    """n distinct long documents: the yearly reports with their figures changed."""
    folder.mkdir()
    reports = sorted((ROOT / "corpora" / "govreport").glob("*.txt"))
    for i in range(n):
        text = reports[i % len(reports)].read_text(encoding="utf-8")
        (folder / f"report{i:02d}.txt").write_text(text.replace("万", f"{i}万"), encoding="utf-8")
    return folder


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_the_workers_of_a_killed_parallel_ingest_die_with_it(tmp_path):
    corpus = _long_batch(tmp_path / "in", 24)
    proc = subprocess.Popen([sys.executable, "-m", "policydocs.cli", "ingest", str(corpus), "--db",
                             str(tmp_path / "k.db"), "--jobs", "2", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(proc.pid)) < 2:
            assert proc.poll() is None and time.monotonic() < deadline, "no two workers seen"
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # (leave nothing running whatever the outcome)
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived their killed parent"
