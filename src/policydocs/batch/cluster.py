"""``policydocs ingest --cluster ADDRESS``: the per-document work on a Dask cluster, this process writing.

Processing a document (acquire → clean → segment → extract → rows) is independent per document
and most of an ingest's time; writing is not (SQLite has one writer). So this process reads each
file's bytes and sidecar, sends them a few files per task to the workers of the Dask scheduler at
ADDRESS, and takes the results back in input order into the same writer as a local run
(:func:`policydocs.batch.runner._store_results`): the same database, the same checkpoints, and a
run killed at any moment is finished by the next one.

    dask scheduler                                   # on one machine: tcp://10.0.0.5:8786
    dask worker tcp://10.0.0.5:8786 --nworkers 8 --nthreads 1   # on each worker machine
    policydocs ingest downloads/ --cluster tcp://10.0.0.5:8786

Workers need policydocs installed (``pip install 'policydocs[cluster]'``), of the same version:
this process sends them its extractors/ files and compares, before the first document, the code,
jieba's dictionary and the libraries that shape what is stored (batch.cluster_worker); a
difference is one error line. A file a worker cannot read is one error line naming it and the
batch goes on. A worker that dies: Dask runs its tasks again on the others; a file that kills
every worker it is given is reported as such. A cluster that is lost or left without workers
stops the batch with one line; what was stored stays, and the same command finishes the batch.
The workers' processes run Python: one thread each (``--nthreads 1``), as many processes as cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import uuid
from collections import deque
from typing import Callable, Iterator

from policydocs.batch import cluster_worker
from policydocs.batch.work import files_per_task, task_lists  # tasks that shrink towards the end, as local ones do
from policydocs.errors import ClusterError, InputError, printable

try:
    from distributed import WorkerPlugin
except ImportError:  # (policydocs[cluster] not installed: connect() says so)
    WorkerPlugin = object

CONNECT_SECONDS = 10  # to reach the scheduler
NO_WORKER_SECONDS = 60  # how long a batch waits while the cluster has no worker
POLL_SECONDS = 2.0
TASK_FILES = 8  # files per task: a few, so the ~10-20 ms a task costs the scheduler stays small
TASK_BYTES = 512 * 1024  # (a big file makes a task of its own)
WINDOW_PER_THREAD = 3  # tasks in flight per worker thread: enough to keep every worker fed
WORKER_DIED = "the worker process died while processing this file (killed, or out of memory?)"


def cluster_results(sources: list[str], address: str, known: frozenset[str], force: bool,
                    say: Callable[[str], None] | None = None) -> Iterator[tuple[str, tuple]]:
    """(source, result) for every source, in order, processed by the cluster at ``address`` (results
    as :func:`policydocs.batch.runner.process_file` gives them). The cluster is reached and checked
    at once (ClusterError); the documents are sent as the results are taken."""
    client = connect(address)
    try:
        batch = _Batch(client, address, prepare(client, address, known, force, say))
    except BaseException:
        client.close()
        raise
    return _ordered(batch, sources)


def connect(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'policydocs[cluster]'") from None
    try:
        _reachable(address)
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:  # (refused, timed out, no such host, a malformed address)
        reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(exc).__name__
        raise ClusterError(f"cannot reach the cluster at {printable(address)}: {' '.join(reason.split())}") from None


def _reachable(address: str) -> None:
    """Look before Dask's Client does: a client that cannot connect makes a half-made object that
    waits 20 s at exit to close itself, and retries a refused connection until its timeout."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import backends

    protocol, location = parse_address(address)
    if protocol not in backends:
        raise ValueError(f"unknown protocol {protocol}:// (a scheduler's address is tcp://HOST:PORT)")
    if protocol in ("tcp", "tls"):
        try:
            host, port = parse_host_port(location)
        except ValueError:
            raise ValueError("no HOST:PORT in it (a scheduler's address is tcp://HOST:PORT)") from None
        socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()


