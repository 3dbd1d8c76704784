"""Bytes → text for the encodings Chinese policy files come in, never guessing silently.

Order: BOM → declared charset (HTTP header / meta tag, checked against the bytes) → UTF-16
without a BOM (hinted by NUL and control bytes, kept only if the result reads as text) → strict
UTF-8 → GB18030 / Big5 / UTF-16 decoded strictly and ranked by how many of their characters are
common Chinese ones → charset-normalizer to break a tie → the same encodings decoded with their
invalid bytes marked (a damaged file) → InputError.
GB2312 and GBK are always decoded as GB18030: pages labelled gb2312 routinely contain GBK-only
characters (埇 喆 镕 堃), and GB18030 is a strict superset of both.

Damaged files (a multi-byte character cut in a copy, a few bytes overwritten) are read when the
invalid bytes are few: each invalid sequence becomes a visible 〓, listed in ``Decoded.damage``
and in a warning. GBK and Big5 lose step after a cut character (the next bytes pair up wrongly
until an ASCII byte), so the lost byte is looked for where the following characters read best.
Up to 1 % of the non-ASCII bytes may be invalid, and the text must read as Chinese: a wrong
encoding has more invalid bytes (UTF-8 read as GB18030: 1.8-5.9 %, GBK read as Big5: 1.2-9.3 %
over the 11 texts of corpora/seeds and govreport) and reads as nonsense (common-character score
0.03-0.08, against 0.75-0.91 for the right reading); a copy damaged by accident has a few
invalid bytes in thousands.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, field

from policydocs.errors import InputError

# The ~800 most frequent characters in jieba's dictionary (simplified), then the traditional
# (s2t, s2tw, s2hk) forms of those that differ. Real Chinese text, either script, scores ~0.88
# on the share of its non-ASCII characters found here; GBK read as Big5 or the reverse scores ~0.06.
_COMMON_SIMPLIFIED = (
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可"
    "过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所"
    "如现理机体表力好外与文当两实重新三么只山水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城"
    "十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知"
    "级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首共马形己儿司太目基领"
    "队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五"
    "京河接条规式县白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边"
    "据集联古广完质阳难增历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑"
    "革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃"
    "观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源息语股铁断派速怎需片爱律纪支早况病境证编"
    "越局推满且列觉服双未居除乐企引标确织初青志率项飞球节察龙响药站施均消客失轻存低甚般击曾防请离落显罗营"
    "足素视护副食创余照兴占巴虽洲村费易试星木黑左宝置跟央识维采六底宫房音环案批切斗富乡另倒若按查故突责严"
    "桥模仅胜杀围席态破承招杨负层须父供续状域似依银范修找九致密终血旅钱赛独细效玉冲获习医演毛尽脸弹楼艺航"
    "陆右协七攻镇检写苏宗章注阿抗弟坐验封紧劳户优财养适陈喜卫排射哥油刻留急降念云微伤例景拿绝阶座刘刚害印"
    "亿沙母酒助闻超审待压升送监策略限竟香配藏敌呢差仍兰温园树征善波哪词岛止预怕继皮执味份角草男普答益谁船"
    "惊核街夏宣掌田久著画辑奇尼剑吧谈背免孩礼材愿洋春架筑括晚乱乎讲尚良友临激刀夜室既敢邦挥昌板胡欧福港叶"
)
_COMMON_TRADITIONAL = (
    "國爲這個來會時學說們於後發對長過業裏經門動進區開產軍還種現機體與當兩實麼關從內沒將員東頭間無見戰點場"
    "數樣問並萬級應資務氣漢總電聲設義統處馬兒領隊計別權話報給變書幾華議稱決張導術結師達題條規縣風運組聽濟"
    "黨論強黃選記卻職號類傳帶幹農邊據聯廣質陽難歷專認車臺遊舉線團備爭衆連調轉該爾讓較際親單紅價約亞則屬積"
    "圖準極裝許參喫觀魚辦復遠羣構隨勢熱網語鐵斷愛紀況證編滿覺雙樂標確織項飛節龍響藥輕擊請離顯羅營視護創餘"
    "興佔雖費試寶識維採宮環鬥鄉責嚴橋僅勝殺圍態楊負層須續狀銀範緻終錢賽獨細衝獲習醫盡臉彈樓藝陸協鎮檢寫蘇"
    "驗緊勞戶優財養適陳衛雲傷絕階劉剛億聞審壓監敵蘭溫園樹徵詞島預繼執誰驚畫輯劍談禮願築亂講臨揮歐葉為裡眾"
    "説衞"
)
_CJK_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】—…·「」『』　"
_COMMON = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL + _CJK_PUNCTUATION)
# Where each stands in frequency (punctuation first), 0 to 1: breaks ties in _pair_weight.
_RARITY = {char: i / len(_COMMON) for i, char in enumerate(_CJK_PUNCTUATION + _COMMON_SIMPLIFIED + _COMMON_TRADITIONAL)}
# Runs of them: summing the lengths of the runs counts them 3-4x faster than a set lookup per character.
_COMMON_RUNS = re.compile("[" + re.escape("".join(sorted(_COMMON))) + "]+")

_PLAUSIBLE = 0.4  # share of common characters above which a decode reads as Chinese text
_DECISIVE_MARGIN = 0.15  # how far the best candidate must lead the runner-up
_FEW_CHARS = 10  # below this many non-ASCII characters the frequency test says nothing
_SCORE_SAMPLE = 20_000  # characters scored per candidate
_BYTE_SAMPLE = 65_536  # bytes inspected for NULs and control characters
MISSING = "\u3013"  # 〓, the printer's mark for a character that cannot be read (the cleaner's too)
_MAX_DAMAGE = 0.01  # share of the non-ASCII bytes that may be invalid (see the module notes)
_RESYNC_BYTES = 600  # how far back from an invalid byte a cut character is looked for
_DOUBLE_BYTE = {"gb18030", "big5", "cp950", "big5hkscs"}  # lose step after a cut character
_ASCII = bytes(range(0x80))

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE one. Codecs that read the BOM,
    # so that data.decode(encoding) == text holds for the name decode_bytes returns; then the
    # codec for what follows the BOM (a damaged file is decoded without it).
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# Labels Python does not know, from the WHATWG encoding list and pages seen in the wild.
_LABEL_ALIASES = {
    "x-gbk": "gbk", "chinese": "gbk", "csgb2312": "gbk", "csiso58gb231280": "gbk",
    "gb_2312": "gbk", "iso-ir-58": "gbk", "x-euc-cn": "gbk",
    "x-x-big5": "big5", "cn-big5": "big5", "csbig5": "big5", "big5-hkscs": "big5hkscs",
    "unicode": "utf-16",  # what Windows calls UTF-16 LE
}
_GB_FAMILY = {"gb2312", "gbk", "gb18030"}
_BIG5_CHAIN = ("big5", "cp950", "big5hkscs")  # each a superset of the previous, mostly
_TRIED = "utf-8, utf-16, gb18030, big5"
_TEXT_CONTROLS = frozenset(b"\t\n\v\f\r\x1a\x1b")  # \x1a: DOS end-of-file; \x1b: ANSI colour
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS)  # NUL included


@dataclass
class Damage:
    """Bytes not valid in the file's encoding: ``marks`` × 〓 stand for them at ``offset`` in the text."""

    offset: int
    marks: int
    raw: bytes


