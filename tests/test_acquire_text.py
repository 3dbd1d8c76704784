"""Text and HTML files in the encodings staff meet come back as the exact text, and say which."""

import codecs

import pytest
from builders import GBK_ONLY, POLICY_TEXT, TRADITIONAL_TEXT

from policydocs.acquire import decode_bytes, load
from policydocs.errors import InputError

# Mostly CJK: 一 is U+4E00, so UTF-16 has as many NULs in low bytes as ASCII puts in high ones.
MOSTLY_CJK = "一、统一思想，一以贯之，一张蓝图绘到底，一年一个台阶。\n" * 3
ONLY_CJK = "推进紧密型县域医共体建设，提升基层服务能力，确保群众就近就医。"  # no NUL byte in UTF-16
SIMPLE_TEXT = "一、总体要求\n坚持以人民健康为中心，推动优质医疗资源扩容下沉。\n"  # GB2312 only
# (how the file was written, the text, the encoding name decode_bytes must report)
ENCODED = {
    "utf-8": (POLICY_TEXT.encode("utf-8"), POLICY_TEXT, "utf-8"),
    "utf-8 with BOM": (POLICY_TEXT.encode("utf-8-sig"), POLICY_TEXT, "utf-8-sig"),
    "gbk": (POLICY_TEXT.encode("gbk"), POLICY_TEXT, "gb18030"),
    "gb18030": (POLICY_TEXT.encode("gb18030"), POLICY_TEXT, "gb18030"),
    "gb2312": (SIMPLE_TEXT.encode("gb2312"), SIMPLE_TEXT, "gb18030"),
    "big5": (TRADITIONAL_TEXT.encode("big5"), TRADITIONAL_TEXT, "big5"),
    "utf-16 LE with BOM": (codecs.BOM_UTF16_LE + POLICY_TEXT.encode("utf-16-le"), POLICY_TEXT, "utf-16"),
    "utf-16 BE with BOM": (codecs.BOM_UTF16_BE + POLICY_TEXT.encode("utf-16-be"), POLICY_TEXT, "utf-16"),
    "utf-16 LE without BOM": (POLICY_TEXT.encode("utf-16-le"), POLICY_TEXT, "utf-16-le"),
    "utf-16 BE without BOM": (POLICY_TEXT.encode("utf-16-be"), POLICY_TEXT, "utf-16-be"),
    "utf-16 LE, mostly CJK": (MOSTLY_CJK.encode("utf-16-le"), MOSTLY_CJK, "utf-16-le"),
    "utf-16 BE, mostly CJK": (MOSTLY_CJK.encode("utf-16-be"), MOSTLY_CJK, "utf-16-be"),
    "utf-16 LE, only CJK": (ONLY_CJK.encode("utf-16-le"), ONLY_CJK, "utf-16-le"),
    "utf-16 BE, only CJK": (ONLY_CJK.encode("utf-16-be"), ONLY_CJK, "utf-16-be"),
}


@pytest.mark.parametrize("label", ENCODED)
def test_each_encoding_round_trips(label):
    data, text, encoding = ENCODED[label]
    decoded, used = decode_bytes(data)
    assert decoded == text
    assert used == encoding
    assert data.decode(used) == text  # the reported name really is the one that reads the file


@pytest.mark.parametrize("label", ENCODED)
def test_load_reads_a_txt_file_in_each_encoding(tmp_path, label):
    data, text, encoding = ENCODED[label]
    path = tmp_path / "通知.txt"
    path.write_bytes(data)
    document = load(path)
    assert (document.format, document.text, document.encoding) == ("text", text, encoding)
    assert document.warnings == []


def test_gbk_only_characters_survive_a_gb2312_label():
    # Pages labelled gb2312 use GBK characters; GB2312 proper cannot decode them.
    data = f'<html><head><meta charset="gb2312"></head><body>{POLICY_TEXT}</body></html>'.encode("gbk")
    document = load("notice.html", data=data)
    assert document.encoding == "gb18030"
    assert all(char in document.text for char in GBK_ONLY)
    assert document.warnings == []


def test_short_gbk_and_big5_snippets_are_told_apart():
    assert decode_bytes("年度计划".encode("gbk")) == ("年度计划", "gb18030")
    assert decode_bytes("年度計劃".encode("big5")) == ("年度計劃", "big5")


def test_gbk_page_without_charset_is_detected():
    data = f"<!DOCTYPE html><html><body><p>{POLICY_TEXT}</p></body></html>".encode("gbk")
    document = load("https://www.example.gov.cn/art/2024/3/15/art_1.html", data=data)
    assert document.format == "html"
    assert document.encoding == "gb18030"
    assert POLICY_TEXT in document.text


def test_meta_http_equiv_charset_is_used():
    data = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">'
            f"</head><body>{TRADITIONAL_TEXT}</body></html>").encode("big5")
    document = load("page.htm", data=data)
    assert (document.encoding, document.warnings) == ("big5", [])
    assert TRADITIONAL_TEXT in document.text


