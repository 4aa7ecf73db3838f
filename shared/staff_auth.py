"""One login for the whole console: the signed staff assertion that triage issues and every other
service's API checks (docs/architecture.md, "One console, one login").

Staff sign in once, at triage (which owns the staff accounts and sessions). For a request to
another service's API the proxy (nginx `auth_request`, or `services/dev_proxy.py`) first asks
triage's `GET /api/auth/check` about the browser's session; triage answers with a short-lived
assertion — a JWT (PyJWT, HS256) naming the staff member and her role, bound to the request's
method and path — which the proxy puts in `X-Tsunagari-Staff`, replacing whatever the browser sent.
The service verifies the signature, audience, expiry, method and path before its own role check,
so a header a browser could set is worth nothing without the key, and a captured assertion cannot
be replayed on another route or after `ASSERTION_TTL`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt

HEADER = "X-Tsunagari-Staff"
AUDIENCE = "tsunagari-console"
ALGORITHM = "HS256"
ASSERTION_TTL = timedelta(seconds=30)
CLOCK_SKEW_S = 5  # services' clocks may differ a little (NTP keeps them close)


class InvalidAssertion(ValueError):
    """No assertion, or one that does not verify (forged, expired, for another request)."""


@dataclass(frozen=True, slots=True)
class StaffClaims:
    """Who a verified request acts for."""

    id: str
    username: str
    role: str
    display_name: str


def sign_assertion(key: str, staff: StaffClaims, *, method: str, path: str, now: datetime) -> str:
    claims = {
        "sub": staff.id,
        "usr": staff.username,
        "role": staff.role,
        "name": staff.display_name,
        "htm": method.upper(),
        "htu": path,
        "aud": AUDIENCE,
        "iat": int(now.timestamp()),
        "exp": int((now + ASSERTION_TTL).timestamp()),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def verify_assertion(key: str, token: str | None, *, method: str, path: str, now: datetime) -> StaffClaims:
    if not token:
        raise InvalidAssertion("missing")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            options={
                "require": ["exp", "iat", "sub", "role", "htm", "htu"],
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise InvalidAssertion(type(exc).__name__) from None
    # Time against the caller's clock (tests inject one); PyJWT would read the wall clock.
    moment = int(now.timestamp())
    if moment >= int(claims["exp"]) or int(claims["iat"]) > moment + CLOCK_SKEW_S:
        raise InvalidAssertion("expired")
    if claims["htm"] != method.upper() or claims["htu"] != path:
        raise InvalidAssertion("other_request")
    return StaffClaims(
        id=str(claims["sub"]),
        username=str(claims.get("usr", "")),
        role=str(claims["role"]),
        display_name=str(claims.get("name", "")),
    )