@dataclass
class Decoded:
    text: str
    encoding: str  # data.decode(encoding) == text, unless there is damage
    warnings: list[str] = field(default_factory=list)
    damage: list[Damage] = field(default_factory=list)


def decode_bytes(data: bytes, *, declared: str | None = None, source: str = "<bytes>") -> tuple[str, str]:
    """Decode a text file's bytes. Returns (text, name of the encoding used); InputError if unsure."""
    decoded = decode(data, declared=declared, source=source)
    return decoded.text, decoded.encoding


def decode(data: bytes, *, declared: str | None = None, source: str = "<bytes>") -> Decoded:
    """Like decode_bytes, also saying why a declared charset was overridden (``warnings``)."""
    if not data.strip():
        raise InputError(source, "empty file")
    decoded = _decode_bom(data, source)
    note = None
    if decoded is None and declared:
        decoded, note = _decode_declared(data, declared)
    if decoded is None:
        decoded = _detect(data, source)
        if note:
            decoded.warnings.append(note.format(decoded.encoding))
    if not decoded.text.strip():
        raise InputError(source, "empty file")
    return decoded


def normalize_charset(label: str) -> str | None:
    """A charset label (from a header or meta tag) as a Python codec name, or None if unknown."""
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name


def chinese_score(text: str) -> tuple[float, int]:
    """(share of non-ASCII characters that are common Chinese characters or punctuation, how many
    non-ASCII characters were looked at) over the start of ``text``."""
    sample = text[:_SCORE_SAMPLE]
    total = len(sample) - len(sample.encode("ascii", "ignore"))  # counted in C, not char by char
    good = sum(map(len, _COMMON_RUNS.findall(sample)))  # _COMMON is all non-ASCII
    return (good / total if total else 1.0), total


