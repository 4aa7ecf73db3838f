"""Outreach replicas against the real RabbitMQ (and MongoDB or its substitute): each test on its own
topology prefix and database, sharing one database between replicas as a deployment would, with
an injected clock and the periodic rounds off (tests call them)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.outreach.app import mount
from services.outreach.bootstrap import Outreach, build
from services.outreach.config import Settings
from shared.crypto import generate_key_spec
from shared.mongo import create_client
from tests.support.interleaving import InterleavingDatabase
from tests.unit.outreach.support import Clock


@dataclass
class Replica:
    outreach: Outreach
    client: TestClient[Any, Any]


ReplicaFactory = Callable[[], Awaitable[Replica]]


@pytest.fixture
def clock() -> Clock:
    return Clock()  # Monday 30 November 2026, 10:00 in Japan


@pytest.fixture
async def replicas(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, clock: Clock, mongodb_url: str | None
) -> AsyncIterator[ReplicaFactory]:
    """Start outreach processes sharing one database and one queue (competing consumers)."""
    monkeypatch.setenv("ENCRYPTION_KEYS", generate_key_spec("k1"))
    name = f"outreach_{uuid.uuid4().hex[:8]}"
    started: list[Replica] = []

    async def start() -> Replica:
        settings = Settings(mongodb_database=name)  # type: ignore[call-arg]
        # One database for every replica; each yields at every round trip (tests/support/interleaving.py).
        db = InterleavingDatabase(create_client(mongodb_url)[name], seed=len(started) + 1)
        outreach = build(settings, db=db, clock=clock)
        app = mount(outreach, periodic=False)
        client: TestClient[Any, Any] = TestClient(TestServer(app))
        await client.start_server()
        await asyncio.wait_for(outreach.broker_ready.wait(), 15)
        replica = Replica(outreach, client)
        started.append(replica)
        return replica

    yield start
    for replica in started:
        await replica.client.close()
