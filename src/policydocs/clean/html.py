"""Main content and metadata of an HTML page: ``extract_html(markup, url=, source=)``.

Layers, first that yields text wins (trafilatura-style):

1. a site profile (``extractors/sites/*.toml``) that recognises the page by URL host or markers and
   names the body container (``[html] content``, ``drop``): TRS ``.TRS_Editor``, Hanweb ``#zoom``,
   gov.cn/UCAP ``#UCAP-CONTENT``. A match elsewhere than the page's text and a fifth of its size
   (an empty editor div on a list page) is ignored;
2. the text-density finder (``density.py``): max-sum subtree over per-block scores, refined by
   what the page's box names say (``boxes.py``): widened to a box named as the whole article
   (article-content, itemprop=articleBody), with the lead paragraph above it, and without the
   boxes named as boilerplate inside it (copyright notices, share bars, ads, related lists);
3. trafilatura (``favor_precision=True``) when density finds less than ``MIN_CHARS`` of text;
4. readability-lxml, likewise; if none reaches ``MIN_CHARS``, the longest result.

Order chosen by measurement (``bench/compare_extractors.py`` on ``tests/fixtures/html``, 24
hand-modelled pages, character F1): density macro 0.998 / min 0.985, trafilatura 0.932 / 0.749,
readability 0.932 / 0.036 (it loses WeChat bodies); density is also the fastest (~2 ms a page vs
~15 ms), so it goes first and the libraries catch what it misses. Library output goes through the
genre's boilerplate-line filter too.

Modules: ``html_walk`` (lexbor tree -> text blocks + elements, iterative), ``density`` (scores and
main-content choice), ``boxes`` (what box names say), ``html_meta`` (title/date/issuer/column/site),
``html_spans`` (source offsets of blocks, the account of what was removed).

Parsing is selectolax's lexbor (C; malformed markup and 10,000-deep nesting are fine); scripts,
styles, noscript and ``display:none`` never reach the text. Linear in the page size: a 10 MB page
takes a few seconds, a typical 10-100 KB page ~2 ms.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from policydocs.clean import boxes, density
from policydocs.clean.document import Removal
from policydocs.clean.head import is_subtitle
from policydocs.clean.html_meta import css, drop_title_dup, fill_metadata, norm, read_meta
from policydocs.clean.html_spans import removals_and_offsets
from policydocs.clean.html_walk import WS, boilerplate_kind
from policydocs.errors import InputError
from policydocs.knowledge.vocabulary import pattern

MIN_CHARS = 60  # a generic result with less body text than this tries the next method
MIN_BODY_CHARS = 8  # less than this is no main text (a nav bar, a stray word)
PROFILE_MIN_CHARS = 10
LIBRARY_MAX_CHARS = 3_000_000  # trafilatura/readability fallbacks only on pages smaller than this

__all__ = ["Block", "HtmlExtraction", "extract_html", "extract_html_with", "METHODS"]


@dataclass
class Block:
    text: str
    source_start: int | None = None
    source_end: int | None = None


@dataclass
class HtmlExtraction:
    blocks: list[Block]
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    issuer: str | None = None
    author: str | None = None  # the writer's names, space-separated (a byline, 作者：…, meta author)
    column: str | None = None
    site_name: str | None = None
    profile: str | None = None  # the site profile that recognised the page
    method: str = ""  # "profile:trs" | "density" | "trafilatura" | "readability"
    removed: list[Removal] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


METHODS = ("profile", "density", "trafilatura", "readability")


def extract_html(markup: str, *, url: str | None = None, source: str = "<html>") -> HtmlExtraction:
    """Body paragraphs and metadata of a page; ``InputError`` when it has no main text."""
    return extract_html_with(markup, METHODS, url=url, source=source)


def extract_html_with(markup: str, methods: tuple[str, ...], *, url: str | None = None,
                      source: str = "<html>") -> HtmlExtraction:
    """``extract_html`` with a chosen chain of methods (for comparisons)."""
    tree = LexborHTMLParser(markup)
    meta = read_meta(tree)
    root = tree.body or tree.root
    if root is None:
        raise InputError(source, "no main text found")

    profiles = _matching_profiles(markup, url)
    containers: list[tuple[object, object]] = []  # (profile, node)
    drop_ids: dict[int, str] = {}
    generic_drop = _generic_html().get("drop", [])
    if "profile" in methods:
        for prof in profiles:
            for sel in prof.html.get("content", []):
                # the longest match: an editor class can also wrap a summary box above the body
                nodes = css(root, sel)[:20]
                node = max(nodes, key=lambda n: len(n.text(deep=True) or ""), default=None)
                if node is not None:
                    containers.append((prof, node))
                    for dsel in list(prof.html.get("drop", [])) + list(generic_drop):
                        for d in css(node, dsel):
                            drop_ids[d.mem_id] = f"{prof.name}: {dsel}"
                    break
    frame_ids = {node.mem_id for _, node in containers}
    w = density.walk(root, frame_ids=frame_ids, drop_ids=drop_ids)
    main = density.find_main(w)  # also scores every block (needed for titles/dates)
    main = boxes.refine(w, main)  # what the page's box names say: article box, lead, boilerplate boxes

    result: HtmlExtraction | None = None
    chosen: tuple[int, int] | None = None
    for prof, node in containers:
        fi = w.by_mem.get(node.mem_id)
        if fi is None:
            continue
        f = w.frames[fi]
        kept = _kept(w, f.start, f.end)
        n = sum(w.blocks[i].chars for i in kept)
        if main is not None and (main.end <= f.start or main.start >= f.end):
            # the profile's element is elsewhere than the text the page is made of: a near-empty
            # match (an empty editor div on a list page) loses to a body five times its size
            dn = sum(w.blocks[i].chars for i in _kept(w, main.start, main.end, main.exclude))
            if n * 5 < dn:
                continue
        if n >= PROFILE_MIN_CHARS:
            result = HtmlExtraction([], profile=prof.name, method=f"profile:{prof.name}")
            chosen = (f.start, f.end)
            break
    candidates: list[tuple[str, object]] = []
    if result is None:
        for m in methods:
            if m == "density":
                if main is not None:
                    kept = _kept(w, main.start, main.end, main.exclude)
                    n = sum(w.blocks[i].chars for i in kept)
                    candidates.append(("density", ((main.start, main.end), n)))
                    if n >= MIN_CHARS:
                        break
            elif len(markup) > LIBRARY_MAX_CHARS:
                continue  # the libraries take ~2 s/MB: not worth it on a page this size
            elif m == "trafilatura":
                lines = _trafilatura(markup)
                n = sum(len(x) for x in lines)
                candidates.append(("trafilatura", (lines, n)))
                if n >= MIN_CHARS:
                    break
            elif m == "readability":
                lines = _readability(markup)
                n = sum(len(x) for x in lines)
                candidates.append(("readability", (lines, n)))
                if n >= MIN_CHARS:
                    break
        candidates = [c for c in candidates if c[1][1] > 0]
        if not candidates:
            raise InputError(source, "no main text found")
        # the first method that had enough, else the one that found the most
        pick = next((c for c in candidates if c[1][1] >= MIN_CHARS), None)
        if pick is None:
            pick = max(candidates, key=lambda c: c[1][1])
        name, (payload, _) = pick
        result = HtmlExtraction([], method=name)
        if name == "density":
            chosen = payload
        else:
            result.blocks = [Block(t) for t in payload]
    if result.profile is None and profiles:
        result.profile = profiles[0].name

    if chosen is not None:
        start, end = chosen
        keep = set(_kept(w, start, end, main.exclude if result.method == "density" and main else ()))
        result.blocks = [Block(w.blocks[i].text) for i in sorted(keep)]
    else:  # a library's text: where in the page it sits (for titles, dates, removals)
        start, end = _span_of(w, result.blocks)
        keep = set()
    if not _has_text(result.blocks, MIN_BODY_CHARS):
        raise InputError(source, "no main text found")

    # metadata looks around where the body text begins (an info line can sit inside the container)
    body_start = min(keep) if keep else start
    fill_metadata(result, meta, w, body_start, end, profiles, root)
    drop_title_dup(result)
    if not any(b.text for b in result.blocks):
        raise InputError(source, "no main text found")
    removals_and_offsets(result, markup, w, start, end, keep)
    result.removed.extend(Removal(t, why) for t, why in w.dropped_inline)
    return result


def _has_text(blocks: list[Block], least: int) -> bool:
    """At least ``least`` letters, digits or ideographs in the blocks (counting stops there)."""
    count = 0
    for b in blocks:
        if count >= least:
            break
        count += sum(map(str.isalnum, b.text))
    return count >= least


# --- profiles --------------------------------------------------------------------------------

def _matching_profiles(markup: str, url: str | None):
    try:
        from policydocs.knowledge.sites import load_profiles
    except ImportError:  # pragma: no cover
        return []
    _, sites = load_profiles()
    head = markup[:4_000_000]  # markers sit in the template, not after megabytes of data
    by_url = [p for p in sites if url and p.domains and p.matches("", url)]
    by_marker = [p for p in sites if p not in by_url and any(m in head for m in p.markers)]
    return by_url + by_marker


def _generic_html() -> dict:
    try:
        from policydocs.knowledge.sites import load_profiles
        generic, _ = load_profiles()
        return generic.html or {}
    except Exception:  # pragma: no cover
        return {}


# --- block selection -------------------------------------------------------------------------

# Info lines that are metadata wherever they stand (a date line below the title may be the text's own).
_ALWAYS_META = pattern(r"^(?:{source_label}|{author_label}|{view_count_label})\s*[:：]")


def _sentence(b: density.TextBlock) -> bool:
    return not b.kind and ((b.punct >= 2 and b.chars >= 15) or (b.punct >= 1 and b.chars >= 40))


def _kept(w: density.Walk, start: int, end: int, exclude: list[tuple[int, int]] = ()) -> list[int]:
    """Indices of the blocks in [start, end) that are body text."""
    blocks = w.blocks
    skip = set()
    for a, b in exclude:
        skip.update(range(a, b))
    sentences = [i for i in range(start, end) if i not in skip and _sentence(blocks[i])]
    first, last = (sentences[0], sentences[-1]) if sentences else (end, start - 1)
    kept = []
    for i in range(start, end):
        if i in skip:
            continue
        b = blocks[i]
        if b.score == 0.0 and b.kind is None:
            b.score = density.score_block(b)
        why = density.keep_block(b)
        # "时间：3月8日上午9:00" between paragraphs of a notice is body text; a date line above
        # or below the text, or any 来源/作者 line, is page furniture
        if why == "date/source line" and first < i < last and not _ALWAYS_META.match(b.text):
            why = None
        # only the info line above the text: 2024年3月1日 below it signs the text, and so does
        # 本报记者 某某 after its last paragraph
        if (why == "meta line" and i > first) or (why == "byline" and i > last):
            why = None
        if why == "meta line" and is_subtitle(b.text):  # a report's own date line: ——2026年1月26日在…会议上
            why = None
        if why is None:
            kept.append(i)
    return kept


def _span_of(w: density.Walk, blocks: list[Block]) -> tuple[int, int]:
    """The range of walk blocks that a library's output covers (first and last line found)."""
    n = len(w.blocks)
    if not blocks:
        return n, n
    first, last = norm(blocks[0].text), norm(blocks[-1].text)
    start = next((i for i, b in enumerate(w.blocks) if first and norm(b.text).startswith(first[:20])), None)
    if start is None:
        return n, n
    end = start + 1
    for i in range(len(w.blocks) - 1, start - 1, -1):
        if last and last[-20:] in norm(w.blocks[i].text):
            end = i + 1
            break
    return start, end


