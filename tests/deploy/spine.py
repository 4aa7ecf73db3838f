"""What the smoke test checks, as functions, so a deliberately broken copy can be run through the same
checks and shown to fail: the broker takes compose's credentials, each route reaches its service, and
the spine works end to end through the proxy."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp

from tests.support.waiting import until


def client_tls(certificate: Path) -> ssl.SSLContext:
    """Trust exactly the proxy's certificate (the one compose's secrets step generated)."""
    return ssl.create_default_context(cafile=str(certificate))


async def check_broker(amqp_url: str, exchange: str = "tsunagari.events") -> None:
    """The services' URL logs in and finds the topology: vhost, user, permissions, exchange."""
    connection = await aio_pika.connect(amqp_url, timeout=10)
    try:
        channel = await connection.channel()
        await channel.get_exchange(exchange, ensure=True)
    finally:
        await connection.close()


class Proxy:
    """A browser (or LINE) talking to the proxy over HTTPS."""

    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base, self.session = base, session
        self.cookie, self.csrf = "", ""

    async def request(
        self, method: str, path: str, **kwargs: Any
    ) -> tuple[int, Any, aiohttp.typedefs.LooseHeaders]:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookie:
            headers["Cookie"] = self.cookie
            if method not in ("GET", "HEAD"):
                headers["X-CSRF-Token"] = self.csrf
        async with self.session.request(
            method, f"{self.base}{path}", headers=headers, allow_redirects=False, **kwargs
        ) as r:
            body = await r.json() if r.content_type == "application/json" else await r.text()
            return r.status, body, r.headers

    async def login(self, username: str, password: str) -> None:
        status, body, headers = await self.request(
            "POST", "/api/auth/login", json={"username": username, "password": password}
        )
        assert status == 200, (status, body)
        cookie = next(v for k, v in headers.items() if k.lower() == "set-cookie" and "tsunagari" in v)
        self.cookie, self.csrf = cookie.split(";", 1)[0], body["csrf_token"]


async def check_routes(proxy: Proxy, admin_password: str) -> None:
    """Each path reaches the service that owns it (DESIGN §2), told apart by what only it answers;
    the other services' APIs only through the one login; internal paths not published."""
    status, body, _ = await proxy.request("POST", "/line/webhook", data=b"{}")
    assert status == 401 and "signature" in str(body), ("/line/webhook is not ingress", status, body)
    status, body, headers = await proxy.request("GET", "/")
    assert status == 200 and "<html" in str(body).lower(), ("/ is not the console", status)
    assert "default-src 'self'" in headers.get("Content-Security-Policy", ""), "the console lacks its CSP"
    for internal in ("/api/auth/check", "/metrics", "/readyz", "/healthz"):
        status, _, _ = await proxy.request("GET", internal)
        assert status == 404, (f"{internal} is published through the proxy", status)
    status, body, _ = await proxy.request("GET", "/api/outreach/requests")
    assert status == 401 and "unauthenticated" in str(body), ("/api/outreach/ without a login", status, body)
    await proxy.login("admin", admin_password)
    status, body, _ = await proxy.request("GET", "/api/outreach/requests")
    reached = (status == 200 and "open_requests" in str(body)) or (status == 403 and "forbidden_role" in str(body))
    assert reached, ("/api/outreach/ is not outreach", status, body)
    # The partner registry behind the same one login (no token of its own): the admin's session.
    status, body, _ = await proxy.request("GET", "/api/partners")
    assert status == 200 and "partners" in str(body), ("/api/partners is not notifier", status, body)
    status, body, _ = await proxy.request("GET", "/api/openapi.json")
    assert status == 200 and "triage" in str(body).lower(), ("/api/ is not triage", status, body)


async def simulator(base: str, method: str, path: str, json: Any = None) -> Any:
    async with aiohttp.ClientSession() as session, session.request(method, f"{base}{path}", json=json) as r:
        assert r.status < 300, await r.text()
        return await r.json()


async def inbox(base: str, user_id: str, predicate: Any, timeout: float = 20) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []

    async def arrived() -> bool:
        nonlocal items
        items = (await simulator(base, "GET", f"/_sim/consulters/{user_id}/inbox"))["messages"]
        return bool(predicate(items))

    await until(arrived, timeout, interval=0.1)
    return items


def texts(items: list[dict[str, Any]]) -> list[str]:
    return [m.get("text", "") for item in items for m in item.get("messages", [])]
