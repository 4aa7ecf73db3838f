"""What the coordinator must look at now, shown on every outreach page until acknowledged: a
check-out overdue after a visit (staff safety), her asking for another time or cancelling by quick
reply. One alert per cause (`_id` = kind, visit and revision), so a repeated round or event adds
nothing; its partner alert (an overdue check-out, if configured) waits in its outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from services.outreach.adapters.outbox import push
from shared.events import Envelope
from shared.mongo import IndexSpec

INDEXES = (IndexSpec("alerts", [("acknowledged_at", 1), ("at", -1)], name="alerts_open"),)


class CoordinatorAlerts:
    def __init__(self, db: Any) -> None:
        self._alerts = db["alerts"]

    async def raise_once(
        self, alert_id: str, *, kind: str, at: datetime, envelopes: Sequence[Envelope] = (), **codes: Any
    ) -> bool:
        """True when the alert is new."""
        insert: dict[str, Any] = {"kind": kind, "at": at, "acknowledged_at": None, **codes}
        if envelopes:
            insert["outbox"] = push(envelopes, at)["outbox"]["$each"]
        result = await self._alerts.update_one({"_id": alert_id}, {"$setOnInsert": insert}, upsert=True)
        return result.upserted_id is not None

    async def open(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._alerts.find({"acknowledged_at": None}, {"outbox": 0}).sort("at", -1).to_list(None)
        )
        return found

    async def acknowledge(self, alert_id: str, by: str, at: datetime) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._alerts.find_one_and_update(
            {"_id": alert_id, "acknowledged_at": None},
            {"$set": {"acknowledged_at": at, "acknowledged_by": by}},
            return_document=ReturnDocument.AFTER,
            projection={"outbox": 0},
        )
        return found
