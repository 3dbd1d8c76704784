"""Indicator families for the overview's 完成率 chart (``extractors/vocabulary/families.toml``).

The words are data: every list named ``family_*`` is a family, its name as the page shows it is
its meaning up to the first colon, and a target belongs to the first family (in file order) one of
whose words occurs in its indicator.
"""

from __future__ import annotations

from functools import lru_cache

from policydocs.knowledge.vocabulary import vocabulary

OTHER = "其他"  # grammar: output label (targets of no family)


@lru_cache(maxsize=1)
def families() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, words) of each family, in file order."""
    out = []
    for name, wl in vocabulary().items():
        if name.startswith("family_"):
            label = wl.meaning.replace(":", "：").split("：", 1)[0].strip() or name
            out.append((label, wl.words))
    return tuple(out)


@lru_cache(maxsize=65536)
def family_of(indicator: str | None) -> str:
    text = indicator or ""
    for label, words in families():
        if any(w in text for w in words):
            return label
    return OTHER


def labels() -> list[str]:
    return [label for label, _ in families()] + [OTHER]
