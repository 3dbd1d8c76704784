"""Discovery on fetched pages: list items and their dates, next pages, attachments.

Driven by :class:`policydocs.acquire.crawl.CrawlRules` (a site profile's ``[crawl]`` table).
Page scripts are never run: a pagination call's arguments are read with the profile's regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

# grammar: a date, year month day
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")

@dataclass
class Item:
    url: str
    date: str | None = None
    title: str | None = None


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def _base(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    href = base.attributes.get("href") if base else None
    return urljoin(url, href.strip()) if href else url


def absolute(base: str, href: str | None) -> str | None:
    """``href`` made absolute; None for links that are not pages (javascript:, mailto:, #...)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    url = urldefrag(urljoin(base, href))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def find_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def list_items(tree: LexborHTMLParser, html: str, url: str, rules: CrawlRules) -> list[Item]:
    """The articles (or attachments) a list page links to, in page order, with their dates."""
    base = _base(tree, url)
    nodes = []
    for selector in rules.items:
        nodes = [n for n in tree.css(selector) if n.css_first("a[href]") is not None]
        if nodes:
            break
    if not nodes and rules.records is not None:  # items kept in a script: parsed, never run
        nodes = [parse(m.group(1)).body for m in rules.records.finditer(html)]
        nodes = [n for n in nodes if n is not None and n.css_first("a[href]") is not None]
    items: list[Item] = []
    if nodes:
        for node in nodes:
            item = _item(node, base, rules)
            if item:
                items.append(item)
    else:  # no list markup known: links that look like articles, dated by their parent's text
        for link in tree.css("a[href]"):
            target = absolute(base, link.attributes.get("href"))
            if target and (any(p.search(target) for p in rules.articles) or rules.is_attachment(target)):
                parent = link.parent
                text = parent.text(separator=" ", strip=True) if parent is not None else ""
                items.append(Item(target, find_date(text), _title(link)))
    return list({item.url: item for item in reversed(items)}.values())[::-1]  # first mention wins


def _item(node, base: str, rules: CrawlRules) -> Item | None:
    links = [a for selector in rules.link for a in node.css(selector)]
    targets = [(absolute(base, a.attributes.get("href")), a) for a in links]
    targets = [(t, a) for t, a in targets if t]
    if not targets:
        return None
    # An item may also link its column or source: prefer the link that looks like an article.
    preferred = [(t, a) for t, a in targets if any(p.search(t) for p in rules.articles) or rules.is_attachment(t)]
    target, link = (preferred or targets)[0]
    date = None
    for selector in rules.date:
        found = node.css_first(selector)
        if found is not None:
            date = find_date(found.text(separator=" ", strip=True))
            if date:
                break
    return Item(target, date or find_date(node.text(separator=" ", strip=True)), _title(link))


def _title(link) -> str | None:
    title = (link.attributes.get("title") or link.text(separator=" ", strip=True) or "").strip()
    return title or None


def next_pages(tree: LexborHTMLParser, html: str, url: str, rules: CrawlRules) -> list[str]:
    """URLs of the list's next page(s), from pagination scripts, next links and ?page=N links."""
    base = _base(tree, url)
    found: list[str] = []
    for script in rules.page_scripts:
        page = _script_next(script, html, url)
        if page:
            found.append(page)
    for link in tree.css("a[href]"):
        label = link.text(separator=" ", strip=True)
        title = (link.attributes.get("title") or "").strip()
        if label in rules.next_text or (title and title in rules.next_text):
            found.append(absolute(base, link.attributes.get("href")))
    for selector in rules.next:
        for link in tree.css(selector):
            found.append(absolute(base, link.attributes.get("href")))
    if rules.page_param:
        found.extend(_param_next(tree, base, url, rules.page_param))
    return [u for u in dict.fromkeys(found) if u and u != url]


def _script_next(script: dict, html: str, url: str) -> str | None:
    match = re.search(script["pattern"], html)
    if not match:
        return None
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    for key in ("total", "current"):  # e.g. createPageHTML(countPage, currentPage, ...) after var lines
        if key not in groups and script.get(key):
            extra = re.search(script[key], html)
            if extra:
                groups[key] = extra.group(1)
    try:
        total, current = int(groups["total"]), int(groups["current"])
    except (KeyError, ValueError):
        return None
    if current + 1 >= total:
        return None
    values = {"prefix": script.get("prefix", "index"), "suffix": script.get("suffix", "html"), **groups}
    name = script.get("page", "{prefix}_{n}.{suffix}").format(n=current + 1, **values)
    return urljoin(url, name)


def _param_next(tree, base: str, url: str, params: list[str]) -> list[str]:
    query = dict(parse_qsl(urlsplit(url).query))
    out = []
    for param in params:
        try:
            current = int(query.get(param, "1"))
        except ValueError:
            continue
        for link in tree.css("a[href]"):
            target = absolute(base, link.attributes.get("href"))
            if not target or urlsplit(target).path != urlsplit(url).path:
                continue
            value = dict(parse_qsl(urlsplit(target).query)).get(param)
            if value and value.isdigit() and int(value) == current + 1:
                out.append(target)
    return out


def attachment_links(tree: LexborHTMLParser, url: str, rules: CrawlRules) -> list[Item]:
    """Attachments (PDF, DOC/DOCX...) an article page links to, in page order."""
    base = _base(tree, url)
    areas = [node for selector in rules.attachment_area for node in tree.css(selector)] or [tree.root]
    items = []
    for area in areas:
        if area is None:
            continue
        for link in area.css("a[href]"):
            target = absolute(base, link.attributes.get("href"))
            if target and target != url and rules.is_attachment(target):
                items.append(Item(target, None, _title(link)))
    return list({item.url: item for item in reversed(items)}.values())[::-1]
