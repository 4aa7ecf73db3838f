"""The Messaging API endpoints that notifier calls through line-bot-sdk (`Configuration.host` = here).

Every call is authenticated, may meet an injected failure (see `state.FailureMode`), is answered
with an `x-line-request-id`, and is recorded as a delivery for tests to inspect.
"""

import asyncio
import contextlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiohttp import web

from services.simulator.keys import SETTINGS_KEY, STATE_KEY
from services.simulator.state import (
    ConversationEntry,
    Delivery,
    SimulatorState,
    new_message_id,
    new_quote_token,
)
from services.simulator.validation import check_push, check_reply, error_body, is_valid_retry_key

logger = structlog.get_logger(__name__)

AUTH_FAILED = {
    "message": "Authentication failed. Confirm that the access token in the authorization header is valid."
}
QUOTABLE_TYPES = {"text", "sticker", "image", "video"}


@dataclass
class Call:
    """What a handler needs from the request, read once by the common wrapper."""

    state: SimulatorState
    request_id: str
    body: dict[str, Any] | None
    retry_key: str | None
    match_info: dict[str, str]


@dataclass
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    to: str | None = None


Handler = Callable[[Call], Answer]


def _sent_messages(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    # Only messages that can be quoted get a quote token, as on LINE.
    return [
        {"id": new_message_id(), **({"quoteToken": new_quote_token()} if m["type"] in QUOTABLE_TYPES else {})}
        for m in messages
    ]


def reply(call: Call) -> Answer:
    if call.body is None:
        return Answer(400, {"message": "The request body could not be parsed as JSON"})
    if details := check_reply(call.body):
        return Answer(400, error_body(details))
    user_id = call.state.redeem_reply_token(call.body["replyToken"])
    if user_id is None:
        return Answer(400, {"message": "Invalid reply token"})
    messages = call.body["messages"]
    silent = call.body.get("notificationDisabled", False)
    call.state.record(user_id, ConversationEntry("reply", messages, notification_disabled=silent))
    return Answer(200, {"sentMessages": _sent_messages(messages)}, to=user_id)


def push(call: Call) -> Answer:
    state = call.state
    if call.retry_key is not None and not is_valid_retry_key(call.retry_key):
        return Answer(400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"})
    if call.body is None:
        return Answer(400, {"message": "The request body could not be parsed as JSON"})
    if details := check_push(call.body):
        return Answer(400, error_body(details))
    to, messages = call.body["to"], call.body["messages"]
    answer = Answer(200, {}, to=to)
    if call.retry_key and (accepted := state.accepted_request(call.retry_key)):
        answer.status = 409
        answer.body = {"message": "The retry key is already accepted", "sentMessages": accepted.sent_messages}
        answer.headers["x-line-accepted-request-id"] = accepted.request_id
        return answer
    consulter = state.consulters.get(to)
    if consulter is None:
        answer.status, answer.body = 400, {"message": "Failed to send messages"}
        return answer
    # A user who blocked the account gets nothing and costs nothing, but the call still succeeds.
    if consulter.following:
        if not state.quota_allows(len(messages)):
            answer.status, answer.body = 429, {"message": "You have reached your monthly limit."}
            return answer
        state.quota_used += len(messages)
        silent = call.body.get("notificationDisabled", False)
        state.record(to, ConversationEntry("push", messages, notification_disabled=silent))
    answer.body = {"sentMessages": _sent_messages(messages)}
    if call.retry_key:
        state.accept(call.retry_key, call.request_id, answer.body["sentMessages"])
    return answer


def profile(call: Call) -> Answer:
    consulter = call.state.consulters.get(call.match_info["user_id"])
    if consulter is None or not consulter.following:
        return Answer(404, {"message": "Not found"})
    return Answer(200, {"userId": consulter.user_id, "displayName": consulter.display_name, "language": "ja"})


def quota(call: Call) -> Answer:
    return Answer(200, {"type": "limited", "value": call.state.quota_limit})


def quota_consumption(call: Call) -> Answer:
    return Answer(200, {"totalUsage": call.state.quota_used})


def loading_start(call: Call) -> Answer:
    chat_id = (call.body or {}).get("chatId")
    if chat_id not in call.state.consulters:
        return Answer(400, error_body([{"message": "Invalid chat ID", "property": "chatId"}]))
    return Answer(202, {}, to=chat_id)


async def _read_json(request: web.Request) -> dict[str, Any] | None:
    if not request.can_read_body:
        return None
    try:
        body = json.loads(await request.read())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def endpoint(name: str, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Wrap a handler with what every Messaging API call gets: auth, failures, request id, a record."""

    async def handle(request: web.Request) -> web.StreamResponse:
        settings, state = request.app[SETTINGS_KEY], request.app[STATE_KEY]
        request_id = str(uuid.uuid4())
        retry_key = request.headers.get("X-Line-Retry-Key")
        body = await _read_json(request)
        messages = (body or {}).get("messages")
        delivery = Delivery(name, None, request_id, retry_key, (body or {}).get("to"))
        delivery.message_count = len(messages) if isinstance(messages, list) else 0
        state.deliveries.append(delivery)
        failure = None
        if request.headers.get("Authorization") != f"Bearer {settings.line_channel_access_token}":
            answer = Answer(401, AUTH_FAILED)
        elif (failure := state.take_failure(name)) and failure.mode == "drop":
            # The request is lost before LINE accepts it: nothing happens and no answer comes.
            logger.info("messaging_api_dropped", endpoint=name, request_id=request_id)
            if request.transport is not None:
                request.transport.close()
            raise asyncio.CancelledError
        elif failure and failure.mode == "5xx":
            answer = Answer(500, {"message": "Internal Server Error"})
        elif failure and failure.mode == "429":
            answer = Answer(429, {"message": "Too Many Requests"})
        else:
            answer = handler(Call(state, request_id, body, retry_key, dict(request.match_info)))
        delivery.status = answer.status
        delivery.to = answer.to or delivery.to
        logger.info("messaging_api_call", endpoint=name, status=answer.status, request_id=request_id)
        if failure and failure.mode == "slow":
            # Processed already: a client that gives up waiting and retries with its key gets 409.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state.stopping.wait(), failure.delay_s)
        headers = {"x-line-request-id": request_id, **answer.headers}
        return web.json_response(answer.body, status=answer.status, headers=headers)

    return handle


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v2/bot/message/reply", endpoint("reply", reply))
    app.router.add_post("/v2/bot/message/push", endpoint("push", push))
    app.router.add_get("/v2/bot/profile/{user_id}", endpoint("profile", profile))
    app.router.add_get("/v2/bot/message/quota", endpoint("quota", quota))
    app.router.add_get("/v2/bot/message/quota/consumption", endpoint("quota_consumption", quota_consumption))
    app.router.add_post("/v2/bot/chat/loading/start", endpoint("loading", loading_start))
