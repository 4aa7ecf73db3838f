"""Fixtures for outreach's unit tests (support.py)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pymongo_async_mock import AsyncMongoMockClient

from services.outreach.app import mount
from services.outreach.bootstrap import Outreach, build
from services.outreach.config import Settings
from shared.crypto import generate_key_spec
from tests.unit.outreach.support import KEY, Clock, FakePublisher, Staff


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("MONGODB_URL", raising=False)
    return Settings(encryption_keys=generate_key_spec("k1"), staff_assertion_key=KEY, pseudonym_key="unit-pseudonym-key")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db() -> Any:
    return AsyncMongoMockClient(tz_aware=True)[f"outreach_{uuid.uuid4().hex[:8]}"]


@pytest.fixture
def publisher() -> FakePublisher:
    return FakePublisher()


@pytest.fixture
async def outreach(settings: Settings, db: Any, clock: Clock, publisher: FakePublisher) -> Outreach:
    built = build(settings, db=db, clock=clock, publisher=publisher)
    await built.stores.prepare()
    return built


@pytest.fixture
async def client(outreach: Outreach) -> AsyncIterator[TestClient[Any, Any]]:
    app = mount(outreach, periodic=False)
    # The app's lifecycle would connect a broker: the unit tests run without one.
    app.cleanup_ctx.clear()
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture
def as_staff(client: TestClient[Any, Any], clock: Clock) -> Callable[[str], Staff]:
    return lambda staff_id: Staff(client, staff_id, clock)
