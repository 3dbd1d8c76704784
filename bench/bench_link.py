"""Benchmark: `policydocs link` on generated statements, 10k / 30k / 100k, on one core.

    python bench/bench_link.py [--sizes 10000 30000 100000] [--keep DIR]

Generates documents of the genre (100 statements each: half targets for the year, half actuals
for the year before, as a government work report has), over 100 jurisdictions and ten years,
with realistic indicators, units and figures, written straight into a policydocs database (the
extraction is not what is measured). Times ``link(db, force=True)`` and prints a table and the
growth exponent (slope of log time over log statements; 1 is linear, 2 quadratic).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from policydocs.link import link  # noqa: E402
from policydocs.store.db import open_db  # noqa: E402

INDICATORS = [  # (indicator, unit, typical value, target comparator)
    ("地区生产总值增长", "%", 6.5, "~"), ("居民消费价格涨幅", "%", 3, "~"), ("城镇新增就业", "人", 80000, ">="),
    ("城镇登记失业率", "%", 4.5, "<="), ("城镇调查失业率", "%", 5.5, "<="), ("单位地区生产总值能耗下降", "%", 3, ">="),
    ("一般公共预算收入增长", "%", 6, "~"), ("固定资产投资增长", "%", 8, "~"), ("社会消费品零售总额增长", "%", 7, "~"),
    ("城乡居民人均可支配收入增长", "%", 6.5, "~"), ("粮食产量", "吨", 3000000, ">="), ("森林覆盖率", "%", 35, "="),
    ("空气质量优良天数比率", "%", 80, ">"), ("细颗粒物平均浓度", "微克/立方米", 40, "<="),
    ("县域医共体覆盖率", "%", 90, ">="), ("新建标准化村卫生室", "个", 300, "="), ("家庭医生签约服务人数", "人", 1200000, "="),
    ("居民健康素养水平", "%", 28, "="), ("棚户区住房改造", "套", 20000, "="), ("农村危房改造", "户", 5000, "="),
    ("新建改建农村公路", "公里", 1500, "="), ("新增高标准农田", "亩", 500000, ">="), ("进出口总额增长", "%", 5, "~"),
    ("实际使用外资", "美元", 800000000, ">="), ("研发经费投入强度", "%", 2.5, "="), ("高新技术企业", "家", 1200, ">="),
    ("新增城镇就业困难人员就业", "人", 5000, "="), ("职业技能培训", "人次", 100000, ">="),
    ("新建幼儿园", "所", 50, "="), ("新增学位", "个", 20000, "="), ("养老机构床位", "张", 8000, "="),
    ("城镇化率", "%", 60, "="), ("化学需氧量排放量下降", "%", 2, "="), ("药品采购成本下降", "%", 10, ">="),
    ("旅游接待人数", "人次", 50000000, ">="), ("新增减税降费", "元", 5000000000, ">="), ("专项债券", "元", 20000000000, "="),
    ("造林绿化", "亩", 100000, ">="), ("污水处理率", "%", 95, ">="), ("重大项目开工", "个", 100, ">="),
]
PREFIXES = ["全市", "全年", "今年", "", "力争", "确保", "全区", "年内"]
ACT_PREFIXES = ["全年", "", "比上年", "累计", "全市"]


def regions(n: int) -> list[str]:
    cities = "保定 石家庄 唐山 邯郸 邢台 沧州 廊坊 衡水 承德 张家口 太原 大同 长治 晋中 运城 临汾 盐城 南通 扬州 镇江".split()
    return [f"{cities[i % len(cities)]}{'市' if i < len(cities) else f'{i}县'}" for i in range(n)]


def statements_of(doc: str, region: str, year: int, n: int, rng: random.Random):
    half = n // 2
    for kind, count in (("target", half), ("actual", n - half)):
        for i in range(count):
            ind, unit, typical, cmp_ = INDICATORS[rng.randrange(len(INDICATORS))]
            value = round(typical * rng.uniform(0.7, 1.3), 1 if typical < 100 else 0)
            shown = f"{value:g}{unit}"
            if kind == "target":
                text = f"{rng.choice(PREFIXES)}{ind}{'达到' if cmp_ != '<=' else '控制在'}{shown}{'以上' if cmp_ == '>=' else ''}"
                yield (kind, text, ind, value, unit, cmp_, f"{year}-12-31", None)
            else:
                text = f"{rng.choice(ACT_PREFIXES)}{ind}{shown}"
                yield (kind, text, ind, value, unit, "=", None, str(year - 1))


def build(path: Path, n_statements: int, *, per_doc: int = 100, n_regions: int = 100, seed: int = 7) -> None:
    rng = random.Random(seed)
    db = open_db(path)
    conn = db.conn
    names = regions(n_regions)
    n_docs = max(1, n_statements // per_doc)
    n_regions = max(1, min(n_regions, n_docs // 10))  # ten years of documents per jurisdiction
    conn.execute("BEGIN")
    sid = 0
    for d in range(n_docs):
        region = names[d % n_regions]
        year = 2015 + (d // n_regions) % 10
        doc = f"{region}{year}年政府工作报告_{d}"
        doc_id = hashlib.sha256(doc.encode()).hexdigest()
        conn.execute("INSERT INTO documents(id, doc, source, title, date, year, region, trust, canonical)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, 'official', ?)",
                     [doc_id, doc, f"{doc}.txt", doc, f"{year}-02-{1 + d % 27:02d}", year, region, doc])
        rows = []
        for k, (kind, text, ind, value, unit, cmp_, deadline, period) in enumerate(
                statements_of(doc, region, year, per_doc, rng)):
            sid += 1
            key = hashlib.sha1(f"{doc}|{k}".encode()).hexdigest()[:16]
            rows.append((sid, doc_id, doc, kind, text, ind, value, unit, cmp_, deadline, period, "[]", region,
                         k * 20, k * 20 + len(text), json.dumps(["一、主要目标"], ensure_ascii=False),
                         int(deadline[:4]) if deadline else None, key))
        conn.executemany(
            "INSERT INTO statements(id, document_id, doc, kind, text, indicator, value, unit, comparator, deadline,"
            " period, responsible, region, start, \"end\", section_path, deadline_year, key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--keep", type=Path, help="Keep the generated databases in this directory.")
    args = ap.parse_args(argv)
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="bench_link_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        path = out_dir / f"link_{n}.db"
        if path.exists():
            path.unlink()
        t0 = time.perf_counter()
        build(path, n)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = link(path, force=True)
        secs = time.perf_counter() - t0
        results.append((n, secs, report))
        print(f"built {n} statements in {built:.1f}s; {report.summary()}", file=sys.stderr)
    print("| statements | documents | targets linked | links | link seconds | statements/s |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, secs, r in results:
        print(f"| {n:,} | {n // 100:,} | {r.linked:,} of {r.targets:,} | {r.links:,} | {secs:.1f} | {n / secs:,.0f} |")
    if len(results) >= 2:
        xs = [math.log(n) for n, _, _ in results]
        ys = [math.log(s) for _, s, _ in results]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        print(f"\ngrowth exponent {slope:.2f} (1 = linear, 2 = quadratic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
