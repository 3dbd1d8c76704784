"""Writing a cleaned draft: txt, md, docx (opens in Office/WPS) and json.

A draft is the page's text, so every format shows it literally (``policydocs.output_safety``):
the md escapes Markdown and HTML (a sentence holding ``<script>`` or ``[x](javascript:…)`` stays
text in any viewer), the docx drops the control characters XML cannot hold (python-docx refuses
them), json is exact.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from policydocs.clean.assemble import to_full_width
from policydocs.clean.document import CleanDocument
from policydocs.output_safety import md_inline, md_paragraph, xml_text

FORMATS = ("txt", "md", "docx", "json")


def to_txt(doc: CleanDocument) -> str:
    return doc.text + "\n"


def to_md(doc: CleanDocument, *, full_width: bool = False) -> str:
    parts = [f"# {md_inline(to_full_width(doc.title) if full_width else doc.title)}"] if doc.title else []
    for para in doc.paragraphs:
        parts.append(md_paragraph(to_full_width(para.text) if full_width else para.text))
        for gap in doc.gaps:
            if gap.offset == para.end:
                size = f"{gap.omitted_chars}字" if gap.omitted_chars else "若干字"
                parts.append(f"> 〔此处原文缺失{size}：{md_inline(gap.reason)}〕")
    return "\n\n".join(parts) + "\n"


def to_json(doc: CleanDocument) -> str:
    data = {
        "source": doc.source,
        "title": doc.title,
        "date": doc.date,
        "page_date": doc.page_date,
        "issuer": doc.issuer,
        "text": doc.text,
        "gaps": [asdict(g) for g in doc.gaps],
        "flags": [asdict(f) for f in doc.flags],
        "removed": [asdict(r) for r in doc.removed],
        "column": doc.column,
        "site": doc.site,
        "format": doc.format,
        "encoding": doc.encoding,
        "conversions": doc.conversions,
        "paragraphs": [asdict(p) for p in doc.paragraphs],
        "meta": doc.meta,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_docx(doc: CleanDocument, path: Path, *, full_width: bool = False) -> None:
    """The plain layout (``--layout plain``): a heading and one paragraph per line, in 宋体. The
    layout offices use (GB/T 9704) is written by ``policydocs.report.draft_docx``."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    # East Asian font so Word/WPS render the draft in a Chinese face rather than a fallback.
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    def shown(text: str) -> str:
        return xml_text(to_full_width(text) if full_width else text)

    title = shown(doc.title or "")
    if title:
        document.add_heading(title, level=1)
    for para in doc.paragraphs:
        document.add_paragraph(shown(para.text))
    document.core_properties.title = title
    document.save(str(path))


def write(doc: CleanDocument, path: Path, fmt: str, *, full_width: bool = False) -> None:
    """Write the draft; ``full_width`` (docx, md): Chinese punctuation in full width."""
    if fmt == "docx":
        write_docx(doc, path, full_width=full_width)
        return
    path.write_text(render(doc, fmt, full_width=full_width), encoding="utf-8")


def render(doc: CleanDocument, fmt: str, *, full_width: bool = False) -> str:
    """The draft as text; ``full_width`` applies to md (txt and json are the cleaned text itself)."""
    if fmt == "docx":
        raise ValueError("docx output needs -o DIR")
    if fmt == "md":
        return to_md(doc, full_width=full_width)
    return {"txt": to_txt, "json": to_json}[fmt](doc)
