"""Fixtures for the LINE simulator's unit tests: the app in process and a fake ingress."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.simulator.app import create_app
from services.simulator.config import SimulatorSettings
from services.simulator.keys import STATE_KEY
from services.simulator.state import SimulatorState, consulter_user_id

SECRET = "simulator-test-channel-secret"
TOKEN = "simulator-test-access-token"


@dataclass
class FakeIngress:
    """Records every webhook it receives and answers with `status`."""

    url: str = ""
    status: int = 200
    received: asyncio.Queue[tuple[bytes, str]] = field(default_factory=asyncio.Queue)

    async def next(self, deadline_s: float = 5.0) -> tuple[bytes, str]:
        return await asyncio.wait_for(self.received.get(), deadline_s)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.put_nowait((await request.read(), request.headers.get("x-line-signature", "")))
        return web.Response(status=self.status)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def ingress() -> AsyncIterator[FakeIngress]:
    fake = FakeIngress()
    app = web.Application()
    app.router.add_post("/line/webhook", fake.handle)
    async with TestServer(app) as server:
        fake.url = str(server.make_url("/line/webhook"))
        yield fake


@pytest.fixture
def settings(ingress: FakeIngress) -> SimulatorSettings:
    return SimulatorSettings(
        line_channel_secret=SECRET,
        line_channel_access_token=TOKEN,
        ingress_webhook_url=ingress.url,
        monthly_push_quota=200,
        reply_token_ttl_seconds=60.0,
    )


@pytest.fixture
async def client(settings: SimulatorSettings) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client


@pytest.fixture
def state(client: TestClient[web.Request, web.Application]) -> SimulatorState:
    return client.app[STATE_KEY]


@pytest.fixture
def clock(state: SimulatorState) -> FakeClock:
    fake = FakeClock()
    state.clock = fake
    return fake


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def user_a() -> str:
    return consulter_user_id("A")


@pytest.fixture
def user_b() -> str:
    return consulter_user_id("B")


@pytest.fixture
def reply_token(state: SimulatorState, user_a: str) -> str:
    """A token as if consulter A had just sent a message."""
    return state.issue_reply_token(user_a)
