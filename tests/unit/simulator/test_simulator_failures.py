"""Injected platform failures: what a client sees, and what each does to retry keys and inboxes."""

import asyncio
import uuid

import aiohttp
import pytest

PUSH = "/v2/bot/message/push"


def body(to: str) -> dict:
    return {"to": to, "messages": [{"type": "text", "text": "x"}]}


async def test_5xx_fails_count_requests_then_recovers(client, auth, user_a):
    await client.put("/_sim/failure", json={"mode": "5xx", "count": 2})
    statuses = [(await client.post(PUSH, json=body(user_a), headers=auth)).status for _ in range(3)]
    failure = await (await client.get("/_sim/failure")).json()

    assert statuses == [500, 500, 200]
    assert failure["count"] == 0


async def test_429_looks_like_lines_rate_limit(client, auth, user_a):
    await client.put("/_sim/failure", json={"mode": "429", "count": 1})
    resp = await client.post(PUSH, json=body(user_a), headers=auth)
    assert resp.status == 429 and await resp.json() == {"message": "Too Many Requests"}
    assert "Retry-After" not in resp.headers


async def test_a_failure_without_count_lasts_until_deleted(client, auth, user_a):
    await client.put("/_sim/failure", json={"mode": "5xx", "count": None})
    during = [(await client.post(PUSH, json=body(user_a), headers=auth)).status for _ in range(3)]
    await client.delete("/_sim/failure")
    after = await client.post(PUSH, json=body(user_a), headers=auth)
    assert during == [500] * 3 and after.status == 200


async def test_a_failure_applies_only_to_its_endpoints(client, auth, user_a, reply_token):
    await client.put("/_sim/failure", json={"mode": "5xx", "endpoints": ["push"]})
    push = await client.post(PUSH, json=body(user_a), headers=auth)
    reply = await client.post(
        "/v2/bot/message/reply",
        json={"replyToken": reply_token, "messages": body(user_a)["messages"]},
        headers=auth,
    )
    assert push.status == 500 and reply.status == 200


async def test_a_failed_request_delivers_nothing(client, auth, user_a):
    await client.put("/_sim/failure", json={"mode": "5xx", "count": 1})
    await client.post(PUSH, json=body(user_a), headers=auth)
    inbox = await (await client.get(f"/_sim/consulters/{user_a}/inbox")).json()
    assert inbox["messages"] == []


async def test_slow_delivers_then_answers_late_so_a_retry_with_the_same_key_gets_409(client, auth, user_a):
    headers = {**auth, "X-Line-Retry-Key": str(uuid.uuid4())}
    await client.put("/_sim/failure", json={"mode": "slow", "count": 1, "delay_s": 30})
    with pytest.raises(asyncio.TimeoutError):
        await client.post(PUSH, json=body(user_a), headers=headers, timeout=aiohttp.ClientTimeout(total=0.3))
    retry = await client.post(PUSH, json=body(user_a), headers=headers)
    inbox = await (await client.get(f"/_sim/consulters/{user_a}/inbox")).json()

    assert retry.status == 409 and "x-line-accepted-request-id" in retry.headers
    assert len(inbox["messages"]) == 1


async def test_slow_answers_normally_after_the_delay(client, auth, user_a):
    await client.put("/_sim/failure", json={"mode": "slow", "count": 1, "delay_s": 0.01})
    resp = await client.post(PUSH, json=body(user_a), headers=auth)
    assert resp.status == 200


async def test_drop_closes_the_connection_without_delivering(client, auth, user_a):
    headers = {**auth, "X-Line-Retry-Key": str(uuid.uuid4())}
    await client.put("/_sim/failure", json={"mode": "drop", "count": 1})
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await client.post(PUSH, json=body(user_a), headers=headers)
    retry = await client.post(PUSH, json=body(user_a), headers=headers)
    deliveries = (await (await client.get("/_sim/deliveries")).json())["deliveries"]

    assert retry.status == 200
    assert [d["status"] for d in deliveries] == [None, 200]


@pytest.mark.parametrize(
    "failure",
    [
        {"mode": "explode"},
        {"mode": "5xx", "count": -1},
        {"mode": "slow", "delay_s": -1},
        {"mode": "5xx", "endpoints": ["x"]},
    ],
)
async def test_a_malformed_failure_mode_is_refused(client, failure):
    resp = await client.put("/_sim/failure", json=failure)
    assert resp.status == 400
