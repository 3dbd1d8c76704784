"""``policydocs ingest`` and ``policydocs.store.ingest``: batches, workers, exit status."""

from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor

import pytest
from click.testing import CliRunner

from builders import DOC_A, DOC_B, DOC_C, dump, write_docs
from policydocs.store import open_db
from policydocs.batch import ingest
from policydocs.acquire.files import expand_paths
import policydocs.batch.runner as load


def run(cli, *args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def more_docs(n: int) -> dict[str, str]:
    base = [DOC_A, DOC_B, DOC_C]
    return {f"d{i:02d}.txt": base[i % 3].replace("市", f"市{i}", 1) for i in range(n)}


def test_cli_ingest_then_again_is_idempotent(tmp_path, cli):
    write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B})
    db = tmp_path / "t.db"
    first = run(cli, "ingest", tmp_path / "in", "--db", db)
    assert first.exit_code == 0, first.output
    assert "2 added, 0 replaced, 0 unchanged, 0 failed" in first.output
    second = run(cli, "ingest", tmp_path / "in", "--db", db)
    assert "0 added, 0 replaced, 2 unchanged" in second.output and second.exit_code == 0


def test_cli_ingest_reports_each_failed_file_on_one_line_and_exits_1(tmp_path, cli):
    write_docs(tmp_path, {"a.txt": DOC_A, "bad.pdf": "not a pdf at all"})
    result = run(cli, "ingest", tmp_path / "a.txt", tmp_path / "bad.pdf", tmp_path / "gone.txt", "--db", tmp_path / "t.db")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert errors[0].startswith(f"error: {tmp_path / 'bad.pdf'}: ")
    assert errors[1] == f"error: {tmp_path / 'gone.txt'}: no such file"
    assert "Traceback" not in result.output
    assert open_db(tmp_path / "t.db")["errors"].count == 2


def test_a_changed_file_replaces_its_version(tmp_path):
    [path] = write_docs(tmp_path, {"a.txt": DOC_A})
    db = tmp_path / "t.db"
    ingest([path], db=db)
    path.write_text(DOC_A.replace("12.5亿元", "13亿元"), encoding="utf-8")
    report = ingest([path], db=db)
    assert report.replaced == [str(path)]
    database = open_db(db)
    assert database["documents"].count == 1
    assert "13亿元" in next(database["documents"].rows)["text"]


def test_directories_expand_to_document_files(tmp_path):
    write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.html": "<p>x</p>", "notes.json": "{}", "c.DOCX": "x"})
    write_docs(tmp_path / "in" / "sub", {"d.htm": "<p>y</p>", "e.pdf": "%PDF", "f.md": "# no"})
    names = [os.path.relpath(p, tmp_path / "in") for p in expand_paths([tmp_path / "in"])]
    assert names == ["a.txt", "b.html", "c.DOCX", os.path.join("sub", "d.htm"), os.path.join("sub", "e.pdf")]


def test_two_files_with_the_same_doc_id_in_one_batch(tmp_path):
    paths = write_docs(tmp_path / "x", {"plan.txt": DOC_A}) + write_docs(tmp_path / "y", {"plan.txt": DOC_B})
    report = ingest(paths, db=tmp_path / "t.db")
    assert report.added == [str(paths[0])]
    assert report.failed[0][0] == str(paths[1]) and "taken by" in report.failed[0][1]


def test_two_jobs_store_exactly_what_one_job_stores(tmp_path):
    paths = write_docs(tmp_path / "in", more_docs(9))
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = ingest(paths, db=one, jobs=1)
    r2 = ingest(paths, db=two, jobs=2)
    assert r1.added == r2.added == [str(p) for p in paths]
    assert dump(open_db(one)) == dump(open_db(two))
    assert ingest(paths, db=two, jobs=2).unchanged == [str(p) for p in paths]


