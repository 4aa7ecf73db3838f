"""Webhook events as LINE builds them, signed with the channel secret and sent to ingress.

The body and headers follow what the platform sends (see `shared/fixtures/line/webhook-v3.json`):
one event per request, compact UTF-8 JSON, `x-line-signature` = Base64(HMAC-SHA256(secret, body)).
"""

import base64
import copy
import hashlib
import hmac
import json
import time
from typing import Any

import aiohttp
import structlog
from ulid import ULID

from services.simulator.state import SimulatorState, new_message_id, new_quote_token

logger = structlog.get_logger(__name__)

WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=5)
Event = dict[str, Any]


def sign(channel_secret: str, body: bytes) -> str:
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _event(event_type: str, user_id: str, reply_token: str | None) -> Event:
    event: Event = {"replyToken": reply_token} if reply_token else {}
    event.update(
        {
            "type": event_type,
            "mode": "active",
            "timestamp": int(time.time() * 1000),
            "source": {"type": "user", "userId": user_id},
            "webhookEventId": str(ULID()),
            "deliveryContext": {"isRedelivery": False},
        }
    )
    return event


def text_message_event(user_id: str, reply_token: str, text: str) -> Event:
    event = _event("message", user_id, reply_token)
    event["message"] = {"id": new_message_id(), "type": "text", "text": text, "quoteToken": new_quote_token()}
    return event


def sticker_message_event(
    user_id: str, reply_token: str, package_id: str, sticker_id: str, keywords: list[str] | None
) -> Event:
    event = _event("message", user_id, reply_token)
    message: dict[str, Any] = {
        "id": new_message_id(),
        "type": "sticker",
        "packageId": package_id,
        "stickerId": sticker_id,
        "stickerResourceType": "STATIC",
        "quoteToken": new_quote_token(),
    }
    if keywords:
        message["keywords"] = keywords
    event["message"] = message
    return event


def follow_event(user_id: str, reply_token: str, unblocked: bool) -> Event:
    event = _event("follow", user_id, reply_token)
    event["follow"] = {"isUnblocked": unblocked}
    return event


def unfollow_event(user_id: str) -> Event:
    return _event("unfollow", user_id, None)


def postback_event(user_id: str, reply_token: str, data: str, params: dict[str, str] | None) -> Event:
    event = _event("postback", user_id, reply_token)
    event["postback"] = {"data": data, **({"params": params} if params else {})}
    return event


class WebhookSender:
    """Delivers events to ingress and remembers them so they can be redelivered."""

    def __init__(self, state: SimulatorState, channel_secret: str, destination: str, url: str) -> None:
        self.state = state
        self.channel_secret = channel_secret
        self.destination = destination
        self.url = url
        self.session: aiohttp.ClientSession | None = None

    async def send(self, event: Event) -> int | None:
        """POST the event to ingress; ingress's HTTP status, or None when it could not be reached."""
        self.state.webhook_events[event["webhookEventId"]] = event
        body = json.dumps(
            {"destination": self.destination, "events": [event]}, ensure_ascii=False, separators=(",", ":")
        ).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "x-line-signature": sign(self.channel_secret, body),
        }
        log = logger.bind(webhook_event_id=event["webhookEventId"], event_type=event["type"])
        if self.session is None:
            raise RuntimeError("the webhook sender is used outside the running application")
        try:
            async with self.session.post(
                self.url, data=body, headers=headers, timeout=WEBHOOK_TIMEOUT
            ) as resp:
                await resp.read()
                log.info(
                    "webhook_sent", status=resp.status, redelivery=event["deliveryContext"]["isRedelivery"]
                )
                return resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("webhook_failed", error=type(exc).__name__)
            return None

    async def redeliver(self, webhook_event_id: str) -> int | None:
        """Send a previously sent event again, as LINE's redelivery does: same id, `isRedelivery: true`."""
        original = self.state.webhook_events[webhook_event_id]
        event = copy.deepcopy(original)
        event["deliveryContext"] = {"isRedelivery": True}
        return await self.send(event)
