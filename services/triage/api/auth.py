"""Login, logout and "who am I" for the console, and `setup_auth` that mounts the security layer.

- `POST /api/auth/login {"username", "password"}` → 200 `{"user": {...}, "csrf_token"}` and the
  session cookie; 401 `invalid_credentials` whatever was wrong (unknown user, bad password, disabled
  account); 429 `too_many_attempts` with `Retry-After` (seconds) once a limit is reached.
- `POST /api/auth/logout` (CSRF token required) → 200, session deleted, cookie cleared.
- `GET /api/auth/me` → 200 `{"user": {...}, "csrf_token"}`, so a reloaded page recovers its token.
"""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from pydantic import BaseModel, Field

from services.triage.adapters.passwords import Passwords
from services.triage.api.context import AUTH_KEY, SESSION_KEY, AuthConfig, AuthContext, Clock
from services.triage.api.middlewares import authenticate, csrf_protect, principal, refusals_as_http
from services.triage.api.openapi import describe
from services.triage.api.ratelimit import InMemoryLoginLimiter, LoginLimiter, login_keys
from services.triage.api.sessions import COOKIE_NAME, Sessions, clear_session_cookie, set_session_cookie
from services.triage.domain.ports import AuditLog, SessionStore, UserDirectory
from services.triage.domain.sessions import SessionPolicy
from shared.client_address import client_address
from shared.web.errors import api_error
from shared.web.headers import harden, json_errors
from shared.web.json_body import read_json
from shared.web.work import api_work


class LoginIn(BaseModel):
    """The login body (documented here; read by `_credentials`, which answers 400 for any other shape)."""

    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=1024)


async def _credentials(request: web.Request, max_password: int) -> tuple[str, str]:
    body: Any = await read_json(request)
    username = body.get("username") if isinstance(body, dict) else None
    password = body.get("password") if isinstance(body, dict) else None
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise api_error(400, "invalid_body", 'Send {"username": "...", "password": "..."}.')
    if len(username) > 128 or len(password) > max_password:
        raise api_error(400, "invalid_body", "Username or password is too long.")
    return username, password


@describe("Log in to the console", tags=("auth",), public=True, request=LoginIn)
async def login(request: web.Request) -> web.Response:
    auth = request.config_dict[AUTH_KEY]
    username, password = await _credentials(request, auth.config.max_password_length)
    now = auth.clock()
    keys = login_keys(username, client_address(request, auth.config.trusted_proxies))
    wait = await auth.limiter.retry_after(keys, now)
    if wait is not None:
        retry = str(max(1, math.ceil(wait.total_seconds())))
        raise api_error(
            429, "too_many_attempts", "Too many failed logins; try later.", {"Retry-After": retry}
        )
    user = await auth.users.find(username)
    # argon2 takes tens of milliseconds of CPU: keep the event loop free for the other requests.
    valid = await asyncio.to_thread(auth.passwords.verify, user.password_hash if user else None, password)
    if user is None or not valid or not user.active:
        await auth.limiter.record_failure(keys, now)
        await auth.audit.record(user.id if user else None, "auth.login_failed", None, {})
        raise api_error(401, "invalid_credentials", "Wrong username or password.")
    await auth.limiter.reset(keys[0])
    if auth.passwords.needs_rehash(user.password_hash):
        await auth.users.set_password_hash(user.id, await asyncio.to_thread(auth.passwords.hash, password))
    # A fresh id at every login: a session id planted before login is worthless (fixation).
    await auth.sessions.end(request.cookies.get(COOKIE_NAME))
    raw_id, session = await auth.sessions.start(user.id, user.username, now)
    await auth.audit.record(user.id, "auth.login", None, {})
    response = web.json_response({"user": user.principal().to_json(), "csrf_token": session.csrf_token})
    set_session_cookie(response, raw_id)
    return response


@describe("Log out (ends the session server-side)", tags=("auth",))
async def logout(request: web.Request) -> web.Response:
    auth = request.config_dict[AUTH_KEY]
    who = principal(request)
    await auth.sessions.end(request.cookies.get(COOKIE_NAME))
    await auth.audit.record(who.id, "auth.logout", None, {})
    response = web.json_response({"status": "logged_out"})
    clear_session_cookie(response)
    return response


@describe("The logged-in staff member and the session's CSRF token", tags=("auth",))
async def me(request: web.Request) -> web.Response:
    return web.json_response(
        {"user": principal(request).to_json(), "csrf_token": request[SESSION_KEY].csrf_token}
    )


def setup_auth(
    app: web.Application,
    *,
    users: UserDirectory,
    sessions: SessionStore,
    audit: AuditLog,
    passwords: Passwords | None = None,
    limiter: LoginLimiter | None = None,
    policy: SessionPolicy | None = None,
    config: AuthConfig | None = None,
    clock: Clock | None = None,
) -> AuthContext:
    """Build the security layer from its parts and install it (tests, small apps)."""
    auth = AuthContext(
        users=users,
        sessions=Sessions(sessions, policy),
        limiter=limiter or InMemoryLoginLimiter(),
        audit=audit,
        passwords=passwords or Passwords(),
        clock=clock or (lambda: datetime.now(UTC)),
        config=config or AuthConfig(),
    )
    install_auth(app, auth)
    return auth


def install_auth(app: web.Application, auth: AuthContext) -> None:
    """Mount the security middlewares (outermost, before any the app already has) and the auth routes."""
    app[AUTH_KEY] = auth
    prefix = auth.config.api_prefix
    app.middlewares[0:0] = [
        harden(prefix), json_errors(prefix), api_work, refusals_as_http, authenticate, csrf_protect
    ]  # fmt: skip
    app.router.add_post("/api/auth/login", login)
    app.router.add_post("/api/auth/logout", logout)
    app.router.add_get("/api/auth/me", me)
