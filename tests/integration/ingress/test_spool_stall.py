"""Issue 15's stall, against the real broker: an event that can never be published no longer holds
up the ones behind it, and a spool that does not drain shows on /readyz."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.events import CaseOpened, Envelope, envelope_for
from shared.messaging import EventPublisher, Topology, Unpublishable, service_queue
from tests.support.line import body_of, sign, text_event
from tests.support.sealing import opened_event
from tests.support.waiting import until

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def v1_envelope(text: str, webhook_event_id: str, n: int) -> Envelope:
    """What the ingress before this change spooled: v1, the event in plain, the id unchecked."""
    event = text_event(text, event_id=webhook_event_id)
    return Envelope(
        id=f"00000000-0000-4000-8000-{n:012d}",
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


def case_opened(n: int) -> Envelope:
    data = CaseOpened(case_id=f"k{n}", consulter_id="c", reopened=False, opened_at=NOW)
    return envelope_for(data, producer="t", correlation_id=str(n))


async def post(client, texts: list[str]) -> int:  # type: ignore[no-untyped-def]
    body = body_of([text_event(t) for t in texts])
    response = await client.post("/line/webhook", data=body, headers={"x-line-signature": sign(body)})
    return response.status


async def test_the_incident_spool_drains_past_the_event_that_cannot_be_published(
    start_ingress, sink_factory, tmp_path: Path
) -> None:
    # The probe's numbers: one event with a 300-byte webhookEventId, then 500 valid ones, each in
    # its own spool file (one request each), as the ingress before this change left them.
    spool_dir = tmp_path / "spool-from-the-incident"
    spool_dir.mkdir()
    waiting = range(2, 502)
    for n, envelope in [(1, v1_envelope("stuck", "0" * 300, 1))] + [
        (n, v1_envelope(f"waiting {n}", f"01INCIDENT{n:016d}", n)) for n in waiting
    ]:
        (spool_dir / f"{n:020d}-00000000-1.jsonl").write_bytes(envelope.to_bytes() + b"\n")
    sink = await sink_factory("line.event.received")

    client, ctx = await start_ingress(spool_dir=spool_dir)
    received = await sink.wait_count("line.event.received", len(waiting), timeout=60)
    await until(lambda: ctx.spool.is_empty())

    assert [opened_event(e)["message"]["text"] for e in received] == [f"waiting {n}" for n in waiting]
    assert {e.version for e in received} == {2}
    assert ctx.spool.quarantined_files == 1
    ready = await client.get("/readyz")
    assert ready.status == 200 and (await ready.json())["spool"]["quarantined_files"] == 1
    metrics = await (await client.get("/metrics")).text()
    assert 'ingress_events_quarantined_total{reason="field_too_long"} 1.0' in metrics
    # New webhooks go straight to the broker again.
    assert await post(client, ["after"]) == 200
    after = await sink.wait_count("line.event.received", len(waiting) + 1)
    assert opened_event(after[-1])["message"]["text"] == "after"


async def test_the_publisher_confirms_the_rest_of_a_batch_and_names_what_it_refused(
    amqp_connection, topology: Topology, sink_factory
) -> None:
    sink = await sink_factory("case.opened")
    publisher = EventPublisher(amqp_connection, topology, confirm_timeout=5)  # type: ignore[arg-type]
    await publisher.start()
    good, bad, also_good = case_opened(1), case_opened(2), case_opened(3)
    bad = bad.model_copy(update={"correlation_id": "x" * 256})
    with pytest.raises(Unpublishable) as refused:
        await publisher.publish_all([good, bad, also_good])
    assert [(e.id, reason) for e, reason in refused.value.refused] == [(bad.id, "correlation_id_too_long")]
    received = await sink.wait_count("case.opened", 2)
    assert {e.id for e in received} == {good.id, also_good.id}
    await publisher.close()


async def test_a_spool_that_does_not_drain_makes_ingress_unready_until_it_drains(
    start_ingress, sink_factory, amqp_connection, topology: Topology
) -> None:
    client, ctx = await start_ingress(spool_stall_s=0.3)
    await until(lambda: ctx.broker.connected)
    # No queue takes line.event.received any more: every publish is returned (transient: an operator
    # or a redeploy brings the queue back), so the events wait in the spool, in order.
    channel = await amqp_connection.channel()
    await channel.queue_delete(topology.queue_name(service_queue("triage.line-events")))
    assert await post(client, ["one"]) == 200
    assert await post(client, ["two", "three"]) == 200
    assert ctx.spool.file_count == 2

    async def unready() -> bool:
        response = await client.get("/readyz")
        return response.status == 503 and (await response.json())["spool"]["draining"] is False

    await until(unready, timeout=10)
    assert ctx.broker.connected and ctx.spool.quarantined_files == 0

    sink = await sink_factory("line.event.received")  # something takes them again
    received = await sink.wait_count("line.event.received", 3, timeout=10)
    assert [opened_event(e)["message"]["text"] for e in received] == ["one", "two", "three"]
    await until(lambda: ctx.spool.is_empty())
    assert (await client.get("/readyz")).status == 200
