"""Where the single writer caps ``policydocs ingest --cluster``: per-document costs, runs on local
Dask clusters of 1, 2, 4 workers, and what more writers would give (docs/scale.md, "A cluster").

1. **Per document, one process** (CPU seconds, so a shared host's other load does not count):
   - *process*: what a worker does: load the bytes, clean, segment, extract, build the rows;
   - *writer*: what the one writer does for each document: read the file and its sidecar, take
     the worker's result (unpickle), write it (one transaction; the search index in batches;
     the deferred indexes built at the end);
   - the cap: process / writer = how many workers one writer keeps busy at most.
2. **Runs**: ``ingest(..., cluster=ADDRESS, link=False)`` on a cluster of this machine (``dask
   scheduler`` and ``dask worker --nworkers N --nthreads 1`` processes; and ``jobs=1``,
   ``jobs=2`` locally), each into a fresh database: wall time, documents/s, the writer process's
   CPU per document (for a cluster: its writing and its Dask client's work, sending the bytes and
   taking the results: what caps the cluster), and the writer's busy share (reading and writing
   over the wall time) and waiting share. On a 2-core host, 4 workers and a writer share two
   cores: the runs show the overheads, the per-document figures the cap.
3. **More writers** (the same rows, written by 1 or 2 processes at once, the indexes kept as in
   a store that already holds more than a batch brings): into one SQLite file (WAL lets one
   writer at a time: they queue) and into one file each (sharding, e.g. by jurisdiction):
   documents/s of writing.

Each run and each writing test is repeated (``--repeat``, default 3) and the fastest shown: on a
shared host a slow round measures the other load.

    python bench/bench_cluster.py [--mb 2] [--workers 1,2,4] [--repeat 3] [--corpus DIR ...]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def per_document(sources: list[str], work: Path, repeat: int) -> dict:
    """CPU seconds per document of the worker's part and of the writer's part, in this process."""
    from policydocs.batch.cluster import read_input
    from policydocs.batch.cluster_worker import process_input, warm_up

    warm_up()
    t = cpu()
    inputs = [read_input(s) for s in sources]
    read = cpu() - t
    t = cpu()
    results = [process_input(s, data, declared, frozenset(), False) for s, data, declared in inputs]
    process = cpu() - t
    pickles = [pickle.dumps(r, protocol=5) for r in results]
    t = cpu()
    results = [pickle.loads(p) for p in pickles]
    unpickle = cpu() - t
    rows = [payload for kind, payload in results if kind == "rows"]
    write, write_wall = [], []
    for i in range(repeat):
        t, wall = cpu(), time.perf_counter()
        write_all(work / f"per_document{i}.db", rows)
        write.append(cpu() - t)
        write_wall.append(time.perf_counter() - wall)
    write, write_wall = min(write), min(write_wall)
    n = len(sources)
    return {"documents": n, "process": process / n, "read": read / n, "unpickle": unpickle / n,
            "write": write / n, "write wall": write_wall / n, "MB pickled": sum(map(len, pickles)) / 1e6,
            "rows": rows}


def write_all(db_path: Path, rows: list, defer: bool = True) -> None:
    """What the writer does with results (runner._store_results, less its bookkeeping). ``defer``:
    build the indexes at the end, as a batch that brings as much as is stored does."""
    from policydocs.store.db import batch_checkpoints, deferred_indexes, open_db
    from policydocs.store.write import IndexQueue, write_document

    database = open_db(db_path)
    conn = database.conn
    with batch_checkpoints(conn), deferred_indexes(database, enabled=defer) as indexes:
        index = IndexQueue(conn)
        for r in rows:
            write_document(conn, r, index=index, before_delete=indexes.restore)
            index.flush_if_full()
        index.flush()
    conn.close()


def _write_part(args) -> float:
    db_path, blob = args
    rows = pickle.loads(blob)
    t = time.perf_counter()
    write_all(Path(db_path), rows, defer=False)  # (two writers of one file cannot both drop its indexes)
    return time.perf_counter() - t


def more_writers(rows: list, work: Path, repeat: int) -> dict:
    """Documents/s of writing ``rows``: one process; two into one file; two into a file each (the
    best of ``repeat`` alternating rounds)."""
    half = len(rows) // 2
    parts = [pickle.dumps(rows[:half]), pickle.dumps(rows[half:])]
    out = {}
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        pool.map(_warm, range(2))
        for i in range(repeat):
            for name, jobs in (("1 writer, 1 file", [(work / f"w1_{i}.db", pickle.dumps(rows))]),
                               ("2 writers, 1 file", [(work / f"w2_{i}.db", parts[0]), (work / f"w2_{i}.db", parts[1])]),
                               ("2 writers, 2 files", [(work / f"w3a_{i}.db", parts[0]), (work / f"w3b_{i}.db", parts[1])])):
                seconds = max(pool.map(_write_part, jobs))  # (the writing, without sending the rows)
                out[name] = max(out.get(name, 0.0), len(rows) / seconds)
    return out


def _warm(_):
    import policydocs.store.write  # noqa: F401
    return os.getpid()


class WriterClock:
    """The writer's busy time in a run: reading inputs, taking results, writing (patched in)."""

    def __init__(self):
        import policydocs.batch.cluster as cluster
        import policydocs.batch.runner as runner

        self.busy = 0.0
        self.patches = []
        for module, name in ((runner, "write_document"), (cluster, "read_input")):
            real = getattr(module, name)
            setattr(module, name, self._timed(real))
            self.patches.append((module, name, real))
        real_wait = cluster._Batch.wait

        def wait(batch, future):  # the result's transfer and unpickling happen inside; the waiting too
            t = time.perf_counter()
            out = real_wait(batch, future)
            self.waited += time.perf_counter() - t
            return out

        cluster._Batch.wait = wait
        self.patches.append((cluster._Batch, "wait", real_wait))
        self.waited = 0.0

    def _timed(self, fn):
        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.busy += time.perf_counter() - t
        return timed

    def undo(self):
        for module, name, real in self.patches:
            setattr(module, name, real)


