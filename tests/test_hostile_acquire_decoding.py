"""Damaged files are read, their damage marked 〓 where it is; only heavy damage is refused.

The damage is made from real text: corpora/seeds/001 (3,009 characters) encoded in GB18030, and
the GBK pages of tests/fixtures/html, with characters cut or overwritten the way copies and
half-finished downloads damage them.
"""

from __future__ import annotations

import difflib
import json
import random
import re
from pathlib import Path

import pytest
from builders import POLICY_TEXT

from policydocs.acquire import load
from policydocs.acquire.encoding import decode
from policydocs.clean import clean, clean_raw
from policydocs.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SPEECH = (ROOT / "corpora" / "seeds" / "001_00576c6514847a99.txt").read_text(encoding="utf-8")
HTML = ROOT / "tests" / "fixtures" / "html"
PAGES = json.loads((HTML / "pages.json").read_text(encoding="utf-8"))
MISSING = "\u3013"  # 〓, the mark a reader sees where a character could not be read
CUT = ("医共体", "家庭医生", "远程医疗")  # the second character of each loses its second byte


def encode_damaged(text: str, damaged: set[int], how=lambda raw: raw[:1], codec: str = "gb18030") -> bytes:
    """``text`` in ``codec`` with the characters at ``damaged`` (indexes) rewritten by ``how``."""
    return b"".join(how(char.encode(codec)) if i in damaged else char.encode(codec) for i, char in enumerate(text))


def second_chars(text: str, phrases) -> set[int]:
    return {text.index(phrase) + 1 for phrase in phrases}


