"""Full-text search: words inside words, operators, filters, highlighting, errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from builders import processed, stored
from policydocs.store import QueryError, StoreError, search
from policydocs.store.fts import grams, match_expression, parse_query


@pytest.fixture
def db(tmp_path):
    return stored(tmp_path)


def texts(hits) -> list[str]:
    return [h.text for h in hits]


def test_finds_words_inside_longer_words(db):
    hits = search(db, "医共体")
    assert any("紧密型县域医共体覆盖率" in t for t in texts(hits))
    assert all("医共体" in t for t in texts(hits))


def test_two_character_and_one_character_queries(db):
    two = texts(search(db, "医保"))
    assert any("医保基金结余" in t for t in two) and any("医保支付方式" in t for t in two)
    assert all("医保" in t for t in two)
    one = texts(search(db, "税"))
    assert one and all("税" in t for t in one)  # 个人所得税: the character ends its run


def test_every_hit_contains_the_query_and_nothing_is_missed(db):
    sentences = [r["text"] for r in db["sentences"].rows]
    for query in ("医共体", "医保", "覆盖率", "家庭医生签约", "12.5", "营商环境", "县域", "税", "2025"):
        want = sorted(s for s in sentences if query in s)
        assert sorted(texts(search(db, query, limit=100))) == want, query


def test_case_and_width_are_folded(tmp_path):
    db = stored(tmp_path, [processed("配置ＡＥＤ设备20台，推广DRG付费。\n", "x")])
    assert texts(search(db, "aed")) == texts(search(db, "AED")) == texts(search(db, "ＡＥＤ"))
    assert len(search(db, "drg")) == 1


def test_and_or_not_and_phrases(db):
    both = texts(search(db, "医保 基金"))
    assert both and all("医保" in t and "基金" in t for t in both)
    assert texts(search(db, "医保 AND 基金")) == both
    either = set(texts(search(db, "营商环境 OR 村卫生室")))
    assert any("营商环境" in t for t in either) and any("村卫生室" in t for t in either)
    not_fund = texts(search(db, "医保 NOT 基金"))
    assert not_fund and all("医保" in t and "基金" not in t for t in not_fund)
    assert texts(search(db, '"医保基金结余"')) == texts(search(db, "医保基金结余"))
    assert search(db, '"基金 医保"') == []  # phrase order matters
    grouped = texts(search(db, "(营商环境 OR 签约) NOT 覆盖率"))
    assert grouped and all("覆盖率" not in t for t in grouped)
    assert texts(search(db, "“医保基金结余”")) == texts(search(db, "医保基金结余"))  # Chinese quotes


@pytest.mark.parametrize("query, message", [
    ('"医保 基金', "unbalanced quote"),
    ("医保 OR", "OR at the end"),
    ("AND 医保", "AND at the start"),
    ("NOT 医保", "NOT needs a term before it"),
    ("医保 OR OR 基金", "OR right after OR"),
    ("(医保 OR 基金", "unbalanced parenthesis"),
    ("医保)", "unbalanced parenthesis"),
    ("()", "empty parentheses"),
    ("，。", "nothing to search for"),
    ("   ", "empty query"),
])
def test_malformed_queries_get_one_line(db, query, message):
    with pytest.raises(QueryError) as err:
        search(db, query)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_fts_syntax_never_leaks_from_user_text(db):
    for query in ("医保*", "col:医保", "^医保", "医保 + 基金", "NEAR(医保)", "{grams}:医保", "医保-基金"):
        search(db, query)  # no sqlite error: every user token is quoted


def test_cli_malformed_query_is_one_line_without_traceback(db, cli):  # noqa: F811
    result = CliRunner().invoke(cli, ["search", '"医保', "--db", db.conn.execute("PRAGMA database_list").fetchone()[2]])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ['error: unbalanced quote (") in the query: close the phrase with another "']


def test_filters_kind_region_and_dates(db):
    targets = search(db, "覆盖率", kind="target")
    assert {h.doc for h in targets} == {"a", "b"} and all(h.statements for h in targets)
    assert [h.doc for h in search(db, "医保", kind="actual")] == ["a"]
    assert {h.doc for h in search(db, "覆盖率", region="清河")} == {"b"}  # prefix of 清河市
    assert search(db, "覆盖率", region="保定") == []
    # a: dated 2024-03-01; b: year 2023 only; c: dated 2022-06-30
    assert {h.doc for h in search(db, "市", date_from="2024")} == {"a"}
    assert {h.doc for h in search(db, "市 OR 营商", date_to="2023-01")} == {"b", "c"}
    assert {h.doc for h in search(db, "营商", date_from="2022-07-01")} == set()
    assert {h.doc for h in search(db, "覆盖率", date_from="2023-06", date_to="2024-03-01")} == {"a", "b"}
    assert {h.doc for h in search(db, "覆盖率", date_from="2024-03-02", date_to="2024-12-31")} == set()


@pytest.mark.parametrize("kwargs, message", [
    (dict(kind="goal"), "--kind must be one of"),
    (dict(date_from="last year"), "--from: cannot read the date"),
    (dict(date_to="2024-13"), "--to: no such date"),
    (dict(date_from="2025", date_to="2024"), "is after"),
])
def test_bad_filters_are_query_errors(db, kwargs, message):
    with pytest.raises(QueryError) as err:
        search(db, "医保", **kwargs)
    assert message in str(err.value)


def test_hits_carry_document_section_highlight_and_target_fields(db):
    [hit] = search(db, "医共体 覆盖率", kind="target")
    assert hit.title == "宁川市关于推进紧密型县域医共体建设的实施方案"
    assert hit.date == "2024-03-01" and hit.section_path == ["一、工作目标"]
    assert hit.marked() == "到2025年底，全市紧密型县域【医共体覆盖率】达到90%以上。"  # adjacent matches merge
    [st] = hit.statements
    assert (st["value"], st["unit"], st["deadline"], st["responsible"]) == (90, "%", "2025-12-31",
                                                                           ["市卫生健康委", "市医保局"])
    assert db["documents"].get(hit.document_id)["text"][hit.start:hit.end] == hit.text


def test_cli_plain_output_brackets_matches_and_shows_targets(db, cli):  # noqa: F811
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["search", "专项检查", "--db", path])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("1. 宁川市关于推进") and "2024-03-01" in lines[0]
    assert lines[1].strip() == "二、重点任务 › （一）深化医保支付方式改革 › 一是完善医保基金监管"
    assert "【专项检查】" in lines[2]
    assert lines[3].strip() == "目标 开展专项检查 10次 · 期限 2024-12-31"


def test_cli_json_output(db, cli):  # noqa: F811
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["search", "医保", "OR", "签约", "--json", "--limit", "2", "--db", path])
    hits = json.loads(result.output)
    assert len(hits) == 2 and {"title", "date", "section_path", "marked", "statements"} <= set(hits[0])


def test_search_without_a_database_is_a_store_error(tmp_path):
    with pytest.raises(StoreError) as err:
        search(tmp_path / "none.db", "医保")
    assert "policydocs ingest" in str(err.value)
    assert not (tmp_path / "none.db").exists()


def test_ranking_prefers_more_and_denser_matches(tmp_path):
    db = stored(tmp_path, [processed("医保改革。\n加强医保基金监管，推进医保支付方式改革，落实医保待遇清单。\n"
                                     "完善城乡居民基本医疗保险制度和大病保险制度，健全重特大疾病医疗保险和救助制度，"
                                     "医保经办服务进一步优化。\n", "r")])
    hits = search(db, "医保")
    assert hits[-1].text.startswith("完善城乡居民")  # one match in a long sentence ranks last


def test_index_form_and_query_form_agree():
    assert grams("紧密型县域医共体") == "紧密 密型 型县 县域 域医 医共 共体 体"
    expr, terms = match_expression("医共体 NOT 县域", kind="target")
    assert expr == '{grams} : ("医共 共体" NOT "县域") AND {tags} : "kindtarget"'
    assert [t.text for t in terms] == ["医共体"]
    assert parse_query("a b OR c").op == "OR"


def test_grams_is_bigrams_of_the_folded_runs():
    from policydocs.store.fts import _FOLD_TABLE, _RUN, fold

    def plain(text):  # the definition grams() computes faster
        return " ".join(g for run in _RUN.findall(fold(text)) for g in [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]])

    for c in map(chr, _FOLD_TABLE):  # folding keeps token characters token characters, separators separators
        assert bool(_RUN.match(c)) == bool(_RUN.match(fold(c)))
    for text in ("紧密型县域医共体", "ＧＤＰ增长５．２％，CPI上涨0.2%", "a_b　Ｃ＿ｄ X", "全年GDP达到１２６万亿元", "", "，。",
                 "医", "２０２４年ABC医保", "①②③ⅣⅤ一二三"):
        assert grams(text) == plain(text), text


GRAM_TEXTS = ["紧密型县域医共体", "ＧＤＰ增长５．２％，CPI上涨0.2%", "a_b　Ｃ＿ｄ X", "全年GDP达到１２６万亿元", "", "，。",
              "医", "２０２４年ABC医保", "①②③ⅣⅤ一二三", "  医保  ", "a", "_", "\ud800医保", "ǅ Ⅻ ½ ٣ ߀ ㈠"]


@pytest.mark.parametrize("texts", [[], [""], ["", ""], ["，", "医"], GRAM_TEXTS, GRAM_TEXTS[::-1],
                                   ["医保\0基金", "医保"],  # a NUL of its own: grams() one by one
                                   ["𠀀医保𠀁", "医"]])  # beyond the BMP: grams() one by one
def test_grams_of_many_texts_is_grams_of_each(texts):
    from policydocs.store.fts import grams_of

    assert grams_of(texts) == [grams(t) for t in texts]


def test_grams_of_in_several_batches_is_grams_of_each(monkeypatch):
    from policydocs.store import fts

    monkeypatch.setattr(fts, "_BATCH", 20)
    texts = GRAM_TEXTS * 3 + ["医保\0基金"] + GRAM_TEXTS
    assert fts.grams_of(texts) == [grams(t) for t in texts]


def test_grams_of_the_sentences_of_the_shipped_documents_is_grams_of_each():
    from pathlib import Path

    from policydocs.segment import segment
    from policydocs.store.fts import grams_of

    for path in sorted((Path(__file__).resolve().parents[1] / "corpora").glob("*/*.txt")):
        texts = [s.text for s in segment(path.read_text(encoding="utf-8")).sentences]
        assert grams_of(texts) == [grams(t) for t in texts], path.name


def test_the_letter_table_of_grams_of_is_the_regex_of_grams():
    from policydocs.store.fts import _RUN, _token_table

    table = _token_table()
    assert all(bool(table[c]) == bool(_RUN.match(chr(c))) for c in range(0x10000))


def test_date_tags_whole_years_months_and_day_cuts():
    from policydocs.store.fts import date_tags

    assert date_tags("2023-01-01", "2024-12-31", [2022, 2023, 2024]) == (["year2023", "year2024"], False)
    tags, cuts = date_tags("2023-11-01", None, [2023, 2024])
    assert tags == ["month202311", "month202312", "yearonly2023", "year2024"] and not cuts
    assert date_tags("2024-02-10", "2024-02-29", [2024]) == (["month202402", "yearonly2024"], True)
    assert date_tags(None, "2021-12-31", [2022]) == ([], False)


def test_terminal_output_uses_rich_markup_instead_of_brackets(db, capsys):
    from policydocs.cli_store import _print_hits

    _print_hits(search(db, "专项检查"), rich_output=True)
    out = capsys.readouterr().out
    assert "专项检查" in out and "【" not in out and "[bold" not in out
    assert "期限 2024-12-31" in out


def test_commitments_without_a_figure_are_found_when_asked_and_are_no_checklist_rows(tmp_path):
    from click.testing import CliRunner

    from policydocs.batch import ingest
    from policydocs.cli import cli
    from policydocs.link import linked_targets
    from policydocs.store import search

    doc = tmp_path / "易县2026年卫生健康工作要点.txt"
    doc.write_text("\n".join(["易县2026年卫生健康工作要点", "一、2025年工作回顾", "全面推进县域医共体建设，成效明显。",
                              "二、重点任务", "加快推进县域医共体建设，完善医共体内部管理制度。",
                              "年内新建医共体分院2个。"]), encoding="utf-8")
    db = tmp_path / "p.db"
    assert ingest([doc], db=db).ok
    found = [h.text for h in search(db, "医共体", kind="commitment")]
    assert found == ["加快推进县域医共体建设，完善医共体内部管理制度。"]  # not the review's, not the figure's
    assert [h.text for h in search(db, "医共体", kind="target")] == ["年内新建医共体分院2个。"]
    assert [t.target.record["text"] for t in linked_targets(db, as_of="2026-06-30")] == ["年内新建医共体分院2个"]
    out = CliRunner().invoke(cli, ["search", "医共体", "--kind", "commitment", "--db", str(db)])
    assert out.exit_code == 0 and "完善【医共体】内部管理制度" in out.output
