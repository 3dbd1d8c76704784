"""Finding the title, dropping its repeats, and rejoining lines the page broke inside a word."""

from __future__ import annotations

import re
from functools import lru_cache

from policydocs.clean.boilerplate import HEADING, SENTENCE_END, Draft
from policydocs.clean.lines import Line
from policydocs.knowledge.needs import may_match, required_chars
from policydocs.knowledge.vocabulary import pattern
from policydocs.clean.profiles import RuleSet
from policydocs.clean.repair import MARK_END, MARK_START, MISSING

# A damaged tail of the title: marked runs of 〓 (see repair.py), possibly several.
_DAMAGED_TAIL = re.compile(f"(?:{MARK_START}.{MISSING}+{MARK_END}|{MISSING})+$")

_SALUTATION = pattern(r"^{salutation}")
_SPEECH_TITLE = pattern(r"在.{2,40}上的{speech_word}")  # 在全市卫生健康工作会议上的讲话
_MAX_TITLE = 60


def strip_title_suffixes(title: str, rules: RuleSet) -> str:
    for pattern in rules.title_suffixes:
        # (the patterns open with \s*, so sub tries them at every position: test what they need)
        if may_match(_needs(pattern), title):
            title = pattern.sub("", title)
    return title.strip()


_needs = lru_cache(maxsize=64)(required_chars)


def _normal(text: str) -> str:
    return "".join(text.split())  # (the same as removing \s+, several times faster)


def looks_like_title(text: str, rules: RuleSet, following: list[str]) -> bool:
    if len(text) > _MAX_TITLE or text[-1] in SENTENCE_END + "，,：:" or "。" in text:
        return False
    if HEADING.match(text) or _SALUTATION.match(text):
        return False
    key = _normal(text)
    if any(_normal(f) == key for f in following):
        return True
    bare = _DAMAGED_TAIL.sub("", text)
    if any(bare.endswith(w) for w in rules.title_words) or _SPEECH_TITLE.search(text):
        return True
    if "|" in text or "｜" in text:
        return True
    return bool(following) and bool(_SALUTATION.match(following[0]))


def find_title(draft: Draft, rules: RuleSet, known: str | None = None) -> tuple[str | None, list[str]]:
    """Set the title (from metadata, a 标题: line, or the first line) and drop its repeats.

    Returns (title, notes) where notes describe repairs made to the title itself.
    """
    notes: list[str] = []
    lines = draft.lines
    title = known or draft.meta.get("title")
    if title is None and lines:
        following = [line.text for line in lines[1:10]]
        candidate = strip_title_suffixes(lines[0].text, rules)
        if looks_like_title(candidate, rules, following) or looks_like_title(lines[0].text, rules, following):
            title = lines[0].text
            draft.drop(lines[0], "title line (moved to the title)")
            lines = lines[1:]
    if title is None:
        draft.lines = lines
        return None, notes
    clean_title = strip_title_suffixes(title, rules)
    if clean_title != title:
        notes.append(f"site suffix removed from title: {title[len(clean_title):].strip()}")
    tail = _DAMAGED_TAIL.search(clean_title)
    if tail:
        lost = tail.group().count(MISSING)
        clean_title = clean_title[: tail.start()].rstrip()
        notes.append(f"title tail lost: {lost} characters unrecoverable")
    keys = {_normal(title), _normal(clean_title)}
    kept = []
    for k, line in enumerate(lines):
        if k < 12 and (_normal(line.text) in keys or _normal(strip_title_suffixes(line.text, rules)) in keys):
            draft.drop(line, "duplicate title line")
        else:
            kept.append(line)
    draft.lines = kept
    return clean_title or None, notes


def join_broken_lines(draft: Draft, tokenize) -> None:
    """Rejoin short lines that a page broke inside a word (保定市全面推进紧密型 / 县域医共体建设).

    A line break that falls inside a word of the policy dictionary is layout, not structure.
    """
    out: list[Line] = []
    for line in draft.lines:
        if out and id(out[-1]) not in draft.gaps and _breaks_word(out[-1].text, line.text, tokenize):
            joined = out[-1].joined(line)
            if id(line) in draft.gaps:
                draft.gaps[id(joined)] = draft.gaps.pop(id(line))
            out[-1] = joined
            continue
        out.append(line)
    draft.lines = out


def _breaks_word(left: str, right: str, tokenize) -> bool:
    if len(left) > 24 or len(right) > 24 or left[-1] in SENTENCE_END + "，,、：:" or HEADING.match(right):
        return False
    joined = left + right
    pos = 0
    for token in tokenize(joined):
        end = pos + len(token)
        if pos < len(left) < end and len(token) >= 3:
            return True
        pos = end
    return False