class BatchPlugin(WorkerPlugin):
    """What a batch's tasks need on a worker (cluster_worker.begin_batch). Dask's scheduler keeps it
    and sets it up on every worker, also one that joins or is restarted during the batch: data
    scattered to the workers instead would be lost with the last worker holding it."""

    def __init__(self, batch: str, files: dict[str, bytes], digest: str, known: frozenset[str], force: bool):
        self.batch, self.files, self.digest, self.known, self.force = batch, files, digest, known, force

    def setup(self, worker=None) -> None:
        cluster_worker.begin_batch(self.batch, self.files, self.digest, self.known, self.force)

    def teardown(self, worker=None) -> None:
        cluster_worker.end_batch(self.batch)


def prepare(client, address: str, known: frozenset[str], force: bool, say=None) -> tuple[str, dict[str, str]]:
    """Give every worker what the batch needs and check it runs what this process would: (the
    batch's name, the fingerprint the tasks compare with), or ClusterError when a worker differs
    or none is there."""
    try:
        client.wait_for_workers(1, timeout=NO_WORKER_SECONDS)
    except (TimeoutError, asyncio.TimeoutError):
        raise ClusterError(f"the cluster at {address} has no workers: start some with"
                           f" `dask worker {address} --nthreads 1`") from None
    files, digest = cluster_worker.knowledge_files()
    here = cluster_worker.fingerprint()
    batch = f"policydocs-{uuid.uuid4().hex[:12]}"
    for name in client.run_on_scheduler(_forsaken_batches):  # (their writer was killed)
        with contextlib.suppress(Exception):
            client.unregister_worker_plugin(name)
    try:
        answers = client.register_plugin(BatchPlugin(batch, files, digest, known, force),
                                         name=plugin_name(batch, client))
    except Exception as exc:  # noqa: BLE001
        answers = {"the cluster": {"status": "error", "exception": exc}}
    try:
        _check(client, answers, here)
    except ClusterError:
        with contextlib.suppress(Exception):  # (or the scheduler would set the batch up on every new worker)
            client.unregister_worker_plugin(plugin_name(batch, client))
        raise
    threads = {w: info.get("nthreads", 1) for w, info in client.scheduler_info(n_workers=-1)["workers"].items()}
    if say and any(n > 1 for n in threads.values()):
        say(f"note: the cluster's workers run {max(threads.values())} threads each; the work is Python and"
            " runs one document at a time per process: start them with --nthreads 1 and more --nworkers")
    return batch, here


def plugin_name(batch: str, client) -> str:
    """The batch's plugin, named with its writer's client: a batch whose writer is gone is known."""
    return f"{batch}@{client.id}"


def _forsaken_batches(dask_scheduler=None) -> list[str]:
    """(run on the scheduler) The plugins of batches whose writer is no longer connected: a killed
    ingest leaves its plugin (the knowledge files, the stored hashes) to be set up on every new worker."""
    return [name for name in dask_scheduler.worker_plugins
            if name.startswith("policydocs-") and "@" in name and name.split("@", 1)[1] not in dask_scheduler.clients]


def _check(client, answers: dict, here: dict[str, str]) -> None:
    """ClusterError unless every worker set the batch up and would store what this process would."""
    for worker, answer in answers.items():
        if answer.get("status") != "OK":  # e.g. no policydocs there (ModuleNotFoundError)
            reason = " ".join(str(answer.get("exception") or answer.get("text") or answer).split())
            raise ClusterError(f"{worker} cannot set up policydocs: {reason} (install the same policydocs"
                               " on every worker: pip install 'policydocs[cluster]')")
    for worker, there in client.run(cluster_worker.worker_fingerprint).items():
        diff = cluster_worker.differences(here, there or {})
        if diff:
            raise ClusterError(f"worker {worker} would store other results than this machine: {'; '.join(diff)}"
                               " (install the same versions on every worker)")


