"""Scheduling through outreach's API: what a coordinator sees before saving, and every refusal
(a clear 4xx and nothing changed): one staff member, a booked one, a time in the past, a place not
in the catalogue or refused by her consent, a request that does not exist or was withdrawn."""

from __future__ import annotations

from typing import Any

import pytest

from services.outreach.bootstrap import Outreach
from shared.events import OutreachConsentWithdrawn
from tests.unit.outreach.support import MONDAY, FakePublisher, at, feed, plan, request_data

pytestmark = pytest.mark.asyncio


async def snapshot(db: Any) -> dict[str, list[Any]]:
    """Everything outreach stored, to show a refusal changed nothing."""
    return {
        name: await db[name].find({}).sort("_id", 1).to_list(None)
        for name in ("requests", "visits", "reservations", "alerts")
    }


async def test_a_visit_is_scheduled_and_announced(outreach: Outreach, as_staff: Any, publisher: FakePublisher) -> None:
    data = request_data("r-1")
    await feed(outreach, data)
    ono = as_staff("o-ono")
    status, queue = await ono.call("GET", "/api/outreach/requests")
    assert status == 200 and [r["id"] for r in queue["waiting"]] == ["r-1"]
    assert queue["waiting"][0]["consent"]["avoid"] == ["family-restaurant-station"]

    status, check = await ono.call("POST", "/api/outreach/visits/check", {**plan(), "request_id": "r-1"})
    assert status == 200 and check == {"problems": [], "clashes": [], "ok": True}
    status, made = await ono.call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"})
    assert status == 201 and made["revision"] == 1 and made["published"] is True

    [scheduled] = publisher.of_type("outreach.scheduled")
    assert scheduled.data["staff_ids"] == ["w-ishii", "w-ueda"] and scheduled.data["place_id"] == "ward-office-main"
    [confirm] = publisher.of_type("outreach.message.requested")
    assert confirm.data["kind"] == "confirm" and confirm.data["place"] == "区役所 本庁舎 1階"
    # No address, name or free text travels: the place's neutral wording and codes only.
    assert "生活福祉課" not in str(confirm.data) and "03-0000" not in str(scheduled.data)
    status, queue = await ono.call("GET", "/api/outreach/requests")
    assert queue["waiting"] == [] and [r["id"] for r in queue["scheduled"]] == ["r-1"]
    status, week = await ono.call("GET", "/api/outreach/visits?from=2026-11-30")
    assert status == 200 and [v["id"] for v in week["visits"]] == [made["visit_id"]]
    assert [s["name"] for s in week["visits"][0]["staff"]] == ["石井", "上田"]
    assert {s["id"] for s in week["working"]["2026-12-03"]} >= {"w-ishii", "w-ueda"}


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"staff_ids": ["w-ishii"]}, 422, "two_staff_needed"),
        ({"staff_ids": ["w-ishii", "w-ishii"]}, 422, "two_staff_needed"),
        ({"staff_ids": ["w-ishii", "c-aoki"]}, 422, "unknown_staff"),
        ({"staff_ids": ["w-ishii", "w-endo"]}, 422, "staff_not_working"),  # Endo does not work Thursdays
        ({"starts_at": at(30, 9, month=11).isoformat(), "ends_at": at(30, 9, 45, month=11).isoformat()}, 422, "in_the_past"),
        ({"ends_at": at(3, 13).isoformat()}, 422, "ends_before_start"),
        ({"place_id": "her-friends-flat"}, 422, "unknown_place"),
        ({"place_id": "family-restaurant-station"}, 422, "place_refused"),
        ({"place_id": "home"}, 422, "home_not_agreed"),
        ({"starts_at": "2026-12-03T14:00:00"}, 422, "invalid_body"),  # a time without its zone
    ],
)
async def test_a_bad_plan_is_refused_and_nothing_changes(
    outreach: Outreach, as_staff: Any, publisher: FakePublisher, db: Any, changes: dict[str, Any], status: int, code: str
) -> None:
    await feed(outreach, request_data("r-1"))
    before = await snapshot(db)
    answer, body = await as_staff("o-ono").call("POST", "/api/outreach/visits", {**plan(**changes), "request_id": "r-1"})
    assert (answer, body["error"]["code"]) == (status, code)
    assert await snapshot(db) == before and publisher.published == []


