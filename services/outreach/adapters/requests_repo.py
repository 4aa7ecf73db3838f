"""Outreach requests as recorded from `outreach.requested` (scheduling comes with its own issue)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shared.events import RequestOutreach
from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("requests", [("case_id", 1)]),
    IndexSpec("requests", [("status", 1), ("received_at", 1)]),
)


class OutreachRequests:
    def __init__(self, db: Any) -> None:
        self._requests = db["requests"]

    async def record(self, request: RequestOutreach) -> None:
        """Idempotent: the request id is the document id."""
        await self._requests.update_one(
            {"_id": request.request_id},
            {
                "$setOnInsert": {
                    **request.model_dump(mode="python", exclude={"request_id"}),
                    "status": "requested",
                    "received_at": datetime.now(UTC),
                }
            },
            upsert=True,
        )

    async def close_for_case(self, case_id: str) -> int:
        """A closed case cancels its requests that were not yet scheduled."""
        result = await self._requests.update_many(
            {"case_id": case_id, "status": "requested"},
            {"$set": {"status": "cancelled", "cancel_reason": "case_closed"}},
        )
        return int(result.modified_count)

    async def list_open(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._requests.find({"status": "requested"}).sort("received_at", 1).to_list(None)
        )
        return found
