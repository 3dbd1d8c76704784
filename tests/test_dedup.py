"""Near-duplicate groups: copies of one speech (other fillings, chrome, previews) share a canonical copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import processed
from policydocs.cli import cli
from policydocs.clean import clean
from policydocs.store import documents, open_db
from policydocs.batch import ingest
from policydocs.store.dedup import all_fingerprints, fingerprints, group, normalise, similar_pairs
from policydocs.batch.rows import build_rows
from policydocs.store.write import remove_document, write_document

ROOT = Path(__file__).resolve().parents[1]

# A county speech written for these tests, as a template site carries it (XX, ×××).
SPEECH = "\n".join([
    "在全县医保基金监管暨深化医改工作会议上的讲话",
    "同志们：",
    "今天，我们召开全县医保基金监管暨深化医改工作会议，主要任务是总结XX年医保基金监管和医改工作，"
    "分析当前面临的形势，安排部署今年的重点任务。刚才，×××同志通报了全县医保基金专项检查情况，"
    "几个单位作了交流发言，讲得都很好，我完全同意。下面，我再讲三点意见。",
    "一、提高站位，充分认识医保基金监管工作的重要性",
    "医保基金是人民群众的“看病钱”“救命钱”，管好用好医保基金，是重大的政治责任和民生责任。"
    "过去一年，XX县医保局在县委、县政府的坚强领导下，开展专项检查12次，检查定点医药机构186家，"
    "追回医保基金560万元，基金运行总体平稳。但也要清醒地看到，欺诈骗保问题仍然易发多发，"
    "个别定点医疗机构诱导住院、虚计费用等问题时有发生，监管能力与形势任务要求还不相适应。",
    "二、突出重点，扎实推进紧密型县域医共体建设",
    "要坚持以人民健康为中心，推动优质医疗资源扩容下沉和区域均衡布局。今年，全县紧密型县域医共体"
    "覆盖率要达到90%以上，县域内就诊率稳定在90%左右，基层诊疗量占比达到65%。各乡镇卫生院要加强"
    "标准化建设，年内新建标准化村卫生室30个，培训乡村医生1200人次，让群众在家门口看得上病、看得好病。",
    "三、压实责任，确保各项任务落地见效",
    "各乡镇、各部门要把医保基金监管和医改工作摆上重要议事日程，主要负责同志要亲自抓、负总责。"
    "县医保局要牵头建立工作台账，每季度调度一次推进情况；县卫生健康局要加强行业监管，"
    "县财政局要保障工作经费。对工作不力、造成严重后果的，要严肃追责问责。",
    "同志们，做好今年的医保基金监管和医改工作，任务艰巨、责任重大。让我们以习近平新时代中国特色"
    "社会主义思想为指导，真抓实干、攻坚克难，为建设健康XX作出新的更大贡献！",
])


def filled(name: str, speaker: str, year: str) -> str:
    """Another office's filling of the template."""
    return (SPEECH.replace("XX年", year).replace("XX县", name).replace("健康XX", "健康" + name[:-1])
            .replace("×××", speaker))


def with_chrome(text: str) -> str:
    title, rest = text.split("\n", 1)
    return "\n".join([f"当前位置：首页 > 范文大全 > 讲话稿 > {title}", title, "时间：2024-03-12 来源：网友投稿",
                      f"下面是小编为大家整理的{title}，供大家参考。", rest,
                      "推荐访问：医保 讲话 工作会议", "版权所有：耀景文档网 2012-2024"])


def preview(text: str, share: float) -> str:
    cut = int(len(text) * share)
    return text[:cut] + f"……（未完，全文共{len(text)}字，当前只显示{cut}字，请阅读下面提示信息。）\n"


# A news item that quotes one paragraph of the speech: not a copy.
NEWS = "\n".join([
    "易县召开医保基金监管暨深化医改工作会议",
    "3月12日，易县召开医保基金监管暨深化医改工作会议。副县长王建国出席并讲话。",
    "会议指出，医保基金是人民群众的“看病钱”“救命钱”，管好用好医保基金，是重大的政治责任和民生责任。",
    "会议要求，各乡镇、各部门要把医保基金监管和医改工作摆上重要议事日程，确保各项任务落地见效。",
])


