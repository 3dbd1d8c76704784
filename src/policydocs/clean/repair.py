"""Text repairs: GBK byte-shift damage, glued pinyin, markup residue, traditional→simplified.

Each function returns the new text and a list of ``Change`` records so the cleaner can report
what it did; nothing is altered silently.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from policydocs.knowledge.vocabulary import words

MISSING = "〓"  # the printer's mark for a character that could not be recovered


@dataclass
class Change:
    kind: str  # "encoding_repair" | "encoding_damage" | "pinyin" | "markup"
    original: str
    replacement: str
    position: int  # in the text given to the function
    detail: str = ""


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# --- GBK byte-shift damage ----------------------------------------------------------------
# A GBK page decoded one byte out of step loses the lead byte of a character whose trail byte is
# 0xA3 (shown as "?"), turns 0xA3+next lead into a full-width ASCII sign (later folded to ASCII:
# "?", ","), and stays out of step until a trail byte below 0x80 (an ASCII letter) realigns it.
# The bytes after the lost one are all still there, so the following characters can be decoded
# exactly; the lost character is chosen only when the document's own bigrams pick one clearly.
_LOST_TRAIL = 0xA3


@lru_cache(maxsize=1)
def _lost_candidates() -> tuple[str, ...]:
    out = []
    for lead in range(0x81, 0xFF):
        try:
            out.append(bytes([lead, _LOST_TRAIL]).decode("gbk"))
        except UnicodeDecodeError:
            continue
    return tuple(out)


def _decode_shifted(text: str, i: int) -> tuple[str, int] | None:
    """Decode the out-of-step run that starts after the '?' at ``text[i]``."""
    j = i + 1
    if j >= len(text):
        return None
    first = unicodedata.normalize("NFKC", text[j])
    if len(first) != 1 or not 0x21 <= ord(first) <= 0x7E:
        return None
    data = [ord(first) + 0x80]
    j += 1
    while j < len(text) and len(data) < 16:
        ch = text[j]
        j += 1
        if ord(ch) < 0x80:
            data.append(ord(ch))
            break
        try:
            data.extend(ch.encode("gbk"))
        except UnicodeEncodeError:
            return None
    else:
        return None
    if len(data) % 2:
        return None
    try:
        decoded = bytes(data).decode("gbk")
    except UnicodeDecodeError:
        return None
    if not all(_is_cjk(c) for c in decoded):
        return None
    return decoded, j


def repair_gbk_shift(text: str, context: Counter | None = None) -> tuple[str, list[Change]]:
    """Repair GBK byte-shift damage such as ``?,F`` → ``。現`` (see module notes)."""
    if "?" not in text:
        return text, []
    context = context if context is not None else bigrams(text)
    out: list[str] = []
    changes: list[Change] = []
    i = 0
    while i < len(text):
        ch = text[i]
        prev = _previous_char(text, i)
        if ch == "?" and (prev == "" or _is_cjk(prev)):
            found = _decode_shifted(text, i)
            if found is not None:
                decoded, end = found
                nxt = text[end] if end < len(text) else ""
                if nxt == "" or _is_cjk(nxt) or nxt in "(（，。、；：":
                    lost = _choose_lost(prev, decoded[0], context, _clause_length(out))
                    replacement = (lost or MISSING) + decoded
                    pos = sum(len(s) for s in out)
                    changes.append(Change(
                        "encoding_repair" if lost else "encoding_damage",
                        text[i:end], replacement, pos,
                        "GBK byte shift: following characters decoded exactly; "
                        + ("lost character chosen from context" if lost else "lost character unknown"),
                    ))
                    out.append(replacement)
                    i = end
                    continue
        out.append(ch)
        i += 1
    return "".join(out), changes


def _previous_char(text: str, i: int) -> str:
    """The character before ``i``, looking past a glued pinyin annotation (``醫(yī)``)."""
    m = _PINYIN_BEFORE.search(text[max(0, i - 12) : i])
    if m:
        return m.group()[0]
    return text[i - 1] if i else ""


def _clause_length(out: list[str]) -> int:
    tail = "".join(out[-40:])
    return len(tail) - max(tail.rfind(p) for p in "。！？；\n")


def _choose_lost(prev: str, nxt: str, context: Counter, clause_len: int) -> str | None:
    scores = sorted(
        ((context[prev + c] + context[c + nxt], c) for c in _lost_candidates()), reverse=True
    )
    (best, char), (second, _) = scores[0], scores[1]
    if best >= 1 and best >= 2 * second:
        return char
    # No evidence either way: 。 (A1A3) is by far the commonest character with this trail byte,
    # and a sentence-length run before it makes a sentence end the only likely reading.
    if best == 0 and clause_len >= 6:
        return "。"
    return None


def bigrams(text: str) -> Counter:
    return Counter(text[k : k + 2] for k in range(len(text) - 1))


_QUESTION_RUN = re.compile(r"\?{3,}|(?<=[\u3400-\u9fff])\?{2,}(?=$|[/<A-Za-z])")


def mark_unrecoverable(text: str) -> tuple[str, list[Change]]:
    """Runs of '?' left by a lossy conversion become visible 〓 marks (one per character)."""
    changes = []

    def sub(m: re.Match) -> str:
        changes.append(Change("encoding_damage", m.group(), MISSING * len(m.group()), m.start(),
                              "characters lost in a lossy encoding conversion"))
        return MISSING * len(m.group())

    return _QUESTION_RUN.sub(sub, text), changes


# --- glued pinyin -------------------------------------------------------------------------------
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff\ue001])[(（]([a-zü{_TONED}]{{1,7}})[)）]")
_TONED_SET = set(_TONED)
_PINYIN_BEFORE = re.compile(rf"[\u3400-\u9fff][(（][a-zü{_TONED}]{{1,7}}[)）]$")


def flag_decoder_marks(text: str) -> list[Change]:
    """The 〓 already in the text: characters the decoder could not read (acquire/encoding.py
    marks each damaged byte sequence so), each run a change to report at its offset."""
    return [Change("encoding_damage", m.group(), m.group(), m.start(), "bytes not valid in the file's encoding")
            for m in re.finditer(MISSING + "+", text)]


def _has_pinyin(text: str) -> bool:
    """``_PINYIN.search(text)``, tried only at the brackets: the regex scan is slow on long texts."""
    for opener in "(（":
        i = text.find(opener)
        while i >= 0:
            if _PINYIN.match(text, i):  # (its lookbehind sees the character before i)
                return True
            i = text.find(opener, i + 1)
    return False


def strip_glued_pinyin(text: str) -> tuple[str, list[Change]]:
    """Remove pinyin that converters glue after characters: ``醫(yī)`` → ``醫``.

    Toned syllables are always pinyin; untoned ones (neutral tone) only in a text that carries
    at least three toned annotations, so an ordinary "(a)" is never touched.
    """
    matches = list(_PINYIN.finditer(text))
    if not matches:
        return text, []
    toned = sum(1 for m in matches if _TONED_SET & set(m.group(1)))
    keep_untoned = toned >= 3
    changes: list[Change] = []
    out, last = [], 0
    for m in matches:
        if not (_TONED_SET & set(m.group(1)) or keep_untoned):
            continue
        out.append(text[last : m.start()])
        changes.append(Change("pinyin", m.group(), "", m.start() - sum(len(c.original) for c in changes)))
        last = m.end()
    out.append(text[last:])
    return "".join(out), changes


# --- markup residue ----------------------------------------------------------------------------
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>\n]{0,200})?/?>|(?<![<\w])/(?:span|div|p|a|font|strong|b|em|i|u|td|tr|li)>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def strip_markup_residue(text: str) -> tuple[str, list[Change]]:
    """Tags and entities left in copied text (``/span>``, ``&nbsp;``)."""
    changes = []

    def drop(m: re.Match) -> str:
        changes.append(Change("markup", m.group(), "", m.start(), "HTML tag residue"))
        return ""

    text = _TAG.sub(drop, text)
    if _ENTITY.search(text):
        unescaped = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
        if unescaped != text:
            changes.append(Change("markup", "&…;", "", 0, "HTML entities decoded"))
            text = unescaped.replace("\u00a0", " ")
    return text, changes


# --- control characters --------------------------------------------------------------------------
# Control characters have no place in a draft and some are harmful in one: ESC starts a terminal
# sequence (``search`` and ``clean`` print page text: ESC]0; retitles the terminal, ESC[2J clears
# it), Word refuses a document holding C0 characters, and the bidirectional overrides make text
# read other than it is stored. A page carries them as entities (&#27;) or stray bytes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def drop_controls(text: str) -> tuple[str, int]:
    """``text`` without control characters (tab and newline kept); how many were removed."""
    return _CONTROL.subn("", text)


# --- traditional → simplified -------------------------------------------------------------------
@lru_cache(maxsize=1)
def _converter():
    import opencc

    # tw2s rather than t2s: pages converted from mainland text by s2tw-style tools write 着 as 著
    # (著力); tw2s maps it back, t2s does not. tw2sp would also rewrite words (簡報→演示文稿).
    return opencc.OpenCC("tw2s")




_CJK_CHARS = re.compile("[\u3400-\u9fff\uf900-\ufaff]+")  # what _is_cjk accepts


def traditional_share(text: str) -> float:
    cjk = "".join(_CJK_CHARS.findall(text))  # a regex, not a loop over every character: 3× faster
    if not cjk:
        return 0.0
    simplified = _converter().convert(cjk)
    if simplified == cjk:
        return 0.0  # nearly every page: skip counting the differences one character at a time
    return sum(map(str.__ne__, cjk, simplified)) / len(cjk)


def to_simplified(text: str) -> str:
    return _converter().convert(text)


def looks_converted_from_simplified(text: str) -> bool:
    converted = to_simplified(text)
    # Mainland institutions and policy words (page.toml mainland_signal): when they appear in
    # traditional script the page is a converted simplified text, not a genuinely traditional one.
    hits = sum(converted.count(s) for s in words("mainland_signal"))
    return hits >= 3


# --- the line-level pass ---------------------------------------------------------------------------
# Repaired or damaged spans are wrapped in private-use marks (start, index, end) that ride along
# through the later steps, so their final offsets can be reported however lines are split or joined.
MARK_START, MARK_END, MARK_INDEX = "\ue000", "\ue001", 0xE100


def _wrap(text: str, changes: list[Change], registry: list[Change]) -> str:
    for change in sorted(changes, key=lambda c: c.position, reverse=True):
        if change.kind not in ("encoding_repair", "encoding_damage"):
            continue
        registry.append(change)
        idx = chr(MARK_INDEX + len(registry) - 1)
        end = change.position + len(change.replacement)
        text = text[: change.position] + MARK_START + idx + text[change.position : end] + MARK_END + text[end:]
    return text


def repair_lines(lines: list, traditional: str = "auto") -> tuple[list, list[Change], list[str]]:
    """Repair every line; returns (lines, repairs referenced by the marks, conversion notes)."""
    from policydocs.clean.lines import Line

    whole = "\n".join(line.text for line in lines)
    context = None  # the bigrams of the whole text, counted only when a line has a "?" to repair
    repairs: list[Change] = []
    counts = {"markup": 0, "pinyin": 0, "control": 0}
    # Every repair needs a '?' (GBK damage, lost characters), a '>' or '&' (tags, entities), a 〓 the decoder
    # left, or glued pinyin; most texts have none, and there the passes over every line would change nothing.
    needs_repair = any(c in whole for c in "?>&" + MISSING) or _has_pinyin(whole)
    out = []
    for line in lines:
        text = line.text
        if needs_repair:
            text, changes = strip_markup_residue(text)
            counts["markup"] += len(changes)
            text = _wrap(text, flag_decoder_marks(text), repairs)
            if context is None and "?" in text:
                context = bigrams(strip_glued_pinyin(whole)[0])
            text, changes = repair_gbk_shift(text, context)
            text = _wrap(text, changes, repairs)
            text, changes = strip_glued_pinyin(text)
            counts["pinyin"] += len(changes)
            text, changes = mark_unrecoverable(text)
            text = _wrap(text, changes, repairs)
        text, n = drop_controls(text)  # (after the entities are decoded: &#27; is one)
        counts["control"] += n
        if text.strip():
            out.append(Line(text, line.source_start, line.source_end))
    notes = []
    if counts["pinyin"]:
        notes.append(f"pinyin annotations removed ({counts['pinyin']}), e.g. 醫(yī) -> 医")
    if counts["markup"]:
        notes.append(f"HTML residue removed ({counts['markup']})")
    if counts["control"]:
        notes.append(f"control characters removed ({counts['control']})")
    share = traditional_share("".join(line.text for line in out))
    if share >= 0.02 and traditional != "keep":
        if traditional == "convert" or looks_converted_from_simplified("".join(l.text for l in out)):
            out = [Line(to_simplified(line.text), line.source_start, line.source_end) for line in out]
            notes.insert(0, f"traditional -> simplified ({share:.0%} of characters were traditional)")
        else:
            notes.insert(0, "traditional script kept: the text reads as an original traditional document")
    return out, repairs, notes
