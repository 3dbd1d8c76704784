from pathlib import Path

import pytest

from policydocs.resources import extractor_files
from policydocs.segment import Span, parse_headings, segment, split_clauses, split_sentences
from policydocs.knowledge import lexicon

ROOT = Path(__file__).resolve().parents[1]


# --- lexicon ---------------------------------------------------------------------------------

def test_lexicon_file_is_jieba_userdict_format():
    paths = extractor_files("lexicons", "*.txt")
    assert any(p.name == "policy_terms.txt" for p in paths)
    words = []
    for line in (ROOT / "extractors/lexicons/policy_terms.txt").read_text(encoding="utf-8").splitlines():
        word, freq, pos = line.split(" ")
        assert freq.isdigit() and pos.isalpha() and pos.islower()
        words.append(word)
    assert len(words) >= 300
    assert len(words) == len(set(words))


@pytest.mark.parametrize("term", ["紧密型县域医共体", "DRG付费", "家庭医生签约服务", "两个允许", "三医联动",
                                  "优质服务基层行", "医保基金", "放管服", "分级诊疗"])
def test_policy_terms_are_one_word(term):
    assert term in lexicon.cut(f"全面推进{term}工作")


def test_sentence_segmentation_with_terms():
    words = lexicon.cut("2025年底前全面推开紧密型县域医共体建设，落实两个允许要求")
    assert "紧密型县域医共体" in words and "两个允许" in words


def test_private_tokenizer_does_not_leak_into_global_jieba():
    import jieba

    lexicon.tokenizer()
    assert "紧密型县域医共体" not in jieba.lcut("推进紧密型县域医共体建设")


