"""Numerals as written in Chinese policy text: Arabic (1,200, 3.5, full-width １２), Chinese
(一千二百, 三点五, 壹贰叁) and multipliers (万, 亿), read into numbers.

Only grammar: how a numeral is built. Where a figure stands, its unit and what it means is
:mod:`policydocs.extract.numbers`'s.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["CharMap", "FULL_WIDTH", "CN_DIGIT", "CN_SMALL", "CN_CHARS", "MULTIPLIER", "cn_value", "parse_number",
           "multiplier_value", "plain_number"]


class CharMap:
    """``str.translate`` by a table of single characters, skipped when a text holds none of them:
    translate looks every character up in a dict, a regex search first is ten times cheaper."""

    def __init__(self, source: str, target: str):
        self.table = str.maketrans(source, target)
        self._any = re.compile(f"[{re.escape(source)}]")

    def __call__(self, text: str) -> str:
        return text.translate(self.table) if self._any.search(text) else text


FULL_WIDTH = CharMap("０１２３４５６７８９．％－～：", "0123456789.%-~:")  # full-width digits and marks
# grammar: Chinese numerals (一二三, 壹贰叁), their places (十百千) and multipliers (万亿)
CN_DIGIT = dict(zip("零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖", [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9,
                                                             1, 2, 3, 4, 5, 6, 7, 8, 9]))
# grammar: the places of a Chinese numeral
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_CHARS = "".join(CN_DIGIT) + "".join(CN_SMALL) + "万亿"
MULTIPLIER = re.compile(r"[十百千]?(?:万亿|亿|万)|千|百")  # grammar: multipliers


def cn_value(s: str) -> Decimal | None:
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = Decimal(0) if whole in ("零", "〇") else cn_value(whole)
        if w is None or not frac or any(c not in CN_DIGIT for c in frac):
            return None
        return w + Decimal("0." + "".join(str(CN_DIGIT[c]) for c in frac))
    if len(s) >= 2 and s[-1] in CN_DIGIT and s[-2] in "百佰千仟万亿":  # 一万二 = 12000
        # grammar: places and multipliers
        mag = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10**4, "亿": 10**8}[s[-2]]
        head = cn_value(s[:-1])
        return None if head is None else head + CN_DIGIT[s[-1]] * mag // 10
    yi = wan = sec = 0
    num, prev, last_small, seen = None, "", 10**5, False
    for ch in s:
        if ch in CN_DIGIT:
            if prev in CN_DIGIT and prev not in "零〇" and ch not in "零〇":
                return None
            num, seen = CN_DIGIT[ch], True
        elif ch in CN_SMALL:
            if CN_SMALL[ch] >= last_small:
                return None  # 千千, 十百: not a numeral
            sec += (num if num is not None else 1) * CN_SMALL[ch]
            num, last_small, seen = None, CN_SMALL[ch], True
        elif ch in "万亿":
            if not seen or prev == ch or (prev == "亿" and ch == "万"):
                return None
            if ch == "万":
                wan, sec = (sec + (num or 0)) * 10**4, 0
            else:
                yi, wan, sec = (wan + sec + (num or 0)) * 10**8, 0, 0
            num, last_small = None, 10**5
        else:
            return None
        prev = ch
    total = yi + wan + sec + (num or 0)
    return Decimal(total) if seen and total else None


def parse_number(s: str) -> int | float | None:
    """``"1,200"`` → 1200, ``"1.2万"`` → 12000, ``"一千二百万"`` → 12000000, ``"三点五"`` → 3.5."""
    s = FULL_WIDTH(s).strip()
    m = MULTIPLIER.search(s)
    mult = 1
    if m and m.end() == len(s) and m.start() > 0 and s[m.start() - 1].isdigit():
        mult, s = multiplier_value(m.group()), s[: m.start()]
    try:
        value = Decimal(s.replace(",", "")) if s[:1].isdigit() else cn_value(s)
    except InvalidOperation:
        return None
    return None if value is None else plain_number(value * mult)


def multiplier_value(m: str) -> int:
    out = 1
    for ch in m:
        # grammar: multipliers
        out *= {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}[ch]
    return out


def plain_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)
