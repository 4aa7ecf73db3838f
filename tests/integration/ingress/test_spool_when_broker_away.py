"""With the broker unreachable, webhooks are still answered 200, spooled, and all arrive later."""

from __future__ import annotations

import pytest

from tests.integration.ingress.conftest import via_proxy
from tests.support.line import body_of, sign, text_event
from tests.support.sealing import opened_event
from tests.support.waiting import until

pytestmark = pytest.mark.integration


async def send(client, texts: list[str]) -> list[dict]:  # type: ignore[no-untyped-def]
    events = [text_event(t) for t in texts]
    body = body_of(events)
    response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})
    assert response.status == 200
    return events


async def test_broker_lost_mid_run_then_back(start_ingress, sink_factory, broker_proxy, amqp_url) -> None:
    client, ctx = await start_ingress(amqp_url=via_proxy(amqp_url, broker_proxy))
    await until(lambda: ctx.broker.connected)
    sink = await sink_factory("line.event.received")
    before = await send(client, ["one", "two"])
    await sink.wait_count("line.event.received", 2)

    broker_proxy.cut()
    await until(lambda: not ctx.broker.connected)
    during = [*await send(client, ["three"]), *await send(client, ["four", "five"])]
    assert ctx.spool.file_count == 2
    ready = await client.get("/readyz")
    assert ready.status == 503
    assert (await ready.json())["spool"]["files"] == 2

    broker_proxy.restore()
    received = await sink.wait_count("line.event.received", 5, timeout=30)
    await until(lambda: ctx.spool.is_empty())

    ids = [e.data["webhook_event_id"] for e in received]
    assert sorted(ids) == sorted(e["webhookEventId"] for e in before + during)
    # Oldest first: spooled events arrive in the order they were received.
    assert [opened_event(e)["message"]["text"] for e in received] == ["one", "two", "three", "four", "five"]


async def test_spooled_events_survive_an_ingress_restart(
    start_ingress, sink_factory, broker_proxy, amqp_url, tmp_path
) -> None:
    spool_dir = tmp_path / "durable-spool"
    broker_proxy.cut()
    client, ctx = await start_ingress(amqp_url=via_proxy(amqp_url, broker_proxy), spool_dir=spool_dir)
    sent = await send(client, ["kept across restart", "and this"])
    assert ctx.spool.file_count == 1
    await client.close()  # ingress stops with the broker still away

    sink = await sink_factory("line.event.received")
    broker_proxy.restore()
    _, ctx2 = await start_ingress(amqp_url=via_proxy(amqp_url, broker_proxy), spool_dir=spool_dir)
    received = await sink.wait_count("line.event.received", 2, timeout=30)
    await until(lambda: ctx2.spool.is_empty())
    assert [e.data["webhook_event_id"] for e in received] == [e["webhookEventId"] for e in sent]


async def test_full_spool_answers_503(start_ingress, broker_proxy, amqp_url) -> None:
    broker_proxy.cut()
    client, ctx = await start_ingress(amqp_url=via_proxy(amqp_url, broker_proxy), spool_max_bytes=3000)
    events = [text_event("x" * 1000)]
    body = body_of(events)
    first = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})
    second = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})
    assert first.status == 200
    assert second.status == 503
    assert (await second.json())["error"]["code"] == "spool_full"
    assert ctx.spool.file_count == 1
