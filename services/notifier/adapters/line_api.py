"""The Messaging API through line-bot-sdk's async client, reduced to one call: send, get an answer.

The SDK raises on every non-2xx and on network errors in different ways; here each call ends in an
`Answer` (status None when nothing came back), and the domain (`line_rules.classify`) decides what it
means. The SDK's client opens an aiohttp session, which needs the running event loop: it is opened
by `start()` (the service's lifecycle) or on first use, never at construction.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from linebot.v3.messaging import (
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    PushMessageRequest,
    ReplyMessageRequest,
)
from linebot.v3.messaging.exceptions import ApiException

from services.notifier.domain.line_rules import Method
from services.notifier.domain.ports import Answer

__all__ = ["Answer", "LineApi"]


def _message_of(body: Any) -> str:
    try:
        return str(json.loads(body).get("message", ""))
    except (ValueError, TypeError, AttributeError):
        return ""


class LineApi:
    """Reply and push; `start()` opens the HTTP session, `close()` releases it."""

    def __init__(self, base_url: str, access_token: str, timeout_s: float) -> None:
        self._configuration = Configuration(host=base_url, access_token=access_token)
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._client: AsyncApiClient | None = None
        self._messaging: AsyncMessagingApi | None = None

    def start(self) -> None:
        """Open the SDK's client (inside the running loop); idempotent."""
        if self._client is None:
            self._client = AsyncApiClient(self._configuration)
            self._messaging = AsyncMessagingApi(self._client)

    @property
    def _api(self) -> AsyncMessagingApi:
        self.start()
        assert self._messaging is not None
        return self._messaging

    async def send(
        self,
        method: Method,
        *,
        to: str,
        reply_token: str | None,
        messages: list[dict[str, Any]],
        silent: bool,
        retry_key: str,
    ) -> Answer:
        try:
            if method == "reply":
                reply = ReplyMessageRequest.from_dict(
                    {"replyToken": reply_token, "messages": messages, "notificationDisabled": silent}
                )
                response = await self._api.reply_message_with_http_info(reply, _request_timeout=self._timeout)
            else:
                push = PushMessageRequest.from_dict(
                    {"to": to, "messages": messages, "notificationDisabled": silent}
                )
                response = await self._api.push_message_with_http_info(
                    push, x_line_retry_key=retry_key, _request_timeout=self._timeout
                )
        except ApiException as exc:
            headers = exc.headers or {}
            accepted = headers.get("x-line-accepted-request-id") or headers.get("x-line-request-id")
            return Answer(exc.status, _message_of(exc.body), accepted, f"http_{exc.status}")
        except (TimeoutError, aiohttp.ClientError) as exc:
            return Answer(None, "", None, type(exc).__name__)
        headers = response.headers or {}
        return Answer(response.status_code, "", headers.get("x-line-request-id"))

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = self._messaging = None