class _Batch:
    """The cluster as this batch uses it: its tasks, their results, and its end."""

    def __init__(self, client, address: str, prepared: tuple[str, dict[str, str]]):
        self.client, self.address = client, address
        self.name, self.expected = prepared
        self.n = 0

    def submit(self, items: list[tuple]):
        self.n += 1  # (a key naming the batch: what the scheduler's dashboard shows)
        return self.client.submit(cluster_worker.run_task, self.name, items, self.expected,
                                  key=f"{self.name}-{self.n}", pure=False)

    def close(self) -> None:
        try:
            if self.client.status == "running":
                self.client.unregister_worker_plugin(plugin_name(self.name, self.client))  # (the workers forget the batch)
        except Exception:  # noqa: BLE001 — (a lost cluster has nothing to forget)
            pass
        self.client.close()

    def wait(self, future) -> list[tuple]:
        """The future's result; ClusterError when the cluster is lost, left without workers for
        NO_WORKER_SECONDS, or a worker differs from this machine."""
        from concurrent.futures import CancelledError

        alone_since = None
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except (TimeoutError, asyncio.TimeoutError):
                pass
            except cluster_worker.KnowledgeMismatch as exc:
                raise ClusterError(f"{exc} (install the same versions on every worker)") from None
            except CancelledError:
                raise self.lost("the scheduler cancelled the batch's work") from None
            if self.client.status != "running":
                raise self.lost(f"the connection is {self.client.status}")
            try:
                workers = self.client.scheduler_info(n_workers=-1)["workers"]
            except Exception as exc:  # noqa: BLE001 — (the scheduler is gone)
                raise self.lost(_why(exc)) from None
            if workers:
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > NO_WORKER_SECONDS:
                raise self.lost(f"no worker for {NO_WORKER_SECONDS} s")

    def lost(self, why: str) -> ClusterError:
        return ClusterError(f"lost the cluster at {printable(self.address)}: {why}; what is stored stays:"
                            " run the same ingest again to finish the batch")

    def threads(self) -> int:
        try:
            return sum(w.get("nthreads", 1) for w in self.client.scheduler_info(n_workers=-1)["workers"].values()) or 1
        except Exception:  # noqa: BLE001 — (only sizes the window)
            return 1


def _ordered(batch: _Batch, sources: list[str]) -> Iterator[tuple[str, tuple]]:
    """Keep a window of tasks in flight; give back their results in input order."""
    threads = batch.threads()
    todo = deque(task_lists(sources, files_per_task(len(sources), threads, TASK_FILES), threads, TASK_BYTES))
    pending: deque[_Task] = deque()
    try:
        while todo or pending:
            while todo and len(pending) < threads * WINDOW_PER_THREAD:
                pending.append(_Task(batch, todo.popleft()))
            task = pending.popleft()
            yield from zip(task.sources, task.results(batch))
    finally:
        for task in pending:
            task.cancel()
        batch.close()


def read_input(source: str) -> tuple | tuple[str, bytes, dict]:
    """(source, bytes, sidecar) to send, or the file's ('error', reason) when it cannot be read."""
    from policydocs.acquire.loaders import read_bytes
    from policydocs.acquire.sidecar import read_sidecar

    try:
        return source, read_bytes(source), read_sidecar(source)
    except InputError as exc:
        return "error", exc.reason


class _Task:
    """Some consecutive files: those that could be read are sent as one task of the cluster."""

    def __init__(self, batch: _Batch, sources: list[str]):
        self.sources = sources
        self.inputs = [read_input(source) for source in sources]  # (source, data, sidecar) or an error
        items = [item for item in self.inputs if len(item) == 3]
        self.future = batch.submit(items) if items else None

    def results(self, batch: _Batch) -> list[tuple]:
        done = iter(())
        if self.future is not None:
            try:
                done = iter(batch.wait(self.future))
            except ClusterError:
                raise
            except Exception:  # noqa: BLE001 — a file killed its workers, a result cannot travel: file by file
                done = iter(self._one_by_one(batch))
            finally:
                self.future = None  # (releases the result on the worker)
        return [item if len(item) == 2 else next(done) for item in self.inputs]

    def _one_by_one(self, batch: _Batch) -> list[tuple]:
        out = []
        for item in self.inputs:
            if len(item) == 3:
                try:
                    out.extend(batch.wait(batch.submit([item])))
                except ClusterError:
                    raise
                except Exception as exc:  # noqa: BLE001
                    out.append(("error", _why(exc)))
        return out

    def cancel(self) -> None:
        if self.future is not None:
            self.future.cancel()


def _why(exc: Exception) -> str:
    if type(exc).__name__ == "KilledWorker":
        return WORKER_DIED
    return " ".join(f"{type(exc).__name__}: {exc}".split())


__all__ = ["ClusterError", "cluster_results", "connect", "prepare", "read_input"]
