"""Everything an ingest stores, as text: for checking that a speed change changes no output.

Ingests a fixed mixed corpus (the shipped seeds and work reports, 1 MB of generated documents and
200 generated HTML and text pages) into a fresh database and writes every stored row (without
timestamps), the statements export, the links export and the hits of a set of searches to one
file. Run it before and after a change and compare:

    python bench/snapshot.py /tmp/before.txt
    ... change ...
    python bench/snapshot.py /tmp/after.txt && cmp /tmp/before.txt /tmp/after.txt

``--jobs 2`` ingests with two processes (the output must be the same as with one).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

_SKIP_COLUMNS = {"ingested_at", "at", "created_at", "updated_at", "linked_at"}
_QUERIES = ("医共体", "医保", "基金", "增长", '"城镇新增就业"', "脱贫 OR 扶贫", "养老 NOT 医疗", "税",
            "GDP", "2024", "签约率", "万人")


def corpus(out: Path) -> list[Path]:
    from gen_corpus import write
    from html_corpus import build

    write(out / "generated", 1_000_000, seed=3)
    pages = out / "pages"
    pages.mkdir()
    for i, page in enumerate(build(200, seed=11)):
        (pages / f"page{i:03d}.{'html' if page.kind == 'html' else 'txt'}").write_text(page.text, encoding="utf-8")
    return [ROOT / "corpora" / "seeds", ROOT / "corpora" / "govreport", out / "generated", pages]


def dump(db_path: Path, out) -> None:
    from policydocs.store import open_db, search

    db = open_db(db_path)
    tables = sorted(t for t in db.table_names() if not t.startswith("sentences_fts") and t != "_meta")
    for table in tables:
        cols = [c.name for c in db[table].columns if c.name not in _SKIP_COLUMNS]
        order = ", ".join(f'"{c}"' for c in cols)
        out.write(f"## {table} ({', '.join(cols)})\n")
        for row in db.conn.execute(f"SELECT {order} FROM [{table}] ORDER BY {order}"):
            out.write(json.dumps([v.hex() if isinstance(v, bytes) else v for v in row], ensure_ascii=False) + "\n")
    for query in _QUERIES:
        for kind in (None, "target", "actual"):
            hits = search(db, query, kind=kind, limit=50)
            out.write(f"## search {query} kind={kind}\n")
            for hit in hits:
                out.write(json.dumps(_plain(hit), ensure_ascii=False, default=str) + "\n")


def _plain(hit):
    if hasattr(hit, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(hit)
    return hit


class _Relative:
    """A text file that writes ``root`` as $CORPUS."""

    def __init__(self, out, root: str):
        self.out, self.root = out, root

    def write(self, text: str) -> None:
        self.out.write(text.replace(self.root, "$CORPUS"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    from policydocs.batch import ingest

    work = Path(tempfile.mkdtemp(prefix="policydocs-snapshot-"))
    try:
        paths = corpus(work)
        db = work / "snapshot.db"
        report = ingest(paths, db=db, jobs=args.jobs, progress=False)
        with open(args.output, "w", encoding="utf-8") as fh:
            out = _Relative(fh, str(work))  # stored sources are paths: relative ones compare across runs
            out.write(f"# {report.summary().split(' in ')[0]}; failed: {report.failed}\n")
            dump(db, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
