"""The `alert_deliveries` collection (one document per alert and partner: the retry schedule) and
`alert_attempts` (every HTTP attempt: the delivery log supervisors read).

The schedule lives here, not in memory, so a restart resumes it. Claiming is one atomic
`find_one_and_update` that sets a lease: two notifiers never send the same due delivery at once, and
a notifier that dies mid-attempt leaves a lease that simply expires. Updates after an attempt are
conditional on still holding the lease.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from shared.mongo import IndexSpec

DELIVERIES, ATTEMPTS = "alert_deliveries", "alert_attempts"
FINAL = ("delivered", "failed", "disabled")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
INDEXES = (
    # (alert, partner) is unique through `_id` = delivery_id(alert, partner); this index serves lookups.
    IndexSpec(DELIVERIES, [("alert_id", 1), ("partner_id", 1)]),
    IndexSpec(DELIVERIES, [("status", 1), ("next_attempt_at", 1)]),
    IndexSpec(DELIVERIES, [("published", 1), ("status", 1)]),
    IndexSpec(ATTEMPTS, [("partner_id", 1), ("at", -1)]),
    IndexSpec(ATTEMPTS, [("alert_id", 1)]),
)


def delivery_id(alert_id: str, partner_id: str) -> str:
    return f"{partner_id}:{alert_id}"  # partner ids have no ':', so the pair is unambiguous


class AlertStore:
    def __init__(self, db: Any) -> None:
        self._deliveries, self._attempts = db[DELIVERIES], db[ATTEMPTS]

    async def add_pending(self, doc: dict[str, Any], now: datetime) -> dict[str, Any] | None:
        """Schedule a first, immediate attempt; None when this (alert, partner) already exists."""
        new = {
            **doc,
            "_id": delivery_id(doc["alert_id"], doc["partner_id"]),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "lease_until": EPOCH,
            "lease_owner": None,
            "published": False,
            "created_at": now,
            "updated_at": now,
        }
        try:
            await self._deliveries.insert_one(dict(new))  # a copy: the driver adds fields to what it inserts
        except DuplicateKeyError:
            return None
        return new

    async def add_final(self, doc: dict[str, Any], now: datetime) -> None:
        """Record an alert that failed before any attempt (no partner), so it is reported and shown."""
        await self._deliveries.update_one(
            {"_id": delivery_id(doc["alert_id"], doc.get("partner_id") or "-")},
            {
                "$setOnInsert": {
                    **doc,
                    "published": False,
                    "lease_until": EPOCH,
                    "attempts": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            },
            upsert=True,
        )

    async def claim_due(
        self, now: datetime, lease_s: float, owner: str, skip: list[str]
    ) -> dict[str, Any] | None:
        query: dict[str, Any] = {
            "status": "pending",
            "next_attempt_at": {"$lte": now},
            "lease_until": {"$lte": now},
        }
        if skip:
            query["partner_id"] = {"$nin": skip}
        return await self._claim(query, now, lease_s, owner)

    async def claim(
        self, doc: dict[str, Any], now: datetime, lease_s: float, owner: str
    ) -> dict[str, Any] | None:
        """Claim a delivery this notifier just scheduled, by id (cheaper than a search for due ones)."""
        lease_until = now + timedelta(seconds=lease_s)
        result = await self._deliveries.update_one(
            {
                "_id": doc["_id"],
                "status": "pending",
                "next_attempt_at": {"$lte": now},
                "lease_until": {"$lte": now},
            },
            {"$set": {"lease_until": lease_until, "lease_owner": owner}},
        )
        return {**doc, "lease_until": lease_until, "lease_owner": owner} if result.modified_count else None

    async def claim_unpublished(self, now: datetime, lease_s: float, owner: str) -> dict[str, Any] | None:
        """A finished delivery whose result event is not confirmed yet (an outbox, in effect)."""
        query = {"published": False, "status": {"$in": list(FINAL)}, "lease_until": {"$lte": now}}
        return await self._claim(query, now, lease_s, owner)

    async def _claim(
        self, query: dict[str, Any], now: datetime, lease_s: float, owner: str
    ) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._deliveries.find_one_and_update(
            query,
            {"$set": {"lease_until": now + timedelta(seconds=lease_s), "lease_owner": owner}},
            sort=[("next_attempt_at", 1)],
            return_document=ReturnDocument.AFTER,
        )
        return doc

    async def next_due_at(self) -> datetime | None:
        doc = await self._deliveries.find_one(
            {"status": "pending"}, {"next_attempt_at": 1}, sort=[("next_attempt_at", 1)]
        )
        return doc["next_attempt_at"] if doc else None

    async def settle(
        self, doc_id: str, owner: str, changes: dict[str, Any], now: datetime, *, release: bool = True
    ) -> bool:
        """Apply the outcome of an attempt (and release the lease), if this notifier still holds it."""
        lease = {"lease_until": EPOCH, "lease_owner": None} if release else {}
        result = await self._deliveries.update_one(
            {"_id": doc_id, "lease_owner": owner}, {"$set": {**changes, **lease, "updated_at": now}}
        )
        return bool(result.modified_count)

    async def mark_published(self, doc_id: str) -> None:
        await self._deliveries.update_one(
            {"_id": doc_id}, {"$set": {"published": True, "lease_until": EPOCH, "lease_owner": None}}
        )

    async def log_attempt(self, entry: dict[str, Any]) -> None:
        await self._attempts.insert_one(entry)

    async def attempts_of_partner(self, partner_id: str, limit: int = 200) -> list[dict[str, Any]]:
        cursor = self._attempts.find({"partner_id": partner_id}, {"_id": 0}).sort("at", -1).limit(limit)
        return [doc async for doc in cursor]

    async def failures(self, limit: int = 200) -> list[dict[str, Any]]:
        """Final failures, newest first (what supervisors must see)."""
        cursor = (
            self._deliveries.find(
                {"status": {"$in": ["failed", "disabled"]}},
                {"payload": 0, "lease_until": 0, "lease_owner": 0},
            )
            .sort("updated_at", -1)
            .limit(limit)
        )
        return [doc async for doc in cursor]

    async def get(self, doc_id: str) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._deliveries.find_one({"_id": doc_id})
        return doc
