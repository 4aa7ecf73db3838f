"""The `deliveries` collection: one record per outbound LINE request, keyed by its `request_id`.

It makes handling idempotent (a request already delivered or failed is not sent again; its result
event is published again with the same id) and answers "did she get it?" without holding anything
personal: the consulter's pseudonym, never her LINE id, never the text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from shared.events import SendLineMessage
from shared.mongo import IndexSpec

COLLECTION = "deliveries"
INDEXES = (IndexSpec(COLLECTION, [("status", 1), ("updated_at", -1)]),)


class LineDeliveries:
    def __init__(self, db: Any) -> None:
        self._col = db[COLLECTION]

    async def begin(self, request: SendLineMessage, now: datetime) -> dict[str, Any]:
        """The record of `request`, created pending if it is new (`_id` = request_id: unique)."""
        fresh = {
            "consulter_id": request.consulter_id,
            "case_id": request.case_id,
            "purpose": request.purpose,
            "status": "pending",
            "method": None,
            "attempts": 0,
            "reply_refused": False,
            "created_at": now,
            "updated_at": now,
        }
        # An upsert by _id, then a read only when the record already existed (a redelivery): the
        # common case costs one indexed write.
        result = await self._col.update_one({"_id": request.request_id}, {"$setOnInsert": fresh}, upsert=True)
        if result.upserted_id is not None:
            return {"_id": request.request_id, **fresh}
        doc: dict[str, Any] = await self._col.find_one({"_id": request.request_id})
        return doc

    async def progress(
        self, request_id: str, *, attempts: int, reply_refused: bool, last_status: int | None, now: datetime
    ) -> None:
        """Attempts so far, kept across redeliveries (they bound the total)."""
        await self._col.update_one(
            {"_id": request_id, "status": "pending"},
            {
                "$set": {
                    "attempts": attempts,
                    "reply_refused": reply_refused,
                    "last_status": last_status,
                    "updated_at": now,
                }
            },
        )

    async def finish(self, request_id: str, *, status: str, now: datetime, **fields: Any) -> dict[str, Any]:
        """Mark the request delivered or failed (once: a finished record is never changed again)."""
        doc: dict[str, Any] | None = await self._col.find_one_and_update(
            {"_id": request_id, "status": "pending"},
            {"$set": {"status": status, "finished_at": now, "updated_at": now, **fields}},
            return_document=ReturnDocument.AFTER,
        )
        if doc is None:  # finished meanwhile by another handling: report what that one recorded
            doc = await self._col.find_one({"_id": request_id})
        assert doc is not None
        return doc
