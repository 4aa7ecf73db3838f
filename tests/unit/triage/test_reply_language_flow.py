"""Issue 17 end to end in triage: the automatic replies follow a counselor's choice of language, the
urgent variant goes once per case and closed period (also after the plain one when her level rises),
and an emergency in hours gets "someone will answer you very soon"."""

from typing import Any, get_args

from services.triage.api.bodies import ReplyLanguage
from services.triage.domain.reply_language import REPLY_LANGUAGES
from tests.unit.triage.support_api import login
from tests.unit.triage.support_duty import OUT_OF_HOURS
from tests.unit.triage.support_triage import FakePublisher, text_event

EMERGENCY = "今夜帰ってきたら殺される"


def requests(publisher: FakePublisher) -> list[Any]:
    return publisher.of_type("outbound.line.requested")


def test_the_api_offers_exactly_the_reply_languages() -> None:
    assert set(get_args(ReplyLanguage)) == set(REPLY_LANGUAGES)


async def test_a_counselors_choice_of_language_wins(
    api: Any, duty: Any, duty_handle: Any, publisher: FakePublisher, db: Any
) -> None:
    await duty_handle(text_event("こんにちは", at=duty.clock()))
    case = await db["cases"].find_one({})
    supervisor = await login(api, "sato")
    response = await supervisor.send("PUT", f"/api/cases/{case['_id']}/language", {"language": "en"})
    assert response.status == 200
    body = await (await supervisor.get(f"/api/cases/{case['_id']}")).json()
    assert body["language"]["override"] == "en"
    duty.clock.now = OUT_OF_HOURS
    await duty_handle(text_event("まだですか", at=OUT_OF_HOURS))
    reply = requests(publisher)[-1]
    assert reply.data["purpose"] == "out_of_hours"
    text = reply.data["messages"][0]["text"]
    assert "outside our hours" in text and "受付時間外" not in text and "110" in text
    delivery = await db["deliveries"].find_one({"_id": reply.data["request_id"]})
    assert delivery["language"] == "en"
    timeline = (await (await supervisor.get(f"/api/cases/{case['_id']}")).json())["messages"]
    [sent] = [m for m in timeline if m.get("system") == "out_of_hours"]
    assert sent["lang"] == "en" and "outside our hours" in sent["text"]
    assert "受付時間外" in sent["gloss"]  # the counselor reads it in Japanese too
    assert (
        await supervisor.send("PUT", f"/api/cases/{case['_id']}/language", {"language": "fr"})
    ).status == 422


async def test_the_urgent_reply_follows_a_rise_to_emergency_once(
    duty: Any, duty_handle: Any, publisher: FakePublisher
) -> None:
    duty.clock.now = OUT_OF_HOURS
    await duty_handle(text_event("眠れなくて", at=OUT_OF_HOURS))
    await duty_handle(text_event(EMERGENCY, at=OUT_OF_HOURS))
    await duty_handle(text_event(EMERGENCY + "。怖い", at=OUT_OF_HOURS))
    purposes = [r.data["purpose"] for r in requests(publisher)]
    assert purposes == ["out_of_hours", "urgent_out_of_hours"]  # nothing twice, nothing missing
    urgent = requests(publisher)[-1].data["messages"][0]["text"]
    assert urgent.index("110") < urgent.index("0120")  # first: call now
    assert all(r.data["silent"] for r in requests(publisher))


async def test_an_emergency_in_hours_hears_someone_will_answer_soon(
    duty: Any, duty_handle: Any, publisher: FakePublisher, db: Any
) -> None:
    await db["staff"].update_many({}, {"$set": {"shifts": []}})  # nobody free: she waits
    await duty_handle(text_event(EMERGENCY, at=duty.clock()))
    [reply] = requests(publisher)
    assert reply.data["purpose"] == "answer_soon"


async def test_the_intake_is_asked_in_her_language(
    api: Any, duty: Any, duty_handle: Any, publisher: FakePublisher, db: Any
) -> None:
    follow = {**text_event("x", at=duty.clock()), "type": "follow", "follow": {"isUnblocked": False}}
    del follow["message"]
    await duty_handle(follow)
    await duty_handle(text_event("Hello, I would like to talk to someone about my job, please.", at=duty.clock()))
    case = await db["cases"].find_one({})
    who = await login(api, "aoki" if case["counselor_id"] == "c-aoki" else "sato")
    assert (await who.send("POST", f"/api/cases/{case['_id']}/reply", {"text": "Hello, please go on."})).status in (200, 201)
    assert (await who.send("POST", f"/api/cases/{case['_id']}/close", {"outcome": "resolved"})).status == 200
    [asked] = [r for r in requests(publisher) if r.data["purpose"] == "intake"]
    message = asked.data["messages"][0]
    assert message["text"].startswith("If you don't mind, please tell us your age group.")
    labels = [item["action"]["label"] for item in message["quickReply"]["items"]]
    assert "20s" in labels and labels[-1] == "Prefer not to say"
    assert asked.data["silent"] is True


async def test_a_group_chat_is_answered_in_the_language_it_was_written_in(
    duty: Any, duty_handle: Any, publisher: FakePublisher
) -> None:
    for words, expected in (
        ("Hi everyone, is this the right account to ask about the ward's events?", "Please use this account in a one-to-one chat."),
        ("みなさん、このアカウントって何ですか", "このアカウントは個別のトークでご利用ください。"),
    ):
        event = text_event(words, at=duty.clock())
        event["source"] = {"type": "group", "groupId": "C" + "b" * 32, "userId": "U" + "c" * 32}
        await duty_handle(event)
        reply = requests(publisher)[-1]
        assert reply.data["purpose"] == "group_chat" and reply.data["messages"][0]["text"] == expected
