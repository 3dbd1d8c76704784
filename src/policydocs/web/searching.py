"""检索: ``policydocs.store.search`` with the page's filters, in pages of results.

The query and the filters the command has (kind, region, document date range) go to
``search`` itself; the page's others (deadline range, responsible unit, source trust) are
read off each hit's statements and document, over the best 200 ranked hits (more for later
pages): a rare combination may show fewer hits than exist, and a narrower query finds them. A page is the
``page``-th slice of what ``search`` ranks, so an address (``/search?q=…&page=2``) always shows
the same hits for the same database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policydocs.store import Hit, QueryError, search
from policydocs.store.query import parse_bound

PAGE_SIZE = 20
MAX_PAGES = 25  # search ranks at most rank_window matches; beyond 500 hits a narrower query helps more
WINDOW = 200  # hits ranked when page-only filters (deadline, responsible, trust) must be read off them
WIDE = 1000  # at most, for the later pages


@dataclass
class SearchForm:
    q: str = ""
    kind: str = ""
    region: str = ""
    date_from: str = ""
    date_to: str = ""
    due_from: str = ""
    due_to: str = ""
    responsible: str = ""
    trust: str = ""
    page: int = 1

    @classmethod
    def from_params(cls, params) -> "SearchForm":
        form = cls(**{k: (params.get(k) or "").strip()[:200] for k in
                      ("q", "kind", "region", "date_from", "date_to", "due_from", "due_to", "responsible", "trust")})
        try:
            form.page = min(MAX_PAGES, max(1, int(params.get("page") or 1)))
        except ValueError:
            form.page = 1
        return form

    @property
    def page_filters(self) -> bool:
        return bool(self.due_from or self.due_to or self.responsible or self.trust)

    def params(self, **change) -> dict:
        values = {k: getattr(self, k) for k in ("q", "kind", "region", "date_from", "date_to", "due_from", "due_to",
                                                  "responsible", "trust")}
        values.update(change)
        return {k: v for k, v in values.items() if v not in ("", None, 1) or k == "q"}


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    more: bool = False
    error: str | None = None
    first: int = 1  # the number of the page's first hit


def run(db, form: SearchForm) -> Results:
    if not form.q.strip():
        return Results()
    try:
        lo = parse_bound(form.due_from, upper=False, name="时限自") if form.due_from else None
        hi = parse_bound(form.due_to, upper=True, name="时限至") if form.due_to else None
        start = (form.page - 1) * PAGE_SIZE
        want = start + PAGE_SIZE + 1
        # page-only filters are read off one wider window of ranked hits (one search: widening it
        # step by step cost more than it found on the bench)
        window = min(WIDE, max(want * 4, WINDOW)) if form.page_filters else want
        hits = search(db, form.q, kind=form.kind or None, region=form.region or None,
                      date_from=form.date_from or None, date_to=form.date_to or None, limit=window)
        if form.page_filters:
            hits = [h for h in hits if _keeps(h, form, lo, hi)]
    except QueryError as exc:
        return Results(error=str(exc))
    return Results(hits[start:start + PAGE_SIZE], len(hits) > start + PAGE_SIZE, None, start + 1)


def _keeps(hit: Hit, form: SearchForm, lo: str | None, hi: str | None) -> bool:
    if form.trust and hit.trust != form.trust:
        return False
    if not (lo or hi or form.responsible):
        return True
    for st in hit.statements:
        deadline = st.get("deadline") or ""
        if (lo or hi) and not deadline:
            continue
        if lo and deadline < lo or hi and deadline > hi:
            continue
        if form.responsible and not any(form.responsible in u for u in st.get("responsible") or []):
            continue
        return True
    return False
