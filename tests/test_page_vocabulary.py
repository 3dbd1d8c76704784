"""Page furniture written once (extractors/vocabulary/page.toml) for the HTML cleaner and the
generic site profile: the two copies had drifted apart, and the profile missed labels the HTML
cleaner knew."""

import pytest

import policydocs
from policydocs.acquire.document import RawDocument
from policydocs.clean import clean_raw
from policydocs.clean.html_walk import boilerplate_kind
from policydocs.knowledge.files import KnowledgeError

BODY = [
    "一、总体要求",
    "以习近平新时代中国特色社会主义思想为指导，全面落实深化医药卫生体制改革部署，推动优质医疗资源扩容下沉。",
    "二、重点任务",
    "（一）推进紧密型县域医共体建设。到2025年底，县域医共体覆盖率达到90%以上，基层诊疗量占比达到65%。",
]


def run(text: str):
    return clean_raw(RawDocument(source="page.txt", format="text", text=text))


@pytest.mark.parametrize("label", ["你现在的位置", "您所在的位置", "当前所在位置"])
def test_every_breadcrumb_label_of_the_html_cleaner_drops_a_text_line_too(label):
    crumb = f"{label}：首页 > 政务公开 > 通知公告"
    assert boilerplate_kind(crumb) == "breadcrumb"
    doc = run("\n".join(["县域医共体建设工作方案", crumb, *BODY]))
    assert crumb not in doc.text
    assert any(r.text == crumb and r.reason == "breadcrumb" for r in doc.removed)


def test_a_稿件来源_line_is_a_source_line_in_text_as_in_html():
    line = "稿件来源：某某市卫生健康委员会"
    assert boilerplate_kind(line) == "date/source line"
    doc = run("\n".join(["县域医共体建设工作方案", line, *BODY]))
    assert line not in doc.text
    assert doc.meta.get("source") == "某某市卫生健康委员会"


def test_a_稿件来源_label_is_stripped_from_the_source_meta_tag():
    html = ("<html><head><title>县域医共体建设工作方案</title>"
            '<meta name="source" content="稿件来源：某某市卫生健康委员会"></head><body>'
            "<h1>县域医共体建设工作方案</h1><div class=\"content\">"
            + "".join(f"<p>{p}</p>" for p in BODY) + "</div></body></html>")
    doc = clean_raw(RawDocument(source="page.html", format="html", text=html))
    assert doc.issuer == "某某市卫生健康委员会"


def test_a_profile_naming_an_unknown_word_list_is_an_error(tmp_path, monkeypatch):
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "mysite.toml").write_text(
        'name = "mysite"\n[text]\ndrop_lines = [{ pattern = "^{no_such_list}：", reason = "x" }]\n',
        encoding="utf-8")
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(tmp_path))
    policydocs.knowledge.reset()
    try:
        with pytest.raises(KnowledgeError, match="no_such_list"):
            from policydocs.knowledge.sites import load_profiles
            load_profiles()
    finally:
        monkeypatch.delenv("POLICYDOCS_EXTRACTORS")
        policydocs.knowledge.reset()


@pytest.mark.parametrize("line, reason", [
    ("前一篇：2024年卫生健康工作总结", "上一篇/下一篇"),
    ("后一篇：关于开展优质服务基层行活动的通知", "上一篇/下一篇"),
    ("关键字：医共体 工作方案", "keyword block"),
])
def test_navigation_and_keyword_labels_of_the_html_cleaner_drop_a_text_line_too(line, reason):
    assert boilerplate_kind(line)
    doc = run("\n".join(["县域医共体建设工作方案", *BODY, line]))
    assert line not in doc.text
    assert any(r.text == line and r.reason == reason for r in doc.removed)


def test_a_part_of_the_document_headed_上篇_is_kept_in_text():
    line = "上篇：总体战略"  # a page's 上篇 link, but in plain text the heading of a part
    doc = run("\n".join(["县域医共体建设工作方案", line, *BODY]))
    assert line in doc.text.splitlines()


def test_the_html_cleaner_reads_page_toml_again_after_reset(tmp_path, monkeypatch):
    from policydocs.resources import extractor_files

    shipped = next(p for p in extractor_files("vocabulary", "*.toml") if p.name == "page.toml")
    text = shipped.read_text(encoding="utf-8").replace('"预览时标签不可点"]', '"预览时标签不可点", "二维码"]')
    (tmp_path / "vocabulary").mkdir()
    (tmp_path / "vocabulary" / "page.toml").write_text(text, encoding="utf-8")
    assert boilerplate_kind("手机扫描二维码") is None
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(tmp_path))
    policydocs.knowledge.reset()
    try:
        assert boilerplate_kind("手机扫描二维码") == "share bar"
    finally:
        monkeypatch.delenv("POLICYDOCS_EXTRACTORS")
        policydocs.knowledge.reset()
    assert boilerplate_kind("手机扫描二维码") is None


def test_the_generic_title_words_open_with_the_speech_words_of_page_toml():
    from policydocs.clean.profiles import rules_for
    from policydocs.knowledge.vocabulary import words

    title_words = rules_for("").title_words
    assert title_words[:3] == list(words("speech_word")) == ["讲话", "发言", "致辞"]
    assert "{speech_word}" not in title_words and "报告" in title_words