def test_wrong_meta_charset_falls_back_to_detection_with_a_warning():
    # A UTF-8 template with GBK content pasted in: the declared charset cannot decode it.
    data = f'<html><head><meta charset="utf-8"></head><body>{POLICY_TEXT}</body></html>'.encode("gbk")
    document = load("page.html", data=data)
    assert document.encoding == "gb18030"
    assert POLICY_TEXT in document.text
    assert len(document.warnings) == 1 and "utf-8" in document.warnings[0] and "gb18030" in document.warnings[0]


@pytest.mark.parametrize("declared, data, encoding", [
    ("gb2312", POLICY_TEXT.encode("utf-8"), "utf-8"),  # decodes as GBK without error, but is UTF-8
    ("iso-8859-1", POLICY_TEXT.encode("gbk"), "gb18030"),  # Latin-1 decodes anything
    ("gbk", TRADITIONAL_TEXT.encode("big5"), "big5"),  # Big5 bytes decode as GBK, to nonsense
])
def test_declared_charset_that_decodes_to_nonsense_is_overridden(declared, data, encoding):
    page = b"<html><head><meta charset=" + declared.encode() + b"></head><body>" + data + b"</body></html>"
    document = load("page.html", data=page)
    assert document.encoding == encoding
    assert (POLICY_TEXT if encoding != "big5" else TRADITIONAL_TEXT) in document.text
    assert len(document.warnings) == 1 and declared in document.warnings[0]


def test_http_header_charset_wins_over_meta():
    data = f'<html><head><meta charset="utf-8"></head><body>{TRADITIONAL_TEXT}</body></html>'.encode("big5")
    document = load("page", data=data, content_type="text/html; charset=Big5")
    assert (document.format, document.encoding, document.warnings) == ("html", "big5", [])
    assert document.meta["content_type"] == "text/html; charset=Big5"


def test_header_charset_for_plain_text():
    document = load("list.txt", data=POLICY_TEXT.encode("gbk"), content_type="text/plain; charset=GBK")
    assert (document.format, document.text, document.encoding) == ("text", POLICY_TEXT, "gb18030")


def test_utf16_html_is_recognised_as_html():
    page = f"<!DOCTYPE html><html><body>{POLICY_TEXT}</body></html>"
    document = load("page.html", data=page.encode("utf-16"))
    assert (document.format, document.text) == ("html", page)


def test_markup_is_sniffed_before_the_extension():
    document = load("export.txt", data="<div class=\"TRS_Editor\"><p>通知正文</p></div>".encode("utf-8"))
    assert document.format == "html"


def test_html_extension_without_markup_is_still_html():
    assert load("fragment.shtml", data="通知正文".encode("utf-8")).format == "html"


def test_truncated_utf8_file_is_read_with_a_warning():
    data = POLICY_TEXT.encode("utf-8")[:-2]  # cut inside the final "。"
    document = load("cut.txt", data=data)
    assert document.encoding == "utf-8"
    assert document.text == POLICY_TEXT[:-2]
    assert "truncated" in document.warnings[0]


@pytest.mark.parametrize("encoding, text", [
    ("shift_jis", "日本の政策文書です。これはテストのための文章であり、ひらがなとカタカナを含みます。"),
    ("euc-kr", "한국 정부의 정책 문서입니다. 이것은 시험용 문장입니다."),
])
def test_text_in_no_chinese_encoding_is_refused_not_misread(encoding, text):
    with pytest.raises(InputError) as raised:
        decode_bytes(text.encode(encoding), source="k.txt")
    assert str(raised.value) == "k.txt: cannot tell the encoding (tried utf-8, utf-16, gb18030, big5)"


def test_decode_speed_is_not_a_bottleneck():
    # ~1.4 MB of GBK: detection decodes it with several codecs; it must stay well under a second.
    import time

    data = (POLICY_TEXT * 2000).encode("gbk")
    started = time.perf_counter()
    text, encoding = decode_bytes(data)
    assert encoding == "gb18030" and len(text) == len(POLICY_TEXT) * 2000
    assert time.perf_counter() - started < 1.0


def test_chinese_score_counts_the_common_characters_one_by_one():
    from pathlib import Path

    from policydocs.acquire.encoding import _COMMON, _SCORE_SAMPLE, chinese_score

    def by_character(text):
        sample = text[:_SCORE_SAMPLE]
        total = sum(not c.isascii() for c in sample)
        return (sum(c in _COMMON for c in sample) / total if total else 1.0), total

    root = Path(__file__).resolve().parents[1] / "corpora"
    for path in sorted(root.glob("*/*.txt"))[:12]:
        data = path.read_bytes()
        for codec in ("utf-8", "gbk", "big5", "latin-1", "utf-16-le"):
            text = data.decode(codec, errors="replace")
            assert chinese_score(text) == by_character(text), (path.name, codec)
    for text in ("", "abc", "，。", "医保]^\\-基金", "—…·「」『』　x"):
        assert chinese_score(text) == by_character(text), text
