"""Retention (DESIGN §5): a configurable time after a case closes its message bodies, notes, reply
token and postback answers are purged; kinds, times, levels, rule ids, the audit and the figures'
inputs stay; open and recently closed cases are untouched; each run is recorded for supervisors."""

from typing import Any

from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import FakePublisher, text_event

WORDS = "夫に殴られて怖い。今夜帰ってくる"
NOTE = "本人の希望で警察には連絡しない"


async def closed_case_with_a_note(api: Any, duty: Any, duty_handle: Any, db: Any) -> str:
    await duty_handle(text_event(WORDS, at=duty.clock()))
    case = await db["cases"].find_one({})
    who = await login(api, "aoki" if case["counselor_id"] == "c-aoki" else "sato")
    assert (await who.send("POST", f"/api/cases/{case['_id']}/notes", {"text": NOTE})).status == 201
    assert (await who.send("POST", f"/api/cases/{case['_id']}/close", {"outcome": "resolved"})).status == 200
    return str(case["_id"])


async def test_a_closed_case_is_purged_after_the_period_and_the_run_is_recorded(
    api: Any, duty: Any, duty_handle: Any, db: Any, publisher: FakePublisher
) -> None:
    case_id = await closed_case_with_a_note(api, duty, duty_handle, db)
    await duty_handle(text_event("まだ開いている相談です", user="U" + "b" * 32, at=duty.clock()))
    days = duty.settings.retention_days
    duty.clock.advance(days=days - 1)
    assert (await duty.periodic.retention_round()).cases == 0  # not yet due
    duty.clock.advance(days=2)
    purged = await duty.periodic.retention_round()
    # Her message and the acknowledgement the system sent her (kept in the conversation too).
    assert (purged.cases, purged.messages, purged.notes) == (1, 2, 1)
    assert await db["messages"].count_documents({"case_id": case_id, "text": {"$ne": None}}) == 0
    message = await db["messages"].find_one({"case_id": case_id, "direction": "in"})
    note = await db["notes"].find_one({"case_id": case_id})
    assert message["text"] is None and message["risk_detail"] is None and message["purged"] is True
    assert message["risk"]["level"] in ("high", "emergency") and message["kind"] == "text"
    assert note["text"] is None and note["kind"] == "note"
    case = await db["cases"].find_one({"_id": case_id})
    assert case["purge_done"] is True and case["outcome"] == "resolved" and case["reply_token"] is None
    other = await db["messages"].find_one({"case_id": {"$ne": case_id}})
    assert other["text"] is not None  # an open case keeps everything
    assert await db["audit_log"].count_documents({"case_id": case_id}) > 0  # audit kept
    assert publisher.of_type("case.closed")  # the figures' events were published before, untouched
    supervisor = await login(api, "sato")
    runs = (await (await supervisor.get("/api/retention/runs")).json())["runs"]
    assert [(r["cases"], r["messages"], r["notes"]) for r in runs] == [(1, 2, 1)]
    assert (await duty.periodic.retention_round()).cases == 0  # once
    counselor = await login(api, "aoki")
    assert (await counselor.get("/api/retention/runs")).status == 403


def sealed_values(doc: Any) -> list[Any]:
    """Every AES-GCM ciphertext in a document (shared/crypto.py's `{"kid", "n", "ct"}`)."""
    if isinstance(doc, dict):
        own = [doc] if {"kid", "n", "ct"} <= doc.keys() else []
        return own + [v for value in doc.values() for v in sealed_values(value)]
    if isinstance(doc, list):
        return [v for value in doc for v in sealed_values(value)]
    return []


async def test_no_ciphertext_of_the_purged_case_remains(
    api: Any, duty: Any, duty_handle: Any, db: Any
) -> None:
    case_id = await closed_case_with_a_note(api, duty, duty_handle, db)
    before = [
        d for name in ("messages", "notes") for d in await db[name].find({"case_id": case_id}).to_list(None)
    ]
    assert any(sealed_values(d) for d in before)
    duty.clock.advance(days=duty.settings.retention_days + 1)
    await duty.periodic.retention_round()
    for name in ("messages", "notes", "line_events"):
        for doc in await db[name].find({"case_id": case_id}).to_list(None):
            assert sealed_values(doc) == [], name
    assert sealed_values(await db["cases"].find_one({"_id": case_id})) == []


async def test_quick_reply_answers_are_purged_after_the_period(duty: Any, duty_handle: Any, db: Any) -> None:
    answer = {**text_event("x", at=duty.clock()), "type": "postback", "postback": {"data": "age=30s"}}
    await duty_handle(answer)
    assert sealed_values(await db["line_events"].find_one({"_id": answer["webhookEventId"]}))
    duty.clock.advance(days=duty.settings.retention_days + 1)
    assert (await duty.periodic.retention_round()).postbacks == 1
    assert sealed_values(await db["line_events"].find_one({"_id": answer["webhookEventId"]})) == []


async def test_a_case_reopened_before_its_purge_is_not_purged(
    api: Any, duty: Any, duty_handle: Any, db: Any
) -> None:
    case_id = await closed_case_with_a_note(api, duty, duty_handle, db)
    duty.clock.advance(hours=1)
    await duty_handle(text_event("また連絡しました", at=duty.clock()))  # within the reopen window
    assert (await db["cases"].find_one({"_id": case_id}))["open"] is True
    duty.clock.advance(days=duty.settings.retention_days + 1)
    assert (await duty.periodic.retention_round()).cases == 0
    assert await db["messages"].count_documents({"case_id": case_id, "text": None}) == 0
