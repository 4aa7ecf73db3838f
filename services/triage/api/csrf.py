"""CSRF protection for the console API: a synchronizer token per session, plus two cheap checks.

1. Every request that changes something (any method but GET, HEAD, OPTIONS) must send the session's
   token in `X-CSRF-Token`; the token is returned by login and by `GET /api/auth/me` and is compared
   in constant time. A page on another site cannot read it, so it cannot forge the header.
2. Such a request with a body must be `application/json`: a cross-site HTML form cannot send that
   without a CORS preflight, which this API never grants.
3. A browser that says `Sec-Fetch-Site: cross-site` or `same-site` is refused outright.

The session cookie is SameSite=Strict as well; each layer covers a gap in the others (old browsers,
sibling subdomains, proxies that strip headers).
"""

from __future__ import annotations

import hmac

from aiohttp import web

from shared.web.errors import api_error

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "X-CSRF-Token"


def check_origin_and_type(request: web.Request) -> None:
    """Checks 2 and 3: for every unsafe request under /api, logged in or not (login included)."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") in ("cross-site", "same-site"):
        raise api_error(403, "cross_site_request", "Requests from other sites are refused.")
    if request.body_exists and request.content_type != "application/json":
        raise api_error(415, "unsupported_media_type", "Send the body as application/json.")


def check_token(request: web.Request, expected: str) -> None:
    """Check 1: the header carries this session's token."""
    sent = request.headers.get(HEADER, "")
    if not sent:
        raise api_error(403, "csrf_token_missing", f"The {HEADER} header is required.")
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise api_error(403, "csrf_token_invalid", f"The {HEADER} header does not match this session.")
