"""Whether two indicators are about different things, whatever their TF-IDF similarity.

Character n-grams make 化学需氧量、氨氮排放量下降 look like 二氧化硫、氮氧化物排放量下降 (排放量, 下降
and 分别 agree) and 中央财政专项奖补资金 like 财政专项扶贫资金 (财政, 专项, 资金). Three checks, each
about the *measure* of a statement (its indicator, after the subject of the clause before it for a
clause whose indicator says nothing: see :func:`policydocs.link.candidates.subject`):

* **distinctive words disagree**: the words of each measure (jieba, with the policy lexicon) less the
  per-unit bases of 分别 lists (单位国内生产总值: ``[lists] shared_prefixes``) and the generic words (``[generic] words`` of ``extractors/lexicons/indicators.toml`` and the change verbs
  of ``directions.toml``: who, when, change and work verbs, money words, shared measure heads), with
  ``[synonyms]`` read as one word (能源消耗 = 能耗, 经济 = 国内生产总值). When both measures keep such
  words and no word of either is found in the other, they are different indicators.
* **a rate is not its base**: a rate or share head (贡献率, 覆盖率, 比重, 占比) of one measure must be
  named by the other too (对全球经济增长的贡献率 does not answer 经济增长; 失业率 answers 调查失业率).
* **a start is not a completion**: a measure of starts (``[stages] start``: 开工, 新安排) never
  answers, nor is answered by, one of completions (``finish``: 建成, 竣工).
* **a part is not the sum**: a measure naming one part of a sum (``[sums]``: 减税 of 减税降费) never
  answers, nor is answered by, one naming the sum.
* **a change is answered by a change**: a clause with no subject of its own that opens with its change
  verb (农村危房改造366万户，增加100万户: 增加100万户 is the rise over last year's figure) is answered
  only by a statement that also states a change, never by a level (农村危房改造432万户), and the
  other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policydocs.knowledge.directions import directions
from policydocs.knowledge.files import register_reset
from policydocs.knowledge.indicators import indicators
from policydocs.knowledge import vocabulary
from policydocs.link.db import Row

_FIGURE = re.compile(r"[0-9０-９][0-9０-９.．,，%％]*")
# Opener words before a clause's verb that are not a subject (今年要再增加…, 比上年增长…).
_OPENERS = vocabulary.pattern(r"^(?:{clause_opener}|[，,、：:\s])+")
_FILLER = "了约近达超逾"


@dataclass(frozen=True)
class _Lex:
    generic: tuple[str, ...]  # longest first
    synonyms: dict[str, str]  # word → the first word of its group
    change: tuple[str, ...]  # verbs and nouns of change (增长, 下降, 新增, 增速 …)
    bases: re.Pattern  # per-unit bases shared by many measures (单位国内生产总值): not what is measured
    synonym_re: re.Pattern
    start: tuple[str, ...]  # stages of a work: 开工 …
    finish: tuple[str, ...]  # … 建成
    # whether a text holds one of change / start / finish: one regex search, not a loop over words
    change_re: re.Pattern
    start_re: re.Pattern
    finish_re: re.Pattern


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    """The words of indicators.toml and the change verbs of directions.toml, as searched here."""
    ind, d = indicators(), directions()
    synonyms: dict[str, str] = {}
    for group in ind.synonym_groups:
        for w in group:
            synonyms.setdefault(w, group[0])
    change = dict.fromkeys(ind.change + d.reduce + d.rise)  # (each once, in the files' order)
    generic = dict.fromkeys(ind.generic + tuple(change))
    return _Lex(_longest_first(generic), synonyms, _longest_first(change),
                _alternation(ind.shared_prefixes), _alternation(synonyms), ind.start, ind.finish,
                _alternation(change), _alternation(ind.start), _alternation(ind.finish))


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@register_reset
def _reset() -> None:
    """Forget the words of indicators.toml and the answers given by them."""
    for fn in (lexicon, _measure, _without_bases, _normal, distinctive, _rate_stems, bare_change,
               _change_before_figure, _names_change, _stages):
        fn.cache_clear()


def _alternation(words) -> re.Pattern:
    words = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")


def measure(row: Row) -> str:
    """What a statement measures: the inherited subject (if any) and its indicator, figures dropped."""
    from policydocs.link.candidates import subject

    rec = row.record
    return _measure(subject(row), rec.get("indicator") or rec.get("text") or "")


@lru_cache(maxsize=65536)  # asked for both statements of every pair scored
def _measure(subject_: str, indicator: str) -> str:
    return _FIGURE.sub("", subject_ + indicator)


@lru_cache(maxsize=65536)
def _without_bases(text: str) -> str:
    return lexicon().bases.sub(" ", text)


@lru_cache(maxsize=65536)
def _normal(text: str) -> str:
    lex = lexicon()
    return lex.synonym_re.sub(lambda m: lex.synonyms[m.group()], text) if lex.synonyms else text


@lru_cache(maxsize=65536)
def distinctive(text: str) -> tuple[str, ...]:
    """The words of a measure that say which quantity it is (generic words removed, synonyms unified)."""
    from policydocs.knowledge.lexicon import cut

    lex = lexicon()
    out = []
    for word in cut(lex.bases.sub(" ", _normal(text))):
        for g in lex.generic:
            if g in word:
                word = word.replace(g, " ")
        for part in word.split():
            if len(part) >= 2 and re.search(r"[\u4e00-\u9fffA-Za-z]", part) and part not in out:
                out.append(part)
    return tuple(out)


@lru_cache(maxsize=65536)
def _rate_stems(text: str) -> tuple[str, ...]:
    """率 heads by their last two characters before 率 (城镇调查失业率 → 失业), and 比重/占比/比例."""
    stems = [m.group(1) for m in re.finditer(r"([\u4e00-\u9fff]{2})率(?!先)", text)]
    return tuple(stems + [h for h in vocabulary.words("share_head") if h in text])


def _has(text: str, words: re.Pattern) -> bool:
    """Whether one of the words (their alternation) is in ``text``: ``any(w in text for w in words)``."""
    return words.search(text) is not None


@lru_cache(maxsize=65536)
def bare_change(text: str | None) -> bool:
    """Whether a clause opens with its change verb, with no subject of its own (增加100万户, 比上年增长7.4%)."""
    m = re.search(r"[0-9０-９一二三四五六七八九十两]", text or "")
    if not m:
        return False
    head = _OPENERS.sub("", text[:m.start()]).rstrip(_FILLER)
    return head in lexicon().change


def states_change(text: str | None, measure_: str) -> bool:
    """Whether a statement gives a change (a change word before its figure or in its measure)."""
    return _change_before_figure(text) or _names_change(measure_)


@lru_cache(maxsize=65536)  # these three are asked for both statements of every pair scored
def _change_before_figure(text: str | None) -> bool:
    m = re.search(r"[0-9０-９]", text or "")
    head = (text or "")[:m.start()] if m else (text or "")
    return _has(head, lexicon().change_re)


@lru_cache(maxsize=65536)
def _names_change(measure_: str) -> bool:
    return _has(measure_, lexicon().change_re)


@lru_cache(maxsize=65536)
def _stages(measure_: str) -> tuple[bool, bool]:
    """(names the start of a work, names its completion)"""
    lex = lexicon()
    return _has(measure_, lex.start_re), _has(measure_, lex.finish_re)


class _Side:
    """What :func:`mismatch` reads of one statement, worked out once per statement: a target is
    compared with up to ``k`` actuals and an actual with many targets."""

    __slots__ = ("bare", "states", "stages", "normal", "stems", "without_bases", "measure", "_words")

    def __init__(self, row: Row):
        m = self.measure = measure(row)
        text = row.record.get("text")
        self.bare, self.states = bare_change(text), states_change(text, m)
        self.stages = _stages(m)
        self.normal = _normal(m)
        self.stems = _rate_stems(self.normal)
        self.without_bases = _without_bases(self.normal)  # 国内生产总值 is not named by 单位国内生产总值能耗
        self._words = None

    @property
    def words(self) -> tuple[str, ...]:
        if self._words is None:  # only when the cheaper checks left the pair standing (jieba)
            self._words = distinctive(self.measure)
        return self._words


def _side(row: Row) -> _Side:
    side = row.memo.get("subjects")
    if side is None:
        side = row.memo["subjects"] = _Side(row)
    return side


def mismatch(target: Row, actual: Row) -> str | None:
    """Why ``actual`` cannot be about the indicator of ``target`` (a short phrase), or None."""
    t, a = _side(target), _side(actual)
    if (t.bare and not a.states) or (a.bare and not t.states):
        return "增量与总量"
    for (starts, finishes), (other_starts, other_finishes) in ((t.stages, a.stages), (a.stages, t.stages)):
        if starts and not finishes and other_finishes and not other_starts:
            return "开工与建成"
    for mine, other in ((t, a), (a, t)):
        if any(stem not in other.normal for stem in mine.stems):
            return "比率与基数"
    for mine, other in ((t.measure, a.measure), (a.measure, t.measure)):
        if _a_part_of(mine, other):
            return "合计与分项"
    dt, da = t.words, a.words
    if dt and da and not any(w in a.without_bases for w in dt) and not any(w in t.without_bases for w in da):
        return "指标不同"
    return None


def _a_part_of(measure_: str, other: str) -> bool:
    """``measure_`` names a part of a sum that ``other`` names (减税 against 减税降费)."""
    for total, parts in (indicators().sums or {}).items():
        if total in other and total not in measure_ and any(p in measure_.replace(total, "") for p in parts):
            return True
    return False
