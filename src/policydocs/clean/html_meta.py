"""Metadata of an HTML page: title, date, issuer, column, site name.

The national guideline meta tags win (``ArticleTitle``, ``PubDate``, ``ContentSource``,
``ColumnName``, ``SiteName``); then a site profile's selectors; then og: tags and what the page
prints around the body: the in-page title (the element that ``<title>`` starts with, a heading, the
nearest title-like line above the body), labelled dates (``发布时间：2024-03-05``, ``发表于
2024-4-2``) and sources (``来源：XX市卫健委``) in the lines just above the body, the breadcrumb's
last column, and ``<title>``'s site suffix.
"""

from __future__ import annotations

import re
import unicodedata

from policydocs.clean.document import Removal
from policydocs.clean.html_walk import WS, Walk
from policydocs.knowledge.vocabulary import pattern, words


def css_first(node, selector: str):
    try:
        return node.css_first(selector)
    except Exception:  # a bad selector in a user's profile must not stop extraction
        return None


def css(node, selector: str):
    try:
        return node.css(selector)
    except Exception:
        return []


def read_meta(tree) -> dict[str, str]:
    meta: dict[str, str] = {}
    head = tree.head
    nodes = tree.css("meta") if head is None else head.css("meta")
    for m in nodes:
        a = m.attributes
        key = a.get("name") or a.get("property") or a.get("itemprop")
        val = a.get("content")
        if key and val and val.strip():
            meta.setdefault(key.strip().lower(), WS.sub(" ", val).strip())
    t = tree.css_first("title")
    if t is not None:
        meta["<title>"] = WS.sub(" ", t.text() or "").strip()
    return meta


# grammar: a date, year month day
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# A labelled date (发布时间：2024-03-01); the date is grammar: year, month, day.
_DATE_LABEL = pattern(
    r"({posted_label}|{upload_label}|{doc_date_label})\s*[:：]?\s*"
    r"((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
_SOURCE = pattern(r"(?:{source_label}|{source_label_other})\s*[:：]\s*([^\s|｜　:：]{2,40})")
_SOURCE_PREFIX = pattern(r"^{source_label}\s*[:：]\s*")  # 来源：新华社 in <meta name=source>
_UP_TO_SOURCE = pattern(r"^.*?{source_word}\s*[:：]\s*")  # 2024-03-01 信息来源：… in a source element
_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|--+|\s[-—–]+\s|(?<!\d)-(?!\d)|——)\s*")
_POWERED = re.compile(r"Powered by|Discuz|phpwind|WordPress", re.I)
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


