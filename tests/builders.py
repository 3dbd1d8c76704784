"""Build test inputs at test time: policy text, typeset PDFs, Word files; and what several test
modules share (documents and databases, a local web server, linked targets), kept here rather
than imported from one test module into another."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from click.testing import CliRunner

from policydocs.acquire.document import RawDocument
from policydocs.clean import clean_raw
from policydocs.extract.statement import Statement
from policydocs.link.db import Row
from policydocs.link.model import StatementRef
from policydocs.pipeline import Processed, content_hash, process_raw
from policydocs.segment import segment
from policydocs.store import open_db
from policydocs.batch.rows import build_rows
from policydocs.store.write import write_document

# Written for these tests in the style of a municipal notice. 埇 喆 镕 堃 are GBK-only:
# a decoder that reads gb2312-labelled pages as GB2312 loses them.
POLICY_PARAGRAPHS = [
    "一、总体要求",
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，坚持以人民健康为中心，"
    "推动优质医疗资源扩容下沉和区域均衡布局，加快构建分级诊疗格局，为建设健康城市提供有力保障。",
    "二、重点任务",
    "（一）推进紧密型县域医共体建设。到2025年底，全市县域医共体覆盖率达到90%以上，基层诊疗量占比"
    "达到65%，县域内就诊率稳定在90%左右，群众看病就医负担明显减轻。",
    "（二）提升基层服务能力。全年培训乡村医生1200人次，新建标准化村卫生室30个，埇桥区、"
    "喆园街道和镕城镇率先完成改造任务，确保群众就近就医。",
    "（三）加强组织保障。各县区要明确责任分工，市卫生健康委负责统筹协调，李堃同志牵头建立工作台账，"
    "每季度调度一次推进情况。",
]
POLICY_TEXT = "\n".join(POLICY_PARAGRAPHS) + "\n"
GBK_ONLY = "埇喆镕堃"

# Traditional Chinese as a Taiwan or Hong Kong office would write it: all of it encodable in Big5.
TRADITIONAL_TEXT = (
    "一、總體要求\n"
    "堅持以人民健康為中心，推動優質醫療資源擴容下沉和區域均衡佈局，加快構建分級診療格局。\n"
    "二、重點任務\n"
    "（一）推進緊密型醫療共同體建設。到2025年底，覆蓋率達到90%以上，基層診療量占比達到65%。\n"
)

CID_FONT = "STSong-Light"  # built into reportlab: no font file needed
TTF_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # apt: fonts-wqy-microhei


def register_cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def register_ttf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(TTF_PATH), subfontIndex=0))
    return "WQY"


@dataclass
class TypesetPdf:
    """A PDF typeset like an official document, and what its text layer should come back as."""

    path: Path
    expected_text: str  # one paragraph per line, headers and page numbers gone
    page_starts: list[int]  # offset in expected_text where each page's body text starts
    split_paragraphs: list[int] = field(default_factory=list)  # paragraphs that cross a page break


def typeset_pdf(path: Path, paragraphs: list[str], *, title: str | None = None, header: str | None = None,
                page_number: str | None = "- {n} -", lines_per_page: int = 12, indent: int = 2,
                paragraph_gap: float = 0.0, font: str | None = None, encrypt: str | None = None) -> TypesetPdf:
    """Wrap ``paragraphs`` greedily at the right margin like a word processor (a first-line indent
    of ``indent`` ems, or ``paragraph_gap`` extra leading between paragraphs), with an optional
    centred title on page 1, a running ``header`` and ``page_number`` ("{n}" page, "{total}")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = font or register_cid_font()
    width, height, left, right, size, leading = 595, 842, 72.0, 523.0, 16, 28
    lines = []  # (paragraph index, offset in paragraph, text, x)
    for index, paragraph in enumerate(paragraphs):
        start, x = 0, left + indent * size
        while start < len(paragraph):
            end = start + 1
            while end < len(paragraph) and x + stringWidth(paragraph[start:end + 1], font, size) <= right:
                end += 1
            lines.append((index, start, paragraph[start:end], x))
            start, x = end, left
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]

    pdf = canvas.Canvas(str(path), pagesize=(width, height), encrypt=encrypt)
    pdf.setTitle("关于印发医共体建设实施方案的通知")
    pdf.setAuthor("某某市卫生健康委员会")
    for number, page in enumerate(pages, 1):
        if header:
            pdf.setFont(font, 10)
            pdf.drawString(left, height - 50, header)
            pdf.line(left, height - 56, right, height - 56)
        y = height - 100
        if title and number == 1:
            pdf.setFont(font, 22)
            pdf.drawCentredString(width / 2, y, title)
            y -= 2 * leading
        pdf.setFont(font, size)
        previous = None
        for index, _, text, x in page:
            if previous is not None and index != previous:
                y -= paragraph_gap * leading
            pdf.drawString(x, y, text)
            y -= leading
            previous = index
        if page_number:
            pdf.setFont(font, 12)
            pdf.drawCentredString(width / 2, 40, page_number.format(n=number, total=len(pages)))
        pdf.showPage()
    pdf.save()

    body = ([title] if title else []) + paragraphs
    starts, offset = [], 0
    for paragraph in body:
        starts.append(offset)
        offset += len(paragraph) + 1
    shift = 1 if title else 0
    page_starts = [0] + [starts[page[0][0] + shift] + page[0][1] for page in pages[1:]]
    split = [page[0][0] for page in pages[1:] if page[0][1] > 0]
    return TypesetPdf(path, "\n".join(body), page_starts, split)


