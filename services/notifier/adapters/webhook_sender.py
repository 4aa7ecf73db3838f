"""Sending one signed webhook (Standard Webhooks) to a partner and telling what came back.

Before anything is sent the URL is held to the partner URL policy again (it may have been stored
before the policy, or be an IP literal, which aiohttp does not resolve), and every name is resolved
through `GuardedResolver`, so the connection goes only to addresses that were checked. A refusal
is an answer (`refused`), never an exception: the delivery fails for good and supervisors see it.

Headers: `webhook-id` (the alert id: the same on every retry, so the partner can drop repeats),
`webhook-timestamp` (this attempt's time, seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256>`
of `id.timestamp.body` under the partner's secret). The body is the stored payload, byte for byte.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import aiohttp
from standardwebhooks import Webhook

from services.notifier.adapters.url_guard import GuardedResolver
from services.notifier.domain.partner_url import RefusedUrl, UrlPolicy
from services.notifier.domain.ports import WebhookAnswer

__all__ = ["WebhookAnswer", "WebhookSender", "signed_headers"]


def _retry_after(value: str | None) -> float | None:
    # Only the delta-seconds form; an HTTP date is rare from webhook receivers and treated as absent.
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def signed_headers(secret: str, webhook_id: str, body: str, at: datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(webhook_id, at, body)
    return {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


class WebhookSender:
    """Posts webhooks through its own HTTP session: `start()` opens it inside the running loop (or
    the first send does), `close()` releases it."""

    def __init__(self, timeout_s: float, policy: UrlPolicy, resolver: GuardedResolver) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._policy = policy
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None

    def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(resolver=self._resolver)
            self._session = aiohttp.ClientSession(connector=connector)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, url: str, secret: str, webhook_id: str, body: str) -> WebhookAnswer:
        self.start()
        assert self._session is not None
        try:
            self._policy.check(url)
        except RefusedUrl as refused:
            return WebhookAnswer(None, 0.0, "url_refused", refused=refused.reason)
        headers = signed_headers(secret, webhook_id, body, datetime.now(UTC))
        started = time.perf_counter()
        try:
            async with self._session.post(
                url, data=body.encode("utf-8"), headers=headers, timeout=self._timeout, allow_redirects=False
            ) as response:
                await response.read()
                return WebhookAnswer(
                    response.status,
                    time.perf_counter() - started,
                    retry_after_s=_retry_after(response.headers.get("Retry-After")),
                )
        except RefusedUrl as refused:  # the name resolved to an address the policy refuses
            return WebhookAnswer(None, time.perf_counter() - started, "url_refused", refused=refused.reason)
        except TimeoutError:
            return WebhookAnswer(None, time.perf_counter() - started, "timeout")
        except aiohttp.ClientError as exc:
            return WebhookAnswer(None, time.perf_counter() - started, type(exc).__name__)
