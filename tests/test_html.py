"""Main content and metadata from HTML pages (policydocs.clean.html)."""

from __future__ import annotations

import difflib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # running from a checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from policydocs.clean.html import Block, HtmlExtraction, extract_html, extract_html_with  # noqa: E402
from policydocs.errors import InputError  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "html"
INDEX = json.loads((FIXTURES / "pages.json").read_text(encoding="utf-8"))
PAGES = [name for name in INDEX if not name.startswith("_")]


def read_page(name: str) -> str:
    path = FIXTURES / f"{name}.html"
    try:
        from policydocs.acquire import load
    except ImportError:
        load = None
    if load is not None:
        return load(str(path)).text
    from charset_normalizer import from_bytes

    data = path.read_bytes()
    m = re.search(rb"""charset\s*=\s*["']?([-\w]+)""", data[:4096], re.I)
    enc = m.group(1).decode().lower() if m else (from_bytes(data).best().encoding)
    return data.decode("gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc)


def gold(name: str) -> list[str]:
    return (FIXTURES / f"{name}.clean.txt").read_text(encoding="utf-8").splitlines()


def char_f1(pred: str, ref: str) -> float:
    p = re.sub(r"\s+", "", unicodedata.normalize("NFKC", pred))
    g = re.sub(r"\s+", "", unicodedata.normalize("NFKC", ref))
    if not p or not g:
        return 0.0
    m = sum(b.size for b in difflib.SequenceMatcher(None, p, g, autojunk=False).get_matching_blocks())
    prec, rec = m / len(p), m / len(g)
    return 2 * prec * rec / (prec + rec) if m else 0.0


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[str, HtmlExtraction]]:
    out = {}
    for name in PAGES:
        markup = read_page(name)
        out[name] = (markup, extract_html(markup, url=INDEX[name].get("url"), source=f"{name}.html"))
    return out


# --- the evaluation set ----------------------------------------------------------------------

def test_evaluation_set_f1(extracted):
    scores = {name: char_f1(res.text, "\n".join(gold(name)[1:])) for name, (_, res) in extracted.items()}
    macro = sum(scores.values()) / len(scores)
    worst = min(scores, key=scores.get)
    assert len(scores) >= 12
    assert macro >= 0.90, scores
    assert scores[worst] >= 0.5, (worst, scores[worst])


@pytest.mark.parametrize("name", PAGES)
def test_evaluation_set_metadata(extracted, name):
    _, res = extracted[name]
    info = INDEX[name]
    assert res.title == gold(name)[0]
    for key in ("date", "issuer", "column", "site_name", "profile"):
        if key in info:
            assert getattr(res, key) == info[key], key
    if info.get("profile"):
        assert res.method == f"profile:{info['profile']}"


def test_gbk_only_characters_survive(extracted):
    text = extracted["county_portal_gbk"][1].text + extracted["trs_dept_gbk"][1].text
    assert "埇" in text and "镕" in text


def test_title_not_repeated_in_body(extracted):
    _, res = extracted["govcn_policy"]
    assert res.blocks[0].text == "国办发〔2024〕21号"
    assert any(r.reason.startswith("title") for r in res.removed)


def test_blocks_point_into_the_markup(extracted):
    for name, (markup, res) in extracted.items():
        for b in res.blocks:
            assert b.source_start is not None and b.source_end is not None, (name, b.text)
            seg = re.sub(r"<[^>]+>", "", markup[b.source_start:b.source_end]).replace("&nbsp;", " ")
            assert re.sub(r"\s", "", seg) == re.sub(r"\s", "", b.text), (name, b.text)


# --- metadata --------------------------------------------------------------------------------

