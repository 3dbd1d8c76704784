"""Compare main-content extractors on the hand-modelled evaluation pages (tests/fixtures/html).

For every page: character precision / recall / F1 of the body against the gold ``*.clean.txt``
(title line excluded: the title is metadata), after NFKC with all whitespace removed; matched
characters are the sizes of difflib.SequenceMatcher(autojunk=False) matching blocks (an LCS-style
alignment, so order matters and duplicated boilerplate is not free).

Methods: trafilatura alone (``extract(favor_precision=True, include_comments=False)``, raw output), readability-lxml alone
(``summary()`` as text), our text-density finder alone, and the layered extractor the cleaner uses
(profile -> density -> trafilatura -> readability). ``-v`` adds the two libraries as the pipeline
runs them (``trafilatura+``/``readability+``: our boilerplate-line filter and title dedup applied).

    python bench/compare_extractors.py            # table of F1 per page and macro averages
    python bench/compare_extractors.py -v         # also P/R, title check and timings
    python bench/compare_extractors.py --set heldout
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from policydocs.clean.html import extract_html, extract_html_with  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "html"
METHODS = {
    "trafilatura": "raw",  # the library's own output, untouched
    "readability": "raw",
    "density": ("density",),  # our text-density finder alone (no profile, no fallback)
    "layered": None,  # extract_html itself: profile -> density -> trafilatura -> readability
}
EXTRA = {  # with -v: the libraries as the pipeline uses them (our boilerplate filter, title dedup)
    "trafilatura+": ("trafilatura",),
    "readability+": ("readability",),
}


class _Raw:
    def __init__(self, text: str, method: str):
        self.text, self.method, self.title = text, method, None


def _raw(method: str, markup: str) -> _Raw:
    if method == "trafilatura":
        import trafilatura

        return _Raw(trafilatura.extract(markup, favor_precision=True, include_comments=False) or "", "trafilatura")
    import logging

    from readability import Document
    from selectolax.lexbor import LexborHTMLParser

    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
    summary = Document(markup).summary(html_partial=True)
    text = LexborHTMLParser(summary).text(separator="\n")
    return _Raw(text, "readability")


def read_page(path: Path) -> str:
    """Decode a stored page the way the loader does (declared charset checked against the bytes)."""
    try:
        from policydocs.acquire import load
    except ImportError:  # before the acquire stage existed
        load = None
    if load is not None:
        return load(str(path)).text
    from charset_normalizer import from_bytes

    data = path.read_bytes()
    m = re.search(rb"""charset\s*=\s*["']?([-\w]+)""", data[:4096], re.I)
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk") else enc
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    enc = best.encoding if best else "utf-8"
    enc = "gb18030" if enc in ("gb2312", "gbk") else enc
    return data.decode(enc, errors="replace")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def char_prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = _norm(pred), _norm(gold)
    if not p or not g:
        return 0.0, 0.0, 0.0
    matched = sum(b.size for b in difflib.SequenceMatcher(None, p, g, autojunk=False).get_matching_blocks())
    prec, rec = matched / len(p), matched / len(g)
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def load_set(which: str = "all") -> list[tuple[str, dict, str, list[str]]]:
    index = json.loads((FIXTURES / "pages.json").read_text(encoding="utf-8"))
    pages = []
    for name, info in index.items():
        if name.startswith("_"):
            continue
        if which != "all" and info.get("set", "dev") != which:
            continue
        markup = read_page(FIXTURES / f"{name}.html")
        gold = (FIXTURES / f"{name}.clean.txt").read_text(encoding="utf-8").splitlines()
        pages.append((name, info, markup, gold))
    return pages


def run(method: str, markup: str, url: str | None):
    chain = METHODS.get(method, EXTRA.get(method))
    try:
        if chain == "raw":
            return _raw(method, markup)
        if chain is None:
            return extract_html(markup, url=url)
        return extract_html_with(markup, chain, url=url)
    except Exception as exc:  # InputError "no main text found" counts as an empty result
        return exc


def evaluate(pages, methods=tuple(METHODS)):
    rows = {}
    timings = {m: 0.0 for m in methods}
    for name, info, markup, gold in pages:
        body = "\n".join(gold[1:])
        row = {}
        for m in methods:
            t0 = time.perf_counter()
            res = run(m, markup, info.get("url"))
            timings[m] += time.perf_counter() - t0
            if isinstance(res, Exception):
                row[m] = (0.0, 0.0, 0.0, None, None)
            else:
                row[m] = (*char_prf(res.text, body), res.title == gold[0], res.method)
        rows[name] = row
    return rows, timings


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="all", choices=["all", "dev", "heldout"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    pages = load_set(args.set)
    methods = tuple(METHODS) + (tuple(EXTRA) if args.verbose else ())
    rows, timings = evaluate(pages, methods)
    width = max(len(n) for n in rows) + 2
    head = f"{'page':{width}}" + "".join(f"{m:>13}" for m in methods) + "   layered via"
    print(head)
    print("-" * len(head))
    for name, row in rows.items():
        line = f"{name:{width}}" + "".join(f"{row[m][2]:13.3f}" for m in methods)
        line += f"   {row['layered'][4]}"
        print(line)
        if args.verbose:
            print(" " * width + "".join(f"  P{row[m][0]:.2f}/R{row[m][1]:.2f}" for m in methods)
                  + "   title ok: " + str(row["layered"][3]))
    print("-" * len(head))
    n = len(rows)
    macro = {m: sum(r[m][2] for r in rows.values()) / n for m in methods}
    low = {m: min(r[m][2] for r in rows.values()) for m in methods}
    print(f"{'macro F1':{width}}" + "".join(f"{macro[m]:13.3f}" for m in methods))
    print(f"{'min F1':{width}}" + "".join(f"{low[m]:13.3f}" for m in methods))
    print(f"{'ms/page':{width}}" + "".join(f"{1000 * timings[m] / n:13.1f}" for m in methods))
    titles = sum(1 for r in rows.values() if r["layered"][3])
    print(f"layered titles correct: {titles}/{n}; pages: {n} ({args.set})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
