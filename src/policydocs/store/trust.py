"""Source trust: does a document speak for a real office (official > news > unknown > template)?

    >>> import policydocs
    >>> from policydocs.store.trust import trust_of, assess
    >>> doc = policydocs.clean("corpora/seeds/004_4ae4994329b90035.txt")
    >>> trust_of(doc, "https://wsjkw.hebei.gov.cn/a.html")        # (label, rank)
    ('official', 3)
    >>> trust_of(doc, "corpora/seeds/004_4ae4994329b90035.txt")   # a local file says nothing
    ('unknown', 1)
    >>> source = "corpora/seeds/003_0111f2b5f4a14242.txt"
    >>> assess(policydocs.clean(source), source).reason
    'site profile yaojing (耀景文档网): template'

The signals are data: ``trust = "..."`` in the site profiles (``extractors/sites/*.toml``) and the
domain rules, placeholder patterns and template markers of ``extractors/sources.toml``, whose
header gives the order in which they decide. In short: what the user wrote next to the file
(``<stem>.meta.json`` or ``SOURCE.toml`` with ``trust`` or ``url``) wins, then the URL's host,
then a template site profile, then template signs in the text (placeholders such as XX市 /
×××同志, chrome only template sites carry, 范文 / 下面是小编为大家整理的), then an official or news
site profile or site name. A plain local file with none of these is ``unknown``. Text never
raises trust: template sites copy official reports word for word, so a local copy of the 政府工作报告
is ``unknown`` unless a sidecar says where it came from (``corpora/govreport/SOURCE.toml``).

Every decision comes with a one-line reason, stored in ``documents.trust_reason``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from policydocs.acquire.sidecar import read_sidecar, sidecar_path
from policydocs.knowledge.files import cached
from policydocs.knowledge.needs import may_match, required_chars
from policydocs.knowledge.sources import sources

OFFICIAL, NEWS, UNKNOWN, TEMPLATE = "official", "news", "unknown", "template"
LABELS = (OFFICIAL, NEWS, UNKNOWN, TEMPLATE)
SIDECAR_SUFFIX = ".meta.json"  # <stem>.meta.json next to the file (acquire.sidecar): {"url": ..., "trust": ...}
SOURCE_FILE = "SOURCE.toml"  # in the file's directory: url / trust / note for every file there


# Best first (documents.trust_rank), and as people read them in listings and the checklist.
TRUST_RANK = {OFFICIAL: 3, NEWS: 2, UNKNOWN: 1, TEMPLATE: 0}
TRUST_LABEL = {OFFICIAL: "政府网站", NEWS: "新闻媒体", UNKNOWN: "未知来源", TEMPLATE: "范文网站"}


def rank(label: str) -> int:
    """trust_rank of a label (:data:`TRUST_RANK`: official 3 … template 0)."""
    return TRUST_RANK[label]


@dataclass(frozen=True)
class Trust:
    label: str
    rank: int
    reason: str


@dataclass(frozen=True)
class _Category:
    label: str
    domains: tuple[str, ...]
    host_patterns: tuple[re.Pattern, ...]
    site_names: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class SourceRules:
    categories: tuple[_Category, ...]  # official, news, template
    placeholders: tuple[re.Pattern, ...]
    min_placeholders: int
    removal_reasons: frozenset[str]
    markers: tuple[str, ...]

    def by_domain(self, host: str) -> tuple[str, str] | None:
        """(label, rule) for a host: the longest matching domain suffix, else the first host pattern."""
        host = host.lower().rstrip(".")
        best = None
        for cat in self.categories:
            for d in cat.domains:
                if (host == d or host.endswith("." + d)) and (best is None or len(d) > len(best[1])):
                    best = (cat.label, d)
        if best:
            return best[0], f"*.{best[1]}" if host != best[1] else best[1]
        for label in (OFFICIAL, TEMPLATE, NEWS):  # generic patterns: the narrowest first
            for cat in self.categories:
                if cat.label == label:
                    for p in cat.host_patterns:
                        if p.search(host):
                            return label, f"host pattern {p.pattern}"
        return None

    def by_site_name(self, name: str) -> tuple[str, str] | None:
        for label in (TEMPLATE, OFFICIAL, NEWS):
            for cat in self.categories:
                if cat.label == label:
                    for p in cat.site_names:
                        if p.search(name):
                            return label, p.pattern
        return None


@cached
def source_rules() -> SourceRules:
    """The rules of :func:`policydocs.knowledge.sources.sources`, their patterns compiled."""
    known = sources()
    cats = tuple(_Category(c.label, c.domains, tuple(re.compile(p) for p in c.host_patterns),
                           tuple(re.compile(p) for p in c.site_names)) for c in known.categories)
    return SourceRules(cats, tuple(re.compile(p) for p in known.placeholder_patterns), known.min_placeholders,
                       frozenset(known.removal_reasons), known.markers)


# --- sidecars ----------------------------------------------------------------------------------

def sidecar(source: str | None) -> tuple[dict, str] | None:
    """What the user wrote about a local file: (``{"url"?, "trust"?}``, which file said it).

    ``<stem>.meta.json`` next to the file (keys ``url`` or ``source_url``, ``trust``) is read
    first, then ``SOURCE.toml`` in the same directory (``url``, ``trust``, ``note``: for every
    file of the directory, e.g. a folder of reports downloaded from one portal).
    """
    if not source or "://" in source:
        return None
    path = Path(source)
    found: dict = {}
    said = []
    declared = read_sidecar(path)
    found.update({k: declared[k] for k in ("url", "trust") if k in declared})
    if found:
        said.append(sidecar_path(path).name)
    try:
        src = path.parent / SOURCE_FILE
        if src.is_file() and not ("trust" in found and "url" in found):
            with open(src, "rb") as fh:
                data = tomllib.load(fh)
            before = dict(found)
            for key in ("url", "trust"):
                if isinstance(data.get(key), str) and data[key] and key not in found:
                    found[key] = data[key]
            if found != before:
                said.append(str(Path(path.parent.name) / SOURCE_FILE))
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return None  # an unreadable sidecar is no signal (never fail an ingest over it)
    return (found, " + ".join(said)) if found else None


# --- the decision ------------------------------------------------------------------------------

def _url_of(clean_doc, source: str | None, side: dict | None) -> str | None:
    for candidate in (source, getattr(clean_doc, "source", None)):
        if candidate and re.match(r"https?://", candidate, re.I):
            return candidate
    meta = getattr(clean_doc, "meta", None) or {}
    for value in (getattr(clean_doc, "url", None), meta.get("url"), (meta.get("container") or {}).get("url"),
                  (side or {}).get("url")):
        if isinstance(value, str) and re.match(r"https?://", value, re.I):
            return value
    return None


_needs = lru_cache(maxsize=64)(required_chars)


def template_signs(clean_doc, rules: SourceRules | None = None) -> list[str]:
    """Why the text looks like a template copy (empty: it does not)."""
    rules = rules or source_rules()
    signs = []
    text = clean_doc.text or ""
    # (the patterns open with a class or a lookbehind, so the engine tries them at every offset:
    # most texts lack every character they need, X ×, * or ○)
    found = sorted((m for p in rules.placeholders if may_match(_needs(p), text) for m in p.finditer(text)),
                   key=lambda m: m.start())
    if len(found) >= rules.min_placeholders:
        shown = "、".join(dict.fromkeys(re.split(r"[，,。；;：:、！？\s“”]", text[m.start():m.end() + 6])[0]
                                        for m in found[:6]))
        signs.append(f"{len(found)} placeholders ({shown})")
    reasons = sorted({r.reason for r in clean_doc.removed if r.reason in rules.removal_reasons})
    if reasons:
        signs.append("template chrome removed: " + ", ".join(reasons))
    chrome = "\n".join([clean_doc.title or ""] + [r.text for r in clean_doc.removed])
    markers = [m for m in rules.markers if m in chrome]
    if markers:
        signs.append("template words in title/chrome: " + ", ".join(markers[:4]))
    return signs


def _profiles(clean_doc):
    from policydocs.knowledge.sites import load_profiles

    names = [n for n in (getattr(clean_doc, "site", None) or "").split(",") if n]
    if not names:  # most documents: no site profile (and listing the profiles means a directory glob)
        return []
    _, sites = load_profiles()
    by_name = {p.name: p for p in sites}
    return [by_name[n] for n in names if n in by_name]


def assess(clean_doc, source: str | None = None) -> Trust:
    """The trust of a cleaned document read from ``source`` (a path or URL), with its reason."""
    rules = source_rules()
    source = source if source is not None else getattr(clean_doc, "source", None)
    side = sidecar(source)
    side_data, side_file = side if side else ({}, "")
    if side_data.get("trust") in LABELS:
        label = side_data["trust"]
        return Trust(label, rank(label), f"{side_file}: trust = {label}")
    url = _url_of(clean_doc, source, side_data)
    if url:
        host = urlparse(url).hostname or ""
        hit = rules.by_domain(host)
        if hit:
            via = f" (url from {side_file})" if side_file and url == side_data.get("url") else ""
            return Trust(hit[0], rank(hit[0]), f"domain {host} matches {hit[1]}: {hit[0]}{via}")
    profiles = _profiles(clean_doc)
    for p in profiles:
        if p.trust == TEMPLATE:
            return Trust(TEMPLATE, rank(TEMPLATE), f"site profile {p.name} ({p.label}): template")
    signs = template_signs(clean_doc, rules)
    if signs:
        return Trust(TEMPLATE, rank(TEMPLATE), "template signs: " + "; ".join(signs))
    best = max((p for p in profiles if p.trust in (OFFICIAL, NEWS)), key=lambda p: rank(p.trust), default=None)
    if best:
        return Trust(best.trust, rank(best.trust), f"site profile {best.name} ({best.label}): {best.trust}")
    site_name = ((getattr(clean_doc, "meta", None) or {}).get("site_name") or "").strip()
    if site_name:
        hit = rules.by_site_name(site_name)
        if hit:
            return Trust(hit[0], rank(hit[0]), f"site name {site_name} matches {hit[1]}: {hit[0]}")
    if url:
        return Trust(UNKNOWN, rank(UNKNOWN), f"no rule for {urlparse(url).hostname or url}")
    return Trust(UNKNOWN, rank(UNKNOWN), "no source signal (local file, no URL, no template signs)")


def trust_of(clean_doc, source: str | None = None) -> tuple[str, int]:
    """(label, rank): ``official`` 3, ``news`` 2, ``unknown`` 1, ``template`` 0."""
    t = assess(clean_doc, source)
    return t.label, t.rank


__all__ = ["trust_of", "assess", "Trust", "template_signs", "sidecar", "source_rules", "rank",
           "OFFICIAL", "NEWS", "UNKNOWN", "TEMPLATE"]
