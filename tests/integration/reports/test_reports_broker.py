"""The reports service consuming `reports.events` on RabbitMQ: the scenario's events, each sent
twice, come out as the hand-computed figures."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pymongo_async_mock import AsyncMongoMockClient

from services.reports.bootstrap import build
from services.reports.config import Settings
from shared.messaging import EventPublisher
from tests.support.waiting import until
from tests.unit.reports.scenario import events
from tests.unit.reports.support import NOW

pytestmark = pytest.mark.integration


async def test_events_from_the_broker_become_the_figures_once(
    service_env: Any, amqp_connection: Any, topology: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINE_ADD_FRIEND_URL", "https://line.me/R/ti/p/@example")
    monkeypatch.setenv("REPORTS_PUBLIC_BASE_URL", "https://tsunagari.example.jp")
    db = AsyncMongoMockClient(tz_aware=True)[f"reports_{uuid.uuid4().hex[:8]}"]
    reports = build(Settings(), db=db, clock=lambda: NOW)  # type: ignore[call-arg]
    await reports.start(periodic=False)
    try:
        await until(reports.broker_ready.is_set, 20)
        publisher = EventPublisher(amqp_connection, topology)
        await publisher.start()
        sent = events()
        await publisher.publish_all(sent)
        await publisher.publish_all(sent)  # every one redelivered: counted once
        await until(lambda: _archived(reports, len(sent)), 30)
        await until(lambda: _handled(reports, 2 * len(sent)), 30)
        await reports.summariser.refresh()
        report = await reports.stores.summaries.year(2025)
        assert report is not None
        assert report["headline"]["consultations"] == 3
        assert report["headline"]["friends_registered"] == 2
        assert report["headline"]["out_of_hours"] == 2
    finally:
        await reports.stop()


async def _archived(reports: Any, expected: int) -> bool:
    return bool(await reports.stores.archive.count() == expected)


def _handled(reports: Any, expected: int) -> bool:
    consumer = reports.broker.consumers[0]
    seen = sum(
        consumer.outcomes.labels(consumer.queue_name, outcome)._value.get() for outcome in ("handled", "duplicate")
    )
    return bool(seen >= expected)
