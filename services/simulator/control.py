"""The control API under `/_sim/`: act as a consulter, inspect what arrived, inject failures.

Used by the chat page and by tests; it is not part of LINE and has no authentication, which is one
reason the simulator is never deployed to production.
"""

import asyncio
import json
from dataclasses import asdict
from typing import Any, Literal, TypeVar

import structlog
from aiohttp import web
from pydantic import BaseModel, Field, ValidationError

from services.simulator import webhooks
from services.simulator.keys import SENDER_KEY, STATE_KEY
from services.simulator.state import Consulter, ConversationEntry, FailureMode

logger = structlog.get_logger(__name__)

SSE_HEARTBEAT_S = 15.0
Model = TypeVar("Model", bound=BaseModel)
Endpoint = Literal["reply", "push", "profile", "quota", "quota_consumption", "loading"]


class TextIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class FollowIn(BaseModel):
    unblocked: bool = False


class PostbackIn(BaseModel):
    data: str = Field(min_length=1, max_length=300)
    params: dict[str, str] | None = None


class StickerIn(BaseModel):
    packageId: str = "446"  # LINE's field names
    stickerId: str = "1988"
    keywords: list[str] | None = None


class FailureIn(BaseModel):
    mode: Literal["none", "5xx", "429", "slow", "drop"]
    count: int | None = Field(default=None, ge=0)
    delay_s: float = Field(default=0.0, ge=0)
    endpoints: list[Endpoint] | None = None


class QuotaIn(BaseModel):
    limit: int = Field(ge=0)
    used: int | None = Field(default=None, ge=0)


async def _parse(request: web.Request, model: type[Model]) -> Model:
    raw = await request.read()
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        raise web.HTTPBadRequest(
            text=json.dumps({"error": exc.errors(include_url=False, include_context=False)}),
            content_type="application/json",
        ) from exc


def _consulter(request: web.Request, following: bool | None = None) -> Consulter:
    consulter = request.app[STATE_KEY].consulters.get(request.match_info["user_id"])
    if consulter is None:
        raise web.HTTPNotFound(text='{"error": "unknown consulter"}', content_type="application/json")
    if following is not None and consulter.following != following:
        state = "has blocked the account" if following else "is already a friend"
        raise web.HTTPConflict(
            text=json.dumps({"error": f"consulter {state}"}), content_type="application/json"
        )
    return consulter


async def _send(
    request: web.Request, consulter: Consulter, event: webhooks.Event, entry: ConversationEntry
) -> web.Response:
    status = await request.app[SENDER_KEY].send(event)
    entry.webhook_event_id, entry.webhook_status = event["webhookEventId"], status
    request.app[STATE_KEY].record(consulter.user_id, entry)
    return web.json_response({"webhookEventId": event["webhookEventId"], "status": status})


async def send_text(request: web.Request) -> web.Response:
    consulter, body = _consulter(request, following=True), await _parse(request, TextIn)
    token = request.app[STATE_KEY].issue_reply_token(consulter.user_id)
    event = webhooks.text_message_event(consulter.user_id, token, body.text)
    return await _send(request, consulter, event, ConversationEntry("sent", [event["message"]]))


async def send_sticker(request: web.Request) -> web.Response:
    consulter, body = _consulter(request, following=True), await _parse(request, StickerIn)
    token = request.app[STATE_KEY].issue_reply_token(consulter.user_id)
    event = webhooks.sticker_message_event(
        consulter.user_id, token, body.packageId, body.stickerId, body.keywords
    )
    return await _send(request, consulter, event, ConversationEntry("sent", [event["message"]]))


async def send_postback(request: web.Request) -> web.Response:
    consulter, body = _consulter(request, following=True), await _parse(request, PostbackIn)
    token = request.app[STATE_KEY].issue_reply_token(consulter.user_id)
    event = webhooks.postback_event(consulter.user_id, token, body.data, body.params)
    return await _send(
        request, consulter, event, ConversationEntry("event", [{"type": "postback", **event["postback"]}])
    )


async def follow(request: web.Request) -> web.Response:
    consulter, body = _consulter(request), await _parse(request, FollowIn)
    consulter.following = True
    token = request.app[STATE_KEY].issue_reply_token(consulter.user_id)
    event = webhooks.follow_event(consulter.user_id, token, body.unblocked)
    return await _send(
        request, consulter, event, ConversationEntry("event", [{"type": "follow", **event["follow"]}])
    )


