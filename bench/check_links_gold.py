"""Check corpora/gold/links.jsonl against the texts and the linking rules (docs/linking.md).

    python bench/check_links_gold.py [corpora/gold/links.jsonl] [--texts corpora/govreport]

For every line:

* the target's (and actual's) ``text`` is a verbatim substring of the cleaned text of its ``doc``
  (``policydocs.clean(corpora/govreport/<doc>.txt).text``), and the target sits in a 主要预期目标
  paragraph or in a fiscal/monetary policy paragraph of the same report;
* ``value`` (and ``value_max``) is a figure read in that text by ``find_quantities``, with the
  same unit (the figure as written: 1000万人 → 10000000 人);
* years are consecutive: the target's deadline is the end of its report's year, the actual comes
  from the next year's report and reports that year (``period``);
* ``status`` is what the rules give as of ``as_of`` (direction from the comparator and
  ``extractors/lexicons/directions.toml``; the ~ tolerance read both ways the contract allows, and
  a line whose status depends on the reading is reported).

Prints one line per problem and a per-year summary; exit status 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATUSES = ("已完成", "未完成", "进展中", "逾期未报", "未到期")


@lru_cache(maxsize=None)
def cleaned(texts: Path, doc: str) -> str:
    import policydocs

    return policydocs.clean(str(texts / f"{doc}.txt")).text


@lru_cache(maxsize=1)
def directions() -> dict:
    with open(ROOT / "extractors" / "lexicons" / "directions.toml", "rb") as fh:
        return tomllib.load(fh)


def _head_word(text: str, words: list[str]) -> tuple[int, int] | None:
    """(end, length) of the word that ends last in ``text`` (longest among those), or None."""
    best = None
    for w in words:
        for m in re.finditer(re.escape(w), text):
            key = (m.end(), len(w))
            if best is None or key > best:
                best = key
    return best


def direction(target: dict) -> str:
    """up | down for a target, by the rules written in directions.toml."""
    lex = directions()
    clause, value_at = target["text"], _figure_at(target)
    before = clause[:value_at]
    red = lex["reduction"]
    verb = next((v for v in sorted(red["verbs"], key=len, reverse=True)
                 if re.search(re.escape(v) + r"(?:[了约近]|控制在)?$", before)), None)
    if verb:
        return "up"  # the figure is an amount of decrease
    if target["comparator"] in ("<=", "<"):
        return "down"
    if target["comparator"] in (">=", ">"):
        return "up"
    for text in (target.get("indicator") or "", clause):
        down = _head_word(text, lex["down"]["words"])
        up = _head_word(text, lex["up"]["words"])
        if down or up:
            return "down" if (down or (-1, 0)) > (up or (-1, 0)) else "up"
    return "up"


def _figure_at(record: dict) -> int:
    """Offset of the record's figure in its clause (first digit of the value as written)."""
    m = re.search(r"[0-9０-９]", record["text"])
    return m.start() if m else len(record["text"])


def tolerances(value: float) -> tuple[float, ...]:
    """Readings of the ~ tolerance: 0.1 × value, the unit of the last written digit, and the one
    policydocs.link.status uses (max(2% of the value, the last written decimal's unit))."""
    d = Decimal(str(value)).normalize()
    exponent = d.as_tuple().exponent
    last_digit = float(Decimal(1).scaleb(min(exponent, 0) if exponent <= 0 else 0))
    return abs(value) * 0.1, last_digit, max(abs(value) * 0.02, last_digit if exponent < 0 else 0.0)


def meets(target: dict, actual_value: float, tol: float, dirn: str) -> bool:
    lo, hi = target["value"], target.get("value_max")
    if target["comparator"] != "~":
        tol = 0.0
    if dirn == "up":
        limit = lo - tol
        return actual_value > limit if target["comparator"] == ">" else actual_value >= limit
    limit = (hi if hi is not None else lo) + tol
    return actual_value < limit if target["comparator"] == "<" else actual_value <= limit


def status(target: dict, actual: dict | None, as_of: str, tol: float) -> str:
    due = target.get("deadline")
    passed = due is not None and due < as_of
    if actual is None:
        return "逾期未报" if passed else "未到期"
    if target.get("value") is None:
        return "进展中" if not passed else "未完成"  # a figure-less target is met only by a review
    if meets(target, actual["value"], tol, direction(target)):
        return "已完成"
    return "未完成" if passed else "进展中"


def _year(doc: str) -> int:
    return int(doc[:4])


def _values_in(text: str, clause: str) -> list[tuple[float, float | None, str | None]]:
    from policydocs.extract.numbers import find_quantities

    return [(q.value, q.value_max, q.unit) for q in find_quantities(clause, keep_skipped=False)]


