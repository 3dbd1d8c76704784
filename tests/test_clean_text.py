"""The text-level cleaner on pages of the genre (written here, not taken from the gold seeds)."""

import policydocs
from policydocs.acquire.document import RawDocument
from policydocs.clean import clean_raw

BODY = [
    "一、总体要求",
    "以习近平新时代中国特色社会主义思想为指导，全面落实深化医药卫生体制改革部署，推动优质医疗资源扩容下沉和区域均衡布局。",
    "二、重点任务",
    "（一）推进紧密型县域医共体建设。到2025年底，县域医共体覆盖率达到90%以上，基层诊疗量占比达到65%。",
    "（二）提升基层服务能力。全年培训乡村医生1200人次，新建标准化村卫生室30个，确保群众就近就医。",
]


def run(text: str, **options):
    return clean_raw(RawDocument(source="page.txt", format="text", text=text), **options)


def template_page() -> str:
    return "\n".join([
        "当前位置：某某范文网 > 公文范文 > 工作方案 > 2025年县域医共体建设工作方案（精选）",
        "2025年县域医共体建设工作方案（精选）",
        "发布时间：2025-01-06 09:12:30 来源：网友投稿",
        "下面是小编为大家精心整理的2025年县域医共体建设工作方案，仅供参考，欢迎阅读。",
        "2025年县域医共体建设工作方案（精选）",
        *BODY,
        "推荐访问：医共体 工作方案 2025年县域医共体建设工作方案",
        "上一篇：2024年卫生健康工作总结",
        "下一篇：关于开展优质服务基层行活动的通知",
        "版权所有：某某范文网 2010-2025 备案号：京ICP备12345678号",
    ])


def test_template_chrome_is_removed_and_body_kept():
    doc = run(template_page())
    assert doc.title == "2025年县域医共体建设工作方案"
    assert doc.text.splitlines() == [doc.title, *BODY]
    reasons = {r.reason for r in doc.removed}
    assert {"breadcrumb", "editor intro", "keyword block", "上一篇/下一篇", "duplicate title line"} <= reasons
    assert any("ICP" in r.reason for r in doc.removed)
    assert doc.meta["posted"].startswith("2025-01-06")


def test_every_source_line_is_kept_or_reported():
    text = template_page()
    doc = run(text)
    kept = set(doc.text.splitlines())
    removed = {r.text for r in doc.removed}
    for line in text.splitlines():
        assert line in kept or line in removed or doc.title in line, line


def test_paragraphs_trace_back_to_the_source():
    text = template_page()
    doc = run(text)
    for para in doc.paragraphs:
        assert doc.text[para.start : para.end] == para.text
        assert text[para.source_start : para.source_end] == para.text


def test_cleaning_is_idempotent():
    once = run(template_page())
    twice = run(once.text)
    assert twice.text == once.text
    assert not twice.removed or all(r.reason != "breadcrumb" for r in twice.removed)


def test_truncation_notice_becomes_a_gap_and_text_after_it_a_new_paragraph():
    text = "\n".join([
        "在全县医保工作会议上的讲话",
        "同志们：",
        "今年以来，全县医保基金运行平稳，参保率稳定在95%以上。 ……（某某文库省略512字，正式会员可完整阅读）…… 下一步，我们要抓好三项工作。",
        "一是加强基金监管。二是推进支付方式改革。 ……(未完，全文共3000字，当前只显示1200字，请阅读下面提示信息。收藏在全县医保工作会议上的讲话",
    ])
    doc = run(text)
    assert [g.omitted_chars for g in doc.gaps] == [512, None]
    first, second = doc.gaps
    assert first.after == "参保率稳定在95%以上。"
    assert doc.text[: first.offset].endswith("参保率稳定在95%以上。")
    assert "下一步，我们要抓好三项工作。" in doc.text.splitlines()
    assert second.reason == "end of preview" and second.total_chars == 3000 and second.shown_chars == 1200
    assert doc.text.endswith("二是推进支付方式改革。")
    assert "收藏" not in doc.text and "省略" not in doc.text


