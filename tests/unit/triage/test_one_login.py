"""One login for the whole console, through the one-origin proxy of `python -m services all`: the
proxy asks triage about the browser's session for another service's API and forwards a signed
assertion; nothing a browser sends itself is trusted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from services.dev_proxy import create_proxy
from services.triage.api.sessions import COOKIE_NAME
from services.triage.bootstrap import Triage
from shared.staff_auth import HEADER, StaffClaims, sign_assertion
from shared.web.headers import json_errors
from shared.web.staff import require_role, verified_staff
from tests.unit.triage.support_api import console_app
from tests.unit.triage.support_duty import PASSWORD


def outreach_like(key: str, clock: Any) -> web.Application:
    """A stand-in for a service behind the login: it answers with whom the request acts for."""

    async def whoami(request: web.Request) -> web.Response:
        staff = require_role(request, "counselor", "supervisor")
        return web.json_response({"id": staff.id, "role": staff.role, "sent": request.headers.get(HEADER)})

    app = web.Application(middlewares=[json_errors(), verified_staff(key, api_prefix="/api/", clock=clock)])
    app.router.add_get("/api/outreach/whoami", whoami)
    app.router.add_post("/api/outreach/whoami", whoami)
    return app


@dataclass
class Origin:
    http: aiohttp.ClientSession
    base: str

    async def login(self, username: str) -> tuple[str, str]:
        async with self.http.post(
            f"{self.base}/api/auth/login", json={"username": username, "password": PASSWORD}
        ) as r:
            assert r.status == 200, await r.text()
            cookie = SimpleCookie(r.headers["Set-Cookie"])[COOKIE_NAME].value
            return f"{COOKIE_NAME}={cookie}", (await r.json())["csrf_token"]


@pytest.fixture
async def origin(duty: Triage) -> AsyncIterator[Origin]:
    triage = TestServer(console_app(duty))
    outreach = TestServer(outreach_like(duty.settings.staff_assertion_key, duty.clock))
    await triage.start_server()
    await outreach.start_server()
    proxy = TestServer(
        create_proxy({"triage": str(triage.make_url("")), "outreach": str(outreach.make_url(""))})
    )
    await proxy.start_server()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        yield Origin(http, str(proxy.make_url("")).rstrip("/"))
    for server in (proxy, outreach, triage):
        await server.close()


async def test_without_a_session_the_other_service_is_not_reached(origin: Origin) -> None:
    async with origin.http.get(f"{origin.base}/api/outreach/whoami") as r:
        assert r.status == 401 and (await r.json())["error"]["code"] == "unauthenticated"


async def test_a_session_opens_the_other_services_api_with_a_fresh_assertion(origin: Origin) -> None:
    cookie, _ = await origin.login("aoki")
    supervisor = StaffClaims("s-sato", "sato", "supervisor", "x")
    forged = sign_assertion(
        "x" * 40, supervisor, method="GET", path="/api/outreach/whoami", now=datetime.now(UTC)
    )
    async with origin.http.get(
        f"{origin.base}/api/outreach/whoami", headers={"Cookie": cookie, HEADER: forged}
    ) as r:
        body = await r.json()
        assert r.status == 200 and (body["id"], body["role"]) == ("c-aoki", "counselor")
        assert body["sent"] != forged  # what the browser sent was replaced


async def test_a_change_needs_the_csrf_token_as_for_triage(origin: Origin) -> None:
    cookie, token = await origin.login("aoki")
    url = f"{origin.base}/api/outreach/whoami"
    async with origin.http.post(url, json={}, headers={"Cookie": cookie}) as r:
        assert r.status == 403 and (await r.json())["error"]["code"] == "csrf_token_missing"
    async with origin.http.post(
        url, json={}, headers={"Cookie": cookie, "X-CSRF-Token": token, "Sec-Fetch-Site": "cross-site"}
    ) as r:
        assert r.status == 403
    async with origin.http.post(url, json={}, headers={"Cookie": cookie, "X-CSRF-Token": token}) as r:
        assert r.status == 200


async def test_the_session_check_is_not_reachable_from_outside(origin: Origin) -> None:
    cookie, _ = await origin.login("aoki")
    async with origin.http.get(f"{origin.base}/api/auth/check", headers={"Cookie": cookie}) as r:
        assert r.status == 404 and HEADER not in r.headers


async def test_a_service_reached_directly_refuses_a_browser_made_header(duty: Triage) -> None:
    server = TestServer(outreach_like(duty.settings.staff_assertion_key, duty.clock))
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.make_url("/api/outreach/whoami"), headers={HEADER: "c-aoki"}) as r:
                assert r.status == 401
    finally:
        await server.close()


async def test_the_console_page_is_served_by_the_proxy(origin: Origin) -> None:
    async with origin.http.get(f"{origin.base}/") as r:
        assert r.status == 200 and "text/html" in r.headers["Content-Type"]
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/metrics", "/readyz", "/healthz"])
async def test_operations_endpoints_are_not_published_through_the_proxy(origin: Origin, path: str) -> None:
    async with origin.http.get(f"{origin.base}{path}") as r:
        assert r.status == 404


async def test_the_real_outreach_api_answers_only_through_the_login(duty: Triage, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: `/api/outreach/requests` answered without a login; now every outreach route checks
    the signed assertion, then its roles, and a change still needs triage's CSRF check."""
    import uuid

    from pymongo_async_mock import AsyncMongoMockClient

    from services.outreach.app import mount as mount_outreach
    from services.outreach.bootstrap import build as build_outreach
    from services.outreach.config import Settings as OutreachSettings
    from shared.crypto import generate_key_spec
    from tests.unit.triage.support_duty import DEFAULT_ROSTER, staff

    await duty.stores.staff.seed((*DEFAULT_ROSTER, staff("o-ono", "outreach_coordinator")), announce=False)

    class Quiet:
        async def publish_all(self, envelopes: Any) -> None:
            return None

    settings = OutreachSettings(  # type: ignore[call-arg]
        staff_assertion_key=duty.settings.staff_assertion_key,
        encryption_keys=generate_key_spec("k1"),
        pseudonym_key="unit-pseudonym-key",
    )
    db = AsyncMongoMockClient(tz_aware=True)[f"outreach_{uuid.uuid4().hex[:8]}"]
    app = mount_outreach(build_outreach(settings, db=db, clock=duty.clock, publisher=Quiet()), periodic=False)
    app.cleanup_ctx.clear()  # no broker here
    triage, outreach = TestServer(console_app(duty)), TestServer(app)
    await triage.start_server()
    await outreach.start_server()
    proxy = TestServer(create_proxy({"triage": str(triage.make_url("")), "outreach": str(outreach.make_url(""))}))
    await proxy.start_server()
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            origin = Origin(http, str(proxy.make_url("")).rstrip("/"))
            url = f"{origin.base}/api/outreach/requests"
            async with http.get(url) as r:
                assert r.status == 401
            async with http.get(url, headers={HEADER: "o-ono"}) as r:
                assert r.status == 401  # the browser's own header is dropped, and would not verify
            async with http.get(str(outreach.make_url("/api/outreach/requests"))) as r:
                assert r.status == 401  # around the proxy too
            cookie, _ = await origin.login("aoki")
            async with http.get(url, headers={"Cookie": cookie}) as r:
                assert r.status == 403 and (await r.json())["error"]["code"] == "forbidden_role"
            async with http.get(f"{origin.base}/api/outreach/places", headers={"Cookie": cookie}) as r:
                assert r.status == 200  # the consent form's catalogue
            cookie, token = await origin.login("ono")
            async with http.get(url, headers={"Cookie": cookie}) as r:
                assert r.status == 200 and (await r.json())["waiting"] == []
            visits = f"{origin.base}/api/outreach/visits"
            async with http.post(visits, json={}, headers={"Cookie": cookie}) as r:
                assert r.status == 403  # no CSRF token: refused by triage's check
            async with http.post(visits, json={}, headers={"Cookie": cookie, "X-CSRF-Token": token}) as r:
                assert r.status == 422  # reached outreach, which reads the body
    finally:
        for server in (proxy, outreach, triage):
            await server.close()
