"""What a consulter's later message costs triage's database, counted (issue 16): a count, not a time,
so a change that adds a query to the common path fails here. On a real MongoDB the count is PyMongo's
command monitoring; on the substitute it is the adapter's own calls (shared/db_cost.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from shared.db_cost import COST
from shared.messaging import EventPublisher
from tests.integration.triage.conftest import RuntimeFactory, database_of
from tests.unit.triage.support_duty import Clock
from tests.unit.triage.support_triage import line_envelope, text_event

pytestmark = pytest.mark.integration

LATER_MESSAGE_BUDGET = 6
"""Round trips for a later message in an open, assigned case (docs/performance.md lists each)."""


async def done_in_ledger(db: Any, key: str) -> None:
    """Until triage's ledger says the LINE event is done (its last write), with a deadline."""

    async def done() -> None:
        while not await db["line_events"].count_documents({"_id": key, "done": True}):
            await asyncio.sleep(0.02)

    await asyncio.wait_for(done(), 15)


async def test_a_later_message_in_an_assigned_case_costs_at_most_six_round_trips(
    runtimes: RuntimeFactory, sink_factory: Any, amqp_connection: Any, topology: Any, clock: Clock
) -> None:
    triage = await runtimes()
    sink = await sink_factory("case.#", "outbound.#")
    publisher = EventPublisher(amqp_connection, topology)
    await publisher.start()
    try:
        first = line_envelope(text_event("こんにちは", at=clock()), received_at=clock())
        await publisher.publish(first)
        await sink.wait_count("case.assigned", 1)
        await done_in_ledger(database_of(triage), first.data["webhook_event_id"])
        clock.advance(seconds=30)
        COST.reset()
        later = line_envelope(text_event("今日は少し話を聞いてほしくて", at=clock()), received_at=clock())
        await publisher.publish(later)
        appended = await sink.wait_count("case.message.appended", 2)
        await done_in_ledger(database_of(triage), later.data["webhook_event_id"])
    finally:
        await publisher.close()
    assert appended[-1].causation_id == later.id
    # Everything triage did meanwhile, whatever it was filed under: the handler's own work and what
    # follows from it in this process (the console's live notices, a delivery report).
    detail = {f"{work} {c}.{o}": n for (svc, work, c, o), n in COST.commands.items() if svc == "triage"}
    spent = sum(detail.values())
    print("later message, triage round trips:", spent, detail)
    assert spent <= LATER_MESSAGE_BUDGET, f"{spent} round trips: {detail}"
    assert spent > 0, "nothing was counted: the counting layer is not in the path"
