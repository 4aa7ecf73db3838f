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
