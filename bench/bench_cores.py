"""What two cores give the per-document work, with nothing of ingest's around it.

    python bench/bench_cores.py --corpus /tmp/long85 [--repeat 3]

Processes every file of the corpus (``policydocs.batch.process_file``: read, clean, segment,
extract, the store's rows; nothing written) in one forked process, then the same files split in
two halves (by size, alternately) in two forked processes at once; no parent waiting, no results
sent back, no writer. Prints, per round, the wall time of each run and the CPU time the processes
used. The ratio of the two walls is the most ``ingest --jobs 2`` could reach on this machine
for this corpus if writing, grouping and linking took no time; the CPU time of the two processes
against the one's says what running side by side costs each of them (shared caches and memory
bandwidth; on a VM, whatever the host does with its two vCPUs). A control does the same with
``jieba.lcut`` alone: what two cores give a pure-Python loop over a dict.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _work(files: list[str], pipe, control: bool = False) -> None:
    from policydocs.batch.runner import process_file

    if control:
        import jieba

        texts = [Path(f).read_text(encoding="utf-8", errors="replace") for f in files]
    started = time.process_time()
    if control:
        for text in texts:
            jieba.lcut(text)
    else:
        for f in files:
            process_file(f)
    pipe.send(time.process_time() - started)


def _run(groups: list[list[str]], control: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds summed) of one forked process per group, all at once."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    pipes, procs = [], []
    started = time.perf_counter()
    for files in groups:
        here, there = ctx.Pipe()
        p = ctx.Process(target=_work, args=(files, there, control))
        p.start()
        pipes.append(here)
        procs.append(p)
    cpu = sum(pipe.recv() for pipe in pipes)
    for p in procs:
        p.join()
    return time.perf_counter() - started, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import gc

    from policydocs.batch import runner
    from policydocs.extract.kind import scorer
    from policydocs.knowledge.lexicon import tokenizer

    tokenizer()
    scorer()
    runner._init_worker(frozenset(), False)
    gc.freeze()  # (as ingest does before its workers are forked)
    files = sorted(str(p) for p in args.corpus.iterdir() if p.suffix in {".txt", ".html", ".htm", ".pdf", ".docx"})
    by_size = sorted(files, key=lambda f: -os.path.getsize(f))
    halves = [by_size[0::2], by_size[1::2]]
    print(f"corpus: {len(files)} files; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    ratios, costs = [], []
    for r in range(args.repeat):
        one_wall, one_cpu = _run([files])
        two_wall, two_cpu = _run(halves)
        ratios.append(one_wall / two_wall)
        costs.append(two_cpu / one_cpu - 1)
        print(f"round {r + 1}: one process {one_wall:.2f} s ({one_cpu:.2f} s CPU), two at once {two_wall:.2f} s"
              f" ({two_cpu:.2f} s CPU): {ratios[-1]:.2f}×, CPU {costs[-1]:+.0%}")
    print(f"median: {statistics.median(ratios):.2f}× one process, CPU {statistics.median(costs):+.0%}")
    # the control: jieba.lcut alone (a pure-Python loop over a dict) on the same split
    ratios, costs = [], []
    for _ in range(args.repeat):
        one_wall, one_cpu = _run([files], control=True)
        two_wall, two_cpu = _run(halves, control=True)
        ratios.append(one_wall / two_wall)
        costs.append(two_cpu / one_cpu - 1)
    print(f"control, jieba.lcut alone: median {statistics.median(ratios):.2f}× one process,"
          f" CPU {statistics.median(costs):+.0%} (rounds: {', '.join(f'{r:.2f}×' for r in ratios)})")


if __name__ == "__main__":
    main()
