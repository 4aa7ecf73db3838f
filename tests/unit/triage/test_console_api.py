"""The counselor API: access rules, audit, and each action's event (fake publisher, substitute DB)."""

from typing import Any

import pytest

from services.triage.bootstrap import Triage
from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import USER, FakePublisher, text_event

WORDS = "昨日夫に殴られた。家に帰るのが怖い"  # high, unambiguously (risk issue 10)


@pytest.fixture
async def case_id(duty_handle: Any, duty: Triage, db: Any) -> str:
    """Her case, assigned to c-aoki; two messages (the second's reply token is kept for a reply)."""
    await duty_handle(text_event("こんにちは", at=duty.clock()))
    duty.clock.advance(seconds=5)  # type: ignore[attr-defined]
    await duty_handle(text_event(WORDS, at=duty.clock()))
    case = await db["cases"].find_one({})
    assert case["counselor_id"] == "c-aoki"
    return str(case["_id"])


async def actions(duty: Triage, case_id: str) -> list[tuple[str | None, str]]:
    return [(e["actor_id"], e["action"]) for e in await duty.stores.audit.for_case(case_id)]


async def test_counselor_reads_her_case_and_it_is_audited(api: Any, case_id: str, duty: Triage) -> None:
    aoki = await login(api, "aoki")
    response = await aoki.get(f"/api/cases/{case_id}")
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    body = await response.json()
    hers = [m for m in body["messages"] if m["direction"] == "in"]
    assert [m["text"] for m in hers] == ["こんにちは", WORDS]
    # What the system sent her is part of the conversation too, after her first message.
    ack = body["messages"][1]
    assert ack["direction"] == "out" and ack["system"] == "ack" and ack["author_id"] is None
    assert ack["text"].startswith("メッセージありがとうございます。")
    reasons = hers[1]["risk_reasons"]
    assert reasons and reasons[0]["rule_id"].startswith("DV") and reasons[0]["span"]
    assert ("c-aoki", "case.read") in await actions(duty, case_id)


async def test_another_counselors_case_is_404_and_the_attempt_audited(
    api: Any, case_id: str, duty: Triage
) -> None:
    brown = await login(api, "brown")
    for response in (
        await brown.get(f"/api/cases/{case_id}"),
        await brown.send("POST", f"/api/cases/{case_id}/reply", {"text": "hello"}),
        await brown.get("/api/cases/no-such-case"),
    ):
        assert response.status == 404 and (await response.json())["error"]["code"] == "case_not_found"
    assert ("c-brown", "case.access_denied") in await actions(duty, case_id)
    sato = await login(api, "sato")
    assert (await sato.get(f"/api/cases/{case_id}")).status == 200
    audit = await (await sato.get(f"/api/cases/{case_id}/audit")).json()
    assert {"case.read", "case.access_denied"} <= {e["action"] for e in audit["entries"]}
    assert (await brown.get(f"/api/cases/{case_id}/audit")).status == 403


async def test_queue_and_lists_carry_no_text(api: Any, duty_handle: Any, duty: Triage, db: Any) -> None:
    await db["staff"].update_many({}, {"$set": {"shifts": []}})  # nobody on shift: it waits
    await duty_handle(text_event(WORDS, at=duty.clock()))
    aoki = await login(api, "aoki")
    queue = await (await aoki.get("/api/queue")).json()
    [item] = queue["cases"]
    assert item["level"] == "high" and item["waiting_seconds"] == 0 and item["missing_skills"] == ["dv"]
    assert WORDS not in str(queue) and USER not in str(queue)
    assert (await aoki.get("/api/cases")).status == 403  # supervisors only
    sato = await login(api, "sato")
    everything = await (await sato.get("/api/cases")).json()
    assert everything["cases"][0]["target_seconds"] == 600 and everything["cases"][0]["overdue"] is False


async def test_reply_uses_her_fresh_token_and_stops_the_clock(
    api: Any, case_id: str, duty: Triage, publisher: FakePublisher, db: Any
) -> None:
    aoki = await login(api, "aoki")
    missing = await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"}, csrf=False)
    assert missing.status == 403
    response = await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは、青木です"})
    assert response.status == 201, await response.text()
    assert (await response.json())["method"] == "reply"
    sent = publisher.of_type("outbound.line.requested")[-1]
    assert sent.data["purpose"] == "counselor_reply" and sent.data["line_user_id"] == USER
    assert sent.data["messages"] == [{"type": "text", "text": "こんばんは、青木です"}]
    assert sent.data["reply_token"] and sent.data["silent"] is False
    case = await duty.stores.cases.get(case_id)
    assert case is not None and case["first_response_at"] is not None and case["counselor_replied"]
    stored = await db["messages"].find_one({"direction": "out"})
    assert "青木です" not in repr(stored)
    again = await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "もう一度"})
    assert (await again.json())["method"] == "push"  # a token is used once
    assert ("c-aoki", "case.reply") in await actions(duty, case_id)


@pytest.mark.parametrize(
    "body", [{"text": ""}, {"text": "   "}, {"text": "x" * 5001}, {"words": "hi"}, {"text": 3}, []]
)
async def test_bad_reply_is_refused_and_nothing_stored(
    api: Any, case_id: str, duty: Triage, publisher: FakePublisher, body: Any, db: Any
) -> None:
    before = len(publisher.published)
    aoki = await login(api, "aoki")
    response = await aoki.send("POST", f"/api/cases/{case_id}/reply", body)
    assert response.status == 422 and (await response.json())["error"]["code"] == "invalid_body"
    assert len(publisher.published) == before
    assert await db["messages"].count_documents({"direction": "out", "author_id": {"$ne": None}}) == 0
    assert (await duty.stores.cases.get(case_id) or {})["first_response_at"] is None


async def test_risk_notes_and_intake(
    api: Any, case_id: str, duty: Triage, publisher: FakePublisher, db: Any
) -> None:
    aoki = await login(api, "aoki")
    response = await aoki.send(
        "PUT", f"/api/cases/{case_id}/risk", {"level": "emergency", "reason": "今夜が危ない"}
    )
    assert response.status == 200
    assessed = publisher.of_type("case.risk.assessed")[-1]
    assert (assessed.data["by"], assessed.data["level"], assessed.data["counselor_id"]) == (
        "counselor",
        "emergency",
        "c-aoki",
    )
    assert (await aoki.send("PUT", f"/api/cases/{case_id}/risk", {"level": "severe"})).status == 422
    assert (await aoki.send("POST", f"/api/cases/{case_id}/notes", {"text": "次回は昼に連絡"})).status == 201
    assert (
        await aoki.send("PUT", f"/api/cases/{case_id}/intake", {"age_band": "30s", "channel": "poster"})
    ).status == 200
    body = await (await aoki.get(f"/api/cases/{case_id}")).json()
    assert [n["text"] for n in body["notes"]] == ["今夜が危ない", "次回は昼に連絡"]
    assert body["intake"]["age_band"] == "30s" and body["case"]["risk_set_by"] == "counselor"
    raw = await db["notes"].find({}).to_list(None)
    assert "次回は昼に連絡" not in repr(raw)
