"""Site profiles: how to recognise a site and what to keep or drop there, as data.

Each ``extractors/sites/*.toml`` file is one profile; ``_generic.toml`` holds the rules of the
genre that apply on every page (a profile adds to them, it does not replace them).
Schema (every key optional except ``name``)::

    name = "fanwy"
    label = "快文网"
    trust = "template"                     # official | news | template (policydocs.store.trust)
    domains = ["fanwy.cn"]                 # matched against the URL's host (suffix match)
    markers = ["快文网", "fanwy.cn"]         # any one in the raw text identifies the site
    [html]
    content = ["div.content"]              # CSS selectors of the body container, tried in order
    drop = ["div.related"]                 # CSS selectors removed inside the container
    title = ["h1.title"]
    date = ["span.time"]
    source = ["span.source"]
    [text]
    drop_lines = [{pattern = "^更多相关", reason = "related-articles header"}]
    drop_from = [{pattern = "^上一篇[::]", reason = "previous/next links and footer"}]
    drop_until = [{pattern = "...", reason = "..."}]  # drop everything up to and including the match
    truncation = [{pattern = "省略(?P<omitted>\\d+)字", end = false}]
    related_headers = ["^更多相关文章"]   # header of a related-articles list
    credit_lines = ["^编辑[:：](?P<editor>\\S+)"]  # end-of-piece credits, kept as metadata
    title_suffixes = ["[(（]完整文档[)）]$"]

    Rules are ``{pattern, reason, max_length?, end?}`` tables or bare pattern strings. In a pattern,
    ``{name}`` stands for the word list ``name`` of ``extractors/vocabulary/`` (``{breadcrumb_label}``
    is ``(?:当前位置|您的位置|…)``), so page furniture is written once for the profiles and the HTML
    cleaner; an unknown name is an error naming the profile. A ``title_words`` entry ``"{name}"``
    stands for the words of that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policydocs.knowledge.sites import Rule, SiteProfile, load_profiles

__all__ = ["Rule", "SiteProfile", "RuleSet", "load_profiles", "rules_for", "match_profiles"]


@dataclass
class RuleSet:
    """The generic rules plus those of every matching profile (profile rules first)."""

    profiles: list[SiteProfile]
    drop_lines: list[Rule]
    drop_from: list[Rule]
    drop_until: list[Rule]
    truncation: list[Rule]
    related_headers: list[re.Pattern]
    credit_lines: list[re.Pattern]
    title_suffixes: list[re.Pattern]
    title_words: list[str]
    _by_first: dict = field(default_factory=dict, repr=False, compare=False)

    def line_rules(self, text: str) -> list[Rule]:
        """The drop_lines rules, in order, less those anchored at ^ that cannot match ``text``.

        Every line is tried against every rule, and most rules are anchored: skipping those whose
        first characters the line does not open with takes a third off drop_lines and drop_footer.
        The choice is kept per first character: a RuleSet's rules are not changed once it is built.
        """
        key = text[:1]
        rules = self._by_first.get(key)
        if rules is None:
            rules = self._by_first[key] = [r for r in self.drop_lines if r.first is None or key in r.first]
        return rules


def rules_for(text: str = "", url: str | None = None, site: str | None = None) -> RuleSet:
    """Merge the generic rules with the profiles that recognise this page (or the one named)."""
    generic, sites = load_profiles()
    if site:
        chosen = [p for p in sites if p.name == site]
        if not chosen:
            raise ValueError(f"no site profile named {site!r}")
    else:
        chosen = [p for p in sites if p.matches(text, url)]
    layers = chosen + [generic]

    def merged(attr: str) -> list:
        return [item for layer in layers for item in getattr(layer, attr)]

    return RuleSet(
        profiles=chosen,
        drop_lines=merged("drop_lines"),
        drop_from=merged("drop_from"),
        drop_until=merged("drop_until"),
        truncation=merged("truncation"),
        related_headers=merged("related_headers"),
        credit_lines=merged("credit_lines"),
        title_suffixes=merged("title_suffixes"),
        title_words=merged("title_words"),
    )


def match_profiles(text: str = "", url: str | None = None) -> list[SiteProfile]:
    """The site profiles that recognise this page (by URL host or text markers)."""
    _, sites = load_profiles()
    return [p for p in sites if p.matches(text, url)]
