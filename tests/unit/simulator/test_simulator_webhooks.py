"""Webhooks the simulator sends are what LINE sends: the SDK's own parser accepts and types them."""

import json

import pytest
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhooks import (
    FollowEvent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
)
from ulid import ULID

from services.simulator.keys import SENDER_KEY
from services.simulator.state import consulter_user_id
from services.simulator.webhooks import sign

USER_A = consulter_user_id("A")


async def test_text_message_webhook_verifies_and_parses_with_the_sdk(client, ingress, settings):
    resp = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "助けてほしいです"})
    answer = await resp.json()
    body, signature = await ingress.next()

    payload = WebhookParser(settings.line_channel_secret).parse(body.decode(), signature, as_payload=True)
    assert resp.status == 200 and answer["status"] == 200
    assert payload.destination == settings.destination
    [event] = payload.events
    assert isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent)
    assert event.message.text == "助けてほしいです"
    assert event.source.user_id == USER_A
    assert event.mode == "active" and event.delivery_context.is_redelivery is False
    assert event.webhook_event_id == answer["webhookEventId"]
    ULID.from_str(event.webhook_event_id)
    assert len(event.reply_token) == 32 and event.message.quote_token


async def test_signature_is_hmac_of_the_raw_body_and_rejects_another_secret(client, ingress, settings):
    await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "hi"})
    body, signature = await ingress.next()

    assert signature == sign(settings.line_channel_secret, body)
    with pytest.raises(InvalidSignatureError):
        WebhookParser("another-secret").parse(body.decode(), signature)


@pytest.mark.parametrize(
    ("action", "request_body", "event_class", "has_reply_token"),
    [
        ("follow", {"unblocked": True}, FollowEvent, True),
        ("unfollow", None, UnfollowEvent, False),
        ("postback", {"data": "age=20s", "params": {"date": "2026-12-01"}}, PostbackEvent, True),
        ("sticker", {"keywords": ["ok"]}, MessageEvent, True),
    ],
)
async def test_each_kind_of_event_parses_into_its_sdk_class(
    client, ingress, settings, action, request_body, event_class, has_reply_token
):
    resp = await client.post(f"/_sim/consulters/{USER_A}/{action}", json=request_body)
    body, signature = await ingress.next()

    [event] = WebhookParser(settings.line_channel_secret).parse(body.decode(), signature)
    raw = json.loads(body)["events"][0]
    assert resp.status == 200
    assert isinstance(event, event_class)
    assert ("replyToken" in raw) is has_reply_token
    if action == "follow":
        assert event.follow.is_unblocked is True
    if action == "postback":
        assert event.postback.data == "age=20s" and event.postback.params == {"date": "2026-12-01"}
    if action == "sticker":
        assert isinstance(event.message, StickerMessageContent)
        assert event.message.sticker_resource_type == "STATIC" and event.message.keywords == ["ok"]


async def test_every_event_gets_its_own_webhook_event_id(client, ingress):
    ids = set()
    for _ in range(3):
        resp = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "x"})
        ids.add((await resp.json())["webhookEventId"])
    assert len(ids) == 3


async def test_redelivery_resends_the_same_event_marked_as_redelivered(client, ingress, settings):
    resp = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "x"})
    event_id = (await resp.json())["webhookEventId"]
    first, _ = await ingress.next()

    resp = await client.post(f"/_sim/redeliver/{event_id}")
    body, signature = await ingress.next()

    [event] = WebhookParser(settings.line_channel_secret).parse(body.decode(), signature)
    assert resp.status == 200 and (await resp.json())["status"] == 200
    assert event.webhook_event_id == event_id and event.delivery_context.is_redelivery is True
    original = json.loads(first)["events"][0]
    assert event.message.id == original["message"]["id"] and event.timestamp == original["timestamp"]


async def test_redelivery_of_an_unknown_event_is_404(client):
    resp = await client.post("/_sim/redeliver/01J0000000000000000000000")
    assert resp.status == 404


async def test_ingress_status_is_reported_and_recorded(client, ingress):
    ingress.status = 503
    resp = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "x"})
    conversation = await (await client.get(f"/_sim/consulters/{USER_A}/conversation")).json()

    assert (await resp.json())["status"] == 503
    assert conversation["entries"][-1]["webhook_status"] == 503


async def test_unreachable_ingress_reports_no_status(client):
    # Port 9 (discard) has nothing listening on a test machine.
    client.app[SENDER_KEY].url = "http://127.0.0.1:9/line/webhook"
    resp = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "x"})
    assert resp.status == 200 and (await resp.json())["status"] is None


async def test_a_consulter_who_blocked_the_account_cannot_send_until_she_follows_again(client, ingress):
    await client.post(f"/_sim/consulters/{USER_A}/unfollow")
    blocked = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "x"})
    await client.post(f"/_sim/consulters/{USER_A}/follow", json={"unblocked": True})
    again = await client.post(f"/_sim/consulters/{USER_A}/messages", json={"text": "x"})

    assert blocked.status == 409 and again.status == 200
