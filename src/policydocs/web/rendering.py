"""Pages from templates: Jinja2 with autoescape on, the page filters of :mod:`policydocs.web.formatting`."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

HERE = Path(__file__).resolve().parent


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(["html"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True)
    from policydocs.web import formatting

    env.filters.update(formatting.FILTERS)
    env.globals.update(formatting.GLOBALS)
    return env


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    env: Environment = request.app.state.env
    context.setdefault("csrf", getattr(request.state, "csrf", ""))
    context.setdefault("path", request.url.path)
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)
