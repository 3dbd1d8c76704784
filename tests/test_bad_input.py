"""Whatever a user points the tool at, the answer is a document or one line saying why not."""

import random

import pytest
from builders import POLICY_PARAGRAPHS, POLICY_TEXT, typeset_pdf, word_document, zip_bytes

from policydocs.acquire import load
from policydocs.errors import InputError


def reason(source, **options) -> str:
    with pytest.raises(InputError) as raised:
        load(source, **options)
    message = str(raised.value)
    assert "\n" not in message and message.startswith(f"{source}: ")
    return message.removeprefix(f"{source}: ")


@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n", "\u3000\u3000\n".encode("utf-8"),
                                     "\n\n".encode("utf-16"), b"\xef\xbb\xbf"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    assert reason(path) == "empty file"


def test_random_binary_file(tmp_path):
    path = tmp_path / "z.bin"
    path.write_bytes(random.Random(7).randbytes(5000))
    assert reason(path) == "binary file, not a document"


def test_text_with_control_bytes_is_binary():
    data = POLICY_TEXT.encode("utf-8") + bytes(range(1, 9)) * 40
    assert reason("dump.txt", data=data) == "binary file, not a document"


def test_image_is_not_a_document():
    assert reason("scan.txt", data=b"\x89PNG\r\n\x1a\n" + bytes(100)) == "PNG image, not a document: run OCR first"


@pytest.mark.parametrize("name", ["old.doc", "old"])
def test_old_binary_word_file(name):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "save it as .docx" in reason(name, data=data)


def test_html_saved_as_doc_is_read_as_html():
    # Old government sites let people "download Word" that is really an HTML page.
    document = load("通知.doc", data="<html><body><p>通知正文</p></body></html>".encode("gbk"))
    assert document.format == "html" and "通知正文" in document.text and document.warnings


def test_rtf_file():
    message = reason("notice.doc", data=rb"{\rtf1\ansi\ansicpg936 notice}")
    assert message == "RTF file: open it in Word or WPS and save it as .docx"


def test_spreadsheet_and_plain_zip_are_not_documents():
    assert reason("table.xlsx", data=zip_bytes({"xl/workbook.xml": b"<x/>"})).startswith("Excel workbook")
    assert reason("files.zip", data=zip_bytes({"a.txt": b"x"})) == "zip archive, not a document: unpack it first"


def test_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.html"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: stat says 50 MB, nothing is written
    assert reason(path) == "50.0 MB is over the 20 MB limit"


def test_oversized_bytes_and_custom_limit(tmp_path):
    assert reason("page.html", data=b"<p>" * 700, max_bytes=1000) == "2.1 KB is over the 1000 bytes limit"
    path = tmp_path / "ok.txt"
    path.write_bytes(POLICY_TEXT.encode("utf-8"))
    assert load(path, max_bytes=len(POLICY_TEXT.encode("utf-8"))).text == POLICY_TEXT


def test_file_that_grows_after_stat_is_read_whole_or_refused(tmp_path, monkeypatch):
    """The read is sized by stat (not by the limit); a file appended to since is still read to its end."""
    import os
    import pathlib

    path = tmp_path / "growing.txt"
    data = POLICY_TEXT.encode("utf-8")
    path.write_bytes(data)
    real_stat = pathlib.Path.stat

    def stale_stat(self, *args, **kwargs):  # what stat said before the last 100 bytes were written
        st = real_stat(self, *args, **kwargs)
        if self == path:
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid,
                                   st.st_size - 100, st.st_atime, st.st_mtime, st.st_ctime))
        return st

    monkeypatch.setattr(pathlib.Path, "stat", stale_stat)
    assert load(path).text == POLICY_TEXT
    assert reason(path, max_bytes=len(data) - 50) == f"more than {len(data) - 50} bytes: over the limit"


def test_missing_file_and_directory(tmp_path):
    assert reason(tmp_path / "nope.txt") == "no such file"
    assert reason(tmp_path) == "is a directory, not a file"


def test_damaged_files_never_escape_as_tracebacks(tmp_path):
    """Truncations and byte flips of real PDFs and Word files: a document or an InputError."""
    pdf = typeset_pdf(tmp_path / "n.pdf", POLICY_PARAGRAPHS, lines_per_page=10).path.read_bytes()
    docx = word_document(tmp_path / "n.docx").read_bytes()
    rng = random.Random(2024)
    damaged = []
    for name, data in (("n.pdf", pdf), ("n.docx", docx), ("download", docx)):
        for share in (0.1, 0.5, 0.9, 0.999):
            damaged.append((name, data[: int(len(data) * share)]))
        for _ in range(8):
            flipped = bytearray(data)
            for _ in range(20):
                flipped[rng.randrange(64, len(flipped))] = rng.randrange(256)
            damaged.append((name, bytes(flipped)))
    outcomes = set()
    for name, data in damaged:
        try:
            outcomes.add(load(name, data=data).format)
        except InputError as err:
            assert "\n" not in str(err)
            outcomes.add("refused")
    assert "refused" in outcomes
