"""Render a draft DOCX as a person sees it, and count its grid: lines per page, characters per line.

    python bench/render_draft.py corpora/seeds/001_00576c6514847a99.txt -o /tmp/render
    python bench/render_draft.py corpora/provincial2026/2026_上海市_政府工作报告.txt --pages 2 --png-dpi 80

Cleans each input, writes the draft (``policydocs.report.draft_docx``), converts it with
LibreOffice (``soffice --headless --convert-to pdf``) and the PDF's pages to PNG (``pdftoppm``) so
they can be looked at, then reads the PDF with pdfplumber and prints, per page, the body lines
(lines of body-size type inside the text block) and the characters of the full lines (those that
end at the right margin: the last line of a paragraph is shorter), the page number and how far
its dash lies below the text block. GB/T 9704 asks for 22 lines of 28 characters and the dash
7 mm below the text block.

LibreOffice draws with the fonts installed here: where 仿宋_GB2312 and its fallbacks are missing
it substitutes another Chinese face, which changes how the page looks but not the grid (the grid
fixes each character's cell and each line's height).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

PT_PER_MM = 72 / 25.4


def render(docx: Path, out: Path, dpi: int, pages: int | None) -> tuple[Path, list[Path]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("error: LibreOffice (soffice) is not installed")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=180)
    pdf = out / (docx.stem + ".pdf")
    for old in out.glob(docx.stem + "-*.png"):
        old.unlink()
    cmd = ["pdftoppm", "-png", "-r", str(dpi)] + (["-l", str(pages)] if pages else []) + [str(pdf), str(out / docx.stem)]
    subprocess.run(cmd, check=True, timeout=180)
    return pdf, sorted(out.glob(docx.stem + "-*.png"))


def grid(pdf: Path, layout) -> list[dict]:
    """Per page: body lines, characters of each full line, the page number and its dash's depth."""
    import pdfplumber

    top = layout.page["top_mm"] * PT_PER_MM
    bottom = top + layout.page["text_height_mm"] * PT_PER_MM
    right = (layout.page["left_mm"] + layout.page["text_width_mm"]) * PT_PER_MM
    body = layout.fonts["body"].size_pt
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            lines: dict[float, list] = {}
            for c in chars:
                if top - 2 <= c["top"] <= bottom and abs(c["size"] - body) < 1.5:
                    lines.setdefault(round(c["bottom"]), []).append(c)
            # full lines of full-width characters only (half-width digits and letters take less room)
            # (punctuation hanging past the right margin, as Word and WPS allow, is not counted)
            full = [sum(c["x1"] <= right + 2 for c in cs) for cs in lines.values() if max(c["x1"] for c in cs) > right - body * 0.6
                    and min(c["x0"] for c in cs) < layout.page["left_mm"] * PT_PER_MM + body * 0.6
                    and all(ord(c["text"]) >= 0x2E80 for c in cs)]
            inside = [c for c in chars if top - 2 <= c["top"] <= bottom]
            footer = sorted((c for c in chars if c["top"] > bottom + 2), key=lambda c: c["x0"])
            dash = next((c for c in footer if c["text"] == "—"), None)
            pitches = sorted(lines)
            pages.append({
                "lines": len(lines),
                # grid rows from the text block's top to the last line's foot: the title's lines
                # and the blank line under it count, as on paper
                "rows": round((max(c["bottom"] for c in inside) - top) / (layout.line_pitch_twips / 20)) if inside else 0,
                "full_line_chars": Counter(full),
                "line_pitch_pt": round((pitches[-1] - pitches[0]) / (len(pitches) - 1), 2) if len(pitches) > 1 else None,
                "page_number": "".join(c["text"] for c in footer),
                "page_number_side": None if not footer else ("right" if footer[0]["x0"] > page.width / 2 else "left"),
                "dash_below_mm": round(((dash["top"] + dash["bottom"]) / 2 - bottom) / PT_PER_MM, 1) if dash else None,
            })
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("-o", "--out", type=Path, default=Path("/tmp/policydocs_render"))
    parser.add_argument("--layout", default="gbt9704")
    parser.add_argument("--png-dpi", type=int, default=80)
    parser.add_argument("--pages", type=int, help="render only the first N pages to PNG")
    args = parser.parse_args(argv)
    from policydocs.clean import clean
    from policydocs.report.draft_docx import write_draft_docx
    from policydocs.report.draft_layout import load_layout

    layout = load_layout(args.layout)
    args.out.mkdir(parents=True, exist_ok=True)
    bad = 0
    for name in args.inputs:
        docx = args.out / (Path(name).stem + ".docx")
        write_draft_docx(clean(name), docx, layout=args.layout)
        pdf, pngs = render(docx, args.out, args.png_dpi, args.pages)
        print(f"{name}\n  {docx}\n  {pdf}\n  " + " ".join(str(p) for p in pngs))
        pages = grid(pdf, layout)
        for k, page in enumerate(pages, 1):
            full = ", ".join(f"{n} chars ×{c}" for n, c in sorted(page["full_line_chars"].items()))
            print(f"  page {k}: {page['rows']} grid rows, {page['lines']} lines of body type (pitch {page['line_pitch_pt']} pt), full lines: {full};"
                  f" page number {page['page_number']!r} at the {page['page_number_side']},"
                  f" dash {page['dash_below_mm']} mm below the text block")
        # every page but the last is full; a full line holds the grid's characters
        for page in pages[:-1]:
            if page["rows"] != layout.page["lines"]:
                bad += 1
        counts = sum((page["full_line_chars"] for page in pages), Counter())
        if counts and (counts.most_common(1)[0][0] != layout.page["chars"] or max(counts) > layout.page["chars"]):
            bad += 1
    print("grid OK" if not bad else f"grid off {bad} time(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
