"""Bodies LINE would refuse are refused the same way: 401 without the token, 400 with details."""

import pytest

PUSH = "/v2/bot/message/push"
TEXT = {"type": "text", "text": "x"}


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "simulator-test-access-token"])
async def test_calls_without_the_channel_access_token_are_refused(client, user_a, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    resp = await client.post(PUSH, json={"to": user_a, "messages": [TEXT]}, headers=headers)
    assert resp.status == 401 and (await resp.json())["message"].startswith("Authentication failed")


@pytest.mark.parametrize(
    ("messages", "prop"),
    [
        ([], "messages"),
        ([TEXT] * 6, "messages"),
        ([{"type": "text", "text": "あ" * 5001}], "messages[0].text"),
        ([{"type": "text", "text": ""}], "messages[0].text"),
        ([TEXT, {"type": "video"}], "messages[1].type"),
        ([{"type": "sticker", "packageId": "446"}], "messages[0].stickerId"),
        (
            [{"type": "image", "originalContentUrl": "http://x/a.jpg", "previewImageUrl": "https://x/b.jpg"}],
            "messages[0].originalContentUrl",
        ),
        ([{"type": "template", "template": {"type": "buttons"}}], "messages[0].altText"),
        ([{"type": "flex", "altText": "お知らせ"}], "messages[0].contents"),
        (
            [{**TEXT, "quickReply": {"items": [{"type": "action", "action": {}}] * 14}}],
            "messages[0].quickReply.items",
        ),
        ([{**TEXT, "quickReply": {"items": [{"type": "bogus"}]}}], "messages[0].quickReply.items[0]"),
    ],
)
async def test_invalid_messages_are_refused_with_the_property_named(client, auth, user_a, messages, prop):
    resp = await client.post(PUSH, json={"to": user_a, "messages": messages}, headers=auth)
    body = await resp.json()
    assert resp.status == 400
    assert body["message"].startswith("The request body has")
    assert prop in [d["property"] for d in body["details"]]


async def test_the_longest_text_and_most_quick_replies_are_accepted(client, auth, user_a):
    quick_reply = {
        "items": [{"type": "action", "action": {"type": "message", "label": "a", "text": "a"}}] * 13
    }
    messages = [{"type": "text", "text": "あ" * 5000, "quickReply": quick_reply}] + [TEXT] * 4
    resp = await client.post(PUSH, json={"to": user_a, "messages": messages}, headers=auth)
    assert resp.status == 200


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"messages": [TEXT]}, "to"),
        ({"to": "not-a-user-id", "messages": [TEXT]}, "to"),
        ({"to": "U" + "0" * 32, "messages": [TEXT], "notificationDisabled": "yes"}, "notificationDisabled"),
    ],
)
async def test_invalid_push_fields_are_refused(client, auth, body, prop):
    resp = await client.post(PUSH, json=body, headers=auth)
    assert resp.status == 400 and prop in [d["property"] for d in (await resp.json())["details"]]


async def test_a_reply_without_a_token_is_refused(client, auth):
    resp = await client.post("/v2/bot/message/reply", json={"messages": [TEXT]}, headers=auth)
    assert resp.status == 400 and (await resp.json())["details"] == [
        {"message": "Required", "property": "replyToken"}
    ]


async def test_a_body_that_is_not_json_is_refused(client, auth):
    resp = await client.post(PUSH, data=b"{not json", headers={**auth, "Content-Type": "application/json"})
    assert resp.status == 400
