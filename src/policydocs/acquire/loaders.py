"""load(): one file (or fetched bytes) → RawDocument, the format told by content first.

Content decides before the name because names lie: servers hand out HTML error pages as .pdf,
old government sites save HTML as .doc, and fetched URLs often have no extension at all.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from policydocs.acquire.document import RawDocument
from policydocs.acquire.encoding import decode
from policydocs.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_FORMAT_BY_EXTENSION = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf", ".docx": "docx",
}
_FORMAT_BY_MIME = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
                   "application/pdf": "pdf",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office: .doc, .xls, .ppt, .wps
_SAVE_AS_DOCX = "open it in Word or WPS and save it as .docx"
_BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"), (b"Rar!", "RAR archive"), (b"7z\xbc\xaf", "7z archive"),
    (b"\x7fELF", "executable"),
)
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml|meta|title|div|p[\s>]|table)",
                         re.IGNORECASE | re.DOTALL)
_HTML_ANYWHERE = re.compile(rb"<(?:!doctype\s+html|html[\s>]|body[\s>]|div[\s>])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


def load(source: str | Path, *, data: bytes | None = None, content_type: str | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read ``source`` (or ``data`` fetched from it) into a RawDocument; InputError if it cannot be."""
    name = str(source)
    if data is None:
        data = _read_file(Path(source), name, max_bytes)
    elif len(data) > max_bytes:
        raise InputError(name, _over_limit(len(data), max_bytes))
    if not data.strip():
        raise InputError(name, "empty file")

    extension = Path(name.split("?")[0]).suffix.lower()
    mime = (content_type or "").split(";")[0].strip().lower()
    expected = _FORMAT_BY_EXTENSION.get(extension) or _FORMAT_BY_MIME.get(mime)
    kind = _sniff(data, name, extension)
    warnings = []
    if kind is None:  # no binary signature: text or markup
        if expected in ("pdf", "docx") or extension == ".doc":
            if not _looks_like_html(data):
                raise _not_what_it_says(name, extension, expected)
            hint = " (saved from Word as a web page)" if extension == ".doc" else " (an error page?)"
            warnings.append(f"named {extension or mime} but contains HTML{hint}: read as HTML")
            kind = "html"
        else:
            kind = "html" if _looks_like_html(data) or expected == "html" else "text"

    if kind == "pdf":
        from policydocs.acquire.pdf import load_pdf  # pdfminer is slow to import: only when needed

        document = load_pdf(data, name)
    elif kind == "docx":
        from policydocs.acquire.docx import load_docx

        document = load_docx(data, name)
    else:
        document = _load_markup_or_text(data, name, kind, content_type)
    document.warnings[:0] = warnings
    if content_type:
        document.meta.setdefault("content_type", content_type)
    return document


def read_bytes(source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes as :func:`load` reads them (the same InputError when it cannot): for a
    caller that sends them elsewhere to be loaded with ``load(source, data=...)``."""
    return _read_file(Path(source), str(source), max_bytes)


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, _over_limit(size, max_bytes))
        with path.open("rb") as handle:
            # What stat says the file holds, + 1 to notice growth: read(max_bytes + 1) would
            # allocate the whole limit (20 MB) for every file. stat says 0 for pipes and /dev/stdin.
            data = handle.read(size + 1 if size else max_bytes + 1)
            if size and len(data) > size:  # it grew since stat: read on, up to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as err:
        raise InputError(name, f"cannot read: {err.strerror or err}") from None
    if len(data) > max_bytes:
        raise InputError(name, f"more than {_megabytes(max_bytes)}: over the limit")
    return data


def _over_limit(size: int, max_bytes: int) -> str:
    return f"{_megabytes(size, exact=False)} is over the {_megabytes(max_bytes)} limit"


def _megabytes(size: int, exact: bool = True) -> str:
    if size >= 1024 * 1024:
        value = size / (1024 * 1024)
        return f"{value:g} MB" if exact and value == int(value) else f"{value:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def _sniff(data: bytes, name: str, extension: str) -> str | None:
    """"pdf" or "docx" by signature; None for text or markup; InputError for other binaries."""
    if b"%PDF-" in data[:1024]:  # the spec lets junk precede the header
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data, name, extension)
    if data.startswith(_OLE2):
        raise InputError(name, f"old binary Word/Office file ({extension or '.doc'}): {_SAVE_AS_DOCX}")
    if data.startswith(b"{\\rtf"):
        raise InputError(name, f"RTF file: {_SAVE_AS_DOCX}")
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            hint = ": run OCR first" if kind.endswith("image") else ""
            raise InputError(name, f"{kind}, not a document{hint}")
    return None


def _zip_kind(data: bytes, name: str, extension: str) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except Exception:  # zipfile raises BadZipFile, ValueError, NotImplementedError... on damage
        names = None
    if extension == ".docx" or (names and "word/document.xml" in names):
        return "docx"  # a broken .docx: the .docx loader says what is wrong with it
    if names is None:
        raise InputError(name, "corrupt zip archive, not a document")
    for marker, kind in (("xl/workbook.xml", "Excel workbook"), ("ppt/presentation.xml", "PowerPoint file"),
                         ("content.xml", "OpenDocument file")):
        if marker in names:
            raise InputError(name, f"{kind}, not a supported document: {_SAVE_AS_DOCX}")
    raise InputError(name, "zip archive, not a document: unpack it first")


def _not_what_it_says(name: str, extension: str, expected: str | None) -> InputError:
    if extension == ".doc":
        return InputError(name, f"not a readable Word file: {_SAVE_AS_DOCX}")
    if expected == "pdf":
        return InputError(name, "corrupt PDF (no %PDF- header)")
    return InputError(name, "corrupt .docx (not a zip archive)")


def _looks_like_html(data: bytes) -> bool:
    """Markup in an ASCII-compatible encoding (UTF-16 is sniffed after decoding)."""
    head = data[:_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head) or _HTML_ANYWHERE.search(head))


def _declared_charset(data: bytes, content_type: str | None, kind: str) -> str | None:
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            return match.group(1)
    if kind == "html":
        head = data[:_SNIFF_BYTES]
        match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        if match:
            return match.group(1).decode("ascii")
    return None


def _load_markup_or_text(data: bytes, name: str, kind: str, content_type: str | None) -> RawDocument:
    decoded = decode(data, declared=_declared_charset(data, content_type, kind), source=name)
    if kind == "text" and decoded.encoding.startswith(("utf-16", "utf-32")):
        if _looks_like_html(decoded.text[:_SNIFF_BYTES].encode("utf-8")):
            kind = "html"
    return RawDocument(source=name, format=kind, text=decoded.text, encoding=decoded.encoding,
                       warnings=list(decoded.warnings))
