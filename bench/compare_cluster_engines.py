"""Dask distributed or Ray for ``policydocs ingest --cluster``: the same work on both, measured.

Needs both installed (``pip install 'dask[distributed]' ray``; policydocs keeps only the one it
chose, in its ``[cluster]`` extra). On the snapshot corpus (bench/snapshot.py: the seeds, the work
reports, 1 MB of generated documents and 200 generated pages), for each engine:

- import: seconds to import the client library in a fresh interpreter (a CLI run pays it);
- start: a local cluster of ``--workers`` worker processes, one thread each, until they are ready;
- round trip: median seconds of one empty task, submitted and waited for (the latency per task);
- empty tasks/s: 1000 empty tasks submitted at once (the scheduler's throughput);
- work: every file's bytes sent in tasks of 8 files, processed (clean, segment, extract, rows)
  by the workers, results taken back in input order with a window of tasks in flight, as the
  writer takes them (the knowledge files are sent once and set up by the first task of a worker,
  the same way on both engines); best of ``--repeat`` alternating rounds;
- CPU s: CPU seconds of the work's best round, every process of the cluster and this one included
  (on a shared host the wall time measures the other load too; this does not);
- memory: RSS of every process of the cluster after the work (this process excluded).

The same work through policydocs' own process pool (``--jobs``) is the baseline.

    python bench/compare_cluster_engines.py [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

TASK_FILES = 8


def task(items, known, files, expected):
    """One task on either engine: the batch set up once per worker process, then its documents."""
    from policydocs.batch import cluster_worker as w

    if "bench" not in w._batches:
        w.begin_batch("bench", files, expected["extractors"], known, False)
    return w.run_task("bench", items, expected)


def empty(x=None):
    return x


def inputs(paths: list[Path]) -> list[tuple]:
    from policydocs.acquire.files import expand_paths
    from policydocs.acquire.sidecar import read_sidecar

    return [(s, Path(s).read_bytes(), read_sidecar(s)) for s in expand_paths(paths)]


def chunks(items: list, n: int = TASK_FILES) -> list[list]:
    return [items[i:i + n] for i in range(0, len(items), n)]


def in_order(submit, result, tasks: list, window: int) -> int:
    """Submit ``tasks`` keeping ``window`` in flight, take results in order; documents processed."""
    todo, pending, done = deque(tasks), deque(), 0
    while todo or pending:
        while todo and len(pending) < window:
            pending.append(submit(todo.popleft()))
        done += len(result(pending.popleft()))
    return done


def cpu_seconds() -> float:
    """CPU seconds of this process and every live process under it (the cluster's)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def cluster_rss() -> float:
    import psutil

    me = psutil.Process()
    total = 0
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def import_seconds(module: str) -> float:
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
        runs.append(time.perf_counter() - t)
    return min(runs)


class Dask:
    name = "dask"

    def start(self, workers: int) -> None:
        from distributed import Client, LocalCluster

        self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None)
        self.client = Client(self.cluster)
        self.client.wait_for_workers(workers)

    def put(self, value, broadcast=True):
        return self.client.scatter([value], broadcast=broadcast, hash=False)[0]  # (a bare set is scattered item by item)

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def result(self, future):
        return future.result()

    def run_all(self, n: int) -> None:
        self.client.gather(self.client.map(empty, range(n), pure=False))

    def stop(self) -> None:
        self.client.close()
        self.cluster.close()


class Ray:
    name = "ray"

    def start(self, workers: int) -> None:
        import ray

        self.ray = ray
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": os.pathsep.join(sys.path)}})
        self.remote = {}
        # ready: one empty task per worker slot
        ray.get([self._remote(empty).remote(i) for i in range(workers)])

    def _remote(self, fn):
        if fn not in self.remote:
            self.remote[fn] = self.ray.remote(num_cpus=1)(fn)
        return self.remote[fn]

    def put(self, value, broadcast=True):
        return self.ray.put(value)

    def submit(self, fn, *args):
        return self._remote(fn).remote(*args)

    def result(self, ref):
        return self.ray.get(ref)

    def run_all(self, n: int) -> None:
        self.ray.get([self._remote(empty).remote(i) for i in range(n)])

    def stop(self) -> None:
        self.ray.shutdown()


