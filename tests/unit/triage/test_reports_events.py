"""What triage tells the reports (issue 12), through its real handlers and console API: a friend,
her messages' hours, the first counselor reply, the intake (a counselor's and hers on LINE, asked
once after the consultation closed), a referral — and that the retention purge of message bodies
changes none of the figures made from them."""

from __future__ import annotations

import uuid
from typing import Any

from services.reports.domain.projection import PROJECTIONS
from shared.events import CATALOGUE, Envelope
from tests.unit.reports.support import feed, reports, table, year
from tests.unit.triage.support_api import login
from tests.unit.triage.support_triage import USER, FakePublisher, text_event

REPORTED = {model.TYPE for model in PROJECTIONS}


def line_event(kind: str, at: Any, **extra: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(at.timestamp() * 1000),
        "source": {"type": "user", "userId": USER},
        "webhookEventId": f"01W{uuid.uuid4().hex[:23].upper()}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": uuid.uuid4().hex,
        **extra,
    }


def for_reports(publisher: FakePublisher) -> list[Envelope]:
    return [e for e in publisher.published if e.type in REPORTED]


async def consultation(api: Any, duty: Any, duty_handle: Any, db: Any) -> tuple[Any, str]:
    await duty_handle(line_event("follow", duty.clock(), follow={"isUnblocked": False}))
    await duty_handle(text_event("仕事のことで少し話を聞いてほしいです", at=duty.clock()))
    case = await db["cases"].find_one({})
    who = await login(api, "aoki" if case["counselor_id"] == "c-aoki" else "sato")
    duty.clock.advance(seconds=90)
    for text in ("こんばんは。お話を聞かせてください。", "続けてどうぞ。"):
        assert (await who.send("POST", f"/api/cases/{case['_id']}/reply", {"text": text})).status in (200, 201)
    return who, str(case["_id"])


async def test_triage_announces_what_the_figures_need_and_nothing_of_her_words(
    api: Any, duty: Any, duty_handle: Any, db: Any, publisher: FakePublisher
) -> None:
    who, case_id = await consultation(api, duty, duty_handle, db)
    assert [e.data["change"] for e in publisher.of_type("consulter.friendship.changed")] == ["followed"]
    [timed] = publisher.of_type("consulter.message.received")
    assert timed.data["in_hours"] is True and timed.data["case_id"] == case_id
    [first] = publisher.of_type("case.first_response.given")  # two replies, one first response
    assert first.data["consultation"] is True and first.data["waited_seconds"] == 90.0
    assert first.data["target_seconds"] == duty.settings.sla_other_s and first.data["level"] == "low"
    body = {"partner_kind": "welfare_office", "category": "poverty", "urgency": "normal", "action": "consultation"}
    assert (await who.send("POST", f"/api/cases/{case_id}/referrals", body)).status in (200, 201)
    [referred] = publisher.of_type("case.referred")
    assert referred.data["partner_kind"] == "welfare_office"
    for envelope in for_reports(publisher):
        assert set(envelope.data) <= set(CATALOGUE[envelope.type].model_fields)
        assert "仕事" not in envelope.model_dump_json() and USER not in envelope.model_dump_json()


async def test_the_intake_is_asked_once_after_the_consultation_and_a_counselors_entry_wins(
    api: Any, duty: Any, duty_handle: Any, db: Any, publisher: FakePublisher
) -> None:
    who, case_id = await consultation(api, duty, duty_handle, db)
    assert (await who.send("PUT", f"/api/cases/{case_id}/intake", {"age_band": "30s"})).status == 200
    assert (await who.send("POST", f"/api/cases/{case_id}/close", {"outcome": "resolved"})).status == 200
    asked = [e for e in publisher.of_type("outbound.line.requested") if e.data["purpose"] == "intake"]
    assert len(asked) == 1  # the age band is known: only the channel is asked
    message = asked[0].data["messages"][0]
    assert message["text"].startswith("このアカウントを何で知りましたか")
    items = message["quickReply"]["items"]
    assert items[0]["action"] == {"type": "postback", "label": "学校で配られたカード", "data": "intake:channel:school_card"}
    assert items[-1]["action"]["data"] == "intake:channel:skip" and "displayText" not in items[0]["action"]
    assert asked[0].data["silent"] is True
    # Her answer is recorded and thanked; her own "20s" would not replace the counselor's 30s.
    await duty_handle(line_event("postback", duty.clock(), postback={"data": "intake:channel:school_card"}))
    await duty_handle(line_event("postback", duty.clock(), postback={"data": "intake:age:20s"}))
    recorded = [(e.data["source"], e.data["age_band"], e.data["channel"]) for e in publisher.of_type("consulter.intake.recorded")]
    assert recorded == [("counselor", "30s", None), ("line", None, "school_card")]
    replies = [e.data["messages"][0]["text"] for e in publisher.of_type("outbound.line.requested") if e.data["purpose"] == "intake"]
    assert replies[-1] == "教えてくださってありがとうございます。" and len(replies) == 2
    consulter = await db["consulters"].find_one({})
    assert consulter["intake"]["age_band"] == "30s" and consulter["intake"]["channel"] == "school_card"
    # A second consultation closing asks nothing again.
    await duty_handle(text_event("また少しいいですか", at=duty.clock()))
    case = await db["cases"].find_one({"status": {"$ne": "closed"}})
    await who.send("POST", f"/api/cases/{case['_id']}/reply", {"text": "はい、どうぞ。"})
    await who.send("POST", f"/api/cases/{case['_id']}/close", {"outcome": "resolved"})
    assert len([e for e in publisher.of_type("outbound.line.requested") if e.data["purpose"] == "intake"]) == 2


async def test_the_retention_purge_leaves_the_figures_unchanged(
    api: Any, duty: Any, duty_handle: Any, db: Any, publisher: FakePublisher
) -> None:
    who, case_id = await consultation(api, duty, duty_handle, db)
    await who.send("PUT", f"/api/cases/{case_id}/intake", {"age_band": "40s", "channel": "ward_website"})
    assert (await who.send("POST", f"/api/cases/{case_id}/close", {"outcome": "resolved"})).status == 200
    service = reports()
    await feed(service, for_reports(publisher))
    fiscal_year = service.seeds.targets.calendar.year_of(duty.clock())
    before = await year(service, fiscal_year)
    assert before["headline"]["consultations"] == 1 and before["headline"]["messages"] == 1
    assert table(before, "channels")["ward_website"]["consultations"] == 1
    published = len(publisher.published)
    duty.clock.advance(days=duty.settings.retention_days + 1)
    assert (await duty.periodic.retention_round()).messages >= 1
    message = await db["messages"].find_one({"case_id": case_id, "direction": "in"})
    assert message["text"] is None  # her words are gone from triage
    await feed(service, for_reports(publisher)[:])  # whatever triage said since, again
    assert len(publisher.published) == published  # the purge announces nothing to count
    assert await year(service, fiscal_year) == before
