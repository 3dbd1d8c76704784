"""Article pages of government portals, copied out of a browser or saved: furniture out, body kept,
title and the document's own date read (policydocs.clean.portal, policydocs.clean.head).

The fixtures (tests/fixtures/portal) are pages written here in the layouts of the platforms
portals run on: TRS (拓尔思), Hanweb (大汉), a provincial 集约化 platform and gov.cn, each as a
copied text and as a saved page, with a hand-made gold; corpora/provincial2026 holds ten real
copies of one report database's pages.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from policydocs.acquire.document import RawDocument
from policydocs.clean import clean, clean_raw

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "portal"
PROVINCIAL = ROOT / "corpora" / "provincial2026"


def _eval_portal():
    spec = importlib.util.spec_from_file_location("eval_portal", ROOT / "bench" / "eval_portal.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_portal", module)  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def run(lines: list[str]):
    return clean_raw(RawDocument(source="page.txt", format="text", text="\n".join(lines)))


P1 = "过去一年，全市地区生产总值增长5.6%，一般公共预算收入增长4.2%，城镇新增就业5.8万人，居民人均可支配收入增长5.9%。"
P2 = "今年的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业5万人以上，城镇调查失业率5.5%左右。"


# --- the evaluation sets -----------------------------------------------------------------------

@pytest.mark.parametrize("folder", [FIXTURES, PROVINCIAL], ids=["platform fixtures", "provincial2026"])
def test_portal_pages_lose_their_furniture_and_keep_their_body(folder):
    if not (folder / "gold_clean").is_dir():
        pytest.skip(f"{folder} is not in this checkout")
    bench = _eval_portal()
    scores = bench.score_dir(folder)
    total = bench.summary(scores)
    assert total["pages"] >= 8 and total["errors"] == 0
    assert total["furniture_left_pct"] <= 5.0, [(s.doc, s.furniture_left) for s in scores if s.furniture_left]
    assert total["body_lines_lost"] == 0, [(s.doc, s.body_lost) for s in scores if s.body_lost]
    assert total["title_right"] == total["pages"], [(s.doc, s.title, s.title_gold) for s in scores if not s.title_right]
    assert total["date_right"] == total["dated_pages"] == total["pages"], \
        [(s.doc, s.date, s.date_gold) for s in scores if not s.date_right]


def test_the_fixtures_cover_every_platform_as_copied_text_and_saved_page():
    stems = {p.stem for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html")}
    for platform in ("trs", "hanweb", "jiyue", "govcn"):
        assert any(s.startswith(platform) and s.endswith("_copy") for s in stems), platform
        assert any(s.startswith(platform) and s.endswith("_saved") for s in stems), platform


def test_the_page_date_is_kept_apart_from_the_documents_date():
    meta = {row["doc"]: row for row in map(json.loads, (FIXTURES / "gold_clean" / "meta.jsonl").read_text("utf-8").splitlines())}
    for stem, row in meta.items():
        path = next(FIXTURES.glob(f"{stem}.*[lt]"))
        doc = clean(path)
        assert (doc.date, doc.page_date) == (row["date"], row["page_date"]), stem


def test_every_line_of_a_copied_page_is_kept_or_reported():
    path = FIXTURES / "jiyue_report_copy.txt"
    text = path.read_text(encoding="utf-8")
    doc = clean(path)
    kept = set(doc.text.splitlines())
    removed = {r.text for r in doc.removed}
    for line in filter(None, text.splitlines()):
        assert line in kept or line in removed, line
    for para in doc.paragraphs:
        assert text[para.source_start : para.source_end] == para.text


# --- control bars --------------------------------------------------------------------------------

def test_a_control_bar_split_one_word_to_a_line_goes():
    doc = run(["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "2026年江城市政府工作报告", "各位代表：", P1, P2])
    assert doc.title == "2026年江城市政府工作报告"
    assert doc.text.splitlines()[1:] == ["各位代表：", P1, P2]
    assert {r.reason for r in doc.removed if r.text in ("加大", "】")} == {"page controls"}


def test_a_control_word_alone_among_the_body_lines_is_text():
    # a guide's steps: 下载 alone between paragraphs is not a control bar
    doc = run(["关于推广使用政务服务APP的通知", "各部门：", P1, "下载", P2, "安装", "注册"])
    assert doc.text.splitlines()[1:] == ["各部门：", P1, "下载", P2, "安装", "注册"]


def test_a_control_bar_at_the_foot_goes_whatever_its_shape():
    doc = run(["2026年西塘市政府工作报告", "各位代表：", P1, P2, "【字体：大 中 小】【打印】【关闭】", "分享到：", "微信", "微博",
               "字号：默认 大 超大 | 打印 |", "A+ A A-"])
    assert doc.text.splitlines()[1:] == ["各位代表：", P1, P2]


# --- info lines ----------------------------------------------------------------------------------

def test_an_info_line_split_over_lines_becomes_metadata():
    doc = run(["首页 > 南岭要闻", "南岭省政府工作报告", "来源：", "南岭日报", "发表时间：", "2026-01-30 07:45", "阅读量：", "41872",
               "各位代表：", P1, P2, "责任编辑：", "赵晓东"])
    assert doc.text.splitlines() == ["南岭省政府工作报告", "各位代表：", P1, P2]
    assert doc.issuer == "南岭日报"
    assert doc.page_date == "2026-01-30"
    assert doc.meta["views"] == "41872" and doc.meta["editor"] == "赵晓东"


def test_info_lines_of_several_fields_become_metadata():
    doc = run(["政府工作报告", "2026-03-13 10:50 来源： 新华社字号：默认 大 超大|打印|",
               "作者：本报记者 张三丨来源：江城日报丨2026-02-06 09:15", "各位代表：", P1, P2])
    assert doc.text.splitlines() == ["政府工作报告", "各位代表：", P1, P2]
    assert doc.meta["author"] == "本报记者 张三"
    assert doc.page_date == "2026-03-13"


def test_a_time_label_between_the_paragraphs_of_a_notice_is_its_text():
    lines = ["关于召开全县安全生产工作会议的通知", "各乡镇人民政府，县直各单位：", P1, "时间：", "2026年1月25日", P2,
             "附件：1.春节期间值班安排表.docx", "县应急管理局", "2026年1月20日"]
    doc = run(lines)
    assert doc.text.splitlines() == lines


def test_an_info_box_above_a_public_document_becomes_metadata():
    doc = run(["索引号：", "11410000005184776X/2026-00012", "发布机构：", "省人民政府办公厅", "成文日期：", "2026年01月15日",
               "发文字号：", "河政办〔2026〕3号", "关于印发河川省2026年重点民生实事的通知", "河政办〔2026〕3号",
               "各市、县人民政府，省人民政府各部门：", P1, P2])
    assert doc.title == "关于印发河川省2026年重点民生实事的通知"
    assert doc.text.splitlines()[1:] == ["河政办〔2026〕3号", "各市、县人民政府，省人民政府各部门：", P1, P2]
    assert doc.meta["info"]["发文字号"] == "河政办〔2026〕3号"


# --- captions, hash ids, the second copy of the opening ---------------------------------------------

def test_photo_captions_and_hash_ids_go():
    doc = run(["政府工作报告", "（2026年1月27日在省十四届人大四次会议上）", "▲1月27日，大会开幕。新华社发（王五 摄）",
               "省长刘小涛代表省人民政府向大会作政府工作报告。本报记者 朱 江 摄", "各位代表：", P1,
               "图为会议现场。记者 李四 摄", "科技人员正在实验室开展拍摄", P2, "c93c6c18e18d4ec6b1dd2f30581f15e8",
               "附件：P020260206512345678901.pdf"])
    assert doc.text.splitlines()[1:] == ["（2026年1月27日在省十四届人大四次会议上）", "各位代表：", P1,
                                         "科技人员正在实验室开展拍摄", P2]


def test_a_copy_of_the_opening_after_the_footer_goes_and_the_closing_stays():
    opening = "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员和其他列席人员提出意见。"
    closing = "各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，为奋力谱写中国式现代化新篇章而努力奋斗！"
    doc = run(["2026年江城市政府工作报告", "各位代表：", opening, P1, P2, closing, "【打印本页】【关闭窗口】",
               "扫一扫在手机打开当前页", "责任编辑：赵晓东", opening[:30] + "……"])
    assert doc.text.splitlines()[1:] == ["各位代表：", opening, P1, P2, closing]
    assert doc.meta["editor"] == "赵晓东"


# --- the document's head ----------------------------------------------------------------------------

def test_the_date_in_chinese_numerals_and_the_speaker_are_read_from_the_head():
    doc = run(["在全县经济工作会议上的讲话", "（二〇二六年一月十日）", "县长 刘强", "同志们：", P1, P2])
    assert (doc.title, doc.date) == ("在全县经济工作会议上的讲话", "2026-01-10")
    assert doc.meta["speaker"] == "县长 刘强"
    assert doc.text.splitlines()[1:3] == ["（二〇二六年一月十日）", "县长 刘强"]


def test_a_reports_meeting_date_wins_over_the_pages_posting_time():
    doc = run(["2026年江城市政府工作报告", "时间：2026-02-09", "2026年1月31日在江城市第十七届人民代表大会第五次会议上",
               "市长 王立", "各位代表：", P1, P2])
    assert (doc.date, doc.page_date) == ("2026-01-31", "2026-02-09")


def test_a_saved_page_whose_title_is_another_text_takes_the_documents_own():
    page = """<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="省长王立作政府工作报告">