def measure(engine, items: list, workers: int, repeat: int) -> dict:
    from policydocs.batch.cluster_worker import fingerprint, knowledge_files

    out = {"import": import_seconds("ray" if engine.name == "ray" else "distributed")}
    t = time.perf_counter()
    engine.start(workers)
    out["start"] = time.perf_counter() - t
    try:
        trips = []
        for _ in range(50):
            t = time.perf_counter()
            engine.result(engine.submit(empty, 1))
            trips.append(time.perf_counter() - t)
        out["round trip"] = statistics.median(trips)
        t = time.perf_counter()
        engine.run_all(1000)
        out["empty tasks/s"] = 1000 / (time.perf_counter() - t)
        files, _ = knowledge_files()
        expected = fingerprint()
        known, files_ref = engine.put(frozenset()), engine.put(files)
        tasks = chunks(items)
        # every worker set up and warm before the timed rounds (a cluster lives longer than a batch)
        t = time.perf_counter()
        for first in [engine.submit(task, tasks[0][:1], known, files_ref, expected) for _ in range(workers * 2)]:
            engine.result(first)
        out["first task"] = time.perf_counter() - t
        rounds, cpu = [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), cpu_seconds()
            n = in_order(lambda items: engine.submit(task, items, known, files_ref, expected), engine.result,
                         tasks, workers * 3)
            rounds.append(time.perf_counter() - t)
            cpu.append(cpu_seconds() - c)
        assert n == len(items)
        out["work"] = min(rounds)
        out["rounds"] = rounds
        out["CPU s"] = min(cpu)
        out["memory MB"] = cluster_rss()
    finally:
        engine.stop()
    return out


def local(paths: list[Path], workers: int, repeat: int) -> dict:
    from policydocs.acquire.files import expand_paths
    from policydocs.batch import runner

    sources = expand_paths(paths)
    runner._share_with_workers()
    rounds, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), _own_and_children_cpu()
        n = sum(1 for _ in runner._parallel(sources, workers, frozenset(), False))
        rounds.append(time.perf_counter() - t)
        cpu.append(_own_and_children_cpu() - c)
    assert n == len(sources)
    return {"work": min(rounds), "rounds": rounds, "CPU s": min(cpu)}


def _own_and_children_cpu() -> float:
    """(the pool's workers have ended when a round does: their time is in RUSAGE_CHILDREN)"""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _cell(key: str, value: float) -> str:
    if key == "round trip":
        return f"{value:.4f}"
    return f"{value:.0f}" if key in ("empty tasks/s", "memory MB") else f"{value:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--engines", default="dask,ray")
    args = ap.parse_args()
    from snapshot import corpus

    work = Path(tempfile.mkdtemp(prefix="policydocs-engines-"))
    try:
        paths = corpus(work)
        items = inputs(paths)
        mb = sum(len(d) for _, d, _ in items) / 1e6
        print(f"corpus: {len(items)} files, {mb:.1f} MB; {args.workers} workers, one thread each")
        results = {}
        for name in args.engines.split(","):
            results[name] = measure({"dask": Dask, "ray": Ray}[name](), items, args.workers, args.repeat)
        results["local pool"] = local(paths, args.workers, args.repeat)
        keys = ("import", "start", "round trip", "empty tasks/s", "first task", "work", "CPU s", "memory MB")
        print("| | " + " | ".join(keys) + " |")
        print("|---" * (len(keys) + 1) + "|")
        for name, r in results.items():
            cells = [_cell(k, r[k]) if k in r else "" for k in keys]
            print(f"| {name} | " + " | ".join(cells) + " |")
        for name, r in results.items():
            print(f"{name} rounds: " + ", ".join(f"{s:.2f}" for s in r["rounds"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
