"""The line-events handler with real repositories (in-process MongoDB) and a fake publisher."""

from datetime import timedelta
from typing import Any

from services.triage.bootstrap import Triage, build
from services.triage.config import Settings
from shared.events import CaseRiskAssessed, SendLineMessage, read_data
from shared.pseudonym import consulter_pseudonym
from tests.unit.triage.support_triage import (
    NOW,
    USER,
    FakePublisher,
    fixture_events,
    line_envelope,
    text_event,
)


async def test_first_text_opens_a_case_and_is_assessed(
    handle: Any, publisher: FakePublisher, ctx: Triage
) -> None:
    await handle(text_event("こんにちは、少し話を聞いてほしいです"))
    assert [e.type for e in publisher.published] == [
        "case.opened",
        "case.message.appended",
        "case.risk.assessed",
        "consulter.message.received",  # for the reports' hours of use (out of hours, here)
        "outbound.line.requested",  # NOW is Saturday 21:00 in Japan: the out-of-hours reply
    ]
    consulter_id = consulter_pseudonym(USER, ctx.settings.pseudonym_key)
    case = await ctx.stores.cases.find_open(consulter_id)
    assert case is not None and case["status"] == "waiting" and case["risk_level"] == "low"
    assert all(e.data["case_id"] == case["_id"] for e in publisher.published)
    assert all(e.data["consulter_id"] == consulter_id for e in publisher.published)


async def test_later_messages_extend_the_case(handle: Any, publisher: FakePublisher) -> None:
    await handle(text_event("こんにちは"))
    await handle(text_event("夫に殴られた", at=NOW + timedelta(minutes=1)))
    assert len(publisher.of_type("case.opened")) == 1
    assessed = read_data(publisher.of_type("case.risk.assessed")[-1])
    assert isinstance(assessed, CaseRiskAssessed)
    assert (assessed.previous_level, assessed.assessed_level, assessed.level) == ("low", "high", "high")
    assert assessed.reasons[0].rule_id == "DV-PHYSICAL"
    assert "span" not in assessed.reasons[0].model_dump()


async def test_emergency_text(handle: Any, publisher: FakePublisher, ctx: Triage) -> None:
    await handle(text_event("今夜帰ってきたら殺される"))
    assessed = read_data(publisher.of_type("case.risk.assessed")[0])
    assert isinstance(assessed, CaseRiskAssessed) and assessed.level == "emergency" and assessed.by == "auto"
    case = await ctx.stores.cases.get(assessed.case_id)
    assert case is not None and case["risk_level"] == "emergency" and case["risk_rank"] == 3
    assert "dv" in case["needs"]


async def test_recent_messages_complete_a_rule_and_level_never_drops(
    handle: Any, publisher: FakePublisher
) -> None:
    await handle(text_event("死にたい"))
    await handle(text_event("ありがとう", at=NOW + timedelta(minutes=2)))
    last = read_data(publisher.of_type("case.risk.assessed")[-1])
    assert isinstance(last, CaseRiskAssessed) and last.level == "high" and last.previous_level == "high"


async def test_counselor_level_is_kept(handle: Any, publisher: FakePublisher, ctx: Triage, db: Any) -> None:
    await handle(text_event("こんにちは"))
    case_id = publisher.published[0].data["case_id"]
    await db["cases"].update_one(
        {"_id": case_id}, {"$set": {"risk_level": "medium", "risk_set_by": "counselor"}}
    )
    await handle(text_event("今夜帰ってきたら殺される", at=NOW + timedelta(minutes=1)))
    last = read_data(publisher.of_type("case.risk.assessed")[-1])
    assert isinstance(last, CaseRiskAssessed) and (last.assessed_level, last.level) == ("emergency", "medium")