def scanned_pdf(path: Path) -> Path:
    """A page that is only a picture of text, as a scanner makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20, 280, 20):
        draw.rectangle((30, row, 370, row + 8), fill=0)  # dark bars where lines of print would be
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for _ in range(2):
        pdf.drawImage(ImageReader(image), 50, 200, width=495, height=371)
        pdf.showPage()
    pdf.save()
    return path


def pdf_without_unicode_map(path: Path) -> Path:
    """Text drawn with an Identity-H font that has no ToUnicode map: extractors see (cid:N)."""
    content = b"BT /F1 14 Tf 72 700 Td <0011002200330044005500660077008800990100> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0"
        b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def word_document(path: Path) -> Path:
    """A notice with a heading, body paragraphs (and empty ones), a table with a merged cell."""
    from datetime import datetime, timezone

    import docx

    document = docx.Document()
    document.core_properties.title = "关于印发医共体建设实施方案的通知"
    document.core_properties.author = "某某市卫生健康委员会"
    document.core_properties.created = datetime(2024, 3, 15, 10, 30, tzinfo=timezone.utc)
    document.add_heading("某某市推进紧密型县域医共体建设实施方案", level=1)
    document.add_paragraph(POLICY_PARAGRAPHS[1])
    document.add_paragraph("")  # blank lines people type between paragraphs
    document.add_heading("二、重点任务", level=2)
    document.add_paragraph(POLICY_PARAGRAPHS[3])
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate([("序号", "任务", "完成时限"),
                                 ("1", "新建标准化村卫生室30个", "2024年底前"),
                                 ("2", "培训乡村医生1200人次", "")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    table.cell(2, 1).merge(table.cell(2, 2))  # the last row's task runs into the deadline column
    document.add_paragraph(POLICY_PARAGRAPHS[5])
    document.save(str(path))
    return path


WORD_DOCUMENT_LINES = [
    "某某市推进紧密型县域医共体建设实施方案",
    POLICY_PARAGRAPHS[1],
    "二、重点任务",
    POLICY_PARAGRAPHS[3],
    "序号\t任务\t完成时限",
    "1\t新建标准化村卫生室30个\t2024年底前",
    "2\t培训乡村医生1200人次",
    POLICY_PARAGRAPHS[5],
]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- documents and databases (test_store, test_ingest, test_export, test_search, ...) -------------

# Small documents of the genre, written for these tests.
DOC_A = "\n".join([
    "宁川市关于推进紧密型县域医共体建设的实施方案",
    "一、工作目标",
    "到2025年底，全市紧密型县域医共体覆盖率达到90%以上。（责任单位：市卫生健康委、市医保局）",
    "二、重点任务",
    "（一）深化医保支付方式改革。2024年，全市医保基金结余12.5亿元，同比增长5.2%。",
    "一是完善医保基金监管。年内开展专项检查10次。二是做实家庭医生签约服务。落实个人所得税优惠政策。",
]) + "\n"
DOC_B = "\n".join([
    "清河市2023年卫生健康工作要点",
    "一、主要目标",
    "2023年，全市家庭医生签约服务覆盖率达到75%以上，新建标准化村卫生室30个。",
    "二、重点任务",
    "（一）提升就医保障水平。加强县域内就诊率考核，推进分级诊疗。",
]) + "\n"
DOC_C = "\n".join([
    "关于优化营商环境的若干措施",
    "一、总体要求",
    "持续深化放管服改革，优化营商环境，激发市场主体活力。",
]) + "\n"


def processed(text: str, doc_id: str, statements: list[dict] = (), *, region=None, date=None, year=None) -> Processed:
    """A Processed built from the real cleaner and segmenter, with hand-made statements.

    Each statement dict names a ``fragment`` of the text (its clause) and any spec fields.
    """
    raw = RawDocument(source=f"{doc_id}.txt", format="text", text=text)
    doc = clean_raw(raw)
    seg = segment(doc.text)
    out = []
    for spec in statements:
        spec = dict(spec)
        fragment = spec.pop("fragment")
        start = doc.text.index(fragment)
        sent = seg.sentence_at(start)
        out.append(Statement(doc=doc_id, text=fragment, start=start, end=start + len(fragment),
                             sentence_start=sent.start, sentence_end=sent.end,
                             section_path=list(sent.section_path), confidence=0.9, region=region, **spec))
    return Processed(doc_id, content_hash(text), raw.source, doc, seg, out, date, year, region)


A_STATEMENTS = [
    dict(fragment="全市紧密型县域医共体覆盖率达到90%以上", kind="target", indicator="紧密型县域医共体覆盖率",
         value=90.0, unit="%", comparator=">=", deadline="2025-12-31", responsible=["市卫生健康委", "市医保局"],
         strength="plan"),
    dict(fragment="全市医保基金结余12.5亿元", kind="actual", indicator="医保基金结余", value=1250000000.0,
         unit="元", period="2024"),
    dict(fragment="年内开展专项检查10次", kind="target", indicator="开展专项检查", value=10, unit="次",
         deadline="2024-12-31", strength="plan"),
]
B_STATEMENTS = [
    dict(fragment="全市家庭医生签约服务覆盖率达到75%以上", kind="target", indicator="家庭医生签约服务覆盖率",
         value=75, unit="%", comparator=">=", deadline="2023-12-31", strength="plan"),
    dict(fragment="新建标准化村卫生室30个", kind="target", indicator="新建标准化村卫生室", value=30,
         value_max=35, unit="个", deadline="2023-12-31", strength="aim"),
]


def sample_docs() -> list[Processed]:
    return [processed(DOC_A, "a", A_STATEMENTS, region="宁川市", date="2024-03-01", year=2024),
            processed(DOC_B, "b", B_STATEMENTS, region="清河市", year=2023),
            processed(DOC_C, "c", [], region=None, date="2022-06-30", year=2022)]


def stored(tmp_path: Path, docs: list[Processed] | None = None):
    db = open_db(tmp_path / "t.db")
    for p in docs if docs is not None else sample_docs():
        write_document(db.conn, build_rows(p))
    return db


def write_docs(directory: Path, docs: dict[str, str]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in docs.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def dump(db) -> dict:
    """Every row of every table (ingest times left out), for comparing databases."""
    out = {}
    for table in ("documents", "sections", "sentences", "statements", "errors"):
        rows = [dict(r) for r in db[table].rows]
        for r in rows:
            r.pop("ingested_at", None)
            r.pop("at", None)
        out[table] = rows
    out["fts"] = db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'tags : year2024 OR"
                            " grams : \"市\"*' ORDER BY rowid").fetchall()
    return out


def killed_batch(tmp_path, script: str) -> tuple[list, object]:
    """Ingest documents a, b, c in a subprocess that ``script`` kills (exit status 9) part way:
    (their paths, the database it left)."""
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    crashed = tmp_path / "crashed.db"
    proc = subprocess.run([sys.executable, "-c", script, str(crashed), *map(str, paths)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    return paths, crashed


KILLED_AFTER_COMMITS = textwrap.dedent("""
    import os, sys
    import policydocs.batch.runner as load
    real = load.write_document
    def write(conn, rows, **kw):
        if rows.doc == "c":
            os._exit(9)  # killed after a and b were committed, before any checkpoint
        return real(conn, rows, **kw)
    load.write_document = write
    from policydocs.batch import ingest
    ingest(sys.argv[2:], db=sys.argv[1])