def test_forked_workers_inherit_the_tokenizer_the_parent_links_with(tmp_path, monkeypatch):
    # the parent loads jieba once before forking (linking needs it after the workers are done)
    import multiprocessing

    from policydocs.knowledge import lexicon

    if multiprocessing.get_context().get_start_method() != "fork":
        pytest.skip("workers are not forked here")
    paths = write_docs(tmp_path / "in", more_docs(4))
    seen = tmp_path / "seen"
    seen.mkdir()
    real = load.process_file

    def spy(source):  # in the worker: was the tokenizer there before this file?
        (seen / os.path.basename(source)).write_text(str(lexicon._tokenizer is not None))
        return real(source)

    monkeypatch.setattr(load, "process_file", spy)
    lexicon.reset()
    shared = []
    monkeypatch.setattr(load, "_share_with_workers", lambda real=load._share_with_workers: (shared.append(1), real()))
    assert len(ingest(paths, db=tmp_path / "t.db", jobs=2).added) == 4
    assert shared and {f.read_text() for f in seen.iterdir()} == {"True"}
    shared.clear()  # nothing new: no tokenizer for a batch that neither extracts nor links
    assert len(ingest(paths, db=tmp_path / "t.db", jobs=2).unchanged) == 4 and not shared


def test_the_batch_leaves_what_was_loaded_before_it_to_the_collector_afterwards(tmp_path, monkeypatch):
    # during the batch the long-lived objects (jieba's dictionaries) are frozen out of full collections
    import gc

    from policydocs.knowledge import lexicon

    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B})
    during = []
    real = load.write_document
    monkeypatch.setattr(load, "write_document", lambda *a, **k: (during.append(
        (gc.get_freeze_count(), lexicon._tokenizer is not None)), real(*a, **k))[1])
    lexicon.reset()
    assert len(ingest(paths, db=tmp_path / "t.db").added) == 2
    assert during and all(frozen > 0 and loaded for frozen, loaded in during)  # the tokenizer was loaded first
    assert gc.get_freeze_count() == 0
    # a process that froze objects of its own keeps them frozen: the batch touches nothing
    gc.freeze()
    try:
        (tmp_path / "in" / "a.txt").write_text(DOC_C, encoding="utf-8")
        assert len(ingest(paths, db=tmp_path / "t.db").replaced) == 1
        assert gc.get_freeze_count() > 0  # (gc.unfreeze() empties it; objects freed meanwhile leave it)
    finally:
        gc.unfreeze()


def _niceness() -> int:
    return os.nice(0)


def test_workers_yield_the_cpu_to_the_parent_that_writes():
    # the parent writes every document in order: workers run at a lower priority, the parent's stays
    if not hasattr(os, "nice"):
        pytest.skip("no process priorities here")
    before = os.nice(0)
    with ProcessPoolExecutor(1, initializer=load._init_pool_worker, initargs=(frozenset(), False)) as pool:
        worker = pool.submit(_niceness).result()
    assert worker == min(19, before + load.WORKER_NICENESS)
    assert os.nice(0) == before


def test_a_killed_worker_costs_only_its_file(tmp_path, monkeypatch):
    import policydocs.batch.runner as load

    paths = write_docs(tmp_path / "in", more_docs(5))
    real = load.process_file

    def killer(source):
        if source.endswith("d02.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source)

    monkeypatch.setattr(load, "process_file", killer)  # inherited by the forked workers
    report = ingest(paths, db=tmp_path / "t.db", jobs=2)
    assert [s for s, _ in report.failed] == [str(paths[2])]
    assert "worker process died" in report.failed[0][1]
    assert len(report.added) == 4
    db = open_db(tmp_path / "t.db")
    assert db["documents"].count == 4 and db["errors"].count == 1


def test_workers_get_files_a_few_at_a_time_and_a_big_one_alone(tmp_path):
    small = [tmp_path / f"s{i}.txt" for i in range(6)]
    for path in small:
        path.write_bytes(b"x" * 1000)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * load.TASK_BYTES)
    sources = [str(p) for p in small[:5] + [big] + small[5:]] + [str(tmp_path / "missing.txt")]
    tasks = list(load.task_lists(sources, files=4))
    assert [s for task in tasks for s in task] == sources  # every file once, in order
    assert all(len(task) <= 4 for task in tasks) and len(tasks[0]) == 4
    assert [str(big)] in tasks  # over the byte budget with anything else: a task of its own


