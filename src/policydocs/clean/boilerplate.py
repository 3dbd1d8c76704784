"""Line-level removal of page chrome, truncation notices and related-article lists.

Every step takes the working ``Draft`` and records what it removes (with the reason) in
``draft.removed``; nothing disappears without a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policydocs.clean.document import Removal
from policydocs.clean.lines import Line, strip_pad
from policydocs.knowledge.files import cached
from policydocs.knowledge.needs import may_match
from policydocs.clean.profiles import RuleSet
from policydocs.knowledge.spam import seo_spam

SENTENCE_END = "。！？；!?;"
BULLETS = "•·●▪◆◇■□○►▶‣∙・-*"
# grammar: heading numbering (一、, （一）, 1., (1), ①)
HEADING = re.compile(r"^([一二三四五六七八九十百]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．]|[(（]\d{1,2}[)）]|[①-⑳])")


@dataclass
class PendingGap:
    reason: str
    notice: str
    omitted_chars: int | None = None
    total_chars: int | None = None
    shown_chars: int | None = None


@dataclass
class Draft:
    lines: list[Line]
    removed: list[Removal] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    gaps: dict[int, list[PendingGap]] = field(default_factory=dict)  # id(line) -> gaps after it

    def drop(self, line: Line, reason: str) -> None:
        self.removed.append(Removal(line.text, reason, line.source_start, line.source_end))

    def keep_groups(self, m: re.Match) -> None:
        for key, value in m.groupdict().items():
            if value and key not in self.meta:
                self.meta[key] = strip_pad(value)


def is_paragraph(text: str) -> bool:
    """A line of real prose: long enough and made of sentences."""
    return len(text) >= 40 and any(p in text for p in "。，,；")


# --- spam ---------------------------------------------------------------------------------------
@cached
def _spam_words() -> tuple[str, ...]:
    return tuple(sorted(seo_spam().words, key=len, reverse=True))


def is_seo_spam(text: str) -> bool:
    """A line of short phrases joined by separators, full of link-farm vocabulary."""
    if "。" in text:
        return False
    parts = [p for p in re.split(r"[|｜\-—_,，、\s]+", text) if p]
    if len(parts) < 3 or max(len(p) for p in parts) > 24:
        return False
    hits = sum(text.count(w) for w in _spam_words())
    return hits >= 4 and hits * 4 >= len(parts)


def drop_spam(draft: Draft) -> None:
    kept = []
    for line in draft.lines:
        if is_seo_spam(line.text):
            draft.drop(line, "spam SEO line")
        else:
            kept.append(line)
    draft.lines = kept


# --- truncation notices -------------------------------------------------------------------------
def _int(m: re.Match, name: str) -> int | None:
    value = m.groupdict().get(name)
    return int(value) if value else None


def cut_truncation(draft: Draft, rules: RuleSet) -> None:
    """Turn truncation notices into recorded gaps; text after a notice starts a new paragraph."""
    out: list[Line] = []
    pending = list(draft.lines)
    while pending:
        line = pending.pop(0)
        match, rule = None, None
        for r in rules.truncation:
            if r.needs and not may_match(r.needs, line.text):
                continue  # (the notices are costly regexes, tried at every position of every line)
            m = r.pattern.search(line.text)
            if m and (match is None or m.start() < match.start()):
                match, rule = m, r
        if match is None:
            out.append(line)
            continue
        left = line.text[: match.start()].rstrip()
        right = "" if rule.end else line.text[match.end() :].strip()
        gap = PendingGap(rule.reason, match.group().strip(), _int(match, "omitted"),
                         _int(match, "total"), _int(match, "shown"))
        draft.removed.append(Removal(match.group().strip() if not rule.end else line.text[match.start():].strip(),
                                     "truncation notice", line.source_start, line.source_end))
        if left:
            host = Line(left, line.source_start, line.source_end)
            out.append(host)
        elif out:
            host = out[-1]
        else:
            host = None
        if host is not None:
            draft.gaps.setdefault(id(host), []).append(gap)
        if gap.total_chars:
            draft.meta.setdefault("total_chars", gap.total_chars)
            draft.meta.setdefault("shown_chars", gap.shown_chars)
        if right:
            pending.insert(0, Line(right, line.source_start, line.source_end))
    draft.lines = out


# --- header and footer zones ----------------------------------------------------------------------
def drop_footer(draft: Draft, rules: RuleSet) -> None:
    """From the first footer marker to the end, unless real paragraphs follow it."""
    lines = draft.lines
    for k, line in enumerate(lines):
        rule = next((r for r in rules.drop_from if r.search(line.text)), None)
        if rule is None:
            continue
        if any(is_paragraph(later.text) and not _line_rule(later.text, rules) for later in lines[k + 1 :]):
            continue  # body text follows: only the line itself goes (drop_lines handles it)
        for later in lines[k:]:
            own = _line_rule(later.text, rules)
            draft.drop(later, own.reason if own else rule.reason)
        draft.lines = lines[:k]
        return


def drop_header(draft: Draft, rules: RuleSet) -> None:
    """Up to and including the last header marker, when it stands before the body."""
    lines = draft.lines
    cut = None
    for k, line in enumerate(lines[:30]):
        if any(r.search(line.text) for r in rules.drop_until):
            cut = k
    if cut is None or any(is_paragraph(line.text) for line in lines[:cut]):
        return
    for line in lines[: cut + 1]:
        draft.drop(line, "page header")
    draft.lines = lines[cut + 1 :]


def _line_rule(text: str, rules: RuleSet):
    return next((r for r in rules.line_rules(text) if r.search(text)), None)


def drop_lines(draft: Draft, rules: RuleSet) -> None:
    kept = []
    for line in draft.lines:
        for rule in rules.line_rules(line.text):
            m = rule.search(line.text)
            if m:
                draft.keep_groups(m)
                draft.drop(line, rule.reason)
                break
        else:
            kept.append(line)
    draft.lines = kept


# --- related-article lists ------------------------------------------------------------------------
def _strip_bullet(text: str) -> tuple[str, bool]:
    stripped = text.lstrip(BULLETS + " \u3000\t")
    return stripped, stripped != text


def drop_related_lists(draft: Draft, rules: RuleSet) -> None:
    """A related-articles header, then its title-like items; body text glued into an item is kept."""
    out: list[Line] = []
    lines = draft.lines
    k = 0
    while k < len(lines):
        line = lines[k]
        header = next((p for p in rules.related_headers if p.search(line.text)), None)
        if header is None or is_paragraph(line.text):
            out.append(line)
            k += 1
            continue
        label = header.search(line.text).group().rstrip(":： ")
        draft.drop(line, f"{label} list header")
        k += 1
        items = 0
        while k < len(lines):
            text, bulleted = _strip_bullet(lines[k].text)
            if is_paragraph(text):
                if bulleted:  # the page resumed the body inside the list: keep it
                    out.append(Line(text, lines[k].source_start, lines[k].source_end))
                    k += 1
                break
            if not bulleted and (len(text) > 40 or HEADING.match(text)):
                break
            draft.drop(lines[k], f"{label} list item")
            items += 1
            k += 1
        draft.meta.setdefault("related_lists", []).append({"header": label, "items": items})
    draft.lines = out


# --- credits ------------------------------------------------------------------------------------
def drop_credits(draft: Draft, rules: RuleSet) -> None:
    """Source/editor credit lines at the end of the piece become metadata."""
    lines = draft.lines
    first = None
    for k in range(len(lines) - 1, max(-1, len(lines) - 7), -1):
        m = next((p.search(lines[k].text) for p in rules.credit_lines if p.search(lines[k].text)), None)
        if m:
            first = k
        elif first is not None or len(lines[k].text) > 30:
            break
    if first is None:
        return
    # A source credit often wraps: "河北省深化医药卫生体制改革" / "领导小组办公室供稿".
    prefix = []
    opener = next((p.search(lines[first].text) for p in rules.credit_lines if p.search(lines[first].text)), None)
    if opener and opener.groupdict().get("source") and first > 0 and _is_label(lines[first - 1].text):
        first -= 1
        prefix.append(lines[first].text)
    for line in lines[first:]:
        m = next((p.search(line.text) for p in rules.credit_lines if p.search(line.text)), None)
        if m:
            groups = {k: v for k, v in m.groupdict().items() if v}
            if "source" in groups and prefix:
                groups["source"] = "".join(reversed(prefix)) + groups["source"]
                prefix = []
            for key, value in groups.items():
                draft.meta.setdefault(key, value)
        draft.drop(line, "source and editor credit")
    draft.lines = lines[:first]


def _is_label(text: str) -> bool:
    return len(text) <= 25 and not any(p in text for p in SENTENCE_END + "，,：:") and not HEADING.match(text)
