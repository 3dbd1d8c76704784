"""Bytes → text for the encodings Chinese policy files come in, never guessing silently.

Order: BOM → declared charset (HTTP header / meta tag, checked against the bytes) → UTF-16
without a BOM (hinted by NUL and control bytes, kept only if the result reads as text) → strict
UTF-8 → GB18030 / Big5 / UTF-16 decoded strictly and ranked by how many of their characters are
common Chinese ones → charset-normalizer to break a tie → InputError.
GB2312 and GBK are always decoded as GB18030: pages labelled gb2312 routinely contain GBK-only
characters (埇 喆 镕 堃), and GB18030 is a strict superset of both.
"""

from __future__ import annotations

import codecs
import re
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
# Runs of them: summing the lengths of the runs counts them 3-4x faster than a set lookup per character.
_COMMON_RUNS = re.compile("[" + re.escape("".join(sorted(_COMMON))) + "]+")

_PLAUSIBLE = 0.4  # share of common characters above which a decode reads as Chinese text
_DECISIVE_MARGIN = 0.15  # how far the best candidate must lead the runner-up
_FEW_CHARS = 10  # below this many non-ASCII characters the frequency test says nothing
_SCORE_SAMPLE = 20_000  # characters scored per candidate
_BYTE_SAMPLE = 65_536  # bytes inspected for NULs and control characters

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE one. Codecs that read the BOM,
    # so that data.decode(encoding) == text holds for the name decode_bytes returns.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
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
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


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
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
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
    decoded = _strict(data, _BIG5_CHAIN if codec in _BIG5_CHAIN else (codec,))
    if decoded is None:
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
    chains = [("gb18030",), _BIG5_CHAIN]
    if len(data) % 2 == 0:
        chains += [("utf-16-le",), ("utf-16-be",)]
    for chain in chains:
        decoded = _strict(data, chain)
        if decoded is not None:
            codec, text = decoded
            candidates.append((*chinese_score(text), codec, text))
    if not candidates:
        raise InputError(source, f"cannot tell the encoding (tried {_TRIED})")
    candidates.sort(key=lambda c: c[0], reverse=True)
    best = candidates[0]
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    if best[0] >= _PLAUSIBLE and best[0] - runner_up >= _DECISIVE_MARGIN:
        return Decoded(best[3], best[2])
    # Too close to call: let charset-normalizer break the tie, but only in favour of a candidate
    # that reads no worse than the best (or when there are too few characters to count).
    verdict = _charset_normalizer_verdict(data)
    for score, looked_at, codec, text in candidates:
        if codec == verdict and score >= best[0] - _DECISIVE_MARGIN:
            if score >= _PLAUSIBLE or looked_at < _FEW_CHARS:
                others = ", ".join(c[2] for c in candidates if c[2] != codec and c[0] >= score - _DECISIVE_MARGIN)
                doubt = [f"too little text to be sure of the encoding: read as {codec}, could be {others}"]
                return Decoded(text, codec, doubt if others else [])
    raise InputError(source, f"cannot tell the encoding (tried {_TRIED})")


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
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for char in text if char >= "\x80")
    if non_ascii >= 100 and bad <= 0.005 * non_ascii:
        return Decoded(text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"])
    return None
