"""Generated copies of the shipped real reports, for the scale benchmark (bench/bench_scale.py).

Each document is a part of one of the 16 work reports of ``corpora/govreport`` and
``corpora/provincial2026`` (round robin): its head (title, subtitle, the page's lines) and 10-40
consecutive paragraphs of its body, about a quarter of the report (most of what a province's
offices publish is shorter than a whole work report; whole reports would also make the 100,000
document store ~50 GB), as another jurisdiction would have written it in another year:

* **region**: a generated county or city name (``REGIONS`` of them in all, about one per hundred
  documents, so that a jurisdiction has a few reports a year whatever N is), written in the
  sidecar ``.meta.json`` and in place of the source's own province name in the text;
* **year**: every year in the text shifted by the same number of years (the sidecar gives the date);
* **figures**: every other number scaled by a factor of the document (0.8-1.25, decimals kept);
* **stock text**: in sentences without a figure, one CJK character in four is replaced by another
  of the source's characters. Without it the corpus would be ~N/16 copies of each report's
  wording, which near-duplicate grouping compares pair by pair (they never group: their regions
  and years differ); a real province's 100,000 documents are mostly different texts. Sentences
  with a figure (the targets and actuals that are stored and linked) are left as they were.

Deterministic for (seed, N, index).

    python bench/gen_scale.py OUT_DIR -n 1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("govreport", "provincial2026")
_FIRST = "青临安平永宁长兴东西南北新清白云龙华泰和丰乐江河山湖川海阳明德福"
_SECOND = "川河山林溪原州城阳丰宁江口水岭桥湾坪源塘安定远昌"
_SUFFIX = ("县", "市", "区")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_NUMBER = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?![\d.]|\s*[月日号时届])")
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?|\n")
# (a figure: Arabic digits, or a Chinese numeral that counts something)
_FIGURE = re.compile(r"[0-9０-９%％]|百分之|翻一番|[一二三四五六七八九十百千万亿两]+[个项家所名人座条倍成]")
_FIRST_HEADING = re.compile(r"^\s*一、")  # (where a report's body begins: its head is kept)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def region_name(k: int) -> str:
    a, b = divmod(k, len(_SECOND))
    a, c = divmod(a, len(_FIRST))
    return _FIRST[c] + _SECOND[b] + _SUFFIX[a % len(_SUFFIX)] + ("" if a < len(_SUFFIX) else str(a // len(_SUFFIX)))


@lru_cache(maxsize=1)
def sources() -> list[tuple[str, str, int, str]]:
    """(text, own region name or '', year, stem) of each shipped report."""
    out = []
    for folder in SOURCES:
        for path in sorted((ROOT / "corpora" / folder).glob("*.txt")):
            m = re.match(r"(\d{4})_(.+?)_?政府工作报告", path.stem)
            year = int(m.group(1)) if m else 2020
            region = m.group(2) if m and m.group(2) != "国务院" else ""
            out.append((path.read_text(encoding="utf-8"), region, year, path.stem))
    return out


def _short(region: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if region.endswith(suffix):
            return region[: -len(suffix)]
    return region


def document(i: int, n: int, seed: int = 1, *, whole: bool = False, noise: bool = True) -> tuple[str, str, dict]:
    """(file stem, text, sidecar) of document ``i`` of a corpus of ``n``; ``whole``: the whole
    report, not a part; ``noise``: replace the characters of stock text (see the module docstring)."""
    r = random.Random(seed * 1_000_003 + i)
    text, own, year, stem = sources()[i % len(sources())]
    lines = text.splitlines(keepends=True)
    body = next((k for k, line in enumerate(lines) if _FIRST_HEADING.match(line)), 0)
    size = r.randint(10, 40)
    at = r.randint(body, max(body, len(lines) - size))
    if not whole:
        text = "".join(lines[:body] + lines[at:at + size])
    regions = max(10, n // 100)
    region = region_name(r.randrange(regions))
    new_year = r.randint(2015, 2026)
    factor = r.uniform(0.8, 1.25)
    if own:
        text = text.replace(own, region).replace(_short(own), _short(region))
    delta = new_year - year
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)

    def scale(m: re.Match) -> str:
        s = m.group(1)
        if _YEAR.fullmatch(s):  # (a shifted year)
            return s
        decimals = len(s.split(".")[1]) if "." in s else 0
        value = float(s) * factor
        return f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))

    text = _NUMBER.sub(scale, text)
    chars = _CJK.findall(text)
    pieces = []
    for piece in _SENTENCE.findall(text):
        if not noise or piece == "\n" or _FIGURE.search(piece) or len(piece) < 12:
            pieces.append(piece)
            continue
        head, body = piece[:6], list(piece[6:])  # (a heading's marker stays)
        for k in range(len(body)):
            if r.random() < 0.25 and _CJK.match(body[k]):
                body[k] = chars[r.randrange(len(chars))]
        pieces.append(head + "".join(body))
    month, day = r.randint(1, 3), r.randint(1, 28)
    sidecar = {"region": region, "date": f"{new_year}-{month:02d}-{day:02d}"}
    return f"g{i:06d}_{stem}", "".join(pieces), sidecar


def write(out_dir: Path, n: int, seed: int = 1, **how) -> list[Path]:
    """Write documents 0..n-1 of a corpus of ``n`` (a file already there is kept: an interrupted
    run goes on where it stopped); ``how``: document()'s options."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out_dir / f"g{i:06d}_{sources()[i % len(sources())][3]}.txt"
        if not path.exists():
            stem, text, sidecar = document(i, n, seed, **how)
            (out_dir / f"{stem}.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
            path.with_suffix(".tmp").write_text(text, encoding="utf-8")
            path.with_suffix(".tmp").rename(path)  # (whole or absent)
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--whole", action="store_true", help="whole reports (default: a part of each)")
    ap.add_argument("--no-noise", dest="noise", action="store_false", help="keep the stock text as it is")
    args = ap.parse_args()
    paths = write(args.out_dir, args.n, args.seed, whole=args.whole, noise=args.noise)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
