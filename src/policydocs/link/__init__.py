"""Link targets to later actuals, judge their status, record people's reviews (docs/linking.md).

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> from policydocs.link import link, linked_targets, review, export_links
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> reports = ["corpora/govreport/2018_国务院政府工作报告.txt", "corpora/govreport/2019_国务院政府工作报告.txt"]
    >>> ingest(reports, db=db).summary()
    '2 added, 0 replaced, 0 unchanged, 0 failed; 221 statements in ...'
    >>> link(db).summary()                     # ingest links at its end; nothing changed since
    'links up to date'
    >>> link(db, force=True).summary()
    '9 of 96 targets linked to 125 actuals (9 links, 0 statements left out) in ...s'
    >>> row = linked_targets(db, as_of="2019-03-05", region="全国")[0]
    >>> row.target.record["text"], row.actual.record["text"], row.status, row.share
    ('国内生产总值增长6.5%左右', '国内生产总值增长6.6%', '已完成', 1.0154)
    >>> review(db, row.target.key, "confirm").decision     # kept across re-ingest and re-link
    'confirm'
    >>> export_links(db, f"{tmp.name}/links.jsonl", as_of="2019-03-05")     # one line per target
    96
"""

from policydocs.link.corrections import Correction, CorrectionError, correct, restore
from policydocs.link.export import export_links
from policydocs.link.linker import LinkReport, link
from policydocs.link.model import STATUSES, LinkedTarget, StatementRef
from policydocs.link.review import Review, ReviewError, review, stale_reviews
from policydocs.link.targets import linked_targets

__all__ = ["link", "LinkReport", "linked_targets", "review", "stale_reviews", "Review", "ReviewError",
           "correct", "restore", "Correction", "CorrectionError",
           "export_links", "LinkedTarget", "StatementRef", "STATUSES"]
