"""The field reader's words (extractors/vocabulary/fields.toml): read by name, once, and followed
after policydocs.knowledge.reset() by every pattern and table built from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policydocs.knowledge
from policydocs.extract import fields, tables
from policydocs.extract.lists import MEASURE_HEAD
from policydocs.extract.numbers import find_quantities
from policydocs.knowledge.comparators import comparators
from policydocs.knowledge.vocabulary import vocabulary, words

SRC = Path(__file__).resolve().parent.parent / "src" / "policydocs"
SHIPPED = Path(__file__).resolve().parent.parent / "extractors" / "vocabulary" / "fields.toml"


@pytest.fixture
def own_fields(tmp_path, monkeypatch):
    """A user's fields.toml: the shipped one with some lists rewritten."""
    root = tmp_path / "extractors"
    (root / "vocabulary").mkdir(parents=True)
    path = root / "vocabulary" / "fields.toml"
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(root))

    def write(**lists: list[str]) -> None:
        text = SHIPPED.read_text(encoding="utf-8")
        for name, new in lists.items():
            text, n = re.subn(rf"(\[{name}\]\n(?:[^\[\n].*\n)*?)(words|patterns) = \[.*\]",
                              lambda m: m.group(1) + m.group(2) + " = " + repr(new).replace("'", '"'), text)
            assert n == 1, name
        path.write_text(text, encoding="utf-8")
        policydocs.knowledge.reset()

    yield write
    monkeypatch.delenv("POLICYDOCS_EXTRACTORS")
    policydocs.knowledge.reset()


def test_every_list_of_fields_toml_is_read_by_the_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    for name, wl in vocabulary().items():
        if wl.path.name == "fields.toml":
            assert re.search(rf"[\"{{]{name}[\"}}]", code), f"{name}: no module reads it"


def test_the_bounds_read_across_a_gap_are_comparators_with_an_operator():
    before = comparators().before
    for name in ("gapped_bound", "per_bound"):
        for word in words(name):
            assert before.get(word), f"{name}: {word} has no operator in comparators.toml [before]"


def test_the_strength_cues_keep_their_public_name():
    assert fields.STRENGTH_CUES == fields.strength_cues()
    assert [level for level, _ in fields.STRENGTH_CUES] == ["firm", "aim", "expect"]
    with pytest.raises(AttributeError):
        fields.NOT_A_NAME  # noqa: B018


def test_a_users_strength_cue_is_read_after_the_reset(own_fields):
    assert fields.strength("全力推动就业") == "plan"
    own_fields(strength_firm=["确保", "全力"])
    assert fields.strength("全力推动就业") == "firm"
    assert ("firm", ("确保", "全力")) in fields.STRENGTH_CUES


def test_a_users_unit_label_and_lead_verb_name_the_responsible(own_fields):
    note = "完成覆盖率90%。（主责单位：市医保局）"
    assert fields.responsible("完成覆盖率90%", [], note) == []
    own_fields(unit_label=["责任单位", "主责单位"])
    assert fields.responsible("完成覆盖率90%", [], note) == ["市医保局"]


def test_a_users_table_header_names_a_column(own_fields):
    text = "序号\t工作任务\t主办单位\t完成时限\n1\t新建村卫生室25个\t县卫健局\t2024年10月底"
    pos = text.index("新建")
    assert tables.row_note(text, pos) == "（完成时限：2024年10月底）"
    own_fields(lead_unit_column=["责任单位", "主办单位"])
    assert tables.row_note(text, pos) == "（责任单位：县卫健局）（完成时限：2024年10月底）"


def test_a_users_measure_head_and_hedge_are_read_after_the_reset(own_fields):
    assert not MEASURE_HEAD.search("城镇化程度")
    (figure,) = [q for q in find_quantities("几近300人") if not q.is_date_or_name]
    assert (figure.text, figure.approx) == ("近300人", "近")
    own_fields(measure_head=["率", "程度"], figure_hedge_before=["几近", "将近", "近", "大约", "约"])
    assert MEASURE_HEAD.search("城镇化程度")
    (figure,) = [q for q in find_quantities("几近300人") if not q.is_date_or_name]
    assert (figure.text, figure.approx) == ("几近300人", "近")


def test_a_word_that_only_ends_in_a_hedge_is_not_one():
    (recent,) = [q for q in find_quantities("最近3个月") if not q.is_date_or_name]
    (saved,) = [q for q in find_quantities("节约5%") if not q.is_date_or_name]
    (near,) = [q for q in find_quantities("将近5%") if not q.is_date_or_name]
    assert recent.approx is None and saved.approx is None and near.approx == "近"
