"""How an outbound LINE message is sent, and what each answer of the Messaging API means.

Reply or push: the reply API is free but its token is single-use and LINE asks that it be used within
a minute of the webhook; we use it only while the token is younger than `max_age_s` (50 s by default,
a margin for the queue and the network) and has not been refused. Otherwise push, which counts
against the monthly quota and carries an `X-Line-Retry-Key` so that retrying it never sends twice.

Answers: 2xx and 409 on push (the retry key was already accepted) are success. 5xx, 429 for the
rate limit and no answer at all (timeout, dropped connection) are tried again with backoff.
429 "You have reached your monthly limit" is final (`quota_exhausted`): retrying cannot help until
the quota resets or the plan changes. Other 4xx are final: retrying the same request gives the same.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Literal

Method = Literal["reply", "push"]
# A fixed namespace: the retry key of a request must be the same in every notifier, forever.
RETRY_KEY_NAMESPACE = uuid.UUID("0c8e4f5a-3d1b-4e7e-8a51-6e6f74696669")
QUOTA_MESSAGE = "you have reached your monthly limit"
INVALID_REPLY_TOKEN = "invalid reply token"  # noqa: S105 - an error text, not a secret


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    USE_PUSH = "use_push"  # the reply token was refused: fall back to push
    QUOTA_EXHAUSTED = "quota_exhausted"
    INVALID_REQUEST = "invalid_request"
    UNAUTHORIZED = "unauthorized"
    RECIPIENT_UNAVAILABLE = "recipient_unavailable"


FINAL_FAILURES = frozenset(
    {Outcome.QUOTA_EXHAUSTED, Outcome.INVALID_REQUEST, Outcome.UNAUTHORIZED, Outcome.RECIPIENT_UNAVAILABLE}
)


def retry_key(request_id: str) -> str:
    """The push `X-Line-Retry-Key`: a UUID derived from the request id, stable across redeliveries."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, request_id))


def choose_method(
    *,
    reply_token: str | None,
    token_received_at: datetime | None,
    now: datetime,
    max_age_s: float,
    reply_refused: bool,
) -> Method:
    """Reply while the token is fresh and has not been refused; push otherwise."""
    if not reply_token or token_received_at is None or reply_refused:
        return "push"
    age = (now - token_received_at).total_seconds()
    return "reply" if 0 <= age < max_age_s else "push"


def classify(method: Method, status: int | None, message: str = "") -> Outcome:
    """What an answer (`status` None: no answer) to a reply or push means."""
    text = message.lower()
    if status is None or status >= 500:
        return Outcome.RETRY
    if 200 <= status < 300 or (status == 409 and method == "push"):
        return Outcome.DELIVERED
    if status == 429:
        return Outcome.QUOTA_EXHAUSTED if QUOTA_MESSAGE in text else Outcome.RETRY
    if method == "reply" and status == 400 and INVALID_REPLY_TOKEN in text:
        return Outcome.USE_PUSH
    if status in (401, 403):
        return Outcome.UNAUTHORIZED
    if status == 404 or (method == "push" and status == 400 and "failed to send messages" in text):
        return Outcome.RECIPIENT_UNAVAILABLE
    return Outcome.INVALID_REQUEST