def _decode_bom(data: bytes, source: str) -> Decoded | None:
    for bom, codec, after_bom in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                if _invalid(data, codec)[0] <= _damage_budget(data, len(data) - len(bom)):
                    decoded = _decode_damaged(data[len(bom) :], after_bom)
                    decoded.encoding = codec
                    return decoded
                name = codec.removesuffix("-sig")
                raise InputError(source, f"starts with a {name} byte-order mark but is not valid {name}") from None
    return None


def _decode_declared(data: bytes, declared: str) -> tuple[Decoded | None, str | None]:
    """Decode with the declared charset if the bytes bear it out. Otherwise (None, a warning
    template to fill with the detected encoding): the caller detects."""
    codec = normalize_charset(declared)
    if codec is None:
        return None, f"unknown charset {declared!r} declared; detected {{}} instead"
    if codec.startswith(("utf-16", "utf-32")):
        # A meta tag readable as ASCII cannot be in UTF-16 (HTML spec): trust the bytes, not the label.
        return None, None
    chain = _BIG5_CHAIN if codec in _BIG5_CHAIN else (codec,)
    decoded = _strict(data, chain)
    if decoded is None:
        damaged = _declared_but_damaged(data, chain)
        if damaged is not None:
            return damaged, None
        return None, f"declared charset {declared} does not fit the bytes; detected {{}} instead"
    used, text = decoded
    if used != "utf-8" and not data.isascii() and _strict(data, ("utf-8",)):
        # Non-ASCII text that is valid UTF-8 is UTF-8: no other encoding produces it by chance.
        return Decoded(data.decode("utf-8"), "utf-8", [f"declared charset {declared} but the bytes are utf-8"]), None
    score, looked_at = chinese_score(text)
    if used != "utf-8" and looked_at >= _FEW_CHARS and score < _PLAUSIBLE:
        # Single-byte charsets decode anything, and Big5 bytes decode as GBK: check the result reads.
        try:
            detected = _detect(data, "<declared>")
        except InputError:
            return Decoded(text, used), None
        if detected.encoding != used:
            detected.warnings.append(
                f"declared charset {declared} gives unreadable text; detected {detected.encoding} instead")
            return detected, None
    return Decoded(text, used), None


def _detect(data: bytes, source: str) -> Decoded:
    sample = data[:_BYTE_SAMPLE]
    for utf16 in _utf16_orders_to_try(sample):  # before UTF-8: UTF-16 of ASCII text is valid UTF-8 too
        decoded = _strict(data, (utf16,))
        if decoded is not None and _reads_as_text(decoded[1]):
            return Decoded(decoded[1], utf16)
    _reject_binary(sample, source)
    if data.isascii():
        return Decoded(data.decode("ascii"), "utf-8")
    if _strict(data, ("utf-8",)):
        return _utf8_unless_short_chinese(data, source)
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _rank_chinese(data, source)


