"""Security headers on every response, `no-store` on API answers, and JSON errors under the API.

`harden(api_prefix)` and `json_errors(api_prefix)` are middlewares every service's app puts first:
a strict Content-Security-Policy (no inline code; the console needs none), no framing, no sniffing,
no referrer; API answers never sit in a browser or proxy cache on a shared office computer; any
4xx/5xx under the API prefix becomes the JSON error shape, and a crash is logged and answered 500
without details.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

import structlog
from aiohttp import web
from aiohttp.typedefs import Middleware

from shared.web.errors import DEFAULT_CODES, json_error_response

logger = structlog.get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
__all__ = ["CSP", "SECURITY_HEADERS", "Handler", "Middleware", "apply_security_headers", "harden", "json_errors"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=63072000",
}


def apply_security_headers(response: web.StreamResponse, *, no_store: bool) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if no_store:
        response.headers["Cache-Control"] = "no-store"


def harden(api_prefix: str = "/api/") -> Middleware:
    @web.middleware
    async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        no_store = request.path.startswith(api_prefix)
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # 404s and redirects outside the API
            apply_security_headers(exc, no_store=no_store)
            raise
        apply_security_headers(response, no_store=no_store)
        return response

    return security_headers


def json_errors(api_prefix: str = "/api/") -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(api_prefix):
            return await handler(request)
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400 or exc.content_type == "application/json":
                raise
            response = json_error_response(exc.status, DEFAULT_CODES.get(exc.status), exc.reason)
            for name in ("Allow", "Retry-After"):
                if name in exc.headers:
                    response.headers[name] = exc.headers[name]
            return response
        except Exception:
            # A broken log sink must not turn the answer into a plain-text 500.
            with contextlib.suppress(Exception):
                logger.exception("api_error", path=request.path, method=request.method)
            return json_error_response(500, "internal_error", "Something went wrong; it has been logged.")

    return middleware
