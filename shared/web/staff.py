"""Every non-triage API's check of who a request acts for (one login; see `shared/staff_auth.py`).

`verified_staff(key, clock)` is a middleware for the API prefix: it verifies the assertion the proxy
put in `X-Tsunagari-Staff` against this very request (method and path) and attaches the claims; no
assertion or a bad one is 401 — the browser then signs in again at triage. CSRF was checked by
triage when it issued the assertion (the token and `Sec-Fetch-Site` of the original request); here
a body must still be `application/json`, so a cross-site form cannot post one. `require_role` is
the per-route role check; there is no role hierarchy: list every role allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from aiohttp import web

from shared.staff_auth import HEADER, InvalidAssertion, StaffClaims, verify_assertion
from shared.web.errors import api_error
from shared.web.headers import Handler, Middleware

log = structlog.get_logger(__name__)
STAFF_KEY = web.RequestKey("tsunagari_staff", StaffClaims)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def verified_staff(
    key: str,
    *,
    api_prefix: str,
    public_paths: frozenset[str] = frozenset(),
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(api_prefix) or request.path in public_paths:
            return await handler(request)
        try:
            staff = verify_assertion(
                key, request.headers.get(HEADER), method=request.method, path=request.path, now=clock()
            )
        except InvalidAssertion as exc:
            log.info("staff_assertion_refused", reason=str(exc), path=request.path)
            raise api_error(401, "unauthenticated", "Log in to continue.") from None
        if request.method not in SAFE_METHODS and request.body_exists:
            if request.content_type != "application/json":
                raise api_error(415, "unsupported_media_type", "Send the body as application/json.")
        request[STAFF_KEY] = staff
        return await handler(request)

    return middleware


def staff_of(request: web.Request) -> StaffClaims:
    found: StaffClaims | None = request.get(STAFF_KEY)
    if found is None:
        raise api_error(401, "unauthenticated", "Log in to continue.")
    return found


def require_role(request: web.Request, *roles: str) -> StaffClaims:
    staff = staff_of(request)
    if staff.role not in roles:
        raise api_error(403, "forbidden_role", f"This needs the role {' or '.join(roles)}.")
    return staff
