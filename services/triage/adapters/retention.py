"""Retention (DESIGN §5): the message bodies, notes, reply tokens and postback answers of a case
that closed long enough ago are purged; what the figures and the audit need is kept (kinds, times,
levels and rule ids, who did what — never content). Each run leaves a record for supervisors.

A case is claimed for purging by a conditional update (`purged_at` still unset), so several triage
processes never purge one twice; a crash mid-way leaves `purged_at` set and `purge_done` false, and
the next run finishes it (every step is idempotent).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from services.triage.adapters.messages import SEALED_FIELDS
from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("cases", [("purged_at", 1), ("closed_at", 1)], name="retention_due"),
    IndexSpec("cases", [("purge_done", 1), ("purged_at", 1)], name="retention_unfinished"),
    IndexSpec("retention_runs", [("started_at", -1)], name="retention_runs_recent"),
)


@dataclass(frozen=True, slots=True)
class Purged:
    cases: int = 0
    messages: int = 0
    notes: int = 0
    postbacks: int = 0

    def __add__(self, other: Purged) -> Purged:
        return Purged(
            self.cases + other.cases,
            self.messages + other.messages,
            self.notes + other.notes,
            self.postbacks + other.postbacks,
        )


class RetentionStore:
    def __init__(self, db: Any) -> None:
        self._cases = db["cases"]
        self._messages = db["messages"]
        self._notes = db["notes"]
        self._line_events = db["line_events"]
        self._runs = db["retention_runs"]

    async def due(self, cutoff: datetime, limit: int) -> list[str]:
        """Closed before `cutoff`, not purged yet; plus any purge a crash left unfinished."""
        closed = (
            await self._cases.find(
                {"purged_at": None, "open": False, "closed_at": {"$lt": cutoff}}, {"_id": 1}
            )
            .limit(limit)
            .to_list(None)
        )
        unfinished = (
            await self._cases.find({"purge_done": False, "purged_at": {"$ne": None}}, {"_id": 1})
            .limit(limit)
            .to_list(None)
        )
        return list(dict.fromkeys(str(d["_id"]) for d in [*unfinished, *closed]))

    async def purge(self, case_id: str, cutoff: datetime, at: datetime) -> Purged | None:
        """Purge one case; None when it reopened or another process finished it meanwhile."""
        claimed = await self._cases.find_one_and_update(
            {
                "_id": case_id,
                "open": False,
                "$or": [{"purged_at": None, "closed_at": {"$lt": cutoff}}, {"purge_done": False}],
            },
            {"$set": {"purged_at": at, "purge_done": False, "reply_token": None}},
        )
        if claimed is None:
            return None
        messages = await self._messages.update_many(
            {"case_id": case_id, "purged": {"$ne": True}},
            {"$set": {**dict.fromkeys(SEALED_FIELDS), "purged": True, "purged_at": at}},
        )
        notes = await self._notes.update_many(
            {"case_id": case_id, "purged": {"$ne": True}},
            {"$set": {"text": None, "purged": True, "purged_at": at}},
        )
        postbacks = await self._line_events.update_many(
            {"case_id": case_id, "postback": {"$ne": None}}, {"$set": {"postback": None}}
        )
        await self._cases.update_one({"_id": case_id}, {"$set": {"purge_done": True}})
        return Purged(1, messages.modified_count, notes.modified_count, postbacks.modified_count)

    async def purge_old_postbacks(self, cutoff: datetime) -> int:
        """Quick-reply answers belong to no case: purge those received before `cutoff`."""
        result = await self._line_events.update_many(
            {"received_at": {"$lt": cutoff}, "postback": {"$ne": None}}, {"$set": {"postback": None}}
        )
        return int(result.modified_count)

    async def record_run(
        self, started_at: datetime, finished_at: datetime, cutoff: datetime, purged: Purged
    ) -> str:
        run_id = str(uuid.uuid4())
        await self._runs.insert_one(
            {
                "_id": run_id,
                "started_at": started_at,
                "finished_at": finished_at,
                "cutoff": cutoff,
                **asdict(purged),
            }
        )
        return run_id

    async def runs(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest purge runs, newest first (counts only)."""
        found: list[dict[str, Any]] = (
            await self._runs.find({}).sort("started_at", -1).limit(limit).to_list(None)
        )
        return found
