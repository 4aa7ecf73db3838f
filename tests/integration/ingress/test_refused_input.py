"""The probe's signed inputs (issue 15), over HTTP against the real broker: each is answered with a
4xx naming its reason (no 5xx), and nothing of it is published, spooled or quarantined."""

from __future__ import annotations

import json

import pytest

from tests.support.line import body_of, sign, text_event
from tests.support.sealing import opened_event
from tests.support.waiting import until

pytestmark = pytest.mark.integration


def signed_event(event_json: str) -> bytes:
    return f'{{"destination": "Ubot", "events": [{json.dumps(text_event("first"))}, {event_json}]}}'.encode()


def deep(depth: int) -> str:
    return '{"type": "message", "x": ' + "[" * depth + "]" * depth + "}"


PROBES = {
    "integer over 4,300 digits": (
        signed_event('{"type": "message", "n": ' + "7" * 5000 + "}"),
        "number_out_of_range",
    ),
    "nesting 500": (signed_event(deep(500)), "too_deep"),
    "nesting 5,000": (signed_event(deep(5000)), "too_deep"),
    "depth 200, which triage dead-lettered": (signed_event(deep(197)), "too_deep"),
    "webhookEventId of 300 bytes": (
        signed_event(json.dumps(text_event("x", event_id="0" * 300))),
        "field_too_long",
    ),
    "replyToken of 5,000": (
        signed_event(json.dumps({**text_event("x"), "replyToken": "r" * 5000})),
        "field_too_long",
    ),
    "NaN": (signed_event('{"type": "message", "n": NaN}'), "not_json"),
    "1e999": (signed_event('{"type": "message", "n": 1e999}'), "number_out_of_range"),
    "a type of 10,000": (signed_event(json.dumps({"type": "t" * 10_000})), "field_too_long"),
}


@pytest.mark.parametrize(("body", "reason"), PROBES.values(), ids=PROBES.keys())
async def test_refused_input_stores_and_publishes_nothing(start_ingress, sink_factory, body, reason) -> None:
    client, ctx = await start_ingress()
    await until(lambda: ctx.broker.connected)
    sink = await sink_factory("line.event.received")

    response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})

    assert response.status == 400
    assert (await response.json())["error"]["code"] == reason
    # A good request after it: the broker keeps order, so anything the refused one had published
    # would arrive first (its first event is a valid one, which must not have gone either).
    good = body_of([text_event("good")])
    assert (
        await client.post("/line/webhook", data=good, headers={"x-line-signature": sign(good)})
    ).status == 200
    received = await sink.wait_count("line.event.received", 1)
    assert [opened_event(e)["message"]["text"] for e in received] == ["good"]
    assert ctx.spool.is_empty() and ctx.spool.quarantined_files == 0
    assert not list(ctx.spool.directory.rglob("*.jsonl"))
    metrics = await (await client.get("/metrics")).text()
    assert f'ingress_requests_rejected_total{{reason="{reason}"}} 1.0' in metrics


async def test_a_lone_surrogate_is_repaired_and_delivered_not_refused(start_ingress, sink_factory) -> None:
    client, ctx = await start_ingress()
    await until(lambda: ctx.broker.connected)
    sink = await sink_factory("line.event.received")
    event = text_event("PLACEHOLDER")
    body = (
        json.dumps({"destination": "Ubot", "events": [event]})
        .replace("PLACEHOLDER", "助けて\\ud800")
        .encode()
    )

    response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})

    assert response.status == 200
    [envelope] = await sink.wait_count("line.event.received", 1)
    assert opened_event(envelope)["message"]["text"] == "助けて\ufffd"
    metrics = await (await client.get("/metrics")).text()
    assert "ingress_strings_repaired_total 1.0" in metrics


async def test_unknown_event_types_do_not_grow_metrics(start_ingress, sink_factory) -> None:
    client, ctx = await start_ingress()
    await until(lambda: ctx.broker.connected)
    sink = await sink_factory("line.event.received")
    before = len(await (await client.get("/metrics")).text())
    events = [{**text_event("x"), "type": f"madeUp{n}{'z' * 40}"} for n in range(20)]
    body = body_of(events)

    response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})

    assert response.status == 200 and (await response.json()) == {"accepted": 20}
    await sink.wait_count("line.event.received", 20)  # still forwarded, every one
    metrics = await (await client.get("/metrics")).text()
    assert 'ingress_events_received_total{type="other"} 20.0' in metrics
    assert "madeUp" not in metrics
    assert len(metrics) - before < 1000
