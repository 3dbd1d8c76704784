"""Site profiles as data: ``extractors/sites/*.toml`` loaded into :class:`SiteProfile` objects.

How a profile is used is the stages' business: the cleaner keeps and drops by it
(:mod:`policydocs.clean.profiles`), the crawler finds lists and pages by its ``[crawl]`` table
(:mod:`policydocs.acquire.crawl`), the store reads its ``trust``. The schema is in
``policydocs.clean.profiles``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from policydocs.knowledge.files import KnowledgeError, read_toml, register_loader, register_reset
from policydocs.knowledge.needs import first_chars, required_chars
from policydocs.knowledge.vocabulary import compose, words
from policydocs.resources import extractor_dirs, extractor_files


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    reason: str
    max_length: int | None = None  # only lines up to this length (a footer line is short)
    end: bool = False  # truncation: the page shows no more text after this notice
    # Characters every match holds (needs.py): cut_truncation skips lines without them. (The
    # other rules are cheap: anchored at ^ or opening with a literal; there it would gain nothing.)
    needs: tuple = field(default=(), compare=False)
    # For a rule anchored at ^: the characters a line it matches opens with (None: any line).
    first: frozenset | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.needs:
            object.__setattr__(self, "needs", required_chars(self.pattern))
        if self.first is None:
            object.__setattr__(self, "first", first_chars(self.pattern))

    def search(self, line: str) -> re.Match | None:
        if self.max_length is not None and len(line) > self.max_length:
            return None
        return self.pattern.search(line)


@dataclass
class SiteProfile:
    name: str
    label: str = ""
    trust: str = ""  # official | news | template: the source trust of the site ("" = no opinion)
    path: Path | None = None
    domains: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    html: dict = field(default_factory=dict)
    drop_lines: list[Rule] = field(default_factory=list)
    drop_from: list[Rule] = field(default_factory=list)
    drop_until: list[Rule] = field(default_factory=list)
    truncation: list[Rule] = field(default_factory=list)
    related_headers: list[re.Pattern] = field(default_factory=list)
    credit_lines: list[re.Pattern] = field(default_factory=list)
    title_suffixes: list[re.Pattern] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def matches(self, text: str = "", url: str | None = None) -> bool:
        if url and self.domains:
            host = (urlparse(url).hostname or "").lower()
            if any(host == d or host.endswith("." + d) for d in self.domains):
                return True
        return any(m in text for m in self.markers)


def _compile(pattern: str) -> re.Pattern:
    """A profile's pattern, in which ``{name}`` stands for a word list of extractors/vocabulary/."""
    return re.compile(compose(pattern))


def _words(items: list) -> list[str]:
    """A profile's words, in which an entry ``{name}`` stands for the words of that list."""
    out: list[str] = []
    for item in items:
        name = re.fullmatch(r"\{([a-z][a-z0-9_]*)\}", item)
        out.extend(words(name.group(1)) if name else [item])
    return out


def _rules(items: list, default_reason: str) -> list[Rule]:
    rules = []
    for item in items:
        if isinstance(item, str):
            item = {"pattern": item}
        rules.append(Rule(
            _compile(item["pattern"]),
            item.get("reason", default_reason),
            item.get("max_length"),
            bool(item.get("end", False)),
        ))
    return rules


def parse_profile(data: dict, path: Path | None = None) -> SiteProfile:
    text = data.get("text", {})
    name = data["name"]
    return SiteProfile(
        name=name,
        label=data.get("label", ""),
        trust=data.get("trust", ""),
        path=path,
        domains=[d.lower() for d in data.get("domains", [])],
        markers=data.get("markers", []),
        html=data.get("html", {}),
        drop_lines=_rules(text.get("drop_lines", []), f"{name}: boilerplate line"),
        drop_from=_rules(text.get("drop_from", []), f"{name}: footer"),
        drop_until=_rules(text.get("drop_until", []), f"{name}: header"),
        truncation=_rules(text.get("truncation", []), "truncation notice"),
        related_headers=[_compile(p) for p in text.get("related_headers", [])],
        credit_lines=[_compile(p) for p in text.get("credit_lines", [])],
        title_suffixes=[_compile(p) for p in text.get("title_suffixes", [])],
        title_words=_words(text.get("title_words", [])),
        raw=data,
    )


def load_profile(path: Path) -> SiteProfile:
    data = read_toml(path)
    if not isinstance(data.get("name"), str):
        raise KnowledgeError(path, "site profile has no name (a string)")
    try:
        return parse_profile(data, path)
    except re.error as exc:
        raise KnowledgeError(path, f"bad pattern {exc.pattern!r}: {exc}") from None
    except (TypeError, AttributeError, KeyError, ValueError) as exc:  # a value of the wrong type
        raise KnowledgeError(path, f"not a valid site profile: {exc}") from None


@lru_cache(maxsize=4)
def _load_all(key: tuple[str, ...]) -> tuple[SiteProfile, tuple[SiteProfile, ...]]:
    generic = None
    sites = []
    for path in map(Path, key):
        profile = load_profile(path)
        if path.name == "_generic.toml":
            generic = profile
        else:
            sites.append(profile)
    if generic is None:
        generic = SiteProfile(name="generic")
    return generic, tuple(sites)


@register_loader
def load_profiles() -> tuple[SiteProfile, tuple[SiteProfile, ...]]:
    """(generic rules, site profiles) from every extractor dir."""
    # Listing the directories took longer than the rest of rules_for, for every page: the list is
    # kept while no sites/ directory changes (adding, removing or renaming a file changes its mtime).
    return _load_listed(tuple((str(d), _mtime(d / "sites")) for d in extractor_dirs()))


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=4)
def _load_listed(dirs_and_mtimes: tuple) -> tuple[SiteProfile, tuple[SiteProfile, ...]]:
    """(the argument is only the cache key)"""
    files = extractor_files("sites", "*.toml")
    return _load_all(tuple(str(p) for p in files))


@register_reset
def reset() -> None:
    """Forget the loaded profiles (the cache is keyed by file names, not by what the files hold)."""
    _load_listed.cache_clear()
    _load_all.cache_clear()
