"""The spaCy side of extraction: a ``policy_statements`` component over ``spacy.blank("zh")``.

    >>> from policydocs.extract.nlp import policy_nlp
    >>> nlp = policy_nlp()                  # blank zh, jieba with the policy lexicon, cue ruler
    >>> doc = nlp("2025年，全市家庭医生签约覆盖率达到75%以上。")
    >>> [(s.text, s.label_, s._.statement.value) for s in doc.spans["statements"]]
    [('全市家庭医生签约覆盖率达到75%以上', 'target', 75)]

Others can add the components to their own Chinese pipeline::

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_statements")

Every statement is a ``Span`` whose character offsets are the statement's (``alignment_mode``
"expand" where jieba's words do not fall on the clause boundary; ``span._.statement`` keeps the
exact offsets). Document context (id, date, year, jurisdiction) travels in ``doc._.doc_id`` and
``doc._.context``; without it the component works the context out from the text.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from policydocs.knowledge import register_reset

_STORE = "policydocs.statements"


def _statement_of(span: Span):
    # spaCy keys span extension values by character offsets only, and two figures in one clause
    # share their boundaries: keep the records on the doc, keyed by the span's id.
    return span.doc.user_data.get(_STORE, {}).get(span.id_)


if not Span.has_extension("statement"):
    Span.set_extension("statement", getter=_statement_of)
if not Doc.has_extension("context"):
    Doc.set_extension("context", default=None)
if not Doc.has_extension("segmented"):
    Doc.set_extension("segmented", default=None)  # sentences and headings, when the caller has them
if not Doc.has_extension("doc_id"):
    Doc.set_extension("doc_id", default="")


def cue_patterns() -> list[dict]:
    """Phrase patterns for the cue ruler: strength cues and comparator words, labelled by what they mark."""
    from policydocs.extract.fields import STRENGTH_CUES
    from policydocs.knowledge.comparators import comparators

    patterns = [{"label": f"STRENGTH_{level.upper()}", "pattern": cue} for level, cues in STRENGTH_CUES for cue in cues]
    words = comparators()
    for table in (words.before, words.after, words.following):
        patterns.extend({"label": "COMPARATOR", "pattern": w, "id": op} for w, op in table.items() if op)
    return patterns


@Language.factory("policy_cues", default_config={"spans_key": "cues"})
def make_policy_cues(nlp: Language, name: str, spans_key: str):
    """A span_ruler marking the cue words a reader (or a model) uses to judge a statement."""
    from spacy.pipeline import SpanRuler

    ruler = SpanRuler(nlp, name=name, spans_key=spans_key, phrase_matcher_attr="ORTH")
    ruler.add_patterns([{"label": p["label"], "pattern": p["pattern"], **({"id": p["id"]} if "id" in p else {})}
                        for p in cue_patterns()])
    return ruler


class PolicyStatements:
    def __init__(self, spans_key: str):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from policydocs.extract import extract_statements
        from policydocs.extract.context import DocumentContext
        from policydocs.segment import segment

        text = doc.text  # spaCy joins the tokens on every access: once is enough
        seg = doc._.segmented or segment(text)
        context = doc._.context or DocumentContext()
        statements = extract_statements(text, seg, doc_id=doc._.doc_id, context=context)
        spans = []
        store = doc.user_data.setdefault(_STORE, {})
        for index, statement in enumerate(statements):
            aligned = doc.char_span(statement.start, statement.end, alignment_mode="expand")
            if aligned is None:
                continue
            span = Span(doc, aligned.start, aligned.end, label=statement.kind, span_id=f"s{index}")
            store[span.id_] = statement
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("policy_statements", default_config={"spans_key": "statements"})
def make_policy_statements(nlp: Language, name: str, spans_key: str):
    """Targets and actuals as spans labelled "target"/"actual" in ``doc.spans[spans_key]``."""
    return PolicyStatements(spans_key)


@lru_cache(maxsize=1)
def policy_nlp() -> Language:
    """spaCy's blank Chinese pipeline with jieba, our lexicon, the cue ruler and the extractor."""
    import spacy

    from policydocs.knowledge.lexicon import tokenizer

    import jieba

    # spaCy's blank zh initialises jieba's global dictionary; its log lines are noise for our users.
    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    # spaCy's jieba segmenter calls ``jieba_seg.cut``: hand it our private tokenizer, which has the
    # policy lexicon, rather than adding the terms to jieba's global dictionary for everyone.
    nlp.tokenizer.jieba_seg = tokenizer()
    nlp.add_pipe("policy_cues")
    nlp.add_pipe("policy_statements")
    return nlp


def run(text: str, *, doc_id: str = "", context=None, segmented=None) -> Doc:
    """Run the policy pipeline on a cleaned text with its document context (and segmentation)."""
    nlp = policy_nlp()
    doc = nlp.make_doc(text)
    doc._.doc_id = doc_id
    doc._.context = context
    doc._.segmented = segmented
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


register_reset(policy_nlp.cache_clear)  # (its rulers are built from the lexicon and the cues)