def run(sources: list[str], work: Path, name: str, **kwargs) -> dict:
    from policydocs.batch import ingest

    clock = WriterClock()
    try:
        t, c = time.perf_counter(), cpu()
        report = ingest(sources, db=work / f"{name}.db", link=False, progress=False, **kwargs)
        wall, own = time.perf_counter() - t, cpu() - c
    finally:
        clock.undo()
    assert not report.failed, report.failed[:3]
    n = len(report.added) + len(report.duplicates)
    return {"wall": wall, "docs/s": n / wall, "writer busy": clock.busy / wall, "waited": clock.waited / wall,
            "writer cpu": own / n}


def best(runs: list[dict]) -> dict:
    return min(runs, key=lambda r: r["wall"])


def on_cluster(sources: list[str], work: Path, workers: int, repeat: int) -> dict:
    """Runs on a cluster as it is deployed: ``dask scheduler`` and ``dask worker --nworkers N
    --nthreads 1`` in processes of their own (the writer's CPU is then the writer's alone)."""
    import socket
    import subprocess

    from policydocs.batch import ingest

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 stderr=subprocess.DEVNULL, env=env)
    worker = subprocess.Popen([dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                               "--no-dashboard"], stderr=subprocess.DEVNULL, env=env)
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        # the workers set up and warm (a cluster outlives a batch): a first small batch
        ingest(sources[:workers * 2], db=work / f"warm{workers}.db", cluster=address, link=False, progress=False)
        return best([run(sources, work, f"cluster{workers}_{i}", cluster=address) for i in range(repeat)])
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="generated documents (bench/gen_corpus.py)")
    ap.add_argument("--corpus", nargs="*", type=Path, help="folders of real documents instead")
    ap.add_argument("--workers", default="1,2,4", help="cluster sizes to run ('' for none)")
    ap.add_argument("--no-local", action="store_true", help="no local --jobs runs")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3, help="rounds of each run; the fastest is shown")
    args = ap.parse_args()
    from policydocs.acquire.files import expand_paths

    work = Path(tempfile.mkdtemp(prefix="policydocs-bench-cluster-"))
    try:
        if args.corpus:
            sources = expand_paths(args.corpus)
        else:
            from gen_corpus import write

            sources = [str(p) for p in write(work / "corpus", int(args.mb * 1e6), seed=args.seed)]
        mb = sum(os.path.getsize(s) for s in sources) / 1e6
        print(f"corpus: {len(sources)} documents, {mb:.1f} MB")
        d = per_document(sources, work, args.repeat)
        writer = d["read"] + d["unpickle"] + d["write"]
        print(f"per document, CPU ms: process {d['process'] * 1e3:.1f}; writer {writer * 1e3:.2f} (read"
              f" {d['read'] * 1e3:.2f}, unpickle {d['unpickle'] * 1e3:.2f}, write {d['write'] * 1e3:.2f};"
              f" write wall {d['write wall'] * 1e3:.2f}); {d['MB pickled'] / len(sources) * 1e3:.0f} KB of"
              f" results per document")
        print(f"cap: one writer keeps {d['process'] / writer:.1f} workers busy;"
              f" at most {1 / writer:.0f} documents/s whatever the cluster")
        print("| run | wall s | documents/s | writer process CPU ms/document | writer busy | writer waiting |")
        print("|---|---|---|---|---|---|")
        rows = [] if args.no_local else [
            (f"local --jobs {j}", best([run(sources, work, f"jobs{j}_{i}", jobs=j) for i in range(args.repeat)]))
            for j in (1, 2)]
        for w in (int(w) for w in args.workers.split(",") if w):
            rows.append((f"--cluster, {w} worker{'s' if w > 1 else ''}", on_cluster(sources, work, w, args.repeat)))
        for name, r in rows:
            waiting = f"{r['waited']:.0%}" if name.startswith("--cluster") else ""
            print(f"| {name} | {r['wall']:.1f} | {r['docs/s']:.1f} | {r['writer cpu'] * 1e3:.1f} | {r['writer busy']:.0%}"
                  f" | {waiting} |")
        print("writing only (documents/s):")
        for name, rate in more_writers(d["rows"], work, args.repeat).items():
            print(f"  {name}: {rate:.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
