"""The control API, the live feed, the page, and the read-only Messaging API endpoints."""

import asyncio
import json
import re

from services.simulator.app import CSP


async def test_five_consulters_with_stable_line_user_ids(client, user_a):
    consulters = (await (await client.get("/_sim/consulters")).json())["consulters"]
    assert len(consulters) == 5
    assert all(re.fullmatch(r"U[0-9a-f]{32}", c["user_id"]) for c in consulters)
    assert consulters[0] == {"user_id": user_a, "display_name": "相談者A", "following": True}


async def test_profile_answers_for_friends_only(client, auth, user_a):
    profile = await client.get(f"/v2/bot/profile/{user_a}", headers=auth)
    unknown = await client.get(f"/v2/bot/profile/U{'0' * 32}", headers=auth)
    await client.post(f"/_sim/consulters/{user_a}/unfollow")
    blocked = await client.get(f"/v2/bot/profile/{user_a}", headers=auth)

    assert profile.status == 200
    assert (await profile.json())["displayName"] == "相談者A"
    assert unknown.status == 404 and blocked.status == 404


async def test_loading_animation_is_accepted_for_a_consulter(client, auth, user_a):
    resp = await client.post(
        "/v2/bot/chat/loading/start", json={"chatId": user_a, "loadingSeconds": 5}, headers=auth
    )
    assert resp.status == 202


async def test_the_conversation_holds_both_sides_in_order(client, auth, user_a, ingress):
    await client.post(f"/_sim/consulters/{user_a}/messages", json={"text": "相談です"})
    raw, _ = await ingress.next()
    token = json.loads(raw)["events"][0]["replyToken"]
    await client.post(
        "/v2/bot/message/reply",
        json={"replyToken": token, "messages": [{"type": "text", "text": "はい"}]},
        headers=auth,
    )
    await client.post(
        "/v2/bot/message/push",
        json={"to": user_a, "messages": [{"type": "text", "text": "続き"}]},
        headers=auth,
    )
    entries = (await (await client.get(f"/_sim/consulters/{user_a}/conversation")).json())["entries"]

    assert [e["kind"] for e in entries] == ["sent", "reply", "push"]
    assert entries[0]["messages"][0]["text"] == "相談です" and entries[0]["webhook_status"] == 200


async def test_reset_forgets_conversations_deliveries_quota_and_failures(client, auth, user_a):
    await client.put("/_sim/quota", json={"limit": 1, "used": 1})
    await client.post(
        "/v2/bot/message/push", json={"to": user_a, "messages": [{"type": "text", "text": "x"}]}, headers=auth
    )
    await client.put("/_sim/failure", json={"mode": "5xx"})
    await client.post("/_sim/reset")

    assert (await (await client.get("/_sim/deliveries")).json())["deliveries"] == []
    assert (await (await client.get("/_sim/failure")).json())["mode"] == "none"
    assert (await (await client.get(f"/_sim/consulters/{user_a}/inbox")).json())["messages"] == []
    quota = await (await client.get("/v2/bot/message/quota", headers=auth)).json()
    assert quota["value"] == 200


async def next_data(feed) -> dict:
    """The next `data:` line of a Server-Sent Events stream, skipping comments and blank lines."""
    while True:
        line = await feed.content.readline()
        if line.startswith(b"data: "):
            return json.loads(line.removeprefix(b"data: "))


async def test_the_live_feed_streams_each_arrival(client, auth, user_a):
    async with client.get("/_sim/events") as feed:
        assert feed.headers["Content-Type"].startswith("text/event-stream")
        assert await asyncio.wait_for(feed.content.readline(), 5) == b": connected\n"
        await client.post(
            "/v2/bot/message/push",
            json={"to": user_a, "messages": [{"type": "text", "text": "届いた"}]},
            headers=auth,
        )
        item = await asyncio.wait_for(next_data(feed), 5)

    assert item["user_id"] == user_a and item["kind"] == "push"
    assert item["messages"] == [{"type": "text", "text": "届いた"}] and item["at"]


async def test_unknown_consulters_and_bad_bodies_are_refused(client, user_a):
    unknown = await client.post(f"/_sim/consulters/U{'0' * 32}/messages", json={"text": "x"})
    empty = await client.post(f"/_sim/consulters/{user_a}/messages", json={"text": ""})
    bad_quota = await client.put("/_sim/quota", json={"limit": -1})
    assert (unknown.status, empty.status, bad_quota.status) == (404, 400, 400)


async def test_the_page_is_served_under_a_strict_content_security_policy(client):
    page = await client.get("/")
    html = await page.text()
    script = await client.get("/page/app.js")

    assert page.status == 200 and page.headers["Content-Security-Policy"] == CSP
    assert "開発用シミュレーター" in html and "<script src=" in html and "<script>" not in html
    assert script.status == 200
