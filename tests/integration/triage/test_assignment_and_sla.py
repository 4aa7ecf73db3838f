"""Against the real broker: a case in is assigned; an SLA breach escalates and reassigns; out-of-hours
and emergency paths; two triage processes consuming at once never double-assign."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from services.triage.bootstrap import Triage
from services.triage.domain.replies import find_unsafe_words
from shared.messaging import EventPublisher, Topology
from tests.integration.triage.conftest import RuntimeFactory, database_of
from tests.support.sealing import keyring_of, opened_request
from tests.unit.triage.support_duty import OUT_OF_HOURS, Clock
from tests.unit.triage.support_triage import line_envelope, text_event

pytestmark = pytest.mark.integration
EMERGENCY = "今夜帰ってきたら殺される"


@pytest.fixture
async def send(amqp_connection: Any, topology: Topology) -> Any:
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()

    async def run(event: dict[str, Any], clock: Clock) -> str:
        envelope = line_envelope(event, received_at=clock())
        await publisher.publish(envelope)
        return envelope.id

    yield run
    await publisher.close()


async def test_case_in_is_assigned(
    runtimes: RuntimeFactory, sink_factory: Any, send: Any, clock: Clock
) -> None:
    runtime = await runtimes()
    sink = await sink_factory("case.#", "outbound.#", "partner.#")
    envelope_id = await send(text_event("こんにちは", at=clock()), clock)
    [assigned] = await sink.wait_count("case.assigned", 1)
    assert assigned.causation_id == envelope_id and assigned.data["reason"] == "queue"
    [ack] = await sink.wait_count("outbound.line.requested", 1)
    keys = keyring_of(runtime.settings.encryption_keys)
    assert ack.data["purpose"] == "ack" and opened_request(ack, keys).reply_token


async def test_breach_escalates_and_reassigns(
    runtimes: RuntimeFactory, sink_factory: Any, send: Any, clock: Clock
) -> None:
    runtime = await runtimes()
    sink = await sink_factory("case.#", "partner.#")
    await send(text_event(EMERGENCY, at=clock()), clock)
    [first] = await sink.wait_count("case.assigned", 1)
    clock.advance(seconds=121)
    [breach] = await runtime.periodic.sla_round()
    assert breach.case_id == first.data["case_id"]
    [escalated] = await sink.wait_count("case.escalated", 1)
    assert escalated.data["reason"] == "sla_breach" and escalated.data["level"] == "emergency"
    [alert] = await sink.wait_count("partner.alert.requested", 1)
    assert (alert.data["partner_kind"], alert.data["category"]) == ("on_call_supervisor", "sla_breach")
    second = (await sink.wait_count("case.assigned", 2))[1]
    assert second.data["reason"] == "sla_breach" and second.data["counselor_id"] != first.data["counselor_id"]


async def test_emergency_out_of_hours(
    runtimes: RuntimeFactory, sink_factory: Any, send: Any, clock: Clock
) -> None:
    runtime = await runtimes()
    sink = await sink_factory("case.#", "outbound.#", "partner.#")
    clock.now = OUT_OF_HOURS
    event = text_event(EMERGENCY, at=OUT_OF_HOURS)
    await send(event, clock)
    [reply] = await sink.wait_count("outbound.line.requested", 1)
    opened = opened_request(reply, keyring_of(runtime.settings.encryption_keys))
    assert reply.data["purpose"] == "urgent_out_of_hours" and opened.reply_token == event["replyToken"]
    assert reply.data["reply_token_received_at"] is not None
    assert find_unsafe_words(opened.content().messages[0]["text"]) == []
    [escalated] = await sink.wait_count("case.escalated", 1)
    assert escalated.data["reason"] == "emergency_out_of_hours"
    [alert] = await sink.wait_count("partner.alert.requested", 1)
    assert (alert.data["partner_kind"], alert.data["category"], alert.data["urgency"]) == (
        "on_call_supervisor",
        "emergency_out_of_hours",
        "emergency",
    )


async def test_two_processes_never_double_assign(
    runtimes: RuntimeFactory, sink_factory: Any, send: Any, clock: Clock
) -> None:
    first, second = await runtimes(), await runtimes()
    sink = await sink_factory("case.#")
    consulters = 40
    await asyncio.gather(
        *(
            send(text_event("話を聞いてほしい", user=f"U{n:032x}", at=clock()), clock)
            for n in range(consulters)
        )
    )
    # Both processes' periodic rounds race the handlers for the same seats.
    both = [first, second]
    await asyncio.gather(*(t.periodic.assignment_round() for t in both * 3))
    await sink.wait_count("case.risk.assessed", consulters, timeout=60)
    await asyncio.gather(*(t.periodic.assignment_round() for t in both))
    await check_invariants(first, sink)
    for runtime in (first, second):  # both consumed: competing consumers on one queue
        assert runtime.consumer is not None
        labels = {"queue": runtime.consumer.queue_name, "outcome": "handled"}
        assert (runtime.registry.get_sample_value("events_consumed_total", labels) or 0) > 0


async def check_invariants(runtime: Triage, sink: Any) -> None:
    db = database_of(runtime)
    staff = {d["_id"]: d for d in await db["staff"].find({"capacity": {"$gt": 0}}).to_list(None)}
    seats = sum(d["capacity"] for d in staff.values())
    assigned_events = await sink.wait_count("case.assigned", seats, timeout=30)
    cases = {d["_id"]: d for d in await db["cases"].find({}).to_list(None)}
    per_case: dict[str, set[str]] = {}
    for event in assigned_events:
        per_case.setdefault(event.data["case_id"], set()).add(event.data["counselor_id"])
    # One counselor per case, and the events agree with the database.
    assert all(len(who) == 1 for who in per_case.values())
    assert all(cases[cid]["counselor_id"] in who for cid, who in per_case.items())
    actual = await runtime.stores.assignments.active_counts()
    for cid, doc in staff.items():
        assert actual.get(cid, 0) <= doc["capacity"], cid
        assert (
            doc["active_count"] == actual.get(cid, 0)
            and doc["free_seats"] == doc["capacity"] - doc["active_count"]
        )
    assert sum(actual.values()) == seats  # every seat used: more cases than seats were waiting
    rounds = runtime.periodic
    assert await rounds.seat_round() == [] and await rounds.seat_round() == []  # nothing leaked