def test_related_list_dropped_but_body_glued_into_it_kept():
    text = "\n".join([
        "县卫健局2024年工作总结",
        "2024年，全县卫生健康系统坚持以人民健康为中心，各项工作取得新成效，家庭医生签约服务覆盖率达到75%。",
        "更多相关文章：县卫健局2024年工作",
        "• 县卫健局2023年工作总结",
        "• 乡镇卫生院2024年上半年工作总结",
        "• 在全县卫生健康工作会议上的讲话",
        "• 进一步提升基层医疗服务能力，全年新增远程会诊点12个，群众满意度持续提升，各项指标均完成年度目标。",
        "二、存在的问题",
    ])
    doc = run(text)
    lines = doc.text.splitlines()
    assert "进一步提升基层医疗服务能力，全年新增远程会诊点12个，群众满意度持续提升，各项指标均完成年度目标。" in lines
    assert not any("乡镇卫生院2024年上半年工作总结" in line for line in lines)
    assert lines[-1] == "二、存在的问题"
    assert sum(r.reason.endswith("list item") for r in doc.removed) == 3


def test_seo_spam_line_dropped_but_prose_with_the_same_words_kept():
    spam = "一区二区三区日韩精品-国产亚洲精品在线观看-欧美精品中文字幕专区-久久综合免费视频"
    prose = "会议采用视频形式召开，各县（市、区）在线观看并同步部署，确保精品课程免费送到基层。"
    doc = run("\n".join([spam, "关于推进远程医疗的通知", prose]))
    assert spam not in doc.text
    assert prose in doc.text
    assert any(r.reason == "spam SEO line" for r in doc.removed)


def test_glued_pinyin_removed_and_traditional_converted():
    text = "醫(yī)改簡(jiǎn)報(bào)\n保定市委、市政府堅(jiān)持把縣域醫(yī)共體建設(shè)作為“一把手”工程來抓，推動(dòng)醫(yī)改落實(shí)落地，縣委書記親自部署。"
    doc = run(text)
    assert doc.title == "医改简报"
    assert "保定市委、市政府坚持把县域医共体建设作为“一把手”工程来抓，推动医改落实落地，县委书记亲自部署。" in doc.text
    assert any("traditional -> simplified" in c for c in doc.conversions)
    assert any("pinyin" in c for c in doc.conversions)


def test_parenthesised_latin_that_is_not_pinyin_is_kept():
    doc = run("推进按疾病诊断相关分组(DRG)付费和按病种分值(a)付费改革。")
    assert "(DRG)" in doc.text and "(a)" in doc.text


def test_genuinely_traditional_document_is_kept_in_auto_mode():
    text = "本港醫療服務持續改善，醫院管理局在各聯網推行新措施，市民輪候時間縮短。"
    assert run(text).text == text
    assert run(text, traditional="convert").text != text
    converted_page = "保定市委、市政府堅持縣域醫共體建設，縣委書記、市人民政府主要領導親自部署，黨委統籌推進醫改。"
    assert run(converted_page, traditional="keep").text == converted_page


def _shift_damage(text: str, at: int) -> str:
    """Reproduce GBK byte-shift damage at character ``at`` (whose GBK trail byte is 0xA3)."""
    data = text.encode("gbk")
    prefix = len(text[:at].encode("gbk"))
    assert data[prefix + 1] == 0xA3
    out, i = text[:at] + "?", prefix + 1
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out += chr(b)
            i += 1
            if i > prefix + 2:
                break
            continue
        pair = data[i : i + 2]
        ch = pair.decode("gbk", errors="replace")
        if pair[0] == 0xA3:  # full-width ASCII row, later folded to ASCII
            ch = chr(pair[1] - 0x80)
        out += ch
        i += 2
    return out + data[i:].decode("gbk")


def test_gbk_byte_shift_damage_is_repaired_and_flagged():
    original = "現將有關情況報告如下。推進改革任務落實落地。現將具體做法刊發如下，以供各地學習借鑒。"
    damaged = _shift_damage(original, original.index("。現將具體"))
    assert damaged != original and "?" in damaged
    doc = run(damaged, traditional="keep")
    assert doc.text == original
    repairs = [f for f in doc.flags if f.kind == "encoding_repair"]
    assert len(repairs) == 1 and doc.text[repairs[0].offset :].startswith(repairs[0].text)


def test_unrecoverable_damage_is_marked_visibly_and_flagged():
    doc = run("关于开展医疗质量提升行动的通知???/span>\n各县区要按照要求，认真组织实施医疗质量提升行动，确保取得实效。")
    assert doc.title == "关于开展医疗质量提升行动的通知"
    assert "/span>" not in doc.text
    assert any("title tail lost" in f.detail for f in doc.flags)
    body = run("各县区卫生院要做好???工作，确保按期完成。")
    assert "〓〓〓" in body.text
    assert any(f.kind == "encoding_damage" and f.text == "〓〓〓" for f in body.flags)


