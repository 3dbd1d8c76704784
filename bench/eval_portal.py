"""Portal pages, copied or saved: how much page furniture the cleaner leaves, and what it loses.

For each input page (``<stem>.txt`` copied out of a browser, ``<stem>.html`` saved) of a directory
with a hand-made gold (``gold_clean/<stem>.txt``: the draft, title first; ``gold_clean/
furniture.jsonl``: {"doc": stem, "furniture": [every input line that is page furniture]}):

- furniture left: furniture lines that are still whole lines of the draft (``CleanDocument.text``);
- body lines lost: gold lines that are not whole lines of the draft;
- title right: ``doc.title`` is the gold's first line;
- date right: ``doc.date`` is the document's own date, on the documents that state one. The date is
  ``gold_clean/meta.jsonl``'s {"doc", "date"} when given, else the date of the gold's subtitle or
  date line under its title (——2026年2月3日在…会议上, （二〇二六年一月二十七日）).

    python bench/eval_portal.py corpora/provincial2026 tests/fixtures/portal [--show] [--json]

Exit status 1 when a directory has no gold.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

from policydocs.clean import clean  # noqa: E402

INPUTS = (".txt", ".html", ".htm", ".shtml")
_CN = "〇○零一二三四五六七八九十"
# the gold's own date line: a line under the title holding a full date and, if anything, 在…上
_GOLD_DATE = re.compile(rf"^[—\-（(]*\s*((?:19|20)\d{{2}}|[{_CN}]{{4}})年(\d{{1,2}}|[{_CN}]{{1,3}})月(\d{{1,2}}|[{_CN}]{{1,3}})日"
                        r"(?:\s*(?:在|于).*上\S{0,4})?\s*[)）]?$")


def _cn(text: str) -> int:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def gold_date(lines: list[str]) -> str | None:
    for line in lines[1:6]:
        m = _GOLD_DATE.match(line.strip())
        if m:
            y, mo, d = (_cn(g) for g in m.groups())
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


@dataclass
class PageScore:
    doc: str
    furniture: int
    furniture_left: list[str] = field(default_factory=list)
    body_lines: int = 0
    body_lost: list[str] = field(default_factory=list)
    title: str | None = None
    title_gold: str | None = None
    date: str | None = None
    date_gold: str | None = None
    page_date: str | None = None
    error: str | None = None

    @property
    def title_right(self) -> bool:
        return self.title == self.title_gold

    @property
    def date_right(self) -> bool | None:
        return None if self.date_gold is None else self.date == self.date_gold


def _jsonl(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    return {row["doc"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}


def score_dir(folder: Path) -> list[PageScore]:
    gold_dir = folder / "gold_clean"
    if not gold_dir.is_dir():
        raise SystemExit(f"{folder}: no gold_clean/ directory")
    furniture = _jsonl(gold_dir / "furniture.jsonl")
    meta = _jsonl(gold_dir / "meta.jsonl")
    scores = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in INPUTS and not p.name.endswith(".meta.json")):
        gold_path = gold_dir / f"{path.stem}.txt"
        if not gold_path.is_file():
            continue
        gold = [line.strip() for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        wanted = furniture.get(path.stem, {}).get("furniture", [])
        row = meta.get(path.stem, {})
        score = PageScore(path.stem, len(wanted), body_lines=len(gold), title_gold=row.get("title", gold[0]),
                          date_gold=row["date"] if "date" in row else gold_date(gold))
        sidecar = path.with_name(f"{path.stem}.meta.json")
        url = json.loads(sidecar.read_text(encoding="utf-8")).get("url") if sidecar.is_file() else None
        try:
            doc = clean(path, url=url)
        except Exception as exc:  # one bad page must not stop the evaluation
            score.error = f"{type(exc).__name__}: {exc}"
            score.body_lost = gold
            scores.append(score)
            continue
        lines = {line.strip() for line in doc.text.splitlines()}
        score.furniture_left = [line for line in wanted if line.strip() in lines]
        score.body_lost = [line for line in gold if line not in lines]
        score.title, score.date = doc.title, doc.date
        score.page_date = getattr(doc, "page_date", None)  # (older versions: no page date)
        scores.append(score)
    return scores


def summary(scores: list[PageScore]) -> dict:
    furniture = sum(s.furniture for s in scores)
    left = sum(len(s.furniture_left) for s in scores)
    dated = [s for s in scores if s.date_right is not None]
    return {
        "pages": len(scores),
        "furniture_lines": furniture,
        "furniture_left": left,
        "furniture_left_pct": round(100 * left / furniture, 1) if furniture else 0.0,
        "body_lines": sum(s.body_lines for s in scores),
        "body_lines_lost": sum(len(s.body_lost) for s in scores),
        "title_right": sum(s.title_right for s in scores),
        "date_right": sum(bool(s.date_right) for s in dated),
        "dated_pages": len(dated),
        "errors": sum(1 for s in scores if s.error),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true", help="list the furniture left and the lines lost")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    scores = [s for folder in args.dirs for s in score_dir(folder)]
    if not scores:
        print("no page with a gold found", file=sys.stderr)
        return 1
    total = summary(scores)
    if args.json:
        print(json.dumps({"total": total, "pages": [asdict(s) for s in scores]}, ensure_ascii=False, indent=2))
        return 0
    print("| page | furniture left | body lines lost | title | date (page date) |")
    print("|---|---:|---:|---|---|")
    for s in scores:
        date = "—" if s.date_right is None else ("ok" if s.date_right else f"{s.date} ≠ {s.date_gold}")
        title = "ok" if s.title_right else f"{s.title!r} ≠ {s.title_gold!r}"
        print(f"| {s.doc} | {len(s.furniture_left)}/{s.furniture} | {len(s.body_lost)}/{s.body_lines} | {title} | "
              f"{date} ({s.page_date or '—'}) |" + (f" ERROR {s.error}" if s.error else ""))
        if args.show:
            for line in s.furniture_left:
                print(f"    left: {line}")
            for line in s.body_lost:
                print(f"    lost: {line[:80]}")
    print(f"\nfurniture left {total['furniture_left']}/{total['furniture_lines']} ({total['furniture_left_pct']} %), "
          f"body lines lost {total['body_lines_lost']}/{total['body_lines']}, "
          f"title right {total['title_right']}/{total['pages']}, "
          f"date right {total['date_right']}/{total['dated_pages']}"
          + (f", errors {total['errors']}" if total["errors"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
