"""DESIGN §5 on the broker, read raw: what triage asks notifier to send — a counselor's words, her LINE
user id and reply token, a partner alert's personal details — is ciphertext in notifier's queues and
in their dead letters (aio-pika `basic_get` on the real RabbitMQ); only a holder of the keys opens it."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from services.triage.app import TRIAGE, create_app
from services.triage.config import Settings
from shared.crypto import generate_key_spec
from shared.events import Envelope
from shared.messaging import EventPublisher, Topology, service_queue
from tests.support.sealing import keyring_of, opened_alert, opened_request
from tests.support.waiting import until
from tests.unit.triage.support_api import login
from tests.unit.triage.support_duty import PASSWORD, PASSWORDS, Clock
from tests.unit.triage.support_triage import USER, line_envelope, text_event

pytestmark = pytest.mark.integration
WORDS = "夫に殴られて、家にいるのが怖い"
REPLY = "お話しくださってありがとうございます。今は安全な場所にいますか"
DETAILS = {"name": "山田花子", "phone": "090-1234-5678", "place": "駅前の交番"}


@pytest.fixture
async def client(
    service_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[TestClient[Any, Any]]:
    monkeypatch.setenv("ENCRYPTION_KEYS", generate_key_spec("k1"))
    monkeypatch.setenv("MONGODB_DATABASE", f"triage_{uuid.uuid4().hex[:8]}")
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    app = create_app(Settings(), clock=Clock(), periodic=False, passwords=PASSWORDS)
    async with TestClient(TestServer(app), cookie_jar=aiohttp.DummyCookieJar()) as test_client:
        await asyncio.wait_for(app[TRIAGE].broker_ready.wait(), 15)
        yield test_client


def plain_forms(values: list[str]) -> list[bytes]:
    """Every form a value could take in a JSON message: UTF-8 as it is, and \\u escapes."""
    return [form for v in values for form in (v.encode(), json.dumps(v).encode()[1:-1])]


async def drain(queue: aio_pika.abc.AbstractQueue, count: int) -> list[aio_pika.abc.AbstractIncomingMessage]:
    """`count` messages by basic_get (not consumed: nothing is acked)."""
    got: list[aio_pika.abc.AbstractIncomingMessage] = []

    async def enough() -> bool:
        message = await queue.get(fail=False)
        if message is not None:
            got.append(message)
        return len(got) >= count

    await until(enough, timeout=10)
    return got


async def test_requests_to_notifier_are_ciphertext_in_its_queues_and_dead_letters(
    client: TestClient[Any, Any], amqp_connection: Any, topology: Topology, sink_factory: Any
) -> None:
    sink = await sink_factory("case.assigned")
    runtime = client.server.app[TRIAGE]
    event = text_event(WORDS, at=runtime.clock())
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    await publisher.publish(line_envelope(event, received_at=runtime.clock()))
    await publisher.close()
    [assigned] = await sink.wait_count("case.assigned", 1)
    case_id = assigned.data["case_id"]
    counselor = await login(client, "aoki")
    assert (await counselor.send("POST", f"/api/cases/{case_id}/reply", {"text": REPLY})).status == 201
    referral = {
        "partner_kind": "police",
        "category": "dv_imminent",
        "urgency": "high",
        "action": "call_back",
        "details": DETAILS,
        "include_personal_details": True,
    }
    assert (await counselor.send("POST", f"/api/cases/{case_id}/referrals", referral)).status == 201

    secrets = plain_forms([REPLY, WORDS, USER, event["replyToken"], *DETAILS.values()])
    keys = keyring_of(runtime.settings.encryption_keys)
    channel = await amqp_connection.channel()
    for name, count in (("notifier.line-outbound", 2), ("notifier.partner-alerts", 1)):
        spec = service_queue(name)
        queue = await channel.get_queue(topology.queue_name(spec), ensure=False)
        held = await drain(queue, count)  # the acknowledgement and the reply; the referral
        for message in held:
            assert not [s for s in secrets if s in message.body], name
            await message.reject(requeue=False)  # as notifier's consumer does with a poison message
        dead = await channel.get_queue(topology.dead_queue_name(spec), ensure=False)
        for message in await drain(dead, count):
            assert not [s for s in secrets if s in message.body], f"{name}.dead"
            await message.ack()
        bodies = [Envelope.from_bytes(m.body) for m in held]
        # The right messages were read: with the keys, everything is there.
        if name == "notifier.line-outbound":
            opened = [opened_request(e, keys) for e in bodies]
            texts = [m.get("text") for o in opened for m in o.content().messages]
            assert REPLY in texts and {o.line_user_id for o in opened} == {USER}
            assert event["replyToken"] in {o.reply_token for o in opened}
        else:
            [alert] = [opened_alert(e, keys) for e in bodies]
            assert alert.details == DETAILS
