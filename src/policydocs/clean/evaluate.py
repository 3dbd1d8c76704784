"""Score cleaned text against gold: character precision/recall/F1 and the gold metadata.

Characters are compared after NFKC with all whitespace removed, as the longest common
subsequence (difflib's matching blocks), so order matters: a paragraph kept in the wrong place
or a duplicated block costs precision.

Two layouts of gold: ``<stem>.clean.txt`` (+ ``<stem>.meta.json``) beside or apart from the
inputs (``evaluate_clean``), and a corpus of web pages (``evaluate_pages``, ``corpora/web``):
``original/<id>.html``, the main text as a person copied it in ``cleaned/<id>.txt``, and the
page's date and authors in ``date/<id>.txt`` and ``author/<id>.txt``.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_WS = re.compile(r"\s+")
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".pdf", ".docx")


def normalise(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def char_scores(pred: str, gold: str) -> tuple[float, float, float]:
    p_text, g_text = normalise(pred), normalise(gold)
    if not p_text or not g_text:
        return (1.0, 1.0, 1.0) if p_text == g_text else (0.0, 0.0, 0.0)
    matcher = difflib.SequenceMatcher(None, p_text, g_text, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    precision, recall = common / len(p_text), common / len(g_text)
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


@dataclass
class DocScore:
    name: str
    precision: float
    recall: float
    f1: float
    checks: dict = field(default_factory=dict)  # metadata checks against *.meta.json
    error: str | None = None
    matches: dict = field(default_factory=dict)  # metadata right or wrong (web pages: date, author)


def _find_prediction(stem: str, pred_dir: Path, gold_dir: Path) -> tuple[Path | None, bool]:
    """(path, is_prediction): a ``<stem>.clean.txt`` is a prediction; any other input is cleaned.

    When inputs sit beside their gold (one directory for both), the inputs are cleaned.
    """
    done = pred_dir / f"{stem}.clean.txt"
    if done.is_file() and pred_dir.resolve() != gold_dir.resolve():
        return done, True
    for suffix in INPUT_SUFFIXES:
        candidate = pred_dir / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate, False
    return None, False


def _meta_checks(doc, meta: dict) -> dict:
    checks: dict = {}
    if "title" in meta:
        checks["title"] = (doc.title or None) == meta["title"]
    gold_gaps = meta.get("gaps") or []
    if doc is not None:
        found = 0
        for gap in gold_gaps:
            if any(g.omitted_chars == gap.get("omitted_chars") and normalise(gap["after"]).endswith(normalise(g.after)[-5:])
                   for g in doc.gaps):
                found += 1
        checks["gaps"] = f"{found}/{len(gold_gaps)} (found {len(doc.gaps)})"
        wanted = meta.get("placeholders") or []
        offsets = [f.offset for f in doc.flags if f.kind == "placeholder"]
        hit = sum(1 for p in wanted if _flagged_in(doc.text, p, offsets))
        checks["placeholders"] = f"{hit}/{len(wanted)} (flagged {len(offsets)})"
        damage = meta.get("encoding_damage") or []
        repaired = [f for f in doc.flags if f.kind.startswith("encoding") or "title tail lost" in f.detail]
        checks["encoding"] = f"{len(repaired)} flagged (gold lists {len(damage)})"
    return checks


def _flagged_in(text: str, phrase: str, offsets: list[int]) -> bool:
    """Whether a placeholder flag falls inside some occurrence of the gold phrase."""
    start = text.find(phrase)
    while start >= 0:
        if any(start <= o < start + len(phrase) for o in offsets):
            return True
        start = text.find(phrase, start + 1)
    return False


def evaluate_clean(gold_dir: str | Path, pred_dir: str | Path, **clean_options) -> list[DocScore]:
    """Score every ``<stem>.clean.txt`` in gold_dir against pred_dir (predictions or inputs)."""
    from policydocs.clean import clean

    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    scores = []
    for gold_path in sorted(gold_dir.glob("*.clean.txt")):
        stem = gold_path.name[: -len(".clean.txt")]
        gold = gold_path.read_text(encoding="utf-8")
        meta_path = gold_dir / f"{stem}.meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        path, is_prediction = _find_prediction(stem, pred_dir, gold_dir)
        if path is None:
            scores.append(DocScore(stem, 0.0, 0.0, 0.0, error="no prediction or input found"))
            continue
        doc = None
        try:
            if is_prediction:
                pred = path.read_text(encoding="utf-8")
            else:
                doc = clean(path, **clean_options)
                pred = doc.text
        except Exception as exc:  # one bad file must not stop the evaluation
            scores.append(DocScore(stem, 0.0, 0.0, 0.0, error=str(exc)))
            continue
        p, r, f = char_scores(pred, gold)
        scores.append(DocScore(stem, p, r, f, checks=_meta_checks(doc, meta) if doc else {}))
    return scores


# --- a corpus of web pages (corpora/web) -----------------------------------------------------

_GOLD_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")  # 2005-8-12 16:12:21, 2003-5, 2018


def is_page_corpus(path: str | Path) -> bool:
    """Whether ``path`` is laid out as a corpus of web pages (``cleaned/`` and ``original/``)."""
    path = Path(path)
    return (path / "cleaned").is_dir() and (path / "original").is_dir()


def date_matches(predicted: str | None, gold: str) -> bool:
    """The predicted ISO date against a gold date that gives what the page gives (``UNKNOWN``:
    none; ``2018``: the year; ``2005-8-12 16:12``: the day): the fields the gold has must agree."""
    gold = gold.strip()
    m = _GOLD_DATE.match(gold)
    if gold.upper() == "UNKNOWN" or not m:
        return predicted is None
    if not predicted:
        return False
    have = [int(x) for x in predicted.split("-")]
    want = [int(x) for x in m.groups() if x is not None]
    return have[: len(want)] == want


def author_matches(predicted: str | None, gold: str) -> bool:
    """The predicted authors against the gold ones, spaces ignored (``UNKNOWN``: none)."""
    gold = gold.strip()
    if gold.upper() == "UNKNOWN" or not gold:
        return not predicted
    return bool(predicted) and "".join(predicted.split()) == "".join(gold.split())


def _read_gold(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip() if path.is_file() else "UNKNOWN"


def evaluate_pages(corpus_dir: str | Path, inputs_dir: str | Path | None = None, **clean_options) -> list[DocScore]:
    """Score the cleaner on a corpus of web pages: the draft's body (its title line left out, as
    the gold is the main text without the header) against ``cleaned/<id>.txt``, and its date and
    author (``doc.meta["author"]``) against ``date/`` and ``author/``. Inputs are
    ``original/<id>.*`` unless ``inputs_dir`` is given."""
    from policydocs.clean import clean

    corpus = Path(corpus_dir)
    inputs = Path(inputs_dir) if inputs_dir else corpus / "original"
    scores = []
    for gold_path in sorted((corpus / "cleaned").glob("*.txt")):
        stem = gold_path.stem
        gold = gold_path.read_text(encoding="utf-8")
        gold_date, gold_author = _read_gold(corpus / "date" / f"{stem}.txt"), _read_gold(corpus / "author" / f"{stem}.txt")
        path = next((inputs / f"{stem}{suffix}" for suffix in INPUT_SUFFIXES if (inputs / f"{stem}{suffix}").is_file()), None)
        if path is None:
            scores.append(DocScore(stem, 0.0, 0.0, 0.0, error="no input found"))
            continue
        try:
            doc = clean(path, **clean_options)
        except Exception as exc:  # one bad page must not stop the evaluation; it scores 0
            scores.append(DocScore(stem, 0.0, 0.0, 0.0, error=str(exc)))
            continue
        p, r, f = char_scores(doc.body, gold)
        author = doc.meta.get("author")
        checks = {"date": f"{doc.date or '-'} (gold {gold_date})", "author": f"{author or '-'} (gold {gold_author})"}
        matches = {"date": date_matches(doc.date, gold_date), "author": author_matches(author, gold_author)}
        scores.append(DocScore(stem, p, r, f, checks=checks, matches=matches))
    return scores
