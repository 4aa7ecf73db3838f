"""line-bot-sdk's real async client against the running simulator, over real HTTP, both directions.

This is the proof that notifier (which uses the SDK) and ingress (which verifies with the SDK's
parser) can be tested against the simulator instead of LINE.
"""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp import web
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhooks import Event, MessageEvent, TextMessageContent

from services.simulator.app import create_app
from services.simulator.config import SimulatorSettings
from services.simulator.state import consulter_user_id

SECRET = "integration-channel-secret"
TOKEN = "integration-access-token"
USER = consulter_user_id("A")


@dataclass
class Receiver:
    """A stand-in for ingress: verifies each webhook with the SDK's parser, as ingress does."""

    url: str = ""
    events: asyncio.Queue[Event] | None = None
    rejected: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        body = (await request.read()).decode()
        try:
            events = WebhookParser(SECRET).parse(body, request.headers.get("x-line-signature", ""))
        except InvalidSignatureError:
            self.rejected += 1
            return web.Response(status=400)
        assert self.events is not None
        for event in events:
            self.events.put_nowait(event)
        return web.Response(status=200)

    async def next_event(self) -> Event:
        assert self.events is not None
        return await asyncio.wait_for(self.events.get(), 5)


@dataclass
class Simulator:
    url: str
    control: aiohttp.ClientSession
    api: AsyncMessagingApi

    async def put(self, path: str, body: dict) -> None:
        async with self.control.put(f"{self.url}{path}", json=body) as resp:
            assert resp.status == 200

    async def post(self, path: str, body: dict | None = None) -> dict:
        async with self.control.post(f"{self.url}{path}", json=body) as resp:
            assert resp.status == 200
            return await resp.json()

    async def get(self, path: str) -> dict:
        async with self.control.get(f"{self.url}{path}") as resp:
            return await resp.json()


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    fake = Receiver(events=asyncio.Queue())
    app = web.Application()
    app.router.add_post("/line/webhook", fake.handle)
    runner, url = await serve(app)
    fake.url = f"{url}/line/webhook"
    yield fake
    await runner.cleanup()


@pytest.fixture
async def sim(receiver: Receiver) -> AsyncIterator[Simulator]:
    settings = SimulatorSettings(
        line_channel_secret=SECRET, line_channel_access_token=TOKEN, ingress_webhook_url=receiver.url
    )
    runner, url = await serve(create_app(settings))
    # The SDK client is created inside the running loop, as its documentation asks.
    async with (
        aiohttp.ClientSession() as control,
        AsyncApiClient(Configuration(host=url, access_token=TOKEN)) as client,
    ):
        yield Simulator(url, control, AsyncMessagingApi(client))
    await runner.cleanup()


def push_request(text: str = "次回のご案内です") -> PushMessageRequest:
    return PushMessageRequest(to=USER, messages=[TextMessage(text=text)])


async def test_webhook_round_trip_then_the_sdk_replies_with_the_token(sim: Simulator, receiver: Receiver):
    sent = await sim.post(f"/_sim/consulters/{USER}/messages", {"text": "夜に話を聞いてほしいです"})
    event = await receiver.next_event()

    assert sent["status"] == 200 and receiver.rejected == 0
    assert isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent)
    assert event.webhook_event_id == sent["webhookEventId"] and event.source.user_id == USER

    request = ReplyMessageRequest(
        reply_token=event.reply_token, messages=[TextMessage(text="お話を聞きます")]
    )
    replied = await sim.api.reply_message_with_http_info(request, _request_timeout=5)
    assert replied.status_code == 200 and replied.headers["x-line-request-id"]
    assert len(replied.data.sent_messages) == 1

    with pytest.raises(ApiException) as used_twice:
        await sim.api.reply_message_with_http_info(request, _request_timeout=5)
    assert used_twice.value.status == 400
    assert json.loads(used_twice.value.body)["message"] == "Invalid reply token"

    inbox = await sim.get(f"/_sim/consulters/{USER}/inbox")
    assert [m["kind"] for m in inbox["messages"]] == ["reply"]


