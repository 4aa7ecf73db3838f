"""The SLA checker driven by an injected clock, and the automatic replies by opening hours, with the
real repositories and a fake publisher (never a sleep)."""

from typing import Any

from services.triage.bootstrap import Triage
from services.triage.domain.replies import find_unsafe_words
from tests.unit.triage.support_duty import OUT_OF_HOURS
from tests.unit.triage.support_triage import USER, FakePublisher, text_event

EMERGENCY = "今夜帰ってきたら殺される"


def system_texts(publisher: FakePublisher) -> list[str]:
    return [m["text"] for e in publisher.of_type("outbound.line.requested") for m in e.data["messages"]]


async def test_breach_escalates_alerts_and_offers_the_case_to_another(
    duty_handle: Any, publisher: FakePublisher, duty: Triage, db: Any
) -> None:
    await duty_handle(text_event(EMERGENCY, at=duty.clock()))
    [first] = publisher.of_type("case.assigned")
    case_id, first_counselor = first.data["case_id"], first.data["counselor_id"]
    duty.clock.advance(seconds=119)  # type: ignore[attr-defined]
    assert await duty.periodic.sla_round() == []
    duty.clock.advance(seconds=1)  # type: ignore[attr-defined]
    [breach] = await duty.periodic.sla_round()
    assert breach.case_id == case_id and breach.level == "emergency"
    [escalated] = publisher.of_type("case.escalated")
    assert escalated.data["reason"] == "sla_breach" and escalated.data["target_seconds"] == 120
    [alert] = publisher.of_type("partner.alert.requested")
    assert alert.data["partner_kind"] == "on_call_supervisor" and alert.data["category"] == "sla_breach"
    assert (alert.data["urgency"], alert.data["action"], alert.data["case_ref"]) == (
        "emergency",
        "take_over",
        case_id,
    )
    assert alert.data["details"] is None and alert.data["contact"]["role"] == "supervisor"
    reassigned = publisher.of_type("case.assigned")[-1]
    assert (
        reassigned.data["reason"] == "sla_breach"
        and reassigned.data["previous_counselor_id"] == first_counselor
    )
    assert reassigned.data["counselor_id"] not in (first_counselor, None)
    case = await duty.stores.cases.get(case_id)
    assert case is not None and first_counselor in case["excluded_counselors"]
    assert case["escalated_levels"] == ["emergency"] and case["pending_events"] == []
    # Once per level: the next rounds stay quiet, and a tracked alert awaits its delivery report.
    duty.clock.advance(minutes=5)  # type: ignore[attr-defined]
    assert await duty.periodic.sla_round() == [] and len(publisher.of_type("case.escalated")) == 1
    assert (await db["alerts"].find_one({"_id": alert.data["alert_id"]}))["status"] == "requested"


async def test_a_first_reply_stops_the_clock(
    duty_handle: Any, publisher: FakePublisher, duty: Triage, db: Any
) -> None:
    await duty_handle(text_event("死にたい", at=duty.clock()))
    case = await db["cases"].find_one({})
    await db["cases"].update_one({"_id": case["_id"]}, {"$set": {"first_response_at": duty.clock()}})
    duty.clock.advance(hours=1)  # type: ignore[attr-defined]
    assert await duty.periodic.sla_round() == []


async def test_in_hours_acknowledgement_once_per_opening(
    duty_handle: Any, publisher: FakePublisher, duty: Triage, db: Any
) -> None:
    first = await duty_handle(text_event("こんにちは", at=duty.clock()))
    await duty_handle(text_event("聞いてほしいことがあります", at=duty.clock()))
    [ack] = publisher.of_type("outbound.line.requested")
    assert ack.data["purpose"] == "ack" and ack.data["line_user_id"] == USER and ack.data["silent"] is True
    assert ack.data["reply_token"] == first.data["event"]["replyToken"]
    assert ack.data["reply_token_received_at"] == first.data["received_at"]
    # The second message's token was not used: kept (sealed) for the counselor's reply.
    case = await db["cases"].find_one({})
    assert case["reply_token"] is not None and "sealed" in case["reply_token"]


