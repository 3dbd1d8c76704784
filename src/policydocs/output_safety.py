"""Page text in the files policydocs writes: the one place that decides how it is made harmless.

Titles, sentences, indicators and even file names come from pages strangers wrote (a browser
names a saved page after its title), so no writer decides on its own. Per format:

CSV
    A text cell a spreadsheet could take for a formula gets a leading apostrophe (OWASP's advice):
    its first character, after any invisible leading space, is ``= + - @ |`` or a full-width
    ``＝ ＋ － ＠`` (Excel and WPS with a Chinese input method read those as the ASCII ones), or it
    starts with a tab or CR. No exemption: ``-1+HYPERLINK(…)`` is a formula although a digit follows
    the minus. Numbers (int, float) are written as numbers; text that looks like a number, such as a
    sentence or an indicator reading ``-1.5``, is text and gets the apostrophe like any other. Excel
    shows that apostrophe: the price of text staying text.
XLSX
    The cell holds the exact text as a string (never a formula cell) and, for the cells the CSV rule
    would prefix, Excel's ``quotePrefix`` flag: what Excel itself records when someone types
    ``'=…``. The apostrophe is not shown, filters and searches see the page's text, and the cell is
    still text after F2 and Enter (a plain string cell would become a live formula then). Numbers
    and dates stay typed. Characters XML 1.0 cannot hold are dropped (they would fail the write).
    LibreOffice (7.4) opens such a cell as text too but ignores the flag: edited there, it is read anew.
HTML
    Everything is escaped with ``html.escape`` (report/html.py); nothing of a page becomes markup.
Markdown
    ``md_inline`` backslash-escapes everything that could end a table cell or start a link, image,
    emphasis, code or raw HTML (CommonMark lets any ASCII punctuation be escaped) and turns line
    breaks into spaces; ``md_paragraph`` also escapes a leading block marker (heading, quote, list).
JSON
    Data, not neutralised: ``json.loads`` gives back the exact text. In JSON Lines the line
    separators U+2028, U+2029 and U+0085 are written as escapes, so that a record stays one line for
    readers that split as ``str.splitlines`` does. ``</script>`` is left as it is: policydocs never
    puts JSON inside a page, and whoever does must escape for that context.
DOCX
    python-docx writes text runs, never fields or links; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import json
import re

# A tab or CR first, or a formula trigger after whitespace and zero-width characters.
_FORMULA = re.compile(r"[\t\r]|[\s\u200b-\u200d\u2060\ufeff]*[=+\-@|＝＋－＠]")
# Not allowed in XML 1.0 documents (docx, xlsx): C0 controls but tab, LF, CR; lone surrogates; FFFE/FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_BLOCK_MARK = re.compile(r"^(\s*)([#>+=-])")  # heading, quote, list item, setext underline
_MD_LIST_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])")  # "1." or "1)": an ordered list item
_JSON_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def looks_like_formula(text: str) -> bool:
    """Could a spreadsheet (Excel, WPS, LibreOffice) read this text cell as a formula?"""
    return bool(_FORMULA.match(text))


def csv_cell(value):
    """A CSV cell: numbers and None as they are, formula-like text behind an apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def xml_text(text: str) -> str:
    """``text`` without the characters an XML 1.0 file (docx, xlsx) cannot hold."""
    return _NOT_XML.sub("", text)


def md_inline(value) -> str:
    """Text for a Markdown line or table cell: literal, one line, unable to start any markup."""
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def md_paragraph(value) -> str:
    """A paragraph of literal text: ``md_inline`` and no heading, quote or list at its start."""
    text = md_inline(value)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", _MD_BLOCK_MARK.sub(r"\1\\\2", text))


def json_line(record) -> str:
    """One JSON Lines record (no newline): exact JSON, no character a line splitter breaks at."""
    text = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _JSON_LINE_BREAKS.items():
        if raw in text:
            text = text.replace(raw, escaped)
    return text
