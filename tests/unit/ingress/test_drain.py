"""The drainer: a permanent failure never blocks what follows; a transient one keeps the order and
shows as a stall; spooled v1 events are sealed on the way out (fakes for the broker, real files)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from services.ingress.adapters.spool import DiskSpool
from services.ingress.domain.legacy import sealed_if_legacy
from services.ingress.domain.webhook import to_envelopes
from services.ingress.drain import SpoolDrainer
from shared.events import Envelope
from shared.line_input import read_webhook
from shared.messaging import PublishFailed, Unpublishable
from shared.messaging.publisher import unpublishable_reason
from tests.support.line import body_of, text_event
from tests.support.sealing import TEST_KEYRING, opened_event

NOW = datetime(2026, 11, 28, tzinfo=UTC)
PSEUDONYM_KEY = "unit-pseudonym-key-0123"


class FakePublisher:
    """Confirms what a broker would take, refuses what it never could (as `EventPublisher` does)."""

    def __init__(self) -> None:
        self.published: list[Envelope] = []
        self.transient_failures = 0

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        if self.transient_failures:
            self.transient_failures -= 1
            raise PublishFailed("TimeoutError: no confirm in time")
        refused = []
        for envelope in envelopes:
            reason = unpublishable_reason(envelope, envelope.to_bytes())
            if reason:
                refused.append((envelope, reason))
            else:
                self.published.append(envelope)
        if refused:
            raise Unpublishable(refused)


class FakeBroker:
    def __init__(self) -> None:
        self.publisher = FakePublisher()
        self.connected = True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def sealed(*texts: str, event_id: str | None = None) -> list[Envelope]:
    events = [text_event(t, event_id=event_id) for t in texts]
    webhook = read_webhook(body_of(events))
    return to_envelopes(webhook, NOW, keyring=TEST_KEYRING, pseudonym_key=PSEUDONYM_KEY)


def legacy(text: str, webhook_event_id: str) -> Envelope:
    """A v1 envelope as the ingress before sealing spooled it (plain event)."""
    event = text_event(text, event_id=webhook_event_id)
    return Envelope(
        id=f"legacy-{webhook_event_id[-4:]}",
        type="line.event.received",
        version=1,
        occurred_at=NOW,
        producer="ingress",
        correlation_id=webhook_event_id,
        data={
            "destination": "Ubot",
            "event": event,
            "webhook_event_id": webhook_event_id,
            "is_redelivery": False,
            "event_type": "message",
            "received_at": NOW.isoformat(),
        },
    )


@pytest.fixture
def spool(tmp_path: Path) -> DiskSpool:
    spool = DiskSpool(tmp_path, 10_000_000)
    spool.open()
    return spool


def drainer_for(
    spool: DiskSpool, broker: FakeBroker, clock: Clock | None = None, idle_check_s: float = 1.0
) -> tuple[SpoolDrainer, dict[str, Any]]:
    seen: dict[str, Any] = {"published": 0, "quarantined": [], "failed": 0}
    drainer = SpoolDrainer(
        spool,
        broker,  # type: ignore[arg-type]
        on_published=lambda n: seen.__setitem__("published", seen["published"] + n),
        on_quarantined=lambda reason, n: seen["quarantined"].append((reason, n)),
        on_failed=lambda: seen.__setitem__("failed", seen["failed"] + 1),
        upgrade=lambda e: sealed_if_legacy(e, keyring=TEST_KEYRING, pseudonym_key=PSEUDONYM_KEY),
        clock=clock or Clock(),
        idle_check_s=idle_check_s,
    )
    return drainer, seen


def texts(envelopes: list[Envelope]) -> list[str]:
    return [opened_event(e)["message"]["text"] for e in envelopes]


async def test_an_unpublishable_head_is_quarantined_and_the_rest_drain_in_order(spool: DiskSpool) -> None:
    broker = FakeBroker()
    [bad] = sealed("bad")
    await spool.append([bad.model_copy(update={"correlation_id": "0" * 300})])
    await spool.append(sealed("one", "two"))
    await spool.append(
        [*sealed("three"), bad.model_copy(update={"correlation_id": "1" * 300}), *sealed("four")]
    )
    drainer, seen = drainer_for(spool, broker)

    assert await drainer.drain_once() == 4

    assert texts(broker.publisher.published) == ["one", "two", "three", "four"]
    assert spool.is_empty() and drainer.drained.is_set()
    assert seen["quarantined"] == [("correlation_id_too_long", 1), ("correlation_id_too_long", 1)]
    kept = sorted(spool.quarantine_dir.glob("*.jsonl"))
    assert len(kept) == spool.quarantined_files == 2
    assert all(".correlation_id_too_long." in p.name for p in kept)
    assert b"bad" not in b"".join(p.read_bytes() for p in kept)  # kept sealed


async def test_a_transient_failure_keeps_order_and_shows_as_a_stall(spool: DiskSpool) -> None:
    broker, clock = FakeBroker(), Clock()
    await spool.append(sealed("one"))
    await spool.append(sealed("two"))
    drainer, seen = drainer_for(spool, broker, clock)
    broker.publisher.transient_failures = 2

    assert await drainer.drain_once() == 0
    clock.now += 40
    assert await drainer.drain_once() == 0
    assert drainer.stalled_for() == 40 and spool.file_count == 2 and seen["failed"] == 2

    assert await drainer.drain_once() == 2
    assert texts(broker.publisher.published) == ["one", "two"]
    assert drainer.stalled_for() == 0 and seen["quarantined"] == []


async def test_broker_away_is_a_stall_not_a_quarantine(spool: DiskSpool) -> None:
    broker, clock = FakeBroker(), Clock()
    broker.connected = False
    await spool.append(sealed("waits"))
    drainer, seen = drainer_for(spool, broker, clock)
    await drainer.drain_once()
    clock.now += 5
    assert drainer.stalled_for() == 5 and spool.file_count == 1 and seen["quarantined"] == []


async def test_an_unreadable_file_is_moved_aside_whole(spool: DiskSpool) -> None:
    broker = FakeBroker()
    (spool.directory / "00000000000000000001-00000000-1.jsonl").write_bytes(b'{"not": "an envelope"}\n')
    await spool.append(sealed("after"))
    spool.open()  # count the file written behind its back
    drainer, seen = drainer_for(spool, broker)

    assert await drainer.drain_once() == 1
    assert texts(broker.publisher.published) == ["after"]
    assert seen["quarantined"] == [("unreadable", 0)]
    assert [p.name for p in spool.quarantine_dir.iterdir()] == [
        "00000000000000000001-00000000-1.unreadable.jsonl"
    ]


async def test_spooled_v1_events_are_sealed_and_the_incident_file_no_longer_blocks(spool: DiskSpool) -> None:
    """Issue 15: a signed event with a 300-byte webhookEventId, spooled by the ingress before this
    one, stopped every later event. After an upgrade it is quarantined and the rest drain."""
    broker = FakeBroker()
    await spool.append([legacy("stuck", "0" * 300)])
    await spool.append([legacy("plain before the upgrade", "01LEGACY0000000000000000001")])
    await spool.append(sealed("new"))
    drainer, seen = drainer_for(spool, broker)

    assert await drainer.drain_once() == 2

    published = broker.publisher.published
    assert [e.version for e in published] == [2, 2]
    assert published[0].id == "legacy-0001"  # the same envelope id: consumers de-duplicate it
    assert texts(published) == ["plain before the upgrade", "new"]
    assert all(b"plain before" not in e.to_bytes() for e in published)
    assert seen["quarantined"] == [("field_too_long", 1)]


class FlakySpool(DiskSpool):
    """A spool whose first read fails as a disk can (the file stays; reading it later works)."""

    failed = False

    def read(self, path: Path) -> list[Envelope]:  # type: ignore[override]
        if not self.failed:
            self.failed = True
            raise OSError("disk went away")
        return DiskSpool.read(path)


async def test_the_drainer_outlives_an_unexpected_error(tmp_path: Path) -> None:
    spool = FlakySpool(tmp_path, 10_000_000)
    spool.open()
    await spool.append(sealed("kept"))
    broker = FakeBroker()
    drainer, seen = drainer_for(spool, broker, idle_check_s=0.01)  # a quick periodic round
    task = asyncio.create_task(drainer.run())
    try:
        await asyncio.wait_for(drainer.drained.wait(), timeout=5)
    finally:
        task.cancel()
    assert texts(broker.publisher.published) == ["kept"] and seen["failed"] == 1
