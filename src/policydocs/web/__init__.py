"""The office's own web page over a policydocs database: 总览, 检索, 文件, 台账, 核对, 入库, in Chinese.

A small server-rendered app (Starlette, Jinja2, htmx for the review actions) over the same store
and Python API as the commands: the 台账 shows the rows of ``policydocs checklist`` and exports
the files it writes, decisions go through ``policydocs review``'s store, uploads through
``policydocs ingest``. Every asset ships in the package: it works on an intranet without internet.

    policydocs serve --db policydocs.db          # then open http://127.0.0.1:8001

    >>> from starlette.testclient import TestClient
    >>> from policydocs.web import create_app
    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> _ = ingest(["corpora/seeds"], db=db)
    >>> page = TestClient(create_app(db)).get("/search", params={"q": "医共体", "kind": "target"})
    >>> page.status_code, "<mark>医共体</mark>" in page.text
    (200, True)

Addresses people can bookmark and send: ``/``, ``/search?q=…``, ``/doc/<doc>``, ``/ledger?region=…``,
``/ledger/row/<编号>`` (核对), ``/ingest``.
"""

from __future__ import annotations

import sys

from policydocs.web.app import create_app

__all__ = ["create_app", "run"]


def run(db: str, *, host: str = "127.0.0.1", port: int = 8001, as_of: str | None = None) -> None:
    """Serve the app until interrupted (Ctrl-C or SIGTERM stop it and free the port)."""
    import uvicorn

    app = create_app(db, as_of=as_of)
    from policydocs.web.store import today

    app.state.store.warm(as_of or today())  # the 台账 of a large database takes seconds: start now
    shown = f"[{host}]" if ":" in host else host
    print(f"policydocs: 打开 http://{shown}:{port}/ （按 Ctrl-C 停止）", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
