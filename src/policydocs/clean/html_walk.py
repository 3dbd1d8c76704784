"""Text blocks of an HTML tree, in document order, with the elements they sit in.

``walk`` turns a parsed page (selectolax lexbor) into text blocks, one per ``<p>``/``<div>``/``<li>``
text run, ``<br>``-separated line or table row (cells joined by a tab), and records every
block-level element as a *frame*. A frame's blocks are a contiguous range (``frame.start:frame.end``)
because the walk is a pre-order traversal, so "the blocks inside this element" is a slice. The walk
is iterative (no recursion: 10,000-deep nesting is fine) and never enters script/style/noscript/
template/form controls or ``display:none`` elements, so their text never reaches a block.

Each block carries what the scorer needs: non-space characters, characters inside links,
sentence punctuation, colons, whether it sits in a chrome-like element (class/id hint) and whether
it is one of the genre's boilerplate lines (``boilerplate_kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policydocs.knowledge.needs import may_match, required_chars

# Elements whose content never reaches the text.
SKIP = frozenset(
    "script style noscript template head title meta link svg math iframe frame frameset object embed "
    "canvas video audio map select option optgroup datalist textarea button input img area base "
    "param source track wbr".split()
)
# Elements that start and end a text block.
BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section "
    "summary table tbody thead tfoot tr ul caption legend marquee".split()
)
CELL = frozenset(("td", "th"))
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

WS = re.compile(r"[ \n\r\f\v\u00a0\u3000\u200b\u200c\u200d\ufeff\u2002\u2003\u2009\u202f]+")
_SPACE_ONLY = re.compile(r"^[\s\u00a0\u3000\u200b\ufeff]*$")
# Sentence punctuation: what distinguishes running text from labels and link lists. Colons are
# counted apart: one ends a salutation (同志们：), several make a key-value line (上传人：… 页数：…).
_PUNCT = re.compile(r"[，。；！？、,;!?]|\.(?!\d)")
_COLON = re.compile(r"[：:](?!\d)")
DATE_LIKE = re.compile(r"(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}")
_RECORD_ID = re.compile(r"^([A-Za-z][A-Za-z_-]*?)[_-]?\d{3,}$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*collapse", re.I)

# Class/id words of chrome and of content (matched as substrings of the lowercased class+id).
_NEG_ATTR = re.compile(
    r"comment|footer|\bfoot|copyright|breadcrumb|crumb|sidebar|\bside|share|bdshare|related|relate|"
    r"recommend|\bnav|menu|topbar|toolbar|\bhot|rank|\bad\b|\bads\b|advert|banner|login|pager|"
    r"pagination|sign\b|reply|revert|cmt|tags?\b|prenext|prev|\bnext|\bprint|qrcode|qr_code|\bqr\b|"
    r"weizhi|position|dqwz|xgxx|xgwz|xgyd|sxp|\bfx\b|\bdy\b|links?\b|search|\bhd\b|header|\btop\b"
)
_POS_ATTR = re.compile(
    r"content|article|artical|\btext|zoom|zhengwen|\bzw\b|\bcon_|detail|entry|post|message|"
    r"rich_media|trs_editor|\bbody|\bmain|\bnews_?con|\btxt"
)

# Whole-block boilerplate of the genre: (pattern, kind, longest block it may match).
_BOILER = [
    (re.compile(r"^(当前位置|您的位置|您现在的位置|你的位置|你现在的位置|所在位置|您所在的位置|当前所在位置|位置)\s*[:：]"),
     "breadcrumb", 200),
    (re.compile(r"^(上一篇|下一篇|上一条|下一条|前一篇|后一篇|上一页|下一页|上篇|下篇)\s*[:：]?"), "上一篇/下一篇", 200),
    (re.compile(r"(分享到|分享至|^分享\s*[:：]|^分享让更多人看到|一键分享)"), "share bar", 60),
    (re.compile(r"(ICP备|ICP证|公网安备|网站标识码|版权所有|Copyright|©|All Rights Reserved|技术支持\s*[:：]|"
                r"主办单位\s*[:：]|承办单位\s*[:：]|^主办\s*[:：]|^承办\s*[:：]|Powered by|许可证\s*[:：]?\s*[A-Z]?\d)", re.I),
     "copyright/ICP footer", 200),
    (re.compile(r"(版权归|如有侵权|侵权请联系|仅供学习参考|仅供参考|由用户上传|不代表本站观点|转载请注明|未经授权禁止)"),
     "disclaimer", 120),
    (re.compile(r"^[\s【】\[\]()（）|｜:：]*((打印本页|打印此文|打印本文|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|收藏|返回顶部|"
                r"返回列表|返回|我要纠错|纠错|字体|字号|大|中|小|默认|超大|放大|缩小|复制链接|下载本文|复制全文|"
                r"转载|评论|举报|回复|在看|点赞|阅读原文)[\s【】\[\]()（）|｜:：]*)+$"), "page tools", 200),
    (re.compile(r"^(发布时间|发布日期|发表时间|发表于|更新时间|时间|日期|来源|信息来源|文章来源|稿件来源|作者|"
                r"浏览次数|点击数|点击|阅读|浏览|访问量|浏览量)\s*[:：]"), "date/source line", 100),
    (re.compile(r"(微信扫一扫|扫一扫在手机|扫码|长按识别|关注我们|点击蓝字|关注该公众号|预览时标签不可点)"), "share bar", 30),
    (re.compile(r"^(相关|热点|热门|推荐|最新|精彩|延伸|更多)(新闻|文章|阅读|信息|文件|解读|推荐|稿件|链接|动态|排行|范文|内容|资讯)"
                r"|^(猜你喜欢|推荐阅读|图片新闻|24小时排行|大家都在看|网友评论|发表评论|我要评论|热点排行)"),
     "related-articles header", 16),
    (re.compile(r"^本帖最后由.{1,40}编辑$"), "forum edit note", 80),
    (re.compile(r"^(标签|分类|TAG|Tags?|关键词|关键字)\s*[:：]", re.I), "tags", 100),
    (re.compile(r"^(您需要登录后才可以|登录后才能|请登录|立即注册|还没有账号)"), "login prompt", 80),
]


# What each pattern needs (needs.py): most blocks lack it, and the unanchored patterns are skipped
# without a search (a third faster than one search of all the patterns joined).
_BOILER_NEEDS = [required_chars(p) for p, _, _ in _BOILER]


def boilerplate_kind(text: str) -> str | None:
    n = len(text)
    if n > 200:
        return None
    for (pattern, kind, longest), needs in zip(_BOILER, _BOILER_NEEDS):
        if n <= longest and may_match(needs, text) and pattern.search(text):
            return kind
    return None


@dataclass(slots=True)
class Frame:
    tag: str
    parent: int  # index of the parent frame, -1 for the root
    depth: int
    hint: int  # +1 content-like class/id, -1 chrome-like, 0 neither
    mem_id: int
    start: int = 0  # blocks[start:end] are inside this element
    end: int = 0
    score: float = 0.0
    chars: int = 0
    rec: str | None = None  # id prefix when the id is prefix + number (post_1156023, comment_88)


@dataclass(slots=True)
class TextBlock:
    text: str
    owner: int  # innermost frame holding the block
    chars: int  # non-space characters
    link_chars: int
    punct: int  # sentence punctuation marks (colons apart)
    neg: bool = False  # inside an element with a chrome-like class/id
    colons: int = 0
    dropped: str | None = None  # set when a profile's drop selector covers it
    heading: bool = False
    score: float = 0.0
    kind: str | None = None  # boilerplate kind, when it is one ("" once checked and not one)
    related: bool = False  # after a related-articles header, or a teaser of a link list


@dataclass
class Walk:
    blocks: list[TextBlock] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    by_mem: dict[int, int] = field(default_factory=dict)  # mem_id -> frame index


def _hint(attrs: dict) -> int:
    names = " ".join(v for k, v in attrs.items() if k in ("class", "id") and v).lower()
    if not names:
        return 0
    if _POS_ATTR.search(names):
        return 1
    if _NEG_ATTR.search(names):
        return -1
    return 0


def walk(root, *, frame_ids: set[int] = frozenset(), drop_ids: dict[int, str] | None = None) -> Walk:
    """Blocks and frames of the subtree at ``root``.

    ``frame_ids``: mem_ids of elements that must be frames whatever their tag (profile containers);
    ``drop_ids``: mem_id -> reason, elements whose blocks are marked dropped.
    """
    out = Walk()
    blocks, frames, by_mem = out.blocks, out.frames, out.by_mem
    drop_ids = drop_ids or {}
    buf: list[str] = []
    link_depth = 0
    link_chars = 0
    neg_depth = 0
    drop_stack: list[str] = []
    frame_stack: list[int] = []

    def flush():
        nonlocal link_chars
        if not buf:
            link_chars = 0
            return
        raw = "".join(buf)
        buf.clear()
        lc = link_chars
        link_chars = 0
        if _SPACE_ONLY.match(raw):
            return
        text = WS.sub(" ", raw)
        if "\t" in text:
            text = re.sub(r" *\t[ \t]*", "\t", text).strip(" \t")
            text = re.sub(r"\t+", "\t", text)
        else:
            text = text.strip()
        if not text:
            return
        chars = len(text) - text.count(" ") - text.count("\t")
        owner = frame_stack[-1] if frame_stack else -1
        b = TextBlock(text, owner, chars, min(lc, chars), len(_PUNCT.findall(text)), neg_depth > 0,
                      len(_COLON.findall(text)),
                      drop_stack[-1] if drop_stack else None,
                      owner >= 0 and frames[owner].tag in HEADINGS)
        blocks.append(b)

    # stack items: node, or an int marker (exit code) followed by info
    EXIT_FRAME, EXIT_LINK, EXIT_NEG, EXIT_DROP = 1, 2, 3, 4
    stack: list = [root]
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            code, fi = item
            if code == EXIT_FRAME:
                f = frames[fi]
                if f.tag in CELL and len(blocks) == f.start:
                    buf.append("\t")  # a data cell: its text joins the row
                else:
                    flush()  # a block element, or a layout cell that holds blocks
                f.end = len(blocks)
                frame_stack.pop()
            elif code == EXIT_LINK:
                link_depth -= 1
            elif code == EXIT_NEG:
                neg_depth -= 1
            elif code == EXIT_DROP:
                flush()
                drop_stack.pop()
            continue
        node = item
        tag = node.tag
        if tag == "-text":
            t = node.text_content
            if t:
                buf.append(t.replace("\t", " "))
                if link_depth:
                    link_chars += len(t) - t.count(" ")
            continue
        if tag is None or tag[0] == "-" or tag in SKIP:
            continue
        if tag == "br":
            flush()
            continue
        mem = None
        attrs = None
        is_block = tag in BLOCK or tag in CELL
        if is_block or frame_ids or drop_ids:
            mem = node.mem_id
        if is_block:
            attrs = node.attributes
            if "hidden" in attrs or ("style" in attrs and attrs["style"] and _HIDDEN_STYLE.search(attrs["style"])):
                continue
        children = list(node.iter(include_text=True))
        if mem is not None and mem in drop_ids:
            flush()
            drop_stack.append(drop_ids[mem])
            stack.append((EXIT_DROP, 0))
        if is_block or (mem is not None and mem in frame_ids):
            if tag not in CELL:
                flush()
            if attrs is None:
                attrs = node.attributes
            hint = _hint(attrs)
            fi = len(frames)
            parent = frame_stack[-1] if frame_stack else -1
            frames.append(Frame(tag, parent, len(frame_stack), hint, mem if mem is not None else node.mem_id,
                                start=len(blocks)))
            by_mem[frames[fi].mem_id] = fi
            rid = attrs.get("id")
            if rid and rid[-1].isdigit():
                m = _RECORD_ID.match(rid)
                if m:
                    frames[fi].rec = tag + "#" + m.group(1)
            frame_stack.append(fi)
            if tag in CELL:
                buf.append("\t")
            stack.append((EXIT_FRAME, fi))
            if hint < 0:
                neg_depth += 1
                stack.append((EXIT_NEG, fi))
        if tag == "a":
            link_depth += 1
            stack.append((EXIT_LINK, 0))
        stack.extend(reversed(children))
    flush()
    for f in frames:
        if f.end < f.start:
            f.end = f.start
    return out
