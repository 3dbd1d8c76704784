"""Throughput of the cleaner on one core: pages/s and MB/s, for HTML and for plain-text input.

Builds a synthetic corpus (``html_corpus.build``: HTML pages in the CMS styles of the genre plus
plain-text pages, bodies from the real 政府工作报告 texts), then times, single-threaded:

- ``extract_html`` on every HTML page (main content + metadata, incl. the generic extractor);
- the full cleaner on HTML (``clean_raw`` of a RawDocument(format="html")), when it exists;
- the full cleaner on text pages (``policydocs.clean.clean(text)``), when it exists.

Also prints the character F1 of ``extract_html`` against the synthetic gold bodies per style
(a sanity check only: the corpus is generated, the real evaluation is compare_extractors.py).

    python bench/bench_clean.py [--pages 1000] [--seed 7] [--repeat 1]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

from html_corpus import build  # noqa: E402

from policydocs.clean.html import extract_html  # noqa: E402


def _pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "single-threaded (not pinned)"


def _time(fn, items, repeat: int) -> tuple[float, int, list]:
    errors = []
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for it in items:
            try:
                fn(it)
            except Exception as exc:  # count, don't stop the benchmark
                errors.append((it, exc))
        best = min(best, time.perf_counter() - t0)
    return best, len(errors) // repeat, errors[:3]


def _report(label: str, seconds: float, pages: int, nbytes: int, errors: int) -> None:
    print(f"{label:38s} {pages:5d} pages {nbytes / 1e6:7.2f} MB {seconds:7.2f} s  "
          f"{pages / seconds:8.1f} pages/s {nbytes / 1e6 / seconds:6.2f} MB/s  errors: {errors}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs")
    args = ap.parse_args(argv)
    print(_pin_one_core())
    t0 = time.perf_counter()
    pages = build(args.pages, seed=args.seed)
    print(f"corpus: {len(pages)} pages built in {time.perf_counter() - t0:.1f} s "
          f"({collections.Counter(p.kind for p in pages)})")
    html_pages = [p for p in pages if p.kind == "html"]
    text_pages = [p for p in pages if p.kind == "text"]
    html_bytes = sum(len(p.text.encode("utf-8")) for p in html_pages)
    text_bytes = sum(len(p.text.encode("utf-8")) for p in text_pages)

    extract_html(html_pages[0].text, url=html_pages[0].url)  # warm-up: imports, profile loading
    secs, errs, sample = _time(lambda p: extract_html(p.text, url=p.url), html_pages, args.repeat)
    _report("HTML  extract_html", secs, len(html_pages), html_bytes, errs)
    for it, exc in sample:
        print(f"   error on {it.style}: {exc}")

    try:
        from policydocs.acquire.document import RawDocument
        from policydocs.clean import clean, clean_raw
    except ImportError as exc:
        print(f"full cleaner not available ({exc}): timed extract_html only")
        clean = clean_raw = None
    if clean_raw is not None:
        def full_html(p):
            return clean_raw(RawDocument(source=p.url, format="html", text=p.text), url=p.url)

        full_html(html_pages[0])
        secs, errs, sample = _time(full_html, html_pages, args.repeat)
        _report("HTML  clean_raw (full cleaner)", secs, len(html_pages), html_bytes, errs)
        for it, exc in sample:
            print(f"   error on {it.style}: {exc!r}")
    if clean is not None:
        clean(text_pages[0].text)
        secs, errs, sample = _time(lambda p: clean(p.text), text_pages, args.repeat)
        _report("text  clean (full cleaner)", secs, len(text_pages), text_bytes, errs)
        for it, exc in sample:
            print(f"   error: {exc!r}")

    # accuracy on the synthetic pages, per style (sanity check)
    from compare_extractors import char_prf

    by_style = collections.defaultdict(list)
    methods = collections.Counter()
    for p in html_pages:
        res = extract_html(p.text, url=p.url)
        methods[res.method] += 1
        by_style[p.style].append(char_prf(res.text, "\n".join(p.body))[2])
    print("synthetic-corpus F1 by style (sanity check): " + ", ".join(
        f"{s} {sum(v) / len(v):.3f}" for s, v in sorted(by_style.items())))
    print("methods used:", dict(methods))
    return 0


if __name__ == "__main__":
    sys.exit(main())
