"""Evaluate the target/actual/none classifier (policydocs.extract.kind).

    python bench/eval_kind.py [--folds 5] [--seeds 3] [--errors] [--cv-errors] [--C 1.0] [--ngram-weight 0.6]

1. Cross-validated accuracy on the training set (extractors/training/kind*.jsonl), folds grouped
   by source document so that sentences of one document never sit on both sides.
2. Accuracy on the gold statements (corpora/gold/statements.jsonl), of a model trained here (with
   --C and --ngram-weight if given) and of the weights extraction reads: each record's ``text`` is the
   clause; its sentence, section path and paragraph opener are found in corpora/gold/<doc>.clean.txt,
   doc_year comes from <doc>.meta.json. Gold has no "none": a "none" prediction counts as wrong.

The gold set is held out: use it to measure, never to write training sentences or rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policydocs.extract.kind import LABELS, KindContext, classify_many, load_training, row_context, train  # noqa: E402
from policydocs.extract.numbers import find_quantities  # noqa: E402
from policydocs.segment import segment  # noqa: E402

GOLD = ROOT / "corpora" / "gold"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")


def confusion(gold: list[str], pred: list[str], labels=LABELS) -> str:
    c = Counter(zip(gold, pred))
    w = 8
    lines = ["gold \\ pred".ljust(12) + "".join(p.rjust(w) for p in labels)]
    for g in labels:
        if any(c[(g, p)] for p in labels):
            lines.append(g.ljust(12) + "".join(str(c[(g, p)]).rjust(w) for p in labels))
    return "\n".join(lines)


def cross_validate(rows: list[dict], folds: int, seed: int = 0,
                   **params) -> tuple[float, list[str], list[str]]:
    """Accuracy of out-of-fold predictions; folds grouped by source document."""
    from sklearn.model_selection import StratifiedGroupKFold

    y = [r["label"] for r in rows]
    groups = [r.get("source") or r["sentence"] for r in rows]
    pred = [""] * len(rows)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for tr, te in splitter.split(rows, y, groups):
        model = train([rows[i] for i in tr], **params)
        for i, (label, _) in zip(te, model.classify([row_context(rows[i]) for i in te])):
            pred[i] = label
    acc = sum(a == b for a, b in zip(y, pred)) / len(y)
    return acc, y, pred


def _ta_accuracy(gold: list[str], pred: list[str]) -> float:
    """Accuracy on the rows labelled target/actual (as on the gold set, where "none" is absent)."""
    pairs = [(g, p) for g, p in zip(gold, pred) if g != "none"]
    return sum(g == p for g, p in pairs) / max(1, len(pairs))


def _quantity_text(clause: str, value) -> str:
    qs = find_quantities(clause, keep_skipped=False)
    for q in qs:
        if value is not None and q.value == value:
            return clause[q.start:q.end]
    return clause[qs[0].start:qs[0].end] if qs else ""


def gold_contexts() -> list[tuple[dict, KindContext]]:
    docs: dict[str, tuple[str, dict, object]] = {}
    out = []
    for line in (GOLD / "statements.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        doc = rec["doc"]
        if doc not in docs:
            text = (GOLD / f"{doc}.clean.txt").read_text(encoding="utf-8")
            meta = json.loads((GOLD / f"{doc}.meta.json").read_text(encoding="utf-8"))
            docs[doc] = (text, meta, segment(text))
        text, meta, seg = docs[doc]
        clause = rec["text"]
        at = text.find(clause)
        sent = seg.sentence_at(at) if at >= 0 else None
        sentence = sent.text if sent else clause
        if sent and not (sent.start <= at and at + len(clause) <= sent.end):
            # the clause crosses a sentence boundary: use the text from the sentence start
            sentence = text[sent.start:max(sent.end, at + len(clause))]
        line_start = text.rfind("\n", 0, max(at, 0)) + 1
        ctx = KindContext(
            clause=clause, sentence=sentence,
            section_path=list(sent.section_path) if sent else (seg.section_path(at) if at >= 0 else []),
            paragraph_opener=text[line_start:line_start + 20] if at >= 0 else "",
            doc_year=meta.get("year"),
            clause_years=sorted({int(y) for y in _YEAR.findall(sentence)}),
            quantity_text=_quantity_text(clause, rec.get("value")),
        )
        out.append((rec, ctx))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=3, help="shuffles of the grouped folds")
    ap.add_argument("--errors", action="store_true", help="list the misclassified gold clauses")
    ap.add_argument("--cv-errors", action="store_true", help="list the misclassified training clauses")
    ap.add_argument("--C", type=float, default=None)
    ap.add_argument("--ngram-weight", type=float, default=None)
    args = ap.parse_args(argv)
    params = {k: v for k, v in (("C", args.C), ("ngram_weight", args.ngram_weight)) if v is not None}

    rows = load_training()
    print(f"training rows: {len(rows)}  {dict(Counter(r['label'] for r in rows))}"
          f"  from {len({r.get('source') for r in rows})} source documents")
    t0 = time.perf_counter()
    train(rows[:60], **params)  # imports scikit-learn/scipy
    t1 = time.perf_counter()
    model = train(rows, **params)
    t2 = time.perf_counter()
    print(f"import: {t1 - t0:.2f}s   training: {t2 - t1:.2f}s")

    accs = []
    for seed in range(args.seeds):
        acc, y, pred = cross_validate(rows, args.folds, seed, **params)
        accs.append(acc)
        if seed == 0:
            y0, pred0 = y, pred
    mean = sum(accs) / len(accs)
    print(f"\n{args.folds}-fold cross-validated accuracy, folds grouped by source document "
          f"({args.seeds} shuffles): {mean:.3f}  [{', '.join(f'{a:.3f}' for a in accs)}]")
    print(f"  on target/actual rows only: {_ta_accuracy(y0, pred0):.3f} (first shuffle)")
    print(confusion(y0, pred0))
    if args.cv_errors:
        for r, p in zip(rows, pred0):
            if p != r["label"]:
                print(f"  {r['label']:>6} → {p:<6} {r['clause']}  ‖ {r['sentence'][:60]}")

    pairs = gold_contexts()
    results = model.classify([c for _, c in pairs])
    g = [r["kind"] for r, _ in pairs]
    p = [label for label, _ in results]
    gacc = sum(a == b for a, b in zip(g, p)) / len(g)
    print(f"\ngold accuracy: {gacc:.3f} ({sum(a == b for a, b in zip(g, p))}/{len(g)})")
    shipped = [label for label, _ in classify_many([c for _, c in pairs])]  # the weights extraction reads
    print(f"  with the shipped weights (extractors/models/kind.json):"
          f" {sum(a == b for a, b in zip(g, shipped))}/{len(g)}")
    print(confusion(g, p))
    by_doc: dict[str, list[bool]] = {}
    for (rec, _), label in zip(pairs, p):
        by_doc.setdefault(rec["doc"], []).append(rec["kind"] == label)
    for doc, ok in sorted(by_doc.items()):
        print(f"  {doc}: {sum(ok)}/{len(ok)}")
    if args.errors:
        for (rec, ctx), (label, prob) in zip(pairs, results):
            if label != rec["kind"]:
                print(f"  {rec['kind']:>6} → {label:<6} {prob:.2f}  {ctx.clause}  ‖ {ctx.sentence[:70]}"
                      f"  ‖ {ctx.section_path[-1:] if ctx.section_path else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
