"""What the console is told is true: a send is retrying or failed until it is delivered, a failed
reply is sent again once, a closed case takes no change, a take race and a queued case say so, a
silent channel asks before a sensitive word, and the next answer has a target too (fake publisher,
substitute database, stepping clock)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from services.triage.bootstrap import Triage
from shared.events import (
    LineMessageDelivered,
    LineMessageFailed,
    LineMessageRetryScheduled,
    envelope_for,
    read_data,
)
from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import FakePublisher, text_event

WORDS = "昨日夫に殴られた。家に帰るのが怖い"  # high, unambiguously (risk issue 10)


@pytest.fixture
async def case_id(duty_handle: Any, duty: Triage, db: Any) -> str:
    await duty_handle(text_event(WORDS, at=duty.clock()))
    case = await db["cases"].find_one({})
    assert case["counselor_id"] == "c-aoki"
    return str(case["_id"])


async def report(duty: Triage, data: Any) -> None:
    envelope = envelope_for(data, producer="notifier", correlation_id="x")
    await duty.feedback(envelope, read_data(envelope))


async def test_a_reply_is_retrying_then_failed_never_sent_and_is_sent_again_once(
    api: Any, case_id: str, duty: Triage, publisher: FakePublisher
) -> None:
    aoki, sato = await login(api, "aoki"), await login(api, "sato")
    sent = await (await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"})).json()
    request_id, message_id = sent["request_id"], sent["message_id"]
    common = {"request_id": request_id, "consulter_id": "c_1", "case_id": case_id}
    await report(duty, LineMessageRetryScheduled(**common, attempts=2, status=500))
    await report(duty, LineMessageFailed(**common, reason="retries_exhausted", attempts=3))
    await report(duty, LineMessageRetryScheduled(**common, attempts=1, status=500))  # late, out of order
    case = await (await aoki.get(f"/api/cases/{case_id}")).json()
    [delivery] = [d for d in case["deliveries"] if d["_id"] == request_id]
    assert (delivery["status"], delivery["reason"]) == ("failed", "retries_exhausted")
    failures = (await (await sato.get("/api/alerts/failures")).json())["failures"]
    assert [f["attention"] for f in failures if f["id"] == request_id] == ["failed"]

    again = await aoki.send("POST", f"/api/cases/{case_id}/messages/{message_id}/resend", {})
    assert again.status == 201, await again.text()
    resent = publisher.of_type("outbound.line.requested")[-1]
    assert resent.data["request_id"] != request_id and resent.data["reply_token"] is None
    assert resent.data["messages"] == [{"type": "text", "text": "こんばんは"}]
    twice = await aoki.send("POST", f"/api/cases/{case_id}/messages/{message_id}/resend", {})
    assert twice.status == 409 and (await twice.json())["error"]["code"] == "not_failed"
    failures = (await (await sato.get("/api/alerts/failures")).json())["failures"]
    assert request_id not in {f["id"] for f in failures}  # followed by its new send, not listed twice
    new = resent.data["request_id"]
    await report(duty, LineMessageDelivered(request_id=new, consulter_id="c_1", case_id=case_id, method="push", attempts=1))
    case = await (await aoki.get(f"/api/cases/{case_id}")).json()
    [message] = [m for m in case["messages"] if m["id"] == message_id]
    assert message["request_id"] == new and message["previous_request_ids"] == [request_id]
    assert {d["_id"]: d["status"] for d in case["deliveries"]}[new] == "delivered"


async def test_a_closed_case_takes_no_change_and_is_found_again(api: Any, case_id: str, db: Any) -> None:
    aoki, brown = await login(api, "aoki"), await login(api, "brown")
    consent = {
        "help": ["meet_and_talk"],
        "contact": {"line_only": True, "never_call": False},
        "given_via": "phone",
        "withdrawal_explained": True,
    }
    await aoki.send("POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": consent})
    pending = await aoki.send("POST", f"/api/cases/{case_id}/close", {"outcome": "resolved"})
    assert pending.status == 409 and len((await pending.json())["error"]["requests"]) == 1
    closed = await aoki.send("POST", f"/api/cases/{case_id}/close", {"outcome": "resolved", "cancel_outreach": True})
    assert closed.status == 200 and (await closed.json())["outreach_cancelled"] == 1
    for method, path, body in (("POST", "notes", {"text": "あとで"}), ("PUT", "intake", {"age_band": "30s"})):
        refused = await aoki.send(method, f"/api/cases/{case_id}/{path}", body)
        assert refused.status == 409 and (await refused.json())["error"]["code"] == "case_closed"
    found = (await (await aoki.get(f"/api/cases/closed?ref={case_id[:8]}&level=high")).json())["cases"]
    assert [c["id"] for c in found] == [case_id] and found[0]["counselor_name"] == "C-Aoki"
    assert (await (await brown.get("/api/cases/closed")).json())["cases"] == []  # not hers
    assert (await aoki.get("/api/cases/closed?ref=<script>")).status == 422


async def test_a_take_race_and_a_supervisor_answering_the_queue(
    api: Any, duty_handle: Any, duty: Triage, db: Any
) -> None:
    await db["staff"].update_many({}, {"$set": {"shifts": []}})  # nobody on shift: cases wait
    await duty_handle(text_event(WORDS, at=duty.clock()))
    [first] = (await (await (await login(api, "aoki")).get("/api/queue")).json())["cases"]
    aoki, brown = await login(api, "aoki"), await login(api, "brown")
    assert (await aoki.send("POST", f"/api/cases/{first['id']}/take", {})).status == 200
    lost = await brown.send("POST", f"/api/cases/{first['id']}/take", {})
    assert lost.status == 409 and (await lost.json())["error"]["code"] == "already_taken"
    await duty_handle(text_event("相談したいです", user="U" + "b" * 32, at=duty.clock()))
    [second] = (await (await aoki.get("/api/queue")).json())["cases"]
    sato = await login(api, "sato")
    answered = await (await sato.send("POST", f"/api/cases/{second['id']}/reply", {"text": "佐藤です"})).json()
    assert answered["took"] is True
    assert (await (await aoki.get("/api/queue")).json())["cases"] == []  # answered: no longer waiting
    assert (await duty.stores.cases.get(second["id"]) or {})["counselor_id"] == "s-sato"


async def test_a_silent_channel_asks_before_a_sensitive_word(
    api: Any, case_id: str, publisher: FakePublisher
) -> None:
    aoki = await login(api, "aoki")
    assert (await aoki.send("PUT", f"/api/cases/{case_id}/channel", {"silent": True})).status == 200
    refused = await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "避難先を一緒に考えましょう"})
    assert refused.status == 422 and (await refused.json())["error"]["words"] == ["避難"]
    assert publisher.of_type("outbound.line.requested")[-1].data["purpose"] != "counselor_reply"
    body = {"text": "避難先を一緒に考えましょう", "confirm_unsafe": True}
    assert (await aoki.send("POST", f"/api/cases/{case_id}/reply", body)).status == 201
    sent = publisher.of_type("outbound.line.requested")[-1]
    assert sent.data["purpose"] == "counselor_reply" and sent.data["silent"] is True


async def test_the_next_answer_has_a_target_too(
    api: Any, case_id: str, duty: Triage, duty_handle: Any, publisher: FakePublisher
) -> None:
    aoki = await login(api, "aoki")
    await aoki.send("POST", f"/api/cases/{case_id}/reply", {"text": "こんばんは"})
    duty.clock.advance(minutes=1)  # type: ignore[attr-defined]
    await duty_handle(text_event("まだいますか", at=duty.clock()))
    assert await duty.periodic.sla_round() == []
    duty.clock.advance(seconds=duty.settings.next_response_urgent_s)  # type: ignore[attr-defined]
    [breach] = await duty.periodic.sla_round()
    assert breach.case_id == case_id and breach.waited >= timedelta(seconds=600)
    [escalated] = [e for e in publisher.of_type("case.escalated") if e.data["reason"] == "next_response"]
    assert escalated.data["level"] == "high"
    assert any(a.data["category"] == "next_response" for a in publisher.of_type("partner.alert.requested"))
    assert await duty.periodic.sla_round() == []  # once per wait
    sato = await login(api, "sato")
    [row] = (await (await sato.get("/api/cases")).json())["cases"]
    assert row["reply_overdue"] is True and row["counselor_name"] == "C-Aoki"