# --- generic libraries -----------------------------------------------------------------------

def _trafilatura(markup: str) -> list[str]:
    try:
        import trafilatura
        text = trafilatura.extract(markup, favor_precision=True, include_comments=False,
                                   include_tables=True, deduplicate=False)
    except Exception:  # RecursionError on pathological trees, parser errors
        return []
    return _lines(text or "")


def _readability(markup: str) -> list[str]:
    log = logging.getLogger("readability.readability")
    level = log.level
    log.setLevel(logging.CRITICAL)  # it logs a traceback for every page it cannot parse
    try:
        from readability import Document
        html = Document(markup).summary(html_partial=True)
    except Exception:
        return []
    finally:
        log.setLevel(level)
    tree = LexborHTMLParser(html)
    w = density.walk(tree.body or tree.root)
    return [b.text for b in w.blocks if not boilerplate_kind(b.text)]


_MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _lines(text: str) -> list[str]:
    """trafilatura's text output as blocks; its markdown table rows become tab-joined cells."""
    out = []
    for line in text.splitlines():
        line = WS.sub(" ", line).strip()
        if not line or _MD_RULE.match(line):
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 2:
            line = "\t".join(c.strip() for c in line[1:-1].split("|") if c.strip())
        if line and not boilerplate_kind(line):  # the genre's footers/share bars, whoever found them
            out.append(line)
    return out
