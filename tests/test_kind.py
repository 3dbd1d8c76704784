"""Target / actual / none classification of a clause that carries a figure (policydocs.extract.kind)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policydocs.extract import cues, kind
from policydocs.extract.kind import LABELS, KindContext, classify_kind, classify_many, load_training

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "gold" / "statements.jsonl"


def ctx(clause, sentence=None, path=(), opener=None, year=2024, years=(), q=""):
    sentence = sentence or clause
    return KindContext(clause, sentence, list(path), opener if opener is not None else sentence[:20], year,
                       list(years), q)


TARGETS = [
    ctx("到2027年，全市养老机构护理型床位占比达到60%以上", path=["二、主要目标"], years=[2027], q="60%以上"),
    ctx("城镇新增就业3万人以上", "今年经济社会发展的主要预期目标是：城镇新增就业3万人以上，城镇调查失业率5.5%左右。",
        ["二、2024年主要目标"], q="3万人以上"),
    ctx("会议要求，年内新增家庭医生团队50个以上", q="50个以上"),
    ctx("力争年底前村卫生室标准化率达到95%", "要加快基层建设，力争年底前村卫生室标准化率达到95%。",
        ["三、2024年重点工作", "（二）夯实基层基础"], q="95%"),
    ctx("新建公厕50座", "2025年，新建公厕50座，改造农村户厕4000户。", ["二、2025年工作计划"], year=2024,
        years=[2025], q="50座"),
]
ACTUALS = [
    ctx("居民人均可支配收入增长6.2%", "2023年，全区居民人均可支配收入增长6.2%，城镇调查失业率为5.1%。",
        ["一、2023年工作回顾"], years=[2023], q="6.2%"),
    ctx("累计整改问题128个", "截至目前，累计整改问题128个，整改完成率96%。", ["二、整改落实情况"], year=2023, q="128个"),
    ctx("全县新建公厕45座", "2022年，全县新建公厕45座，改造农村户厕3600户。", ["一、主要工作成效"], year=2023,
        years=[2022], q="45座"),
    ctx("同比下降12.3%", "今年以来，全市共发生道路交通事故86起，同比下降12.3%。", [], year=2023, q="12.3%"),
    ctx("基层诊疗量占比仅为46%", "但也要看到，我市基层诊疗量占比仅为46%，县域内就诊率偏低。", ["一、正视问题和差距"],
        q="46%"),
]
NONES = [
    ctx("各部门负责同志共80余人参加会议", "会议由副市长主持，各部门负责同志共80余人参加会议。", year=2023, q="80余人"),
    ctx("全县总面积1860平方公里", "全县总面积1860平方公里，辖15个乡镇，总人口48万人。", ["一、基本情况"], year=2023,
        q="1860平方公里"),
    ctx("处200元以上2000元以下罚款", "违反本条例规定，擅自占用绿地的，由园林部门责令限期改正，处200元以上2000元以下罚款。",
        ["第五章 法律责任"], opener="第四十二条 违反本条例规定", year=2022, q="200元"),
]


@pytest.mark.parametrize("c", TARGETS, ids=lambda c: c.clause)
def test_typical_targets(c):
    assert classify_kind(c)[0] == "target"


@pytest.mark.parametrize("c", ACTUALS, ids=lambda c: c.clause)
def test_typical_actuals(c):
    assert classify_kind(c)[0] == "actual"


@pytest.mark.parametrize("c", NONES, ids=lambda c: c.clause)
def test_neither(c):
    assert classify_kind(c)[0] == "none"


def test_target_under_a_review_heading():
    c = ctx("力争明年全市森林覆盖率提高到45%", "在巩固成果的基础上，力争明年全市森林覆盖率提高到45%。",
            ["一、2023年工作回顾"], year=2024, q="45%")
    assert classify_kind(c)[0] == "target"


def test_actual_under_a_next_steps_heading():
    c = ctx("已完成老旧管网改造36公里", "目前已完成老旧管网改造36公里，剩余工程正在加紧施工。",
            ["三、下一步工作打算"], year=2023, q="36公里")
    assert classify_kind(c)[0] == "actual"


def test_same_words_follow_the_heading():
    clause = "新建村卫生室12个"
    review = classify_kind(ctx(clause, path=["一、2023年工作回顾", "（二）基层服务能力持续提升"], q="12个"))
    plan = classify_kind(ctx(clause, path=["二、2024年重点任务", "（二）提升基层服务能力"], q="12个"))
    assert (review[0], plan[0]) == ("actual", "target")


def test_year_relative_to_the_document():
    clause = "全市地区生产总值增长7%"
    assert classify_kind(ctx(f"2023年，{clause}", year=2024, years=[2023], q="7%"))[0] == "actual"
    assert classify_kind(ctx(f"到2026年，{clause}以上", year=2024, years=[2026], q="7%以上"))[0] == "target"


def test_result_shape_and_probabilities():
    for c in TARGETS + ACTUALS + NONES:
        label, p = classify_kind(c)
        assert type(label) is str and label in LABELS
        assert type(p) is float and 0.0 <= p <= 1.0
        assert p >= 1 / 3  # the chosen class is the most probable of three
    probs = kind._probabilities(kind.scorer(), TARGETS)
    for row in probs:
        assert set(row) == set(LABELS)
        assert abs(sum(row.values()) - 1.0) < 1e-9
        assert all(0.0 <= v <= 1.0 for v in row.values())


def test_compiled_scorer_equals_scikit_learn():
    # the shipped training clauses, the examples here and odd inputs (empty, spaces, Latin capitals)
    model = kind._model()
    cases = [kind.row_context(r) for r in load_training()[::7]] + TARGETS + ACTUALS + NONES + [
        KindContext(clause=""), KindContext(clause="  PM2.5  浓度\t下降 10%", sentence="PM2.5浓度下降10%")]
    fast, reference = model.predict_proba(cases), model.predict_proba_sklearn(cases)
    assert len(fast) == len(reference) == len(cases)
    for a, b in zip(fast, reference):
        assert max(abs(a[k] - b[k]) for k in LABELS) < 1e-9


def test_scorer_counts_the_ngrams_scikit_learn_counts():
    # the numpy n-gram pass against scikit-learn's own analyzer: n-grams never span two clauses
    # (签 + 约率 would make 签约率), odd characters (astral, a lone surrogate, İ that lowercases to two)
    from collections import Counter

    from policydocs.extract.kind_linear import LinearScorer

    model = kind._model()
    scorer = LinearScorer(model)
    texts = ["签", "约率达到0%", "", "  A  B\tC ", "家庭医生签约率", "😀签约\ud800率", "İ率", "率"]
    owners, columns = scorer._gram_columns(texts)
    got = Counter(zip(owners.tolist(), columns.tolist()))
    analyze, vocabulary = model.grams.build_analyzer(), model.grams.vocabulary_
    expected = Counter((i, vocabulary[g]) for i, t in enumerate(texts) for g in analyze(t) if g in vocabulary)
    assert got == expected and expected  # (and the vocabulary knows some of these n-grams)


def test_minimal_context_is_accepted():
    label, p = classify_kind(KindContext(clause="完成投资12亿元"))
    assert label in LABELS and 0.0 <= p <= 1.0
    label, _ = classify_kind(KindContext(clause="", sentence="", section_path=[], paragraph_opener="",
                                         doc_year=None, clause_years=[], quantity_text=""))
    assert label in LABELS


def test_batch_equals_single():
    cases = TARGETS + ACTUALS
    assert classify_many(cases) == [classify_kind(c) for c in cases]
    assert classify_many([]) == []


def test_training_data_is_sound():
    rows = load_training()
    assert len(rows) >= 600
    counts = {label: sum(r["label"] == label for r in rows) for label in LABELS}
    assert counts["target"] >= 0.3 * len(rows) and counts["actual"] >= 0.3 * len(rows)
    assert 0.04 * len(rows) <= counts["none"] <= 0.2 * len(rows)  # small but real
    for r in rows:
        assert r["clause"] and r["clause"] in r["sentence"]
        assert isinstance(r["section_path"], list)
        assert r["doc_year"] is None or 1990 <= r["doc_year"] <= 2100


def test_training_data_does_not_copy_gold():
    """The gold statements are held out: no training sentence may contain a gold clause."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line)["text"] for line in lines if line.strip()]
    gold = [g for g in gold if len(g) >= 8]
    for r in load_training():
        for g in gold:
            assert g not in r["sentence"], f"training row copies gold clause {g!r}"


