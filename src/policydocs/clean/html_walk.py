"""Text blocks of an HTML tree, in document order, with the elements they sit in.

``walk`` turns a parsed page (selectolax lexbor) into text blocks, one per ``<p>``/``<div>``/``<li>``
text run, ``<br>``-separated line or table row (cells joined by a tab), and records every
block-level element as a *frame*. A frame's blocks are a contiguous range (``frame.start:frame.end``)
because the walk is a pre-order traversal, so "the blocks inside this element" is a slice. The walk
is iterative (no recursion: 10,000-deep nesting is fine) and never enters script/style/noscript/
template/form controls or ``display:none`` elements, so their text never reaches a block.

Each block carries what the scorer needs: non-space characters, characters inside links,
sentence punctuation, colons, whether it sits in a chrome-like element (class/id hint) and whether
it is one of the genre's boilerplate lines (``boilerplate_kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policydocs.knowledge.files import cached
from policydocs.knowledge.needs import may_match, required_chars
from policydocs.knowledge.vocabulary import compose, pattern

# Elements whose content never reaches the text.
SKIP = frozenset(
    "script style noscript template head title meta link svg math iframe frame frameset object embed "
    "canvas video audio map select option optgroup datalist textarea button input img area base "
    "param source track wbr".split()
)
# Elements that start and end a text block.
BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section "
    "summary table tbody thead tfoot tr ul caption legend marquee".split()
)
CELL = frozenset(("td", "th"))
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

WS = re.compile(r"[ \n\r\f\v\u00a0\u3000\u200b\u200c\u200d\ufeff\u2002\u2003\u2009\u202f]+")
_SPACE_ONLY = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]*$")
# Sentence punctuation: what distinguishes running text from labels and link lists. Colons are
# counted apart: one ends a salutation (同志们：), several make a key-value line (上传人：… 页数：…).
_PUNCT = re.compile(r"[，。；！？、,;!?]|\.(?![0-9A-Za-z])")  # not the dots of 3.5 or www.sina.net
_COLON = re.compile(r"[：:](?!\d)")
# grammar: a date (2024-03-01, 2024年3月1日) or a day and time (03-01 20:15)
DATE_LIKE = re.compile(r"(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}")
_RECORD_ID = re.compile(r"^([A-Za-z][A-Za-z_-]*?)[_-]?\d{3,}$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*collapse", re.I)

# Names of chrome and of content boxes (extractors/vocabulary/markup.toml), searched in the
# lowercased class, id, itemprop and role of an element.
_CHROME_NAME = pattern(r"{chrome_box_name}")
_CONTENT_NAME = pattern(r"{content_box_name}")
_NAMED = ("class", "id", "itemprop", "role")
# <html>/<body> classes describe the page (u-has-nav-bar, article-page), not a box of it
_PAGE_LEVEL = frozenset(("html", "body"))

# Whole-block boilerplate of the genre: (pattern over the page.toml lists, kind, longest block it
# may match, flags). The kinds are labels of our own output.
_BOILER_RULES = (
    (r"^{breadcrumb_label}\s*[:：]", "breadcrumb", 200, 0),
    (r"^(?:{prev_next_label}|{prev_next_short})\s*[:：]?", "上一篇/下一篇", 200, 0),
    (r"{share_bar}", "share bar", 60, 0),
    (r"{copyright_mark}|{site_footer_mark}", "copyright/ICP footer", 200, re.I),
    (r"{disclaimer}|{platform_disclaimer}", "disclaimer", 120, 0),
    # a line made only of tool buttons and counters (阅读(1,328) 评论(12)), between brackets, bars
    # and colons
    (r"^[\s【】\[\]()（）|｜:：]*(?:(?:{page_tool}|{view_count_label})(?:\s*[(（]\s*\d[\d,]*\s*[)）]|\s+\d[\d,]*)?"
     r"[\s【】\[\]()（）|｜:：]*)+$", "page tools", 200, 0),
    (r"^(?:{posted_label}|{source_label}|{author_label}|{view_count_label})\s*[:：]", "date/source line", 100, 0),
    (r"{scan_prompt}", "share bar", 30, 0),
    (r"^{related_modifier}{related_noun}|^{related_header}", "related-articles header", 16, 0),
    (r"{forum_edit_note}", "forum edit note", 80, 0),
    (r"{forum_post_note}", "forum post note", 120, 0),
    (r"^[\s【】\[\]]*{notice_box_header}\s*[:：]?[\s【】\[\]]*$", "notice box header", 20, 0),
    (r"{reporter_byline}", "byline", 40, 0),
    (r"{writer_credit}", "writer credit", 60, 0),
    (r"{blog_footer_label}", "blog footer", 200, 0),
    (r"^[\s【\[(（]*{credit_label}\s*[:：]\s*[】\])）]?$", "empty credit line", 12, 0),
    (r"^(?:{tag_label}|{category_label})\s*[:：]", "tags", 100, re.I),
    (r"^{login_prompt}", "login prompt", 80, 0),
)


@cached
def _boiler() -> list[tuple[re.Pattern, str, int, tuple]]:
    """The rules compiled, each with what it needs (needs.py): most blocks lack it, and the
    unanchored patterns are skipped without a search (a third faster than one search of all the
    patterns joined)."""
    rules = []
    for template, kind, longest, flags in _BOILER_RULES:
        compiled = re.compile(compose(template), flags)
        rules.append((compiled, kind, longest, required_chars(compiled)))
    return rules


def boilerplate_kind(text: str) -> str | None:
    n = len(text)
    if n > 200:
        return None
    for pattern, kind, longest, needs in _boiler():
        if n <= longest and may_match(needs, text) and pattern.search(text):
            return kind
    return None


@dataclass(slots=True)
class Frame:
    tag: str
    parent: int  # index of the parent frame, -1 for the root
    depth: int
    hint: int  # +1 content-like class/id, -1 chrome-like, 0 neither
    mem_id: int
    start: int = 0  # blocks[start:end] are inside this element
    end: int = 0
    score: float = 0.0
    chars: int = 0
    rec: str | None = None  # id prefix when the id is prefix + number (post_1156023, comment_88)
    names: str = ""  # class, id, itemprop and role, lowercased (box_names)


@dataclass(slots=True)
class TextBlock:
    text: str
    owner: int  # innermost frame holding the block
    chars: int  # non-space characters
    link_chars: int
    punct: int  # sentence punctuation marks (colons apart)
    neg: bool = False  # inside an element with a chrome-like class/id
    colons: int = 0
    dropped: str | None = None  # set when a profile's drop selector covers it
    heading: bool = False
    score: float = 0.0
    kind: str | None = None  # boilerplate kind, when it is one ("" once checked and not one)
    related: bool = False  # after a related-articles header, or a teaser of a link list


@dataclass
class Walk:
    blocks: list[TextBlock] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    by_mem: dict[int, int] = field(default_factory=dict)  # mem_id -> frame index
    dropped_inline: list[tuple[str, str]] = field(default_factory=list)  # (text, reason) of dropped spans


def box_names(attrs: dict) -> str:
    """The names an element gives itself: class, id, itemprop and role, lowercased."""
    return " ".join(v for k, v in attrs.items() if k in _NAMED and v).lower()


def _hint(names: str) -> int:
    if not names:
        return 0
    if _CONTENT_NAME.search(names):
        return 1
    if _CHROME_NAME.search(names):
        return -1
    return 0


def walk(root, *, frame_ids: set[int] = frozenset(), drop_ids: dict[int, str] | None = None) -> Walk:
    """Blocks and frames of the subtree at ``root``.

    ``frame_ids``: mem_ids of elements that must be frames whatever their tag (profile containers);
    ``drop_ids``: mem_id -> reason, elements whose blocks are marked dropped (an inline element's
    text is left out of its block and listed in ``dropped_inline``).
    """
    out = Walk()
    blocks, frames, by_mem = out.blocks, out.frames, out.by_mem
    drop_ids = drop_ids or {}
    buf: list[str] = []
    link_depth = 0
    link_chars = 0
    neg_depth = 0
    drop_stack: list[str] = []
    frame_stack: list[int] = []

    def flush():
        nonlocal link_chars
        if not buf:
            link_chars = 0
            return
        raw = "".join(buf)
        buf.clear()
        lc = link_chars
        link_chars = 0
        if _SPACE_ONLY.match(raw):
            return
        text = WS.sub(" ", raw)
        if "\t" in text:
            text = re.sub(r" *\t[ \t]*", "\t", text).strip(" \t")
            text = re.sub(r"\t+", "\t", text)
        else:
            text = text.strip()
        if not text:
            return
        chars = len(text) - text.count(" ") - text.count("\t")
        owner = frame_stack[-1] if frame_stack else -1
        b = TextBlock(text, owner, chars, min(lc, chars), len(_PUNCT.findall(text)), neg_depth > 0,
                      len(_COLON.findall(text)),
                      drop_stack[-1] if drop_stack else None,
                      owner >= 0 and frames[owner].tag in HEADINGS)
        blocks.append(b)

    # stack items: node, or an int marker (exit code) followed by info
    EXIT_FRAME, EXIT_LINK, EXIT_NEG, EXIT_DROP = 1, 2, 3, 4
    stack: list = [root]
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            code, fi = item
            if code == EXIT_FRAME:
                f = frames[fi]
                if f.tag in CELL and len(blocks) == f.start:
                    buf.append("\t")  # a data cell: its text joins the row
                else:
                    flush()  # a block element, or a layout cell that holds blocks
                f.end = len(blocks)
                frame_stack.pop()
            elif code == EXIT_LINK:
                link_depth -= 1
            elif code == EXIT_NEG:
                neg_depth -= 1
            elif code == EXIT_DROP:
                flush()
                drop_stack.pop()
            continue
        node = item
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if t:
                buf.append(t.replace("\t", " "))
                if link_depth:
                    link_chars += len(t) - t.count(" ")
            continue
        if tag is None or tag[0] == "-" or tag in SKIP:
            continue
        if tag == "br":
            flush()
            continue
        mem = None
        attrs = None
        is_block = tag in BLOCK or tag in CELL
        if is_block or frame_ids or drop_ids:
            mem = node.mem_id
        if is_block:
            attrs = node.attributes
            if "hidden" in attrs or ("style" in attrs and attrs["style"] and _HIDDEN_STYLE.search(attrs["style"])):
                continue
        if mem is not None and mem in drop_ids and not is_block:
            # an inline element a profile drops ([编辑], a language hint) leaves its sentence whole
            t = WS.sub(" ", node.text(deep=True) or "").strip()
            if t:
                out.dropped_inline.append((t, drop_ids[mem]))
            continue
        children = list(node.iter(include_text=True))
        if mem is not None and mem in drop_ids:
            flush()
            drop_stack.append(drop_ids[mem])
            stack.append((EXIT_DROP, 0))
        if is_block or (mem is not None and mem in frame_ids):
            if tag not in CELL:
                flush()
            if attrs is None:
                attrs = node.attributes
            names = box_names(attrs)
            hint = 0 if tag in _PAGE_LEVEL else _hint(names)
            fi = len(frames)
            parent = frame_stack[-1] if frame_stack else -1
            frames.append(Frame(tag, parent, len(frame_stack), hint, mem if mem is not None else node.mem_id,
                                start=len(blocks), names=names))
            by_mem[frames[fi].mem_id] = fi
            rid = attrs.get("id")
            if rid and rid[-1].isdigit():
                m = _RECORD_ID.match(rid)
                if m:
                    frames[fi].rec = tag + "#" + m.group(1)
            frame_stack.append(fi)
            if tag in CELL:
                buf.append("\t")
            stack.append((EXIT_FRAME, fi))
            if hint < 0:
                neg_depth += 1
                stack.append((EXIT_NEG, fi))
        if tag == "a" and "href" in node.attributes:  # <a name=…> is an anchor, not a link
            link_depth += 1
            stack.append((EXIT_LINK, 0))
        stack.extend(reversed(children))
    flush()
    for f in frames:
        if f.end < f.start:
            f.end = f.start
    return out
