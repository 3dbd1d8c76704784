"""A large policydocs database for the web app's benchmark: 1M sentences, 100k statements, linked.

Documents of the genre written through the store's own writer (``write_document``): a title, a
date, a county or city, a heading tree (一、 / （一）), 200 sentences of which about 10 carry a
target (医共体覆盖率达到95%以上, 到2026年底; some with 责任单位) and 10 an actual of the year before,
the rest real sentences of the 政府工作报告 (``gen_corpus``). Every statement has a stable key, so
``link`` links them and reviews can be made, as on a database built by ``ingest``. The extraction
is not what is measured, so the statements are written as generated, not extracted.

    python bench/web_corpus.py /work/benchdb/web.db [--sentences 1000000] [--statements 100000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

from gen_corpus import _real_sentences  # noqa: E402

from policydocs.store import fts, open_db  # noqa: E402
from policydocs.store.rows import DocRows  # noqa: E402
from policydocs.store.write import write_document  # noqa: E402

COUNTIES = ("易县", "涞水县", "定兴县", "顺平县", "唐县", "望都县", "曲阳县", "阜平县", "博野县", "蠡县", "高阳县",
            "安新县", "雄县", "容城县", "清苑区", "满城区", "徐水区", "莲池区", "竞秀区", "涿州市", "安国市",
            "高碑店市", "保定市", "大丰区", "西塘县", "瑞安市", "宁川市", "清河县", "枫林县", "云溪县")
INDICATORS = (  # indicator, unit, low, high, comparator words (before, after, comparator)
    ("紧密型县域医共体覆盖率", "%", 80, 100, ("达到", "以上", ">=")),
    ("县域内就诊率", "%", 85, 95, ("达到", "以上", ">=")),
    ("家庭医生签约服务覆盖率", "%", 40, 80, ("提高到", "", "=")),
    ("基层诊疗量占比", "%", 55, 70, ("达到", "", "=")),
    ("城镇新增就业", "人", 3000, 20000, ("", "以上", ">=")),
    ("城镇调查失业率", "%", 5, 6, ("控制在", "以内", "<=")),
    ("新建标准化村卫生室", "个", 10, 200, ("", "", "=")),
    ("培训乡村医生", "人次", 500, 5000, ("", "", "=")),
    ("高标准农田", "万亩", 5, 50, ("新建", "", "=")),
    ("老旧小区改造", "个", 20, 300, ("完成", "", "=")),
    ("一般公共预算收入", "亿元", 10, 60, ("达到", "", "=")),
    ("养老机构护理型床位占比", "%", 40, 65, ("达到", "以上", ">=")),
)
UNITS = ("县卫生健康局", "县医保局", "县财政局", "县人力资源社会保障局", "县发展改革局", "县农业农村局",
         "县住房城乡建设局", "县医共体牵头医院", "各乡镇人民政府")
SECTIONS = (("一、", "2025年工作回顾"), ("二、", "2026年主要目标"), ("三、", "重点任务"), ("四、", "保障措施"))
SUBS = ("（一）", "（二）", "（三）")
TOPICS = ("推进紧密型县域医共体建设", "深化医保支付方式改革", "稳定和扩大就业", "提升基层医疗卫生服务能力",
          "建设高标准农田", "推进老旧小区改造")


def _key(*parts) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def document(d: int, r: random.Random, real: list[str], per_doc: int, statements: int) -> DocRows:
    region = COUNTIES[d % len(COUNTIES)]
    year = 2022 + (d // len(COUNTIES)) % 5
    date = f"{year}-{r.randint(1, 3):02d}-{r.randint(1, 28):02d}"
    title = f"{region}{year}年政府工作报告" if d % 3 else f"在{region}{year}年卫生健康暨深化医改工作会议上的讲话"
    text_parts, sentences, stmts, grams, tags, sections = [], [], [], [], [], []
    pos = 0

    def add(line: str) -> int:
        nonlocal pos
        start = pos
        text_parts.append(line)
        pos += len(line)
        return start

    add(title + "\n")
    n_targets = statements // 2
    kinds = ["target"] * n_targets + ["actual"] * (statements - n_targets)
    kinds += [None] * (per_doc - len(kinds))
    r.shuffle(kinds)
    # the review section (一、) holds the actuals, the others the targets: sort kinds by section
    per_section = per_doc // len(SECTIONS)
    order = sorted(kinds, key=lambda k: 0 if k == "actual" else 1 if k is None else 2)
    if len(order) > per_doc:
        order = order[:per_doc]
    i = 0
    for s_idx, (marker, heading) in enumerate(SECTIONS):
        top = len(sections)
        h_start = add(f"{marker}{heading}\n")
        sections.append([top, 1, marker, heading, h_start, 0, None])
        for sub in range(len(SUBS)):
            sub_title = f"{TOPICS[(d + s_idx + sub) % len(TOPICS)]}"
            sub_idx = len(sections)
            sh_start = add(f"{SUBS[sub]}{sub_title}\n")
            sections.append([sub_idx, 2, SUBS[sub], sub_title, sh_start, 0, top])
            path = json.dumps([f"{marker}{heading}", f"{SUBS[sub]}{sub_title}"], ensure_ascii=False)
            count = per_section // len(SUBS) + (per_section % len(SUBS) if sub == len(SUBS) - 1 else 0)
            if s_idx == len(SECTIONS) - 1 and sub == len(SUBS) - 1:
                count = per_doc - i
            para = []
            for _ in range(count):
                kind = order[i] if i < len(order) else None
                name, unit, lo, hi, (before, after, comparator) = r.choice(INDICATORS)
                value = r.randint(lo, hi)
                responsible = []
                if kind == "target":
                    deadline = f"{year if r.random() < 0.5 else year + 1}-{r.choice((6, 12)):02d}-{30 if r.random() < .5 else 31}"
                    deadline = deadline.replace("-06-31", "-06-30").replace("-12-30", "-12-31")
                    when = f"到{deadline[:4]}年底" if deadline.endswith("12-31") else f"{deadline[:4]}年6月底前"
                    clause = f"{name}{before}{value}{unit}{after}"
                    sentence = f"{when}，全县{clause}。"
                    if r.random() < 0.4:
                        responsible = r.sample(UNITS, r.randint(1, 2))
                        sentence += f"（责任单位：{'、'.join(responsible)}）"
                    period = None
                elif kind == "actual":
                    comparator, deadline, period = "=", None, str(year - 1)
                    value = round(value * r.uniform(0.8, 1.1)) if unit != "%" else round(value * r.uniform(0.9, 1.05), 1)
                    clause = f"{name}{value}{unit}"
                    sentence = f"{year - 1}年，全县{clause}，同比提高{round(r.uniform(0.5, 9), 1)}个百分点。"
                else:
                    clause, sentence = None, r.choice(real)
                start = pos + sum(len(p) for p in para)
                para.append(sentence)
                sentences.append((i, sub_idx, start, start + len(sentence), path,
                                  1 if kind is None and "医共体" in sentence else 0))
                if kind:
                    c_start = start + sentence.index(clause)
                    stmts.append((i, _key(d, i), f"w{d:05d}", kind, clause, name, float(value), None, unit,
                                  comparator, deadline, period, json.dumps(responsible, ensure_ascii=False),
                                  "firm" if kind == "target" and r.random() < .3 else None, region,
                                  c_start, c_start + len(clause), path, 1.0,
                                  int(deadline[:4]) if deadline else None))
                grams.append(fts.grams(sentence))
                tags.append(fts.tags([kind] if kind else (["commitment"] if "医共体" in sentence else []),
                                     [region], year, date))
                i += 1
            add("".join(para) + "\n")
            sections[sub_idx][5] = pos
        sections[top][5] = pos
    text = "".join(text_parts)
    doc = f"w{d:05d}"
    return DocRows(doc, hashlib.sha256(text.encode()).hexdigest(), f"{doc}.txt",
                   {"doc": doc, "source": f"/data/收文/{doc}.txt", "title": title, "date": date, "year": year,
                    "region": region, "issuer": f"{region}人民政府", "site": None, "format": "text",
                    "encoding": "utf-8", "text": text, "flags": "[]", "gaps": "[]", "trust": "official",
                    "trust_rank": 3, "trust_reason": "bench", "page_date": None},
                   [tuple(s) for s in sections], sentences, stmts, "\n".join(grams), tags)


def build(path: Path, n_sentences: int = 1_000_000, n_statements: int = 100_000, per_doc: int = 200) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = open_db(path)
    r = random.Random(19)
    real = [s for s in _real_sentences() if len(s) < 120]
    docs = n_sentences // per_doc
    started = time.perf_counter()
    for d in range(docs):
        write_document(db.conn, document(d, r, real, per_doc, n_statements // docs))
        if d % 500 == 0:
            print(f"  {d} of {docs} documents, {time.perf_counter() - started:.0f}s", file=sys.stderr)
    from policydocs.link import link

    report = link(db, force=True)
    print(f"  {report.summary()}", file=sys.stderr)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--statements", type=int, default=100_000)
    args = ap.parse_args()
    seconds = build(args.db, args.sentences, args.statements)
    print(f"built {args.db}: {args.sentences:,} sentences, {args.statements:,} statements in {seconds:.0f}s")


if __name__ == "__main__":
    main()