def _utf8_unless_short_chinese(data: bytes, source: str) -> Decoded:
    """Valid UTF-8 is UTF-8, except that a few GBK or Big5 characters can form valid UTF-8 by
    chance (4 bytes → 2 accented letters): prefer a Chinese reading that is clearly better."""
    text = data.decode("utf-8")
    score = chinese_score(text)[0]
    if score >= _PLAUSIBLE:
        return Decoded(text, "utf-8")
    try:
        chinese = _rank_chinese(data, source)
    except InputError:
        return Decoded(text, "utf-8")
    if chinese_score(chinese.text)[0] - score >= _DECISIVE_MARGIN:
        return chinese
    return Decoded(text, "utf-8")


def _rank_chinese(data: bytes, source: str) -> Decoded:
    candidates = []  # (score, non-ASCII chars scored, codec, text)
    damaged_chains = [("utf-8",)]  # those that do not decode strictly: read again, marking damage
    chains = [("gb18030",), _BIG5_CHAIN]
    if len(data) % 2 == 0:
        chains += [("utf-16-le",), ("utf-16-be",)]
    for chain in chains:
        decoded = _strict(data, chain)
        if decoded is not None:
            codec, text = decoded
            candidates.append((*chinese_score(text), codec, text))
        elif not chain[0].startswith("utf-16"):
            damaged_chains.append(chain)
    candidates.sort(key=lambda c: c[0], reverse=True)
    best = candidates[0] if candidates else (0.0, 0, "", "")
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    if best[0] >= _PLAUSIBLE and best[0] - runner_up >= _DECISIVE_MARGIN:
        return Decoded(best[3], best[2])
    refusal = f"cannot tell the encoding (tried {_TRIED})"
    if best[0] < _PLAUSIBLE:  # nothing that decodes cleanly reads as Chinese: is it a damaged file?
        damaged = _rank_damaged(data, damaged_chains, best[0])
        if isinstance(damaged, Decoded):
            return damaged
        refusal = damaged or refusal
    if not candidates:
        raise InputError(source, refusal)
    # Too close to call: let charset-normalizer break the tie, but only in favour of a candidate
    # that reads no worse than the best (or when there are too few characters to count).
    verdict = _charset_normalizer_verdict(data)
    for score, looked_at, codec, text in candidates:
        if codec == verdict and score >= best[0] - _DECISIVE_MARGIN:
            if score >= _PLAUSIBLE or looked_at < _FEW_CHARS:
                others = ", ".join(c[2] for c in candidates if c[2] != codec and c[0] >= score - _DECISIVE_MARGIN)
                doubt = [f"too little text to be sure of the encoding: read as {codec}, could be {others}"]
                return Decoded(text, codec, doubt if others else [])
    raise InputError(source, refusal)


def _charset_normalizer_verdict(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported late: slow to import, rarely needed

    match = from_bytes(data, cp_isolation=["gb18030", "big5", "cp950", "big5hkscs", "utf_16_le", "utf_16_be"]).best()
    if match is None:
        return None
    codec = normalize_charset(match.encoding)
    return _BIG5_CHAIN[0] if codec in _BIG5_CHAIN else codec


def _strict(data: bytes, chain: tuple[str, ...]) -> tuple[str, str] | None:
    """(codec, text) for the first codec in ``chain`` that decodes all of ``data`` strictly."""
    for codec in chain:
        try:
            return codec, data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _utf16_orders_to_try(sample: bytes) -> tuple[str, ...]:
    """UTF-16 byte orders worth trying before calling bytes binary, likeliest first.

    Without a BOM, UTF-16 shows as NULs in the high byte of ASCII characters, but also in the
    low byte of some CJK ones (一 is U+4E00), and as control bytes in others (。 is U+3002):
    the counts hint at the byte order, and the caller checks the decoded text."""
    if len(sample) % 2 or not _controls(sample):
        return ()
    nuls = sample.count(0)
    at_odd = sample[1::2].count(0)
    return ("utf-16-le", "utf-16-be") if 2 * at_odd >= nuls else ("utf-16-be", "utf-16-le")


def _controls(sample: bytes) -> int:
    """How many control bytes (NUL included, text controls not) ``sample`` has: counted in C."""
    return len(sample) - len(sample.translate(None, _CONTROL_BYTES))


def _reads_as_text(text: str) -> bool:
    sample = text[:_SCORE_SAMPLE]
    controls = sum(1 for char in sample if char < " " and char not in "\t\n\r\f")
    return controls <= 0.01 * len(sample) and chinese_score(sample)[0] >= _PLAUSIBLE


def _reject_binary(sample: bytes, source: str) -> None:
    nuls = sample.count(0)
    controls = _controls(sample) - nuls
    if nuls > 0.001 * len(sample) or controls > 0.01 * len(sample):
        raise InputError(source, "binary file, not a document")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A UTF-8 file cut short mid-character, or with a rare stray byte, is still UTF-8: say so."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            return Decoded(data[: err.start].decode("utf-8"), "utf-8",
                           ["file ends in the middle of a UTF-8 character (truncated?); last bytes dropped"])
    bad, text = _invalid(data, "utf-8")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))  # characters, counted in C
    if non_ascii >= 100 and bad <= 0.005 * non_ascii:
        return _decode_damaged(data, "utf-8")
    return None


