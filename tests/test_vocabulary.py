"""The genre's word lists live in extractors/vocabulary/, once, with their meaning; code composes
its patterns from them by name, and a broken list is one error naming the file and line."""

from __future__ import annotations

import re

import pytest

import policydocs.knowledge
from policydocs.knowledge import KnowledgeError
from policydocs.knowledge.vocabulary import compose, pattern, vocabulary, words


@pytest.fixture
def own_vocabulary(own_extractors):
    return own_extractors / "vocabulary"


def test_every_shipped_list_says_what_it_means_and_where_it_came_from():
    lists = vocabulary()
    assert lists, "no word list shipped"
    for name, wl in lists.items():
        assert wl.meaning and wl.source, f"{name} in {wl.path.name}: meaning and source are required"


def test_no_word_is_listed_twice_in_one_list():
    for name, wl in vocabulary().items():
        doubled = sorted({w for w in wl.words if wl.words.count(w) > 1})
        assert not doubled, f"{name}: {doubled} listed twice"


def test_no_two_shipped_lists_are_the_same_list_under_two_names():
    seen: dict[tuple[str, ...], str] = {}
    for name, wl in vocabulary().items():
        key = tuple(sorted(wl.words))
        assert key not in seen, f"{name} repeats {seen.get(key)}: use one list"
        seen[key] = name


def test_a_pattern_tries_the_words_in_the_order_written():
    # A longer word written first wins over a word it starts with: 及以上 is read whole.
    assert pattern(r"\d+{bound_after}").match("3个及以上") is None
    assert pattern(r"\d+个{bound_after}").match("3个及以上").group() == "3个及以上"
    assert compose("{bound_after}") == "(?:" + "|".join(words("bound_after")) + ")"


def test_words_are_literal_and_patterns_are_regular_expressions(own_vocabulary):
    (own_vocabulary / "mine.toml").write_text(
        '[dotted]\nmeaning = "m"\nsource = "s"\nwords = ["5.5", "a+b"]\n'
        '[shaped]\nmeaning = "m"\nsource = "s"\npatterns = ["(?:拨付|配备)到位"]\n', encoding="utf-8")
    assert pattern("{dotted}").fullmatch("5x5") is None and pattern("{dotted}").fullmatch("a+b")
    assert pattern("{shaped}").fullmatch("配备到位")


def test_an_edited_list_is_read_again_after_the_one_reset(own_vocabulary):
    path = own_vocabulary / "mine.toml"
    path.write_text('[cue]\nmeaning = "m"\nsource = "s"\nwords = ["去年"]\n', encoding="utf-8")
    cue = pattern("{cue}")
    assert cue.search("去年增长") and not cue.search("上年增长")
    path.write_text('[cue]\nmeaning = "m"\nsource = "s"\nwords = ["上年"]\n', encoding="utf-8")
    policydocs.knowledge.reset()
    assert cue.search("上年增长") and not cue.search("去年增长")
    assert isinstance(cue.compiled, re.Pattern)


def test_a_users_file_replaces_the_shipped_file_of_the_same_name(own_vocabulary):
    (own_vocabulary / "common.toml").write_text(
        '[bound_after]\nmeaning = "m"\nsource = "s"\nwords = ["以上"]\n', encoding="utf-8")
    assert words("bound_after") == ("以上",)


BROKEN = [
    ('[cue]\nmeaning = "m"\nwords = [去年]\n', "line 3"),
    ('\n\n[cue]\nsource = "s"\nwords = ["去年"]\n', "line 3: [cue]: say what the list means"),
    ('[cue]\nmeaning = "m"\nword = ["去年"]\n', "unknown key word"),
    ('[cue]\nmeaning = "m"\nwords = []\n', "non-empty list"),
    ('[cue]\nmeaning = "m"\nwords = ["去年", 3]\n', "non-empty list of non-empty strings"),
    ('[cue]\nmeaning = "m"\nwords = ["去年"]\npatterns = ["上年"]\n', "either words"),
    ('[cue]\nmeaning = "m"\npatterns = ["(去年"]\n', "not a regular expression"),
    ('[Cue]\nmeaning = "m"\nwords = ["去年"]\n', "lower-case"),
    ('cue = ["去年"]\n', "must be a table"),
    ('[bound_after]\nmeaning = "m"\nwords = ["以上"]\n', "already defined in"),
]


@pytest.mark.parametrize("content,says", BROKEN, ids=[b[1] for b in BROKEN])
def test_a_broken_list_is_one_error_naming_the_file_and_line(own_vocabulary, content, says):
    path = own_vocabulary / "mine.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        vocabulary()
    message = str(err.value)
    assert message.startswith(f"{path}: ") and says in message and "\n" not in message


def test_a_list_no_file_defines_is_an_error_naming_it():
    with pytest.raises(KeyError, match="no_such_list"):
        pattern("{no_such_list}").search("x")


def test_the_knowledge_check_loads_the_vocabulary(own_vocabulary):
    (own_vocabulary / "mine.toml").write_text('[cue]\nwords = ["去年"]\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match="mine.toml"):
        policydocs.knowledge.check()


def test_no_word_list_is_left_in_python():
    # The genre's words live in extractors/; a list written into code (去年|上年|过去, a tuple of cue
    # words) is found by bench/word_lists.py. Grammar kept in code carries a `# grammar: why` comment.
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("word_lists", root / "bench" / "word_lists.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    left = {m: n - g for m, (_, n, g) in module.count(root / "src").items() if n > g}
    assert not left, f"word lists in code (move them to extractors/vocabulary/): {left}"
