"""The console's aiohttp middlewares, outermost first, and the role checks handlers use.

1. `security_headers`: a strict CSP and friends on every response, `Cache-Control: no-store` on /api.
2. `json_errors`: any 4xx/5xx under /api becomes `{"error": {"code", "message"}}`; a crash is logged
   and answered 500 without details.
3. `authenticate`: every /api path except the public ones (login) needs a live session; the account
   is re-read on each request, so a disabled account or a changed role applies at once.
4. `csrf_protect`: see `csrf.py`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from functools import wraps

import structlog
from aiohttp import web

from services.triage.api.context import AUTH_KEY, PRINCIPAL_KEY, SESSION_KEY
from services.triage.api.csrf import SAFE_METHODS, check_origin_and_type, check_token
from services.triage.api.errors import DEFAULT_CODES, api_error, json_error_response
from services.triage.api.security import Principal
from services.triage.api.sessions import COOKIE_NAME

logger = structlog.get_logger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

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


def _is_api(request: web.Request) -> bool:
    return request.path.startswith(request.config_dict[AUTH_KEY].config.api_prefix)


def _harden(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if _is_api(request):
        # Case data must never sit in a browser or proxy cache on a shared computer.
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # static 404s and redirects outside /api
        _harden(request, exc)
        raise
    _harden(request, response)
    return response


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not _is_api(request):
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
            logger.exception("console_api_error", path=request.path, method=request.method)
        return json_error_response(500, "internal_error", "Something went wrong; it has been logged.")


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    ctx = request.config_dict[AUTH_KEY]
    if not _is_api(request) or request.path in ctx.config.public_paths:
        return await handler(request)
    session = await ctx.sessions.resolve(request.cookies.get(COOKIE_NAME), ctx.clock())
    user = await ctx.users.find(session.username) if session else None
    if session is None or user is None or not user.active or user.id != session.user_id:
        if session is not None:
            await ctx.sessions.store.delete(session.id_hash)
        raise api_error(401, "unauthenticated", "Log in to continue.")
    request[SESSION_KEY] = session
    request[PRINCIPAL_KEY] = user.principal()
    return await handler(request)


@web.middleware
async def csrf_protect(request: web.Request, handler: Handler) -> web.StreamResponse:
    if _is_api(request) and request.method not in SAFE_METHODS:
        check_origin_and_type(request)
        session = request.get(SESSION_KEY)
        if session is not None:  # public paths (login) have none; every other path has one
            check_token(request, session.csrf_token)
    return await handler(request)


def principal(request: web.Request) -> Principal:
    """The logged-in staff member (set by `authenticate`)."""
    found: Principal | None = request.get(PRINCIPAL_KEY)
    if found is None:
        raise api_error(401, "unauthenticated", "Log in to continue.")
    return found


def require_role(request: web.Request, *roles: str) -> Principal:
    """The principal if her role is one of `roles`, else 403. No hierarchy: list every role allowed."""
    who = principal(request)
    if who.role not in roles:
        raise api_error(403, "forbidden_role", f"This needs the role {' or '.join(roles)}.")
    return who


def requires(*roles: str) -> Callable[[Handler], Handler]:
    """Decorator form of `require_role` for handlers."""

    def wrap(handler: Handler) -> Handler:
        @wraps(handler)
        async def checked(request: web.Request) -> web.StreamResponse:
            require_role(request, *roles)
            return await handler(request)

        return checked

    return wrap
