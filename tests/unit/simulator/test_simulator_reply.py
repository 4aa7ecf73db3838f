"""Reply tokens behave as on LINE: issued by a webhook, single use, short-lived, and free."""

import json

TEXT = [{"type": "text", "text": "ご相談ありがとうございます"}]


async def test_a_reply_with_a_fresh_token_reaches_her_inbox(client, auth, reply_token, user_a):
    resp = await client.post(
        "/v2/bot/message/reply",
        json={"replyToken": reply_token, "messages": TEXT, "notificationDisabled": True},
        headers=auth,
    )
    body = await resp.json()
    inbox = await (await client.get(f"/_sim/consulters/{user_a}/inbox")).json()

    assert resp.status == 200 and resp.headers["x-line-request-id"]
    assert len(body["sentMessages"]) == 1 and body["sentMessages"][0]["quoteToken"]
    [arrived] = inbox["messages"]
    assert arrived["kind"] == "reply" and arrived["messages"] == TEXT
    assert arrived["notification_disabled"] is True


async def test_a_token_from_a_sent_message_webhook_can_be_replied_to(client, auth, ingress, user_a):
    await client.post(f"/_sim/consulters/{user_a}/messages", json={"text": "相談したいです"})
    body, _ = await ingress.next()
    token = json.loads(body)["events"][0]["replyToken"]
    resp = await client.post(
        "/v2/bot/message/reply", json={"replyToken": token, "messages": TEXT}, headers=auth
    )
    assert resp.status == 200


async def test_a_token_can_be_used_only_once(client, auth, reply_token):
    request = {"replyToken": reply_token, "messages": TEXT}
    first = await client.post("/v2/bot/message/reply", json=request, headers=auth)
    second = await client.post("/v2/bot/message/reply", json=request, headers=auth)

    assert first.status == 200
    assert second.status == 400 and await second.json() == {"message": "Invalid reply token"}


async def test_a_token_expires_after_its_ttl(client, auth, clock, state, user_a, settings):
    young = state.issue_reply_token(user_a)
    old = state.issue_reply_token(user_a)
    clock.now += settings.reply_token_ttl_seconds - 0.001
    ok = await client.post(
        "/v2/bot/message/reply", json={"replyToken": young, "messages": TEXT}, headers=auth
    )
    clock.now += 0.001
    expired = await client.post(
        "/v2/bot/message/reply", json={"replyToken": old, "messages": TEXT}, headers=auth
    )

    assert ok.status == 200
    assert expired.status == 400 and (await expired.json())["message"] == "Invalid reply token"


async def test_a_token_the_simulator_never_issued_is_invalid(client, auth):
    resp = await client.post(
        "/v2/bot/message/reply",
        json={"replyToken": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", "messages": TEXT},
        headers=auth,
    )
    assert resp.status == 400 and (await resp.json())["message"] == "Invalid reply token"


async def test_a_rejected_body_leaves_the_token_usable(client, auth, reply_token):
    bad = await client.post(
        "/v2/bot/message/reply", json={"replyToken": reply_token, "messages": []}, headers=auth
    )
    good = await client.post(
        "/v2/bot/message/reply", json={"replyToken": reply_token, "messages": TEXT}, headers=auth
    )
    assert bad.status == 400 and good.status == 200


async def test_replies_cost_no_quota(client, auth, reply_token):
    await client.post(
        "/v2/bot/message/reply", json={"replyToken": reply_token, "messages": TEXT * 5}, headers=auth
    )
    usage = await (await client.get("/v2/bot/message/quota/consumption", headers=auth)).json()
    assert usage == {"totalUsage": 0}
