"""Every file of extractors/ under one error policy and one reset: a broken file of a user's own
extractors dir is one KnowledgeError naming the file (and line), never skipped and never a
traceback; after editing a file, ``policydocs.knowledge.reset()`` makes every loader read it again."""

from __future__ import annotations

import importlib

import pytest

import policydocs.knowledge
from policydocs.knowledge import KnowledgeError




def call(target: str):
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


NOT_UTF8 = "ok\n\xff\n"  # (written as latin-1: line 2 holds a byte that is not UTF-8)

BROKEN = [  # loader, file, content, what the message says
    ("policydocs.extract.lists:shared_prefixes", "lexicons/indicators.toml",
     '[lists]\nshared_prefixes = "单位"\n', "[lists] shared_prefixes must be a list of strings"),
    ("policydocs.extract.cues:load_cues", "lexicons/cues.toml", '[text]\nshared = [已]\n', "line 2"),
    ("policydocs.extract.cues:load_cues", "lexicons/cues.toml", '[text]\nshared = ["(已"]\n', "bad pattern"),
    ("policydocs.extract.numbers:_lex", "lexicons/units.toml", "[families]\nmoney = 元\n", "line 2"),
    ("policydocs.extract.numbers:_lex", "lexicons/units.toml", "families = 5\n", "families must be a table"),
    ("policydocs.extract.context:_divisions", "lexicons/jurisdictions.csv", "name,code\n北京市,110000\n",
     "no column adcode"),
    ("policydocs.extract.context:_divisions", "lexicons/jurisdictions.csv",
     'adcode,name\n110000,北京市\n"120000,天津市\n', "line 3"),
    ("policydocs.clean.boilerplate:_spam_words", "lexicons/seo_spam.list", NOT_UTF8, "line 2: not UTF-8"),
    ("policydocs.link.subjects:lexicon", "lexicons/indicators.toml", '[synonyms]\ngroups = [["甲", 1]]\n',
     "[synonyms]"),
    ("policydocs.link.subjects:lexicon", "lexicons/indicators.toml", "[generic\n", "line 1"),
    ("policydocs.link.status:lexicon", "lexicons/directions.toml", '[down]\nwords = "下降"\n',
     "[down] words must be a list of strings"),
    ("policydocs.link.status:lexicon", "lexicons/directions.toml", "[down]\nwords = [下降]\n", "line 2"),
    ("policydocs.store.trust:source_rules", "sources.toml", '[official]\nhost_patterns = ["("]\n', "bad pattern"),
    ("policydocs.store.trust:source_rules", "sources.toml", "official = 1\n", "official must be a table"),
    ("policydocs.knowledge.sites:load_profiles", "sites/mine.toml", 'domains = ["my.example"]\n', "no name"),
    ("policydocs.knowledge.sites:load_profiles", "sites/mine.toml", 'name = "mine"\n[text]\ndrop_lines = [1]\n',
     "not a valid site profile"),
    ("policydocs.knowledge.comparators:comparators", "lexicons/comparators.toml", NOT_UTF8, "line 2"),
    ("policydocs.knowledge.lexicon:load_terms", "lexicons/policy_terms.txt", NOT_UTF8, "line 2: not UTF-8"),
    # the knowledge loaders the stages above now read through
    ("policydocs.knowledge.indicators:indicators", "lexicons/indicators.toml", "[stages]\nstart = 1\n",
     "[stages] start must be a list of strings"),
    ("policydocs.knowledge.directions:directions", "lexicons/directions.toml", NOT_UTF8, "line 2: not UTF-8"),
    ("policydocs.knowledge.cues:cue_lists", "lexicons/cues.toml", '[mood]\ndirective = ["要("]\n', "bad pattern"),
    ("policydocs.knowledge.units:units", "lexicons/units.toml", '[rules]\narabic_only = "起"\n',
     "[rules] arabic_only must be a list of strings"),
    ("policydocs.knowledge.jurisdictions:divisions", "lexicons/jurisdictions.csv", "adcode,name\n110000\n",
     "line 2: 1 fields"),
    ("policydocs.knowledge.spam:seo_spam", "lexicons/seo_spam.list", NOT_UTF8, "line 2: not UTF-8"),
    ("policydocs.knowledge.sources:sources", "sources.toml", "[template]\nmarkers = [1]\n",
     "[template] markers must be a list of strings"),
]


@pytest.mark.parametrize("loader,name,content,says", BROKEN, ids=[f"{b[1]}:{b[3]}" for b in BROKEN])
def test_a_broken_file_is_one_error_naming_the_file(own_extractors, loader, name, content, says):
    path = own_extractors / name
    path.write_bytes(content.encode("latin-1" if content is NOT_UTF8 else "utf-8"))
    with pytest.raises(KnowledgeError) as err:
        call(loader)()
    message = str(err.value)
    assert message.startswith(f"{path}: ") and says in message and "\n" not in message


