"""A visit's life after scheduling: her quick-reply answers, her withdrawal, the case closing, the
day itself (check-in, check-out, the result and its notes sealed at rest) and the figures."""

from __future__ import annotations

from typing import Any

import pytest

from services.outreach.bootstrap import Outreach
from shared.events import AppointmentAnswered, CaseClosed, OutreachConsentWithdrawn, OutreachProposed
from tests.unit.outreach.support import MONDAY, Clock, FakePublisher, at, feed, plan, request_data

pytestmark = pytest.mark.asyncio


async def scheduled(outreach: Outreach, as_staff: Any, request_id: str = "r-1", **changes: Any) -> str:
    await feed(outreach, request_data(request_id, case_id=f"case-{request_id}"))
    status, made = await as_staff("o-ono").call("POST", "/api/outreach/visits", {**plan(**changes), "request_id": request_id})
    assert status == 201, made
    return str(made["visit_id"])


def answer(visit_id: str, what: str, revision: int = 1, consulter_id: str = "cons_1") -> AppointmentAnswered:
    return AppointmentAnswered(
        visit_id=visit_id, revision=revision, case_id="case-r-1", consulter_id=consulter_id, answer=what, at=MONDAY  # type: ignore[arg-type]
    )


async def test_her_answers_change_the_visit(outreach: Outreach, as_staff: Any, db: Any) -> None:
    visit_id = await scheduled(outreach, as_staff)
    await feed(outreach, answer(visit_id, "confirm", consulter_id="someone_else"))
    assert (await db["visits"].find_one({"_id": visit_id}))["status"] == "scheduled"
    await feed(outreach, answer(visit_id, "confirm"))
    visit = await db["visits"].find_one({"_id": visit_id})
    assert visit["status"] == "confirmed" and visit["answer"]["answer"] == "confirm"

    await feed(outreach, answer(visit_id, "reschedule"))
    ono = as_staff("o-ono")
    _, alerts = await ono.call("GET", "/api/outreach/alerts")
    assert [a["kind"] for a in alerts["alerts"]] == ["reschedule_requested"]
    _, queue = await ono.call("GET", "/api/outreach/requests")
    assert [r["status"] for r in queue["waiting"]] == ["reschedule_requested"]
    moved = plan(starts_at=at(5, 14).isoformat(), ends_at=at(5, 15).isoformat())
    assert (await ono.call("PUT", f"/api/outreach/visits/{visit_id}", {**moved, "revision": 1}))[0] == 200
    await feed(outreach, answer(visit_id, "cancel", revision=1))  # about the old time: ignored
    assert (await db["visits"].find_one({"_id": visit_id}))["status"] == "scheduled"
    await feed(outreach, answer(visit_id, "cancel", revision=2))
    visit = await db["visits"].find_one({"_id": visit_id})
    assert visit["status"] == "cancelled" and visit["cancel"]["by"] == "consulter"
    assert await db["reservations"].count_documents({}) == 0
    request = await db["requests"].find_one({"_id": "r-1"})
    assert request["status"] == "requested" and request["visit_id"] is None  # waits for another visit


async def test_withdrawal_cancels_everything_not_done_and_is_audited(
    outreach: Outreach, as_staff: Any, db: Any, publisher: FakePublisher
) -> None:
    visit_id = await scheduled(outreach, as_staff)
    withdrawn = OutreachConsentWithdrawn(
        request_id="r-1", case_id="case-r-1", consulter_id="cons_1", recorded_by="c-aoki", via="phone", at=MONDAY
    )
    await feed(outreach, withdrawn)
    await feed(outreach, withdrawn)  # a redelivery changes nothing
    assert (await db["requests"].find_one({"_id": "r-1"}))["status"] == "cancelled"
    assert (await db["visits"].find_one({"_id": visit_id}))["status"] == "cancelled"
    assert await db["reservations"].count_documents({}) == 0
    [cancelled] = publisher.of_type("outreach.cancelled")
    assert cancelled.data.items() >= {"reason": "consent_withdrawn", "cancelled_by": "consulter", "proposed_by": "c-aoki"}.items()
    _, detail = await as_staff("o-ono").call("GET", "/api/outreach/requests/r-1")
    assert "consent.withdrawn" in [a["action"] for a in detail["audit"]]
    # A withdrawal that overtakes its request on the queue still wins.
    early = OutreachConsentWithdrawn(
        request_id="r-2", case_id="case-2", consulter_id="cons_1", recorded_by="c-aoki", via="line_chat", at=MONDAY
    )
    await feed(outreach, early)
    await feed(outreach, request_data("r-2", case_id="case-2"))
    assert (await db["requests"].find_one({"_id": "r-2"}))["status"] == "cancelled"


