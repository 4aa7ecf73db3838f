"""What became of the requests triage made: LINE sends (`deliveries`), partner alerts (`alerts`) and
outreach requests (`outreach_requests`), keyed by the request's own id.

Triage records each request before publishing it (`requested`); the feedback consumer records the
outcome (`delivered`, `failed`, `scheduled`, ...). Writes are upserts, so an outcome that arrives
before its request record (or twice) is still kept once. `failed` is sticky: a supervisor must see
a failure even if a later partner of the same alert succeeded. Ids and codes only, never text.

`retrying` (notifier's `retry_scheduled`) is progress, not an outcome: it is applied only while the
record (or that partner's part of it) is not final and only when newer than what is stored — the
reports are consumed concurrently and may arrive out of order. A LINE send keeps `retrying: true`
and an alert the partners still retrying in `retrying_partners`, so supervisors see both among the
failures (`needs_attention`) while the retries run, for up to about three days.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

COLLECTIONS = {"line": "deliveries", "alert": "alerts", "outreach": "outreach_requests"}
FINAL = ("delivered", "failed", "disabled", "cancelled", "completed", "no_show")
ATTENTION = {
    # A failed reply sent again is followed by its new send, not listed a second time.
    "line": {"$or": [{"failed": True, "superseded_by": None}, {"retrying": True}]},
    "alert": {"$or": [{"failed": True}, {"retrying_partners": {"$type": "string"}}]},
}


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
    ) -> dict[str, Any] | None:
        """Record a report; the record after it (None when a stale `retrying` was ignored)."""
        if status == "retrying":
            return await self._retrying(kind, request_id, at, partner_id, detail)
        update: dict[str, Any] = {"status": status, "updated_at": at}
        change: dict[str, Any] = {}
        if partner_id is not None:
            update[f"partners.{_key(partner_id)}"] = {"status": status, **detail}
            change["$pull"] = {"retrying_partners": _key(partner_id)}
        else:
            update.update(detail, retrying=False)
        if status == "failed":
            update["failed"] = True
        found: dict[str, Any] | None = await self._db[COLLECTIONS[kind]].find_one_and_update(
            {"_id": request_id}, {"$set": update, **change}, upsert=True, return_document=ReturnDocument.AFTER
        )
        return found

    async def _retrying(
        self, kind: str, request_id: str, at: datetime, partner_id: str | None, detail: dict[str, Any]
    ) -> dict[str, Any] | None:
        prefix = f"partners.{_key(partner_id)}." if partner_id else ""
        query: dict[str, Any] = {
            "_id": request_id,
            f"{prefix}status": {"$nin": list(FINAL)},
            f"{prefix}attempts": {"$not": {"$gte": int(detail.get("attempts") or 0)}},
        }
        change: dict[str, Any] = {"$set": {"updated_at": at}}
        if partner_id:
            change["$set"][f"partners.{_key(partner_id)}"] = {"status": "retrying", **detail}
            change["$addToSet"] = {"retrying_partners": _key(partner_id)}
        else:
            change["$set"].update(detail, status="retrying", retrying=True)
        found: dict[str, Any] | None = await self._db[COLLECTIONS[kind]].find_one_and_update(
            query, change, return_document=ReturnDocument.AFTER
        )
        return found

    async def supersede(self, kind: str, request_id: str, by: str) -> None:
        """A failed send that was sent again (`by`: the new request id)."""
        await self._db[COLLECTIONS[kind]].update_one({"_id": request_id}, {"$set": {"superseded_by": by}})

    async def get(self, kind: str, request_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._db[COLLECTIONS[kind]].find_one({"_id": request_id})
        return found

    async def for_case(self, kind: str, case_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._db[COLLECTIONS[kind]].find({"case_id": case_id}).sort("requested_at", 1).to_list(None)
        )
        return found

    async def failures(self, limit: int = 200) -> list[dict[str, Any]]:
        """LINE sends and partner alerts that failed or are still being retried, newest first."""
        found: list[dict[str, Any]] = []
        for kind in ("line", "alert"):
            docs = await self._db[COLLECTIONS[kind]].find(ATTENTION[kind]).to_list(None)
            found.extend({**doc, "kind": kind} for doc in docs)
        found.sort(key=lambda d: str(d.get("updated_at") or d.get("requested_at") or ""), reverse=True)
        return found[:limit]
