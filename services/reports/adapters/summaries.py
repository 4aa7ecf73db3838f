"""`report_years`: one document per fiscal year — the whole report, as the API serves it — and
`report_state`: how far the reports are behind the facts.

Every handled event raises `state.changes`; the summariser records the value it computed from in
`state.summarised`. The API reads one small document per request; it never folds facts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

STATE_ID = "state"


class Summaries:
    def __init__(self, db: Any) -> None:
        self._years = db["report_years"]
        self._state = db["report_state"]

    async def mark_changed(self) -> None:
        await self._state.update_one({"_id": STATE_ID}, {"$inc": {"changes": 1}}, upsert=True)

    async def pending(self) -> int | None:
        """The change count to summarise from, or None when the reports are current."""
        doc = await self._state.find_one({"_id": STATE_ID}) or {}
        changes, done = int(doc.get("changes", 0)), doc.get("summarised")
        return None if done is not None and int(done) >= changes else changes

    async def store(self, reports: dict[int, dict[str, Any]], *, upto: int, at: datetime) -> None:
        for fiscal_year, report in reports.items():
            await self._years.replace_one(
                {"_id": fiscal_year}, {**report, "refreshed_at": at}, upsert=True
            )
        await self._years.delete_many({"_id": {"$nin": list(reports)}})
        await self._state.update_one(
            {"_id": STATE_ID}, {"$max": {"summarised": upto}, "$set": {"refreshed_at": at}}, upsert=True
        )

    async def year(self, fiscal_year: int) -> dict[str, Any] | None:
        doc: dict[str, Any] | None = await self._years.find_one({"_id": fiscal_year}, {"_id": 0})
        return doc

    async def years(self) -> list[int]:
        docs = await self._years.find({}, {"_id": 1}).to_list(None)
        return sorted(int(d["_id"]) for d in docs)

    async def projection_version(self) -> int | None:
        doc = await self._state.find_one({"_id": "projection"}) or {}
        return int(doc["version"]) if "version" in doc else None

    async def set_projection_version(self, version: int) -> None:
        await self._state.update_one({"_id": "projection"}, {"$set": {"version": version}}, upsert=True)

    async def clear(self) -> None:
        await self._years.delete_many({})
        await self._state.delete_many({"_id": STATE_ID})
