"""Outreach end to end on the real broker and the LINE simulator (issue 11's "done when"):
she writes → the counselor sees the suggestion and records her consent → the coordinator schedules
a visit with two workers → she gets the confirmation and the reminders on her phone, neutral and
silent → she confirms by quick reply → the workers check in and out → completed → outreach's
figures and the ward's report count it. The clock is the test's (triage, outreach and reports)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from services.outreach.app import OUTREACH
from services.triage.domain.safe_words import CORE, find_unsafe_words
from tests.e2e.conftest import Console, System
from tests.e2e.test_spine import consulter, inbox_until, sim, texts, write
from tests.support.waiting import until

pytestmark = pytest.mark.e2e
WORDS = "区役所の窓口に一人で行くのが怖くて、手続きができていません。誰か一緒に行ってもらえませんか"


def consent_record() -> dict[str, Any]:
    return {
        "help": ["meet_and_talk", "accompany"],
        "accompany_to": "welfare_office",
        "contact": {"line_only": True, "never_call": True, "windows": [{"days": ["thu", "sat"], "start": "18:00", "end": "21:00"}]},
        "meet_at": ["ward-office-main", "welfare-office"],
        "avoid": ["family-restaurant-station"],
        "given_via": "line_chat",
        "withdrawal_explained": True,
    }


async def staff_console(system: System, username: str) -> Console:
    session = aiohttp.ClientSession()
    console = Console(system.url, session)
    await console.login(username)
    return console


def appointment_messages(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**m, "_kind": item["kind"], "_silent": item.get("notification_disabled")}
        for item in items
        for m in item.get("messages", [])
        if any(str(a.get("action", {}).get("data", "")).startswith("appointment:") for a in (m.get("quickReply") or {}).get("items", []))
    ]


async def test_from_her_consent_to_a_visit_done_and_counted(
    system: System, console: Console, sink_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINE_ADD_FRIEND_URL", "https://line.me/R/ti/p/@tsunagari-e2e")
    monkeypatch.setenv("REPORTS_PUBLIC_BASE_URL", "https://tsunagari.example.jp")
    await system.start("reports")
    sink = await sink_factory("case.assigned", "outreach.#")
    user_id = await consulter(system, 3)

    # She writes; a counselor has the case and sees the suggestion, with its reasons.
    await write(system, user_id, WORDS)
    [assigned] = await sink.wait_count("case.assigned", 1, timeout=20)
    case_id, counselor_id = assigned.data["case_id"], assigned.data["counselor_id"]
    console_user = {"c-aoki": "aoki", "c-brown": "brown", "c-chen": "chen", "s-sato": "sato"}[counselor_id]
    await console.login(console_user)
    status, case = await console.call("GET", f"/api/cases/{case_id}")
    assert status == 200
    assert {"asks_accompaniment", "afraid_of_counter"} <= {s["code"] for s in case["outreach_suggestion"]}

    # Consent, as a record; without it nothing proceeds.
    status, refused = await console.call("POST", f"/api/cases/{case_id}/outreach", {"consent": True})
    assert (status, refused["error"]["code"]) == (422, "consent_record_required")
    status, places = await console.call("GET", "/api/outreach/places")  # the consent form's list
    assert status == 200 and "ward-office-main" in {p["id"] for p in places["places"]}
    status, made = await console.call(
        "POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": consent_record(), "urgency": "high"}
    )
    assert status == 201
    request_id = made["request_id"]

    # The coordinator: the queue, the clash check, scheduling Saturday 14:00 with two workers.
    ono = await staff_console(system, "ono")
    try:
        async def queued() -> bool:
            _, queue = await ono.call("GET", "/api/outreach/requests")
            return request_id in {r["id"] for r in queue.get("waiting", [])}

        await until(queued, 20)
        saturday = system.clock.now + timedelta(days=2)
        starts = saturday.replace(hour=14, minute=0)
        plan = {
            "request_id": request_id,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=1, minutes=30)).isoformat(),
            "staff_ids": ["w-ishii", "w-mori"],
            "place_id": "ward-office-main",
            "accompany_to": "welfare_office",
            "accompany_contact": "生活福祉課 窓口（事前連絡済み）",
        }
        status, one = await ono.call("POST", "/api/outreach/visits", {**plan, "staff_ids": ["w-ishii"]})
        assert (status, one["error"]["code"]) == (422, "two_staff_needed")
        status, check = await ono.call("POST", "/api/outreach/visits/check", plan)
        assert status == 200 and check["ok"] is True
        status, visit = await ono.call("POST", "/api/outreach/visits", plan)
        assert status == 201
        visit_id = visit["visit_id"]

        # Her phone: the confirmation, silent, neutral, with the three answers.
        arrived = await inbox_until(system, user_id, lambda items: len(appointment_messages(items)) >= 1, timeout=20)
        [confirmation] = appointment_messages(arrived)
        assert confirmation["_silent"] is True and confirmation["_kind"] == "push"
        assert "区役所 本庁舎 1階" in confirmation["text"] and find_unsafe_words(confirmation["text"], CORE) == []
        status, case = await console.call("GET", f"/api/cases/{case_id}")
        assert any(m.get("system") == "appointment_confirm" for m in case["messages"])  # the counselor reads it

        # The day before at 18:00, then three hours before: the reminders (injected clock).
        system.clock.now = starts.replace(hour=18) - timedelta(days=1)
        rounds = system.apps["outreach"][OUTREACH].periodic
        await rounds.reminder_round()
        arrived = await inbox_until(system, user_id, lambda items: len(appointment_messages(items)) >= 2, timeout=20)
        reminder = appointment_messages(arrived)[-1]
        assert reminder["_silent"] is True and "お約束の日時が近づいてきました" in reminder["text"]
        assert find_unsafe_words(reminder["text"], CORE) == []

        # She confirms by quick reply (the postback the button sends). A day passed: staff sign in again.
        await ono.login("ono")
        confirm = next(a["action"]["data"] for a in reminder["quickReply"]["items"] if a["action"]["data"].endswith(":confirm"))
        sent = await sim(system, "POST", f"/_sim/consulters/{user_id}/postback", {"data": confirm})
        assert sent["status"] == 200

        async def confirmed() -> bool:
            _, detail = await ono.call("GET", f"/api/outreach/visits/{visit_id}")
            return detail["visit"]["status"] == "confirmed"

        await until(confirmed, 20)
        system.clock.now = starts - timedelta(hours=3)
        await rounds.reminder_round()
        await inbox_until(system, user_id, lambda items: len(appointment_messages(items)) >= 3, timeout=20)

        # The day: the workers check in and out; the result.
        system.clock.now = starts - timedelta(minutes=10)
        ishii = await staff_console(system, "ishii")
        try:
            _, today = await ishii.call("GET", "/api/outreach/today")
            assert [v["id"] for v in today["visits"]] == [visit_id]
            status, early = await ishii.call("POST", f"/api/outreach/visits/{visit_id}/result", {"result": "completed"})
            assert (status, early["error"]["code"]) == (409, "not_started")
            assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-in"))[0] == 200
            system.clock.now = starts + timedelta(hours=1, minutes=40)
            await ishii.login("ishii")  # the session's idle timeout passed meanwhile
            assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/check-out"))[0] == 200
            result = {"result": "completed", "accompanied_to": "welfare_office", "next_steps": ["counselor_follow_up"], "notes": "申請まで同行"}
            assert (await ishii.call("POST", f"/api/outreach/visits/{visit_id}/result", result))[0] == 200
        finally:
            await ishii.session.close()
        [completed] = await sink.wait_count("outreach.completed", 1, timeout=20)
        assert completed.data["result"] == "completed" and "申請" not in str(completed.data)

        # The figures count it: outreach's own and the ward's yearly report.
        await ono.login("ono")
        await console.login(console_user)
        status, figures = await ono.call("GET", "/api/outreach/figures")
        assert status == 200 and figures["completed"] == 1 and figures["target"] == 12
        assert [f["count"] for f in figures["funnel"]] == [1, 1, 1, 1]
        sato = await staff_console(system, "sato")
        try:
            async def reported() -> bool:
                await sato.call("POST", "/api/reports/refresh", {})
                status, report = await sato.call("GET", f"/api/reports/years/{figures['fiscal_year']}")
                return status == 200 and report["headline"]["outreach_visits"] == 1

            await until(reported, 30, interval=0.2)
        finally:
            await sato.session.close()
        status, case = await console.call("GET", f"/api/cases/{case_id}")
        [record] = [r for r in case["outreach"] if r["_id"] == request_id]
        assert record["status"] == "completed"
        [appointment] = case["appointments"]  # one scheduling: its confirmation, two reminders, her answer
        assert appointment["answer"] == "confirm" and len(appointment["messages"]) == 3
        for text in texts(arrived):  # nothing the system sent her names a topic
            assert find_unsafe_words(text, CORE) == []
    finally:
        await ono.session.close()