<meta name="PubDate" content="2026-02-09 08:00"></head><body><div class="article">
<p>江城市政府工作报告</p><p>——2026年1月31日在江城市第十七届人民代表大会第五次会议上</p><p>市长 王立</p>
<p>各位代表：</p><p>%s</p><p>%s</p></div></body></html>""" % (P1, P2)
    doc = clean_raw(RawDocument(source="page.html", format="html", text=page))
    assert doc.title == "江城市政府工作报告"
    assert doc.meta["page_title"] == "省长王立作政府工作报告"
    assert (doc.date, doc.page_date) == ("2026-01-31", "2026-02-09")
    assert doc.text.splitlines()[1] == "——2026年1月31日在江城市第十七届人民代表大会第五次会议上"


def test_a_copied_report_is_stored_with_both_dates(tmp_path):
    from policydocs.batch import ingest
    from policydocs.store import open_db

    page = tmp_path / "report.txt"
    page.write_text("\n".join(["下载", "打印", "【字号：", "加大", "还原", "减小", "】", "2026年江城市政府工作报告",
                               "——2026年1月31日在江城市第十七届人民代表大会第五次会议上", "来源：江城日报", "时间：2026-02-09",
                               "市长 王立", "各位代表：", P1, P2, "相关报道："]), encoding="utf-8")
    db = tmp_path / "p.db"
    assert ingest([page], db=db).ok
    row = open_db(db).conn.execute("SELECT title, date, page_date FROM documents").fetchone()
    assert row == ("2026年江城市政府工作报告", "2026-01-31", "2026-02-09")
