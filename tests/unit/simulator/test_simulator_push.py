"""Push: retry keys, the monthly quota, and recipients, as LINE answers them."""

import uuid

from services.simulator.state import RETRY_KEY_LIFETIME_S

PUSH = "/v2/bot/message/push"


def push_body(to: str, count: int = 1) -> dict:
    return {"to": to, "messages": [{"type": "text", "text": f"お知らせ {i}"} for i in range(count)]}


async def inbox(client, user_id: str) -> list:
    return (await (await client.get(f"/_sim/consulters/{user_id}/inbox")).json())["messages"]


async def usage(client, auth) -> int:
    return (await (await client.get("/v2/bot/message/quota/consumption", headers=auth)).json())["totalUsage"]


async def test_a_push_reaches_her_inbox_and_counts_each_message(client, auth, user_a):
    resp = await client.post(PUSH, json={**push_body(user_a, 2), "notificationDisabled": True}, headers=auth)
    body = await resp.json()

    assert resp.status == 200 and resp.headers["x-line-request-id"]
    assert [set(m) for m in body["sentMessages"]] == [{"id", "quoteToken"}] * 2
    [arrived] = await inbox(client, user_a)
    assert arrived["kind"] == "push" and arrived["notification_disabled"] is True
    assert await usage(client, auth) == 2


async def test_a_repeated_retry_key_answers_409_with_the_first_result(client, auth, user_a):
    key = {**auth, "X-Line-Retry-Key": str(uuid.uuid4())}
    first = await client.post(PUSH, json=push_body(user_a), headers=key)
    again = await client.post(PUSH, json=push_body(user_a), headers=key)
    first_body, again_body = await first.json(), await again.json()

    assert first.status == 200 and again.status == 409
    assert again.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    assert again_body == {
        "message": "The retry key is already accepted",
        "sentMessages": first_body["sentMessages"],
    }
    assert len(await inbox(client, user_a)) == 1 and await usage(client, auth) == 1


async def test_failed_attempts_leave_the_retry_key_free(client, auth, user_a):
    key = {**auth, "X-Line-Retry-Key": str(uuid.uuid4())}
    await client.put("/_sim/failure", json={"mode": "5xx", "count": 1})
    server_error = await client.post(PUSH, json=push_body(user_a), headers=key)
    await client.put("/_sim/failure", json={"mode": "429", "count": 1})
    rate_limited = await client.post(PUSH, json=push_body(user_a), headers=key)
    accepted = await client.post(PUSH, json=push_body(user_a), headers=key)
    repeated = await client.post(PUSH, json=push_body(user_a), headers=key)

    assert [server_error.status, rate_limited.status, accepted.status, repeated.status] == [
        500,
        429,
        200,
        409,
    ]
    assert len(await inbox(client, user_a)) == 1


async def test_a_spent_quota_answers_429_and_leaves_the_key_free(client, auth, user_a):
    await client.put("/_sim/quota", json={"limit": 3})
    key = {**auth, "X-Line-Retry-Key": str(uuid.uuid4())}
    fits = await client.post(PUSH, json=push_body(user_a, 2), headers=auth)
    too_many = await client.post(PUSH, json=push_body(user_a, 2), headers=key)
    await client.put("/_sim/quota", json={"limit": 10})
    later = await client.post(PUSH, json=push_body(user_a, 2), headers=key)

    assert fits.status == 200
    assert too_many.status == 429
    assert await too_many.json() == {"message": "You have reached your monthly limit."}
    assert later.status == 200 and await usage(client, auth) == 4
    quota = await (await client.get("/v2/bot/message/quota", headers=auth)).json()
    assert quota == {"type": "limited", "value": 10}


async def test_a_retry_key_is_honoured_for_24_hours(client, auth, clock, user_a):
    key = {**auth, "X-Line-Retry-Key": str(uuid.uuid4())}
    await client.post(PUSH, json=push_body(user_a), headers=key)
    clock.now += RETRY_KEY_LIFETIME_S - 1
    within = await client.post(PUSH, json=push_body(user_a), headers=key)
    clock.now += 1
    after = await client.post(PUSH, json=push_body(user_a), headers=key)
    assert within.status == 409 and after.status == 200


async def test_a_retry_key_must_be_a_uuid(client, auth, user_a):
    resp = await client.post(PUSH, json=push_body(user_a), headers={**auth, "X-Line-Retry-Key": "attempt-1"})
    assert resp.status == 400 and "X-Line-Retry-Key" in (await resp.json())["message"]


async def test_an_unknown_recipient_fails(client, auth):
    resp = await client.post(PUSH, json=push_body("U" + "0" * 32), headers=auth)
    assert resp.status == 400 and await resp.json() == {"message": "Failed to send messages"}


async def test_a_consulter_who_blocked_the_account_gets_nothing_and_costs_nothing(client, auth, user_a):
    await client.post(f"/_sim/consulters/{user_a}/unfollow")
    resp = await client.post(PUSH, json=push_body(user_a), headers=auth)
    assert resp.status == 200 and await inbox(client, user_a) == [] and await usage(client, auth) == 0


async def test_every_call_is_recorded_as_a_delivery(client, auth, user_a):
    key = str(uuid.uuid4())
    await client.post(PUSH, json=push_body(user_a, 3), headers={**auth, "X-Line-Retry-Key": key})
    await client.post(PUSH, json=push_body(user_a, 3), headers={**auth, "X-Line-Retry-Key": key})
    deliveries = (await (await client.get("/_sim/deliveries")).json())["deliveries"]

    assert [
        (d["endpoint"], d["status"], d["retry_key"], d["to"], d["message_count"]) for d in deliveries
    ] == [
        ("push", 200, key, user_a, 3),
        ("push", 409, key, user_a, 3),
    ]
