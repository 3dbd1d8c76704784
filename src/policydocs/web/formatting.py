"""How the pages write values: the checklist's own cell formats (``report.checklist``), in Chinese."""

from __future__ import annotations

from urllib.parse import urlencode

from policydocs.link.model import STATUSES
from policydocs.report.checklist import STATUS_COLOURS, format_number, format_period, format_share, format_value
from policydocs.store.trust import TRUST_LABEL

# grammar: output label (the kinds and strengths of statements as the page names them)
KIND_LABEL = {"target": "目标", "actual": "实绩", "commitment": "无数字的部署"}
# grammar: output label
STRENGTH_LABEL = {"firm": "确保", "aim": "力争", "expect": "预计", "plan": "计划"}
# grammar: output label
COMPARATOR_LABEL = {">=": "不低于（≥）", "<=": "不高于（≤）", ">": "高于（>）", "<": "低于（<）", "~": "左右（约）",
                    "=": "等于"}
STATUS_CLASS = {status: f"status-{i}" for i, status in enumerate(STATUSES)}


def value(record: dict) -> str:
    return format_value(record.get("value"), record.get("value_max"), record.get("unit"), record.get("comparator"))


def number(x) -> str:
    return "" if x is None else format_number(float(x))


def url(path: str, params: dict | None = None, **change) -> str:
    """``path`` with the query ``params`` (changed by ``change``; empty values left out)."""
    merged = dict(params or {})
    merged.update(change)
    query = {k: v for k, v in merged.items() if v not in (None, "", False)}
    return path + ("?" + urlencode(query) if query else "")


FILTERS = {
    "value": value, "number": number, "share": format_share, "period": format_period,
    "kind": lambda k: KIND_LABEL.get(k or "", k or ""), "strength": lambda s: STRENGTH_LABEL.get(s or "", s or ""),
    "comparator": lambda c: COMPARATOR_LABEL.get(c or "", c or ""), "trust": lambda t: TRUST_LABEL.get(t or "", t or ""),
    "status_class": lambda s: STATUS_CLASS.get(s, ""), "units": lambda u: "、".join(u or []),
}
GLOBALS = {"url": url, "STATUSES": STATUSES, "STATUS_COLOURS": STATUS_COLOURS, "TRUST_LABEL": TRUST_LABEL,
           "KIND_LABEL": KIND_LABEL}
