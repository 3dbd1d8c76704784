"""A synthetic corpus of realistic pages for speed benchmarks (and a sanity check of accuracy).

Bodies are paragraphs of the real 政府工作报告 texts in ``corpora/govreport`` (so text statistics
are those of the genre); the chrome around them follows the CMS styles of the hand-modelled
evaluation pages: TRS WCM portals, Hanweb JCMS, gov.cn, home-grown county portals, news sites,
blogs, Discuz forums, template (范文) sites and WeChat articles, with navigation, breadcrumbs,
sidebars with teasers, related lists, share bars, 上一篇/下一篇, comments and ICP footers.
Plain-text pages are what a person copies out of a browser: title, date/source line, body, and
some of the chrome as lines.

    from html_corpus import build
    pages = build(1000, seed=7)   # [Page(kind, style, text, body, title, url)]

Deterministic for a given seed. No page comes from the web.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STYLES = ("trs", "hanweb", "govcn", "county", "news", "blog", "forum", "template", "wechat")
CITIES = ("宁川", "清河", "枫林", "石埇", "云溪", "西塘", "长宁", "城南", "湖阳", "江城", "白沙", "瑞安")
ORGS = ("人民政府办公室", "发展和改革委员会", "卫生健康委员会", "教育局", "财政局", "农业农村局",
        "住房和城乡建设局", "人力资源和社会保障局", "应急管理局", "生态环境局", "市场监督管理局")
TITLE_FORMS = (
    "关于印发{c}{t}实施方案的通知", "{c}{o}关于做好{y}年{t}工作的通知", "在全{k}{t}工作会议上的讲话",
    "{c}{o}{y}年工作总结和{y1}年工作计划", "{c}召开{t}推进会", "关于进一步加强{t}的意见",
    "{y}年{t}工作要点", "{c}{t}三年行动计划（{y}—{y2}年）",
)
TOPICS = ("优化营商环境", "基层医疗卫生服务", "安全生产", "乡村振兴", "稳就业", "城市更新", "防汛救灾",
          "数字政府建设", "义务教育优质均衡", "养老服务体系", "生态环境保护", "科技创新")
NAV = ("首页", "政务公开", "政务动态", "政务服务", "互动交流", "数据开放", "走进本地", "专题专栏", "通知公告", "政策文件")


@dataclass
class Page:
    kind: str  # "html" | "text"
    style: str
    text: str  # the page: markup or plain text
    body: list[str]  # gold paragraphs
    title: str
    url: str


def _paragraphs() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpora" / "govreport").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 20:
                out.append(line)
    if not out:  # a checkout without the corpora: a few generic sentences
        out = ["坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，推动高质量发展取得新成效。"] * 50
    return out


def _title(rng: random.Random) -> str:
    y = rng.randint(2015, 2025)
    return rng.choice(TITLE_FORMS).format(
        c=rng.choice(CITIES) + rng.choice(("市", "县", "区")), o=rng.choice(ORGS), t=rng.choice(TOPICS),
        y=y, y1=y + 1, y2=y + 2, k=rng.choice(("市", "县", "区")))


def _links(rng: random.Random, n: int, prefix: str = "/art/") -> str:
    return "".join(f'<li><a href="{prefix}{rng.randint(10**6, 10**7)}.html">{_title(rng)}</a>'
                   f"<span>20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}</span></li>"
                   for _ in range(n))


def _teasers(rng: random.Random, paras: list[str], n: int) -> str:
    return "".join(f'<li><a href="/n/{rng.randint(10**5, 10**6)}.html">{_title(rng)}</a>'
                   f"<p>{html.escape(rng.choice(paras)[:60])}……</p></li>" for _ in range(n))


def _nav(rng: random.Random) -> str:
    items = rng.sample(NAV, k=rng.randint(6, len(NAV)))
    return "<ul class=\"nav\">" + "".join(f'<li><a href="/col/{i}/">{t}</a></li>' for i, t in enumerate(items)) + "</ul>"


def _footer(rng: random.Random, site: str) -> str:
    return (f'<div class="footer"><p><a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>'
            f"<p>主办单位：{site}办公室　承办单位：{site}大数据中心</p>"
            f"<p>网站标识码：{rng.randint(10**9, 10**10 - 1)}　浙ICP备{rng.randint(10**7, 10**8)}号　"
            f"浙公网安备 {rng.randint(10**13, 10**14)}号</p></div>")


def _script(rng: random.Random) -> str:
    return ("<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');"
            f"hm.src='https://hm.baidu.com/hm.js?{rng.getrandbits(64):016x}';"
            "var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(hm,s);})();</script>")


def _p(text: str, indent: bool) -> str:
    return f'<p style="text-indent:2em;">{html.escape(text)}</p>' if indent else f"<p>{html.escape(text)}</p>"


def _page(style: str, rng: random.Random, paras: list[str]) -> tuple[str, list[str], str, str]:
    title = _title(rng)
    city = rng.choice(CITIES)
    site = f"{city}市人民政府"
    n = rng.choice((3, 5, 8, 12, 20, 35))
    start = rng.randrange(0, max(1, len(paras) - n))
    body = paras[start:start + n]
    date = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    src = city + rng.choice(ORGS)
    esc = html.escape
    head = (f'<head><meta charset="utf-8"><title>{esc(title)}_{esc(site)}</title>'
            f'<link rel="stylesheet" href="/css/{style}.css">{_script(rng)}</head>')
    crumbs = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/tzgg/">通知公告</a></div>'
    side = f'<div class="side"><h3>热点新闻</h3><ul>{_teasers(rng, paras, rng.randint(3, 8))}</ul></div>'
    related = f'<div class="related"><h3>相关文章</h3><ul>{_links(rng, rng.randint(3, 10))}</ul></div>'
    share = '<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>'
    prevnext = f'<div class="prenext"><p>上一篇：<a href="/a/1.html">{_title(rng)}</a></p><p>下一篇：<a href="/a/2.html">{_title(rng)}</a></p></div>'
    ps = "".join(_p(t, rng.random() < 0.7) for t in body)
    if style == "trs":
        meta = (f'<meta name="ArticleTitle" content="{esc(title)}"><meta name="PubDate" content="{date} 10:00">'
                f'<meta name="ContentSource" content="{esc(src)}"><meta name="SiteName" content="{esc(site)}">')
        head = head.replace("<head>", "<head>" + meta)
        main = (f'<div class="article"><h1>{esc(title)}</h1><div class="info">发布时间：{date} 来源：{esc(src)}</div>'
                f'<div class="article-content"><div class="TRS_Editor"><style>.TRS_Editor P{{line-height:2;}}</style>'
                f"{ps}</div></div>{share}{prevnext}</div>")
        page = f"<body>{_nav(rng)}{crumbs}{main}{related}{side}{_footer(rng, site)}</body>"
    elif style == "hanweb":
        main = (f'<table><tr><td class="title"><!--<$[标题名称(html)]>begin-->{esc(title)}<!--<$[标题名称(html)]>end--></td></tr>'
                f'<tr><td>发布日期：{date}　信息来源：{esc(src)}</td></tr><tr><td class="bt_content">'
                f'<div id="zoom"><!--<$[信息内容]>begin-->{ps}<!--<$[信息内容]>end--></div></td></tr></table>')
        page = f'<body><div class="menu">{_nav(rng)}</div>{crumbs}{main}{share}{related}{_footer(rng, site)}</body>'
    elif style == "govcn":
        meta = (f'<meta name="ArticleTitle" content="{esc(title)}"><meta name="PubDate" content="{date} 17:00">'
                f'<meta name="ContentSource" content="中国政府网"><meta name="SiteName" content="中国政府网">')
        head = head.replace("<head>", "<head>" + meta)
        main = (f'<div class="article oneColumn pub_border"><h1>{esc(title)}</h1><div class="pages-date">{date} '
                f'<span class="font">来源： 新华社</span></div><div class="pages_content" id="UCAP-CONTENT">{ps}</div>'
                f'<div class="editor">【我要纠错】 责任编辑：张三</div></div>')
        page = f"<body>{_nav(rng)}{main}{related}{_footer(rng, '中国政府网')}</body>"
    elif style in ("county", "template"):
        main = (f'<div class="con_main"><div class="con_title">{esc(title)}</div>'
                f'<div class="con_info">发布日期：{date}　来源：{esc(src)}　点击数：{rng.randint(1, 9999)}</div>'
                f'<div class="con_text">{ps}</div>{share}{prevnext}</div>')
        page = (f'<body><div class="top">{_nav(rng)}</div><div class="left">{side}</div>'
                f'<div class="right">{crumbs}{main}{related}</div>{_footer(rng, site)}</body>')
    elif style == "news":
        main = (f'<div class="col-left"><h1>{esc(title)}</h1><div class="box01">{date} 08:21 | 来源：{esc(src)}</div>'
                f'<div class="rm_txt_con">{ps}<div class="edit">(责编：李明)</div></div>{share}'
                f'<div class="comment"><h3>网友评论</h3>'
                + "".join(f"<div class='cmt'><span>网友{i}</span><p>{esc(rng.choice(paras)[:40])}</p></div>" for i in range(rng.randint(0, 6)))
                + "</div></div>")
        page = f'<body><div class="header">{_nav(rng)}</div>{main}<div class="col-right">{side}{related}</div>{_footer(rng, site)}</body>'
    elif style == "blog":
        ds = "".join(f"<div>{esc(t)}</div><div><br></div>" for t in body)
        main = (f'<div class="articalTitle"><h2>{esc(title)}</h2><span class="time">({date} 20:15:33)</span></div>'
                f'<div class="articalContent">{ds}</div>{share}'
                f'<div class="articalfrontback"><div>前一篇：<a>{_title(rng)}</a></div><div>后一篇：<a>{_title(rng)}</a></div></div>')
        page = f'<body><div class="blognav">{_nav(rng)}</div><div class="col1">{side}</div><div class="col2">{main}</div></body>'
    elif style == "forum":
        brs = "<br />\n<br />\n".join(esc(t) for t in body)
        posts = (f'<div id="post_{100000}"><table><tr><td class="pls">楼主</td><td class="plc"><em>发表于 {date} 10:21:36</em>'
                 f'<table><tr><td class="t_f" id="postmessage_{100000}">{brs}</td></tr></table></td></tr></table></div>')
        for k in range(rng.randint(1, 6)):
            posts += (f'<div id="post_{100001 + k}"><table><tr><td class="pls">网友{k}</td><td class="plc"><em>发表于 {date} 11:0{k}:00</em>'
                      f'<table><tr><td class="t_f" id="postmessage_{100001 + k}">{esc(rng.choice(paras)[:50])}</td></tr></table></td></tr></table></div>')
        page = (f'<body><div id="hd">{_nav(rng)}</div><div id="pt">论坛 › 工作交流 › {esc(title)}</div>'
                f'<h1><span id="thread_subject">{esc(title)}</span></h1><div id="postlist">{posts}</div>'
                f'<div id="ft"><p>Powered by Discuz! X3.4 ( 鲁ICP备13012345号 )</p></div></body>')
    else:  # wechat
        spans = "".join(f'<p style="text-indent:2em;"><span style="font-size:16px;">{esc(t)}</span></p>' for t in body)
        page = (f'<body><div class="rich_media"><h1 class="rich_media_title">{esc(title)}</h1>'
                f'<div class="rich_media_meta_list"><span>{city}发布</span><em id="publish_time">{date} 21:03</em></div>'
                f'<div class="rich_media_content" id="js_content" style="visibility:hidden;">'
                f'<section><p><span>点击蓝字　关注我们</span></p></section>{spans}'
                f'<p style="text-align:right;"><span>编辑：周敏</span></p></div>'
                f'<div class="rich_media_tool"><a>阅读原文</a> 阅读 2.1万 在看</div></div></body>')
    markup = f"<!DOCTYPE html><html>{head}{page}</html>"
    url = f"http://www.{style}{rng.randint(1, 999)}.gov.cn/art/{date.replace('-', '/')}/{rng.randint(10**6, 10**7)}.html"
    return markup, body, title, url


def _text_page(rng: random.Random, paras: list[str]) -> tuple[str, list[str], str]:
    title = _title(rng)
    n = rng.choice((3, 5, 8, 12, 20, 35))
    start = rng.randrange(0, max(1, len(paras) - n))
    body = paras[start:start + n]
    date = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = ["当前位置：首页 > 政务公开 > 通知公告", title, f"发布时间：{date}　来源：{rng.choice(CITIES)}市{rng.choice(ORGS)}"]
    lines += ["　　" + t for t in body]
    lines += ["分享到：微信 微博", f"上一篇：{_title(rng)}", f"下一篇：{_title(rng)}", "版权所有：某市人民政府 浙ICP备05012345号"]
    return "\n".join(lines) + "\n", body, title


def build(n: int = 1000, *, seed: int = 7, text_share: float = 0.3) -> list[Page]:
    """``n`` pages: about ``text_share`` plain text, the rest HTML spread over the CMS styles."""
    rng = random.Random(seed)
    paras = _paragraphs()
    pages = []
    for i in range(n):
        if rng.random() < text_share:
            text, body, title = _text_page(rng, paras)
            pages.append(Page("text", "text", text, body, title, ""))
        else:
            style = STYLES[i % len(STYLES)]
            markup, body, title, url = _page(style, rng, paras)
            pages.append(Page("html", style, markup, body, title, url))
    return pages


if __name__ == "__main__":
    import collections

    ps = build(1000)
    print(collections.Counter(p.style for p in ps))
    print(sum(len(p.text.encode()) for p in ps) / 1e6, "MB")
    print(re.sub(r"\s+", " ", ps[1].text[:600]))
