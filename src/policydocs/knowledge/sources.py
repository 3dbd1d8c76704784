"""Source trust rules as data (``extractors/sources.toml``): the domains, host patterns and site
names of official, news and template sources, and the placeholders and markers of a template copy.

The file's header says the order in which the signals decide; applying them is
:mod:`policydocs.store.trust`'s. Every pattern is checked to compile here. A user's
``sources.toml`` in ``POLICYDOCS_EXTRACTORS`` replaces the shipped one whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import KnowledgeError, cached, check_patterns, read_toml, table, words
from policydocs.resources import extractor_files

CATEGORIES = ("official", "news", "template")  # the tables of the file, in this order
MIN_PLACEHOLDERS = 2  # when the file does not say


@dataclass(frozen=True)
class SourceCategory:
    label: str  # official, news or template
    domains: tuple[str, ...]  # suffixes of a URL host, lower case
    host_patterns: tuple[str, ...]  # regular expressions searched in the host
    site_names: tuple[str, ...]  # regular expressions searched in the page's site name


@dataclass(frozen=True)
class Sources:
    categories: tuple[SourceCategory, ...]  # in the order of CATEGORIES
    placeholder_patterns: tuple[str, ...]  # [template]: unfilled names of a template (XX市)
    min_placeholders: int  # how many placeholders make a text a template
    removal_reasons: tuple[str, ...]  # the cleaner's removals only template sites produce
    markers: tuple[str, ...]  # words in the removed chrome or the title of a template copy


def _patterns(path, section: dict, label: str, key: str) -> tuple[str, ...]:
    found = words(path, section, key, f"[{label}] ")
    check_patterns(path, f"[{label}] {key}", found)
    return tuple(found)


def _parse(path, data: dict) -> Sources:
    sections = {label: table(path, data, label) for label in CATEGORIES}
    categories = tuple(SourceCategory(label, tuple(d.lower() for d in words(path, sec, "domains", f"[{label}] ")),
                                      _patterns(path, sec, label, "host_patterns"),
                                      _patterns(path, sec, label, "site_names"))
                       for label, sec in sections.items())
    tpl = sections["template"]
    least = tpl.get("min_placeholders", MIN_PLACEHOLDERS)
    if not isinstance(least, int) or isinstance(least, bool):
        raise KnowledgeError(path, "[template] min_placeholders must be a whole number")
    return Sources(categories, _patterns(path, tpl, "template", "placeholder_patterns"), least,
                   tuple(words(path, tpl, "removal_reasons", "[template] ")),
                   tuple(words(path, tpl, "markers", "[template] ")))


@cached
def sources() -> Sources:
    """The rules of the first ``sources.toml`` of the extractor dirs (none: no rule at all)."""
    for path in extractor_files(".", "sources.toml"):  # (one: a user's file shadows the shipped one)
        return _parse(path, read_toml(path))
    return _parse("sources.toml", {})


__all__ = ["CATEGORIES", "SourceCategory", "Sources", "sources"]