""")


# --- a web server on 127.0.0.1 (test_fetch, test_crawl) -------------------------------------------

SITES = Path(__file__).parent / "fixtures" / "sites"
FAST = {"delay": 0, "timeout": 0.5, "retries": 1, "backoff": 0}  # options that keep tests quick
BIG = 50 * 1024 * 1024
_TYPES = {".html": "text/html", ".pdf": "application/pdf", ".txt": "text/plain",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class SiteServer:
    """A threaded http.server on port 0 serving fixture sites; it remembers every request."""

    def __init__(self, *roots: Path):
        self.roots = roots
        self.requests: list[tuple[str, dict]] = []  # (path with query, headers)
        self.hits: Counter = Counter()
        self.big_sent = 0  # bytes of the streamed 50 MB page written before the client hung up
        self.in_flight: Counter = Counter()  # host header → requests being served now
        self.most_in_flight: Counter = Counter()  # host header → the most at any one time
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def file_for(self, path: str, query: str) -> Path | None:
        """/news/show?id=7 → news/show@id=7.html; /dir/ → dir/index.html."""
        rel = unquote(path).lstrip("/")
        if not rel or rel.endswith("/"):
            rel += "index.html"
        candidates = [f"{rel}@{unquote(query)}.html"] if query else [rel, rel + ".html"]
        for root in self.roots:
            for candidate in candidates:
                target = (root / candidate).resolve()
                if target.is_file() and target.is_relative_to(root.resolve()):
                    return target
        return None


def _handler(site: SiteServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            host = self.headers.get("Host", "")
            with site.lock:
                site.in_flight[host] += 1
                site.most_in_flight[host] = max(site.most_in_flight[host], site.in_flight[host])
            try:
                self._get()
            finally:
                with site.lock:
                    site.in_flight[host] -= 1

        def _get(self):
            parts = urlsplit(self.path)
            with site.lock:
                site.requests.append((self.path, dict(self.headers)))
                site.hits[parts.path] += 1
            special = getattr(self, "_" + parts.path.strip("/").replace("-", "_"), None)
            if special is not None and parts.path.count("/") == 1:
                return special()
            target = site.file_for(parts.path, parts.query)
            if target is None:
                return self._send(404, b"<html><body>404 Not Found</body></html>", "text/html")
            body = target.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = formatdate(target.stat().st_mtime, usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", None, {"ETag": etag})
            kind = _TYPES.get(target.suffix, "application/octet-stream")
            self._send(200, body, kind, {"ETag": etag, "Last-Modified": modified})

        def _send(self, status, body, kind, headers=None):
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _redirect(self, location):
            self._send(302, b"", None, {"Location": location})

        def _slow(self):  # answers after the client has given up
            for _ in range(30):
                if site.stopping.wait(0.05):
                    return
            self._send(200, "<html><body>终于</body></html>".encode(), "text/html; charset=utf-8")

        def _flaky(self):  # 500 the first time, then the page
            if site.hits["/flaky"] == 1:
                return self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
            self._send(200, "<html><body><p>第二次请求成功。</p></body></html>".encode(), "text/html; charset=utf-8")

        def _always_500(self):
            self._send(503, b"busy", "text/plain")

        def _big(self, declared=True):
            """50 MB of page, written in pieces for as long as the client reads."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if declared:
                self.send_header("Content-Length", str(BIG))
            else:
                self.send_header("Connection", "close")  # length = until the connection closes
                self.close_connection = True
            self.end_headers()
            chunk = ("<p>" + "政策文件" * 8190 + "</p>\n").encode()[: 96 * 1024]
            try:
                while site.big_sent < BIG and not site.stopping.is_set():
                    self.wfile.write(chunk)
                    site.big_sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _big_chunked(self):
            self._big(declared=False)

        def _loop_a(self):
            self._redirect("/loop-b")

        def _loop_b(self):
            self._redirect("/loop-a")

        def _moved(self):
            self._redirect("/trs/tzgg/202403/t20240315_1003.html")

        def _offsite_redirect(self):
            self._redirect("http://www.offsite.example/page.html")

        def _file_redirect(self):
            self._redirect("file:///etc/passwd")

        def _private_redirect(self):
            self._redirect("/private/t20240301_0001.html")

    return Handler


