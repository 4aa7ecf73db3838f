"""The next-response clock (docs/policies.md, "Next response"): once a counselor has answered, a
new message from her starts `awaiting_reply_since` (only if no wait is running: the first unanswered
message counts), a counselor's reply stops it, and the SLA round escalates a wait past its target
once per level (`next_escalated_levels`). Served by the `awaiting_next_reply` index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

STOP_WAIT: dict[str, Any] = {"awaiting_reply_since": None, "next_escalated_levels": []}
"""Merged into the `$set` of a counselor's reply: she has been answered."""


class NextReplies:
    def __init__(self, db: Any) -> None:
        self._cases = db["cases"]

    async def start_wait(self, case_id: str, at: datetime) -> None:
        """Her message in a case a counselor has answered: she waits for the next answer from `at`."""
        await self._cases.update_one(
            {"_id": case_id, "open": True, "first_response_at": {"$ne": None}, "awaiting_reply_since": None},
            {"$set": {"awaiting_reply_since": at, "next_escalated_levels": []}},
        )

    async def waiting(self) -> list[dict[str, Any]]:
        """Open cases whose latest message waits for a counselor's next answer."""
        found: list[dict[str, Any]] = await self._cases.find(
            {"open": True, "awaiting_reply_since": {"$ne": None}}
        ).to_list(None)
        return found

    async def escalate(
        self, case_id: str, level: str, since: datetime, at: datetime, outbox: dict[str, Any]
    ) -> bool:
        """Record the escalation of this wait at `level` once (one process wins) with its events;
        False when another process did, or she was answered meanwhile."""
        won = await self._cases.find_one_and_update(
            {"_id": case_id, "open": True, "awaiting_reply_since": since, "next_escalated_levels": {"$ne": level}},
            {"$addToSet": {"next_escalated_levels": level}, "$set": {"next_escalated_at": at}, **outbox},
        )
        return won is not None
