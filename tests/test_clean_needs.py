"""The prefilter of the boilerplate rules: a necessary condition only, so no match is ever lost."""

import random
import re

from policydocs.clean.needs import may_match, required_chars
from policydocs.clean.profiles import load_profiles


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
