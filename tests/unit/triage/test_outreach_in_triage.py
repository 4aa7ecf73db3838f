"""Triage's side of outreach: the suggestion on the case (with its reasons, never automatic), the
consent record and its refusals, proposals she declined, her withdrawal, the appointment messages
triage sends her (neutral, silent, in her conversation) and her quick-reply answers, and the
proposing counselor told when outreach cancels."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.triage.bootstrap import Triage
from services.triage.domain.live import Notice, view_for
from services.triage.domain.replies import find_unsafe_words
from shared.events import OutreachCancelled, SendAppointmentMessage, envelope_for, read_data
from tests.unit.triage.support_api import login
from tests.unit.triage.support_duty import PASSWORD, staffed_triage
from tests.unit.triage.support_triage import USER, FakePublisher, line_envelope, text_event

WORDS = "役所の窓口に一人で行くのが怖いです。誰か一緒に行ってもらえませんか"
CONSENT: dict[str, Any] = {
    "help": ["meet_and_talk", "accompany"],
    "accompany_to": "welfare_office",
    "contact": {"line_only": True, "never_call": True, "windows": [{"days": ["thu", "sat"], "start": "18:00", "end": "21:00"}]},
    "avoid": ["family-restaurant-station"],
    "given_via": "line_chat",
    "withdrawal_explained": True,
}


@pytest.fixture
async def case_id(duty_handle: Any, duty: Triage, db: Any) -> str:
    await duty_handle(text_event(WORDS, at=duty.clock()))
    case = await db["cases"].find_one({})
    assert case["counselor_id"] == "c-aoki"
    return str(case["_id"])


async def test_the_case_suggests_outreach_with_its_reasons(api: Any, case_id: str, publisher: FakePublisher) -> None:
    aoki = await login(api, "aoki")
    case = await (await aoki.get(f"/api/cases/{case_id}")).json()
    assert [s["code"] for s in case["outreach_suggestion"]] == ["asks_accompaniment", "afraid_of_counter"]
    assert publisher.of_type("outreach.requested") == []  # a suggestion, never a request
    ok = await aoki.send("POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": CONSENT})
    assert ok.status == 201
    case = await (await aoki.get(f"/api/cases/{case_id}")).json()
    assert case["outreach_suggestion"] == []  # one is open already


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"withdrawal_explained": False}, "withdrawal_not_explained"),
        ({"home_requested": True}, "home_not_confirmed"),
        ({"accompany_to": None}, "accompaniment_needs_destination"),
        ({"avoid": ["Her Street 1-2-3"]}, "invalid_body"),  # an address is not a place id
        ({"contact": {"line_only": True}}, "invalid_body"),
    ],
)
async def test_an_incomplete_consent_is_refused(
    api: Any, case_id: str, publisher: FakePublisher, db: Any, change: dict[str, Any], code: str
) -> None:
    aoki = await login(api, "aoki")
    response = await aoki.send("POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": {**CONSENT, **change}})
    assert response.status == 422 and (await response.json())["error"]["code"] == code
    assert publisher.of_type("outreach.requested") == [] and await db["outreach_requests"].count_documents({}) == 0


async def test_a_declined_proposal_counts_and_a_later_yes_keeps_its_id(
    api: Any, case_id: str, publisher: FakePublisher, db: Any
) -> None:
    aoki = await login(api, "aoki")
    proposed = await aoki.send("POST", f"/api/cases/{case_id}/outreach/proposals", {"answer": "undecided", "reasons": ["asks_accompaniment"]})
    assert proposed.status == 201
    proposal_id = (await proposed.json())["proposal_id"]
    [event] = publisher.of_type("outreach.proposed")
    assert event.data["answer"] == "undecided" and event.data["reasons"] == ["asks_accompaniment"]
    agreed = await aoki.send(
        "POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": CONSENT, "proposal_id": proposal_id}
    )
    assert agreed.status == 201 and (await agreed.json())["request_id"] == proposal_id
    assert (await db["outreach_requests"].find_one({"_id": proposal_id}))["status"] == "requested"
    mine = await (await aoki.get("/api/me/outreach")).json()
    assert [p["id"] for p in mine["proposals"]] == [proposal_id]
    withdrawn = await aoki.send("POST", f"/api/cases/{case_id}/outreach/{proposal_id}/withdraw", {"via": "phone"})
    assert withdrawn.status == 200
    [event] = publisher.of_type("outreach.consent.withdrawn")
    assert event.data["request_id"] == proposal_id and event.data["via"] == "phone"
    audit = await (await (await login(api, "sato")).get(f"/api/cases/{case_id}/audit")).json()
    assert "case.outreach.withdraw" in [e["action"] for e in audit["entries"]]


async def send_appointment(duty: Triage, case_id: str, consulter_id: str, **changes: Any) -> None:
    fields: dict[str, Any] = {
        "message_id": "v1-1-confirm",
        "request_id": "r-1",
        "visit_id": "v1",
        "revision": 1,
        "case_id": case_id,
        "consulter_id": consulter_id,
        "kind": "confirm",
        "starts_at": datetime(2026, 12, 5, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
        "place": "区役所 本庁舎 1階",
    }
    data = SendAppointmentMessage(**{**fields, **changes})
    envelope = envelope_for(data, producer="outreach", correlation_id="r-1")
    await duty.appointments(envelope, read_data(envelope))


async def test_appointment_messages_and_her_answers(
    api: Any, case_id: str, duty: Triage, duty_handle: Any, publisher: FakePublisher, db: Any
) -> None:
    case = await db["cases"].find_one({"_id": case_id})
    await send_appointment(duty, case_id, case["consulter_id"])
    [sent] = [e for e in publisher.of_type("outbound.line.requested") if e.data["purpose"] == "appointment_confirm"]
    message = sent.data["messages"][0]
    assert sent.data["silent"] is True and sent.data["reply_token"] is None
    assert "12月5日" in message["text"] and "区役所 本庁舎 1階" in message["text"]
    assert find_unsafe_words(message["text"], duty.seeds.words) == []
    assert [i["action"]["data"] for i in message["quickReply"]["items"]] == [
        "appointment:v1.1:confirm", "appointment:v1.1:reschedule", "appointment:v1.1:cancel"
    ]
    view = await (await (await login(api, "aoki")).get(f"/api/cases/{case_id}")).json()
    assert any(m["system"] == "appointment_confirm" and "12月5日" in m["text"] for m in view["messages"])

    # An unsafe place wording is left out; the date still goes.
    await send_appointment(duty, case_id, case["consulter_id"], message_id="v1-2-confirm", revision=2, place="シェルター")
    last = publisher.of_type("outbound.line.requested")[-1].data["messages"][0]["text"]
    assert "シェルター" not in last and "12月5日" in last

    tap = {**text_event("x", at=duty.clock()), "type": "postback", "postback": {"data": "appointment:v1.1:confirm"}}
    tap.pop("message")
    await duty_handle(tap)
    [answered] = publisher.of_type("outreach.reply.received")
    assert answered.data | {} == {
        "visit_id": "v1", "revision": 1, "case_id": case_id, "consulter_id": case["consulter_id"],
        "answer": "confirm", "at": answered.data["at"],
    }
    stranger = {**tap, "source": {"type": "user", "userId": "U" + "e" * 32}, "webhookEventId": "01STRANGER0000000000000000"}
    await duty_handle(stranger)
    never_sent = {**tap, "postback": {"data": "appointment:v9.1:cancel"}, "webhookEventId": "01NEVERSENT000000000000000"}
    await duty_handle(never_sent)
    assert len(publisher.of_type("outreach.reply.received")) == 1
    view = await (await (await login(api, "aoki")).get(f"/api/cases/{case_id}")).json()
    assert view["appointments"][0]["answer"] == "confirm"
    assert USER not in str(answered.data)


async def test_the_proposer_is_told_when_outreach_cancels(api: Any, case_id: str, duty: Triage, db: Any) -> None:
    aoki = await login(api, "aoki")
    made = await aoki.send("POST", f"/api/cases/{case_id}/outreach", {"consent": True, "consent_record": CONSENT})
    request_id = (await made.json())["request_id"]
    await db["cases"].update_one({"_id": case_id}, {"$set": {"counselor_id": "c-brown"}})  # reassigned since
    seen: list[Any] = []
    subscriber = duty.live.subscribe("c-aoki", "counselor")
    data = OutreachCancelled(request_id=request_id, case_id=case_id, reason="case_closed", proposed_by="c-aoki")
    envelope = envelope_for(data, producer="outreach", correlation_id=request_id)
    await duty.feedback(envelope, read_data(envelope))
    while not subscriber.queue.empty():
        seen.append(subscriber.queue.get_nowait())
    assert any(v["kind"] == "outreach" and v.get("outcome") == "cancelled" and v.get("reason") == "case_closed" for _, v in seen)
    mine = await (await aoki.get("/api/me/outreach")).json()
    assert [(p["id"], p["status"], p["reason"]) for p in mine["proposals"]] == [(request_id, "cancelled", "case_closed")]
    assert view_for("c-chen", "counselor", Notice("outreach", case_id, {"proposed_by": "c-aoki"}), None) is None


async def test_the_acknowledgement_can_say_meeting_in_person_is_possible(
    settings: Any, db: Any, assessor: Any, clock: Any, publisher: FakePublisher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    triage = await staffed_triage(
        settings.model_copy(update={"replies_mention_outreach": True}), db, assessor, clock, publisher
    )
    envelope = line_envelope(text_event("こんにちは", at=clock()), received_at=clock())
    await triage.line_events(envelope, read_data(envelope))
    [ack] = [e for e in publisher.of_type("outbound.line.requested") if e.data["purpose"] == "ack"]
    text = ack.data["messages"][0]["text"]
    assert "直接お会いしてお話しすることもできます" in text and find_unsafe_words(text, triage.seeds.words) == []
