"""The consumer runner's choices, against the real RabbitMQ: ack, retry, reject, dead-letter, de-dup."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import aio_pika
import pytest

from shared.events import CaseOpened, Envelope, envelope_for
from shared.messaging import EventConsumer, EventPublisher, MemoryInbox, PublishFailed, QueueSpec, Rejected

pytestmark = pytest.mark.integration


def opened(case_id: str) -> Envelope:
    data = CaseOpened(case_id=case_id, consulter_id="c_1", reopened=False, opened_at=datetime.now(UTC))
    return envelope_for(data, producer="test", correlation_id=case_id)


async def dead_letters(connection, topology, spec: QueueSpec) -> asyncio.Queue:  # type: ignore[no-untyped-def]
    """Messages arriving in `spec`'s dead-letter queue, as they arrive."""
    arrived: asyncio.Queue = asyncio.Queue()
    channel = await connection.channel()
    queue = await topology.declare_queue(channel, spec)
    dead = await channel.get_queue(topology.dead_queue_name(spec))

    async def collect(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        await arrived.put(message)

    await dead.consume(collect, no_ack=True)
    _ = queue
    return arrived


async def run(connection, topology, spec, handler, inbox=None):  # type: ignore[no-untyped-def]
    consumer = EventConsumer(connection, spec, handler, topology=topology, inbox=inbox, attempts=2)
    await consumer.start()
    publisher = EventPublisher(connection, topology)
    await publisher.start()
    return consumer, publisher


async def test_poison_message_is_dead_lettered(amqp_connection, topology) -> None:
    spec = QueueSpec("tests.poison", ["case.opened"], delivery_limit=5)
    handled: list[str] = []

    async def handler(envelope, data) -> None:  # type: ignore[no-untyped-def]
        handled.append(envelope.id)

    dead = await dead_letters(amqp_connection, topology, spec)
    consumer, _ = await run(amqp_connection, topology, spec, handler)
    channel = await amqp_connection.channel()
    exchange = await channel.get_exchange(topology.events_exchange)
    await exchange.publish(
        aio_pika.Message(b"{not an envelope", message_id="poison-1"), routing_key="case.opened"
    )

    message = await asyncio.wait_for(dead.get(), 10)
    assert message.body == b"{not an envelope"
    assert message.headers["x-death"][0]["reason"] == "rejected"
    assert handled == []
    await consumer.close()


async def test_rejected_event_is_dead_lettered_and_others_flow(amqp_connection, topology) -> None:
    spec = QueueSpec("tests.reject", ["case.opened"])
    done: asyncio.Queue = asyncio.Queue()

    async def handler(envelope, data) -> None:  # type: ignore[no-untyped-def]
        if data.case_id == "bad":
            raise Rejected("case cannot be processed")
        await done.put(data.case_id)

    dead = await dead_letters(amqp_connection, topology, spec)
    consumer, publisher = await run(amqp_connection, topology, spec, handler)
    await publisher.publish(opened("bad"))
    await publisher.publish(opened("good"))

    assert await asyncio.wait_for(done.get(), 10) == "good"
    dead_message = await asyncio.wait_for(dead.get(), 10)
    assert Envelope.from_bytes(dead_message.body).data["case_id"] == "bad"
    await consumer.close()


async def test_transient_failure_is_retried_then_handled_once(amqp_connection, topology) -> None:
    spec = QueueSpec("tests.retry", ["case.opened"])
    calls: list[str] = []
    done = asyncio.Event()

    async def handler(envelope, data) -> None:  # type: ignore[no-untyped-def]
        calls.append(data.case_id)
        if len(calls) < 4:  # fails through two in-process attempts and one redelivery
            raise ConnectionError("database hiccup")
        done.set()

    consumer, publisher = await run(amqp_connection, topology, spec, handler, inbox=MemoryInbox())
    await publisher.publish(opened("k"))
    await asyncio.wait_for(done.wait(), 15)
    assert calls == ["k", "k", "k", "k"]
    await consumer.close()


async def test_duplicate_event_runs_the_handler_once(amqp_connection, topology) -> None:
    spec = QueueSpec("tests.dedup", ["case.opened"])
    seen: list[str] = []
    done: asyncio.Queue = asyncio.Queue()

    async def handler(envelope, data) -> None:  # type: ignore[no-untyped-def]
        seen.append(data.case_id)
        await done.put(data.case_id)

    inbox = MemoryInbox()
    consumer, publisher = await run(amqp_connection, topology, spec, handler, inbox=inbox)
    event = opened("once")
    await publisher.publish(event)
    await publisher.publish(event)
    await publisher.publish(opened("after"))
    while (await asyncio.wait_for(done.get(), 10)) != "after":
        pass
    assert seen == ["once", "after"]
    await consumer.close()


@pytest.mark.quorum
async def test_handler_failing_forever_ends_in_dead_letter_after_the_delivery_limit(
    amqp_connection, topology
) -> None:
    spec = QueueSpec("tests.limit", ["case.opened"], delivery_limit=2)
    calls = 0

    async def handler(envelope, data) -> None:  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        raise RuntimeError("bug")

    dead = await dead_letters(amqp_connection, topology, spec)
    consumer, publisher = await run(amqp_connection, topology, spec, handler)
    await publisher.publish(opened("doomed"))
    message = await asyncio.wait_for(dead.get(), 20)
    assert Envelope.from_bytes(message.body).data["case_id"] == "doomed"
    assert calls >= 2 * 2  # each delivery tries twice in process
    await consumer.close()


async def test_order_key_keeps_one_chats_order_and_lets_others_run(amqp_connection, topology) -> None:
    spec = QueueSpec("tests.ordered", ["case.opened"])
    started: dict[str, asyncio.Event] = {"a1": asyncio.Event(), "b1": asyncio.Event()}
    release_a1 = asyncio.Event()
    finished: list[str] = []
    all_done = asyncio.Event()

    async def handler(envelope, data) -> None:  # type: ignore[no-untyped-def]
        if data.case_id in started:
            started[data.case_id].set()
        if data.case_id == "a1":
            await release_a1.wait()  # a1 is slow: a2 must wait for it, b1 must not
        finished.append(data.case_id)
        if len(finished) == 3:
            all_done.set()

    consumer = EventConsumer(
        amqp_connection, spec, handler, topology=topology, order_key=lambda e: e.data["case_id"][0]
    )
    await consumer.start()
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    for case_id in ("a1", "a2", "b1"):
        await publisher.publish(opened(case_id))

    await asyncio.wait_for(started["b1"].wait(), 10)
    await asyncio.wait_for(started["a1"].wait(), 10)
    assert finished == ["b1"]  # b1 ran while a1 held chat "a"; a2 waits behind a1
    release_a1.set()
    await asyncio.wait_for(all_done.wait(), 10)
    assert finished == ["b1", "a1", "a2"]
    await consumer.close()


async def test_notification_without_a_consumer_is_confirmed_not_refused(amqp_connection, topology) -> None:
    from shared.events import CaseAssigned

    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    assigned = CaseAssigned(case_id="k", consulter_id="c", counselor_id="x", reason="queue", level="low")
    await publisher.publish(envelope_for(assigned, producer="test", correlation_id="k"))  # no queue binds it
    with pytest.raises(PublishFailed):  # but a type some service must act on is refused when unroutable
        await publisher.publish(opened_outreach())


def opened_outreach() -> Envelope:
    from shared.events import OutreachConsent, RequestOutreach, SafeContact

    now = datetime.now(UTC)
    consent = OutreachConsent(
        help=("meet_and_talk",), contact=SafeContact(line_only=True, never_call=True), given_at=now,
        given_via="line_chat", withdrawal_explained=True,
    )
    data = RequestOutreach(
        request_id="r", case_id="k", consulter_id="c", consent_recorded_at=now, requested_by="x", consent=consent
    )
    return envelope_for(data, producer="test", correlation_id="k")
