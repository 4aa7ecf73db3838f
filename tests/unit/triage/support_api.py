"""The console API on a staffed triage (substitute database, fake publisher, stepping clock)."""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.triage.api.mount import mount_api
from services.triage.api.sessions import COOKIE_NAME
from services.triage.bootstrap import Triage
from tests.unit.triage.support_duty import PASSWORD


@dataclass
class Session:
    client: TestClient[Any, Any]
    cookie: str
    token: str

    async def get(self, path: str) -> aiohttp.ClientResponse:
        return await self.client.get(path, headers={"Cookie": self.cookie})

    async def send(self, method: str, path: str, body: Any, *, csrf: bool = True) -> aiohttp.ClientResponse:
        headers = {"Cookie": self.cookie, **({"X-CSRF-Token": self.token} if csrf else {})}
        return await self.client.request(method, path, json=body, headers=headers)


def console_app(triage: Triage) -> web.Application:
    app = web.Application()
    mount_api(app, auth=triage.auth, groups=triage.routes, session_check=triage.session_check)
    return app


async def open_client(triage: Triage) -> TestClient[Any, Any]:
    client: TestClient[Any, Any] = TestClient(
        TestServer(console_app(triage)), cookie_jar=aiohttp.DummyCookieJar()
    )
    await client.start_server()
    return client


async def login(client: TestClient[Any, Any], username: str) -> Session:
    response = await client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status == 200, await response.text()
    cookie = SimpleCookie(response.headers["Set-Cookie"])[COOKIE_NAME].value
    return Session(client, f"{COOKIE_NAME}={cookie}", (await response.json())["csrf_token"])