def norm(s: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", s))


def _node_text(root, selectors) -> str | None:
    for sel in selectors or []:
        n = css_first(root, sel)
        if n is not None:
            t = WS.sub(" ", n.text(separator=" ") or "").strip()
            if t:
                return t
    return None


def fill_metadata(res, meta: dict, w: Walk, start: int, end: int,
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
    if not date:  # labelled, nearest the body first; a publication date before 成文日期/发文日期
        doc_dates = words("doc_date_label")
        found = [(m.group(1) in doc_dates, -i, m.group(2)) for i in header
                 for m in [_DATE_LABEL.search(blocks[i].text)] if m]
        if found:
            date = iso_date(min(found)[2])
    if not date:  # an unlabelled date line near the top of the body: "(2024-03-12 20:15:33)"
        near = list(range(min(start, len(blocks)) - 1, max(-1, start - 8), -1))
        near[1:1] = range(start, min(start + 3, len(blocks)))  # or just inside it (title, info line)
        for i in near:
            if blocks[i].chars <= 80 and blocks[i].punct == 0:
                date = iso_date(blocks[i].text)
                if date:
                    break
    if not date:  # a forum's note under the post: 本贴由某某于2005年8月12日…发表
        date = next((d for i in range(start, min(len(blocks), end + 8)) if blocks[i].kind == "forum post note"
                     for d in [iso_date(blocks[i].text)] if d), None)
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
            issuer = _SOURCE_PREFIX.sub("", src).strip() or None
    if not issuer:
        t = _node_text(root, prof_html.get("source"))
        if t:
            issuer = _UP_TO_SOURCE.sub("", t).strip() or None
    if not issuer:
        for i in header:
            if blocks[i].chars <= 160:
                m = _SOURCE.search(blocks[i].text)
                if m:
                    issuer = m.group(1)
                    break
    res.issuer = issuer

    res.author = _author(meta, w, start, end, header, root)

    # column
    column = meta.get("columnname")
    if not column:
        for b in blocks[:start]:
            if b.kind == "breadcrumb":
                parts = [p for p in _BREAD_SEP.split(re.sub(r"^[^:：]*[:：]", "", b.text, count=1)) if p.strip()]
                tail = words("breadcrumb_tail")
                parts = [p for p in parts if p not in tail]
                if parts:
                    column = parts[-1].strip()
                break
    res.column = column

    # site name
    site = meta.get("sitename") or meta.get("og:site_name")
    if not site and page_title:
        parts = [p for p in _TITLE_SEP.split(page_title) if p.strip() and not _POWERED.search(p)]
        if len(parts) >= 2:
            site = parts[-1].strip()
    res.site_name = site


# A name is a run of letters or ideographs that is not itself a label (来源：…).
_NAME = r"(?![^\s]*[:：])[^\W\d_][^\W\d_·]{1,11}(?=[\s、,，]|$)"
_AUTHOR_LINE = pattern(r"(?:^|\s){author_label}\s*[:：]\s*(?P<names>" + _NAME + r"(?:[ 、,，]+" + _NAME + r"){0,4})")
_SIGNED = [pattern(r"{reporter_byline}"), pattern(r"{writer_credit}"), pattern(r"{forum_post_note}")]
# grammar: names are letters and ideographs (李楠, John Smith), not a URL, a user id or a list of keywords
_NAMES = re.compile(r"^[^\W\d_]{2,20}(?:[ ·][^\W\d_]{1,20}){0,3}$")


def _author(meta: dict, w: Walk, start: int, end: int, header: range, root) -> str | None:
    """Who wrote the text: <meta name=author>, a labelled 作者：… above or below it, a byline, a
    writers' credit or a forum's posted-by note next to it, else the element the template names as
    the author (class byline, author): names joined by spaces."""
    value = " ".join((meta.get("author") or meta.get("article:author") or "").split())
    site_parts = _TITLE_SEP.split(meta.get("<title>") or "")[1:] + [meta.get("og:site_name") or ""]
    if value and _NAMES.match(value) and value not in site_parts:  # many sites name themselves there
        return value
    blocks = w.blocks
    for i in list(header) + list(range(end, min(len(blocks), end + 8))):  # the info line above or below
        if blocks[i].chars <= 160:
            m = _AUTHOR_LINE.search(blocks[i].text)
            if m:
                return " ".join(re.split(r"[ 、,，]+", m.group("names")))
    for i in range(max(0, start - 12), min(len(blocks), end + 8)):
        if blocks[i].kind in ("byline", "writer credit", "forum post note"):
            for p in _SIGNED:
                m = p.search(blocks[i].text)
                found = next((v for v in m.groupdict().values() if v and v.strip()), None) if m else None
                if found:  # names, writers or poster
                    roles = "|".join(words("byline_role"))
                    names = re.split(rf"[\s、,，]+|{roles}", found)  # 记者 A 通讯员 B
                    return " ".join(n for n in names if n) or None
    return _author_box(root)


_AUTHOR_PREFIX = pattern(r"^(?:{author_label}|by|posted by)\s*[:：]?\s*", re.I)


def _author_box(root) -> str | None:
    """The text of the first element whose class names it the author, outside comments."""
    selector = ", ".join(f'[class*="{w}"]' for w in words("author_box_name"))
    for node in css(root, selector)[:10]:
        up, in_comment = node, False
        for _ in range(8):  # a commenter's name sits in the same kind of element
            up = up.parent
            if up is None:
                break
            if "comment" in ((up.attributes.get("class") or "") + " " + (up.attributes.get("id") or "")).lower():
                in_comment = True
                break
        text = _AUTHOR_PREFIX.sub("", WS.sub(" ", node.text(deep=True) or "").strip())
        if not in_comment and _NAMES.match(text):
            return text
    return None


def _header_zone(w: Walk, start: int) -> range:
    """Blocks just before the body: where titles, dates and sources are printed."""
    lo = max(0, start - 12)
    return range(lo, min(start + 3, len(w.blocks)))


def _page_title(meta: dict, w: Walk, start: int, page_title: str) -> str | None:
    blocks = w.blocks
    og = meta.get("og:title")
    segs = [s for s in _TITLE_SEP.split(page_title) if s.strip()] if page_title else []
    first = segs[0].strip() if segs else ""
    # candidates: short blocks before the body, nearest first
    cands = []
    for i in range(min(start, len(blocks)) - 1, max(-1, start - 40), -1):
        b = blocks[i]
        if 4 <= b.chars <= 100 and not b.kind and b.link_chars < b.chars * 0.5:
            cands.append(b)
    # the body's own first block may be its heading (an <h1> inside the article box)
    inside = [blocks[i] for i in range(start, min(start + 1, len(blocks)))
              if blocks[i].heading and 4 <= blocks[i].chars <= 100 and not blocks[i].kind]
    # 1. an in-page element that <title>/og:title start with (or that starts with them)
    for ref in (og, first, page_title):
        if not ref or len(norm(ref)) < 4:
            continue
        nref = norm(ref)
        for b in cands + inside:
            nb = norm(b.text)
            if nb and (nb == nref or (len(nb) >= 6 and (nref.startswith(nb) or nb.startswith(nref)))):
                return b.text
    # headings before the body
    for b in cands:
        if b.heading and b.punct <= 2:
            return b.text
    if og:
        return og
    # 2. <title> minus the site suffix, when the page shows it somewhere
    if first and len(first) >= 6 and any(norm(first) in norm(b.text) for b in blocks[:start + 3]):
        return first
    # 3. the nearest title-like block before the body
    for b in cands[:8]:
        if b.punct <= 2 and b.colons <= 1 and not re.search(r"[。！？]$", b.text) and b.chars >= 6 \
                and not _DATE.search(b.text):
            return b.text
    return first or None


def drop_title_dup(res) -> None:
    if not res.title or not res.blocks:
        return
    nt = norm(res.title)
    if not nt:
        return
    for k in (1, 2):
        if len(res.blocks) <= k:
            break
        head = norm("".join(b.text for b in res.blocks[:k]))
        if head == nt:
            dup = res.blocks[:k]
            del res.blocks[:k]
            res.removed.append(Removal("\n".join(b.text for b in dup), "title (repeated in the body)",
                                       dup[0].source_start, dup[-1].source_end))
            return
