"""Human-readable accounts: the removal report of one draft and the evaluation table."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

import click

from policydocs.clean.document import CleanDocument


def report_lines(doc: CleanDocument) -> list[str]:
    lines = [f"== {doc.source}  标题: {doc.title or '(无)'}  正文 {len(doc.body)} 字, {len(doc.paragraphs)} 段"]
    if doc.site:
        lines.append(f"   站点规则: {doc.site}")
    facts = [(label, value) for label, value in (("日期", doc.date), ("网页发布", doc.page_date), ("来源", doc.issuer),
                                                 ("讲话人", doc.meta.get("speaker")), ("责任编辑", doc.meta.get("editor")))
             if value]
    if facts:
        lines.append("   " + "  ".join(f"{label}: {value}" for label, value in facts))
    for note in doc.conversions:
        lines.append(f"   转换: {note}")
    reasons = Counter(r.reason for r in doc.removed)
    for reason, count in reasons.most_common():
        sample = next(r.text for r in doc.removed if r.reason == reason)
        sample = sample if len(sample) <= 30 else sample[:30] + "…"
        lines.append(f"   已删除 {reason} ×{count}: {sample}")
    for gap in doc.gaps:
        size = f"{gap.omitted_chars} 字" if gap.omitted_chars is not None else "字数不详"
        lines.append(f"   缺失 @{gap.offset} ({gap.reason}, {size}) 于「…{gap.after}」之后")
    if "total_chars" in doc.meta:
        lines.append(f"   原文共 {doc.meta['total_chars']} 字, 页面显示 {doc.meta.get('shown_chars')} 字")
    for flag in doc.flags:
        lines.append(f"   需核对 [{flag.kind}] @{flag.offset}: {flag.text}  {flag.detail}")
    for warning in doc.meta.get("warnings", ()):
        lines.append(f"   读取提示: {warning}")  # (damaged bytes, a charset that did not fit, a misnamed file)
    return lines


def print_report(doc: CleanDocument, *, err: bool = False) -> None:
    for line in report_lines(doc):
        click.echo(line, err=err)


def print_scores(scores, *, as_json: bool = False) -> None:
    if as_json:
        click.echo(json.dumps([asdict(s) for s in scores], ensure_ascii=False, indent=2))
        return
    click.echo("| document | precision | recall | F1 | checks |")
    click.echo("|---|---:|---:|---:|---|")
    for s in scores:
        checks = s.error or ", ".join(f"{k}: {v}" for k, v in s.checks.items())
        click.echo(f"| {s.name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {checks} |")
    ok = [s for s in scores if not s.error]
    if scores:
        f1s = [s.f1 for s in scores]
        click.echo(f"| **macro** ({len(ok)}/{len(scores)} scored) | {sum(s.precision for s in scores) / len(scores):.4f} | "
                   f"{sum(s.recall for s in scores) / len(scores):.4f} | {sum(f1s) / len(f1s):.4f} | min F1 {min(f1s):.4f} |")
        keys = sorted({k for s in scores for k in s.matches})
        if keys:  # metadata accuracy (web pages: date, author); a page that failed counts as wrong
            right = ", ".join(f"{k} {sum(1 for s in scores if s.matches.get(k))}/{len(scores)}" for k in keys)
            click.echo(f"| **metadata right** | | | | {right} |")
