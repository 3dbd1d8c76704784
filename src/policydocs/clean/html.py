"""Main content and metadata of an HTML page.

Layers, first that yields text wins (trafilatura-style):

1. a site profile (``extractors/sites/*.toml``) that recognises the page by URL host or markers and
   names the body container (``[html] content``), e.g. TRS ``div.TRS_Editor``, Hanweb ``#zoom``,
   gov.cn ``#UCAP-CONTENT``;
2. the text-density finder (``density.py``): max-sum subtree over per-block scores;
3. trafilatura (``favor_precision=True``), when density finds too little (< ``MIN_CHARS``);
4. readability-lxml.

Chosen by measurement on ``tests/fixtures/html`` (``bench/compare_extractors.py``): density alone
had the best macro F1 and is ~10x faster than trafilatura, so it goes first and the libraries are
fallbacks.

Metadata: the national guideline meta tags (``ArticleTitle``, ``PubDate``, ``ContentSource``,
``ColumnName``, ``SiteName``) win; else og: tags, the in-page title (``h1``/title-like element
that matches ``<title>``), ``<title>`` minus the site suffix, and labelled dates/sources near the
title (``发布时间：2024-03-05``, ``来源：XX市卫健委``).

Parsing is selectolax's lexbor (C, iterative: deep nesting and malformed markup are fine); scripts
and styles are never entered. ``Block.source_start/end`` are found by searching each block's first
and last characters in the markup, moving forward (bounded work, linear); ``None`` when not found
(e.g. the text is written with character entities).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from policydocs.clean import density
from policydocs.clean.document import Removal
from policydocs.errors import InputError

MIN_CHARS = 60  # a generic result with less body text than this tries the next method
PROFILE_MIN_CHARS = 10

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
    meta = _read_meta(tree)
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
                node = _css_first(root, sel)
                if node is not None:
                    containers.append((prof, node))
                    for dsel in list(prof.html.get("drop", [])) + list(generic_drop):
                        for d in _css(node, dsel):
                            drop_ids[d.mem_id] = f"{prof.name}: {dsel}"
                    break
    frame_ids = {node.mem_id for _, node in containers}
    w = density.walk(root, frame_ids=frame_ids, drop_ids=drop_ids)
    main = density.find_main(w)  # also scores every block (needed for titles/dates)

    result: HtmlExtraction | None = None
    chosen: tuple[int, int] | None = None
    for prof, node in containers:
        fi = w.by_mem.get(node.mem_id)
        if fi is None:
            continue
        f = w.frames[fi]
        kept = _kept(w, f.start, f.end)
        if sum(w.blocks[i].chars for i in kept) >= PROFILE_MIN_CHARS:
            result = HtmlExtraction([], profile=prof.name, method=f"profile:{prof.name}")
            chosen = (f.start, f.end)
            break
    candidates: list[tuple[str, object]] = []
    if result is None:
        for m in methods:
            if m == "density":
                if main is not None:
                    kept = _kept(w, main.start, main.end)
                    n = sum(w.blocks[i].chars for i in kept)
                    candidates.append(("density", ((main.start, main.end), n)))
                    if n >= MIN_CHARS:
                        break
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
        keep = set(_kept(w, start, end))
        result.blocks = [Block(w.blocks[i].text) for i in sorted(keep)]
    else:
        start, end = len(w.blocks), len(w.blocks)
        keep = set()

    _metadata(result, meta, w, start, end, profiles, root)
    _drop_title_dup(result)
    if not any(b.text for b in result.blocks):
        raise InputError(source, "no main text found")
    _removals_and_offsets(result, markup, w, start, end, keep)
    return result


# --- profiles --------------------------------------------------------------------------------

def _matching_profiles(markup: str, url: str | None):
    try:
        from policydocs.clean.profiles import load_profiles
    except ImportError:  # pragma: no cover
        return []
    _, sites = load_profiles()
    head = markup[:400_000]  # markers sit in the head/template; don't scan 20 MB per profile
    by_url = [p for p in sites if url and p.domains and p.matches("", url)]
    by_marker = [p for p in sites if p not in by_url and any(m in head for m in p.markers)]
    return by_url + by_marker


def _generic_html() -> dict:
    try:
        from policydocs.clean.profiles import load_profiles
        generic, _ = load_profiles()
        return generic.html or {}
    except Exception:  # pragma: no cover
        return {}


def _css_first(node, selector: str):
    try:
        return node.css_first(selector)
    except Exception:  # a bad selector in a user's profile must not stop extraction
        return None


def _css(node, selector: str):
    try:
        return node.css(selector)
    except Exception:
        return []


# --- block selection -------------------------------------------------------------------------

def _kept(w: density.Walk, start: int, end: int) -> list[int]:
    """Indices of the blocks in [start, end) that are body text."""
    blocks = w.blocks
    kept = []
    seen_sentence = False
    for i in range(start, end):
        b = blocks[i]
        if b.score == 0.0 and b.kind is None:
            b.score = density.score_block(b)
        why = density.keep_block(b)
        if why == "date/source line" and seen_sentence:
            why = None  # "时间：3月8日上午9:00" inside a notice is body text
        if why is None:
            kept.append(i)
            if b.punct >= 2 and b.chars >= 30:
                seen_sentence = True
    # a related-articles header and what follows it at the end of the container
    return kept


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
    try:
        from readability import Document
        html = Document(markup).summary(html_partial=True)
    except Exception:
        return []
    tree = LexborHTMLParser(html)
    w = density.walk(tree.body or tree.root)
    return [b.text for b in w.blocks]


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = density._WS.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


# --- metadata --------------------------------------------------------------------------------

def _read_meta(tree) -> dict[str, str]:
    meta: dict[str, str] = {}
    head = tree.head
    nodes = tree.css("meta") if head is None else head.css("meta")
    for m in nodes:
        a = m.attributes
        key = a.get("name") or a.get("property") or a.get("itemprop")
        val = a.get("content")
        if key and val and val.strip():
            meta.setdefault(key.strip().lower(), density._WS.sub(" ", val).strip())
    t = tree.css_first("title")
    if t is not None:
        meta["<title>"] = density._WS.sub(" ", t.text() or "").strip()
    return meta


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_LABEL = re.compile(
    r"(发布时间|发布日期|发表时间|发表于|发布于|更新时间|时间|日期|发文日期|上传时间|录入时间)\s*[:：]?\s*"
    r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_SOURCE = re.compile(r"(?:信息来源|文章来源|稿件来源|稿源|来源|出处)\s*[:：]\s*([^\s|｜　:：]{2,40})")
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|--+|\s[-—–]+\s|(?<!\d)-(?!\d)|——)\s*")
_BREAD_SEP = re.compile(r"\s*(?:>|›|»|＞|→|\t|/|&gt;)+\s*")


def iso_date(text: str | None) -> str | None:
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _norm(s: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", s))


def _node_text(root, selectors) -> str | None:
    for sel in selectors or []:
        n = _css_first(root, sel)
        if n is not None:
            t = density._WS.sub(" ", n.text(separator=" ") or "").strip()
            if t:
                return t
    return None


def _metadata(res: HtmlExtraction, meta: dict, w: density.Walk, start: int, end: int,
              profiles, root) -> None:
    blocks = w.blocks
    prof_html: dict = {}
    for p in profiles:
        for k, v in (p.html or {}).items():
            prof_html.setdefault(k, v)
    page_title = meta.get("<title>") or ""

    # title
    title = meta.get("articletitle") or _node_text(root, prof_html.get("title"))
    if not title:
        title = _page_title(meta, w, start, page_title)
    res.title = title or None

    # date
    date = None
    for key in ("pubdate", "publishdate", "firstpublishedtime", "publishtime", "article:published_time",
                "og:release_date", "dc.date", "dc.date.issued", "date", "released"):
        date = iso_date(meta.get(key))
        if date:
            break
    if not date:
        date = iso_date(_node_text(root, prof_html.get("date")))
    header = _header_zone(w, start)
    if not date:
        for i in header:
            m = _DATE_LABEL.search(blocks[i].text)
            if m:
                date = iso_date(m.group(2))
                break
    if not date:
        for i in list(header)[-6:]:
            if blocks[i].chars <= 80:
                date = iso_date(blocks[i].text)
                if date:
                    break
    if not date:  # labelled dates anywhere outside the body (footer-side info boxes)
        for i in list(range(0, start)) + list(range(end, len(blocks))):
            m = _DATE_LABEL.search(blocks[i].text) if blocks[i].chars <= 120 else None
            if m:
                date = iso_date(m.group(2))
                break
    res.date = date

    # issuer
    issuer = meta.get("contentsource")
    if not issuer:
        src = meta.get("source") or meta.get("og:article:source")
        if src:
            issuer = re.sub(r"^(来源|信息来源|文章来源)\s*[:：]\s*", "", src).strip() or None
    if not issuer:
        t = _node_text(root, prof_html.get("source"))
        if t:
            issuer = re.sub(r"^.*?(来源|出处)\s*[:：]\s*", "", t).strip() or None
    if not issuer:
        for i in header:
            if blocks[i].chars <= 160:
                m = _SOURCE.search(blocks[i].text)
                if m:
                    issuer = m.group(1)
                    break
    res.issuer = issuer

    # column
    column = meta.get("columnname")
    if not column:
        for b in blocks[:start]:
            if b.kind == "breadcrumb":
                parts = [p for p in _BREAD_SEP.split(re.sub(r"^[^:：]*[:：]", "", b.text, count=1)) if p.strip()]
                parts = [p for p in parts if p not in ("正文", "详情", "内容", "文章", "正文内容")]
                if parts:
                    column = parts[-1].strip()
                break
    res.column = column

    # site name
    site = meta.get("sitename") or meta.get("og:site_name")
    if not site and page_title:
        parts = [p for p in _TITLE_SEP.split(page_title) if p.strip()]
        if len(parts) >= 2:
            site = parts[-1].strip()
    res.site_name = site


def _header_zone(w: density.Walk, start: int) -> range:
    """Blocks just before the body: where titles, dates and sources are printed."""
    lo = max(0, start - 12)
    return range(lo, min(start + 3, len(w.blocks)))


def _page_title(meta: dict, w: density.Walk, start: int, page_title: str) -> str | None:
    blocks = w.blocks
    og = meta.get("og:title")
    segs = [s for s in _TITLE_SEP.split(page_title) if s.strip()] if page_title else []
    first = segs[0].strip() if segs else ""
    # candidates: short blocks before the body (and its first block), nearest first
    cands = []
    for i in range(min(start, len(blocks)) - 1, max(-1, start - 40), -1):
        b = blocks[i]
        if 4 <= b.chars <= 100 and b.kind is None and b.link_chars < b.chars * 0.5:
            cands.append(b)
    # 1. an in-page element that <title>/og:title start with (or that starts with them)
    for ref in (og, first, page_title):
        if not ref or len(_norm(ref)) < 4:
            continue
        nref = _norm(ref)
        for b in cands:
            nb = _norm(b.text)
            if nb and (nb == nref or (len(nb) >= 6 and (nref.startswith(nb) or nb.startswith(nref)))):
                return b.text
    # headings before the body
    for b in cands:
        if b.heading and b.punct <= 2:
            return b.text
    if og:
        return og
    # 2. <title> minus the site suffix, when the page shows it somewhere
    if first and len(first) >= 6 and any(_norm(first) in _norm(b.text) for b in blocks[:start + 3]):
        return first
    # 3. the nearest title-like block before the body
    for b in cands[:8]:
        if b.punct <= 2 and not re.search(r"[。！？]$", b.text) and b.chars >= 6:
            return b.text
    return first or None


def _drop_title_dup(res: HtmlExtraction) -> None:
    if not res.title or not res.blocks:
        return
    nt = _norm(res.title)
    if not nt:
        return
    for k in (1, 2):
        if len(res.blocks) <= k:
            break
        head = _norm("".join(b.text for b in res.blocks[:k]))
        if head == nt:
            dup = res.blocks[:k]
            del res.blocks[:k]
            res.removed.append(Removal("\n".join(b.text for b in dup), "title (repeated in the body)",
                                       dup[0].source_start, dup[-1].source_end))
            return


# --- removals and source offsets -------------------------------------------------------------

_ANCHOR = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]{2,}")


def _locate(markup: str, text: str, cursor: int, budget: list[int]) -> tuple[int | None, int | None]:
    runs = _ANCHOR.findall(text)
    if not runs or budget[0] <= 0:
        return None, None
    first = runs[0][:8]
    limit = min(len(markup), cursor + 2_000_000)
    i = markup.find(first, cursor, limit)
    if i < 0:
        budget[0] -= limit - cursor
        return None, None
    budget[0] -= i - cursor
    last = runs[-1][-8:]
    span_limit = min(len(markup), i + 8 * len(text) + 4000)
    j = markup.find(last, i, span_limit) if len(runs) > 1 or len(runs[0]) > 8 else i + len(first) - len(last)
    if j < 0:
        return i, None
    return i, j + len(last)


def _removals_and_offsets(res: HtmlExtraction, markup: str, w: density.Walk, start: int, end: int,
                          keep: set[int]) -> None:
    body_at = re.search(r"<body[\s>]", markup[:2_000_000], re.I)
    cursor = body_at.start() if body_at else 0
    budget = [max(4 * len(markup), 1_000_000)]
    removed: list[Removal] = list(res.removed)
    res.removed = removed
    if w.blocks and (start < end or keep):
        kept_iter = iter(res.blocks)
        title_norm = _norm(res.title) if res.title else None
        run: list[tuple[str, int | None, int | None]] = []
        run_reason = None

        def close():
            nonlocal run, run_reason
            if run:
                removed.append(Removal("\n".join(t for t, _, _ in run), run_reason,
                                       run[0][1], run[-1][2] if run[-1][2] is not None else run[-1][1]))
            run, run_reason = [], None

        kept_texts = {b.text for b in res.blocks}
        for i, b in enumerate(w.blocks):
            s, e = _locate(markup, b.text, cursor, budget)
            if e is not None:
                cursor = e
            if i in keep and b.text in kept_texts:
                close()
                for kb in kept_iter:
                    if kb.text == b.text:
                        kb.source_start, kb.source_end = s, e
                        break
                continue
            if i in keep:  # kept but removed afterwards (title repeated in the body)
                for r in removed:
                    if r.reason.startswith("title") and r.source_start is None:
                        r.source_start, r.source_end = s, e
                continue
            if start <= i < end:
                reason = f"boilerplate: {density.keep_block(b) or 'inside main content'}"
            elif title_norm and _norm(b.text) == title_norm:
                reason = "title (kept as metadata)"
            else:
                reason = "outside main content"
            if reason != run_reason:
                close()
                run_reason = reason
            run.append((b.text, s, e))
        close()
    else:
        for b in res.blocks:
            s, e = _locate(markup, b.text, cursor, budget)
            b.source_start, b.source_end = s, e
            if e is not None:
                cursor = e
