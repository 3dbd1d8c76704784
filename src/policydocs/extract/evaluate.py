"""Score extracted statements against gold, with the spec's matching rule.

A prediction matches a gold record when both have the same ``doc``, ``kind`` and ``value``, units
equal after trimming, and overlapping ``text`` spans. Spans are located in the document text when
the records carry offsets (``start``/``end``) or a texts directory is given; otherwise two texts
overlap when one contains the other or they share a run of at least four characters. Matching is
one-to-one, greedy in gold order. Fields of matched pairs are then scored one by one; ``kind`` is
scored on pairs matched without the kind condition.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("indicator", "value_max", "comparator", "deadline", "period", "responsible", "strength", "region")


@dataclass
class ExtractScore:
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    kind_accuracy: float
    fields: dict[str, float] = field(default_factory=dict)
    per_doc: dict[str, dict] = field(default_factory=dict)


def read_jsonl(path: str | Path) -> list[dict]:
    """One record per line; ValueError naming the file and line for anything else."""
    out = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}, line {n}: not JSON ({getattr(exc, 'msg', exc)})") from None
                if not isinstance(record, dict):
                    raise ValueError(f"{path}, line {n}: a record must be a JSON object")
                out.append(record)
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    return out


def read_gold(path: str | Path) -> list[dict]:
    """A gold file, or a directory of them (every ``*.jsonl`` in it, in name order: the gold of
    whole documents is one file per document)."""
    path = Path(path)
    if path.is_dir():
        return [r for f in sorted(path.glob("*.jsonl")) for r in read_jsonl(f)]
    return read_jsonl(path)


def _span(record: dict, texts: dict[str, str]) -> tuple[int, int] | None:
    """The record's place in its document: its offsets when they point at its text in the given
    text (or no text is given), else the first place the text is found. (A prediction's offsets
    are into the tool's own clean text, which may differ from the gold's: a portal page whose
    furniture the tool kept shifts every offset after it.)"""
    text = texts.get(record["doc"])
    start, end = record.get("start"), record.get("end")
    if isinstance(start, int) and isinstance(end, int):
        if text is None or text[start:end] == record["text"]:
            return start, end
    if text is not None:
        k = text.find(record["text"])
        if k >= 0:
            return k, k + len(record["text"])
    return None


def _overlap(a: dict, b: dict, texts: dict[str, str]) -> bool:
    sa, sb = _span(a, texts), _span(b, texts)
    if sa and sb:
        return sa[0] < sb[1] and sb[0] < sa[1]
    ta, tb = a["text"], b["text"]
    if ta in tb or tb in ta:
        return True
    m = difflib.SequenceMatcher(None, ta, tb, autojunk=False).find_longest_match(0, len(ta), 0, len(tb))
    return m.size >= 4


def _same_figure(g: dict, p: dict) -> bool:
    return (g["doc"] == p["doc"] and g["value"] == p["value"]
            and (g.get("unit") or "").strip() == (p.get("unit") or "").strip())


def _match(gold: list[dict], pred: list[dict], texts: dict[str, str], with_kind: bool) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used or not _same_figure(g, p) or (with_kind and g["kind"] != p["kind"]):
                continue
            if _overlap(g, p, texts):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def _field_ok(name: str, g, p) -> bool:
    if name == "responsible":
        return sorted(g or []) == sorted(p or [])
    if name == "indicator":  # a short phrase from the text: half its characters in common
        g, p = g or "", p or ""
        if not g or not p:
            return g == p
        common = sum(b.size for b in difflib.SequenceMatcher(None, g, p, autojunk=False).get_matching_blocks())
        return 2 * common / (len(g) + len(p)) >= 0.5
    return g == p


def evaluate_extract(gold: list[dict], pred: list[dict], texts: dict[str, str] | None = None,
                     kind: str | None = None) -> ExtractScore:
    """``kind``: score only records of that kind on both sides (whole-document gold that labels
    every target, and no actual, is scored with ``kind="target"``)."""
    texts = texts or {}
    if kind:
        gold = [r for r in gold if r.get("kind") == kind]
        pred = [r for r in pred if r.get("kind") == kind]
    pairs = _match(gold, pred, texts, with_kind=True)
    loose = _match(gold, pred, texts, with_kind=False)
    kind_ok = sum(1 for gi, pi in loose if gold[gi]["kind"] == pred[pi]["kind"])
    precision = len(pairs) / len(pred) if pred else 0.0
    recall = len(pairs) / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if pairs else 0.0
    fields = {}
    matched = [(gold[gi], pred[pi]) for gi, pi in pairs]
    for name in FIELDS:
        # strength is not labelled in every gold file yet: score it where gold has it.
        scored = [(g, p) for g, p in matched if name != "strength" or g.get("strength") is not None]
        if scored:
            fields[name] = sum(_field_ok(name, g.get(name), p.get(name)) for g, p in scored) / len(scored)
    per_doc: dict[str, dict] = {}
    for doc in sorted({r["doc"] for r in gold} | {r["doc"] for r in pred}):
        g_n = sum(1 for r in gold if r["doc"] == doc)
        p_n = sum(1 for r in pred if r["doc"] == doc)
        m_n = sum(1 for gi, _ in pairs if gold[gi]["doc"] == doc)
        per_doc[doc] = {"gold": g_n, "predicted": p_n, "matched": m_n}
    return ExtractScore(len(gold), len(pred), len(pairs), precision, recall, f1,
                        kind_ok / len(loose) if loose else 0.0, fields, per_doc)


def load_texts(directory: str | Path | None) -> dict[str, str]:
    """``<doc>.clean.txt`` (or ``<doc>.txt``) files of a directory, by doc id."""
    texts: dict[str, str] = {}
    if directory is None:
        return texts
    for path in sorted(Path(directory).glob("*.txt")):
        doc = path.name.removesuffix(".clean.txt").removesuffix(".txt")
        texts.setdefault(doc, path.read_text(encoding="utf-8"))
    return texts
