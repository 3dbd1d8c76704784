"""Source trust: official > news > unknown > template, from profiles, domains, sidecars, template signs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policydocs.acquire import load
from policydocs.acquire.document import RawDocument
from policydocs.clean import clean, clean_raw
from policydocs.clean.profiles import load_profiles
from policydocs.store import open_db
from policydocs.store.trust import assess, trust_of

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpora" / "seeds"
GOVREPORT = ROOT / "corpora" / "govreport"

# A county speech as template sites carry it: the office and the speaker left as placeholders.
TEMPLATE_SPEECH = "\n".join([
    "在全县医保基金监管工作会议上的讲话",
    "同志们：",
    "今天，我们召开全县医保基金监管工作会议，主要任务是总结XX年工作，部署今年重点任务。",
    "过去一年，XX县医保局在县委、县政府的坚强领导下，开展专项检查12次，追回医保基金560万元。",
    "下面，我讲三点意见。一是提高认识。二是压实责任。三是强化监管。×××同志要牵头抓好落实。",
])
# The same kind of speech, filled in by a real office: no placeholders.
FILLED_SPEECH = TEMPLATE_SPEECH.replace("XX年", "2023年").replace("XX县", "易县").replace("×××", "王建国")


def cleaned(text: str, source: str = "speech.txt"):
    return clean_raw(RawDocument(source=source, format="text", text=text))


# --- the seeds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("stem, signal", [
    ("000_26f0deea1b8d6f9b", "placeholders"),  # no site chrome left, but XX名医工程 / XX专项基金 / 党的XX大
    ("001_00576c6514847a99", "site profile fanwy"),  # 快文网 markers
    ("002_35706bc6a251dbf9", "转藏 分享 献花"),  # 360doc spam mirror: markers glued with pinyin, chrome is not
    ("003_0111f2b5f4a14242", "site profile yaojing"),  # 耀景文档网
])
def test_template_seeds_are_template_and_say_why(stem, signal):
    path = SEEDS / f"{stem}.txt"
    t = assess(clean(str(path)), str(path))
    assert (t.label, t.rank) == ("template", 0)
    assert signal in t.reason


def test_the_news_seed_copied_without_its_url_is_unknown():
    path = SEEDS / "004_4ae4994329b90035.txt"  # a news report pasted into a file: no signal left
    assert trust_of(clean(str(path)), str(path)) == ("unknown", 1)


# --- govreport: local copies of official texts -------------------------------------------------

def test_a_local_copy_of_the_government_work_report_is_not_template(tmp_path):
    path = tmp_path / "2019_国务院政府工作报告.txt"  # no sidecar in tmp_path
    shutil.copy(GOVREPORT / path.name, path)
    t = assess(clean(str(path)), str(path))
    assert t.label == "unknown"  # text never raises trust: template sites copy reports word for word
    assert "no source signal" in t.reason


def test_the_govreport_folder_says_where_its_files_come_from():
    path = GOVREPORT / "2019_国务院政府工作报告.txt"
    t = assess(clean(str(path)), str(path))
    assert (t.label, t.rank) == ("official", 3)
    assert "SOURCE.toml" in t.reason and "gov.cn" in t.reason


def test_a_meta_json_sidecar_url_or_trust_is_honoured_and_beats_source_toml(tmp_path):
    (tmp_path / "SOURCE.toml").write_text('url = "https://www.fanwy.cn/list/"\n', encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(FILLED_SPEECH, encoding="utf-8")
    b.write_text(FILLED_SPEECH, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": "http://www.yixian.gov.cn/art/2024/1.html"}),
                                          encoding="utf-8")
    assert trust_of(clean(str(a)), str(a)) == ("official", 3)
    assert trust_of(clean(str(b)), str(b)) == ("template", 0)  # from the directory's SOURCE.toml
    (tmp_path / "b.meta.json").write_text(json.dumps({"trust": "news"}), encoding="utf-8")
    t = assess(clean(str(b)), str(b))
    assert t.label == "news" and "b.meta.json" in t.reason


def test_a_broken_sidecar_is_no_signal(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(FILLED_SPEECH, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    assert trust_of(clean(str(path)), str(path)) == ("unknown", 1)


# --- URLs --------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, label", [
    ("https://www.gov.cn/zhengce/content/2024-01/01/content_1.htm", "official"),
    ("http://wsjkw.hebei.gov.cn/html/ywdt/20240101/1.html", "official"),
    ("http://www.baoding.gov.cn/art/2024/5/14/art_1.html", "official"),
    ("http://www.news.cn/politics/2024-05/14/c_1.htm", "news"),
    ("http://health.people.com.cn/n1/2024/0514/c1.html", "news"),
    ("https://www.chinanews.com.cn/gn/2024/05-14/1.shtml", "news"),
    ("http://epaper.bdrb.cn/html/2024-05/14/content_1.htm", "news"),  # a local 日报 (xxrb)
    ("https://www.hebeidaily.com.cn/a/1.html", "news"),
    ("https://wenku.baidu.com/view/abc.html", "template"),
    ("https://www.docin.com/p-1.html", "template"),
    ("https://www.diyifanwen.com/fanwen/1.html", "template"),
    ("https://m.yaojingweiba.com/a/1.html", "template"),
    ("https://www.example.com/a/1.html", "unknown"),
])
def test_the_source_url_domain_decides(url, label):
    t = assess(cleaned(FILLED_SPEECH, url), url)
    assert t.label == label, t.reason


def test_an_official_url_beats_placeholders_in_an_attachment_form():
    notice = FILLED_SPEECH + "\n附件：XX县（市、区）医保基金监管情况统计表\n填报单位：XX县医保局"
    t = assess(cleaned(notice, "https://www.yixian.gov.cn/a.html"), "https://www.yixian.gov.cn/a.html")
    assert t.label == "official"


# --- text signs --------------------------------------------------------------------------------

def test_placeholders_make_a_local_file_template():
    t = assess(cleaned(TEMPLATE_SPEECH))
    assert t.label == "template" and "placeholders" in t.reason and "XX县" in t.reason
    assert trust_of(cleaned(FILLED_SPEECH)) == ("unknown", 1)


@pytest.mark.parametrize("placeholder", ["XX", "ＸＸ", "××", "**", "＊＊", "○○", "〇〇"])
def test_every_kind_of_placeholder_is_found(placeholder):
    # (template_signs tries a placeholder pattern only on a text that has a character it needs)
    text = FILLED_SPEECH.replace("易县医保局", f"{placeholder}县医保局").replace("王建国", f"{placeholder}县")
    t = assess(cleaned(text))
    assert t.label == "template" and "placeholders" in t.reason


def test_one_placeholder_or_anonymised_names_are_not_enough():
    once = FILLED_SPEECH.replace("易县医保局", "XX县医保局")
    assert trust_of(cleaned(once)) == ("unknown", 1)
    anonymised = FILLED_SPEECH + "\n对违规使用医保基金的王某某、李某某依法处理。"
    assert trust_of(cleaned(anonymised)) == ("unknown", 1)


def test_template_chrome_and_words_make_it_template():
    intro = "下面是小编为大家整理的在全县医保基金监管工作会议上的讲话，供大家参考。\n" + FILLED_SPEECH
    t = assess(cleaned(intro))
    assert t.label == "template" and "editor intro" in t.reason
    titled = "在全县医保基金监管工作会议上的讲话范文\n" + FILLED_SPEECH.split("\n", 1)[1]
    assert trust_of(cleaned(titled)) == ("template", 0)


def test_a_template_profile_beats_an_official_cms_marker():
    """A 360doc repost keeps the class names of the portal it copied (TRS_Editor)."""
    html = ("<html><body><div id='artContent'><div class='TRS_Editor'>"
            + "".join(f"<p>{line}</p>" for line in FILLED_SPEECH.split("\n"))
            + "</div></div><p>本站是提供个人知识管理的网络存储空间</p></body></html>")
    doc = clean_raw(RawDocument(source="page.html", format="html", text=html))
    assert "360doc" in (doc.site or "")
    assert trust_of(doc, "page.html") == ("template", 0)


def test_an_official_cms_profile_alone_is_official():
    html = ("<html><body><div class='TRS_Editor'>"
            + "".join(f"<p>{line}</p>" for line in FILLED_SPEECH.split("\n")) + "</div></body></html>")
    doc = clean_raw(RawDocument(source="page.html", format="html", text=html))
    t = assess(doc, "page.html")
    assert t.label == "official" and "trs" in t.reason


def test_the_page_site_name_is_a_signal():
    doc = cleaned(FILLED_SPEECH)
    doc.meta["site_name"] = "保定日报"
    assert trust_of(doc, "page.html") == ("news", 2)
    doc.meta["site_name"] = "保定市人民政府"
    assert trust_of(doc, "page.html") == ("official", 3)


def test_site_profiles_carry_their_trust_key():
    _, sites = load_profiles()
    trust = {p.name: p.trust for p in sites}
    assert {trust[n] for n in ("fanwy", "360doc", "yaojing")} == {"template"}
    assert {trust[n] for n in ("trs", "hanweb", "govcn")} == {"official"}


# --- stored ------------------------------------------------------------------------------------

def test_ingest_stores_trust_rank_reason_and_canonical(tmp_path):
    from policydocs.batch import ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tpl.txt").write_text(TEMPLATE_SPEECH, encoding="utf-8")
    (tmp_path / "in" / "gov.txt").write_text(FILLED_SPEECH, encoding="utf-8")
    (tmp_path / "in" / "gov.meta.json").write_text('{"url": "http://www.yixian.gov.cn/1.html"}', encoding="utf-8")
    db = tmp_path / "t.db"
    ingest([tmp_path / "in"], db=db)
    rows = {r["doc"]: r for r in open_db(db)["documents"].rows}
    assert (rows["tpl"]["trust"], rows["tpl"]["trust_rank"]) == ("template", 0)
    assert (rows["gov"]["trust"], rows["gov"]["trust_rank"]) == ("official", 3)
    assert "yixian.gov.cn" in rows["gov"]["trust_reason"]
    assert rows["gov"]["canonical"] and rows["tpl"]["canonical"]


def test_an_old_database_gains_the_trust_reason_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, doc TEXT NOT NULL, source TEXT NOT NULL, text TEXT)")
    conn.commit()
    conn.close()
    assert "trust_reason" in open_db(path)["documents"].columns_dict


def test_load_reads_the_same_file_the_store_assesses():
    raw = load(str(SEEDS / "003_0111f2b5f4a14242.txt"))
    assert trust_of(clean_raw(raw), raw.source)[0] == "template"
