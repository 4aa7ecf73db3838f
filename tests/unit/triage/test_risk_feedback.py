"""Issue 10, items 3, 4 and 7 in triage: the case's level reads her last messages together; an
uncertain assessment says so (and its lower alternative) on the stored message; a counselor's change
of the automatic level is recorded as counts material (no text), readable only as aggregates by an
admin."""

from typing import Any

from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import text_event


async def test_a_farewell_after_ideation_is_an_emergency_for_the_case(
    duty: Any, duty_handle: Any, db: Any
) -> None:
    await duty_handle(text_event("もう死にたい。生きてる意味がない", at=duty.clock()))
    duty.clock.advance(hours=1)
    await duty_handle(text_event("決めた。今までありがとう", at=duty.clock()))
    case = await db["cases"].find_one({})
    assert case["risk_level"] == "emergency"


async def test_corrections_are_counted_for_admins_without_any_text(
    api: Any, duty: Any, duty_handle: Any, db: Any
) -> None:
    words = "死ぬほど眠い。課題が終わらない"
    await duty_handle(text_event(words, at=duty.clock()))
    case = await db["cases"].find_one({})
    supervisor = await login(api, "sato")
    body = {"level": "low", "reason": "冗談の言い回し", "reason_code": "hyperbole"}
    assert (await supervisor.send("PUT", f"/api/cases/{case['_id']}/risk", body)).status == 200
    [stored] = await db["risk_corrections"].find({}).to_list(None)
    assert stored["counselor"] == "low" and stored["reason_code"] == "hyperbole"
    assert words not in str(stored) and "冗談" not in str(stored)
    assert (await supervisor.get("/api/risk/corrections")).status == 403
    admin = await login(api, "admin")
    counts = await (await admin.get("/api/risk/corrections?days=30")).json()
    assert counts["corrections"] == 1 and counts["by_reason_code"] == {"hyperbole": 1}
    assert (await admin.get("/api/risk/corrections?days=x")).status == 400
