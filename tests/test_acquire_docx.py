"""Word files come back as headings, paragraphs and table rows in document order."""

import pytest
from builders import WORD_DOCUMENT_LINES, word_document, zip_bytes

from policydocs.acquire import load
from policydocs.errors import InputError


def test_headings_paragraphs_and_table_rows_in_order(tmp_path):
    document = load(word_document(tmp_path / "方案.docx"))
    assert document.format == "docx"
    assert document.text.split("\n") == WORD_DOCUMENT_LINES


def test_anchors_name_paragraphs_and_table_rows(tmp_path):
    document = load(word_document(tmp_path / "方案.docx"))
    text = document.text
    assert document.locate(0) == "paragraph 1"
    assert document.locate(text.index("二、重点任务")) == "paragraph 3"
    assert document.locate(text.index("新建标准化村卫生室")) == "table 1 row 2"
    assert document.locate(len(text) - 1) == "paragraph 5"  # the empty paragraph is not counted


def test_core_properties_go_to_meta(tmp_path):
    meta = load(word_document(tmp_path / "方案.docx")).meta
    assert meta == {"title": "关于印发医共体建设实施方案的通知", "author": "某某市卫生健康委员会",
                    "created": "2024-03-15T10:30:00+00:00"}


def test_docx_is_recognised_without_its_extension(tmp_path):
    data = word_document(tmp_path / "方案.docx").read_bytes()
    assert load("https://www.example.gov.cn/module/download?id=42", data=data).format == "docx"


def test_truncated_docx_is_refused(tmp_path):
    data = word_document(tmp_path / "方案.docx").read_bytes()
    with pytest.raises(InputError) as raised:
        load("cut.docx", data=data[: len(data) // 2])
    assert str(raised.value).startswith("cut.docx: corrupt or not a Word .docx file (")
    assert "\n" not in str(raised.value)


def test_zip_without_a_word_body_named_docx_is_refused():
    with pytest.raises(InputError) as raised:
        load("fake.docx", data=zip_bytes({"readme.txt": b"hello"}))
    assert str(raised.value).startswith("fake.docx: corrupt or not a Word .docx file (")


def test_text_named_docx_is_refused():
    with pytest.raises(InputError) as raised:
        load("fake.docx", data="这是纯文本".encode("utf-8"))
    assert str(raised.value) == "fake.docx: corrupt .docx (not a zip archive)"


def test_docx_with_no_text_is_refused(tmp_path):
    import docx

    path = tmp_path / "blank.docx"
    blank = docx.Document()
    blank.add_paragraph("   ")
    blank.save(str(path))
    with pytest.raises(InputError) as raised:
        load(path)
    assert str(raised.value) == f"{path}: empty document: no text in the body of the .docx"