def run(cli, *args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# --- statements extracted from a text (test_extract, test_extract_genre) --------------------------

def extract(text: str, doc_id: str = "doc"):
    return process_raw(RawDocument(source=f"{doc_id}.txt", format="text", text=text)).statements


def find(statements, fragment):
    hits = [s for s in statements if fragment in s.text]
    assert hits, [s.text for s in statements]
    return hits[0]


# --- linked targets for the checklist (test_checklist, test_injection) ----------------------------

CHECKLIST_PLAN = "保定市2023年深化医药卫生体制改革重点工作任务"
CHECKLIST_REPORT = "保定市卫生健康委员会2023年工作总结"


def ref(kind, text, indicator, value, unit="%", comparator="=", *, value_max=None, deadline=None, period=None,
        responsible=(), sentence=None, title=CHECKLIST_PLAN, date="2023-03-01", trust="official", key="k"):
    record = {"doc": "doc_" + key, "kind": kind, "text": text, "indicator": indicator, "value": value,
              "value_max": value_max, "unit": unit, "comparator": comparator, "deadline": deadline,
              "period": period, "responsible": list(responsible), "strength": "plan" if kind == "target" else None,
              "region": "保定市"}
    return StatementRef(id=1, key=key, record=record, start=0, end=len(text), sentence=sentence or text,
                        section_path=["二、重点任务", "（一）推进紧密型县域医共体建设"], doc_title=title,
                        doc_date=date, doc_year=int(date[:4]), doc_region="保定市", trust=trust)


def target(text, indicator, value, unit="%", comparator="=", **kw):
    return ref("target", text, indicator, value, unit, comparator, **kw)


def actual(text, indicator, value, unit="%", comparator="=", **kw):
    kw.setdefault("title", CHECKLIST_REPORT)
    kw.setdefault("date", "2024-02-20")
    return ref("actual", text, indicator, value, unit, comparator, **kw)


# --- an invented province's reports as link rows (test_link_subjects, test_link_sides) ------------

PROVINCE_PLAN = """青川省2021年政府工作报告

一、2021年主要目标任务
今年全省经济社会发展的主要预期目标是：地区生产总值增长7%左右；城镇新增就业60万人以上，城镇调查失业率控制在5.5%以内；能源消耗强度降低2.5%以上。
二、2021年重点工作
省财政安排30亿元专项奖补资金，支持县域产业园区建设。
全年化学需氧量排放量要下降2%，氨氮排放量下降2.5%，二氧化硫排放量下降3%。
今年再减少农村低收入人口8万人以上。
今年全省农村危房改造8万户，增加2万户。
"""
PROVINCE_REVIEW = """青川省2022年政府工作报告

一、2021年工作回顾
过去一年，全省地区生产总值达到4.1万亿元，比上年增长7.3%，对全国经济增长的贡献率超过6%。城镇新增就业66万人，城镇调查失业率5.1%。单位地区生产总值能耗下降3.2%。全省财政专项扶贫资金投入超过31亿元。氮氧化物排放量下降4.1%，氨氮排放量下降2.8%。农村低收入人口减少9.3万人。农村危房改造9.5万户。
"""


def link_rows(text: str, doc: str, year: int, date: str) -> list[Row]:
    st = process_raw(RawDocument(source=f"{doc}.txt", format="text", text=text)).statements
    out = []
    for i, s in enumerate(st):
        record = {"doc": doc, "kind": s.kind, "text": s.text, "indicator": s.indicator, "value": s.value,
                  "value_max": s.value_max, "unit": s.unit, "comparator": s.comparator,
                  "deadline": s.deadline or f"{year}-12-31", "period": s.period, "responsible": [],
                  "strength": s.strength, "region": "青川省"}
        sentence = text[s.sentence_start:s.sentence_end]
        out.append(Row(id=i, key=f"{doc}:{i}", record=record, start=s.start, end=s.end, section_path=s.section_path,
                       doc_date=date, doc_year=year, doc_region="青川省", trust="official", canonical=None,
                       title=None, source=None, sentence=sentence,
                       context=sentence[max(0, s.start - s.sentence_start - 24):s.start - s.sentence_start]))
    return out
