"""Speed of the checklist (台账) renderers on generated rows: rows/s per format, one core.

Generates N LinkedTarget objects in the genre (indicators, figures with 万/亿, deadlines, units,
sentences of ~60–120 characters, all five statuses), then times, single-threaded, best of
``--repeat``: building the rows (``rows_from_targets``) and writing each format to a temp file.
The linker is not involved: this measures the report stage alone.

    python bench/bench_checklist.py [--rows 10000] [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

from policydocs.link.model import STATUSES, LinkedTarget, StatementRef  # noqa: E402
from policydocs.report import FORMATS, Checklist, rows_from_targets, write  # noqa: E402

INDICATORS = [("紧密型县域医共体覆盖率", "%"), ("家庭医生签约服务覆盖率", "%"), ("基层诊疗量占比", "%"),
              ("培训乡村医生", "人次"), ("新建标准化村卫生室", "个"), ("城镇新增就业", "人"),
              ("医保基金结余", "元"), ("居民人均可支配收入", "元"), ("城镇调查失业率", "%"), ("单位GDP能耗下降", "%")]
UNITS = ["市卫生健康委", "市医保局", "市财政局", "各县(市、区)", "市人社局", "市发展改革委"]
TRUSTS = ["official", "official", "news", "unknown", "template"]
FILLER = "坚持以人民健康为中心，推动优质医疗资源扩容下沉和区域均衡布局，加快构建分级诊疗格局，"


def _ref(rng: random.Random, i: int, kind: str, indicator: str, unit: str, value: float) -> StatementRef:
    year = 2019 + i % 6 + (kind == "actual")
    text = f"{indicator}达到{value:g}{unit}"
    sentence = FILLER[: rng.randint(20, len(FILLER))] + text + "。"
    record = {"doc": f"{kind}_{i:05d}", "kind": kind, "text": text, "indicator": indicator, "value": value,
              "value_max": value + 1 if rng.random() < 0.1 else None, "unit": unit,
              "comparator": rng.choice([">=", "=", "~", "<=", ">"]),
              "deadline": f"{year}-12-31" if kind == "target" else None,
              "period": str(year - 1) if kind == "actual" else None,
              "responsible": rng.sample(UNITS, rng.randint(0, 2)), "strength": "plan", "region": "保定市"}
    return StatementRef(id=i, key=f"{i:016x}", record=record, start=0, end=len(text), sentence=sentence,
                        section_path=["二、重点任务", f"（{i % 9 + 1}）推进{indicator}工作"],
                        doc_title=f"保定市{year}年深化医药卫生体制改革重点工作任务", doc_date=f"{year}-03-01",
                        doc_year=year, doc_region="保定市", trust=rng.choice(TRUSTS))


def generate(n: int, seed: int = 7) -> list[LinkedTarget]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        indicator, unit = rng.choice(INDICATORS)
        value = rng.choice([90, 75, 6.5, 1200, 30, 12_000_000, 1_250_000_000, 3.5])
        t = _ref(rng, i, "target", indicator, unit, value)
        status = rng.choice(STATUSES)
        has_actual = status in ("已完成", "未完成", "进展中")
        a = _ref(rng, i, "actual", indicator, unit, round(value * rng.uniform(0.6, 1.2), 1)) if has_actual else None
        out.append(LinkedTarget(t, a, status, share=rng.uniform(0.5, 1.3) if a else None,
                                score=rng.random() if a else None, reasons=["同一指标", "单位一致"][: rng.randint(0, 2)]))
    return out


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    targets = generate(args.rows, args.seed)
    t = _best(lambda: rows_from_targets(targets), args.repeat)
    sheet = Checklist(rows_from_targets(targets), "2024-06-30", {"region": "保定市"})
    print(f"{args.rows} rows, best of {args.repeat}, one core")
    print("| stage | seconds | rows/s | file size |")
    print("|---|---:|---:|---:|")
    print(f"| build rows | {t:.3f} | {args.rows / t:,.0f} | |")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            out = Path(tmp) / f"台账.{fmt}"
            t = _best(lambda: write(sheet, out, fmt), args.repeat)
            print(f"| write {fmt} | {t:.3f} | {args.rows / t:,.0f} | {out.stat().st_size / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
