"""Extraction quality on every gold set in one table: the seeds, the passages of the provincial
reports, whole documents (every target) and local documents (every target and actual).

    python bench/eval_documents.py            # the table
    python bench/eval_documents.py --errors whole   # and the misses and false rows of one set

Each set is ingested into a fresh database and scored with ``policydocs eval extract``'s rule.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
C = ROOT / "corpora"

# name → (inputs, gold, texts, kind scored)
SETS = {
    "seeds": ([C / "seeds"], C / "gold" / "statements.jsonl", C / "gold", None),
    "passages": ([C / "provincial2026"], C / "provincial2026" / "statements_gold.jsonl", C / "provincial2026" / "gold_clean", None),
    "whole": ([C / "govreport" / "2016_国务院政府工作报告.txt", C / "govreport" / "2018_国务院政府工作报告.txt",
               C / "provincial2026" / "2026_江苏省_政府工作报告.txt", C / "provincial2026" / "2026_黑龙江省_政府工作报告.txt",
               C / "provincial2026" / "2026_湖南省_政府工作报告.txt", C / "provincial2026" / "2026_贵州省_政府工作报告.txt"],
              C / "gold" / "whole", C / "gold" / "whole", "target"),
    "local": ([C / "local"], C / "gold" / "local", C / "local", None),
    # labelled after the rules were tuned on the sets above; scored once before any change for them
    "heldout": ([C / "govreport" / "2017_国务院政府工作报告.txt", C / "provincial2026" / "2026_广西壮族自治区_政府工作报告.txt",
                 C / "provincial2026" / "2026_湖北省_政府工作报告.txt"],
                C / "gold" / "heldout", C / "gold" / "heldout", "target"),
    # a second held-out set, labelled after the fixes the first prompted; scored once before any change
    "heldout2": ([C / "govreport" / "2015_国务院政府工作报告.txt", C / "provincial2026" / "2026_上海市_政府工作报告.txt",
                  C / "provincial2026" / "2026_新疆维吾尔自治区_政府工作报告.txt"],
                 C / "gold" / "heldout2", C / "gold" / "heldout2", "target"),
    # a third, labelled after the second set's fixes; scored once before any change
    "heldout3": ([C / "govreport" / "2019_国务院政府工作报告.txt", C / "provincial2026" / "2026_海南省_政府工作报告.txt",
                  C / "provincial2026" / "2026_西藏自治区_政府工作报告.txt"],
                 C / "gold" / "heldout3", C / "gold" / "heldout3", "target"),
}


def predictions(inputs: list[Path], tmp: Path) -> list[dict]:
    from policydocs.batch import ingest
    from policydocs.store import export_statements

    db = tmp / "eval.db"
    ingest(inputs, db=db, progress=False, link=False)
    out = tmp / "pred.jsonl"
    export_statements(db, out)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def scope(records: list[dict], name: str) -> list[dict]:
    """The passages gold scores only the paragraphs it labelled (statements_scope.jsonl)."""
    if name != "passages":
        return records
    scopes = [json.loads(x) for x in (C / "provincial2026" / "statements_scope.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    keep = {(s["doc"], s["paragraph"]) for s in scopes}
    by_doc: dict[str, list[str]] = {}
    for doc, paragraph in keep:
        by_doc.setdefault(doc, []).append(paragraph)
    return [r for r in records if any(r["text"] in p for p in by_doc.get(r["doc"], ()))]


def main(argv=None) -> int:
    from policydocs.extract.evaluate import _match, evaluate_extract, load_texts, read_gold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=list(SETS))
    parser.add_argument("--errors", metavar="SET", help="list the misses and false rows of this set")
    args = parser.parse_args(argv)
    print("| set | gold | predicted | precision | recall | F1 | kind | deadline | indicator | responsible |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in args.sets:
        inputs, gold_path, texts_dir, kind = SETS[name]
        with tempfile.TemporaryDirectory() as tmp:
            pred = scope(predictions(inputs, Path(tmp)), name)
        gold, texts = read_gold(gold_path), load_texts(texts_dir)
        s = evaluate_extract(gold, pred, texts, kind=kind)
        f = s.fields
        print(f"| {name} | {s.gold} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |"
              f" {s.kind_accuracy:.3f} | {f.get('deadline', 0):.3f} | {f.get('indicator', 0):.3f} |"
              f" {f.get('responsible', 0):.3f} |")
        if args.errors == name:
            g = [r for r in gold if not kind or r["kind"] == kind]
            p = [r for r in pred if not kind or r["kind"] == kind]
            pairs = _match(g, p, texts, with_kind=True)
            mg, mp = {a for a, _ in pairs}, {b for _, b in pairs}
            for label, rows, seen in (("FALSE", p, mp), ("MISSED", g, mg)):
                for i, r in enumerate(rows):
                    if i not in seen:
                        print(f"{label}\t{r['doc'][:12]}\t{r['kind']}\t{r['value']}{r['unit'] or ''}\t{r.get('deadline')}"
                              f"\t{r['indicator']}\t{r['text'][:70]}", file=sys.stderr)
            for a, b in pairs:
                for field in ("deadline", "kind"):
                    if g[a].get(field) != p[b].get(field):
                        print(f"WRONG-{field}\t{g[a].get(field)}\t{p[b].get(field)}\t{g[a]['text'][:60]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
