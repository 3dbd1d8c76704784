"""Checklist as one self-contained HTML page: inline CSS and script, no external assets.

Every piece of text (cells, title, filters) is HTML-escaped; the script reads the table, never
data of its own. Click a header to sort (numbers and dates sort as such), type in the box to keep
rows containing the text, pick a status to keep only those rows. Prints landscape without the
controls.
"""

from __future__ import annotations

from html import escape
from typing import IO

from policydocs.link.model import IN_PROGRESS, MET, NOT_DUE, NOT_MET, OVERDUE_UNREPORTED, STATUSES
from policydocs.report.checklist import (COL_ACTUAL, COL_ACTUAL_SOURCE, COL_BASIS, COL_DEADLINE, COL_INDICATOR,
                                         COL_KEY, COL_NO, COL_SENTENCE, COL_SHARE, COL_SOURCE, COL_STATUS, EMPTY_NOTE, HEADERS, STATUS_COLOURS, Checklist, parse_share)

STATUS_CLASS = {MET: "met", NOT_MET: "unmet", IN_PROGRESS: "progress", OVERDUE_UNREPORTED: "overdue",
                NOT_DUE: "notdue"}
_NUMERIC = {COL_NO, COL_SHARE}
# (on a laptop screen the table is wider than the window: the narrow columns would wrap to a
# character or two a line and make every row tall)
_WIDE = {COL_SENTENCE: "28em", COL_SOURCE: "16em", COL_ACTUAL_SOURCE: "16em", COL_KEY: "11em",
         COL_INDICATOR: "9em", COL_BASIS: "14em", COL_ACTUAL: "7em", COL_DEADLINE: "6em"}

_CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;
margin:1.5em;color:#222;font-size:14px}
h1{font-size:1.4em;margin:0 0 .3em}
.meta{color:#555;margin:.2em 0}
.controls{margin:.8em 0;display:flex;gap:.6em;align-items:center;flex-wrap:wrap}
.controls input{padding:.3em .5em;min-width:18em}
.controls select{padding:.3em}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:.35em .5em;vertical-align:top;text-align:left}
th{background:#ddebf7;position:sticky;top:0;cursor:pointer;white-space:nowrap;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;white-space:nowrap}
td.status{text-align:center;font-weight:bold;white-space:nowrap}
tr:nth-child(even) td{background:#fafafa}
.note{font-style:italic;color:#555}
@media print{.controls{display:none}th{position:static}body{margin:0}@page{size:A4 landscape;margin:1cm}}
"""

_SCRIPT = """
(function(){
var table=document.getElementById('checklist'),body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);
var q=document.getElementById('q'),st=document.getElementById('status'),count=document.getElementById('count');
function key(td){var v=td.getAttribute('data-sort');return v===null?td.textContent:v;}
function filter(){var text=q.value.trim().toLowerCase(),s=st.value,n=0;
rows.forEach(function(r){var ok=(!s||r.getAttribute('data-status')===s)&&(!text||r.textContent.toLowerCase().indexOf(text)>=0);
r.style.display=ok?'':'none';if(ok)n++;});count.textContent='显示 '+n+' / '+rows.length+' 项';}
Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){
var asc=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
var vals=rows.map(function(r){return key(r.cells[i]);});
var numeric=vals.every(function(v){return v===''||!isNaN(parseFloat(v))&&isFinite(v);});
var idx=rows.map(function(r,j){return j;});
idx.sort(function(a,b){var x=vals[a],y=vals[b];
if(x===''&&y!=='')return 1;if(y===''&&x!=='')return -1;
var c=numeric?parseFloat(x)-parseFloat(y):x.localeCompare(y,'zh-CN');if(!asc)c=-c;return c||a-b;});
rows=idx.map(function(j){return rows[j];});rows.forEach(function(r){body.appendChild(r);});});});
q.addEventListener('input',filter);st.addEventListener('change',filter);filter();
})();
"""


def render_html(sheet: Checklist) -> str:
    status_css = "".join(f"td.status.{STATUS_CLASS[s]}{{background:#{bg};color:#{fg}}}"
                         for s, (bg, fg) in STATUS_COLOURS.items())
    width_css = "".join(f"th.c{HEADERS.index(h)}{{min-width:{w}}}" for h, w in _WIDE.items())
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(sheet.title)}</title>", f"<style>{_CSS}{status_css}{width_css}</style>", "</head>",
           "<body>", f"<h1>{escape(sheet.title)}</h1>",
           f'<p class="meta">{escape(sheet.filter_line)}</p>', f'<p class="meta">{escape(sheet.summary_line)}</p>',
           '<div class="controls"><input id="q" type="search" placeholder="输入文字筛选（指标、单位、原文…）"'
           ' aria-label="筛选"><select id="status" aria-label="状态"><option value="">全部状态</option>'
           + "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in STATUSES)
           + '</select><span id="count"></span></div>',
           '<table id="checklist"><thead><tr>'
           + "".join(f'<th class="c{i}" scope="col">{escape(h)}</th>' for i, h in enumerate(HEADERS))
           + "</tr></thead><tbody>"]
    for row in sheet.rows:
        out.append(_tr(row))
    out.append("</tbody></table>")
    if not sheet.rows:
        out.append(f'<p class="note">{escape(EMPTY_NOTE)}</p>')
    out += [f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _tr(row: dict) -> str:
    status = row[COL_STATUS]
    cells = []
    for h in HEADERS:
        value = row[h]
        text = _cell_html(value)
        if h == COL_STATUS:
            cells.append(f'<td class="status {STATUS_CLASS.get(status, "")}">{text}</td>')
        elif h == COL_SHARE:
            share = parse_share(value) if value else None
            sort = "" if share is None else f"{share:.6f}"
            cells.append(f'<td class="num" data-sort="{sort}">{text}</td>')
        elif h in _NUMERIC:
            cells.append(f'<td class="num">{text}</td>')
        else:
            cells.append(f"<td>{text}</td>")
    return f'<tr data-status="{escape(str(status))}">' + "".join(cells) + "</tr>"


def _cell_html(value) -> str:
    text = "" if value is None else str(value)
    return "<br>".join(escape(line) for line in text.splitlines()) if "\n" in text else escape(text)


def write_html(sheet: Checklist, out: str | IO[str]) -> None:
    text = render_html(sheet)
    if hasattr(out, "write"):
        out.write(text)
        return
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
