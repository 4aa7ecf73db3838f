"""Ingress against the real RabbitMQ: what LINE sends arrives as envelopes; bad input never does."""

from __future__ import annotations

import json

import pytest

from tests.support.line import body_of, fixture_webhook, sign, text_event
from tests.support.sealing import opened_event
from tests.support.waiting import until

pytestmark = pytest.mark.integration


async def wait_broker(ctx) -> None:  # type: ignore[no-untyped-def]
    await until(lambda: ctx.broker.connected, 10)


async def post(client, body: bytes, signature: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
    hdrs = {"Content-Type": "application/json", **headers}
    if signature is not None:
        hdrs["x-line-signature"] = signature
    return await client.post("/line/webhook", data=body, headers=hdrs)


async def test_all_fixture_events_arrive_as_envelopes(start_ingress, sink_factory) -> None:
    client, ctx = await start_ingress()
    await wait_broker(ctx)
    sink = await sink_factory("line.event.received")
    document = fixture_webhook()
    body = json.dumps(document).encode()

    response = await post(client, body, sign(body))

    assert response.status == 200
    assert (await response.json()) == {"accepted": 28}
    received = await sink.wait_count("line.event.received", 28)
    by_event_id = {e.data["webhook_event_id"]: e for e in received}
    assert len(by_event_id) == 28
    for event in document["events"]:
        envelope = by_event_id[event["webhookEventId"]]
        assert opened_event(envelope) == event  # exactly as received, once opened
        assert envelope.data["destination"] == "U123"
        assert envelope.data["event_type"] == event["type"]
        assert envelope.correlation_id == event["webhookEventId"]
        assert envelope.producer == "ingress"
    assert {e.data["event_type"] for e in received} >= {"message", "follow", "unfollow", "undefined"}
    assert sum(e.data["is_redelivery"] for e in received) == 2


async def test_redelivered_event_keeps_its_envelope_id(start_ingress, sink_factory) -> None:
    client, ctx = await start_ingress()
    await wait_broker(ctx)
    sink = await sink_factory("line.event.received")
    event = text_event("こんばんは")
    first = body_of([event])
    event["deliveryContext"]["isRedelivery"] = True
    again = body_of([event])

    assert (await post(client, first, sign(first))).status == 200
    assert (await post(client, again, sign(again))).status == 200

    received = await sink.wait_count("line.event.received", 2)
    assert received[0].id == received[1].id
    assert [e.data["is_redelivery"] for e in received] == [False, True]


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("no_signature", 401),
        ("bad_signature", 401),
        ("malformed_json", 400),
        ("wrong_shape", 400),
        ("too_large", 413),
    ],
)
async def test_bad_input_is_refused_and_publishes_nothing(start_ingress, sink_factory, case, status) -> None:
    client, ctx = await start_ingress()
    await wait_broker(ctx)
    sink = await sink_factory("line.event.received")
    good = body_of([text_event("good")])
    bodies = {
        "no_signature": (good, None),
        "bad_signature": (good, sign(good, "another-secret")),
        "malformed_json": (b'{"destination": "U1", "events": [', sign(b'{"destination": "U1", "events": [')),
        "wrong_shape": (b'{"events": {}}', sign(b'{"events": {}}')),
        "too_large": (body_of([text_event("x" * 1_100_000)]), None),
    }
    body, signature = bodies[case]
    if case == "too_large":
        signature = sign(body)

    response = await post(client, body, signature)

    assert response.status == status
    assert (await response.json())["error"]["code"]
    # A good request after the bad one: the broker keeps order, so if the bad one had published,
    # its events would arrive first.
    assert (await post(client, good, sign(good))).status == 200
    received = await sink.wait_count("line.event.received", 1)
    assert len(received) == 1
    assert opened_event(received[0])["message"]["text"] == "good"
    rejected = ctx.metrics.rejected.collect()[0].samples
    assert any(s.value == 1 for s in rejected)


async def test_verify_button_answers_200_and_publishes_nothing(start_ingress, sink_factory) -> None:
    client, ctx = await start_ingress()
    await wait_broker(ctx)
    sink = await sink_factory("line.event.received")
    verify = b'{"destination": "Ubot", "events": []}'
    good = body_of([text_event("after verify")])

    assert (await post(client, verify, sign(verify))).status == 200
    assert (await post(client, good, sign(good))).status == 200

    received = await sink.wait_count("line.event.received", 1)
    assert [opened_event(e)["message"]["text"] for e in received] == ["after verify"]


async def test_health_readiness_and_metrics(start_ingress) -> None:
    client, ctx = await start_ingress()
    await wait_broker(ctx)
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["broker"] == "connected"
    body = good = body_of([text_event("m")])
    await post(client, good, sign(body))
    metrics = await (await client.get("/metrics")).text()
    assert 'ingress_events_received_total{type="message"} 1.0' in metrics
    assert "ingress_ack_latency_seconds_bucket" in metrics