async def test_out_of_hours_reply_once_per_closed_period(
    duty_handle: Any, publisher: FakePublisher, duty: Triage
) -> None:
    duty.clock.now = OUT_OF_HOURS  # type: ignore[attr-defined]
    event = text_event("こんにちは", at=OUT_OF_HOURS)
    await duty_handle(event)
    await duty_handle(text_event("まだですか", at=OUT_OF_HOURS))
    [reply] = publisher.of_type("outbound.line.requested")
    assert reply.data["purpose"] == "out_of_hours" and reply.data["reply_token"] == event["replyToken"]
    text = reply.data["messages"][0]["text"]
    assert "受付時間外" in text and "12月3日（木）18:00" in text and "0120-279-338" in text
    assert publisher.of_type("case.escalated") == [] and publisher.of_type("partner.alert.requested") == []


async def test_emergency_out_of_hours_alerts_the_on_call_supervisor(
    duty_handle: Any, publisher: FakePublisher, duty: Triage
) -> None:
    duty.clock.now = OUT_OF_HOURS  # type: ignore[attr-defined]
    envelope = await duty_handle(text_event(EMERGENCY, at=OUT_OF_HOURS))
    await duty_handle(text_event(EMERGENCY + "本当に", at=OUT_OF_HOURS))  # same period: no second alert
    [escalated] = publisher.of_type("case.escalated")
    assert escalated.data["reason"] == "emergency_out_of_hours" and escalated.data["level"] == "emergency"
    assert escalated.causation_id == envelope.id
    [alert] = publisher.of_type("partner.alert.requested")
    assert (alert.data["partner_kind"], alert.data["category"], alert.data["urgency"]) == (
        "on_call_supervisor",
        "emergency_out_of_hours",
        "emergency",
    )
    assert EMERGENCY not in alert.model_dump_json() and USER not in alert.model_dump_json()
    assert [e.data["purpose"] for e in publisher.of_type("outbound.line.requested")] == ["urgent_out_of_hours"]  # issue 17: call now, first


async def test_every_system_text_is_safe(duty_handle: Any, publisher: FakePublisher, duty: Triage) -> None:
    await duty_handle(text_event("こんにちは", at=duty.clock()))
    duty.clock.now = OUT_OF_HOURS  # type: ignore[attr-defined]
    await duty_handle(text_event(EMERGENCY, user="U" + "b" * 32, at=OUT_OF_HOURS))
    texts = system_texts(publisher)
    assert len(texts) == 2
    assert all(find_unsafe_words(t, duty.seeds.words) == [] for t in texts)


async def test_domain_metrics_show_who_waits_how_long_and_the_breaches(
    duty_handle: Any, duty: Triage, db: Any
) -> None:
    def sample(name: str, **labels: str) -> float:
        return duty.registry.get_sample_value(name, labels) or 0.0

    await db["staff"].update_many({}, {"$set": {"shifts": []}})  # nobody on shift: she waits
    await duty_handle(text_event(EMERGENCY, at=duty.clock()))
    duty.clock.advance(seconds=150)  # type: ignore[attr-defined]
    await duty.periodic.sla_round()
    await duty.periodic.metrics_round()
    assert sample("tsunagari_triage_waiting_cases", risk="emergency") == 1
    assert sample("tsunagari_triage_waiting_cases", risk="low") == 0
    assert sample("tsunagari_triage_oldest_wait_seconds", risk="emergency") == 150
    assert sample("tsunagari_triage_sla_breaches_total", risk="emergency") == 1
    await db["staff"].update_one(
        {"_id": "c-aoki"}, {"$set": {"shifts": [{"weekday": 3, "start": "18:00:00", "end": "21:00:00"}]}}
    )
    await duty.periodic.assignment_round()
    await duty.periodic.metrics_round()
    assert sample("tsunagari_triage_waiting_cases", risk="emergency") == 0
    assert sample("tsunagari_triage_oldest_wait_seconds", risk="emergency") == 0
    assert sample("tsunagari_triage_cases_per_counselor", counselor="c-aoki") == 1
