"""Helpers for triage's tests: LINE events and envelopes as ingress sends them, a fake publisher."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from shared.events import Envelope, LineEventReceived, envelope_for
from tests.support.line import FIXTURE_WEBHOOK

FIXTURE = FIXTURE_WEBHOOK
USER = "U" + "a" * 32
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


class FakePublisher:
    """Keeps what would have been published; `fail_next` makes the next publish fail like a nack."""

    def __init__(self) -> None:
        self.published: list[Envelope] = []
        self.fail_next = False

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        batch = list(envelopes)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("broker did not confirm")
        self.published.extend(batch)

    def of_type(self, event_type: str) -> list[Envelope]:
        return [e for e in self.published if e.type == event_type]


def fixture_events() -> list[dict[str, Any]]:
    """The SDK's 28 webhook events, each with its own webhookEventId (the file repeats one)."""
    events: list[dict[str, Any]] = json.loads(FIXTURE.read_text())["events"]
    return [{**copy.deepcopy(e), "webhookEventId": f"01FIX{i:021d}"} for i, e in enumerate(events)]


def text_event(text: str, *, user: str = USER, at: datetime = NOW, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "mode": "active",
        "timestamp": int(at.timestamp() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": f"01W{uuid.uuid4().hex[:23].upper()}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        "message": {"id": str(uuid.uuid4().int)[:18], "type": "text", "text": text},
        **extra,
    }


def line_envelope(event: dict[str, Any], received_at: datetime = NOW) -> Envelope:
    data = LineEventReceived(
        destination="U123",
        event=event,
        webhook_event_id=event.get("webhookEventId"),
        is_redelivery=bool(event.get("deliveryContext", {}).get("isRedelivery")),
        event_type=str(event.get("type")),
        received_at=received_at,
    )
    return envelope_for(data, producer="ingress", correlation_id=str(event.get("webhookEventId")))
