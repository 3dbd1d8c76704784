"""Start-up of each ``policydocs`` command: what a user waits for before the command does anything.

For each command, ``python -m policydocs.cli COMMAND --help`` (the command's module and what it
imports, nothing run) in a fresh process, ``--repeat`` times, and the median wall time; the bare
interpreter (``python -c pass``) for reference; and ``policydocs clean`` of one seed page, start to
end, with the heavy modules it loaded.

    python bench/bench_startup.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("clean", "ingest", "search", "checklist", "link", "review", "export", "fetch", "crawl", "documents",
            "serve", "train", "eval")
HEAVY = ("jieba", "sqlite_utils", "policydocs.store", "policydocs.extract", "policydocs.link", "numpy", "scipy",
         "openpyxl", "rich", "lxml", "trafilatura")
PROBE = ("import sys, runpy; sys.argv = ['policydocs'] + sys.argv[1:]\n"
         "try:\n    runpy.run_module('policydocs.cli', run_name='__main__')\nexcept SystemExit:\n    pass\n"
         f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")


def timed(cmd: list[str], env: dict, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT / "src"))
    py = sys.executable
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.repeat}")
    print("| command | start-up s | heavy modules loaded |\n|---|---:|---|")
    print(f"| (python -c pass) | {timed([py, '-c', 'pass'], env, args.repeat):.2f} | |")
    for command in COMMANDS:
        loaded = subprocess.run([py, "-c", PROBE, command, "--help"], env=env, capture_output=True,
                                text=True).stderr.strip().splitlines()
        seconds = timed([py, "-m", "policydocs.cli", command, "--help"], env, args.repeat)
        print(f"| {command} | {seconds:.2f} | {loaded[-1] if loaded else ''} |")
    seed = str(ROOT / "corpora" / "seeds" / "001_00576c6514847a99.txt")
    loaded = subprocess.run([py, "-c", PROBE, "clean", seed], env=env, capture_output=True, text=True).stderr
    seconds = timed([py, "-m", "policydocs.cli", "clean", seed], env, args.repeat)
    print(f"| clean one seed page, start to end | {seconds:.2f} | {loaded.strip().splitlines()[-1] if loaded.strip() else ''} |")


if __name__ == "__main__":
    main()