def test_tokenize_offsets():
    text = "深化医保支付方式改革，推行DRG付费"
    toks = lexicon.tokenize(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert lexicon.term_pos("紧密型县域医共体") == "nz"


# --- sentences --------------------------------------------------------------------------------

def _texts(spans):
    return [s.text for s in spans]


def test_sentences_end_marks_and_offsets():
    text = "今年要巩固提升家庭医生签约服务。全市医保基金运行平稳！是否达标？仍需努力；继续推进。"
    spans = split_sentences(text)
    assert _texts(spans) == ["今年要巩固提升家庭医生签约服务。", "全市医保基金运行平稳！", "是否达标？",
                             "仍需努力；", "继续推进。"]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_sentences_quote_closing_after_full_stop():
    text = "会议强调：“要把医共体建设作为一把手工程来抓。”各县要抓好落实。"
    assert _texts(split_sentences(text)) == ["会议强调：“要把医共体建设作为一把手工程来抓。”", "各县要抓好落实。"]


def test_sentences_never_inside_pairs():
    text = "印发《关于推进分级诊疗的通知。试行》和实施方案（2024年修订。附件略），请遵照执行。下一句。"
    assert _texts(split_sentences(text)) == ["印发《关于推进分级诊疗的通知。试行》和实施方案（2024年修订。附件略），请遵照执行。",
                                             "下一句。"]


def test_sentences_ascii_quotes_and_halfwidth_punctuation():
    text = '他指出:"要坚持以人民健康为中心。"全市已组建医共体12个;覆盖率达到80%!下一步继续推进。'
    assert _texts(split_sentences(text)) == ['他指出:"要坚持以人民健康为中心。"', "全市已组建医共体12个;",
                                             "覆盖率达到80%!", "下一步继续推进。"]


def test_sentences_unmatched_quote_does_not_swallow_paragraph():
    text = "按照“县强、乡活的思路推进。全市组建医共体8个。"
    assert len(split_sentences(text)) == 2


def test_sentences_line_breaks_and_blank_lines():
    text = "一、总体要求\n\n　　坚持预防为主。加强医防融合\n（一）工作目标"
    assert _texts(split_sentences(text)) == ["一、总体要求", "坚持预防为主。", "加强医防融合", "（一）工作目标"]


def test_sentences_short_bracket_across_line_break():
    text = "细颗粒物（PM\n2.5\n）浓度下降。空气质量改善。"
    assert _texts(split_sentences(text)) == ["细颗粒物（PM\n2.5\n）浓度下降。", "空气质量改善。"]


def test_sentences_ellipsis():
    assert _texts(split_sentences("工作还有差距……下一步要改进。")) == ["工作还有差距……", "下一步要改进。"]


def test_clauses():
    s = "到2025年底，全市家庭医生签约覆盖率达到75%以上、重点人群签约率达到1,200人；按照“县强、乡活、村稳”的思路：17:30前完成"
    clauses = split_clauses(s)
    assert _texts(clauses) == ["到2025年底", "全市家庭医生签约覆盖率达到75%以上", "重点人群签约率达到1,200人",
                               "按照“县强、乡活、村稳”的思路", "17:30前完成"]


def test_clauses_from_span_keep_document_offsets():
    text = "前言。年内，新增名医工作室3个以上。"
    second = split_sentences(text)[1]
    clauses = split_clauses(second)
    assert all(text[c.start:c.end] == c.text for c in clauses)
    assert clauses[1].text == "新增名医工作室3个以上"
    assert isinstance(clauses[0], Span)


# --- headings ---------------------------------------------------------------------------------

DOC = "\n".join([
    "关于推进卫生健康高质量发展的实施方案",
    "为深化医药卫生体制改革，制定本方案。",
    "一、总体要求",
    "坚持以人民健康为中心。",
    "二、重点任务",
    "（一）提高政治站位，持续深化综合医改",
    "一是加快推进分级诊疗制度建设。到2025年底，全市家庭医生签约覆盖率达到75%以上。二是深化医保支付方式改革。全面推行DRG付费。",
    "（二）强化支撑保障。各县（市、区）要加强人才队伍建设。",
    "1.加强人才培养。每年培训全科医生200名。",
    "（1）订单定向。招录医学生50名。",
    "2、推进智慧医疗",
    "主要抓好三项工作：一是建设电子病历系统；二是推进检查检验结果互认。",
    "三、保障措施",
    "首先，加强组织领导。其次，强化督导考核。最后，营造良好氛围。",
])


def _path_of(tree_or_seg, needle, text=DOC):
    return tree_or_seg.section_path(text.index(needle))


def test_heading_levels_and_titles():
    tree = parse_headings(DOC)
    labels = [(s.level, s.label) for s in tree.sections]
    assert labels[:4] == [(1, "一、总体要求"), (1, "二、重点任务"), (2, "（一）提高政治站位，持续深化综合医改"),
                          (3, "一是加快推进分级诊疗制度建设")]
    assert (2, "（二）强化支撑保障") in labels          # title stops at the first 。
    assert (3, "1.加强人才培养") in labels and (3, "2、推进智慧医疗") in labels
    assert (4, "（1）订单定向") in labels


def test_section_path_nesting():
    tree = parse_headings(DOC)
    assert _path_of(tree, "全市家庭医生签约") == ["二、重点任务", "（一）提高政治站位，持续深化综合医改",
                                                   "一是加快推进分级诊疗制度建设"]
    assert _path_of(tree, "全面推行DRG") == ["二、重点任务", "（一）提高政治站位，持续深化综合医改",
                                              "二是深化医保支付方式改革"]
    assert _path_of(tree, "招录医学生") == ["二、重点任务", "（二）强化支撑保障", "1.加强人才培养", "（1）订单定向"]
    assert _path_of(tree, "推进检查检验") == ["二、重点任务", "（二）强化支撑保障", "2、推进智慧医疗",
                                              "二是推进检查检验结果互认"]
    assert _path_of(tree, "营造良好") == ["三、保障措施", "最后，营造良好氛围"]
    assert _path_of(tree, "为深化医药") == []


def test_enumeration_ends_with_its_paragraph():
    tree = parse_headings(DOC)
    # the sentence after the 一是/二是 paragraph belongs to （一）'s sibling, not to 二是
    assert _path_of(tree, "各县（市") == ["二、重点任务", "（二）强化支撑保障"]


def test_levels_relative_to_document():
    doc = "（一）工作目标\n到2027年实现全覆盖。\n1.完善网络\n（二）主要任务\n推进医防融合。"
    tree = parse_headings(doc)
    assert [(s.level, s.label) for s in tree.sections] == [(1, "（一）工作目标"), (2, "1.完善网络"), (1, "（二）主要任务")]


def test_lines_input_and_halfwidth_markers():
    lines = ["(一)国家会议精神。4月17日,会议在京召开。", "(二)全省会议精神", "第一,要统一思想。第二,要压实责任。"]
    tree = parse_headings(lines)
    assert [s.label for s in tree.sections] == ["(一)国家会议精神", "(二)全省会议精神", "第一,要统一思想", "第二,要压实责任"]
    text = "\n".join(lines)
    assert tree.section_path(text.index("压实")) == ["(二)全省会议精神", "第二,要压实责任"]


def test_false_headings_rejected():
    doc = "一、工作回顾\n一、二季度经济运行平稳。\n二是没有一是的二是。\n1.2万人参加培训。\n二、下一步工作\n二、重复的编号"
    tree = parse_headings(doc)
    assert [s.label for s in tree.sections] == ["一、工作回顾", "二、下一步工作"]


def test_long_first_sentence_title_cut_at_comma():
    doc = "一是全面推进紧密型县域医共体建设，到2025年底前实现县域全覆盖，县域内就诊率达到90%以上。"
    tree = parse_headings(doc)
    assert tree.sections[0].label == "一是全面推进紧密型县域医共体建设"


def test_report_dash_bullets():
    doc = "一、工作回顾\n——经济运行保持在合理区间。国内生产总值增长6.6%。\n——人民生活持续改善。"
    tree = parse_headings(doc)
    assert _path_of(tree, "国内生产", doc) == ["一、工作回顾", "——经济运行保持在合理区间"]


# --- segment ----------------------------------------------------------------------------------

def test_segment_sentences_carry_paths_and_heading_levels():
    seg = segment(DOC)
    by_text = {s.text: s for s in seg.sentences}
    s = by_text["到2025年底，全市家庭医生签约覆盖率达到75%以上。"]
    assert s.section_path[-1] == "一是加快推进分级诊疗制度建设" and s.heading_level is None
    assert by_text["二、重点任务"].heading_level == 1
    assert by_text["一是加快推进分级诊疗制度建设。"].heading_level == 3
    assert all(DOC[x.start:x.end] == x.text for x in seg.sentences)


def test_segment_splits_sentence_at_enumeration_after_colon():
    seg = segment(DOC)
    texts = [s.text for s in seg.sentences]
    assert "主要抓好三项工作：" in texts
    assert "一是建设电子病历系统；" in texts
    assert seg.sentence_at(DOC.index("电子病历")).section_path[-1] == "一是建设电子病历系统"


def test_segment_trims_every_kind_of_space_at_sentence_edges():
    # sentence_bounds trims the spaces a page carries; segment also what str.isspace() calls space
    text = "一、总则\n\u2003（一）目标明确。\x0c一是加快推进：\u2002二是落实到位。\u2003"
    seg = segment(text)
    assert [s.text for s in seg.sentences] == ["一、总则", "（一）目标明确。", "一是加快推进：\u2002二是落实到位。"]
    assert all(text[s.start:s.end] == s.text for s in seg.sentences)


def test_segment_gold_smoke():
    """Evaluation only: every cleaned seed segments with consistent offsets and nested sections."""
    for path in sorted((ROOT / "corpora/gold").glob("*.clean.txt")):
        text = path.read_text(encoding="utf-8")
        seg = segment(text)
        assert seg.sentences, path
        assert all(text[s.start:s.end] == s.text for s in seg.sentences)
        for sec in seg.sections:
            assert sec.start < sec.end
            if sec.parent is not None:
                parent = seg.sections[sec.parent]
                assert parent.start <= sec.start and sec.end <= parent.end and parent.level < sec.level


def test_user_lexicon_directory_adds_terms(tmp_path, monkeypatch):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "local_terms.txt").write_text("甲乙丙丁工程 5000 n\n", encoding="utf-8")
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(tmp_path))
    lexicon.reset()
    try:
        words = lexicon.cut("实施甲乙丙丁工程和紧密型县域医共体建设")
        assert "甲乙丙丁工程" in words and "紧密型县域医共体" in words
    finally:
        monkeypatch.delenv("POLICYDOCS_EXTRACTORS")
        lexicon.reset()


def test_circled_numbers_are_headings_under_their_parent():
    tree = parse_headings("一、加强组织领导\n①成立领导小组。\n②建立工作专班。")
    assert [(s.marker, s.level, s.number) for s in tree.sections] == [("一、", 1, 1), ("①", 2, 1), ("②", 2, 2)]
