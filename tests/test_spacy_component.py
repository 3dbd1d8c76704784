"""The extractor as spaCy components others can add to their own pipeline."""

import spacy

from policydocs.extract.context import DocumentContext
from policydocs.extract.nlp import policy_nlp, run

TEXT = "2025年，全市家庭医生签约覆盖率达到75%以上，力争新建标准化村卫生室30个。"


def test_components_can_be_added_to_a_blank_chinese_pipeline():
    policy_nlp()  # registers the factories and the lexicon
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_statements")
    doc = nlp(TEXT)
    spans = doc.spans["statements"]
    assert [s.label_ for s in spans] == ["target", "target"]
    assert {(c.text, c.label_) for c in doc.spans["cues"]} >= {("以上", "COMPARATOR"), ("力争", "STRENGTH_AIM")}


def test_statement_spans_carry_exact_offsets_and_the_record():
    doc = run(TEXT, doc_id="plan", context=DocumentContext(year=2025))
    for span in doc.spans["statements"]:
        statement = span._.statement
        assert doc.text[statement.start : statement.end] == statement.text
        assert span.start_char <= statement.start and statement.end <= span.end_char
    villages = doc.spans["statements"][1]._.statement
    assert (villages.value, villages.unit, villages.strength, villages.deadline) == (30, "个", "aim", "2025-12-31")


def test_two_figures_in_one_clause_stay_two_statements():
    doc = run("年内新增省健康镇1个、省健康村10个以上。", context=DocumentContext(year=2024))
    values = sorted(span._.statement.value for span in doc.spans["statements"])
    assert values == [1, 10]


def test_policy_pipeline_segments_with_the_policy_lexicon():
    doc = policy_nlp()("推进紧密型县域医共体建设")
    assert "紧密型县域医共体" in [t.text for t in doc]


def test_ingest_extracts_what_the_spacy_component_extracts():
    # process_raw calls the extractor without spaCy (no jieba pass): it must keep every statement
    # the component keeps, in the same order.
    from policydocs.acquire import load
    from policydocs.extract.context import document_context
    from policydocs.pipeline import process_raw

    for path in ("corpora/seeds/004_4ae4994329b90035.txt", "corpora/govreport/2019_国务院政府工作报告.txt"):
        processed = process_raw(load(path))
        context = document_context(processed.clean, processed.segmented)
        doc = run(processed.clean.text, doc_id=processed.doc_id, context=context, segmented=processed.segmented)
        assert [s._.statement for s in doc.spans["statements"]] == processed.statements
        assert processed.statements
