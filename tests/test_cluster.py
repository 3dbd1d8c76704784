"""``policydocs ingest --cluster``: the documents processed by the workers of a real Dask cluster
(a scheduler and two worker processes on this machine, started here), stored by this process.

What a user relies on: the same database as a local run, in input order; a bad file is one error
line naming it and the batch goes on; a worker that dies costs nothing (its task runs again); a
killed ingest is finished by the next one; an address that cannot be reached, or a worker that
would store other results, is one clear error line before anything is stored; the workers read
this machine's extractors/ (a user's own files included), not their own.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from builders import DOC_A, DOC_B, DOC_C, dump, write_docs
from test_faults import ingest as run_ingest, state
from policydocs.batch import ingest
from policydocs.store import open_db

distributed = pytest.importorskip("distributed")

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two worker processes of one thread, as `dask worker --nthreads 1` starts them."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1, "distributed.worker.profile.enabled": False}):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                      scheduler_port=0, silence_logs=50) as local:
            with distributed.Client(local) as client:  # (the test's own hands on the workers)
                yield local.scheduler_address, client


def more_docs(n: int) -> dict[str, str]:
    base = [DOC_A, DOC_B, DOC_C]
    return {f"d{i:02d}.txt": base[i % 3].replace("市", f"市{i}", 1) for i in range(n)}


def corpus(folder: Path) -> list[Path]:
    """Documents with targets and actuals, a sidecar, a duplicate and a file that is no document."""
    docs = {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C, **more_docs(4), "a_copy.txt": DOC_A}
    paths = write_docs(folder, docs)
    (folder / "b.meta.json").write_text('{"region": "清河市", "date": "2023-02-01"}', encoding="utf-8")
    (folder / "scan.txt").write_bytes(PNG)
    return sorted(paths + [folder / "scan.txt"])


def test_the_cluster_stores_the_same_database_as_a_local_run(cluster, tmp_path):
    address, _ = cluster
    paths = corpus(tmp_path / "in")
    local = ingest(paths, db=tmp_path / "local.db")
    remote = ingest(paths, db=tmp_path / "cluster.db", cluster=address)
    assert remote.added == local.added and len(remote.added) == 7  # in input order
    assert remote.duplicates == local.duplicates
    assert remote.failed == local.failed == [(str(tmp_path / "in" / "scan.txt"), "PNG image, not a document: run OCR first")]
    assert state(tmp_path / "cluster.db") == state(tmp_path / "local.db")  # rows, links, indexes, searches
    assert open_db(tmp_path / "cluster.db")["documents"].get(remote_id(tmp_path / "cluster.db", "b"))["region"] == "清河市"
    # a second run: the workers hash what is stored already and nothing changes
    again = ingest(paths, db=tmp_path / "cluster.db", cluster=address)
    assert len(again.unchanged) == 7 and again.added == [] and len(again.duplicates) == len(again.failed) == 1
    assert _batches_on(cluster[1]) == []  # each batch's plugin is gone with it


def remote_id(db: Path, doc: str) -> str:
    return open_db(db).conn.execute("SELECT id FROM documents WHERE doc = ?", [doc]).fetchone()[0]


def test_a_bad_file_is_one_error_line_and_the_batch_goes_on(cluster, tmp_path, cli):
    from click.testing import CliRunner

    address, _ = cluster
    folder = tmp_path / "in"
    write_docs(folder, {"a.txt": DOC_A, "c.txt": DOC_C})
    (folder / "b.txt").write_bytes(PNG)
    (folder / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "t.db"), "--cluster", address,
                                      "--no-progress", "--no-link"])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {folder / 'b.txt'}: PNG image, not a document: run OCR first",
                      f"error: {folder / 'empty.txt'}: empty file"]
    assert result.exit_code == 1 and "2 added, 0 replaced, 0 unchanged, 2 failed" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_address_that_cannot_be_reached_is_one_clear_error(tmp_path, cli):
    from click.testing import CliRunner

    write_docs(tmp_path / "in", {"a.txt": DOC_A})
    address = f"tcp://127.0.0.1:{_free_port()}"  # (nothing listens there)
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.db"),
                                      "--cluster", address])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: cannot reach the cluster at {address}: Connection refused"]
    assert open_db(tmp_path / "t.db")["documents"].count == 0
    malformed = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.db"),
                                         "--cluster", "127.0.0.1"])
    assert malformed.exit_code == 2 and malformed.stderr.strip().splitlines() == [
        "error: cannot reach the cluster at 127.0.0.1: no HOST:PORT in it (a scheduler's address is tcp://HOST:PORT)"]


# --- workers that die, a writer that dies -----------------------------------------------------

def _die_once_on(name: str, marker: str) -> None:
    """(run on each worker) The first worker to process ``name`` dies, as a killed or out-of-memory
    process does; the task runs again elsewhere."""
    from policydocs.batch import cluster_worker

    real = cluster_worker.process_input

    def dying(source, *args, **kwargs):
        if source.endswith(name):
            try:
                os.open(marker, os.O_CREAT | os.O_EXCL)  # (one worker only: a file both see)
            except FileExistsError:
                pass
            else:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(source, *args, **kwargs)

    cluster_worker.process_input, cluster_worker.real_process_input = dying, real


def _undo_die_once() -> None:
    from policydocs.batch import cluster_worker

    if hasattr(cluster_worker, "real_process_input"):  # (not on the worker started anew after the death)
        cluster_worker.process_input = cluster_worker.real_process_input


def test_a_worker_that_dies_mid_batch_costs_nothing(cluster, tmp_path):
    import cloudpickle

    address, client = cluster
    paths = write_docs(tmp_path / "in", more_docs(6))
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # (the workers cannot import this module)
    try:
        client.run(_die_once_on, "d02.txt", str(tmp_path / "died"))
        report = ingest(paths, db=tmp_path / "cluster.db", cluster=address)
        client.run(_undo_die_once)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert (tmp_path / "died").exists()  # a worker did die on d02
    assert report.failed == [] and len(report.added) == 6
    ingest(paths, db=tmp_path / "local.db")
    assert dump(open_db(tmp_path / "cluster.db")) == dump(open_db(tmp_path / "local.db"))


class _DieOn(distributed.WorkerPlugin):
    """On every worker, also one started anew: processing the file ``name`` kills the process."""

    def __init__(self, name: str):
        self.name = name

    def setup(self, worker=None):
        from policydocs.batch import cluster_worker

        real = self.real = cluster_worker.process_input

        def dying(source, *args, **kwargs):
            if source.endswith(self.name):
                os.kill(os.getpid(), signal.SIGKILL)
            return real(source, *args, **kwargs)

        cluster_worker.process_input = dying

    def teardown(self, worker=None):
        from policydocs.batch import cluster_worker

        cluster_worker.process_input = self.real


def _allow_failures(n: int, dask_scheduler=None) -> None:
    dask_scheduler.allowed_failures = n


def test_a_file_that_kills_every_worker_it_is_given_is_reported_and_the_batch_goes_on(cluster, tmp_path):
    import cloudpickle

    address, client = cluster
    paths = write_docs(tmp_path / "in", more_docs(4))
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    # (the scheduler gives up on a task after its first death here: two deaths, not four, to wait for)
    client.run_on_scheduler(_allow_failures, 0)
    try:
        client.register_plugin(_DieOn("d01.txt"), name="die-on-d01")
        report = ingest(paths, db=tmp_path / "cluster.db", cluster=address)
        client.unregister_worker_plugin("die-on-d01")
    finally:
        client.run_on_scheduler(_allow_failures, 1)
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert report.failed == [(str(paths[1]), "the worker process died while processing this file"
                                             " (killed, or out of memory?)")]
    assert len(report.added) == 3


def test_a_killed_ingest_is_finished_by_the_next_run(cluster, tmp_path):
    address, client = cluster
    folder = tmp_path / "in"
    write_docs(folder, {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C, **more_docs(3)})
    run_ingest(folder, tmp_path / "killed.db", "--cluster", address, point="write", n=3)  # SIGKILL after 3 commits
    assert open_db(tmp_path / "killed.db")["documents"].count == 3
    assert len(_batches_on(client)) == 1  # what the killed batch gave the workers: left on the scheduler
    run_ingest(folder, tmp_path / "killed.db", "--cluster", address)
    assert _batches_on(client) == []  # ... until the next batch begins
    ingest([folder], db=tmp_path / "local.db")
    assert state(tmp_path / "killed.db") == state(tmp_path / "local.db")


def _pretend_other_jieba() -> None:
    from policydocs.batch import cluster_worker

    real = cluster_worker.fingerprint
    cluster_worker.fingerprint, cluster_worker.real_fingerprint = (lambda: {**real(), "jieba": "0.39"}), real
    cluster_worker._worker_fingerprint = None  # (taken again at the next set-up)


def _undo_other_jieba() -> None:
    from policydocs.batch import cluster_worker

    cluster_worker.fingerprint = cluster_worker.real_fingerprint
    cluster_worker._worker_fingerprint = None


def test_a_worker_that_would_store_other_results_is_one_error_before_any_document(cluster, tmp_path, cli):
    import cloudpickle
    from click.testing import CliRunner

    address, client = cluster
    write_docs(tmp_path / "in", {"a.txt": DOC_A})
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        client.run(_pretend_other_jieba)  # (as a worker machine with another jieba would be)
        result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "t.db"),
                                          "--cluster", address])
        client.run(_undo_other_jieba)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, lines
    assert " would store other results than this machine: jieba: " in lines[0] and ", 0.39 there" in lines[0]
    assert open_db(tmp_path / "t.db")["documents"].count == 0
    assert _batches_on(client) == []  # (the scheduler does not set the failed batch up on new workers)


def _plugin_names(dask_scheduler=None) -> list[str]:
    return list(dask_scheduler.worker_plugins)


def _batches_on(client) -> list[str]:
    return [name for name in client.run_on_scheduler(_plugin_names) if name.startswith("policydocs-")]


# --- what the workers read -----------------------------------------------------------------------

def test_the_workers_read_this_machines_extractors(cluster, tmp_path, own_extractors):
    # a user's own site profile, only on this machine: the workers clean with it all the same
    (own_extractors / "sites" / "ourportal.toml").write_text(
        'name = "ourportal"\nlabel = "本市门户"\nmarkers = ["本市政务门户"]\n[text]\n'
        "drop_lines = [{ pattern = '^本市政务门户\\s*主办', reason = \"portal footer\" }]\n", encoding="utf-8")
    text = DOC_A + "本市政务门户 主办 市政府办公室\n"
    paths = write_docs(tmp_path / "in", {"a.txt": text})
    address, _ = cluster
    ingest(paths, db=tmp_path / "cluster.db", cluster=address)
    ingest(paths, db=tmp_path / "local.db")
    stored = open_db(tmp_path / "cluster.db")["documents"].get(remote_id(tmp_path / "cluster.db", "a"))
    assert "主办" not in stored["text"] and stored["site"] == "ourportal"
    assert dump(open_db(tmp_path / "cluster.db")) == dump(open_db(tmp_path / "local.db"))
