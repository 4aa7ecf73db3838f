"""Notifier integration fixtures: the LINE simulator, a partner receiver that verifies every webhook,
and a way to start (and restart) the notifier application over real HTTP and RabbitMQ."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from services.notifier.app import mount
from services.notifier.bootstrap import build
from services.notifier.config import Settings
from services.simulator.app import create_app as create_simulator
from services.simulator.config import SimulatorSettings
from services.simulator.state import consulter_user_id
from shared.events import AlertContact, RequestPartnerAlert, envelope_for
from shared.messaging import EventPublisher
from shared.outbound_sealing import seal_outbound
from tests.support.sealing import TEST_KEYRING, TEST_KEYS
from tests.support.staff import staff_headers

# The keys triage and notifier share. From tests.support (imported once): pytest may import this
# conftest twice (as a conftest and by the tests' imports), and the keys must be the same in both.
KEY_SPEC, KEYRING = TEST_KEYS, TEST_KEYRING
LINE_TOKEN = "test-line-access-token"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@dataclass
class Simulator:
    url: str
    session: aiohttp.ClientSession
    webhooks: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def reply_token(self, user_id: str) -> str:
        """She writes a message; the webhook the simulator sends carries the reply token."""
        async with self.session.post(
            f"{self.url}/_sim/consulters/{user_id}/messages", json={"text": "こんにちは"}
        ) as r:
            assert r.status == 200, await r.text()
        event = await asyncio.wait_for(self.webhooks.get(), 5)
        return str(event["replyToken"])

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        async with self.session.request(method, f"{self.url}{path}", json=body) as response:
            assert response.status < 300, await response.text()
            return await response.json()


@pytest.fixture
async def simulator() -> AsyncIterator[Simulator]:
    """The LINE simulator on a free port, with a fake ingress that keeps the webhooks it gets."""
    webhooks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def ingress(request: web.Request) -> web.Response:
        for event in (await request.json())["events"]:
            webhooks.put_nowait(event)
        return web.Response()

    ingress_app = web.Application()
    ingress_app.router.add_post("/line/webhook", ingress)
    ingress_runner, ingress_url = await serve(ingress_app)
    settings = SimulatorSettings(
        line_channel_secret="sim-secret",
        line_channel_access_token=LINE_TOKEN,
        ingress_webhook_url=f"{ingress_url}/line/webhook",
    )
    runner, url = await serve(create_simulator(settings))
    async with aiohttp.ClientSession() as session:
        yield Simulator(url, session, webhooks)
    await runner.cleanup()
    await ingress_runner.cleanup()


@dataclass
class Received:
    path: str
    webhook_id: str
    body: dict[str, Any]
    verified: bool
    status: int


@dataclass
class Receiver:
    """A partner's endpoint: verifies each webhook (Standard Webhooks) and answers as planned.

    `plan[path]` is a list of answers used in order (an int status, or "hang": no answer until the
    test ends); when it is empty the answer is 200.
    """

    url: str = ""
    secrets: dict[str, str] = field(default_factory=dict)
    plan: dict[str, list[int | str]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    released: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def endpoint(self, name: str, secret: str, plan: list[int | str] | None = None) -> str:
        self.secrets[f"/p/{name}"] = secret
        self.plan[f"/p/{name}"] = list(plan or [])
        return f"{self.url}/p/{name}"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        from standardwebhooks import Webhook

        raw = await request.read()
        try:
            Webhook(self.secrets[request.path]).verify(raw, dict(request.headers))
            verified = True
        except Exception:  # WebhookVerificationError, or ValueError / binascii.Error on a bad header
            verified = False
        plan = self.plan.get(request.path) or []
        answer = plan.pop(0) if plan else 200
        status = 0 if answer == "hang" else int(answer)
        async with self.changed:
            self.received.append(
                Received(
                    request.path, request.headers.get("webhook-id", ""), json.loads(raw), verified, status
                )
            )
            self.changed.notify_all()
        if answer == "hang":
            await self.released.wait()
        return web.Response(status=status or 503)

    def at(self, name: str, ok_only: bool = False) -> list[Received]:
        return [r for r in self.received if r.path == f"/p/{name}" and (not ok_only or 200 <= r.status < 300)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        async def satisfied() -> None:
            async with self.changed:
                await self.changed.wait_for(predicate)

        await asyncio.wait_for(satisfied(), timeout)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    fake = Receiver()
    app = web.Application()
    app.router.add_post("/p/{name}", fake.handle)
    runner, fake.url = await serve(app)
    yield fake
    fake.released.set()
    await runner.cleanup()


@dataclass
class NotifierHarness:
    make_settings: Callable[..., Settings]
    runners: list[web.AppRunner] = field(default_factory=list)

    async def start(self, *, resolver: Any = None, **overrides: Any) -> tuple[web.Application, str]:
        """`resolver`: a `GuardedResolver` over answers of the test's own (no DNS here)."""
        app = mount(build(self.make_settings(**overrides), resolver=resolver))
        runner, url = await serve(app)
        self.runners.append(runner)
        return app, url

    async def stop(self, app: web.Application) -> None:
        for runner in list(self.runners):
            if runner.app is app:
                await runner.cleanup()
                self.runners.remove(runner)


@pytest.fixture
async def notifier(
    service_env: dict[str, str], tmp_path: Path, simulator: Simulator
) -> AsyncIterator[NotifierHarness]:
    database = f"notifier_test_{uuid.uuid4().hex[:8]}"

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "line_channel_access_token": LINE_TOKEN,
            "line_api_base_url": simulator.url,
            "encryption_keys": KEY_SPEC,
            "seeds_dir": tmp_path,
            "allow_insecure_loopback": True,
            "mongodb_database": database,
            "alert_retry_scale": 0.001,
            "alert_timeout_s": 2.0,
            "line_request_timeout_s": 2.0,
            "line_backoff_initial_s": 0.01,
            "alert_poll_s": 0.2,
        }
        values.update(overrides)
        return Settings(**values)

    harness = NotifierHarness(make)
    yield harness
    for runner in harness.runners:
        await runner.cleanup()


def consulter(letter: str = "A") -> str:
    return consulter_user_id(letter)


@pytest.fixture
async def publish(amqp_connection: Any, topology: Any) -> AsyncIterator[Any]:
    """Publishes `partner.alert.requested` as triage does, details sealed (`send(**fields)` returns
    the alert)."""
    channel = await amqp_connection.channel()
    await topology.declare_all(channel)  # so an alert published before the notifier consumes is kept
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()

    async def send(**fields: Any) -> RequestPartnerAlert:
        alert = RequestPartnerAlert(
            alert_id=fields.pop("alert_id", f"alert-{uuid.uuid4().hex[:12]}"),
            category=fields.pop("category", "dv_imminent"),
            urgency="emergency",
            action="call_back",
            case_ref="C-2026-0042",
            contact=AlertContact(name="相談員 田中", role="counselor", phone="03-0000-0000"),
            **fields,
        )
        envelope = envelope_for(alert, producer="triage", correlation_id=alert.alert_id)
        await publisher.publish(seal_outbound(KEYRING, envelope))
        return alert

    yield send
    await publisher.close()


async def add_partner(url: str, partner_id: str, endpoint: str, secret: str, **extra: Any) -> None:
    """Registers a partner through the API, as an admin."""
    body = {
        "id": partner_id,
        "name": partner_id,
        "kind": "police",
        "url": endpoint,
        "secret": secret,
        **extra,
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/api/partners", json=body, headers=staff_headers("POST", "/api/partners")) as r,
    ):
        assert r.status == 201, await r.text()
