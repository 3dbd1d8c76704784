"""Unit families and conversion, for comparing a target's figure with an actual's.

Stored values are multiplied out already (``100万人次`` → value 1000000, unit ``人次``; ``1.4万亿元``
→ unit ``元``), so units compare as written after the multiplier was stripped. A unit belongs to
one *family*; only statements of the same family are compared, and a value is converted to its
family's base unit before comparing (``公斤`` → ``吨``, ``‰`` → ``%``).

Families are deliberately narrow: ``个百分点`` (a change in a rate) is not ``%`` (a rate); ``人`` is
not ``户``; ``美元`` is not ``元``. Units we do not know form a family of their own (the unit).
"""

from __future__ import annotations

from functools import lru_cache

# unit → (family, factor to the family's base unit)
# grammar: units of measure and their conversion factors (how a figure's size is written, not the genre's words)
_TABLE: dict[str, tuple[str, float]] = {
    # rates
    "%": ("%", 1.0), "‰": ("%", 0.1), "‱": ("%", 0.01), "成": ("%", 10.0),
    "个百分点": ("百分点", 1.0), "百分点": ("百分点", 1.0),
    "倍": ("倍", 1.0),
    # people and counts that are the same thing written differently
    "人": ("人", 1.0), "人口": ("人", 1.0), "名": ("人", 1.0), "位": ("人", 1.0),
    "人次": ("人次", 1.0), "例": ("例", 1.0), "例次": ("例", 1.0),
    "床": ("床", 1.0), "床位": ("床", 1.0), "张": ("张", 1.0),
    "家": ("家", 1.0), "所": ("家", 1.0),
    "户": ("户", 1.0), "户次": ("户次", 1.0),
    "个": ("个", 1.0), "项": ("项", 1.0), "件": ("件", 1.0), "套": ("套", 1.0), "次": ("次", 1.0),
    # money
    "元": ("元", 1.0), "美元": ("美元", 1.0), "欧元": ("欧元", 1.0), "港元": ("港元", 1.0), "日元": ("日元", 1.0),
    # time
    "年": ("天", 365.0), "个月": ("天", 30.0), "个季度": ("天", 91.0), "周": ("天", 7.0),
    "天": ("天", 1.0), "日": ("天", 1.0), "小时": ("天", 1 / 24), "分钟": ("天", 1 / 1440),
    "个工作日": ("工作日", 1.0), "工作日": ("工作日", 1.0),
    "岁": ("岁", 1.0), "周岁": ("岁", 1.0),
    # physical
    "吨": ("吨", 1.0), "公斤": ("吨", 0.001), "千克": ("吨", 0.001), "克": ("吨", 1e-6), "斤": ("吨", 0.0005),
    "吨标准煤": ("吨标准煤", 1.0),
    "平方米": ("平方米", 1.0), "㎡": ("平方米", 1.0), "平方公里": ("平方米", 1e6), "平方千米": ("平方米", 1e6),
    "公顷": ("平方米", 1e4), "亩": ("平方米", 666.6667),
    "公里": ("米", 1000.0), "千米": ("米", 1000.0), "米": ("米", 1.0), "厘米": ("米", 0.01), "毫米": ("米", 0.001),
    "立方米": ("立方米", 1.0), "升": ("立方米", 0.001), "毫升": ("立方米", 1e-6),
    "千瓦时": ("千瓦时", 1.0), "度": ("千瓦时", 1.0), "千瓦": ("千瓦", 1.0), "瓦": ("千瓦", 0.001),
}

# what may stand before a unit as a leftover multiplier when a value was not multiplied out
_MULTIPLIERS = (("万亿", 1e12), ("亿", 1e8), ("千万", 1e7), ("百万", 1e6), ("万", 1e4), ("千", 1e3))


@lru_cache(maxsize=4096)  # linking asks for the same few units tens of thousands of times
def normalise(unit: str | None) -> tuple[str | None, float]:
    """(family, factor): ``value * factor`` is in the family's base unit. None for no unit."""
    if unit is None:
        return None, 1.0
    u = unit.strip().replace(" ", "")
    if not u:
        return None, 1.0
    factor = 1.0
    for prefix, mult in _MULTIPLIERS:  # a unit written with its multiplier (亿元): strip it
        if u.startswith(prefix) and len(u) > len(prefix):
            u, factor = u[len(prefix):], mult
            break
    if "/" in u:  # 元/月, 人次/年: one unit as written; the numerator's multiplier was stripped above
        return u, factor
    fam, f = _TABLE.get(u, (u, 1.0))
    return fam, factor * f


def family(unit: str | None) -> str | None:
    return normalise(unit)[0]


def compatible(a: str | None, b: str | None) -> bool:
    fa, fb = family(a), family(b)
    return fa is not None and fa == fb


def convert(value: float | None, unit: str | None, to_unit: str | None) -> float | None:
    """``value`` in ``unit`` expressed in ``to_unit`` (same family), else None."""
    if value is None:
        return None
    fa, ka = normalise(unit)
    fb, kb = normalise(to_unit)
    if fa is None or fa != fb or kb == 0:
        return None
    return value * ka / kb
