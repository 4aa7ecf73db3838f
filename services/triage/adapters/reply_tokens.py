"""Her latest unused reply token, sealed on the case, for a counselor's reply.

LINE accepts a reply token once, shortly after her message; a reply costs nothing against the
monthly push quota, so a counselor answering quickly uses it. The token is stored only when no
automatic reply used it, kept sealed (context `reply_token:<case>`), replaced only by a newer one,
and taken atomically (`$unset` in the same update), so two replies can never both use it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ReturnDocument

from services.triage.domain.outbound import ReplyToken
from shared.crypto import Keyring, Sealed


class ReplyTokens:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._cases = db["cases"]
        self._keyring = keyring

    def stored(self, case_id: str, token: str, received_at: datetime) -> dict[str, Any]:
        """The case's `reply_token` field for `token` (sealed)."""
        sealed = self._keyring.seal(token, context=f"reply_token:{case_id}").to_document()
        return {"sealed": sealed, "received_at": received_at}

    async def offer(self, case_id: str, token: str, received_at: datetime) -> None:
        await self._cases.update_one(
            {
                "_id": case_id,
                "$or": [{"reply_token": None}, {"reply_token.received_at": {"$lt": received_at}}],
            },
            {"$set": {"reply_token": self.stored(case_id, token, received_at)}},
        )

    async def take(self, case_id: str, now: datetime, ttl: timedelta) -> ReplyToken | None:
        """Her token if it is fresh (removed either way: a stale one is no use)."""
        before: dict[str, Any] | None = await self._cases.find_one_and_update(
            {"_id": case_id, "reply_token": {"$ne": None}},
            {"$set": {"reply_token": None}},
            return_document=ReturnDocument.BEFORE,
        )
        if before is None:
            return None
        stored = before["reply_token"]
        received_at = _aware(stored["received_at"])
        if now - received_at > ttl:
            return None
        token = self._keyring.open(Sealed.from_document(stored["sealed"]), context=f"reply_token:{case_id}")
        return ReplyToken(token, received_at)


def _aware(value: datetime) -> datetime:
    # The substitute hands back naive UTC datetimes.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
