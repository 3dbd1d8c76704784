"""Score predicted links (``export links`` output) against gold links (docs/linking.md).

A predicted target matches a gold target, and a predicted actual a gold actual, by the statement
matching rule of docs/statements.md (same doc, value, unit, overlapping text; the gold records
may leave out ``kind``: they are a target and an actual). Matching of targets is one-to-one,
greedy in gold order; among several matching predictions the one with the closest text wins
(国内生产总值增长6.5%－7% is not 经济年均增长保持在6.5%以上, though both hold 增长6.5%).

    link precision   correct predicted links / predicted links whose target is a gold target
    link recall      correct predicted links / gold targets with an actual
    status accuracy  over gold targets matched by a predicted target; when the prediction was
                     exported as of another day than the gold line's ``as_of``, its status is
                     recomputed as of the gold day from the two records
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from policydocs.extract.evaluate import _overlap, _same_figure, read_jsonl


@dataclass
class LinkScore:
    gold_targets: int
    gold_links: int  # gold targets with an actual
    matched_targets: int  # gold targets found among the predicted targets
    predicted_links: int  # predicted links whose target is a gold target
    correct_links: int
    precision: float
    recall: float
    status_accuracy: float
    errors: list[dict] = field(default_factory=list)  # one per wrong link or status, to read

    def to_dict(self) -> dict:
        return asdict(self)


def _same(g: dict | None, p: dict | None) -> bool:
    if not g or not p:
        return False
    return _same_figure(g, p) and _overlap(g, p, {})


def _closeness(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _status_as_of(line: dict, day: str) -> str:
    if line.get("as_of") in (None, day):
        return line.get("status")
    from policydocs.link.status import status

    return status(line["target"], line.get("actual"), day, reviewed=bool(line.get("review")))[0]


def evaluate_links(gold: list[dict], pred: list[dict]) -> LinkScore:
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        # of the predictions that match, the one whose text is closest (exact text first)
        options = [(_closeness(g["target"]["text"], p["target"]["text"]), pi) for pi, p in enumerate(pred)
                   if pi not in used and p["target"].get("kind", "target") == "target" and _same(g["target"], p["target"])]
        if options:
            pi = max(options)[1]
            used.add(pi)
            pairs.append((gi, pi))
    gold_links = sum(1 for g in gold if g.get("actual"))
    predicted = correct = status_ok = 0
    errors = []
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        ga, pa = g.get("actual"), p.get("actual")
        if pa:
            predicted += 1
        ok_link = _same(ga, pa) if pa else not ga
        if pa and ok_link:
            correct += 1
        want = g.get("status")
        got = _status_as_of(p, g.get("as_of") or p.get("as_of"))
        status_ok += want == got
        if not ok_link or want != got:
            errors.append({"target": g["target"]["text"], "doc": g["target"]["doc"],
                           "gold_actual": ga and ga["text"], "pred_actual": pa and pa["text"],
                           "gold_status": want, "pred_status": got})
    matched_gold = {gi for gi, _ in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            errors.append({"target": g["target"]["text"], "doc": g["target"]["doc"], "missing": "target not predicted"})
    return LinkScore(
        gold_targets=len(gold), gold_links=gold_links, matched_targets=len(pairs), predicted_links=predicted,
        correct_links=correct, precision=correct / predicted if predicted else 0.0,
        recall=correct / gold_links if gold_links else 0.0,
        status_accuracy=status_ok / len(pairs) if pairs else 0.0, errors=errors)


def evaluate_files(gold_path, pred_path) -> LinkScore:
    return evaluate_links(read_jsonl(gold_path), read_jsonl(pred_path))
