"""Units of measure and the words around them (``extractors/lexicons/units.toml``).

``[families]``: units by family (count, money, ratio, time …); ``[per] denominators``: what may
follow a unit and ``/`` as one unit (元/月); ``[rules] arabic_only``: units read only after Arabic
digits (一起, 十分 are words); ``[not_before]``: unit → characters after which it is not a unit
(135人才); ``[names]``: figures inside these are names, not quantities (``literal`` words,
``patterns`` regexes). The figure reader (:mod:`policydocs.extract.numbers`) builds its indexes from
this object.

Files merge table by table in name order (a user's file shadowing a shipped one of its name): a
later file's key replaces the same key of an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import cached, check_patterns, tables_of, words

# The tables read; each of their keys holds a list of strings. Other tables are left alone.
TABLES = ("families", "per", "rules", "not_before", "names")


@dataclass(frozen=True)
class Units:
    families: dict[str, tuple[str, ...]]  # family → its units as written
    denominators: tuple[str, ...]  # [per] denominators
    arabic_only: tuple[str, ...]  # [rules] arabic_only
    not_before: dict[str, tuple[str, ...]]  # unit → the characters after which it is not one
    name_words: tuple[str, ...]  # [names] literal
    name_patterns: tuple[str, ...]  # [names] patterns (regular expressions, checked to compile)


@cached
def units() -> Units:
    data: dict[str, dict[str, tuple[str, ...]]] = {name: {} for name in TABLES}
    for path, key, val in tables_of("lexicons", "units*.toml"):
        if key not in data:
            continue
        for name in val:
            data[key][name] = tuple(words(path, val, name, f"[{key}] "))
        if key == "names":
            check_patterns(path, "[names] patterns", val.get("patterns", []))
    names = data["names"]
    return Units(data["families"], data["per"].get("denominators", ()), data["rules"].get("arabic_only", ()),
                 data["not_before"], names.get("literal", ()), names.get("patterns", ()))


__all__ = ["TABLES", "Units", "units"]
