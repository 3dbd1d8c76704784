"""The genre's knowledge in extractors/, loaded once by policydocs.knowledge: one list per kind of
word, with its meaning beside it, and one clear error for a file that cannot be used."""

from __future__ import annotations

import pytest

from policydocs.acquire.document import RawDocument
from policydocs.knowledge import comparators as comparator_words
from policydocs.knowledge.files import KnowledgeError
from policydocs.pipeline import process_raw


def statements(sentence: str) -> list[tuple]:
    processed = process_raw(RawDocument("x.txt", "text", "关于印发工作方案的通知\n" + sentence + "\n"))
    return [(s.indicator, s.value, s.comparator) for s in processed.statements]


def test_every_word_the_figure_reader_takes_has_its_operator_in_one_list():
    from policydocs.extract.numbers import _lex

    words = comparator_words.comparators()
    assert set(_lex().before) == set(words.before) and set(_lex().after) == set(words.after)
    assert words.before["不足"] == words.before["不到"] == words.before["不满"] == "<"
    assert words.after["及以上"] == words.after["以上"] == ">="


@pytest.mark.parametrize("sentence,want", [
    # 不到 was read next to the figure but had no operator: "=" and an indicator ending in 不到
    ("到2025年，全市城镇调查失业率不到5%。", [("城镇调查失业率", 5, "<")]),
    # 及以上 likewise: "="
    ("到2025年，全市家庭医生签约覆盖率达到80%及以上。", [("家庭医生签约覆盖率", 80, ">=")]),
    ("到2025年，全市家庭医生签约覆盖率达到80%以上。", [("家庭医生签约覆盖率", 80, ">=")]),
    ("今年新建村卫生室30个和卫生院5个以上。", [("新建村卫生室", 30, ">="), ("卫生院", 5, ">=")]),
])
def test_comparator_words_mean_the_same_to_every_reader(sentence, want):
    assert statements(sentence) == want




def test_a_broken_word_list_is_one_error_naming_the_file_and_line(own_extractors):
    path = own_extractors / "lexicons" / "comparators.toml"
    path.write_text('[before]\n"不少于" = ">="\n"不到" = <\n', encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        comparator_words.comparators()
    message = str(err.value)
    assert message.startswith(str(path)) and "line 3" in message and "\n" not in message


def test_an_operator_that_means_nothing_is_refused_with_the_word(own_extractors):
    (own_extractors / "lexicons" / "comparators.toml").write_text('[before]\n"不到" = "less"\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match="不到 = 'less'"):
        comparator_words.comparators()


def test_a_users_own_list_replaces_the_shipped_one(own_extractors):
    (own_extractors / "lexicons" / "comparators.toml").write_text('[before]\n"起码" = ">="\n[after]\n"以上" = ">="\n',
                                                      encoding="utf-8")
    words = comparator_words.comparators()
    assert words.before == {"起码": ">="} and words.after == {"以上": ">="}
