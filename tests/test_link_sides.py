"""Scoring reads what it needs of each statement once (scoring._side, subjects._side, kept in
Row.memo) instead of once per pair. Checked here against the per-pair code it replaced, kept below as
the reference, on every pair of targets and actuals of the national work reports 2014–2019."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from builders import PROVINCE_PLAN as PLAN, PROVINCE_REVIEW as REVIEW, link_rows as rows
from policydocs.acquire.document import RawDocument
from policydocs.link import subjects, units
from policydocs.link.candidates import period_span, period_year
from policydocs.link.linker import _same_direction
from policydocs.link.scoring import MIN_SCORE, MIN_SIMILARITY, MUTUAL_SIMILARITY, _grams, _too_large, assess
from policydocs.link.status import is_level, is_reduction
from policydocs.pipeline import process_raw

REPORTS = Path(__file__).resolve().parents[1] / "corpora" / "govreport"


# --- the per-pair code before the sides (reference) --------------------------------------------

def ref_period_score(target, actual):
    py = period_year(actual)
    d = target.record.get("deadline") or ""
    dy = int(d[:4]) if d[:4].isdigit() else None
    ty = target.when()[0] or None
    if py is None:
        ay = actual.when()[0]
        py_guess = ay - 1 if ay else None
        if dy and py_guess is not None and py_guess > dy:
            return 0.0, "晚于期限的报告"
        if dy and py_guess == dy:
            return 0.8, "报告年份对应期限"
        return 0.5, "统计期不明"
    first = period_span(actual)[0]
    if ty and first < ty:
        return 0.0, f"统计期{actual.record['period']}早于目标"
    if dy is None:
        return 0.7, f"统计期{py}"
    if py == dy:
        return 1.0, f"统计期{py}即期限年"
    if py < dy:
        return 0.7 - 0.01 * min(dy - py, 10), f"统计期{py}早于期限{dy}"
    return 0.0, f"统计期{py}晚于期限{dy}"


def ref_section_score(target, actual):
    a = _grams("".join(target.section_path[-2:]))
    b = _grams("".join(actual.section_path[-2:]))
    if not a or not b:
        return 0.5
    return len(a & b) / len(a | b)


def ref_mismatch(target, actual):
    S = subjects
    mt, ma = S.measure(target), S.measure(actual)
    tt, ta = target.record.get("text"), actual.record.get("text")
    if (S.bare_change(tt) and not S.states_change(ta, ma)) or (S.bare_change(ta) and not S.states_change(tt, mt)):
        return "增量与总量"
    st, sa = S._stages(mt), S._stages(ma)
    for (starts, finishes), (other_starts, other_finishes) in ((st, sa), (sa, st)):
        if starts and not finishes and other_finishes and not other_starts:
            return "开工与建成"
    nt, na = S._normal(mt), S._normal(ma)
    for mine, other in ((nt, na), (na, nt)):
        if any(stem not in other for stem in S._rate_stems(mine)):
            return "比率与基数"
    for mine, other in ((mt, ma), (ma, mt)):
        if S._a_part_of(mine, other):
            return "合计与分项"
    nt, na = S._without_bases(nt), S._without_bases(na)
    dt, da = S.distinctive(mt), S.distinctive(ma)
    if dt and da and not any(w in na for w in dt) and not any(w in nt for w in da):
        return "指标不同"
    return None


def ref_assess(target, actual, similarity, *, floor=MIN_SIMILARITY):
    if "年均" in (actual.record.get("text") or "") and "年均" not in (target.record.get("text") or ""):
        return None
    if is_reduction(target.record.get("text")) != is_reduction(actual.record.get("text")):
        similarity *= 0.6
    if similarity < floor:
        return None
    tu, au = target.record.get("unit"), actual.record.get("unit")
    if not units.compatible(tu, au):
        return None
    p, p_reason = ref_period_score(target, actual)
    if p == 0.0:
        return None
    year, due = target.when()[0], (target.record.get("deadline") or "")[:4]
    span = period_span(actual)
    if (year and due.isdigit() and int(due) - year >= 2 and not is_level(target.record.get("text"))
            and not (span and span[0] < span[1])):
        return None  # several years of a flow: only as many years answer it
    u = 1.0 if (tu or "").strip() == (au or "").strip() else 0.8
    if ref_mismatch(target, actual):
        return None
    if _too_large(target, actual):
        return None
    s = ref_section_score(target, actual)
    total = 0.60 * min(1.0, similarity) + 0.25 * p + 0.10 * u + 0.05 * s
    if total < MIN_SCORE and floor >= MIN_SIMILARITY:
        return None
    reasons = [f"指标相近{similarity:.2f}", p_reason, "单位相同" if u == 1.0 else f"单位换算{au}→{tu}"]
    if s >= 0.3:
        reasons.append("章节相近")
    return round(min(1.0, total), 4), reasons, similarity


# --- the comparison ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def statements():
    out = rows(PLAN, "plan", 2021, "2021-01-25") + rows(REVIEW, "review", 2022, "2022-01-20")
    for path in sorted(REPORTS.glob("*.txt")):
        year = int(path.name[:4])
        out += rows(path.read_text(encoding="utf-8"), path.stem, year, f"{year}-03-05")
    targets = [r for r in out if r.record["kind"] == "target"]
    actuals = [r for r in out if r.record["kind"] == "actual"]
    assert len(targets) > 100 and len(actuals) > 100
    return targets, actuals


def test_assess_matches_the_per_pair_reference(statements):
    targets, actuals = statements
    fresh_t, fresh_a = copy.deepcopy(targets), copy.deepcopy(actuals)  # no memo yet
    kept = 0
    for ti, t in enumerate(targets):
        for ai, a in enumerate(actuals):
            if not units.compatible(t.record.get("unit"), a.record.get("unit")):
                assert assess(t, a, 0.9) is None
                continue
            for sim, floor in ((0.9, MIN_SIMILARITY), (0.4, MIN_SIMILARITY), (0.2, MUTUAL_SIMILARITY)):
                want = ref_assess(t, a, sim, floor=floor)
                assert assess(t, a, sim, floor=floor) == want  # memo filled by earlier pairs
                assert assess(fresh_t[ti], fresh_a[ai], sim, floor=floor) == want
                kept += want is not None
            assert subjects.mismatch(t, a) == ref_mismatch(t, a)
    assert kept > 50  # the comparison reached the end of assess, not only its first checks


def test_same_direction_is_asked_per_statement(statements):
    from policydocs.link.candidates import subject
    from policydocs.link.linker import _direction
    from policydocs.link.status import direction

    targets, actuals = statements
    for r in targets + actuals:
        comparator = r.record.get("comparator") if r.record["kind"] == "target" else None
        want = direction(comparator, subject(r) + (r.record.get("indicator") or ""), r.record.get("text"))
        assert _direction(r, comparator) == want == _direction(r, comparator)  # computed, then remembered
    assert any(_same_direction(t, a) for t in targets[:30] for a in actuals[:30])


def test_rows_parse_json_as_json_loads_does():
    import json

    from policydocs.link.db import Row, to_row

    def reference(r):  # to_row before its shortcuts
        record = dict(zip(("doc", "kind", "text", "indicator", "value", "value_max", "unit", "comparator",
                           "deadline", "period", "responsible", "strength", "region"), r[2:15]))
        record["responsible"] = json.loads(record["responsible"] or "[]")
        return record, json.loads(r[17] or "[]")

    paths = {}
    seen = []
    for responsible in (None, "", "[]", '["市人力资源社会保障局"]', '["a", "b"]'):
        for section in (None, "", "[]", '["一、目标"]', '["一、目标", "（二）就业"]', '["一、目标"]', "null"):
            r = (1, "k", "d", "target", "t", "i", 5, None, "%", "=", None, None, responsible, None, "省",
                 0, 4, section, None, None, 2020, "省", "official", None, None, None, None, None, None)
            record, section_path = reference(r)
            for row in (to_row(r), to_row(r, paths)):
                assert isinstance(row, Row)
                assert row.record["responsible"] == record["responsible"] and row.section_path == section_path
                assert type(row.section_path) is type(section_path)
                seen.append(row.section_path)
    lists = [p for p in seen if isinstance(p, list)]
    assert len({id(p) for p in lists}) == len(lists)  # each row its own list, as before


def test_candidates_below_the_mutual_floor_change_nothing(statements):
    # linking leaves out candidates below MUTUAL_SIMILARITY before scoring: assess rejects them all
    from policydocs.link.candidates import candidates
    from policydocs.link.linker import _scored

    targets, actuals = statements
    every = candidates(targets, actuals)
    fewer = candidates(targets, actuals, floor=MUTUAL_SIMILARITY)
    assert sum(map(len, fewer.values())) < sum(map(len, every.values()))
    assert any(0 < s < MUTUAL_SIMILARITY for pairs in every.values() for _, s in pairs)
    assert _scored(targets, actuals, fewer) == _scored(targets, actuals, every)


def test_word_lookups_match_the_loops_they_replaced(statements):
    # subjects._has searches one alternation; status reads suffixes with str.endswith(tuple)
    import random
    import re

    from policydocs.link import status

    lex = subjects.lexicon()
    dirs = status.lexicon()

    def reference_verb_before_figure(text, words):
        m = re.search(r"[0-9０-９]", text or "")
        if not m:
            return False
        head = (text or "")[:m.start()]
        if any(head.endswith(x) for x in dirs["level"]):
            return False
        head = head.rstrip(status._FILLER)
        return any(head.endswith(w) for w in words)

    targets, actuals = statements
    texts = [r.record.get("text") or "" for r in targets + actuals] + [subjects.measure(r) for r in targets + actuals]
    rnd = random.Random(2)
    pieces = list(lex.change + lex.start + lex.finish) + dirs["level"] + ["3%", "5", "了", "年", "", "分别"]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 5))) for _ in range(2000)]
    for text in texts:
        for words, pattern in ((lex.change, lex.change_re), (lex.start, lex.start_re), (lex.finish, lex.finish_re)):
            assert subjects._has(text, pattern) == any(w in text for w in words)
        for name in ("reduce", "rise"):
            assert status._verb_before_figure(text, dirs[name]) == reference_verb_before_figure(text, dirs[name])