def test_placeholders_flagged_never_removed():
    text = "在XX市卫生健康工作会议上的讲话\n同志们：\n今年，***同志视察*市时强调，要把XX县经验推广到全市，某某医院要发挥示范作用。"
    doc = run(text)
    assert "XX县经验" in doc.text and "***同志" in doc.text and "*市" in doc.text and "某某医院" in doc.text
    found = {f.text for f in doc.flags if f.kind == "placeholder"}
    assert {"XX", "***", "*", "某某"} <= found
    for flag in doc.flags:
        if flag.kind == "placeholder":
            assert doc.text[flag.offset : flag.offset + len(flag.text)] == flag.text


def test_credit_lines_become_metadata():
    text = "\n".join([
        "医改简报",
        "易县充分学习借鉴三明医改经验，成立县域医疗卫生集团，门诊量同比增长12%，群众满意度持续提升。",
        "河北省深化医药卫生体制改革",
        "领导小组办公室供稿",
        "编辑：王小明",
    ])
    doc = run(text)
    assert doc.text.splitlines()[-1].startswith("易县")
    assert doc.issuer == "河北省深化医药卫生体制改革领导小组办公室"
    assert doc.meta["editor"] == "王小明"


def test_heading_broken_inside_a_word_is_rejoined_but_title_and_subtitle_are_not():
    text = "\n".join([
        "工作简报",
        "全市全面推进紧密型",
        "县域医共体建设",
        "今年以来，全市各县区加快推进医共体建设，取得积极成效，基层诊疗量占比稳步提升。",
        "易县强力推进县域医共体建设",
        "着力构建分级诊疗新格局",
    ])
    lines = run(text).text.splitlines()
    assert "全市全面推进紧密型县域医共体建设" in lines
    assert "易县强力推进县域医共体建设" in lines and "着力构建分级诊疗新格局" in lines


def test_news_page_without_title_line_gets_none():
    text = "4月10日，某区召开卫生健康工作会议。副区长出席并讲话，要求各单位抓好年度重点任务落实，确保完成全年目标。"
    doc = run(text)
    assert doc.title is None
    assert doc.text == text


def test_api_accepts_text_and_paths(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(template_page(), encoding="gb18030")
    from_path = policydocs.clean(path)
    from_text = policydocs.clean(template_page())
    assert from_path.text == from_text.text
    assert from_path.encoding and from_path.encoding.lower().replace("-", "") in {"gb18030", "gbk"}


def test_credit_in_parentheses_and_page_preview_notice():
    text = "\n".join([
        "关于做好2025年基本公共卫生服务项目工作的通知",
        "各县区卫健局：为进一步做好基本公共卫生服务项目工作，人均补助标准提高到99元，现将有关事项通知如下。",
        "（责编：李明、赵丽）",
    ])
    doc = run(text)
    assert "责编" not in doc.text and doc.meta["editor"] == "李明、赵丽"
    preview = run("医保基金监管工作总结\n今年以来，全县开展医保基金专项检查12次，追回资金86万元。\n剩余3页未读，继续阅读")
    assert preview.text.endswith("追回资金86万元。")
    assert [g.reason for g in preview.gaps] == ["end of preview"]


def test_inline_breaks_of_copied_web_text_are_rejoined():
    text = "\n\n".join([
        "政府工作报\n告",
        "各位代表：",
        "去年财政赤字控制在预算范围内，广义货币M\n2\n增长13.6%，国内生产总值达到63.6\n\u200b\n万亿元。",
        "以细颗粒物（PM\n2.5\n）治理为突破口。\n一、今年工作总体部署",
        "推进大气污染防治，重点地区细颗粒物浓度继续下降，\n全面完成年度减排任务。",
        "坚持以人民为中心的发展思想推进医改工作\n持续深化医疗医保医药联动改革和治理",
    ])
    lines = run(text).text.splitlines()
    assert lines[0] == "政府工作报告"
    assert "去年财政赤字控制在预算范围内，广义货币M2增长13.6%，国内生产总值达到63.6万亿元。" in lines
    assert "以细颗粒物（PM2.5）治理为突破口。" in lines and "一、今年工作总体部署" in lines
    assert "推进大气污染防治，重点地区细颗粒物浓度继续下降，全面完成年度减排任务。" in lines
    # two complete long lines are two lines, whatever the blank-line convention
    assert "持续深化医疗医保医药联动改革和治理" in lines


def test_text_without_blank_line_paragraphs_keeps_every_line():
    text = "关于做好医保工作的通知\n各县区医保局：\n今年医保基金运行平稳\n参保率稳定在95%以上\n请认真贯彻执行。"
    assert run(text).text.splitlines()[1:] == text.splitlines()[1:]
