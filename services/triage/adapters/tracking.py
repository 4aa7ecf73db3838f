"""What became of the requests triage made: LINE sends (`deliveries`), partner alerts (`alerts`) and
outreach requests (`outreach_requests`), keyed by the request's own id.

Triage records each request before publishing it (`requested`); the feedback consumer records the
outcome (`delivered`, `failed`, `scheduled`, ...). Writes are upserts, so an outcome that arrives
before its request record (or twice) is still kept once. `failed` is sticky: a supervisor must see
a failure even if a later partner of the same alert succeeded. Ids and codes only, never text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

COLLECTIONS = {"line": "deliveries", "alert": "alerts", "outreach": "outreach_requests"}


def _key(value: str) -> str:
    # Partner ids become field names: no dots or dollars there.
    return value.replace(".", "_").replace("$", "_")


class Tracking:
    def __init__(self, db: Any) -> None:
        self._db = db

    async def requested(self, kind: str, request_id: str, at: datetime, **fields: Any) -> None:
        await self._db[COLLECTIONS[kind]].update_one(
            {"_id": request_id},
            {"$setOnInsert": {"status": "requested", "failed": False, "requested_at": at, **fields}},
            upsert=True,
        )

    async def outcome(
        self,
        kind: str,
        request_id: str,
        status: str,
        at: datetime,
        *,
        partner_id: str | None = None,
        **detail: Any,
    ) -> None:
        update: dict[str, Any] = {"status": status, "updated_at": at}
        if partner_id is not None:
            update[f"partners.{_key(partner_id)}"] = {"status": status, **detail}
        else:
            update.update(detail)
        if status == "failed":
            update["failed"] = True
        await self._db[COLLECTIONS[kind]].update_one({"_id": request_id}, {"$set": update}, upsert=True)

    async def for_case(self, kind: str, case_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._db[COLLECTIONS[kind]].find({"case_id": case_id}).sort("requested_at", 1).to_list(None)
        )
        return found

    async def failures(self, limit: int = 200) -> list[dict[str, Any]]:
        """Failed LINE sends and partner alerts, newest first (supervisors' console)."""
        found: list[dict[str, Any]] = []
        for kind in ("line", "alert"):
            docs = await self._db[COLLECTIONS[kind]].find({"failed": True}).to_list(None)
            found.extend({**doc, "kind": kind} for doc in docs)
        found.sort(key=lambda d: str(d.get("updated_at") or d.get("requested_at") or ""), reverse=True)
        return found[:limit]