PAGE_WITH_META = """<html><head>
<meta name="ArticleTitle" content="关于开展2024年防汛检查的通知">
<meta name="PubDate" content="2024-05-06 09:00">
<meta name="ContentSource" content="市应急管理局">
<meta name="ColumnName" content="通知公告">
<meta name="SiteName" content="某市人民政府">
<title>防汛检查_通知公告_某市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/a">政务公开</a></div>
<h1>页面上的另一个标题</h1><div class="info">发布时间：2023-01-01 来源：别的单位</div>
<div class="article"><p>各区县应急管理局：</p><p>为切实做好今年防汛工作，市应急管理局决定开展防汛专项检查，现将有关事项通知如下，请认真落实。</p>
<p>一、检查时间为5月10日至5月31日，各地要提前做好自查，确保问题隐患整改到位。</p></div>
<div class="footer">版权所有：某市人民政府 ICP备05012345号</div></body></html>"""


def test_meta_tags_win():
    res = extract_html(PAGE_WITH_META)
    assert res.title == "关于开展2024年防汛检查的通知"
    assert res.date == "2024-05-06"
    assert res.issuer == "市应急管理局"
    assert res.column == "通知公告"
    assert res.site_name == "某市人民政府"


def test_metadata_from_the_page_without_meta_tags():
    page = re.sub(r"<meta[^>]*>\n?", "", PAGE_WITH_META)
    page = page.replace("<h1>页面上的另一个标题</h1>", "<h1>防汛检查</h1>")
    res = extract_html(page)
    assert res.title == "防汛检查"
    assert res.date == "2023-01-01"
    assert res.issuer == "别的单位"
    assert res.site_name == "某市人民政府"


# --- profiles and the generic extractor ------------------------------------------------------

SIDEBAR = "".join(
    f"<p>侧栏摘要第{i}条，这是一段很长的带标点的文字，用来诱使按文本密度选择的方法选错区域，所以写得比正文还长。</p>"
    for i in range(6)
)


@pytest.mark.parametrize("profile,container,url", [
    ("trs", '<div class="TRS_Editor">{body}</div>', None),
    ("hanweb", '<!--<$[信息内容]>begin--><div id="zoom">{body}</div><!--<$[信息内容]>end-->', None),
    ("govcn", '<div class="pages_content" id="UCAP-CONTENT">{body}</div>', "https://www.gov.cn/zhengce/content/x.htm"),
])
def test_profile_container_is_used(profile, container, url):
    body = "<p>本通知自发布之日起施行。</p><p>特此通知。</p>"
    page = (f"<html><head><title>通知</title></head><body><div class='side'>{SIDEBAR}</div>"
            f"{container.format(body=body)}</body></html>")
    res = extract_html(page, url=url)
    assert res.method == f"profile:{profile}"
    assert res.profile == profile
    assert [b.text for b in res.blocks] == ["本通知自发布之日起施行。", "特此通知。"]


def test_a_near_empty_profile_match_loses_to_the_body():
    body = "".join(f"<p>第{i}段，这是正文的一部分，内容充实，标点齐全，足够说明这才是页面的主体。</p>" for i in range(5))
    page = ("<html><body><div class='TRS_Editor'><p>责任编辑：张三</p></div>"
            f"<div class='main'>{body}</div></body></html>")
    res = extract_html(page)
    assert res.method == "density" and res.profile == "trs"
    assert len(res.blocks) == 5


def test_generic_extractor_on_an_unknown_site(extracted):
    _, res = extracted["county_portal_gbk"]
    assert res.profile is None and res.method == "density"
    text = res.text
    assert text.startswith("各乡镇人民政府，县直有关单位：")
    assert "县农业农村局将会同县督查室" in text
    for chrome in ("首 页", "当前位置", "热点新闻", "县委理论学习中心组", "分享到", "上一篇", "相关阅读",
                   "ICP", "技术支持", "便民服务"):
        assert chrome not in text, chrome
    assert "城关镇\t45\t6\t10" in [b.text for b in res.blocks]  # table rows: cells joined by a tab
    reasons = {r.reason for r in res.removed}
    assert "outside main content" in reasons


def test_forum_thread_keeps_the_first_post_only(extracted):
    text = extracted["forum_thread_gbk"][1].text
    assert "今年村级组织换届已经顺利完成" in text
    assert "老李总结得很全面" not in text and "学习了，收藏" not in text and "本帖最后由" not in text