async def test_a_closing_case_cancels_and_names_the_counselor(
    outreach: Outreach, as_staff: Any, db: Any, publisher: FakePublisher
) -> None:
    await scheduled(outreach, as_staff)
    await feed(outreach, request_data("r-2", case_id="case-r-1"))  # a second request, not scheduled
    closed = CaseClosed(case_id="case-r-1", consulter_id="cons_1", outcome="outreach", closed_by="c-brown", consultation=True)
    await feed(outreach, closed)
    events = {e.data["request_id"]: e.data for e in publisher.of_type("outreach.cancelled")}
    assert set(events) == {"r-1", "r-2"}
    assert all(e["reason"] == "case_closed" and e["proposed_by"] == "c-aoki" for e in events.values())
    assert events["r-1"]["visit_id"] and events["r-2"]["visit_id"] is None
    # A request that arrives after its case closed is cancelled at once.
    await feed(outreach, request_data("r-3", case_id="case-r-1"))
    assert (await db["requests"].find_one({"_id": "r-3"}))["status"] == "cancelled"


async def test_the_day_check_in_out_result(
    outreach: Outreach, as_staff: Any, db: Any, clock: Clock, publisher: FakePublisher
) -> None:
    visit_id = await scheduled(outreach, as_staff)
    ishii, endo = as_staff("w-ishii"), as_staff("w-endo")
    result = {"result": "completed", "accompanied_to": "welfare_office", "next_steps": ["follow_up_visit"], "notes": "窓口で申請を済ませた"}
    status, body = await ishii.call("POST", f"/api/outreach/visits/{visit_id}/result", result)
    assert (status, body["error"]["code"]) == (409, "not_started")  # a visit not yet started has no result
    status, body = await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-in")
    assert (status, body["error"]["code"]) == (409, "too_early")
    clock.now = at(3, 13, 40)
    _, today = await ishii.call("GET", "/api/outreach/today")
    assert [v["id"] for v in today["visits"]] == [visit_id]
    _, today = await endo.call("GET", "/api/outreach/today")
    assert today["visits"] == []  # not hers
    assert (await endo.call("POST", f"/api/outreach/visits/{visit_id}/check-in"))[0] == 404
    assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-out"))[0] == 409
    assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-in"))[0] == 200
    clock.now = at(3, 15, 40)
    assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-out"))[0] == 200
    assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/result", result))[0] == 200
    [done] = publisher.of_type("outreach.completed")
    assert done.data["result"] == "completed" and done.data["next_steps"] == ["follow_up_visit"]
    assert "申請" not in str(done.data)
    stored = await db["visits"].find_one({"_id": visit_id})
    assert "申請" not in str(stored["notes"])  # sealed at rest
    _, detail = await ishii.call("GET", f"/api/outreach/visits/{visit_id}")
    assert detail["visit"]["notes"] == "窓口で申請を済ませた"
    _, figures = await as_staff("s-sato").call("GET", "/api/outreach/figures?fy=2026")
    assert (figures["completed"], figures["target"], figures["rate"]) == (1, 12, 8.3)
    assert next(m for m in figures["months"] if m["month"] == "2026-12")["completed"] == 1
    assert [f["count"] for f in figures["funnel"]] == [1, 1, 1, 1]
    assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/result", result))[0] == 409


async def test_the_funnel_shows_where_it_breaks(outreach: Outreach, as_staff: Any) -> None:
    await scheduled(outreach, as_staff, "r-1")
    await feed(outreach, request_data("r-2", case_id="case-2"))
    for n, answer_ in enumerate(("declined", "undecided")):
        await feed(
            outreach,
            OutreachProposed(
                proposal_id=f"p-{n}", case_id="case-3", consulter_id="cons_3", proposed_by="c-aoki", answer=answer_, at=MONDAY  # type: ignore[arg-type]
            ),
        )
    _, figures = await as_staff("o-ono").call("GET", "/api/outreach/figures")
    assert figures["fiscal_year"] == 2026
    assert {f["stage"]: f["count"] for f in figures["funnel"]} == {
        "proposed": 4, "consented": 2, "scheduled": 1, "completed": 0
    }
    assert figures["results"]["upcoming"] == 1
