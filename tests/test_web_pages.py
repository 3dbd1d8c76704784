"""General web pages (news, encyclopedia, forum, blog, self-media platform): the main text, not the
page around it, and who wrote it and when.

Fixtures (tests/fixtures/web) are hand-written pages of each class, with their chrome; the real
pages of corpora/web (gold by others) are scored as `policydocs eval clean corpora/web` scores them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.clean import clean
from policydocs.clean.evaluate import author_matches, char_scores, date_matches, evaluate_pages
from policydocs.clean.html import extract_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "web"
WEB = ROOT / "corpora" / "web"
PAGES = sorted(p.stem for p in FIXTURES.glob("*.html"))


def _gold(name: str) -> list[str]:
    return (FIXTURES / f"{name}.clean.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def docs():
    return {name: clean(FIXTURES / f"{name}.html") for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_each_class_of_page_gives_its_main_text(docs, name):
    doc, gold = docs[name], _gold(name)
    assert doc.title == gold[0]
    assert char_scores(doc.body, "\n".join(gold[1:]))[2] >= 0.98


def test_news_article_box_whole_with_its_lead_without_its_boilerplate_boxes(docs):
    doc = docs["news_article_box"]
    lines = doc.body.splitlines()
    assert lines[0].startswith("4月17日，记者从市住房和城乡建设局获悉")  # the lead above the article box
    assert "江东区\t46\t17800" in lines  # a table between the paragraphs is the article's
    for chrome in ("广告", "家装季特惠", "未经授权不得转载", "分享到", "相关新闻", "江城出台城市更新三年行动方案", "热门排行"):
        assert chrome not in doc.text, chrome
    assert "本报记者 周晓燕" not in doc.text  # a byline above the text is an info line
    assert doc.meta["author"] == "周晓燕 何立新" and doc.date == "2024-04-18"
    assert any("article-copyright" in (r.reason or "") or "未经授权" in r.text for r in doc.removed)


def test_encyclopedia_entry_whole_without_edit_links_and_collapsed_lists(docs):
    doc = docs["wiki_entry"]
    assert doc.site == "mediawiki" and doc.title == "青石桥镇"
    assert "全镇以种植业为主" in doc.body and "2019年\t10.6\t7.1%" in doc.body
    # a dropped language hint leaves its paragraph whole
    assert any(line.endswith("2005年，原白沙乡并入青石桥镇。") for line in doc.body.splitlines())
    for chrome in ("编辑", "Qingshiqiao", "龙塘村", "前卫镇", "目录", "取自", "导航菜单", "知识共享"):
        assert chrome not in doc.body, chrome
    assert any(r.text == "[编辑]" for r in doc.removed)  # dropped spans are accounted for


def test_threaded_forum_post_without_its_note_rules_and_replies(docs):
    doc = docs["forum_threaded"]
    assert len(doc.paragraphs) == 3 and doc.body.endswith("一起算算改建的费用。")
    for chrome in ("本贴由", "免 责 声 明", "纯属作者个人观点", "转载请注明", "跟帖", "支持！北侧绿地", "夜归人"):
        assert chrome not in doc.body, chrome
    assert doc.meta["author"] == "老梧桐" and doc.date == "2021-05-09"


def test_blog_post_without_counters_tags_trackback_and_comments(docs):
    doc = docs["blog_wordpress"]
    assert len(doc.paragraphs) == 5
    for chrome in ("阅读(1,206)", "评论(3)", "标签", "Trackback", "上一篇", "写得很好", "积分制", "近期文章", "分享此文"):
        assert chrome not in doc.body, chrome
    assert doc.meta["author"] == "山居客" and doc.date == "2021-11-03"


def test_self_media_article_keeps_the_text_behind_expand_and_drops_the_platform_statement(docs):
    doc = docs["selfmedia_collapsed"]
    assert doc.title == "县里的“共享菜园”火了：闲置地变身邻里客厅"  # the heading, not og:title with the platform
    assert "为了让菜园更有“人情味”" in doc.body  # collapsed behind 展开全文, still the article
    assert doc.body.splitlines()[-1] == "临川生活圈记者 陈思远 报道"  # a byline after the text signs it
    for chrome in ("展开全文", "仅代表作者本人", "责任编辑", "阅读 (", "返回百川号", "24小时热文", "文章 1286"):
        assert chrome not in doc.body, chrome
    assert doc.meta["author"] == "陈思远" and doc.meta["editor"] == "林晓"


def test_boxes_named_as_boilerplate_are_kept_when_they_hold_most_of_the_body():
    # a template that wraps its whole text in a "share" box: the names are wrong, the text decides
    paragraph = "<p>各乡镇要按照全县统一部署，认真做好春季森林防火各项工作，落实巡山护林责任，确保不发生重大火情。</p>"
    markup = (f"<html><body><div class='nav'><a href='/'>首页</a></div><div class='article-content'>"
              f"<div class='share-wrap'>{paragraph * 4}</div><p>请各单位于3月20日前将工作开展情况报县林业局，"
              f"联系人：张明，联系电话：0871-6012345，逾期未报的将予以通报。</p></div></body></html>")
    text = extract_html(markup).text
    assert text.count("春季森林防火") == 4 and "逾期未报" in text


# --- the real pages of corpora/web -----------------------------------------------------------

@pytest.fixture(scope="module")
def web_scores():
    return evaluate_pages(WEB)


def test_no_real_page_refused_or_emptied(web_scores):
    assert len(web_scores) == len(list((WEB / "cleaned").glob("*.txt"))) >= 20
    assert [s.name for s in web_scores if s.error or s.recall == 0] == []


def test_real_pages_macro_and_min_f1(web_scores):
    f1 = {s.name: s.f1 for s in web_scores}
    assert sum(f1.values()) / len(f1) >= 0.93
    assert min(f1.values()) >= 0.5, min(f1, key=f1.get)


def test_real_pages_dates_and_authors_mostly_right(web_scores):
    assert sum(s.matches["date"] for s in web_scores) >= 0.75 * len(web_scores)
    assert sum(s.matches["author"] for s in web_scores) >= 0.7 * len(web_scores)


@pytest.mark.parametrize("predicted, gold, right", [
    ("2005-08-12", "2005-8-12 16:12:21", True), ("2018-08-23", "2018", True), ("2003-05-06", "2003-5", True),
    ("2005-03-06", "2003-5", False), (None, "UNKNOWN", True), ("2020-01-01", "UNKNOWN", False), (None, "2018", False),
])
def test_date_is_matched_on_the_fields_the_gold_gives(predicted, gold, right):
    assert date_matches(predicted, gold) is right


def test_author_is_matched_ignoring_spaces():
    assert author_matches("伊琳 李清芬", "伊琳  李清芬") and author_matches("罗科 苏盈", "罗科苏盈")
    assert author_matches(None, "UNKNOWN") and not author_matches("编辑部", "UNKNOWN") and not author_matches(None, "胡平")


def test_eval_clean_scores_a_page_corpus_in_one_command(tmp_path):
    corpus = tmp_path / "web"
    for sub in ("original", "cleaned", "date", "author"):
        (corpus / sub).mkdir(parents=True)
    (corpus / "original" / "p1.html").write_bytes((FIXTURES / "forum_threaded.html").read_bytes())
    (corpus / "cleaned" / "p1.txt").write_text("\n".join(_gold("forum_threaded")[1:]), encoding="utf-8")
    (corpus / "date" / "p1.txt").write_text("2021-5-9 21:40", encoding="utf-8")
    (corpus / "author" / "p1.txt").write_text("老梧桐", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "clean", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "| p1 | 1.0000 | 1.0000 | 1.0000 |" in result.output
    assert "author 1/1, date 1/1" in result.output
    missing = CliRunner().invoke(cli, ["eval", "clean", str(tmp_path)])
    assert missing.exit_code != 0 and "PRED_DIR" in missing.output
