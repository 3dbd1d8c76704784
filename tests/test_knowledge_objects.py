"""Each file of extractors/ is read once, by the knowledge layer, into a typed object: the shipped
files load, and a user's own (``POLICYDOCS_EXTRACTORS``) shadows a shipped file of its name or, for
the lexicons read as ``name*.toml``, merges with it as before; the stages build from these objects,
so one ``policydocs.knowledge.reset()`` reaches them too."""

from __future__ import annotations

import dataclasses

import pytest

import policydocs.knowledge
from policydocs.knowledge.cues import CueLists, cue_lists
from policydocs.knowledge.directions import Directions, directions
from policydocs.knowledge.indicators import Indicators, indicators
from policydocs.knowledge.jurisdictions import Divisions, divisions
from policydocs.knowledge.sources import Sources, sources
from policydocs.knowledge.spam import SeoSpam, seo_spam
from policydocs.knowledge.units import Units, units




def write(root, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("loader,kind", [(indicators, Indicators), (directions, Directions), (units, Units),
                                         (cue_lists, CueLists), (sources, Sources), (seo_spam, SeoSpam),
                                         (divisions, Divisions)])
def test_each_object_is_a_frozen_dataclass_read_once(loader, kind):
    policydocs.knowledge.reset()
    found = loader()
    assert isinstance(found, kind) and dataclasses.is_dataclass(found)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(found, dataclasses.fields(found)[0].name, None)
    assert loader() is found  # (cached until the reset)


def test_the_shipped_files_load():
    policydocs.knowledge.reset()
    ind = indicators()
    assert "单位国内生产总值" in ind.shared_prefixes and ind.contractions["城乡居民"] == ("城镇居民", "农村居民")
    assert "开工" in ind.start and "建成" in ind.finish and ind.generic and ind.change
    assert ("能耗", "能源消耗", "能源消费") in ind.synonym_groups
    d = directions()
    assert "下降" in d.reduce and "到" in d.level and "上升" in d.rise and d.down and d.up
    u = units()
    assert "元" in u.families["money"] and "月" in u.denominators and "起" in u.arabic_only
    assert "才" in u.not_before["人"] and "两个维护" in u.name_words and u.name_patterns
    c = cue_lists()
    assert c.get("text", "target") and c.get("mood", "directive") and c.get("quantity", "marks")
    assert c.get("nothing", "here") == ()
    s = sources()
    assert [cat.label for cat in s.categories] == ["official", "news", "template"]
    assert "gov.cn" in s.categories[0].domains and s.min_placeholders == 2 and s.placeholder_patterns
    assert seo_spam().words and divisions().adcodes["北京市"] == "110000"


def test_a_users_lexicons_merge_with_the_shipped_ones(own_extractors):
    lex = own_extractors / "lexicons"
    write(lex, "indicators_mine.toml", '[lists]\nshared_prefixes = ["单位国内生产总值", "每百户"]\n'
                                       '[lists.contractions]\n"城乡居民" = ["甲", "乙"]\n"两市" = ["A市", "B市"]\n'
                                       '[stages]\nstart = ["开钻"]\n[synonyms]\ngroups = [["能耗", "耗能"]]\n')
    write(lex, "directions_mine.toml", '[reduction]\nverbs = ["下降", "下滑"]\n')
    write(lex, "units_mine.toml", '[families]\ncount = ["头"]\n[names]\nliteral = ["十张网"]\n')
    write(lex, "cues_mine.toml", '[text]\ntarget = ["力争", "务求"]\n')
    ind = indicators()
    assert ind.shared_prefixes[-1] == "每百户" and ind.shared_prefixes.count("单位国内生产总值") == 1
    assert ind.contractions["城乡居民"] == ("城镇居民", "农村居民") and ind.contractions["两市"] == ("A市", "B市")
    assert ind.start[-1] == "开钻" and ind.synonym_groups[-1] == ("能耗", "耗能")
    assert directions().reduce[-1] == "下滑" and directions().reduce.count("下降") == 1
    u = units()
    assert u.families["count"] == ("头",) and "元" in u.families["money"]  # a key replaced, the others kept
    assert u.name_words == ("十张网",) and u.name_patterns  # (the same for [names])
    target = cue_lists().get("text", "target")
    assert target[-1] == "务求" and target.count("力争") == 1


def test_a_users_file_shadows_the_shipped_one_of_its_name(own_extractors):
    lex = own_extractors / "lexicons"
    write(lex, "directions.toml", '[down]\nwords = ["失业率"]\n')
    write(lex, "seo_spam.list", "甲\n乙\n甲\n")
    write(lex, "jurisdictions.csv", "adcode,name\n990000,测试省\n990100,测试省\n")
    write(own_extractors, "sources.toml", '[official]\ndomains = ["My.Example"]\n[template]\nmin_placeholders = 3\n')
    assert directions() == Directions(down=("失业率",), up=(), reduce=(), level=(), rise=())
    assert seo_spam().words == ("甲", "乙")
    assert divisions().adcodes == {"测试省": "990000"}
    s = sources()
    assert s.categories[0].domains == ("my.example",) and s.categories[1].domains == ()
    assert s.min_placeholders == 3 and s.placeholder_patterns == ()


def test_the_stages_build_from_the_objects_and_follow_the_reset(own_extractors):
    from policydocs.extract.lists import shared_prefixes
    from policydocs.link import status, subjects

    lex = own_extractors / "lexicons"
    write(lex, "directions.toml", '[reduction]\nverbs = ["降", "下降"]\n')
    write(lex, "indicators.toml", '[lists]\nshared_prefixes = ["单位", "单位国内生产总值"]\n[change]\nwords = ["增速"]\n')
    assert status.lexicon()["reduce"] == ["下降", "降"]  # longest first, as the stage wants it
    assert shared_prefixes() == ("单位国内生产总值", "单位")
    assert set(subjects.lexicon().change) == {"降", "下降", "增速"}  # its own and directions' change verbs
    write(lex, "directions.toml", '[reduction]\nverbs = ["减少"]\n')
    assert status.lexicon()["reduce"] == ["下降", "降"]
    policydocs.knowledge.reset()
    assert status.lexicon()["reduce"] == ["减少"]
    assert set(subjects.lexicon().change) == {"减少", "增速"}


@pytest.mark.parametrize("name,content,says", [
    ("lexicons/units.toml", '[per]\ndenominators = ["人", 1]\n', "[per] denominators must be a list of strings"),
    ("lexicons/units.toml", '[names]\npatterns = ["(两个"]\n', "[names] patterns: bad pattern"),
    ("lexicons/indicators.toml", '[lists.contractions]\n"城乡" = "城镇"\n', "[lists.contractions] 城乡"),
    ("lexicons/cues.toml", '[mood]\ndirective = [1]\n', "[mood] directive must be a list of strings"),
    ("sources.toml", '[template]\nmin_placeholders = "two"\n', "min_placeholders must be a whole number"),
    ("sources.toml", '[news]\ndomains = "a.cn"\n', "[news] domains must be a list of strings"),
    ("sources.toml", '[news]\nsite_names = ["(日报"]\n', "[news] site_names: bad pattern"),
])
def test_a_broken_entry_is_an_error_naming_the_file(own_extractors, name, content, says):
    from policydocs.knowledge import KnowledgeError

    write(own_extractors, name, content)
    loader = {"units": units, "indicators": indicators, "cues": cue_lists, "sources": sources}[name.split("/")[-1][:-5]]
    with pytest.raises(KnowledgeError) as err:
        loader()
    assert str(err.value).startswith(f"{own_extractors / name}: ") and says in str(err.value)


def test_the_kind_reset_still_reads_an_edited_cues_file(own_extractors):
    """extract.kind.reset() is documented for edited cue files: it forgets the lists too, not only the indexes."""
    from policydocs.extract import kind
    from policydocs.extract.cues import load_cues

    write(own_extractors / "lexicons", "cues_mine.toml", '[mood]\ndirective = ["务求"]\n')
    assert "务求" in [c.name for c in load_cues().directive]
    write(own_extractors / "lexicons", "cues_mine.toml", '[mood]\ndirective = ["务必"]\n')
    kind.reset()
    assert "务必" in [c.name for c in load_cues().directive]
