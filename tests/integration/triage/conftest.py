"""Triage runtimes against the real RabbitMQ (and MongoDB or its substitute), each test on its own
topology prefix and database, with an injected clock and the periodic loops off (tests call ticks)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from services.triage.bootstrap import Triage, build
from services.triage.config import Settings
from shared.crypto import generate_key_spec
from shared.mongo import create_client
from tests.unit.triage.support_duty import PASSWORD, Clock

RuntimeFactory = Callable[[], Awaitable[Triage]]


def database_of(triage: Triage) -> Any:
    """The test's own handle on the database triage uses (the same server, or the same substitute)."""
    return create_client(triage.settings.mongodb_url)[triage.settings.mongodb_database]


@pytest.fixture
def clock() -> Clock:
    return Clock()  # Thursday 19:00 in Japan: open, and the seed roster is on shift


@pytest.fixture
async def runtimes(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, amqp_connection: Any, clock: Clock
) -> AsyncIterator[RuntimeFactory]:
    """Start triage processes sharing one database and one queue (competing consumers)."""
    monkeypatch.setenv("ENCRYPTION_KEYS", generate_key_spec("k1"))
    monkeypatch.setenv("MONGODB_DATABASE", f"triage_{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    started: list[Triage] = []

    async def start() -> Triage:
        runtime = build(Settings(), clock=clock)
        await runtime.start(periodic=False)
        await asyncio.wait_for(runtime.broker_ready.wait(), 15)
        started.append(runtime)
        return runtime

    yield start
    for runtime in started:
        await runtime.stop()