async def test_a_booked_staff_member_is_refused_and_shown_before_saving(
    outreach: Outreach, as_staff: Any, publisher: FakePublisher, db: Any
) -> None:
    await feed(outreach, request_data("r-1"))
    await feed(outreach, request_data("r-2", case_id="case-2"))
    ono, kato = as_staff("o-ono"), as_staff("o-kato")
    status, first = await ono.call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"})
    assert status == 201
    # 15:30 + 30 min travel: Ueda is busy until 16:00, so a 16:15 start with 30 min travel clashes.
    later = plan(starts_at=at(3, 16, 15).isoformat(), ends_at=at(3, 17).isoformat(), staff_ids=["w-mori", "w-ueda"])
    status, check = await kato.call("POST", "/api/outreach/visits/check", {**later, "request_id": "r-2"})
    assert status == 200 and check["ok"] is False
    assert [(c["staff_id"], c["visit_id"]) for c in check["clashes"]] == [("w-ueda", first["visit_id"])]
    before, published = await snapshot(db), len(publisher.published)
    status, refused = await kato.call("POST", "/api/outreach/visits", {**later, "request_id": "r-2"})
    assert status == 409 and refused["error"]["code"] == "staff_booked" and refused["error"]["staff_id"] == "w-ueda"
    assert await snapshot(db) == before and len(publisher.published) == published
    # Without travel after the first visit's end there is room: slots are what decides.
    fits = {**later, "starts_at": at(3, 16, 30).isoformat(), "travel_before_min": 30}
    assert (await kato.call("POST", "/api/outreach/visits", {**fits, "request_id": "r-2"}))[0] == 201


async def test_one_request_one_visit_and_withdrawn_consent_stops_scheduling(
    outreach: Outreach, as_staff: Any, db: Any
) -> None:
    await feed(outreach, request_data("r-1"))
    ono = as_staff("o-ono")
    assert (await ono.call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"}))[0] == 201
    again = plan(staff_ids=["w-mori", "o-kato"])
    status, body = await ono.call("POST", "/api/outreach/visits", {**again, "request_id": "r-1"})
    assert (status, body["error"]["code"]) == (409, "already_scheduled")
    status, body = await ono.call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-missing"})
    assert (status, body["error"]["code"]) == (404, "no_request")

    await feed(outreach, request_data("r-2", case_id="case-2"))
    withdrawn = OutreachConsentWithdrawn(
        request_id="r-2", case_id="case-2", consulter_id="cons_1", recorded_by="c-aoki", via="line_chat", at=MONDAY
    )
    await feed(outreach, withdrawn)
    before = await snapshot(db)
    status, body = await ono.call("POST", "/api/outreach/visits", {**again, "request_id": "r-2"})
    assert (status, body["error"]["code"]) == (409, "request_not_open")
    assert await snapshot(db) == before


async def test_rescheduling_keeps_history_and_frees_the_old_time(
    outreach: Outreach, as_staff: Any, publisher: FakePublisher, db: Any
) -> None:
    await feed(outreach, request_data("r-1"))
    ono, kato = as_staff("o-ono"), as_staff("o-kato")
    _, made = await ono.call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"})
    visit_id = made["visit_id"]
    moved = plan(starts_at=at(3, 15).isoformat(), ends_at=at(3, 16).isoformat())  # overlaps its own old time
    status, done = await ono.call("PUT", f"/api/outreach/visits/{visit_id}", {**moved, "revision": 1})
    assert status == 200 and done["revision"] == 2
    status, stale = await kato.call("PUT", f"/api/outreach/visits/{visit_id}", {**moved, "revision": 1})
    assert (status, stale["error"]["code"]) == (409, "visit_changed")
    status, detail = await ono.call("GET", f"/api/outreach/visits/{visit_id}")
    assert [h["event"] for h in detail["visit"]["history"]] == ["scheduled", "rescheduled"]
    assert [e.data["revision"] for e in publisher.of_type("outreach.scheduled")] == [1, 2]
    assert [e.data["revision"] for e in publisher.of_type("outreach.message.requested")] == [1, 2]
    held = await db["reservations"].find({}).to_list(None)
    assert {r["revision"] for r in held} == {2}
    assert min(r["slot"] for r in held) == at(3, 14, 30).astimezone(held[0]["slot"].tzinfo)  # 15:00 − 30 min
    # The freed 14:00 time can be given to someone else.
    await feed(outreach, request_data("r-2", case_id="case-2"))
    early = plan(starts_at=at(3, 12).isoformat(), ends_at=at(3, 13, 30).isoformat(), travel_after_min=60)
    assert (await kato.call("POST", "/api/outreach/visits", {**early, "request_id": "r-2"}))[0] == 201


async def test_roles_and_the_one_login(outreach: Outreach, as_staff: Any, client: Any) -> None:
    await feed(outreach, request_data("r-1"))
    # No assertion (a request around the proxy, or a browser's own header): 401 everywhere.
    for path in ("/api/outreach/requests", "/api/outreach/figures", "/api/outreach/today"):
        response = await client.get(path, headers={"X-Tsunagari-Staff": "o-ono"})
        assert response.status == 401
    assert (await as_staff("c-aoki").call("GET", "/api/outreach/requests"))[0] == 403
    assert (await as_staff("c-aoki").call("GET", "/api/outreach/places"))[0] == 200
    assert (await as_staff("s-sato").call("GET", "/api/outreach/requests"))[0] == 200
    status, body = await as_staff("s-sato").call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"})
    assert (status, body["error"]["code"]) == (403, "forbidden_role")
    assert (await as_staff("w-ishii").call("POST", "/api/outreach/visits", {**plan(), "request_id": "r-1"}))[0] == 403
    assert (await as_staff("a-admin").call("GET", "/api/outreach/figures"))[0] == 200
