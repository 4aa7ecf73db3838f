"""Triage against a real RabbitMQ (and MongoDB or its substitute): LINE events in, case events out."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from services.triage.bootstrap import Triage, build
from services.triage.config import Settings
from shared.crypto import generate_key_spec
from shared.events import Envelope
from shared.messaging import EventPublisher, Topology
from shared.pseudonym import consulter_pseudonym
from tests.integration.triage.conftest import database_of
from tests.support.events import EventSink
from tests.support.sealing import keyring_of, opened_request
from tests.unit.triage.support_triage import NOW, USER, fixture_events, line_envelope, text_event

pytestmark = pytest.mark.integration
EMERGENCY = "今夜帰ってきたら殺される"


class Harness:
    def __init__(self, runtime: Triage, publisher: EventPublisher, sink: EventSink) -> None:
        self.runtime, self.publisher, self.sink = runtime, publisher, sink
        self.ctx = runtime
        self.db = database_of(runtime)
        self.sent_keys: set[str] = set()  # the ledger's keys (webhookEventId) of what was sent

    async def send(self, event_or_envelope: dict[str, Any] | Envelope) -> Envelope:
        envelope = (
            event_or_envelope if isinstance(event_or_envelope, Envelope) else line_envelope(event_or_envelope)
        )
        await self.publisher.publish(envelope)
        self.sent_keys.add(envelope.data.get("webhook_event_id") or envelope.id)
        return envelope

    def caused_by(self, envelope: Envelope) -> list[Envelope]:
        return [e for e in self.sink.received if e.causation_id == envelope.id]

    async def settle(self) -> None:
        """Wait (with a deadline) until the LINE event of every envelope sent so far is done in
        triage's ledger: handled and its events published. Messages are ordered per chat, not
        globally, so a marker from another consulter would prove nothing."""
        keys = list(self.sent_keys)

        async def all_handled() -> None:
            while await self.db["line_events"].count_documents({"_id": {"$in": keys}, "done": True}) < len(keys):
                await asyncio.sleep(0.02)

        await asyncio.wait_for(all_handled(), 15)


@pytest.fixture
async def harness(
    service_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    amqp_connection: Any,
    topology: Topology,
    sink_factory: Any,
) -> AsyncIterator[Harness]:
    monkeypatch.setenv("ENCRYPTION_KEYS", generate_key_spec("k1"))
    monkeypatch.setenv("MONGODB_DATABASE", f"triage_{uuid.uuid4().hex[:8]}")
    runtime = build(Settings())
    await runtime.start()
    await asyncio.wait_for(runtime.broker_ready.wait(), 15)
    sink = await sink_factory("case.#", "outbound.#")
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    yield Harness(runtime, publisher, sink)
    await publisher.close()
    await runtime.stop()


async def test_text_opens_a_case_stored_encrypted(harness: Harness) -> None:
    envelope = await harness.send(text_event("眠れなくて、誰かと話したい"))
    # NOW is Saturday 21:00 in Japan, out of hours: the out-of-hours reply goes out too.
    await harness.sink.wait_for(lambda _: len(harness.caused_by(envelope)) == 4)
    types = sorted(e.type for e in harness.caused_by(envelope))
    assert types == ["case.message.appended", "case.opened", "case.risk.assessed", "outbound.line.requested"]
    raw = await harness.db["messages"].find_one({"webhook_event_id": envelope.data["webhook_event_id"]})
    assert "眠れなくて" not in repr(raw) and isinstance(raw["text"]["ct"], bytes)
    assert harness.ctx.stores.messages.open_field(raw, "text") == "眠れなくて、誰かと話したい"


async def test_duplicates_change_nothing_and_emit_nothing(harness: Harness) -> None:
    event = text_event("話を聞いてください")
    first = await harness.send(event)
    await harness.sink.wait_for(lambda _: len(harness.caused_by(first)) == 4)
    again = await harness.send(first)  # the same envelope (a redelivery)
    renewed = await harness.send(line_envelope(event))  # a new envelope for the same webhookEventId
    await harness.settle()
    assert harness.caused_by(renewed) == [] and len(harness.caused_by(again)) == 4  # only the first's
    ids = [e.id for e in harness.sink.received]
    assert len(ids) == len(set(ids))
    consulter_id = consulter_pseudonym(USER, harness.ctx.settings.pseudonym_key)
    hers = {"consulter_id": consulter_id, "direction": "in"}
    assert await harness.db["messages"].count_documents(hers) == 1
    # What the system answered her is in the conversation once too, however often it was handled.
    assert await harness.db["messages"].count_documents({"consulter_id": consulter_id, "system": {"$ne": None}}) == 1
    assert await harness.db["cases"].count_documents({"consulter_id": consulter_id}) == 1


async def test_unsend_hides_the_text(harness: Harness) -> None:
    event = text_event("送ったけど取り消す")
    await harness.send(event)
    await harness.send(
        {
            "type": "unsend",
            "mode": "active",
            "timestamp": event["timestamp"] + 5000,
            "source": event["source"],
            "webhookEventId": f"01U{uuid.uuid4().hex[:20]}",
            "unsend": {"messageId": event["message"]["id"]},
        }
    )
    await harness.settle()
    raw = await harness.db["messages"].find_one({"line_message_id": event["message"]["id"]})
    assert raw["hidden"] is True and raw["text"] is None and raw["risk_detail"] is None


async def test_group_chat_gets_the_polite_reply_and_no_case(harness: Harness) -> None:
    group_text = {**fixture_events()[14], "webhookEventId": f"01G{uuid.uuid4().hex[:20]}"}
    envelope = await harness.send(group_text)
    [reply] = await harness.sink.wait_for(lambda _: bool(harness.caused_by(envelope)))
    assert reply.type == "outbound.line.requested"
    opened = opened_request(reply, keyring_of(harness.runtime.settings.encryption_keys))
    assert list(opened.content().messages) == [
        {"type": "text", "text": "このアカウントは個別のトークでご利用ください。"}
    ]
    assert opened.reply_token == group_text["replyToken"]
    await harness.settle()
    assert harness.caused_by(envelope) == [reply]
    assert (
        await harness.db["messages"].count_documents({"webhook_event_id": group_text["webhookEventId"]}) == 0
    )


async def test_emergency_text_is_assessed_emergency(harness: Harness) -> None:
    envelope = await harness.send(text_event(EMERGENCY))
    await harness.sink.wait_for(
        lambda _: any(e.type == "case.risk.assessed" for e in harness.caused_by(envelope))
    )
    [assessed] = [e for e in harness.caused_by(envelope) if e.type == "case.risk.assessed"]
    assert assessed.data["level"] == "emergency" and assessed.data["by"] == "auto"
    assert (
        assessed.data["reasons"][0]["rule_id"] == "DV-KILL-FEAR" and "span" not in assessed.data["reasons"][0]
    )
    assert EMERGENCY not in assessed.model_dump_json()


async def test_follow_and_unfollow_update_friend_figures(harness: Harness) -> None:
    base = {
        "mode": "active",
        "source": {"type": "user", "userId": USER},
        "timestamp": int(NOW.timestamp() * 1000),
    }
    for kind, extra in (
        ("follow", {"follow": {"isUnblocked": False}}),
        ("unfollow", {}),
        ("follow", {"follow": {"isUnblocked": True}}),
    ):
        await harness.send({**base, **extra, "type": kind, "webhookEventId": f"01F{uuid.uuid4().hex[:20]}"})
    await harness.settle()
    figures = await harness.ctx.stores.consulters.friend_figures(
        NOW - timedelta(days=1), NOW + timedelta(days=1)
    )
    assert (figures.follows, figures.refollows, figures.unfollows, figures.registered) == (1, 1, 1, 1)
