"""The console API's aiohttp middlewares, outermost first, and the role checks handlers use.

1. `harden` (shared/web/headers.py): a strict CSP and friends on every response, `no-store` on /api.
2. `json_errors` (shared): any 4xx/5xx under /api becomes `{"error": {"code", "message"}}`; a crash
   is logged and answered 500 without details.
3. `refusals_as_http`: a workflow's expected refusal (domain/refusals.py) becomes its JSON error.
4. `authenticate`: every /api path except the public ones (login) needs a live session; the account
   is re-read on each request, so a disabled account or a changed role applies at once.
5. `csrf_protect`: see `csrf.py`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import wraps

from aiohttp import web

from services.triage.api.context import AUTH_KEY, PRINCIPAL_KEY, SESSION_KEY
from services.triage.api.csrf import SAFE_METHODS, check_origin_and_type, check_token
from services.triage.api.sessions import COOKIE_NAME
from services.triage.domain.refusals import Conflict, Refused, Unprocessable
from services.triage.domain.staff import Principal
from shared.web.errors import api_error

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
REFUSAL_STATUS: dict[type[Refused], int] = {Conflict: 409, Unprocessable: 422}


def _is_api(request: web.Request) -> bool:
    return request.path.startswith(request.config_dict[AUTH_KEY].config.api_prefix)


@web.middleware
async def refusals_as_http(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Refused as exc:
        status = REFUSAL_STATUS.get(type(exc), 409)
        if not exc.extra:
            raise api_error(status, exc.code, exc.message) from None
        body = {"error": {"code": exc.code, "message": exc.message, **exc.extra}}
        return web.json_response(body, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


async def resolve_principal(request: web.Request) -> Principal | None:
    """The live session's staff member (touching the session), or None; sets the request keys."""
    auth = request.config_dict[AUTH_KEY]
    session = await auth.sessions.resolve(request.cookies.get(COOKIE_NAME), auth.clock())
    user = await auth.users.find(session.username) if session else None
    if session is None or user is None or not user.active or user.id != session.user_id:
        if session is not None:
            await auth.sessions.store.delete(session.id_hash)
        return None
    request[SESSION_KEY] = session
    request[PRINCIPAL_KEY] = user.principal()
    return request[PRINCIPAL_KEY]


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    auth = request.config_dict[AUTH_KEY]
    if not _is_api(request) or request.path in auth.config.public_paths:
        return await handler(request)
    if await resolve_principal(request) is None:
        raise api_error(401, "unauthenticated", "Log in to continue.")
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
