"""The prefilter of the boilerplate rules: a necessary condition only, so no match is ever lost."""

import random
import re

from policydocs.knowledge.needs import first_chars, may_match, required_chars
from policydocs.clean.profiles import load_profiles, rules_for


def test_required_chars_reads_literals_sets_and_branches():
    needs = required_chars(re.compile(r"\s*[…\.]{0,6}\s*[(（]?\s*(剩余|还有)\s*(?P<n>\d+)\s*字.{0,20}(阅读|查看)"))
    assert set(needs) == {frozenset("字"), frozenset("剩还"), frozenset("阅查")}
    assert may_match(needs, "（剩余 300 字，请登录查看）")
    assert not may_match(needs, "剩余300字")  # no 阅 or 查: the regex cannot match


def test_no_prefilter_where_it_cannot_help_or_is_unsure():
    assert required_chars(re.compile(r"^上一篇[:：]")) == ()     # anchored: one try is cheap
    assert required_chars(re.compile(r"省略\d+字")) == ()         # opens with a literal
    assert required_chars(re.compile(r"(?i)\s*login")) == ()     # case folding: not analysed
    assert required_chars(re.compile(r"\s*(?:a|)b?")) == ()       # an alternative that needs nothing
    # ... unless asked: one set lookup picks the few of many patterns worth trying on a text
    assert set(required_chars(re.compile(r"省略\d+字"), opening_literal=True)) == {frozenset("省"), frozenset("略"), frozenset("字")}
    assert required_chars(re.compile(r"^上一篇"), opening_literal=True) == ()


def test_prefilter_never_rejects_a_line_the_rule_matches():
    generic, sites = load_profiles()
    rules = [r for p in (generic, *sites) for attr in ("truncation", "drop_lines", "drop_from", "drop_until")
             for r in getattr(p, attr) if r.needs]
    assert rules  # the truncation notices at least
    notices = ["……（此处省略2000字）……", "...(快文网省略 500 字)", "……（未完，全文共3000字，当前只显示1500字）",
               "（剩余2000字，请下载后阅读）", "还有 35 字，点击查看", "登录后阅读全文", "开通会员可查看完整内容",
               "剩余3页未读，继续阅读", "以下是小编为大家整理的", "小编希望对大家有帮助", "版权所有：某某网"]
    noise = list("…. （）()省略了字未完显示剩余还有阅读查看登录会员页小编 0123456789")
    rnd = random.Random(5)
    matched = 0
    for _ in range(20000):
        line = list(rnd.choice(notices))
        for _ in range(rnd.randint(0, 3)):  # damage it: drop or insert a character
            k = rnd.randrange(len(line) + 1)
            if rnd.random() < 0.5 and k < len(line):
                del line[k]
            else:
                line.insert(k, rnd.choice(noise))
        line = "".join(line)
        for rule in rules:
            if rule.pattern.search(line):
                matched += 1
                assert may_match(rule.needs, line), (rule.pattern.pattern, line)
    assert matched > 5000  # the test does exercise matching lines


def test_first_chars_of_anchored_patterns():
    assert first_chars(re.compile(r"^(发布)?(时间|日期)\s*[:：]")) == frozenset("发时日")
    assert first_chars(re.compile(r"^(?:[【\[]?(分享|打印)\s*)+$")) == frozenset("【[分打")
    assert first_chars(re.compile(r"^\d+条评论$")) is None      # a class: not analysed
    assert first_chars(re.compile(r"^(本文)?")) is None           # can match an empty line
    assert first_chars(re.compile(r"(?m)^上一篇")) is None        # ^ of every line
    assert first_chars(re.compile(r"上一篇")) is None             # not anchored


def test_line_rules_keep_every_rule_that_matches():
    rules = rules_for("")
    samples = ["当前位置：首页 > 新闻", "首页 > 政务公开", "发布时间：2024-01-02", "时间：2024-01-02 10:00",
               "来源：市卫健委", "阅读次数：123", "上一篇：关于…", "【分享到】【打印】【关闭】", "扫一扫在手机打开",
               "本文转载自：人民网", "点击关注我们", "展开全文", "TAG: 医改", "12条评论", "发表评论", "医共体建设"]
    rnd = random.Random(9)
    matched = 0
    for _ in range(5000):
        line = list(rnd.choice(samples))
        if rnd.random() < 0.5 and line:
            del line[rnd.randrange(len(line))]
        line = "".join(line)
        expected = [r for r in rules.drop_lines if r.search(line)]
        matched += bool(expected)
        assert [r for r in rules.line_rules(line) if r.search(line)] == expected, line
    assert matched > 1000


def test_ignorecase_counts_only_characters_without_case():
    needs = required_chars(re.compile(r"\s*(版权所有|ICP备|All Rights Reserved)", re.I))
    assert needs == (frozenset("版备 "),)
    assert may_match(needs, "all rights reserved")
    assert required_chars(re.compile(r"\s*(版权|Copyright)", re.I)) == ()  # letters only: no set
    assert required_chars(re.compile(r"\s*(?i:abc)中")) == (frozenset("中"),)


def test_boilerplate_kind_same_as_one_search_of_all_patterns():
    import importlib

    walk = importlib.import_module("policydocs.clean.html_walk")
    rules = [(p, kind, longest) for p, kind, longest, _ in walk._boiler()]
    joined = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in rules), re.I)

    def reference(text):
        if len(text) > 200 or not joined.search(text):
            return None
        return next((kind for p, kind, longest in rules if len(text) <= longest and p.search(text)), None)

    samples = ["分享到：微信 微博", "Copyright © 2024 某某市人民政府 版权所有", "京ICP备12345678号", "扫一扫在手机打开当前页",
               "本站不代表本站观点", "发布时间：2024-01-02", "相关新闻", "【打印】【关闭】", "ALL RIGHTS RESERVED",
               "本帖最后由 张三 于 2024-1-2 编辑", "请登录后发表评论", "医共体建设取得新进展。"]
    rnd = random.Random(3)
    for _ in range(5000):
        text = list(rnd.choice(samples))
        if rnd.random() < 0.5:
            del text[rnd.randrange(len(text))]
        text = "".join(text)
        assert walk.boilerplate_kind(text) == reference(text), text