def test_a_small_batch_keeps_both_workers_busy(tmp_path, monkeypatch):
    # nine files, two workers: one file per task, or one worker would take them all
    import policydocs.batch.runner as load

    cut = []
    real = load.task_lists
    monkeypatch.setattr(load, "task_lists", lambda sources, files, *jobs: cut.append(files) or real(sources, files, *jobs))
    ingest(write_docs(tmp_path / "in", more_docs(9)), db=tmp_path / "t.db", jobs=2)
    assert cut == [1]


def test_tasks_shrink_towards_the_end_of_a_batch_so_that_the_workers_finish_together(tmp_path):
    from policydocs.batch.runner import task_lists

    paths = []
    for i in range(200):
        paths.append(tmp_path / f"d{i:03d}.txt")
        paths[-1].write_text("各位代表：" * 1000, encoding="utf-8")  # ~15 KB each, 3 MB in all
    tasks = list(task_lists([str(p) for p in paths], 8, 2))
    assert [s for t in tasks for s in t] == [str(p) for p in paths]  # (in order, each once)
    assert len(tasks[0]) == 8 and [len(t) for t in tasks[-8:]] == [1] * 8
    # no task holds more than a quarter of what is left for each worker after it is handed out
    left = 200
    for t in tasks:
        assert len(t) == 1 or len(t) <= left / 8 + 1
        left -= len(t)


def test_a_result_that_cannot_be_sent_back_costs_only_its_file(tmp_path, monkeypatch):
    import policydocs.batch.runner as load

    paths = write_docs(tmp_path / "in", more_docs(4))
    real = load.process_file

    def unsendable(source):
        if source.endswith("d01.txt"):
            return "rows", lambda: None  # a worker cannot pickle this back
        return real(source)

    monkeypatch.setattr(load, "process_file", unsendable)  # inherited by the forked workers
    report = ingest(paths, db=tmp_path / "t.db", jobs=2)
    assert [s for s, _ in report.failed] == [str(paths[1])]
    assert "pickle" in report.failed[0][1].lower()
    assert len(report.added) == 3


def test_progress_bar_and_error_lines_do_not_break_the_batch(tmp_path):
    paths = write_docs(tmp_path, {"a.txt": DOC_A, "empty.txt": ""})
    lines = []
    report = ingest(paths, db=tmp_path / "t.db", progress=True, log=lines.append)
    assert len(report.added) == 1 and len(report.failed) == 1
    assert lines == [f"error: {paths[1]}: empty file"]


def test_a_sidecar_declares_url_date_and_region(tmp_path):
    """What staff write next to a file (<stem>.meta.json) wins over what the text suggests."""
    import json

    (tmp_path / "in").mkdir()
    text = "会议纪要\n会议要求，全县家庭医生签约覆盖率年内达到75%以上。\n"
    (tmp_path / "in" / "jiyao.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "jiyao.meta.json").write_text(json.dumps(
        {"url": "https://www.yixian.gov.cn/art/2024/3/8/art_1_1.html", "date": "2024-03-08", "region": "易县"}),
        encoding="utf-8")
    (tmp_path / "in" / "plain.txt").write_text(text + "散会。\n", encoding="utf-8")  # nothing declared
    report = ingest([tmp_path / "in"], db=tmp_path / "t.db")
    assert report.ok
    db = open_db(tmp_path / "t.db")
    docs = {r["doc"]: r for r in db["documents"].rows}
    assert (docs["jiyao"]["date"], docs["jiyao"]["region"]) == ("2024-03-08", "易县")
    assert docs["jiyao"]["trust"] == "official" and "yixian.gov.cn" in docs["jiyao"]["trust_reason"]
    assert docs["plain"]["region"] is None and docs["plain"]["trust"] == "unknown"
    target = next(r for r in db["statements"].rows if r["doc"] == "jiyao")
    assert (target["region"], target["deadline"]) == ("易县", "2024-12-31")
