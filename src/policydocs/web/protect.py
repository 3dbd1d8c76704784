"""What every request passes through: the cross-site request check and the security headers.

* **Cross-site requests**: every POST carries a token that must equal this browser's cookie
  (``SameSite=Strict``, a double submit), and an ``Origin`` header, when sent, must name this
  server. A page elsewhere can neither read the token nor send the cookie.
* **Escaping**: Content-Security-Policy allows scripts and styles of this server only, so that a
  string that slipped past the templates' escaping still could not run.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse

CSRF_COOKIE = "policydocs_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

class Protect(BaseHTTPMiddleware):
    """The CSRF cookie on every response, security headers, and the check of every POST's origin."""

    async def dispatch(self, request: Request, call_next):
        token = request.cookies.get(CSRF_COOKIE) or ""
        fresh = len(token) != 43
        if fresh:
            token = secrets.token_urlsafe(32)
        request.state.csrf = token
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
                return PlainTextResponse("拒绝：请求来自其他网站", status_code=403)
        response = await call_next(request)
        if fresh:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def csrf_ok(request: Request, form) -> bool:
    """The POST's token (form field or htmx header) equals the browser's cookie."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    sent = (form.get(CSRF_FIELD) if form is not None else None) or request.headers.get(CSRF_HEADER) or ""
    return bool(cookie) and hmac.compare_digest(str(sent), cookie)
