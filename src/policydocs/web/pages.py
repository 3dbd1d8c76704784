"""The pages: 总览, 检索, 文件, 台账, 核对, 入库. Each reads through the Python API (see app.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from policydocs.link import CorrectionError, ReviewError
from policydocs.link import db as linkdb
from policydocs.link.model import STATUSES
from policydocs.report import Checklist, ChecklistError, rows_from_targets, write
from policydocs.report.checklist import parse_date
from policydocs.store.fts import QueryError
from policydocs.web import documents, overview as ov, reviewing, searching, uploads
from policydocs.web.protect import csrf_ok
from policydocs.web.rendering import render
from policydocs.web.families import labels as family_labels
from policydocs.web.store import LedgerFilters, today

PER_PAGE = 100
MAX_PRINT = 5000  # rows one page (打印全部) may hold
EXPORTS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}


def _store(request: Request):
    return request.app.state.store


def _as_of(request: Request) -> str:
    given = request.query_params.get("as_of") or request.app.state.as_of
    return parse_date(given, "as_of") if given else today()


# --- 总览 -----------------------------------------------------------------------------------


def overview(request: Request):
    try:
        as_of = _as_of(request)
    except ChecklistError as exc:
        return render(request, "error.html", 400, message=str(exc))
    entry = _store(request).entry(as_of)
    view = entry.memo.get(("overview", as_of))
    if view is None:
        view = entry.memo[("overview", as_of)] = ov.build(entry.rows, as_of)
    return render(request, "overview.html", view=view, stale=_store(request).stale(as_of), as_of=as_of, open_statuses=ov.open_statuses(),
                  ledger_url=ov.ledger_url, active="overview")


# --- 检索 -----------------------------------------------------------------------------------


def search_page(request: Request):
    form = searching.SearchForm.from_params(request.query_params)
    results = searching.run(_store(request).db(), form)
    return render(request, "search.html", form=form, results=results, page_size=searching.PAGE_SIZE,
                  active="search")


# --- 文件 -----------------------------------------------------------------------------------


def document(request: Request):
    conn = _store(request).db().conn
    doc = documents.load(conn, request.path_params["doc"])
    if doc is None:
        return render(request, "error.html", 404, message="没有这个文件。")
    selected = request.query_params.get("st")
    spans = documents.sentences(conn, doc.meta["id"])
    panel = _statement_panel(request, selected) if selected else None
    kinds = {k: sum(1 for s in doc.statements if s.kind == k) for k in ("target", "actual")}
    return render(request, "document.html", doc=doc, body=documents.render_text(doc, spans, selected), panel=panel,
                  kinds=kinds, active="search")


def original(request: Request):
    conn = _store(request).db().conn
    doc = documents.load(conn, request.path_params["doc"])
    path = doc.original() if doc else None
    if path is None:
        return render(request, "error.html", 404, message="原始文件已不在入库时的位置。")
    return FileResponse(path, filename=path.name, content_disposition_type="attachment",
                        media_type="application/octet-stream")


def removal_report(request: Request):
    """What cleaning removed, the gaps and the flags, as ``policydocs clean --report`` says them:
    the original file is cleaned again (not stored: only its gaps and flags are)."""
    conn = _store(request).db().conn
    doc = documents.load(conn, request.path_params["doc"])
    if doc is None:
        return render(request, "error.html", 404, message="没有这个文件。")
    lines, error = [], None
    path = doc.original()
    if path is None:
        error = "原始文件已不在入库时的位置，只能显示库中保存的缺失和需核对之处。"
    else:
        try:
            from policydocs.acquire import load
            from policydocs.acquire.sidecar import read_sidecar
            from policydocs.clean import clean_raw
            from policydocs.clean.report import report_lines

            declared = read_sidecar(str(path)) or {}
            lines = report_lines(clean_raw(load(str(path)), url=declared.get("url")))
        except Exception as exc:  # a file changed since it was stored: say so, in one line
            error = f"无法重新清洗原始文件：{type(exc).__name__}: {exc}"
    fragment = "hx-request" in request.headers
    return render(request, "report.html", doc=doc, lines=lines, error=error, fragment=fragment, active="search")


def _statement_panel(request: Request, key: str | None) -> dict | None:
    if not key:
        return None
    database = _store(request).db()
    rows = linkdb.load_rows(database, keys=[key])
    if not rows:
        return None
    row = rows[0]
    conn = database.conn
    panel = {"row": row, "links": [], "answers": []}
    if row.record["kind"] == "target":
        panel["links"] = reviewing.candidates(database, key, limit=5)
    elif row.record["kind"] == "actual":
        answered = [t for (t,) in conn.execute(
            "SELECT target_key FROM links WHERE actual_key = ? ORDER BY score DESC LIMIT 10", [key])]
        panel["answers"] = linkdb.load_rows(database, keys=answered)
    return panel


def statement(request: Request):
    panel = _statement_panel(request, request.path_params["key"])
    if panel is None:
        return render(request, "error.html", 404, message="没有这条记录。")
    return render(request, "statement.html", panel=panel)


# --- 台账 -----------------------------------------------------------------------------------


def _filters(params) -> LedgerFilters:
    def day(name: str) -> str | None:
        value = (params.get(name) or "").strip()
        return parse_date(value, name) if value else None

    status = ",".join(s for s in (params.get("status") or "").split(",") if s in STATUSES) or None
    return LedgerFilters(region=(params.get("region") or "").strip() or None,
                         responsible=(params.get("responsible") or "").strip() or None,
                         due_before=day("due_before"), query=(params.get("q") or "").strip() or None,
                         include_templates=params.get("templates") == "1", status=status,
                         due_after=day("due_after"), family=(params.get("family") or "").strip() or None,
                         unreviewed=params.get("unreviewed") == "1")


def _ledger_rows(request: Request):
    as_of = _as_of(request)
    f = _filters(request.query_params)
    return as_of, f, _store(request).ledger(as_of, f)


def ledger(request: Request):
    try:
        as_of, f, targets = _ledger_rows(request)
    except (ChecklistError, QueryError) as exc:
        return render(request, "error.html", 400, message=str(exc))
    everything = request.query_params.get("all") == "1"
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        page = 1
    size = MAX_PRINT if everything else PER_PAGE
    first = 0 if everything else (page - 1) * PER_PAGE
    shown = targets[first:first + size]
    rows = rows_from_targets(shown)
    for i, row in enumerate(rows):
        row["序号"] = first + i + 1
    sheet = Checklist(rows, as_of, f.command_filters())
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "all")}
    counts = {s: 0 for s in STATUSES}
    for t in targets:
        counts[t.status] += 1
    return render(request, "ledger.html", sheet=sheet, stale=_store(request).stale(as_of, f.include_templates), pairs=list(zip(rows, shown)), total=len(targets),
                  counts=counts, page=page, pages=max(1, -(-len(targets) // PER_PAGE)), everything=everything,
                  params=params, f=f, as_of=as_of, families=family_labels(), max_print=MAX_PRINT, active="ledger")


def export(request: Request):
    fmt = request.path_params["fmt"]
    if fmt not in EXPORTS:
        return render(request, "error.html", 404, message="只能导出 xlsx、csv 或 html。")
    try:
        as_of, f, targets = _ledger_rows(request)
    except (ChecklistError, QueryError) as exc:
        return render(request, "error.html", 400, message=str(exc))
    sheet = Checklist(rows_from_targets(targets), as_of, f.command_filters())
    with tempfile.TemporaryDirectory(prefix="policydocs-export-") as tmp:
        out = Path(tmp) / f"台账.{fmt}"
        write(sheet, out, fmt)  # the writer `policydocs checklist -o 台账.xlsx` uses
        data = out.read_bytes()
    name = f"台账_{as_of}.{fmt}"
    return Response(data, media_type=EXPORTS[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"ledger_{as_of}.{fmt}\"; filename*=UTF-8''"
                               + quote(name)})


# --- 核对 -----------------------------------------------------------------------------------


async def row(request: Request):
    key = request.path_params["key"]
    message, error = None, None
    if request.method == "POST":
        form = await request.form()
        if not csrf_ok(request, form):
            return render(request, "error.html", 403, message="请求已过期或来自其他网站：请刷新页面后重试。")
        who = str(form.get("who") or "")
        note = reviewing.note_of(who, str(form.get("note") or ""))
        action = str(form.get("action") or "")
        try:
            message = await run_in_threadpool(
                reviewing.act, _store(request), key, action, actual_key=str(form.get("actual") or "") or None,
                value=str(form.get("value") or "") or None, note=note)
        except (ReviewError, CorrectionError) as exc:
            error = str(exc)
        if "hx-request" not in request.headers and error is None:
            response = RedirectResponse(f"/ledger/row/{key}?done=1", status_code=303)
            if who:
                response.set_cookie("policydocs_who", quote(who.strip()[:40]), samesite="strict", httponly=True)
            return response
    return await run_in_threadpool(_row_page, request, key, message, error)


def _row_page(request: Request, key: str, message: str | None, error: str | None):
    as_of = _as_of(request)
    store = _store(request)
    target = next((t for t in store.linked(as_of) if t.target.key == key), None)
    if target is None:  # a target of a template or a copy (listed with 含范文网站的目标)
        target = next((t for t in store.linked(as_of, True) if t.target.key == key), None)
    database = store.db()
    dropped = None
    if target is None:  # a dropped row is no longer among the targets: still show it, to restore it
        rows = linkdb.load_rows(database, kind="target", keys=[key])
        if not rows:
            return render(request, "error.html", 404, message="没有这个编号的目标。")
        dropped = rows[0]
    is_dropped = database.conn.execute("SELECT 1 FROM corrections WHERE target_key = ? AND field = 'drop'",
                                       [key]).fetchone() is not None
    if is_dropped and dropped is None:
        dropped = linkdb.load_rows(database, kind="target", keys=[key])[0]
    panel = {"target": None if is_dropped else target, "dropped": dropped if is_dropped or target is None else None,
             "candidates": reviewing.candidates(database, key),
             "history": reviewing.history(database, key)}
    fragment = "hx-request" in request.headers
    who = unquote(request.cookies.get("policydocs_who", ""))
    return render(request, "row.html", panel=panel, key=key, message=message, error=error, fragment=fragment,
                  who=who, as_of=as_of, done=request.query_params.get("done"), active="ledger")


# --- 入库 -----------------------------------------------------------------------------------


async def ingest_page(request: Request):
    if request.method == "GET":
        return render(request, "ingest.html", limits=uploads, active="ingest")
    length = int(request.headers.get("content-length") or 0)
    if not length or length > uploads.MAX_TOTAL + 1024 * 1024:
        return render(request, "ingest.html", 413, limits=uploads, active="ingest",
                      errors=[f"上传过大：合计不能超过 {uploads.MAX_TOTAL // (1024 * 1024)} MB"])
    form = await request.form(max_files=uploads.MAX_FILES, max_fields=20, max_part_size=uploads.MAX_PASTE)
    if not csrf_ok(request, form):
        return render(request, "error.html", 403, message="请求已过期或来自其他网站：请刷新页面后重试。")
    files, errors = [], []
    for item in form.getlist("files"):
        if not hasattr(item, "read"):
            continue
        data = await item.read(uploads.MAX_BYTES + 1)
        if not item.filename and not data:
            continue
        try:
            files.append((uploads.check(item.filename or "", data), data))
        except uploads.UploadError as exc:
            errors.append(str(exc))
    pasted = str(form.get("text") or "").strip()
    if pasted:
        title = uploads.safe_name(str(form.get("name") or "").strip() or "粘贴文本")
        name = title if title.lower().endswith(".txt") else f"{title}.txt"
        files.append((uploads.check(name, pasted.encode("utf-8")), pasted.encode("utf-8")))
    if not files:
        return render(request, "ingest.html", 400, limits=uploads, active="ingest",
                      errors=errors or ["请选择文件或粘贴文本。"])
    store = _store(request)
    paths = uploads.save(store.path, files)
    job = uploads.start(store.path, paths)
    job.errors += errors
    return RedirectResponse(f"/ingest/job/{job.id}", status_code=303)


def job(request: Request):
    found = uploads.get(request.path_params["job"])
    if found is None:
        return render(request, "error.html", 404, message="没有这个入库任务（服务重启后不再保留）。")
    fragment = "hx-request" in request.headers
    return render(request, "job.html", job=found, fragment=fragment, active="ingest")


# --- errors ---------------------------------------------------------------------------------


async def not_found(request: Request, exc):
    return render(request, "error.html", 404, message="没有这个页面。")


async def server_error(request: Request, exc):
    return render(request, "error.html", 500, message="出错了：请把地址和操作告诉管理员。")
