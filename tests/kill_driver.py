"""Run a policydocs command and SIGKILL the process at a named point (tests/test_faults.py).

    python tests/kill_driver.py POINT N -- ingest DIR --db X.db

POINT names where the process dies: right after the Nth document is committed (``write``),
inside the transaction that replaces a stored version (``replace``), after the last write and
before grouping (``before-group``), in the middle of grouping (``grouping``: its results
computed, their transaction not yet committed), before linking writes (``linking``) and inside
linking's write transaction (``link-write``). A real SIGKILL: no handler, no cleanup runs.
"""

from __future__ import annotations

import os
import signal
import sys
from types import SimpleNamespace


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str, n: int) -> None:
    import policydocs.link.linker as linker
    import policydocs.store.dedup as dedup
    import policydocs.batch.runner as load
    import policydocs.store.write as write

    if point == "write":
        original = load.write_document
        count = [0]

        def write_then_die(*args, **kwargs):
            result = original(*args, **kwargs)
            count[0] += 1
            if count[0] >= n:
                die()
            return result

        load.write_document = write_then_die
    elif point == "replace":
        original_delete = write.delete_document

        def delete_then_die(conn, doc_hash):
            original_delete(conn, doc_hash)
            die()  # the old version deleted, the new one not yet written, nothing committed

        write.delete_document = delete_then_die
    elif point == "before-group":
        load._group = lambda *args, **kwargs: die()
    elif point == "grouping":
        class DyingConnection:  # the connection grouping writes on, killed at its COMMIT
            def __init__(self, conn):
                self.conn, self.updated = conn, False

            def executemany(self, sql, rows):
                self.updated |= sql.startswith("UPDATE documents SET canonical")
                return self.conn.executemany(sql, rows)

            def execute(self, sql, *args):
                if self.updated and sql == "COMMIT":
                    die()  # the canonical copies updated, the transaction not committed
                return self.conn.execute(sql, *args)

            def __getattr__(self, name):
                return getattr(self.conn, name)

        regroup = dedup._regroup

        def regroup_then_die(database, **kwargs):
            return regroup(SimpleNamespace(conn=DyingConnection(database.conn)), **kwargs)

        dedup._regroup = regroup_then_die
    elif point == "linking":
        linker._links = lambda *args, **kwargs: die()
    elif point == "link-write":
        linker.set_meta = lambda *args, **kwargs: die()  # links deleted and inserted, not committed
    else:
        raise SystemExit(f"unknown point {point!r}")


def main() -> None:
    point, n, sep, *args = sys.argv[1:]
    assert sep == "--", "usage: kill_driver.py POINT N -- ARGS"
    arm(point, int(n))
    from policydocs.cli import cli

    cli.main(args=args, prog_name="policydocs")


if __name__ == "__main__":
    main()