def copies_of(text_a: str, text_b: str, truncated_b: bool = False) -> bool:
    fa, fb = all_fingerprints([clean(text_a).text, clean(text_b).text])
    return bool(similar_pairs([fa, fb], [False, truncated_b]))


# --- what counts as a copy ---------------------------------------------------------------------

def test_normalised_text_ignores_digits_punctuation_and_placeholder_runs():
    a = "".join(map(chr, normalise("XX市：2024年，×××同志讲话。")))
    b = "".join(map(chr, normalise("XXX市:1999年,××同志讲话")))
    assert a == b


def test_other_fillings_of_the_template_are_copies():
    assert copies_of(SPEECH, filled("易县", "王建国", "2023年"))
    assert copies_of(filled("易县", "王建国", "2023年"), filled("清河县", "李明", "2024年"))


def test_template_chrome_around_a_copy_does_not_matter():
    assert copies_of(filled("易县", "王建国", "2023年"), with_chrome(SPEECH))


def test_a_truncated_preview_joins_only_when_the_page_said_it_was_cut():
    short = preview(SPEECH, 0.35)
    doc = clean(short)
    assert doc.gaps, "the cleaner records the end of the preview"
    assert copies_of(filled("易县", "王建国", "2023年"), short, truncated_b=True)
    # The same third of the text without a truncation notice is an excerpt, not a copy.
    assert not copies_of(filled("易县", "王建国", "2023年"), SPEECH[: len(SPEECH) // 3])


def test_a_news_item_quoting_a_paragraph_is_not_a_copy():
    assert not copies_of(filled("易县", "王建国", "2023年"), NEWS)


def test_the_seeds_and_the_yearly_reports_are_all_different():
    paths = sorted((ROOT / "corpora" / "seeds").glob("*.txt")) + sorted((ROOT / "corpora" / "govreport").glob("*.txt"))
    fps = all_fingerprints([clean(str(p)).text for p in paths])
    assert similar_pairs(fps, [False] * len(fps)) == []


def test_fingerprints_of_many_texts_equal_one_by_one():
    texts = [SPEECH, NEWS, "", "短", filled("易县", "王建国", "2023年")]
    for text, fp in zip(texts, all_fingerprints(texts)):
        assert list(fp) == list(fingerprints(text))


def test_fingerprints_match_the_lexsort_they_replaced():
    import random

    import numpy as np

    from policydocs.store import nearcopies as dedup  # (the algorithm, apart from its SQL)

    def reference_fingerprints(texts):  # the vectorised lexsort by (text, hash) before
        cp, bounds = dedup._stream(texts)
        pos, h = dedup._sampled(cp)
        doc = np.searchsorted(bounds, pos, side="right") - 1
        inside = pos + dedup.SHINGLE <= bounds[doc + 1]
        doc, h = doc[inside], h[inside]
        order = np.lexsort((h, doc))
        doc, h = doc[order], h[order]
        if h.size:
            first = np.concatenate(([True], (h[1:] != h[:-1]) | (doc[1:] != doc[:-1])))
            doc, h = doc[first], h[first]
        cut = np.searchsorted(doc, np.arange(len(texts) + 1))
        return [h[cut[i]:cut[i + 1]] for i in range(len(texts))]

    rnd = random.Random(5)
    texts = [SPEECH, NEWS, "", "短", SPEECH + SPEECH, "XX" * 50] + [
        "".join(rnd.choice("国内生产总值增长就业01") for _ in range(rnd.randrange(0, 400))) for _ in range(60)]
    for got, want in zip(all_fingerprints(texts), reference_fingerprints(texts), strict=True):
        assert got.dtype == want.dtype and np.array_equal(got, want)


# --- the store ---------------------------------------------------------------------------------

def store(tmp_path, docs: dict[str, str], **regions):
    db = open_db(tmp_path / "t.db")
    for doc_id, text in docs.items():
        write_document(db.conn, build_rows(processed(text, doc_id, region=regions.get(doc_id))))
    return db


def canon(db) -> dict[str, str]:
    return dict(db.conn.execute("SELECT doc, canonical FROM documents"))


def test_a_group_gets_one_canonical_copy_the_most_complete_then_the_most_trusted(tmp_path):
    db = store(tmp_path, {"t_full": with_chrome(SPEECH), "t_preview": preview(SPEECH, 0.4), "other": NEWS})
    report = group(db)
    assert (report.groups, report.copies) == (1, 1)
    trust = dict(db.conn.execute("SELECT doc, trust FROM documents"))
    assert trust["t_full"] == trust["t_preview"] == "template"
    assert canon(db) == {"t_full": "t_full", "t_preview": "t_full", "other": "other"}  # the preview has a gap
    # A filled copy (no placeholders, no chrome: unknown source) outranks the template copies.
    write_document(db.conn, build_rows(processed(filled("清河县", "李明", "2024年"), "filled")))
    group(db)
    assert canon(db) == {"t_full": "filled", "t_preview": "filled", "filled": "filled", "other": "other"}


def test_the_highest_trust_copy_is_canonical(tmp_path):
    (tmp_path / "in").mkdir()
    official = tmp_path / "in" / "yixian.txt"
    official.write_text(filled("易县", "王建国", "2023年"), encoding="utf-8")
    (tmp_path / "in" / "yixian.meta.json").write_text(json.dumps({"url": "http://www.yixian.gov.cn/a/1.html"}),
                                                      encoding="utf-8")
    (tmp_path / "in" / "fanwen.txt").write_text(with_chrome(SPEECH), encoding="utf-8")
    (tmp_path / "in" / "preview.txt").write_text(preview(SPEECH, 0.5), encoding="utf-8")
    report = ingest([tmp_path / "in"], db=tmp_path / "t.db")
    assert report.copies == 2 and report.templates == 2
    assert "2 grouped as copies, 2 template sources" in report.summary()
    db = open_db(tmp_path / "t.db")
    assert canon(db) == {"yixian": "yixian", "fanwen": "yixian", "preview": "yixian"}


def test_grouping_again_changes_nothing(tmp_path):
    db = store(tmp_path, {"a": with_chrome(SPEECH), "b": filled("易县", "王建国", "2023年"), "c": NEWS})
    first = group(db)
    before = [dict(r) for r in db["documents"].rows]
    again = group(db)
    assert first.changed and again.changed == []
    assert [dict(r) for r in db["documents"].rows] == before


def test_removing_or_replacing_a_document_regroups(tmp_path):
    db = store(tmp_path, {"a": with_chrome(SPEECH), "b": filled("易县", "王建国", "2023年"),
                          "c": preview(SPEECH, 0.4)})
    group(db)
    assert set(canon(db).values()) == {"b"}  # the filled copy: unknown source beats template
    remove_document(db.conn, "b")
    group(db)
    assert canon(db) == {"a": "a", "c": "a"}
    write_document(db.conn, build_rows(processed(NEWS, "a")))  # a is now another text
    group(db)
    assert canon(db) == {"a": "a", "c": "c"}


def fingerprint_rows(db) -> dict[str, tuple]:
    return {doc: (version, chars, shingles) for doc, version, chars, shingles in db.conn.execute(
        "SELECT d.doc, f.version, f.chars, f.shingles FROM fingerprints f JOIN documents d ON d.id = f.document_id")}


def test_each_document_is_written_with_its_fingerprint_and_grouping_hashes_no_text(tmp_path, monkeypatch):
    from policydocs.store import dedup

    docs = {"a": with_chrome(SPEECH), "b": filled("易县", "王建国", "2023年"), "c": preview(SPEECH, 0.4), "d": NEWS}
    db = store(tmp_path, docs)
    texts = dict(db.conn.execute("SELECT doc, text FROM documents"))
    assert fingerprint_rows(db) == {d: (dedup.FINGERPRINT_VERSION, len(t), fingerprints(t).tobytes())
                                    for d, t in texts.items()}

    def no_hashing(texts):
        raise AssertionError("grouping hashed a stored text again")

    monkeypatch.setattr(dedup, "all_fingerprints", no_hashing)
    group(db)
    assert canon(db) == {"a": "b", "b": "b", "c": "b", "d": "d"}


@pytest.mark.parametrize("damage", [
    "DELETE FROM fingerprints",  # a database written before fingerprints were stored
    "UPDATE fingerprints SET version = 0, chars = 1, shingles = x'00'",  # made by an older dedup
    "UPDATE fingerprints SET shingles = x'0102030405'",  # damaged
])
def test_missing_or_outdated_fingerprints_are_computed_again_from_the_texts(tmp_path, damage, monkeypatch):
    from policydocs.store import dedup

    monkeypatch.setattr(dedup, "_FILL_CHUNK", 3)  # four documents: read and hashed in two parts
    docs = {"a": with_chrome(SPEECH), "b": filled("易县", "王建国", "2023年"), "c": preview(SPEECH, 0.4), "d": NEWS}
    db = store(tmp_path, docs)
    written = fingerprint_rows(db)
    db.conn.execute(damage)
    group(db)
    assert canon(db) == {"a": "b", "b": "b", "c": "b", "d": "d"}
    assert fingerprint_rows(db) == written
    again = group(db)
    assert again.changed == [] and fingerprint_rows(db) == written


def test_a_removed_or_replaced_document_leaves_no_fingerprint_behind(tmp_path):
    db = store(tmp_path, {"a": with_chrome(SPEECH), "b": NEWS})
    old = fingerprint_rows(db)["a"]
    write_document(db.conn, build_rows(processed(filled("易县", "王建国", "2023年"), "a")))  # a new version of a
    remove_document(db.conn, "b")
    rows = db.conn.execute("SELECT count(*) FROM fingerprints").fetchone()[0]
    assert rows == 1 and fingerprint_rows(db)["a"] != old


def test_a_fingerprint_left_without_its_document_does_not_block_storing_it(tmp_path):
    # e.g. a document row deleted by hand or by a tool that does not enforce foreign keys
    db = store(tmp_path, {"a": NEWS})
    db.conn.execute("PRAGMA foreign_keys = OFF")
    db.conn.execute("DELETE FROM documents")
    db.conn.execute("PRAGMA foreign_keys = ON")
    write_document(db.conn, build_rows(processed(NEWS, "a")))
    assert list(fingerprint_rows(db)) == ["a"] and db.conn.execute("SELECT count(*) FROM fingerprints").fetchone() == (1,)


def test_two_real_offices_giving_the_same_speech_are_not_one_document(tmp_path):
    """Same words, different jurisdictions, neither from a template site: two commitments."""
    db = store(tmp_path, {"yixian": filled("易县", "王建国", "2023年"), "qinghe": filled("清河县", "李明", "2023年"),
                          "tpl": SPEECH},
               yixian="易县", qinghe="清河县")
    assert dict(db.conn.execute("SELECT doc, trust FROM documents"))["yixian"] == "unknown"
    group(db)
    got = canon(db)
    assert got["yixian"] != got["qinghe"]  # the template copy joins one of them, never both
    assert got["tpl"] in ("yixian", "qinghe")


def test_old_rows_without_trust_or_canonical_are_filled(tmp_path):
    db = store(tmp_path, {"a": SPEECH, "b": NEWS})
    db.conn.execute("UPDATE documents SET trust = NULL, trust_rank = NULL, trust_reason = NULL, canonical = NULL")
    group(db)
    rows = {r["doc"]: r for r in db["documents"].rows}
    assert rows["a"]["trust"] == "template" and "placeholders" in rows["a"]["trust_reason"]
    assert rows["b"]["trust"] == "unknown" and rows["b"]["canonical"] == "b"


# --- listing -----------------------------------------------------------------------------------

def test_documents_lists_trust_canonical_and_statements(tmp_path):
    db = store(tmp_path, {"a": with_chrome(SPEECH), "b": filled("易县", "王建国", "2023年"), "c": NEWS})
    group(db)
    rows = {r.doc: r for r in documents(db)}
    assert rows["a"].trust_label == "范文网站" and rows["a"].canonical == "b" and not rows["a"].is_canonical
    assert rows["b"].trust_label == "未知来源" and rows["b"].is_canonical and rows["b"].copies == 1
    assert rows["a"].copies == 1 and rows["c"].copies == 0 and rows["c"].statements == 0
    order = [r.doc for r in documents(db)]
    assert order.index("a") == order.index("b") + 1  # a copy right under its canonical copy


def test_cli_documents_prints_a_table_and_json(tmp_path):
    db = store(tmp_path, {"a": with_chrome(SPEECH), "b": filled("易县", "王建国", "2023年")})
    db.conn.close()
    path = str(tmp_path / "t.db")
    runner = CliRunner()
    out = runner.invoke(cli, ["documents", "--db", path, "--regroup"])
    assert out.exit_code == 0, out.output
    assert "范文网站" in out.output and "copy of b" in out.output
    js = runner.invoke(cli, ["documents", "--db", path, "--json"])
    data = json.loads(js.stdout)
    assert {d["doc"]: d["canonical"] for d in data} == {"a": "b", "b": "b"}
    assert all(d["trust_reason"] for d in data)


def test_cli_documents_without_a_database_is_a_one_line_error(tmp_path):
    out = CliRunner().invoke(cli, ["documents", "--db", str(tmp_path / "none.db")])
    assert out.exit_code == 2 and "no database" in out.output


@pytest.mark.parametrize("n", [300])
def test_grouping_scales_without_comparing_all_pairs(n, monkeypatch):
    """Unrelated documents never reach the full comparison: candidates come from the index."""
    import random

    from policydocs.store import nearcopies as dedup  # (the algorithm, apart from its SQL)

    r = random.Random(1)
    words = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    texts = ["".join(r.choice(words) for _ in range(600)) for _ in range(n)]
    texts += [texts[0][:400], texts[1] + "谢谢大家"]
    calls = []
    real = dedup._compare
    monkeypatch.setattr(dedup, "_compare", lambda a, b: calls.append(1) or real(a, b))
    pairs = similar_pairs(all_fingerprints(texts), [False] * n + [True, False])
    assert {(a, b) for a, b, _ in pairs} == {(0, n), (1, n + 1)}
    assert len(calls) < 10


def test_a_short_preview_joins_its_best_match_only():
    """A preview much shorter than the texts it is found in must not chain them into one group."""
    import random

    r = random.Random(2)
    words = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    opening = SPEECH[:420]
    one = opening + "".join(r.choice(words) for _ in range(1500))
    two = opening[:400] + "".join(r.choice(words) for _ in range(1500))
    pairs = similar_pairs(all_fingerprints([one, two, opening]), [False, False, True])
    assert [(a, b) for a, b, _ in pairs] == [(0, 2)]


def test_search_gives_one_hit_per_sentence_of_a_group_of_copies(tmp_path):
    """A speech republished by template sites is found once, as its canonical copy, with its copies named."""
    from policydocs.store import search

    db = store(tmp_path, {"t_full": with_chrome(SPEECH), "t_preview": preview(SPEECH, 0.4), "other": NEWS})
    group(db)
    hits = search(db, "医保基金专项检查")
    assert [(h.doc, h.copies, h.trust) for h in hits] == [("t_full", ["t_preview"], "template")]
    every = search(db, "医保基金专项检查", all_copies=True)
    assert sorted(h.doc for h in every) == ["t_full", "t_preview"] and all(h.copies == [] for h in every)
    out = CliRunner().invoke(cli, ["search", "医保基金专项检查", "--db", str(tmp_path / "t.db")])
    assert out.exit_code == 0 and out.output.count("医保基金专项检查") == 1
    assert "范文网站" in out.output and "另有1份副本" in out.output


def test_copies_found_a_slice_of_the_hash_space_at_a_time_are_those_found_at_once():
    """A store too big for its fingerprints to be held at once counts document frequencies in
    several passes (nearcopies.pairs_of): the pairs, and their order, must not change."""
    import random

    import numpy as np

    rnd = random.Random(7)
    bases = [np.array([rnd.getrandbits(61) for _ in range(rnd.randrange(20, 300))], dtype=np.uint64)
             for _ in range(6)]
    fps = []
    for _ in range(120):
        base = bases[rnd.randrange(len(bases))]
        kept = base[np.array([rnd.random() < rnd.choice((0.4, 0.8, 1.0)) for _ in base], dtype=bool)]
        extra = np.array([rnd.getrandbits(61) for _ in range(rnd.randrange(0, 30))], dtype=np.uint64)
        fps.append(np.unique(np.concatenate([kept, extra])))
    truncated = [rnd.random() < 0.2 for _ in fps]
    once = similar_pairs(fps, truncated, max_df=10)
    assert len(once) > 100  # (copies are there to find, stock shingles and previews among them)
    for parts in (2, 5):
        assert similar_pairs(fps, truncated, max_df=10, partitions=parts) == once


def _random_store(seed: int, n: int = 120):
    """Fingerprints of ``n`` documents drawn from six texts (parts kept, some added), some truncated."""
    import random

    import numpy as np

    rnd = random.Random(seed)
    bases = [np.array([rnd.getrandbits(61) for _ in range(rnd.randrange(20, 300))], dtype=np.uint64)
             for _ in range(6)]
    fps = []
    for _ in range(n):
        base = bases[rnd.randrange(len(bases))]
        kept = base[np.array([rnd.random() < rnd.choice((0.4, 0.8, 1.0)) for _ in base], dtype=bool)]
        extra = np.array([rnd.getrandbits(61) for _ in range(rnd.randrange(0, 30))], dtype=np.uint64)
        fps.append(np.unique(np.concatenate([kept, extra])))
    return rnd, fps, [rnd.random() < 0.2 for _ in fps]


def test_candidates_are_the_pairs_sharing_enough_index_shingles():
    """The blocks of the sparse product (postings built by counting) find the pairs a dense
    documents × index shingles product finds."""
    import numpy as np

    from policydocs.store import nearcopies, shingleindex

    _, fps, truncated = _random_store(11)
    sizes = np.array([f.size for f in fps])
    ok = sizes >= nearcopies.MIN_SHINGLES
    index = shingleindex.index_shingles(nearcopies.Held(fps), ok, 10, 1)
    dense = np.array([np.isin(index, f) & o for f, o in zip(fps, ok)], dtype=np.int64)
    shared = dense @ dense.T
    k = dense.sum(axis=1)
    want = set()
    for a in range(len(fps)):
        for b in range(a + 1, len(fps)):
            c, ratio, shorter = nearcopies._compare(fps[a], fps[b])
            est = shared[a, b] / max(min(k[a], k[b]), 1)
            if shared[a, b] and est >= nearcopies.CANDIDATE * nearcopies.CONTAINMENT and ratio >= nearcopies.MIN_RATIO \
                    and c >= nearcopies.CONTAINMENT:
                want.add((a, b))
    got = {(a, b) for a, b, _ in similar_pairs(fps, [False] * len(fps), max_df=10)}
    assert len(want) > 100 and got == want


def test_pairs_that_claim_different_regions_or_years_are_not_compared_and_group_alike():
    """Leaving out the pairs no group may hold (nearcopies.Apart) changes no group: not even a
    preview's, whose best match is still chosen among every candidate."""
    from policydocs.store import nearcopies

    for seed in range(4):
        rnd, fps, truncated = _random_store(seed)
        docs = [{"trust": rnd.choice(["template", "portal", "portal"]), "region": rnd.choice(["", "易县", "定兴县"]),
                 "date": rnd.choice(["", "2023-05-01", "2024-05-01"]), "year": None} for _ in fps]
        apart = nearcopies.Apart(docs)
        every = similar_pairs(fps, truncated, max_df=10)
        fewer = similar_pairs(fps, truncated, max_df=10, apart=apart)
        assert len(fewer) < len(every)
        assert nearcopies._components(docs, fewer) == nearcopies._components(docs, every)


def test_small_blocks_of_the_candidate_product_find_the_same_pairs(monkeypatch):
    """Documents that share common shingles with many others are multiplied a few at a time
    (shingleindex.blocks, so that memory stays bounded): the pairs, and their order, are the same."""
    from policydocs.store import nearcopies, shingleindex

    _, fps, truncated = _random_store(3)
    once = similar_pairs(fps, truncated, max_df=10)
    seen = []
    real = shingleindex.blocks
    monkeypatch.setattr(shingleindex, "BLOCK_WORK", 200)
    monkeypatch.setattr(nearcopies, "blocks", lambda *a: seen.append(real(*a)) or seen[-1])
    assert similar_pairs(fps, truncated, max_df=10) == once
    blocks = seen[0]
    assert len(blocks) > 20 and blocks[0][0] == 0 and blocks[-1][1] == len(fps)
    assert all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))  # every document, once, in order