# --- damaged files: a few invalid byte sequences, each marked 〓 ------------------------------------

def _invalid(data: bytes, codec: str) -> tuple[int, str]:
    """(how many byte sequences are not valid ``codec``, the text with U+FFFD for each): fast, in C."""
    text = data.decode(codec, errors="replace")
    return text.count("\ufffd"), text


def _non_ascii(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def _damage_budget(data: bytes, size: int | None = None) -> int:
    """How many invalid sequences a readable file may have: 1 % of its non-ASCII bytes, at least one."""
    return max(1, int(_MAX_DAMAGE * (_non_ascii(data) if size is None else size)))


def _fewest_invalid(data: bytes, chain: tuple[str, ...]) -> tuple[int, str, str]:
    """(invalid sequences, codec, text with U+FFFD) for the codec of ``chain`` that fits best."""
    found = [(*_invalid(data, codec), codec) for codec in chain]
    bad, text, codec = min(found, key=lambda f: f[0])  # the first of equals: the chain's order
    return bad, codec, text


def _declared_but_damaged(data: bytes, chain: tuple[str, ...]) -> Decoded | None:
    """The declared charset, if the bytes fit it but for a little damage and the text reads."""
    bad, codec, _ = _fewest_invalid(data, chain)
    if bad > _damage_budget(data) or (codec != "utf-8" and _invalid(data, "utf-8")[0] <= bad):
        return None  # too damaged, or UTF-8 (no other encoding fits UTF-8 bytes that well): detect
    decoded = _decode_damaged(data, codec)
    score, looked_at = chinese_score(decoded.text)
    return None if looked_at >= _FEW_CHARS and score < _PLAUSIBLE else decoded


def _rank_damaged(data: bytes, chains: list[tuple[str, ...]], clean_score: float) -> Decoded | str | None:
    """The one reading of a damaged file that reads as Chinese, clearly better than any other;
    else the reason to refuse it when the likeliest reading has too many invalid bytes; else None."""
    budget = _damage_budget(data)
    readings = []  # (score, non-ASCII chars scored, invalid sequences, codec, Decoded if few enough)
    for chain in chains:
        bad, codec, text = _fewest_invalid(data, chain)
        decoded = _decode_damaged(data, codec) if bad <= budget else None
        readings.append((*chinese_score(decoded.text if decoded else text), bad, codec, decoded))
    readings.sort(key=lambda r: r[0], reverse=True)
    score, looked_at, bad, codec, decoded = readings[0]
    runner_up = max([clean_score] + [r[0] for r in readings[1:]])
    if score < _PLAUSIBLE or looked_at < _FEW_CHARS or score - runner_up < _DECISIVE_MARGIN:
        return None
    if decoded is None:
        share = 100 * bad / max(1, _non_ascii(data))
        shown = f"{share:.1f}" if share < 10 else f"{share:.0f}"
        return (f"cannot tell the encoding: {shown} % of the non-ASCII bytes are not valid {codec}, the likeliest"
                f" (a file is read with up to {_MAX_DAMAGE:.0%} of them damaged; tried {_TRIED})")
    return decoded


_spans = threading.local()  # the invalid byte spans the error handler below saw in this thread


def _record_invalid(err: UnicodeDecodeError) -> tuple[str, int]:
    _spans.found.append((err.start, err.end))
    return "", err.end


codecs.register_error("policydocs-record-invalid", _record_invalid)


def _decode_damaged(data: bytes, codec: str) -> Decoded:
    """Decode ``data`` with each invalid byte sequence shown as 〓 (the caller checked they are few)."""
    _spans.found = []
    data.decode(codec, errors="policydocs-record-invalid")
    spans, _spans.found = _spans.found, []
    if codec in _DOUBLE_BYTE:  # a lone invalid byte may have been lost earlier: see _lost_byte
        floor, found = 0, spans
        spans = []
        for start, end in found:
            moved = _lost_byte(data, codec, start, max(floor, start - _RESYNC_BYTES)) if end - start == 1 else start
            spans.append((moved, moved + end - start))
            floor = end
    pieces, damage, position = [], [], 0
    for start, end, marks in _merge(spans, codec):
        pieces.append(data[position:start].decode(codec, errors="replace"))
        offset = sum(map(len, pieces))
        damage.append(Damage(offset, marks, data[start:end]))
        pieces.append(MISSING * marks)
        position = end
    pieces.append(data[position:].decode(codec, errors="replace"))
    shown = ", ".join(str(d.offset) for d in damage[:5]) + (", …" if len(damage) > 5 else "")
    note = (f"damaged text: {len(spans)} byte sequence(s) not valid {codec}, shown as {MISSING} "
            f"(at character {shown})")
    return Decoded("".join(pieces), codec, [note], damage)


def _merge(spans: list[tuple[int, int]], codec: str) -> list[tuple[int, int, int]]:
    """Adjacent invalid spans as one damaged spot: (start, end, 〓 to show: one a character lost)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    width = 3 if codec == "utf-8" else 4 if codec.startswith("utf-32") else 2  # a Chinese character's bytes
    return [(start, end, -(-(end - start) // width)) for start, end in merged]


def _lost_byte(data: bytes, codec: str, invalid: int, floor: int) -> int:
    """Where the byte found ``invalid`` was lost (GBK, Big5).

    A character with a byte cut leaves one byte that pairs with the next character's, and the
    decoder stays out of step until an ASCII byte ends the run, where it finds the invalid byte:
    the stretch between reads as nonsense. The lost byte is at an even distance before that
    point; the one after which the run reads best is taken (on a tie, the decoder's own)."""
    run = invalid
    while run > floor and data[run - 1] >= 0x80:  # the run of high bytes the decoder paired up
        run -= 1
    run += (invalid - run) % 2  # the decoder's pairs end at ``invalid``
    pairs = (invalid - run) // 2
    as_read = [_pair_weight(data[run + 2 * k : run + 2 * k + 2], codec) for k in range(pairs)]
    shifted = [_pair_weight(data[run + 1 + 2 * k : run + 3 + 2 * k], codec) for k in range(pairs)]
    if None in as_read:
        return invalid
    # Lost byte at run + 2k: the first k pairs read as they were, the rest one byte later.
    best, best_score = pairs, sum(as_read)
    score = best_score
    for k in range(pairs - 1, -1, -1):
        if shifted[k] is None:
            break
        score += shifted[k] - as_read[k]
        if score > best_score:
            best, best_score = k, score
    return run + 2 * best


def _pair_weight(raw: bytes, codec: str) -> float | None:
    """How well two bytes read as one character of running text: 2-3 a common character (the
    commoner the more), 1 one of the first level (the 3,755 of GB2312 level 1, Big5's 5,401) or
    punctuation, 0 a rare one; None if they are not one character."""
    try:
        char = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    if len(char) != 1:
        return None
    if char in _COMMON:
        return 3 - _RARITY[char]
    lead, trail = raw
    if codec == "gb18030":
        return int((0xB0 <= lead <= 0xD7 or 0xA1 <= lead <= 0xA3) and trail >= 0xA1)
    return int(0xA1 <= lead <= 0xC6)
