"""The Starlette application: routes, templates, static files and the protections every page has.

* **Escaping**: templates are Jinja2 with autoescape on; the document text is escaped by
  :mod:`policydocs.web.documents`. Content-Security-Policy allows scripts and styles of this
  server only, so a string that slipped through could still not run.
* **Cross-site requests**: every POST carries a token that must equal this browser's cookie
  (``SameSite=Strict``, a double submit), and an ``Origin`` header, when sent, must name this
  server. A page elsewhere can neither read the token nor send the cookie.
* **No SQL from visitors**: pages call the Python API with parameters; nothing a visitor types
  becomes SQL except a full-text query, which ``store.fts`` parses into an FTS5 expression.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from policydocs.web import pages
from policydocs.web.protect import Protect
from policydocs.web.rendering import HERE, environment
from policydocs.web.store import Store


def create_app(db: str | Path, *, as_of: str | None = None) -> Starlette:
    """The web app over the database at ``db`` (``as_of``: judge status as of this day, default today)."""
    app = Starlette(routes=[
        Route("/", pages.overview),
        Route("/search", pages.search_page),
        Route("/doc/{doc:path}/original", pages.original),
        Route("/doc/{doc:path}/report", pages.removal_report),
        Route("/doc/{doc:path}", pages.document),
        Route("/statement/{key}", pages.statement),
        Route("/ledger", pages.ledger),
        Route("/ledger/export.{fmt}", pages.export),
        Route("/ledger/row/{key}", pages.row, methods=["GET", "POST"]),
        Route("/ingest", pages.ingest_page, methods=["GET", "POST"]),
        Route("/ingest/job/{job}", pages.job),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ], middleware=[Middleware(Protect)], exception_handlers={404: pages.not_found, 500: pages.server_error})
    app.state.store = Store(db)
    app.state.env = environment()
    app.state.as_of = as_of
    return app
