r"""The segment stage: sentences with their place in the heading tree, and word segmentation.

    >>> from policydocs.segment import segment
    >>> text = ("大丰区2024年卫生健康工作要点\n一、2023年工作回顾\n全区家庭医生签约率达到75.3%。\n"
    ...         "二、2024年重点工作\n（一）做实家庭医生签约服务\n力争年底前签约率达到80%以上。新建村卫生室12个。\n")
    >>> seg = segment(text)                  # a cleaned text: one paragraph per line
    >>> for sentence in seg.sentences[-3:]:
    ...     print(sentence.text, sentence.section_path)
    （一）做实家庭医生签约服务 ['二、2024年重点工作', '（一）做实家庭医生签约服务']
    力争年底前签约率达到80%以上。 ['二、2024年重点工作', '（一）做实家庭医生签约服务']
    新建村卫生室12个。 ['二、2024年重点工作', '（一）做实家庭医生签约服务']
    >>> [(section.level, section.marker, section.title) for section in seg.sections]
    [(1, '一、', '2023年工作回顾'), (1, '二、', '2024年重点工作'), (2, '（一）', '做实家庭医生签约服务')]
    >>> seg.section_path(text.index("2023年工作回顾"))      # the path at any offset
    ['一、2023年工作回顾']

Word segmentation (jieba with the policy lexicon, private tokenizer): :func:`cut`, :func:`tokenize`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from policydocs.segment.headings import HeadingTree, Section, parse_headings
from policydocs.knowledge.lexicon import Token, cut, tokenize, tokenizer
from policydocs.segment.sentences import Span, sentence_bounds, split_clauses, split_sentences

__all__ = [
    "segment", "Segmented", "Sentence", "Section", "HeadingTree", "Span", "Token",
    "split_sentences", "split_clauses", "parse_headings", "cut", "tokenize", "tokenizer",
]


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    section_path: list[str]
    heading_level: int | None = None   # level of the heading this sentence opens, if any
    section: int | None = None         # index into Segmented.sections of the innermost section


@dataclass
class Segmented:
    text: str = field(repr=False)
    sentences: list[Sentence]
    sections: list[Section]
    tree: HeadingTree = field(repr=False)

    def section_path(self, offset: int) -> list[str]:
        return self.tree.section_path(offset)

    def sentence_at(self, offset: int) -> Sentence | None:
        k = bisect.bisect_right([s.start for s in self.sentences], offset) - 1
        if k >= 0 and self.sentences[k].end > offset:
            return self.sentences[k]
        return None


def _split_at(bounds: list[tuple[int, int]], starts: list[int], text: str) -> list[tuple[int, int]]:
    """Split sentences where a section starts inside them (e.g. ……：一是 …)."""
    out: list[tuple[int, int]] = []
    lo = 0  # the first section start after the sentence's (both lists are in order)
    for a, b in bounds:
        while lo < len(starts) and starts[lo] <= a:
            lo += 1
        if (lo == len(starts) or starts[lo] >= b) and not text[a].isspace() and not text[b - 1].isspace():
            out.append((a, b))  # nearly every sentence: no section starts inside, nothing to trim
            continue
        cuts = [a] + starts[lo : bisect.bisect_left(starts, b, lo)] + [b]
        for a, b in zip(cuts, cuts[1:]):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                out.append((a, b))
    return out


def segment(text: str) -> Segmented:
    """Sentences of a cleaned document (one paragraph per line) with their section paths."""
    tree = parse_headings(text)
    starts = sorted({s.start for s in tree.sections})
    level_at = {sec.start: sec.level for sec in tree.sections}  # the deepest section starting there (the last)
    sentences = []
    paths: dict[int | None, list[str]] = {}  # the path depends only on the innermost section
    for a, b in _split_at(sentence_bounds(text), starts, text):
        idx = tree.section_at(a)
        if idx not in paths:
            paths[idx] = [s.label for s in tree.path_sections(a)]
        # (a list of its own for each sentence, as before)
        sentences.append(Sentence(a, b, text[a:b], list(paths[idx]), level_at.get(a), idx))
    return Segmented(text, sentences, tree.sections, tree)