async def test_same_envelope_twice_publishes_the_same_ids_and_stores_once(
    settings: Settings, assessor: Any, db: Any
) -> None:
    def handler(publisher: FakePublisher) -> Any:
        return build(settings, db=db, assessor=assessor, publisher=publisher).line_events

    envelope = line_envelope(text_event("眠れない"))
    first, second = FakePublisher(), FakePublisher()
    # A crash after the writes but before the confirms: the redelivery must publish the same events.
    first.fail_next = True
    try:
        await handler(first)(envelope, read_data(envelope))
    except RuntimeError:
        pass
    await handler(second)(envelope, read_data(envelope))
    assert [e.type for e in second.published] == [
        "case.opened",
        "case.message.appended",
        "case.risk.assessed",
        "consulter.message.received",  # for the reports' hours of use (out of hours, here)
        "outbound.line.requested",  # NOW is Saturday 21:00 in Japan: the out-of-hours reply
    ]
    again = FakePublisher()
    await handler(again)(envelope, read_data(envelope))
    assert again.published == []  # done: nothing new
    assert await db["messages"].count_documents({"direction": "in"}) == 1
    # The out-of-hours reply is in her conversation once, however often the event was handled.
    assert await db["messages"].count_documents({"system": "out_of_hours"}) == 1
    assert await db["cases"].count_documents({}) == 1
    # The ids derive from the incoming envelope: recomputing them gives the published ones.
    from shared.events import derived_event_id

    opened = second.published[0]
    assert opened.id == derived_event_id(envelope.id, "case.opened", opened.data["case_id"])


async def test_new_envelope_for_the_same_line_event_is_a_no_op(
    handle: Any, publisher: FakePublisher, ctx: Triage, db: Any
) -> None:
    event = text_event("こんにちは")
    await handle(event)
    published = len(publisher.published)
    await handle(line_envelope(event))  # ingress retried: a new envelope id, same webhookEventId
    renamed = {**event, "webhookEventId": "01OTHER"}  # even another webhook id for the same LINE message
    await handle(renamed)
    assert len(publisher.published) == published
    assert await db["messages"].count_documents({"direction": "in"}) == 1


async def test_reopen_within_window_and_new_case_after(
    handle: Any, publisher: FakePublisher, ctx: Triage, db: Any
) -> None:
    await handle(text_event("こんにちは"))
    case_id = publisher.published[0].data["case_id"]
    closed_at = NOW + timedelta(hours=1)
    await db["cases"].update_one(
        {"_id": case_id},
        {
            "$set": {
                "status": "closed",
                "open": False,
                "closed_at": closed_at,
                "outcome": "resolved",
                "counselor_id": "counselor-1",
            }
        },
    )
    await handle(text_event("またお願いします", at=closed_at + timedelta(hours=72)))
    reopened = publisher.of_type("case.opened")[-1]
    assert reopened.data["case_id"] == case_id and reopened.data["reopened"] is True
    case = await ctx.stores.cases.get(case_id)
    assert case is not None and case["reopened_count"] == 1 and case["previous_counselor_id"] == "counselor-1"
    await db["cases"].update_one(
        {"_id": case_id}, {"$set": {"status": "closed", "open": False, "closed_at": closed_at}}
    )
    await handle(text_event("お久しぶりです", at=closed_at + timedelta(hours=73)))
    fresh = publisher.of_type("case.opened")[-1]
    assert fresh.data["case_id"] != case_id and fresh.data["reopened"] is False


async def test_unsend_hides_the_text(handle: Any, ctx: Triage, db: Any) -> None:
    event = text_event("やっぱり消します")
    await handle(event)
    unsend = {
        "type": "unsend",
        "mode": "active",
        "timestamp": event["timestamp"] + 1000,
        "source": event["source"],
        "webhookEventId": "01UNSEND",
        "unsend": {"messageId": event["message"]["id"]},
    }
    await handle(unsend)
    doc = await db["messages"].find_one({"line_message_id": event["message"]["id"]})
    assert doc["hidden"] is True and doc["unsent_at"] is not None
    assert doc["text"] is None and doc["risk_detail"] is None and doc["kind"] == "text"


