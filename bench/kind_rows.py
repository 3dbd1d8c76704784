"""Turn hand-written documents into kind training rows (extractors/training/kind*.jsonl).

Each document is run through the extractor exactly as ingest runs it, and every clause the kind
classifier is asked about becomes a row; its label comes from the top-level heading above it,
by the rules given on the command line (first match wins), so write the documents so that each
top-level section holds one kind. Prints the current model's accuracy on the rows too: run it
before adding the rows to see what the model gets wrong.

    python bench/kind_rows.py DOC.txt... --rule 成效=actual --rule 情况=actual --rule 问题=actual \\
        --rule 计划=target --source summaries > extractors/training/kind_summaries.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policydocs.acquire import load
from policydocs.extract import kind as kind_module
from policydocs.pipeline import process_raw


def rows_of(path: Path, rules: list[tuple[str, str]], source: str) -> list[dict]:
    asked = []
    original = kind_module.classify_many

    def capture(ctxs):
        ctxs = list(ctxs)
        asked.extend(ctxs)
        return original(ctxs)

    kind_module.classify_many = capture
    try:
        import policydocs.extract as extract_module

        saved = getattr(extract_module, "classify_many", None)
        if saved is not None:
            extract_module.classify_many = capture
        process_raw(load(path))
    finally:
        kind_module.classify_many = original
        if saved is not None:
            extract_module.classify_many = saved
    out = []
    for ctx in asked:
        top = ctx.section_path[0] if ctx.section_path else ""
        label = next((lab for word, lab in rules if word in top), None)
        if label is None:
            continue
        out.append({"clause": ctx.clause, "sentence": ctx.sentence, "section_path": ctx.section_path,
                    "paragraph_opener": ctx.paragraph_opener, "doc_year": ctx.doc_year,
                    "clause_years": ctx.clause_years, "quantity_text": ctx.quantity_text, "label": label,
                    "source": f"{source}#{path.stem}"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", nargs="+", type=Path)
    ap.add_argument("--rule", action="append", default=[], help="WORD=LABEL for the top-level heading")
    ap.add_argument("--source", default="local")
    args = ap.parse_args()
    rules = [tuple(r.split("=", 1)) for r in args.rule]
    rows = [row for doc in args.docs for row in rows_of(doc, rules, args.source)]
    predicted = kind_module.classify_many([kind_module.row_context(r) for r in rows])
    wrong = [(r, p) for r, (p, _) in zip(rows, predicted) if p != r["label"]]
    print(f"{len(rows)} rows; the current model gets {len(rows) - len(wrong)} right", file=sys.stderr)
    for r, p in wrong:
        print(f"  {r['label']} read as {p}: {r['clause']}  [{' › '.join(r['section_path'])}]", file=sys.stderr)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
