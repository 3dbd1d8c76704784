"""What the kind classifier (:mod:`policydocs.extract.kind`) sees of a clause in its context.

Its weights are trained for what this module computes: :data:`FEATURES_VERSION` names it, and the
weights file records the version it was trained for.

Features (see :func:`features`):

* cue words of planning (要, 力争, 确保, 到2025年, 年底前, 控制在 …), of reporting (已, 累计, 同比,
  截至, 今年以来, 仅为 …), of "neither" (辖, 不得, 参加会议, 例如 …) and words that serve both
  (达到, 完成, 新增 …), each recorded with where it was found: the clause, the sentence before /
  after the clause, the paragraph opener;
* cues of the section headings (回顾, 成效, 存在问题 → actual; 重点任务, 下一步, 主要目标 → target),
  whether a heading opens with the cue (推进… is a task, …扎实推进 an achievement), and cue-less
  clauses paired with their headings' leaning;
* years written in the clause, the sentence, the headings and the opener, compared with the
  document year (later / same / earlier), and whether 到/至 (a deadline) or 比/较 (a base) precede;
* the mood of the sentence (opens with a directive; narrates with 了/已/截至);
* the hedges and comparators written on the figure (以上, 以内, 左右, 余 …: ``[quantity]`` of
  the cue lists) and whether it is exact
  (4+ significant digits);
* character 1–3-grams of the clause with digits folded to 0, so figures are not memorised.

The cue lists are data, ``extractors/lexicons/cues.toml``, read by :mod:`policydocs.extract.cues`
(a user's file of the same name in ``POLICYDOCS_EXTRACTORS`` shadows it; a ``cues_*.toml`` adds
entries).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from policydocs.extract.context import YEAR_WRITTEN
from policydocs.extract.cues import LABELS, CueIndex
from policydocs.extract.cues import load_cues as _cues
from policydocs.resources import extractor_files

__all__ = ["KindContext", "features", "fold_digits", "row_context", "load_training", "clear_text_caches",
           "FEATURES_VERSION", "LABELS"]

# The version of what :func:`features` makes of a clause. Bump it with any change to the features
# (names, values, what a cue matches): weights trained for another version are stale, and the
# shipped file must be trained again (``tests/test_train_kind.py`` fails until it is).
FEATURES_VERSION = 1

_YEAR_TO = re.compile(r"(?:到|至|在|于)\s*$")  # grammar: a year as a deadline (到2025年)
_YEAR_BASE = re.compile(r"(?:比|较|同|与|由|从)\s*$")  # grammar: a year as a base (比2020年)
# grammar: heading numbering (第一章, 一、, （一）, 1., ①, 一是, 首先 …)
_HEAD_MARK = re.compile(r"^\s*(?:第[一二三四五六七八九十百\d]+[章节条部分]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]"
                        r"|\d+[、．.]|[①-⑳]|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、]|首先|其次|再次|最后|——)?[\s，,：:]*")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class KindContext:
    clause: str                                          # the clause that carries the figure
    sentence: str = ""                                   # the sentence it belongs to
    section_path: list[str] = field(default_factory=list)  # headings, outermost first
    paragraph_opener: str = ""                           # the paragraph's first ~20 characters
    doc_year: int | None = None                          # the year the document speaks from
    clause_years: list[int] = field(default_factory=list)  # years written in the clause/sentence
    quantity_text: str = ""                              # the figure as written, e.g. "60%以上"


def _split(ctx: KindContext) -> tuple[str, str]:
    """The sentence before and after the clause (the whole sentence before it if not found)."""
    s, c = ctx.sentence or "", ctx.clause or ""
    i = s.find(c) if c else -1
    if i < 0:
        return s, ""
    return s[:i], s[i + len(c):]


def _years(text: str) -> list[tuple[int, str]]:
    """Years written in ``text`` with how they are used: 'to' (到2025年), 'base' (比2020年), ''."""
    out = []
    if "年" not in text:
        return out  # (every match ends in 年: most clauses name no year)
    for m in YEAR_WRITTEN.finditer(text):
        pre = text[max(0, m.start() - 3):m.start()]
        how = "to" if _YEAR_TO.search(pre) else "base" if _YEAR_BASE.search(pre) else ""
        out.append((int(m.group(1)), how))
    return out


def _rel(year: int, doc_year: int | None) -> str:
    if doc_year is None:
        return "nodoc"
    return "gt" if year > doc_year else "eq" if year == doc_year else "lt"


def _add_cues(f: dict[str, float], where: str, text: str, cues: CueIndex, weight: float = 1.0) -> None:
    """One feature per cue found in ``text`` (named where|cue) and a count per class (where#class)."""
    if not text:
        return
    counts: dict[str, int] = {}
    for label, name in cues.found(text):
        f[f"{where}|{name}"] = weight
        counts[label] = counts.get(label, 0) + 1
    for label, n in counts.items():
        if label != "shared":
            f[f"{where}#{label}"] = min(n, 4) / 2 * weight


@lru_cache(maxsize=4096)
def _heading_features(path: tuple[str, ...]) -> dict[str, float]:
    """The features of a section path (every clause under the same headings shares them)."""
    f: dict[str, float] = {}
    for i, head in enumerate(path):
        f.update(_one_heading("h0" if i == 0 else "h", head))  # (a later heading's class counts win)
    if path:
        _add_cues(f, "hl", path[-1], _cues().text, 0.5)
    else:
        f["no_heading"] = 1.0
    return f


@lru_cache(maxsize=4096)
def _one_heading(where: str, head: str) -> tuple[tuple[str, float], ...]:
    """The features of one heading (paths that share a heading share them)."""
    cues = _cues()
    f: dict[str, float] = {}
    title = _HEAD_MARK.sub("", head, count=1)
    _add_cues(f, where, title, cues.heading)
    for name in cues.heading.starting(title):  # a heading that opens with the cue: 推进… (a task) vs …扎实推进
        f[f"{where}|^{name}"] = 1.0
    if any(p.search(title) for p in cues.heading_achievement):
        f[f"{where}_achievement"] = 1.0
    return tuple(f.items())


@lru_cache(maxsize=4096)
def _heading_years(path: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(y for head in path for y, _ in _years(head))


@lru_cache(maxsize=1024)
def _mood(sentence: str) -> tuple[bool, bool]:
    """(opens with a directive, narrates): the same for every clause of the sentence."""
    cues = _cues()
    return (any(p.search(sentence) for p in cues.directive), any(p.search(sentence) for p in cues.narrative))


def features(ctx: KindContext) -> dict[str, float]:
    """The cue features of one clause in its context (a sparse dict, name → value)."""
    cues = _cues()
    f: dict[str, float] = {}
    before, after = _split(ctx)
    clause = ctx.clause or ""
    _add_cues(f, "c", clause, cues.text)
    _add_cues(f, "b", before[-40:], cues.text)
    _add_cues(f, "a", after[:30], cues.text, 0.5)
    opener = ctx.paragraph_opener or ""
    if opener and not (ctx.sentence or "").startswith(opener[:6]):
        _add_cues(f, "o", opener, cues.text, 0.5)
    if not before:
        f["first_clause"] = 1.0
    path = tuple(h for h in (ctx.section_path or []) if h)
    f.update(_heading_features(path))
    # years and the document year
    dy = ctx.doc_year
    if dy is None:
        f["doc_year_unknown"] = 1.0
    for y, how in _years(clause):
        f[f"cy_{how}{_rel(y, dy)}"] = 1.0
    sent_years = {y for y, how in _years(before + after) if how != "base"} | set(ctx.clause_years or [])
    for y in sent_years:
        f[f"sy_{_rel(y, dy)}"] = 1.0
    for y in _heading_years(path):
        f[f"hy_{_rel(y, dy)}"] = 1.0
    for y, how in _years(opener):
        f[f"oy_{_rel(y, dy)}"] = 0.5
    # a clause with no cue of its own leans on its headings
    if not any(k in f for k in ("c#target", "c#actual", "b#target", "b#actual")):
        for g in LABELS:
            if f"h0#{g}" in f or f"h#{g}" in f:
                f[f"bare_h#{g}"] = 1.0
    # mood of the sentence
    directive, narrative = _mood(ctx.sentence or clause)
    if directive:
        f["mood_directive"] = 1.0
    if any(p.search(clause) for p in cues.directive):
        f["clause_directive"] = 1.0
    if narrative:
        f["mood_narrative"] = 1.0
    # the figure as written
    q = ctx.quantity_text or ""
    for mark in cues.figure_marks:
        if mark in q:
            f[f"q|{mark}"] = 1.0
    if not q:
        f["q|none"] = 1.0
    # an exact figure (4+ significant digits: 93.86%, 113504人) is reported; plans round theirs
    m = _DIGITS.search(q or clause)
    if m:
        digits = m.group().replace(".", "").strip("0") or "0"
        if len(digits) >= 4:
            f["precise_figure"] = 1.0
    return f


def fold_digits(text: str) -> str:
    """The clause as its character n-grams see it: every number is 0 (figures are not memorised)."""
    return _DIGITS.sub("0", text or "")


def row_context(row: dict) -> KindContext:
    """A training/evaluation row (the jsonl shape) as a :class:`KindContext`."""
    return KindContext(
        clause=row.get("clause", ""), sentence=row.get("sentence", ""),
        section_path=list(row.get("section_path") or []), paragraph_opener=row.get("paragraph_opener", ""),
        doc_year=row.get("doc_year"), clause_years=list(row.get("clause_years") or []),
        quantity_text=row.get("quantity_text", ""),
    )


def load_training(paths: list[Path] | None = None) -> list[dict]:
    """Rows of ``extractors/training/kind*.jsonl`` (or of ``paths``), in file order."""
    rows: list[dict] = []
    for path in paths if paths is not None else extractor_files("training", "kind*.jsonl"):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line and not line.startswith("#"):
                    row = json.loads(line)
                    if row.get("label") in LABELS:
                        rows.append(row)
    return rows


def clear_text_caches() -> None:
    """Forget the features remembered per text (heading paths, sentences, cue hits).

    Extraction calls this at the start of each document: the caches serve the repeats inside a
    document (every clause under a heading asks about it); kept across documents they would
    serve only copies, and make benchmarks of generated documents look faster than real ones.
    """
    if _cues.cache_info().currsize:  # (cues not loaded: nothing of theirs to forget; loading them
        cues = _cues()               # here would read the files again inside a reset)
        cues.text.found.cache_clear()
        cues.heading.found.cache_clear()
    _heading_features.cache_clear()
    _one_heading.cache_clear()
    _heading_years.cache_clear()
    _mood.cache_clear()
