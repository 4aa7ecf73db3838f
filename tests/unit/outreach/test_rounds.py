"""The periodic rounds on an injected clock: her reminders (the day before and a few hours before,
once each, through triage), the coordinator's alert when a check-out is overdue (staff safety),
and the sweep that republishes unconfirmed events and frees slots a dead process left held."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from services.outreach.bootstrap import Outreach
from shared.events import RequestOutreach
from tests.unit.outreach.support import MONDAY, Clock, FakePublisher, at, feed, plan, request_data

pytestmark = pytest.mark.asyncio


async def scheduled(outreach: Outreach, as_staff: Any, request_id: str = "r-1", **changes: Any) -> str:
    await feed(outreach, request_data(request_id, case_id=f"case-{request_id}"))
    status, made = await as_staff("o-ono").call("POST", "/api/outreach/visits", {**plan(**changes), "request_id": request_id})
    assert status == 201, made
    return str(made["visit_id"])


def reminders(publisher: FakePublisher) -> list[str]:
    return [e.data["message_id"].rsplit("-", 1)[-1] for e in publisher.of_type("outreach.message.requested") if e.data["kind"] == "reminder"]


async def test_reminders_the_day_before_and_hours_before(
    outreach: Outreach, as_staff: Any, clock: Clock, publisher: FakePublisher
) -> None:
    await scheduled(outreach, as_staff)  # Thursday 14:00
    rounds = outreach.periodic
    clock.now = at(2, 17, 59)
    assert await rounds.reminder_round() == [] and reminders(publisher) == []
    clock.now = at(2, 18, 0)  # Wednesday 18:00: the day before
    assert len(await rounds.reminder_round()) == 1
    assert await rounds.reminder_round() == []  # once, whoever runs the round again
    clock.now = at(3, 11, 0)  # three hours before
    await rounds.reminder_round()
    assert reminders(publisher) == ["day_before", "hours_before"]
    clock.now = at(3, 14, 1)  # started: nothing more
    assert await rounds.reminder_round() == []
    sent = publisher.of_type("outreach.message.requested")[-1].data
    assert sent["kind"] == "reminder" and sent["place"] == "区役所 本庁舎 1階"


async def test_a_late_booking_gets_one_reminder_not_two(
    outreach: Outreach, as_staff: Any, clock: Clock, publisher: FakePublisher
) -> None:
    clock.now = at(2, 20, 0)  # booked after the day-before time: the confirmation is enough
    await scheduled(outreach, as_staff)
    clock.now = at(3, 12, 0)  # the round ran late: both would be due
    await outreach.periodic.reminder_round()
    assert reminders(publisher) == ["hours_before"]


async def test_an_overdue_check_out_alerts_once(
    outreach: Outreach, as_staff: Any, clock: Clock, publisher: FakePublisher
) -> None:
    visit_id = await scheduled(outreach, as_staff)
    other = await scheduled(outreach, as_staff, "r-2", staff_ids=["w-mori", "o-kato"])
    ishii = as_staff("w-ishii")
    clock.now = at(3, 13, 50)
    assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-in"))[0] == 200
    assert (await as_staff("w-mori").call("POST", f"/api/outreach/visits/{other}/check-in"))[0] == 200
    clock.now = at(3, 15, 45)
    assert (await as_staff("w-mori").call("POST", f"/api/outreach/visits/{other}/check-out"))[0] == 200
    assert await outreach.periodic.overdue_round() == []  # 15:30 + 30 minutes not reached yet
    clock.now = at(3, 16, 0)
    assert await outreach.periodic.overdue_round() == [visit_id]
    assert await outreach.periodic.overdue_round() == []
    _, alerts = await as_staff("o-ono").call("GET", "/api/outreach/alerts")
    [alert] = alerts["alerts"]
    assert (alert["kind"], alert["visit_id"], alert["checked_in"]) == ("checkout_overdue", visit_id, True)
    [partner] = publisher.of_type("partner.alert.requested")
    assert partner.data["partner_kind"] == "on_call_supervisor" and partner.data["category"] == "staff_safety"
    assert partner.data["case_ref"] == visit_id and partner.data["details"] is None
    assert (await as_staff("o-ono").call("POST", f"/api/outreach/alerts/{alert['_id']}/ack"))[0] == 200
    assert (await as_staff("o-ono").call("GET", "/api/outreach/alerts"))[1]["alerts"] == []


async def test_the_sweep_republishes_and_frees_what_a_dead_process_held(
    outreach: Outreach, as_staff: Any, clock: Clock, publisher: FakePublisher, db: Any
) -> None:
    publisher.fail = True  # the broker is away: the visit is stored, its events wait
    await feed(outreach, request_data("r-1"))
    status, made = await as_staff("o-ono").call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"})
    assert status == 201 and made["published"] is False
    publisher.fail = False
    clock.advance(minutes=5)
    swept = await outreach.periodic.sweep_round()
    assert swept["published"] == 2
    assert [e.type for e in publisher.published] == ["outreach.scheduled", "outreach.message.requested"]

    # A process that died after reserving and storing its visit, before committing it.
    data: RequestOutreach = request_data("r-2", case_id="case-2")
    await feed(outreach, data)
    from services.outreach.domain.plan import VisitPlan
    from services.outreach.domain.slots import reservation_keys

    dead = VisitPlan(at(3, 17), at(3, 18), ("w-mori", "o-kato"), "ward-office-main")
    await outreach.stores.requests.claim("r-2", "v-dead", clock())
    await outreach.stores.reservations.reserve("v-dead", 1, reservation_keys(dead.staff, dead.occupancy), clock())
    await db["visits"].insert_one({"_id": "v-dead", "request_id": "r-2", "committed": False, "created_at": clock(), "status": "scheduled", "revision": 1})
    assert (await outreach.periodic.sweep_round())["visits_removed"] == 0  # within the grace time
    clock.advance(minutes=3)
    assert (await outreach.periodic.sweep_round())["visits_removed"] == 1
    assert await db["reservations"].count_documents({"visit_id": "v-dead"}) == 0
    assert (await db["requests"].find_one({"_id": "r-2"}))["visit_id"] is None
    # The freed time can be booked.
    again = plan(starts_at=at(3, 17).isoformat(), ends_at=at(3, 18).isoformat(), staff_ids=["w-mori", "o-kato"])
    assert (await as_staff("o-ono").call("POST", "/api/outreach/visits", {**again, "request_id": "r-2"}))[0] == 201
    assert MONDAY + timedelta(days=1) > clock()
