"""The words the linker reads statements with are data: extractors/vocabulary/link.toml (openers,
weak words, subject endings, level verbs) and extractors/lexicons/directions.toml, with no second
copy of either in code."""

from __future__ import annotations


import policydocs.knowledge
from policydocs.link import status, subjects
from policydocs.link.candidates import _subject




def test_a_users_directions_file_is_the_whole_lexicon_with_no_defaults_in_code(own_extractors):
    (own_extractors / "lexicons" / "directions.toml").write_text('[down]\nwords = ["失业率"]\n', encoding="utf-8")
    policydocs.knowledge.reset()
    lex = status.lexicon()
    assert lex["down"] == ["失业率"]
    assert lex["up"] == lex["reduce"] == lex["rise"] == lex["level"] == []
    assert status.direction("~", "城镇调查失业率") == "down"
    assert not status.is_reduction("能耗下降3%")  # no reduction verbs given


def test_a_level_reached_is_read_with_the_level_verbs():
    assert status.is_level("森林覆盖率保持在60%以上")
    assert status.is_level("粮食产量保持6500亿斤以上")
    assert status.is_level("城镇登记失业率控制在4.5%以内")
    assert not status.is_level("新增城镇就业1100万人以上")


def test_the_subject_of_a_clause_ends_at_its_first_subject_end_word():
    assert _subject("增长", "增长6.7%", "国内生产总值达到74.4万亿元，") == "国内生产总值"
    assert _subject("粮食产量", "粮食产量达到6500亿斤", "") == ""  # its indicator names what it measures


def test_a_clause_of_openers_and_a_change_verb_has_no_subject_of_its_own():
    assert subjects.bare_change("比上年同期增长7.4%")
    assert subjects.bare_change("今年要再增加100万户")
    assert not subjects.bare_change("农村危房改造增加100万户")


def test_a_share_head_must_be_named_by_both_measures():
    assert "比重" in subjects._rate_stems("服务业增加值比重")