def test_methods_can_be_compared():
    markup = read_page("template_site")
    for chain in (("density",), ("trafilatura",), ("readability",)):
        res = extract_html_with(markup, chain)
        assert res.method == chain[0]
        assert "压实安全生产责任" in res.text


# --- robustness ------------------------------------------------------------------------------

PARA = "<p>这是一段用于测试的正文内容，包含标点符号，用来检验页面能否正常处理。</p>"


def test_deep_nesting():
    page = "<html><body>" + "<div>" * 10_000 + PARA * 3 + "</div>" * 10_000 + "</body></html>"
    res = extract_html(page)
    assert [b.text for b in res.blocks] == ["这是一段用于测试的正文内容，包含标点符号，用来检验页面能否正常处理。"] * 3
    unclosed = "<html><body>" + "<div><span><b>" * 5_000 + PARA * 3
    assert len(extract_html(unclosed).blocks) == 3


def test_malformed_html():
    page = ("<html><head><title>测试页面_某某网</title><body><div class=content><p>第一段文字，没有闭合标签"
            "<p>第二段文字，<b>粗体<i>斜体</b>交错</i>，继续写下去。<table><tr><td>单元格一<td>单元格二</table>"
            "<p>第三段，到这里结束。</div></div></span></p></td>")
    res = extract_html(page)
    texts = [b.text for b in res.blocks]
    assert "第一段文字，没有闭合标签" in texts
    assert "第二段文字，粗体斜体交错，继续写下去。" in texts
    assert "第三段，到这里结束。" in texts


def test_scripts_and_styles_never_reach_the_text():
    page = ("<html><head><style>p{color:red}</style><script>var t='头部脚本，不应出现。';</script></head><body>"
            "<div><p>正文第一段，内容充实，标点齐全，用于测试过滤。</p>"
            "<script>document.write('脚本里的文字，不应出现，绝对不能。')</script>"
            "<p>正文第二段，同样内容充实，标点齐全，继续测试。</p><noscript>请开启脚本，浏览器不支持。</noscript>"
            "<style>.TRS_Editor P{line-height:2;font-family:仿宋;}</style>"
            "<div style='display:none'>隐藏的文字，不应出现，绝对不能出现。</div></div></body></html>")
    text = extract_html(page).text
    assert "正文第一段" in text and "正文第二段" in text
    for hidden in ("脚本", "请开启", "仿宋", "line-height", "隐藏"):
        assert hidden not in text, hidden


@pytest.mark.parametrize("page", [
    "",
    "<html></html>",
    "<html><body><script>var a='很长的脚本内容，不应出现。'</script><style>.a{}</style></body></html>",
    "<html><body><nav><a href='/'>首页</a><a href='/a'>新闻</a></nav><div class='footer'>ICP备12345号</div></body></html>",
])
def test_no_body_text_is_an_input_error(page):
    with pytest.raises(InputError) as err:
        extract_html(page, source="empty.html")
    assert str(err.value) == "empty.html: no main text found"


def test_a_big_page_is_linear():
    items = "".join(f"<div class='item'><p>第{i}段正文，内容用于测试大页面的处理速度，包含一些标点符号。</p>"
                    f"<p><a href='/r{i}'>相关链接第{i}条</a></p></div>" for i in range(8_000))
    page = "<html><body><div class='nav'>" + "<a href='/'>首页</a>" * 200 + "</div><div>" + items + "</div></body></html>"
    t0 = time.perf_counter()
    res = extract_html(page)
    elapsed = time.perf_counter() - t0
    assert len(res.blocks) == 8_000
    assert res.blocks[-1].source_start is not None
    assert elapsed < 5, elapsed  # ~1 MB: well under a second on one core


def test_api_types():
    res = extract_html(PAGE_WITH_META, url="http://www.example.gov.cn/a.html", source="a.html")
    assert isinstance(res, HtmlExtraction) and all(isinstance(b, Block) for b in res.blocks)
    assert res.method in ("density", "trafilatura", "readability") or res.method.startswith("profile:")
    for r in res.removed:
        assert r.reason and r.text
