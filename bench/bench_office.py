"""Reading Word and PDF files: is the text right, and how fast (pages per CPU second, one core).

Builds the files at run time from the shipped reports (``corpora/govreport``, ``corpora/local``,
``corpora/provincial2026``), in the layouts offices send:

- DOCX: every typed heading number (一、 （一） 1. （1）) made Word's automatic numbering, restarted
  where the text restarts it (``tests/office_files.py``). A "page" is 616 characters, the 22 lines
  of 28 characters of a GB/T 9704 page;
- PDF, one column: a 公文 in 3号 type, running header in small type, page numbers (fonts embedded:
  WenQuanYi Micro Hei when installed, as .ci/run does, else reportlab's built-in STSong);
- PDF, two columns: a 政府公报 page in 5号 type, header 公报名 | 期号, page numbers.

The text is right when a line (paragraph) of the file comes back exactly: ``lines`` is the share
of the expected paragraphs read back exactly, ``chars`` the share of characters in them
(recall), ``extra`` the characters read that are in no expected paragraph.

    python bench/bench_office.py [--repeat 3] [--limit N] [--files DIR]
    PYTHONPATH=/path/to/other/src python bench/bench_office.py --files DIR   # the same files, another loader
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
if not any(p.endswith("src") for p in sys.path if p):
    sys.path.insert(0, str(ROOT / "src"))

from builders import TTF_PATH, register_cid_font, register_ttf_font  # noqa: E402
from office_files import numbered_report  # noqa: E402
from pdf_layouts import GAZETTE, Layout, typeset  # noqa: E402

from policydocs.acquire import load  # noqa: E402

PAGE_CHARS = 22 * 28


def texts(limit: int | None) -> list[Path]:
    paths = sorted((ROOT / "corpora" / "govreport").glob("*.txt")) + sorted((ROOT / "corpora" / "local").glob("*.txt"))
    paths += sorted((ROOT / "corpora" / "provincial2026").glob("*.txt"))
    return paths[:limit] if limit else paths


def build(out: Path, limit: int | None) -> dict[str, list[tuple[Path, str, int]]]:
    """kind → (file, expected text, pages)."""
    files: dict[str, list] = {"docx": [], "pdf 1 column": [], "pdf 2 columns": []}
    font = register_ttf_font() if TTF_PATH.exists() else register_cid_font()  # embedded, as offices' PDFs are
    for n, source in enumerate(texts(limit)):
        text = source.read_text(encoding="utf-8")
        path, lines = numbered_report(out / f"{n:02d}.docx", text)
        files["docx"].append((path, "\n".join(lines), max(1, round(sum(map(len, lines)) / PAGE_CHARS))))
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        title, body = paragraphs[0], paragraphs[1:]
        one = typeset(out / f"{n:02d}_1.pdf", body, Layout(header=("宁川市人民政府办公室", "政府信息公开")), title=title,
                      font=font)
        files["pdf 1 column"].append((one.path, one.expected, one.pages))
        two = typeset(out / f"{n:02d}_2.pdf", body, Layout(**GAZETTE), title=title, font=font)
        files["pdf 2 columns"].append((two.path, two.expected, two.pages))
    return files


def built(out: Path, limit: int | None) -> dict[str, list[tuple[Path, str, int]]]:
    """The files of ``build`` kept in ``out``: built once, then read back with their expected texts."""
    import json

    index = out / "index.json"
    if not index.exists():
        out.mkdir(parents=True, exist_ok=True)
        files = build(out, limit)
        index.write_text(json.dumps({kind: [(str(p), text, pages) for p, text, pages in items]
                                     for kind, items in files.items()}, ensure_ascii=False), encoding="utf-8")
    return {kind: [(Path(p), text, pages) for p, text, pages in items]
            for kind, items in json.loads(index.read_text(encoding="utf-8")).items()}


def score(expected: str, got: str) -> tuple[int, int, int, int, int]:
    want = Counter(line for line in expected.split("\n") if line)
    have = Counter(line for line in got.split("\n") if line)
    right = want & have
    return (sum(right.values()), sum(want.values()), sum(len(k) * v for k, v in right.items()),
            sum(len(k) * v for k, v in want.items()), sum(len(k) * v for k, v in (have - want).items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--files", type=Path, default=None,
                        help="build the files here, or reuse them if already there (to time two loaders alike)")
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    import policydocs

    print(f"loader: {Path(policydocs.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        files = built(args.files, args.limit) if args.files else build(Path(tmp), args.limit)
        for kind, items in files.items():
            load(items[0][0])  # imports and caches out of the timing
            best = float("inf")
            for _ in range(args.repeat):  # CPU time: the machine may be shared, wall time is noise then
                start = time.process_time()
                docs = [load(path) for path, _, _ in items]
                best = min(best, time.process_time() - start)
            totals = [0] * 5
            for (path, expected, _), doc in zip(items, docs):
                totals = [a + b for a, b in zip(totals, score(expected, doc.text))]
            lines_right, lines, chars_right, chars, extra = totals
            pages = sum(p for _, _, p in items)
            print(f"{kind:14s} {len(items):3d} files {pages:4d} pages {best:6.2f} s {pages / best:7.1f} pages/s  "
                  f"lines {lines_right / lines:6.1%}  chars {chars_right / chars:6.1%}  extra {extra / chars:6.1%}")


if __name__ == "__main__":
    main()