def test_cues_are_data():
    cues = kind._cues()
    assert {"target", "actual", "none", "shared"} <= set(cues.text.cues)
    assert any(c.name == "力争" for c in cues.text.cues["target"])
    assert any(c.name == "回顾" for c in cues.heading.cues["actual"])


@pytest.mark.parametrize("pattern, required", [
    ("(?<![主重])要(?![求素])", "要"), ("由.{1,20}(?:提高|下降)到", "由"), ("为(?=\\d)", "为"), ("已(?!于)", "已"),
    ("要|将", "要将"), ("要(?:a|b)|c", "要c"), ("要?求", "求"), ("(?:要|将)", "要将"), ("\\d{1,2}月末", "月"),
])
def test_a_cue_pattern_is_tested_only_where_a_character_it_needs_occurs(pattern, required):
    # the cheap substring test must never hide a match, whatever the pattern opens with
    cue = cues.Cue(pattern)
    assert frozenset(required) in cue.needs
    for text in ("要", "将", "c", "求", "由3提高到", "为5", "12月末", "主要求", "已于", "已"):
        assert cue.search(text) == (re.search(pattern, text) is not None)


def test_the_cue_index_finds_what_searching_each_cue_finds():
    # the index tests a cue only where a character it needs occurs: it must find exactly what
    # searching every cue of the lexicon finds, here over clauses and headings of the shipped documents
    texts = {piece for path in sorted((ROOT / "corpora").glob("*/*.txt"))
             for piece in re.split(r"[。；，\n]", path.read_text(encoding="utf-8")) if piece}
    texts = sorted(texts)[::3] + ["", "到2025年底前", "1—4月", "三季度", "十四五", "自印发之日"]
    loaded = cues.load_cues()
    for index in (loaded.text, loaded.heading):
        for text in texts:
            expected = sorted({(label, c.name) for label, group in index.cues.items() for c in group
                               if c.rx.search(text)})
            assert list(index.found(text)) == expected, text
