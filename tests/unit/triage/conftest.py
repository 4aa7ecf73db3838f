"""Fixtures for triage's unit tests: the real repositories on a private in-process MongoDB
substitute, the real risk assessor, and a fake publisher (no broker)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo_async_mock import AsyncMongoMockClient

from services.triage.adapters import INDEXES
from services.triage.bootstrap import Triage, build
from services.triage.config import Settings
from services.triage.risk import RiskAssessor
from shared.crypto import generate_key_spec
from shared.events import Envelope, read_data
from shared.mongo import ensure_indexes
from tests.unit.triage.support_api import open_client
from tests.unit.triage.support_duty import PASSWORD, Clock, staffed_triage
from tests.unit.triage.support_triage import FakePublisher, line_envelope


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("MONGODB_URL", raising=False)
    return Settings(
        encryption_keys=generate_key_spec("k1"),
        pseudonym_key="unit-test-pseudonym-key",
        staff_assertion_key="unit-test-staff-assertion-key-0123456789",
    )


@pytest.fixture(scope="session")
def assessor() -> RiskAssessor:
    return RiskAssessor.default()


@pytest.fixture
async def db() -> Any:
    database = AsyncMongoMockClient(tz_aware=True)[f"triage_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database, INDEXES)
    return database


@pytest.fixture
def publisher() -> FakePublisher:
    return FakePublisher()


@pytest.fixture
def ctx(settings: Settings, db: Any, assessor: RiskAssessor, publisher: FakePublisher) -> Triage:
    return build(settings, db=db, assessor=assessor, publisher=publisher)


@pytest.fixture
def handle(ctx: Triage) -> Any:
    """Handle one LINE event dict (or a ready envelope) as the consumer would."""
    handler = ctx.line_events

    async def run(event_or_envelope: dict[str, Any] | Envelope) -> Envelope:
        envelope = (
            event_or_envelope if isinstance(event_or_envelope, Envelope) else line_envelope(event_or_envelope)
        )
        await handler(envelope, read_data(envelope))
        return envelope

    return run


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def duty(
    settings: Settings,
    db: Any,
    assessor: RiskAssessor,
    clock: Clock,
    publisher: FakePublisher,
    monkeypatch: pytest.MonkeyPatch,
) -> Triage:
    """Triage with counselors on shift around the clock and a stepping clock (starts in hours)."""
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    return await staffed_triage(settings, db, assessor, clock, publisher)


@pytest.fixture
def duty_handle(duty: Triage) -> Any:
    handler = duty.line_events

    async def run(event: dict[str, Any]) -> Envelope:
        envelope = line_envelope(event, received_at=duty.clock())
        await handler(envelope, read_data(envelope))
        return envelope

    return run


@pytest.fixture
async def api(duty: Triage) -> AsyncIterator[Any]:
    """The console API on `duty` (a test client), publishing to the fake publisher."""
    client = await open_client(duty)
    yield client
    await client.close()
