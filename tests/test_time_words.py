"""The words of time (extractors/vocabulary/time.toml) that deadlines and periods are read with:
a relative year is a word of a list whose name is its offset from the document's year."""

from __future__ import annotations

from datetime import date

import pytest

import policydocs.knowledge
from policydocs.extract.deadlines import find_deadline, find_period


@pytest.fixture
def own_time_words(tmp_path, monkeypatch):
    root = tmp_path / "extractors"
    (root / "vocabulary").mkdir(parents=True)
    shipped = (policydocs.knowledge.vocabulary.vocabulary()["this_year"].path).read_text(encoding="utf-8")
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(root))
    yield root / "vocabulary" / "time.toml", shipped
    monkeypatch.delenv("POLICYDOCS_EXTRACTORS")
    policydocs.knowledge.reset()


def test_a_relative_year_counts_from_the_document_year():
    assert find_deadline("明年底前完成", doc_year=2024).end == date(2025, 12, 31)
    assert find_deadline("后年全面建成", doc_year=2024).end == date(2026, 12, 31)
    assert find_deadline("去年完成", doc_year=2024) is None  # a year in the past is no deadline
    assert find_period("前年增长5%", doc_year=2024).value == "2022"


def test_a_word_added_to_a_relative_year_list_is_read_after_the_one_reset(own_time_words):
    path, shipped = own_time_words
    assert find_deadline("来年底前完成", doc_year=2024).end == date(2024, 12, 31)  # 年底前 alone
    path.write_text(shipped.replace('words = ["明年", ', 'words = ["来年", "明年", '), encoding="utf-8")
    policydocs.knowledge.reset()
    assert find_deadline("来年底前完成", doc_year=2024).end == date(2025, 12, 31)


def test_the_vague_and_recent_periods_come_from_the_lists():
    assert find_period("前期已完成改造", doc_year=2024).kind == "vague"
    assert find_period("过去五年累计增长", doc_year=2018).value == "2013/2017"