_TARGET_PARAGRAPH = re.compile(r"主要预期目标|财政政策|货币政策")


def check_record(record: dict, texts: Path, where: str) -> list[str]:
    problems = []
    try:
        text = cleaned(texts, record["doc"])
    except Exception as exc:  # noqa: BLE001 - report and go on
        return [f"{where}: cannot clean {record['doc']}: {exc}"]
    k = text.find(record["text"])
    if k < 0:
        return [f"{where}: text {record['text']!r} is not in the cleaned text of {record['doc']}"]
    if where.endswith("target"):
        start = text.rfind("\n", 0, k) + 1
        end = text.find("\n", k)
        paragraph = text[start : end if end >= 0 else len(text)]
        if not _TARGET_PARAGRAPH.search(paragraph):
            problems.append(f"{where}: {record['text']!r} is not in a 主要预期目标 or fiscal/monetary paragraph")
    figures = _values_in(text, record["text"])
    unit = record.get("unit")
    if not any(v == record["value"] and (u or None) == (unit or None)
               and (record.get("value_max") is None or vmax == record.get("value_max")) for v, vmax, u in figures):
        problems.append(f"{where}: value {record['value']} {unit} (max {record.get('value_max')}) is not a figure of "
                        f"{record['text']!r}: {figures}")
    # the subject may come from the clause before (国内生产总值达到74.4万亿元，增长6.7%)
    sentence_start = max(text.rfind(mark, 0, k) for mark in "。；\n") + 1
    if record.get("indicator") and not _indicator_from_text(record["indicator"], text[sentence_start : k + len(record["text"])]):
        problems.append(f"{where}: indicator {record['indicator']!r} is not made of words of its sentence")
    return problems


def _indicator_from_text(indicator: str, clause: str) -> bool:
    """Every character of the indicator occurs in the clause, in order (noise words may be dropped)."""
    it = iter(clause)
    return all(ch in it for ch in indicator)


def check(lines: list[dict], texts: Path) -> tuple[list[str], Counter, Counter]:
    problems: list[str] = []
    per_year, with_actual = Counter(), Counter()
    seen = set()
    for n, line in enumerate(lines, 1):
        t, a = line.get("target"), line.get("actual")
        if not t:
            problems.append(f"line {n}: no target")
            continue
        key = (t["doc"], t["text"], t["value"])
        if key in seen:
            problems.append(f"line {n}: target labelled twice: {key}")
        seen.add(key)
        year = _year(t["doc"])
        per_year[year] += 1
        problems += check_record(t, texts, f"line {n} target")
        if t.get("deadline") != f"{year}-12-31":
            problems.append(f"line {n}: deadline {t.get('deadline')} is not the end of the report's year {year}")
        if a is not None:
            with_actual[year] += 1
            problems += check_record(a, texts, f"line {n} actual")
            if _year(a["doc"]) != year + 1:
                problems.append(f"line {n}: actual from {a['doc']} is not the next year's report")
            if a.get("period") != str(year):
                problems.append(f"line {n}: actual period {a.get('period')} is not the target's year {year}")
        if line.get("status") not in STATUSES:
            problems.append(f"line {n}: unknown status {line.get('status')!r}")
            continue
        as_of = line.get("as_of")
        if not as_of:
            problems.append(f"line {n}: no as_of")
            continue
        readings = {status(t, a, as_of, tol) for tol in tolerances(t["value"])} if t.get("value") is not None \
            else {status(t, a, as_of, 0.0)}
        if len(readings) > 1:
            problems.append(f"line {n}: status depends on the ~ tolerance reading: {sorted(readings)}")
        elif line["status"] not in readings:
            problems.append(f"line {n}: status {line['status']} but the rules give {readings.pop()} "
                            f"({t['text']} → {a['text'] if a else None}, direction {direction(t)})")
    return problems, per_year, with_actual


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", default=str(ROOT / "corpora" / "gold" / "links.jsonl"))
    ap.add_argument("--texts", default=str(ROOT / "corpora" / "govreport"))
    args = ap.parse_args(argv)
    with open(args.gold, encoding="utf-8") as fh:
        lines = [json.loads(x) for x in fh if x.strip()]
    problems, per_year, with_actual = check(lines, Path(args.texts))
    for p in problems:
        print(p)
    statuses = Counter(line.get("status") for line in lines)
    print(f"{len(lines)} targets, {sum(with_actual.values())} with an actual; "
          + ", ".join(f"{y}: {per_year[y]}/{with_actual[y]}" for y in sorted(per_year))
          + " (targets/with actual)")
    print("statuses: " + ", ".join(f"{s} {statuses[s]}" for s in STATUSES if statuses[s]))
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
