"""Link targets to later actuals, judge their status, record people's reviews (docs/linking.md).

    >>> from policydocs.link import link, linked_targets, review, export_links
    >>> link("policydocs.db").summary()                     # also run at the end of ingest
    >>> rows = linked_targets("policydocs.db", as_of="2019-03-05", region="全国")
    >>> review("policydocs.db", rows[0].target.key, "confirm")
    >>> export_links("policydocs.db", "links.jsonl", as_of="2019-03-05")
"""

from policydocs.link.export import export_links
from policydocs.link.linker import LinkReport, link
from policydocs.link.model import STATUSES, LinkedTarget, StatementRef
from policydocs.link.review import Review, ReviewError, review, stale_reviews
from policydocs.link.targets import linked_targets

__all__ = ["link", "LinkReport", "linked_targets", "review", "stale_reviews", "Review", "ReviewError",
           "export_links", "LinkedTarget", "StatementRef", "STATUSES"]
