"""The console's security layer over HTTP: login, cookies, timeouts, CSRF, rate limit, roles, headers."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from services.triage.adapters.memory import InMemoryAuditLog, InMemorySessionStore, InMemoryUserDirectory
from services.triage.adapters.passwords import Passwords
from services.triage.api.auth import setup_auth
from services.triage.api.middlewares import principal, requires
from services.triage.api.openapi import openapi_document
from services.triage.api.sessions import COOKIE_NAME, hash_session_id
from services.triage.domain.staff import StaffUser

# Cheap parameters so the suite stays fast; production uses argon2-cffi's defaults.
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORDS = Passwords(FAST)
PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Console:
    client: TestClient[Any, Any]
    clock: Clock
    users: InMemoryUserDirectory
    store: InMemorySessionStore
    audit: InMemoryAuditLog

    async def login(self, username: str = "aoki", password: str = PASSWORD) -> tuple[str, str]:
        """Log in; return (cookie header value, csrf token)."""
        response = await self.client.post(
            "/api/auth/login", json={"username": username, "password": password}
        )
        assert response.status == 200, await response.text()
        cookie = SimpleCookie(response.headers["Set-Cookie"])[COOKIE_NAME].value
        return f"{COOKIE_NAME}={cookie}", (await response.json())["csrf_token"]


def staff(uid: str, username: str, role: str, **kw: Any) -> StaffUser:
    return StaffUser(uid, username, username.title(), role, PASSWORDS.hash(PASSWORD), **kw)  # type: ignore[arg-type]


async def whoami(request: web.Request) -> web.Response:
    return web.json_response(principal(request).to_json())


async def echo(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


@requires("supervisor")
async def supervisors_only(request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def crash(request: web.Request) -> web.Response:
    raise RuntimeError("bug")


async def page(request: web.Request) -> web.Response:
    return web.Response(text="<!doctype html>", content_type="text/html")


@pytest.fixture
async def console() -> AsyncIterator[Console]:
    clock = Clock()
    users = InMemoryUserDirectory([staff("c1", "aoki", "counselor"), staff("s1", "sato", "supervisor")])
    store, audit = InMemorySessionStore(), InMemoryAuditLog(clock)
    app = web.Application()
    setup_auth(app, users=users, sessions=store, audit=audit, passwords=PASSWORDS, clock=clock)
    app.router.add_get("/api/whoami", whoami)
    app.router.add_post("/api/echo", echo)
    app.router.add_get("/api/supervision", supervisors_only)
    app.router.add_get("/api/crash", crash)
    app.router.add_get("/", page)
    # A dummy jar: the tests send the cookie themselves, exactly as a browser would.
    async with TestClient(TestServer(app), cookie_jar=aiohttp.DummyCookieJar()) as client:
        yield Console(client, clock, users, store, audit)


async def error_code(response: aiohttp.ClientResponse) -> str:
    assert response.content_type == "application/json"
    code: str = (await response.json())["error"]["code"]
    return code


async def test_login_returns_user_token_and_a_locked_down_cookie(console: Console) -> None:
    response = await console.client.post("/api/auth/login", json={"username": "AOKI", "password": PASSWORD})
    assert response.status == 200
    body = await response.json()
    assert body["user"] == {
        "id": "c1",
        "username": "aoki",
        "role": "counselor",
        "display_name": "Aoki",
        "skills": [],
    }
    assert len(body["csrf_token"]) >= 43
    morsel = SimpleCookie(response.headers["Set-Cookie"])[COOKIE_NAME]
    assert morsel["httponly"] and morsel["secure"] and morsel["samesite"] == "Strict"
    assert morsel["path"] == "/" and not morsel["domain"] and not morsel["max-age"]
    # The store keeps only the hash of the id.
    assert list(console.store.records) == [hash_session_id(morsel.value)]
    assert [e.action for e in console.audit.entries] == ["auth.login"]


@pytest.mark.parametrize(("username", "password"), [("aoki", "wrong"), ("nobody", PASSWORD)])
async def test_bad_credentials_look_the_same(console: Console, username: str, password: str) -> None:
    response = await console.client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status == 401
    assert await response.json() == {
        "error": {"code": "invalid_credentials", "message": "Wrong username or password."}
    }
    assert "Set-Cookie" not in response.headers


async def test_malformed_login_body_is_400(console: Console) -> None:
    response = await console.client.post("/api/auth/login", json={"username": "aoki"})
    assert response.status == 400 and await error_code(response) == "invalid_body"


async def test_api_needs_a_session(console: Console) -> None:
    assert (await console.client.get("/api/whoami")).status == 401
    assert (
        await console.client.get("/api/whoami", headers={"Cookie": f"{COOKIE_NAME}=forged"})
    ).status == 401
    # Unknown paths do not reveal themselves before login, and give a JSON 404 after it.
    assert await error_code(await console.client.get("/api/nowhere")) == "unauthenticated"
    cookie, _ = await console.login()
    response = await console.client.get("/api/nowhere", headers={"Cookie": cookie})
    assert response.status == 404 and await error_code(response) == "not_found"


async def test_me_and_the_principal(console: Console) -> None:
    cookie, token = await console.login("sato")
    me = await (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).json()
    assert me["user"]["role"] == "supervisor" and me["csrf_token"] == token
    assert (await (await console.client.get("/api/whoami", headers={"Cookie": cookie})).json())["id"] == "s1"


async def test_idle_timeout(console: Console) -> None:
    cookie, _ = await console.login()
    for _ in range(3):  # activity keeps it alive
        console.clock.advance(minutes=14, seconds=59)
        assert (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).status == 200
    console.clock.advance(minutes=15)
    assert (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).status == 401
    assert console.store.records == {}


async def test_absolute_timeout_despite_activity(console: Console) -> None:
    cookie, _ = await console.login()
    for _ in range(47):
        console.clock.advance(minutes=10)
        assert (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).status == 200
    console.clock.advance(minutes=10)  # 8 hours after login
    assert (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).status == 401


async def test_disabled_account_loses_access_at_once(console: Console) -> None:
    cookie, _ = await console.login()
    console.users.users["aoki"] = replace(console.users.users["aoki"], active=False)
    assert (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).status == 401


async def test_csrf_token_required_on_changes(console: Console) -> None:
    cookie, token = await console.login()
    post = console.client.post
    missing = await post("/api/echo", json={}, headers={"Cookie": cookie})
    assert missing.status == 403 and await error_code(missing) == "csrf_token_missing"
    wrong = await post("/api/echo", json={}, headers={"Cookie": cookie, "X-CSRF-Token": token[:-1] + "x"})
    assert wrong.status == 403 and await error_code(wrong) == "csrf_token_invalid"
    ok = await post("/api/echo", json={}, headers={"Cookie": cookie, "X-CSRF-Token": token})
    assert ok.status == 200
    # Reads need no token.
    assert (await console.client.get("/api/whoami", headers={"Cookie": cookie})).status == 200


async def test_cross_site_and_form_posts_are_refused(console: Console) -> None:
    cookie, token = await console.login()
    headers = {"Cookie": cookie, "X-CSRF-Token": token}
    form = await console.client.post("/api/echo", data={"a": "1"}, headers=headers)
    assert form.status == 415
    cross = await console.client.post(
        "/api/echo", json={}, headers={**headers, "Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status == 403 and await error_code(cross) == "cross_site_request"
    login_form = await console.client.post("/api/auth/login", data={"username": "aoki", "password": PASSWORD})
    assert login_form.status == 415


async def test_account_rate_limit(console: Console) -> None:
    for _ in range(5):
        bad = await console.client.post("/api/auth/login", json={"username": "aoki", "password": "nope"})
        assert bad.status == 401
    blocked = await console.client.post("/api/auth/login", json={"username": "aoki", "password": PASSWORD})
    assert blocked.status == 429 and await error_code(blocked) == "too_many_attempts"
    assert blocked.headers["Retry-After"] == "900"
    console.clock.advance(minutes=10)
    again = await console.client.post("/api/auth/login", json={"username": "aoki", "password": PASSWORD})
    assert again.headers["Retry-After"] == "300"
    console.clock.advance(minutes=5)
    await console.login()  # the window has passed


async def test_address_rate_limit_spans_accounts(console: Console) -> None:
    for i in range(20):
        response = await console.client.post("/api/auth/login", json={"username": f"u{i}", "password": "x"})
        assert response.status == 401
    response = await console.client.post("/api/auth/login", json={"username": "sato", "password": PASSWORD})
    assert response.status == 429


async def test_logout_ends_the_session(console: Console) -> None:
    cookie, token = await console.login()
    response = await console.client.post(
        "/api/auth/logout", headers={"Cookie": cookie, "X-CSRF-Token": token}
    )
    assert response.status == 200
    assert SimpleCookie(response.headers["Set-Cookie"])[COOKIE_NAME]["max-age"] == "0"
    assert console.store.records == {}
    assert (await console.client.get("/api/auth/me", headers={"Cookie": cookie})).status == 401
    assert [e.action for e in console.audit.entries] == ["auth.login", "auth.logout"]


async def test_login_replaces_an_existing_session(console: Console) -> None:
    old, _ = await console.login()
    response = await console.client.post(
        "/api/auth/login", json={"username": "aoki", "password": PASSWORD}, headers={"Cookie": old}
    )
    assert response.status == 200
    assert (await console.client.get("/api/auth/me", headers={"Cookie": old})).status == 401


async def test_role_check(console: Console) -> None:
    counselor, _ = await console.login("aoki")
    denied = await console.client.get("/api/supervision", headers={"Cookie": counselor})
    assert denied.status == 403 and await error_code(denied) == "forbidden_role"
    supervisor, _ = await console.login("sato")
    assert (await console.client.get("/api/supervision", headers={"Cookie": supervisor})).status == 200


async def test_security_headers_everywhere(console: Console) -> None:
    cookie, _ = await console.login()
    responses = [
        await console.client.get("/"),
        await console.client.get("/api/whoami"),  # an error
        await console.client.get("/api/whoami", headers={"Cookie": cookie}),
        await console.client.get("/missing.js"),
    ]
    for response in responses:
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    assert all(r.headers["Cache-Control"] == "no-store" for r in responses[1:3])


async def test_a_crash_is_a_plain_json_500(console: Console) -> None:
    cookie, _ = await console.login()
    response = await console.client.get("/api/crash", headers={"Cookie": cookie})
    assert response.status == 500 and await error_code(response) == "internal_error"
    assert "bug" not in await response.text()


async def test_old_hashes_are_upgraded_on_login(console: Console) -> None:
    weaker = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, salt_len=8).hash(PASSWORD)
    console.users.users["aoki"] = replace(console.users.users["aoki"], password_hash=weaker)
    await console.login()
    assert console.users.users["aoki"].password_hash != weaker
    assert not PASSWORDS.needs_rehash(console.users.users["aoki"].password_hash)


async def test_openapi_lists_the_auth_routes(console: Console) -> None:
    document = openapi_document(console.client.server.app, "triage", "1")
    assert set(document["paths"]) == {"/api/auth/login", "/api/auth/logout", "/api/auth/me"}
    assert "security" not in document["paths"]["/api/auth/login"]["post"]


async def test_a_guesser_at_one_address_cannot_lock_the_account_for_everyone() -> None:
    from services.triage.api.ratelimit import InMemoryLoginLimiter, login_keys

    limiter, now = InMemoryLoginLimiter(), datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    for _ in range(5):
        await limiter.record_failure(login_keys("Aoki", "203.0.113.9"), now)
    assert await limiter.retry_after(login_keys("aoki", "203.0.113.9"), now) is not None
    assert await limiter.retry_after(login_keys("aoki", "198.51.100.4"), now) is None  # she still gets in
    for n in range(95):  # guessing spread over many addresses still meets the account-wide guard
        await limiter.record_failure(login_keys("aoki", f"192.0.2.{n}"), now)
    assert await limiter.retry_after(login_keys("aoki", "198.51.100.4"), now) is not None


async def test_behind_a_trusted_proxy_the_limits_are_per_person_not_per_proxy() -> None:
    from services.triage.adapters.memory import InMemoryAuditLog, InMemorySessionStore
    from services.triage.api.context import AuthConfig
    from shared.client_address import TrustedProxies

    users = InMemoryUserDirectory([staff("c1", "aoki", "counselor")])
    app = web.Application()
    config = AuthConfig(trusted_proxies=TrustedProxies.parse("127.0.0.1/32"))
    setup_auth(
        app,
        users=users,
        sessions=InMemorySessionStore(),
        audit=InMemoryAuditLog(),
        passwords=PASSWORDS,
        config=config,
    )

    async with TestClient(TestServer(app), cookie_jar=aiohttp.DummyCookieJar()) as client:

        async def attempt(address: str, password: str) -> int:
            body = {"username": "aoki", "password": password}
            response = await client.post("/api/auth/login", json=body, headers={"X-Forwarded-For": address})
            return response.status

        assert [await attempt("203.0.113.9", "nope") for _ in range(5)] == [401] * 5
        assert await attempt("203.0.113.9", PASSWORD) == 429  # the guesser's own address is stopped
        assert await attempt("198.51.100.4", PASSWORD) == 200  # the counselor at the office is not
        for n in range(20):  # one address failing on many accounts meets the address limit...
            await client.post(
                "/api/auth/login",
                json={"username": f"u{n}", "password": "x"},
                headers={"X-Forwarded-For": "192.0.2.77"},
            )
        assert await attempt("198.51.100.4", PASSWORD) == 200  # ...which is not everyone's
