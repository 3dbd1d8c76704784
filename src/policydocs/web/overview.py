"""总览: what a 督查 office looks at first, counted from the 台账's rows (``linked_targets``).

Counts by status per region and per responsible unit, each with a light: red when at least a
third of the targets whose deadline has passed were missed or never reported, yellow when any
was, else green; targets due in the next 30 and 90 days not yet met; targets overdue without any
reported actual; and the 完成率 of each indicator family. Each count is a ledger address, so
every number on the page opens the rows behind it.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from policydocs.link.model import MET, NOT_MET, OVERDUE_UNREPORTED, STATUSES, LinkedTarget
from policydocs.web.families import family_of, labels
from policydocs.web.store import jurisdiction

RED_SHARE = 1 / 3  # of the targets past their deadline, missed or unreported: red at or above
BAD = (NOT_MET, OVERDUE_UNREPORTED)


@dataclass
class Group:
    name: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def light(self) -> str:
        """red | yellow | green (see the module docstring)."""
        bad = sum(self.counts[s] for s in BAD)
        due = bad + self.counts[MET]
        if bad and bad >= RED_SHARE * due:
            return "red"
        return "yellow" if bad else "green"


@dataclass
class Family:
    name: str
    targets: int = 0
    met: int = 0
    shares: list[float] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """The median 完成率 of the family's targets that have one (capped at 150% for the bar)."""
        if not self.shares:
            return None
        s = sorted(self.shares)
        mid = len(s) // 2
        return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


@dataclass
class Overview:
    as_of: str
    total: int
    by_status: Counter
    regions: list[Group]
    units: list[Group]
    due30: int
    due90: int
    overdue_unreported: int
    families: list[Family]
    due30_before: str
    due90_before: str


def build(rows: list[LinkedTarget], as_of: str, *, top: int = 30) -> Overview:
    day = _dt.date.fromisoformat(as_of)
    d30, d90 = (day + _dt.timedelta(days=30)).isoformat(), (day + _dt.timedelta(days=90)).isoformat()
    by_place: Counter = Counter()  # (place, status) → n: one Counter, not one per group
    by_unit: Counter = Counter()
    fams: dict[str, Family] = {name: Family(name) for name in labels()}
    due30 = due90 = 0
    for r in rows:
        record, status = r.target.record, r.status
        by_place[(jurisdiction(r) or "（未知地区）", status)] += 1
        for unit in record.get("responsible") or ():
            by_unit[(unit, status)] += 1
        deadline = record.get("deadline") or ""
        if status != MET and as_of < deadline:
            due30 += deadline <= d30
            due90 += deadline <= d90
        fam = fams[family_of(record.get("indicator") or record.get("text"))]
        fam.targets += 1
        fam.met += status == MET
        if r.share is not None:
            fam.shares.append(r.share)
    regions, units = _groups(by_place), _groups(by_unit)
    by_status = Counter(r.status for r in rows)
    order = lambda g: (-sum(g.counts[s] for s in BAD), -g.total, g.name)  # noqa: E731 (the worst first)
    return Overview(as_of, len(rows), by_status, sorted(regions.values(), key=order)[:top],
                    sorted(units.values(), key=order)[:top], due30, due90, by_status[OVERDUE_UNREPORTED],
                    [f for f in fams.values() if f.targets], d30, d90)


def _groups(counts: Counter) -> dict[str, Group]:
    out: dict[str, Group] = {}
    for (name, status), n in counts.items():
        group = out.get(name)
        if group is None:
            group = out[name] = Group(name)
        group.counts[status] = n
    return out


def ledger_url(**params) -> str:
    """A ledger address with these filters (empty ones left out)."""
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    return "/ledger" + ("?" + urlencode(query) if query else "")


def open_statuses() -> str:
    """The statuses of a target not yet met (for "due in the next N days")."""
    return ",".join(s for s in STATUSES if s != MET)