async def test_edit_is_sealed_and_assessed(
    handle: Any, publisher: FakePublisher, ctx: Triage, db: Any
) -> None:
    event = text_event("大丈夫です")
    await handle(event)
    edited = {
        **event,
        "type": "messageEdited",
        "webhookEventId": "01EDIT",
        "message": {**event["message"], "text": "今夜帰ってきたら殺される"},
    }
    await handle(edited)
    assert read_data(publisher.of_type("case.risk.assessed")[-1]).level == "emergency"  # type: ignore[attr-defined]
    doc = await db["messages"].find_one({"line_message_id": event["message"]["id"]})
    assert ctx.stores.messages.open_field(doc, "edited_text") == "今夜帰ってきたら殺される"
    assert ctx.stores.messages.open_field(doc, "text") == "大丈夫です"


async def test_group_chat_gets_the_neutral_reply_and_no_case(
    handle: Any, publisher: FakePublisher, ctx: Triage, db: Any
) -> None:
    group_text = fixture_events()[14]
    await handle(group_text)
    [request] = publisher.published
    data = read_data(request)
    assert isinstance(data, SendLineMessage)
    assert (
        data.reply_token == group_text["replyToken"]
        and data.messages[0]["text"] == "このアカウントは個別のトークでご利用ください。"
    )
    assert data.line_user_id == group_text["source"]["groupId"]
    assert await db["cases"].count_documents({}) == 0 and await db["messages"].count_documents({}) == 0


async def test_standby_is_recorded_and_nothing_sent(
    handle: Any, publisher: FakePublisher, ctx: Triage, db: Any
) -> None:
    event = {**text_event("こんにちは"), "mode": "standby"}
    event.pop("replyToken")
    await handle(event)
    assert publisher.published == []
    record = await ctx.stores.line_events.get(event["webhookEventId"])
    assert record is not None and record["mode"] == "standby" and record["outcome"] == "standby"
    assert await db["cases"].count_documents({}) == 0


async def test_follow_refollow_unfollow_figures(handle: Any, ctx: Triage) -> None:
    base: dict[str, Any] = {
        "mode": "active",
        "source": {"type": "user", "userId": USER},
        "timestamp": int(NOW.timestamp() * 1000),
    }
    await handle({**base, "type": "follow", "webhookEventId": "01F1", "follow": {"isUnblocked": False}})
    await handle({**base, "type": "unfollow", "webhookEventId": "01F2", "timestamp": base["timestamp"] + 1})
    await handle(
        {
            **base,
            "type": "follow",
            "webhookEventId": "01F3",
            "follow": {"isUnblocked": True},
            "timestamp": base["timestamp"] + 2,
        }
    )
    await handle(
        {**base, "type": "unfollow", "webhookEventId": "01F2", "timestamp": base["timestamp"] + 1}
    )  # replay
    figures = await ctx.stores.consulters.friend_figures(NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert (figures.follows, figures.refollows, figures.unfollows, figures.registered) == (1, 1, 1, 1)
    from services.triage.adapters.consulters import is_friend

    consulter = await ctx.stores.consulters.get(consulter_pseudonym(USER, ctx.settings.pseudonym_key))
    assert consulter is not None and is_friend(consulter)


async def test_every_fixture_event_is_handled(
    handle: Any, publisher: FakePublisher, ctx: Triage, db: Any
) -> None:
    for event in fixture_events():
        await handle(event)
    records = await db["line_events"].find({}).to_list(None)
    assert len(records) == 28 and all(r["done"] for r in records)
    outcomes = {r["event_type"]: r["outcome"] for r in records}
    assert outcomes["undefined"] == "unknown_event" and outcomes["beacon"] == "recorded"
    assert outcomes["postback"] == "postback" and outcomes["join"] == "group_chat_reply"
    # The fixture reuses LINE message id 325708: the first one-to-one message is stored, later ones
    # with the same LINE id are duplicates (a real LINE id is unique); the image set has its own id.
    stored = await db["messages"].find({"direction": "in"}).to_list(None)
    assert sorted(m["line_message_id"] for m in stored) == ["325708", "354718705033693861"]
    assert outcomes["unsend"] == "message_unsent" and outcomes["messageEdited"] == "edit_of_unknown_message"
    postback = next(r for r in records if r["event_type"] == "postback")
    assert await ctx.stores.line_events.postback(postback["_id"]) == "action=buyItem&itemId=123123&color=red"
