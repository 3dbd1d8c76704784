"""Generated policy-genre documents for the store benchmarks (ingest speed, search latency).

Bodies mix real sentences of the 政府工作报告 in ``corpora/govreport`` (so word statistics are the
genre's) with templated targets and actuals (到2025年底，…达到90%以上；2023年，全市…1200人次，同比
增长12.5%), responsible-unit notes (（责任单位：市卫生健康委、市医保局）) and the heading ladder of
the genre: ``一、`` / ``（一）`` / ``一是…二是…``. Deterministic for a given seed; nothing from the web.

    python bench/gen_corpus.py OUT_DIR --mb 5        # 5 MB of UTF-8: OUT_DIR/gen_00001.txt ...
    from gen_corpus import documents, sentences
    docs = documents(5_000_000, seed=1)             # [(name, text)], at least 5 MB of UTF-8
    for sent in sentences(1_000_000, seed=1): ...   # single sentences, for the search index
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CITIES = ("宁川市", "清河市", "枫林市", "云溪市", "长宁市", "湖阳市", "江城市", "白沙市", "保定市", "大丰区",
          "易县", "瑞安市", "西塘县", "石埇镇")
CN_NUM = "一二三四五六七八九十"
SECTIONS = ("总体要求", "重点任务", "保障措施", "工作目标", "主要举措", "组织实施", "2024年工作回顾",
            "2025年重点工作")
TOPICS = (
    "推进紧密型县域医共体建设", "深化医保支付方式改革", "加强医保基金监管", "完善分级诊疗制度",
    "提升基层医疗卫生服务能力", "做实家庭医生签约服务", "加强公共卫生服务体系建设", "推动中医药传承创新发展",
    "优化营商环境", "推进乡村振兴", "加快数字政府建设", "健全养老服务体系", "发展普惠性学前教育",
    "建设高标准农田", "完善污水处理设施", "稳定和扩大就业", "深化放管服改革", "强化安全生产监管",
    "推进老旧小区改造", "加强生态环境保护",
)
INDICATORS = (
    ("县域医共体覆盖率", "%", 60, 100), ("基层诊疗量占比", "%", 50, 70), ("县域内就诊率", "%", 85, 95),
    ("家庭医生签约率", "%", 30, 80), ("居民健康素养水平", "%", 20, 35), ("流感疫苗接种率", "%", 40, 70),
    ("乡村医生培训", "人次", 500, 5000), ("标准化村卫生室", "个", 10, 200), ("城镇新增就业", "万人", 1, 20),
    ("高标准农田", "万亩", 5, 50), ("老旧小区改造", "个", 20, 300), ("污水处理率", "%", 85, 98),
    ("医保基金结余", "亿元", 1, 30), ("人均基本公共卫生服务经费补助", "元", 80, 110),
    ("养老机构护理型床位占比", "%", 40, 65), ("普惠性幼儿园覆盖率", "%", 80, 95),
    ("专项检查", "次", 5, 30), ("引进高层次医疗人才", "名", 20, 300), ("互联网医院", "家", 2, 30),
)
UNITS_RESP = ("市卫生健康委", "市医保局", "市财政局", "市人力资源社会保障局", "市发展改革委", "市教育局",
              "市农业农村局", "市住房城乡建设局", "市生态环境局", "市市场监管局", "各县（市、区）人民政府",
              "市医改办", "市数据局")
DEADLINES = ("到2025年底", "2025年底前", "年内", "到2027年", "6月底前", "2026年", "“十四五”期末")
STRENGTH = ("", "", "确保", "力争", "努力", "预计")
COMPARATORS = (("达到", "以上"), ("", "以上"), ("提高到", ""), ("不低于", ""), ("控制在", "以内"),
               ("稳定在", "左右"), ("达到", ""))
FALLBACK = ("坚持以人民健康为中心，推动优质医疗资源扩容下沉和区域均衡布局。",
            "各地要压实责任，细化措施，确保各项任务落地见效。")


_ENUM = re.compile(r"(?:[一二三四五六七八九十]+[是要]|第[一二三四五六七八九十]+|首先|其次|再次|最后)")


def _real_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "corpora" / "govreport").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").splitlines():
            para = para.strip().lstrip("—")
            if len(para) < 20 or re.match(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", para):
                continue
            out.extend(s for s in re.findall(r"[^。！？]+[。！？]", para)
                       if 8 <= len(s) <= 160 and not _ENUM.match(s))
    return out or list(FALLBACK)


class _Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.real = _real_sentences()

    def target(self, city: str) -> str:
        r = self.r
        name, unit, lo, hi = r.choice(INDICATORS)
        value = r.randint(lo, hi) if unit != "%" else r.choice([r.randint(lo, hi), round(r.uniform(lo, hi), 1)])
        before, after = r.choice(COMPARATORS)
        scope = r.choice(("全市", "全县", "全区", city))
        s = f"{r.choice(DEADLINES)}，{r.choice(STRENGTH)}{scope}{name}{before}{value}{unit}{after}"
        if r.random() < 0.3:
            s += f"，{r.choice(TOPICS)}取得明显成效"
        s += "。"
        if r.random() < 0.35:
            units = r.sample(UNITS_RESP, r.randint(1, 3))
            s += f"（责任单位：{'、'.join(units)}）"
        return s

    def actual(self, city: str) -> str:
        r = self.r
        name, unit, lo, hi = r.choice(INDICATORS)
        year = r.choice((2022, 2023, 2024))
        value = r.randint(lo, hi)
        s = f"{year}年，{r.choice(('全市', city, '我市'))}{name}{r.choice(('达到', '完成', '共计', '实现'))}{value}{unit}"
        if r.random() < 0.5:
            s += f"，同比{r.choice(('增长', '下降', '提高'))}{round(r.uniform(0.5, 20), 1)}%"
        return s + "。"

    def paragraph(self, city: str, n: int) -> str:
        r = self.r
        parts = []
        for _ in range(n):
            x = r.random()
            parts.append(self.target(city) if x < 0.18 else self.actual(city) if x < 0.28 else r.choice(self.real))
        return "".join(parts)

    def document(self, k: int) -> str:
        r = self.r
        city = r.choice(CITIES)
        year = r.choice((2023, 2024, 2025))
        kind = r.choice(("通知", "讲话", "报告"))
        if kind == "讲话":
            title = f"在{year}年{city[:-1]}卫生健康暨深化医改工作会议上的讲话"
        elif kind == "报告":
            title = f"{city}人民政府关于{year - 1}年工作情况和{year}年工作安排的报告"
        else:
            title = f"{city}人民政府办公室关于印发{city}{r.choice(TOPICS)}实施方案（{year}—{year + 2}年）的通知"
        lines = [title, f"（{year}年{r.randint(1, 12)}月{r.randint(1, 28)}日）"]
        lines.append(self.paragraph(city, r.randint(2, 5)))
        for i in range(r.randint(2, 5)):
            lines.append(f"{CN_NUM[i]}、{r.choice(SECTIONS)}")
            for j in range(r.randint(1, 4)):
                lines.append(f"（{CN_NUM[j]}）{r.choice(TOPICS)}。" + self.paragraph(city, r.randint(1, 3)))
                if r.random() < 0.6:
                    items = [f"{CN_NUM[m]}是{r.choice(TOPICS)}。" + self.paragraph(city, r.randint(1, 3))
                             for m in range(r.randint(2, 4))]
                    lines.append("".join(items))
                else:
                    lines.append(self.paragraph(city, r.randint(2, 6)))
        return "\n".join(lines) + "\n"


def documents(total_bytes: int, seed: int = 1) -> list[tuple[str, str]]:
    """Documents (name, text) adding up to at least ``total_bytes`` bytes of UTF-8."""
    gen = _Gen(seed)
    out: list[tuple[str, str]] = []
    size = 0
    while size < total_bytes:
        text = gen.document(len(out))
        out.append((f"gen_{len(out) + 1:05d}", text))
        size += len(text.encode("utf-8"))
    return out


def sentences(n: int, seed: int = 1):
    """``n`` single sentences of the genre (targets, actuals, real report sentences)."""
    gen = _Gen(seed)
    r = gen.r
    cities = CITIES
    for _ in range(n):
        x = r.random()
        city = r.choice(cities)
        yield gen.target(city) if x < 0.2 else gen.actual(city) if x < 0.3 else r.choice(gen.real)


def write(out_dir: Path, total_bytes: int, seed: int = 1) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in documents(total_bytes, seed):
        path = out_dir / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of UTF-8 text (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = write(args.out_dir, int(args.mb * 1_000_000), args.seed)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