def differences(before: str, after: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [(before[i1:i2], after[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def test_gb18030_speech_with_three_cut_characters_reads_with_each_one_marked():
    damaged = second_chars(SPEECH, CUT)
    decoded = decode(encode_damaged(SPEECH, damaged))
    assert decoded.encoding == "gb18030"
    # Each cut character, and only it, is a 〓: the characters after a cut are read in step again.
    expected = "".join(MISSING if i in damaged else char for i, char in enumerate(SPEECH))
    assert decoded.text == expected
    assert [(d.offset, d.marks) for d in decoded.damage] == [(i, 1) for i in sorted(damaged)]
    assert decoded.warnings == [f"damaged text: 3 byte sequence(s) not valid gb18030, shown as {MISSING} "
                                f"(at character {', '.join(map(str, sorted(damaged)))})"]


def test_a_damaged_txt_file_is_loaded_and_cleaned_with_a_warning(tmp_path):
    path = tmp_path / "讲话.txt"
    path.write_bytes(encode_damaged(SPEECH, second_chars(SPEECH, CUT)))
    raw = load(path)
    assert (raw.format, raw.encoding) == ("text", "gb18030")
    assert raw.text.count(MISSING) == 3 and "damaged text" in raw.warnings[0]
    doc = clean(path)
    assert doc.title == "在全市卫生健康暨深化综合医改工作会议上的讲话"
    assert doc.body.count(MISSING) == 3 and "县域医" + MISSING + "体" in doc.body
    assert any("damaged text" in warning for warning in doc.meta["warnings"])


def test_each_damaged_spot_is_a_flag_in_the_clean_report(tmp_path):
    path = tmp_path / "讲话.txt"
    path.write_bytes(encode_damaged(SPEECH, second_chars(SPEECH, CUT)))
    doc = clean(path)
    flags = [flag for flag in doc.flags if flag.kind == "encoding_damage"]
    assert len(flags) == 3 and all(doc.text[flag.offset] == MISSING for flag in flags)


def test_the_clean_report_lists_the_damaged_spots_and_the_decoding_warning(tmp_path):
    from click.testing import CliRunner

    from policydocs.cli import cli

    path = tmp_path / "讲话.txt"
    path.write_bytes(encode_damaged(SPEECH, second_chars(SPEECH, CUT)))
    result = CliRunner().invoke(cli, ["clean", str(path), "--report", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.output.count("需核对 [encoding_damage]") == 3
    assert "读取提示: damaged text: 3 byte sequence(s)" in result.output


def test_overwritten_bytes_are_marked_one_mark_per_lost_character():
    # Five characters whose first byte was overwritten with 0xFF (never valid in GBK).
    damaged = set(range(400, 2400, 400))
    decoded = decode(encode_damaged(SPEECH, damaged, how=lambda raw: b"\xff" + raw[1:]))
    assert decoded.encoding == "gb18030" and len(decoded.damage) == 5
    assert decoded.text == "".join(MISSING if i in damaged else char for i, char in enumerate(SPEECH))


@pytest.mark.parametrize("page", ["forum_thread_gbk", "county_portal_gbk", "bureau_br_gbk", "trs_dept_gbk"])
def test_gbk_page_with_one_truncated_character_cleans_like_the_whole_page(page):
    data = (HTML / f"{page}.html").read_bytes()
    body = "\n".join((HTML / f"{page}.clean.txt").read_text(encoding="utf-8").splitlines()[1:])
    phrase = re.search(r"[\u4e00-\u9fff]{6,}", body).group()
    start = data.index(phrase.encode("gbk")) + len(phrase[:3].encode("gbk"))
    damaged = data[: start + 1] + data[start + 2 :]  # the fourth character loses its second byte
    url = PAGES[page].get("url")
    raw = load(f"{page}.html", data=damaged)
    assert raw.encoding == "gb18030"
    assert len(raw.warnings) == 1 and raw.warnings[0].startswith("damaged text: 1 byte sequence")
    intact, cut = clean_raw(load(f"{page}.html", data=data), url=url), clean_raw(raw, url=url)
    assert differences(intact.text, cut.text) == [(phrase[3], MISSING)]


def test_utf8_text_with_stray_bytes_shows_marks_not_replacement_characters():
    data = POLICY_TEXT.encode("utf-8")
    middle = data.index("医疗资源".encode("utf-8"))
    damaged = data[:middle] + b"\xff" + data[middle:] + b"\x80"
    decoded = decode(damaged)
    assert decoded.encoding == "utf-8" and "\ufffd" not in decoded.text
    assert decoded.text.count(MISSING) == 2 and len(decoded.damage) == 2
    assert decoded.text.replace(MISSING, "") == POLICY_TEXT


def test_utf8_file_with_a_byte_order_mark_and_a_cut_character_is_read():
    data = "\ufeff".encode("utf-8") + encode_damaged(SPEECH, {SPEECH.index("医共体") + 1},
                                                        how=lambda raw: raw[:2], codec="utf-8")
    decoded = decode(data)
    assert decoded.encoding == "utf-8-sig" and decoded.text.count(MISSING) == 1
    assert "医" + MISSING + "体" in decoded.text


def test_declared_charset_that_fits_all_but_a_cut_character_is_kept():
    page = f'<html><head><meta charset="gb2312"></head><body><p>{SPEECH[:800]}</p></body></html>'
    data = encode_damaged(page, {page.index("同志们") + 1})
    raw = load("speech.html", data=data)
    assert raw.encoding == "gb18030" and "同" + MISSING + "们" in raw.text
    assert len(raw.warnings) == 1 and "does not fit" not in raw.warnings[0]


def test_heavy_damage_is_refused_with_its_share():
    rng = random.Random(15)
    damaged = set(rng.sample([i for i, char in enumerate(SPEECH) if not char.isascii()], 150))  # 5 %
    with pytest.raises(InputError) as refused:
        decode(encode_damaged(SPEECH, damaged, how=lambda raw: b"\xff" + raw[1:]), source="s.txt")
    message = str(refused.value)
    assert re.fullmatch(r"s\.txt: cannot tell the encoding: \d+(\.\d)? % of the non-ASCII bytes are not valid "
                        r"gb18030, the likeliest .*", message), message
    share = float(re.search(r"([\d.]+) %", message).group(1))
    assert 2 <= share <= 10


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_high_bytes_are_not_read_as_damaged_chinese(seed):
    rng = random.Random(seed)
    noise = bytes(rng.randrange(0x80, 0x100) for _ in range(5000))
    with pytest.raises(InputError) as refused:
        decode(noise, source="noise.txt")
    assert "cannot tell the encoding" in str(refused.value)


def test_damaged_decoding_is_not_a_bottleneck():
    import time

    text = SPEECH * 120  # ~870 KB of GB18030, with 200 characters cut
    data = encode_damaged(text, set(random.Random(4).sample([i for i, c in enumerate(text) if c > "\x7f"], 200)))
    started = time.perf_counter()
    decoded = decode(data)
    assert decoded.encoding == "gb18030" and 150 <= len(decoded.damage) <= 200
    assert time.perf_counter() - started < 1.5
