"""Two processes writing one database: the second waits its turn (store.lock), nothing fails,
nothing is lost; readers read meanwhile; a failed phase is a failed exit status."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from policydocs.store import open_db, search
from policydocs.store.lock import LockTimeout, batch_lock

ROOT = Path(__file__).resolve().parents[1]


def policydocs(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "policydocs.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> tuple[Path, Path]:
    """Two folders for two writers: the seeds (template-site speeches) and three work reports."""
    base = tmp_path_factory.mktemp("batches")
    shutil.copytree(ROOT / "corpora" / "seeds", base / "a")
    (base / "b").mkdir()
    for year in (2016, 2017, 2018):
        shutil.copy(ROOT / "corpora" / "govreport" / f"{year}_国务院政府工作报告.txt", base / "b")
    return base / "a", base / "b"


def summary(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": sorted(conn.execute("SELECT doc, canonical, trust FROM documents")),
            "statements": sorted(r[0] for r in conn.execute("SELECT key FROM statements")),
            "links": sorted(conn.execute("SELECT target_key, actual_key, rank FROM links")),
            "indexed": conn.execute("SELECT count(*) FROM sentences_fts").fetchone()[0],
            "sentences": conn.execute("SELECT count(*) FROM sentences").fetchone()[0],
            "errors": conn.execute("SELECT count(*) FROM errors").fetchone()[0],
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def one_after_the_other(batches, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("sequential") / "seq.db"
    for folder in batches:
        proc = policydocs("ingest", str(folder), "--db", str(db), "--no-progress")
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    return summary(db)


@pytest.mark.parametrize("trial", range(3))
def test_two_ingests_and_a_reader_at_once_store_both_batches(batches, one_after_the_other, tmp_path, trial):
    db = tmp_path / "shared.db"  # (not there yet: both create it, the race that failed most often)
    failures: list[str] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            try:
                if db.exists():
                    search(open_db(db), "发展", limit=5)
            except Exception as exc:  # noqa: BLE001 — any error is the finding
                failures.append(f"reader: {type(exc).__name__}: {exc}")
            time.sleep(0.02)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        writers = [policydocs("ingest", str(folder), "--db", str(db), "--no-progress") for folder in batches]
        for proc in writers:
            code = proc.wait(timeout=300)
            if code != 0:
                failures.append(f"writer exit {code}: {proc.stderr.read()}")
    finally:
        done.set()
        thread.join()
    assert not failures
    assert summary(db) == one_after_the_other


def _line_with(proc: subprocess.Popen, text: str, timeout: float) -> str:
    """The first line of the process's stderr holding ``text`` (AssertionError after ``timeout``)."""
    import selectors

    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if sel.select(timeout=1):
                line = proc.stderr.readline()
                if text in line:
                    return line
                if not line and proc.poll() is not None:
                    break
    raise AssertionError(f"no line with {text!r}")


def test_a_second_writer_waits_for_the_batch_and_says_so(batches, tmp_path):
    db = tmp_path / "held.db"
    open_db(db).conn.close()
    with batch_lock(db, what="ingest"):
        proc = policydocs("ingest", str(batches[0]), "--db", str(db), "--no-progress")
        # (held until it says it waits: on a loaded machine its start-up alone can take seconds)
        said = _line_with(proc, "waiting for another policydocs process", timeout=120)
        assert proc.poll() is None, "it did not wait"
    assert proc.wait(timeout=120) == 0
    assert "ingest since" in said + proc.stderr.read()
    assert summary(db)["documents"]


def test_a_writer_gives_up_after_its_wait_with_one_line(batches, tmp_path):
    db = tmp_path / "held.db"
    open_db(db).conn.close()
    with batch_lock(db, what="ingest"):
        proc = policydocs("ingest", str(batches[0]), "--db", str(db), "--no-progress", "--wait", "0.5")
        assert proc.wait(timeout=60) == 2
    lines = [line for line in proc.stderr.read().splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "being written by another policydocs process" in lines[0]
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_the_lock_nests_in_one_process_and_times_out_in_another(tmp_path):
    db = tmp_path / "t.db"
    with batch_lock(db):
        with batch_lock(db):  # (link inside ingest)
            pass
        code = ("import sys; from policydocs.store.lock import batch_lock, LockTimeout\n"
                "try:\n    with batch_lock(sys.argv[1], wait=0.3): pass\n"
                "except LockTimeout: sys.exit(3)")
        assert subprocess.run([sys.executable, "-c", code, str(db)], timeout=60).returncode == 3
    with batch_lock(db, wait=0):  # released: free at once
        pass
    assert issubclass(LockTimeout, Exception)


def test_a_failed_link_step_makes_ingest_exit_non_zero(batches, tmp_path, cli, monkeypatch):
    from click.testing import CliRunner

    import policydocs.link.linker as linker

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(linker, "_links", locked)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["ingest", str(batches[1]), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1
    assert "error: link: OperationalError: database is locked" in result.output
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["ingest", str(batches[1]), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0 and "links up to date" not in result.output  # linked now
    assert summary(db)["links"]


def test_a_failed_grouping_makes_ingest_exit_non_zero_and_the_next_run_groups(batches, tmp_path, cli, monkeypatch):
    from click.testing import CliRunner

    import policydocs.store.dedup as dedup

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(dedup, "_regroup", broken)
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["ingest", str(batches[0]), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1 and "error: grouping near-duplicates: MemoryError" in result.output
    monkeypatch.undo()
    from policydocs.store.dedup import grouping_due

    assert grouping_due(open_db(db))
    result = CliRunner().invoke(cli, ["ingest", str(batches[0]), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0
    assert not grouping_due(open_db(db))


def test_a_reader_opening_a_database_another_process_is_creating_waits_for_it(tmp_path):
    """Turning a new database to WAL answers "database is locked" at once (no busy wait) to anyone
    else opening it: a search started while an ingest created the database failed so."""
    failures = []
    for trial in range(8):
        db = tmp_path / f"new{trial}.db"
        creator = subprocess.Popen([sys.executable, "-c", "import sys; from policydocs.store import open_db;"
                                    " open_db(sys.argv[1])", str(db)])
        while creator.poll() is None:
            try:
                if db.exists():
                    search(open_db(db), "发展", limit=5)
            except Exception as exc:  # noqa: BLE001 — any error is the finding
                failures.append(f"{type(exc).__name__}: {exc}")
        assert creator.wait(timeout=60) == 0
    assert not failures, failures[:3]


def test_a_search_while_another_process_changes_the_schema_reads_one_snapshot(batches, tmp_path):
    """A batch drops and rebuilds its indexes (db.deferred_indexes). A search opening the FTS table
    meanwhile read its config from a newer snapshot than its schema: "vtable constructor failed"
    (one search in five, in a tight loop), the CI failure of stop 22."""
    db = tmp_path / "s.db"
    proc = policydocs("ingest", str(batches[1]), "--db", str(db), "--no-progress")
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    toggler = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('PRAGMA busy_timeout = 60000')\n"
        "end = time.monotonic() + 4\n"
        "while time.monotonic() < end:\n"
        "    c.execute('CREATE INDEX IF NOT EXISTS idx_toggle ON sentences(text)')\n"
        "    c.execute('DROP INDEX idx_toggle')\n"), str(db)])
    failures, searches = [], 0
    while toggler.poll() is None:
        database = open_db(db)
        try:
            assert search(database, "发展", limit=5)
        except Exception as exc:  # noqa: BLE001 — any error is the finding
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            database.conn.close()
        searches += 1
    assert toggler.wait() == 0
    assert searches > 20 and not failures, (searches, failures[:3])