async def unfollow(request: web.Request) -> web.Response:
    consulter = _consulter(request)
    consulter.following = False
    event = webhooks.unfollow_event(consulter.user_id)
    return await _send(request, consulter, event, ConversationEntry("event", [{"type": "unfollow"}]))


async def redeliver(request: web.Request) -> web.Response:
    event_id = request.match_info["webhook_event_id"]
    if event_id not in request.app[STATE_KEY].webhook_events:
        raise web.HTTPNotFound(text='{"error": "unknown webhookEventId"}', content_type="application/json")
    status = await request.app[SENDER_KEY].redeliver(event_id)
    return web.json_response({"webhookEventId": event_id, "status": status})


async def list_consulters(request: web.Request) -> web.Response:
    consulters = request.app[STATE_KEY].consulters.values()
    return web.json_response({"consulters": [c.summary() for c in consulters]})


async def inbox(request: web.Request) -> web.Response:
    """What the bot sent her (replies and pushes), oldest first."""
    consulter = _consulter(request)
    arrived = [asdict(e) for e in consulter.conversation if e.kind in ("reply", "push")]
    return web.json_response({**consulter.summary(), "messages": arrived})


async def conversation(request: web.Request) -> web.Response:
    """Everything in her chat, both ways, oldest first (what the page shows)."""
    consulter = _consulter(request)
    return web.json_response({**consulter.summary(), "entries": [asdict(e) for e in consulter.conversation]})


async def deliveries(request: web.Request) -> web.Response:
    return web.json_response({"deliveries": [asdict(d) for d in request.app[STATE_KEY].deliveries]})


async def get_failure(request: web.Request) -> web.Response:
    return web.json_response(asdict(request.app[STATE_KEY].failure))


async def put_failure(request: web.Request) -> web.Response:
    body = await _parse(request, FailureIn)
    request.app[STATE_KEY].failure = FailureMode(
        body.mode, body.count, body.delay_s, None if body.endpoints is None else list(body.endpoints)
    )
    logger.info("failure_mode_set", mode=body.mode, count=body.count, endpoints=body.endpoints)
    return web.json_response(body.model_dump())


async def delete_failure(request: web.Request) -> web.Response:
    request.app[STATE_KEY].failure = FailureMode()
    return web.json_response(asdict(FailureMode()))


async def put_quota(request: web.Request) -> web.Response:
    body, state = await _parse(request, QuotaIn), request.app[STATE_KEY]
    state.quota_limit = body.limit
    if body.used is not None:
        state.quota_used = body.used
    return web.json_response({"limit": state.quota_limit, "used": state.quota_used})


async def reset(request: web.Request) -> web.Response:
    request.app[STATE_KEY].reset()
    logger.info("simulator_reset")
    return web.json_response({"reset": True})


async def events(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events: one `data:` line per reply or push as it arrives."""
    state = request.app[STATE_KEY]
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    state.subscribers.add(queue)
    try:
        await response.write(b": connected\n\n")
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), SSE_HEARTBEAT_S)
            except TimeoutError:
                await response.write(b": ping\n\n")  # finds out when the page has gone
                continue
            if item is None:  # the application is shutting down
                break
            await response.write(f"data: {json.dumps(item, ensure_ascii=False)}\n\n".encode())
    except ConnectionResetError:
        pass
    finally:
        state.subscribers.discard(queue)
    return response


def add_routes(app: web.Application) -> None:
    consulter = "/_sim/consulters/{user_id}"
    app.router.add_get("/_sim/consulters", list_consulters)
    app.router.add_post(f"{consulter}/messages", send_text)
    app.router.add_post(f"{consulter}/sticker", send_sticker)
    app.router.add_post(f"{consulter}/postback", send_postback)
    app.router.add_post(f"{consulter}/follow", follow)
    app.router.add_post(f"{consulter}/unfollow", unfollow)
    app.router.add_get(f"{consulter}/inbox", inbox)
    app.router.add_get(f"{consulter}/conversation", conversation)
    app.router.add_post("/_sim/redeliver/{webhook_event_id}", redeliver)
    app.router.add_get("/_sim/deliveries", deliveries)
    app.router.add_get("/_sim/failure", get_failure)
    app.router.add_put("/_sim/failure", put_failure)
    app.router.add_delete("/_sim/failure", delete_failure)
    app.router.add_put("/_sim/quota", put_quota)
    app.router.add_post("/_sim/reset", reset)
    app.router.add_get("/_sim/events", events)