async def test_push_with_a_retry_key_answers_200_then_409(sim: Simulator):
    key = str(uuid.uuid4())
    first = await sim.api.push_message_with_http_info(
        push_request(), x_line_retry_key=key, _request_timeout=5
    )
    with pytest.raises(ApiException) as repeated:
        await sim.api.push_message_with_http_info(push_request(), x_line_retry_key=key, _request_timeout=5)

    assert first.status_code == 200
    assert repeated.value.status == 409
    assert repeated.value.headers["x-line-accepted-request-id"] == first.headers["x-line-request-id"]
    first_ids = [m.id for m in first.data.sent_messages]
    assert [m["id"] for m in json.loads(repeated.value.body)["sentMessages"]] == first_ids


async def test_a_5xx_does_not_consume_the_retry_key(sim: Simulator):
    key = str(uuid.uuid4())
    await sim.put("/_sim/failure", {"mode": "5xx", "count": 1, "endpoints": ["push"]})
    with pytest.raises(ApiException) as failed:
        await sim.api.push_message_with_http_info(push_request(), x_line_retry_key=key, _request_timeout=5)
    retried = await sim.api.push_message_with_http_info(
        push_request(), x_line_retry_key=key, _request_timeout=5
    )

    assert failed.value.status == 500 and retried.status_code == 200


async def test_a_timed_out_push_that_was_delivered_answers_409_on_retry(sim: Simulator):
    key = str(uuid.uuid4())
    await sim.put("/_sim/failure", {"mode": "slow", "count": 1, "delay_s": 30})
    with pytest.raises(asyncio.TimeoutError):
        await sim.api.push_message_with_http_info(push_request(), x_line_retry_key=key, _request_timeout=0.3)
    with pytest.raises(ApiException) as retried:
        await sim.api.push_message_with_http_info(push_request(), x_line_retry_key=key, _request_timeout=5)

    assert retried.value.status == 409
    assert len((await sim.get(f"/_sim/consulters/{USER}/inbox"))["messages"]) == 1


async def test_a_spent_quota_answers_429_and_the_sdk_reads_quota_and_usage(sim: Simulator):
    await sim.put("/_sim/quota", {"limit": 1})
    await sim.api.push_message(push_request(), _request_timeout=5)
    with pytest.raises(ApiException) as spent:
        await sim.api.push_message(push_request(), x_line_retry_key=str(uuid.uuid4()), _request_timeout=5)
    quota = await sim.api.get_message_quota(_request_timeout=5)
    usage = await sim.api.get_message_quota_consumption(_request_timeout=5)

    assert spent.value.status == 429
    assert json.loads(spent.value.body) == {"message": "You have reached your monthly limit."}
    assert (quota.type, quota.value, usage.total_usage) == ("limited", 1, 1)


async def test_a_rate_limit_429_carries_no_retry_after(sim: Simulator):
    await sim.put("/_sim/failure", {"mode": "429", "count": 1})
    with pytest.raises(ApiException) as limited:
        await sim.api.push_message(push_request(), _request_timeout=5)
    assert limited.value.status == 429 and "Retry-After" not in limited.value.headers


async def test_profile_through_the_sdk(sim: Simulator):
    profile = await sim.api.get_profile(USER, _request_timeout=5)
    assert profile.user_id == USER and profile.display_name == "相談者A"


async def test_a_wrong_access_token_is_refused(sim: Simulator):
    async with AsyncApiClient(Configuration(host=sim.url, access_token="wrong")) as client:
        with pytest.raises(ApiException) as refused:
            await AsyncMessagingApi(client).push_message(push_request(), _request_timeout=5)
    assert refused.value.status == 401


async def test_a_dropped_connection_surfaces_as_a_client_error_and_delivers_nothing(sim: Simulator):
    await sim.put("/_sim/failure", {"mode": "drop", "count": 1})
    with pytest.raises(aiohttp.ClientError):
        await sim.api.push_message(push_request(), _request_timeout=5)
    assert (await sim.get(f"/_sim/consulters/{USER}/inbox"))["messages"] == []
