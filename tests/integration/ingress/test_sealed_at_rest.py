"""DESIGN §5, read raw: what a consulter wrote is ciphertext in the ingress spool, its quarantine,
the broker's queue and the dead-letter queue; only a holder of the keys opens it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import aio_pika
import pytest

from services.ingress.adapters.spool import DiskSpool
from services.ingress.domain.webhook import to_envelopes
from shared.events import Envelope
from shared.line_input import read_webhook
from shared.messaging import Topology, service_queue
from tests.integration.ingress.conftest import via_proxy
from tests.support.line import body_of, sign, text_event
from tests.support.sealing import TEST_KEYRING, opened_event
from tests.support.waiting import until

pytestmark = pytest.mark.integration

TEXT = "今夜帰ってきたら殺される、助けて"
USER = "U" + "f00d" * 8


def consulter_event() -> dict:  # type: ignore[type-arg]
    event = text_event(TEXT, user_id=USER)
    event["message"]["quoteToken"] = "QuoteToken" + event["replyToken"]
    return event


def secrets_of(event: dict) -> list[bytes]:  # type: ignore[type-arg]
    """Every form the personal parts could take in a JSON file: UTF-8 and \\u escapes."""
    values = [TEXT, USER, event["replyToken"], event["message"]["quoteToken"]]
    return [form for v in values for form in (v.encode(), json.dumps(v).encode()[1:-1])]


def assert_sealed(raw: bytes, event: dict) -> None:  # type: ignore[type-arg]
    for secret in secrets_of(event):
        assert secret not in raw


async def post(client, events) -> None:  # type: ignore[no-untyped-def]
    body = body_of(events)
    response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})
    assert response.status == 200


async def test_spool_files_hold_no_plain_text(start_ingress, broker_proxy, amqp_url) -> None:
    broker_proxy.cut()
    client, ctx = await start_ingress(amqp_url=via_proxy(amqp_url, broker_proxy))
    event = consulter_event()
    await post(client, [event])

    [spooled] = ctx.spool.pending()
    raw = spooled.read_bytes()
    assert_sealed(raw, event)
    assert opened_event(Envelope.from_bytes(raw.splitlines()[0])) == event


async def test_queue_and_dead_letters_hold_no_plain_text(
    start_ingress, amqp_connection, topology: Topology
) -> None:
    client, ctx = await start_ingress()
    await until(lambda: ctx.broker.connected)
    event = consulter_event()
    await post(client, [event])

    channel = await amqp_connection.channel()
    spec = service_queue("triage.line-events")
    queue = await channel.get_queue(topology.queue_name(spec), ensure=False)
    message = await queue.get(timeout=5)
    assert message is not None
    assert_sealed(message.body, event)
    assert opened_event(Envelope.from_bytes(message.body)) == event
    await message.reject(requeue=False)  # as triage's consumer does with a poison message

    dead = await channel.get_queue(topology.dead_queue_name(spec), ensure=False)
    found: list[aio_pika.abc.AbstractIncomingMessage] = []

    async def arrived() -> bool:
        got = await dead.get(fail=False)
        if got is not None:
            found.append(got)
        return bool(found)

    await until(arrived, timeout=10)
    assert_sealed(found[0].body, event)
    assert opened_event(Envelope.from_bytes(found[0].body)) == event


async def test_quarantined_events_stay_sealed(start_ingress, tmp_path) -> None:
    event = consulter_event()
    [envelope] = to_envelopes(
        read_webhook(body_of([event])), datetime.now(UTC), keyring=TEST_KEYRING, pseudonym_key="k" * 20
    )
    spool = DiskSpool(tmp_path / "spool", 10_000_000)
    spool.open()
    await spool.append([envelope.model_copy(update={"correlation_id": "z" * 300})])
    _, ctx = await start_ingress(spool_dir=tmp_path / "spool")
    await until(lambda: ctx.spool.quarantined_files == 1)

    [kept] = list(ctx.spool.quarantine_dir.glob("*.jsonl"))
    assert_sealed(kept.read_bytes(), event)
    assert opened_event(Envelope.from_bytes(kept.read_bytes().splitlines()[0])) == event