def test_a_file_that_cannot_be_read_is_an_error_not_a_gap(own_extractors):
    (own_extractors / "lexicons" / "directions.toml").mkdir()  # once skipped in silence
    with pytest.raises(KnowledgeError, match="directions.toml: cannot read"):
        call("policydocs.link.status:lexicon")()


EDITS = [  # file, first content, edited content, what a loader says, before and after the reset
    ("lexicons/units.toml", '[families]\ncount = ["只"]\n', '[families]\ncount = ["头"]\n',
     lambda: call("policydocs.extract.numbers:unit_family")("头")),
    ("lexicons/comparators.toml", '[before]\n"起码" = ">="\n', '[before]\n"至少" = ">="\n',
     lambda: sorted(call("policydocs.knowledge.comparators:comparators")().before)),
    ("sites/mine.toml", 'name = "mine_a"\n', 'name = "mine_b"\n',
     lambda: [p.name for p in call("policydocs.knowledge.sites:load_profiles")()[1] if p.name.startswith("mine")]),
    ("lexicons/seo_spam.list", "甲\n乙\n丙\n丁\n", "# emptied\n",
     lambda: call("policydocs.clean.boilerplate:is_seo_spam")("甲|乙|丙|丁")),
    ("lexicons/directions.toml", '[down]\nwords = ["下降"]\n', '[down]\nwords = ["减少"]\n',
     lambda: call("policydocs.link.status:lexicon")()["down"]),
    ("lexicons/indicators.toml", '[lists]\nshared_prefixes = ["单位"]\n', '[lists]\nshared_prefixes = ["人均"]\n',
     lambda: call("policydocs.extract.lists:shared_prefixes")()),
    ("lexicons/jurisdictions.csv", "adcode,name\n110000,北京市\n", "adcode,name\n120000,天津市\n",
     lambda: call("policydocs.extract.context:adcode")("北京市")),
    ("sources.toml", '[official]\ndomains = ["a.example"]\n', '[official]\ndomains = ["b.example"]\n',
     lambda: call("policydocs.store.trust:source_rules")().categories[0].domains),
]


def test_one_reset_makes_every_loader_read_the_edited_files(own_extractors):
    for name, first, _, _ in EDITS:
        (own_extractors / name).write_text(first, encoding="utf-8")
    before = [ask() for *_, ask in EDITS]
    for name, _, edited, _ in EDITS:
        (own_extractors / name).write_text(edited, encoding="utf-8")
    assert [ask() for *_, ask in EDITS] == before  # each loader reads its files once
    policydocs.knowledge.reset()
    after = [ask() for *_, ask in EDITS]
    assert before == [None, ["起码"], ["mine_a"], True, ["下降"], ("单位",), "110000", ("a.example",)]
    assert after == ["count", ["至少"], ["mine_b"], False, ["减少"], ("人均",), None, ("b.example",)]


def test_the_old_resets_still_work_and_are_part_of_the_one_reset():
    from policydocs.extract.deadlines import clear_caches
    from policydocs.knowledge import comparators, lexicon, sites
    from policydocs.knowledge.files import _RESETS

    from policydocs.extract import kind, nlp

    for reset in (comparators.reset, lexicon.reset, sites.reset, clear_caches, kind.reset, nlp.policy_nlp.cache_clear):
        reset()
        assert reset in _RESETS


def test_ingest_stops_at_a_broken_file_with_one_line_and_stores_nothing(own_extractors, tmp_path):
    """A broken word list would fail every document alike: one line, exit 2, no error per file."""
    import sqlite3

    from click.testing import CliRunner

    from policydocs.cli import cli

    (own_extractors / "lexicons" / "seo_spam.list").write_bytes(b"ok\n\xff\n")
    docs = tmp_path / "in"
    docs.mkdir()
    for n in range(2):
        (docs / f"{n}.txt").write_text(f"关于印发工作方案的通知\n到2025年，城镇新增就业{n + 1}万人。\n", encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["ingest", str(docs), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {own_extractors / 'lexicons' / 'seo_spam.list'}: line 2: not UTF-8 text (invalid start byte)"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_clean_stops_at_a_broken_file_it_reads_with_one_line(own_extractors, tmp_path):
    """Not an error per input: every input would fail alike (clean reads only what it uses)."""
    from click.testing import CliRunner

    from policydocs.cli import cli

    (own_extractors / "sites").mkdir(exist_ok=True)
    (own_extractors / "sites" / "mine.toml").write_text('domains = ["my.example"]\n', encoding="utf-8")
    docs = tmp_path / "in"
    docs.mkdir()
    for n in range(3):
        (docs / f"{n}.txt").write_text(f"关于印发工作方案的通知\n到2025年，城镇新增就业{n + 1}万人。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(docs), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {own_extractors / 'sites' / 'mine.toml'}: ")
