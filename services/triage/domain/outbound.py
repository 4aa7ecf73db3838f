"""What triage asks notifier to send to a consulter (or to a group chat): one builder for every
`outbound.line.requested`, so the rules hold everywhere — a reply token travels with the time it
arrived (notifier replies only while it is fresh, else pushes), and the caller says whether the
send is silent (the system's own texts are; a counselor's answer is not: she is waiting for it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.events import SendLineMessage


@dataclass(frozen=True, slots=True)
class ReplyToken:
    """Her reply token and when it arrived (LINE accepts it once, shortly after her message)."""

    token: str
    received_at: datetime


def line_request(
    request_id: str,
    *,
    consulter_id: str,
    line_user_id: str,
    messages: Sequence[dict[str, Any]],
    purpose: str,
    silent: bool,
    token: ReplyToken | None = None,
    case_id: str | None = None,
) -> SendLineMessage:
    return SendLineMessage(
        request_id=request_id,
        consulter_id=consulter_id,
        line_user_id=line_user_id,
        messages=tuple(messages),
        reply_token=token.token if token else None,
        reply_token_received_at=token.received_at if token else None,
        silent=silent,
        purpose=purpose,
        case_id=case_id,
    )
