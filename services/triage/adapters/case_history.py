"""Reading cases for the console beyond the open queue: closed cases (history and search), a
consulter's earlier cases (the hand-off summary), and a case's state for the live stream (read
once by the process announcing a change, or remembered from the write that made it).

Search is by what a case *is* — reference, closing date, level, outcome — never by what was
written: message text is sealed and a counselor may not search other counselors' conversations.
Each query is served by an index (`adapters/indexes.py`: `closed_cases`, `consulter_closed`,
`counselor_cases`, `_id`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.triage.domain.live import CaseState

SUMMARY_FIELDS = {
    "_id": 1, "status": 1, "risk_level": 1, "opened_at": 1, "closed_at": 1, "outcome": 1,
    "counselor_id": 1, "needs": 1, "last_message_at": 1,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClosedFilter:
    """`ref`: the start of a case reference (as shown, 8 characters or more); dates are UTC bounds."""

    ref: str | None = None
    closed_from: datetime | None = None
    closed_before: datetime | None = None
    level: str | None = None
    outcome: str | None = None
    counselor_id: str | None = None  # a counselor's own cases only


class CaseHistory:
    def __init__(self, db: Any) -> None:
        self._cases = db["cases"]
        # A case's state as this process's own write just returned it (adapters/case_after_message.py),
        # taken by the next live notice of that case instead of a read.
        self._known: dict[str, CaseState] = {}

    def remember(self, case_id: str, state: CaseState) -> None:
        if len(self._known) > 4096:  # notices that never came (a failed publish): forget them all
            self._known.clear()
        self._known[case_id] = state

    async def live_state(self, case_id: str) -> CaseState | None:
        known = self._known.pop(case_id, None)
        if known is not None:
            return known
        doc = await self._cases.find_one(
            {"_id": case_id}, {"status": 1, "risk_level": 1, "counselor_id": 1}
        )
        if doc is None:
            return None
        return CaseState(str(doc["status"]), str(doc["risk_level"]), doc.get("counselor_id"))

    async def closed(self, wanted: ClosedFilter, limit: int = 100) -> list[dict[str, Any]]:
        """Closed cases matching `wanted`, most recently closed first."""
        query: dict[str, Any] = {"status": "closed"}
        if wanted.counselor_id is not None:
            query["counselor_id"] = wanted.counselor_id
        if wanted.ref:
            query["_id"] = {"$regex": f"^{re.escape(wanted.ref)}"}
        span = {
            k: v for k, v in (("$gte", wanted.closed_from), ("$lt", wanted.closed_before)) if v is not None
        }
        if span:
            query["closed_at"] = span
        if wanted.level:
            query["risk_level"] = wanted.level
        if wanted.outcome:
            query["outcome"] = wanted.outcome
        found: list[dict[str, Any]] = (
            await self._cases.find(query, SUMMARY_FIELDS).sort("closed_at", -1).limit(limit).to_list(None)
        )
        return found

    async def earlier_of(self, consulter_id: str, case_id: str, limit: int = 5) -> list[dict[str, Any]]:
        """Her other closed cases, latest first (the hand-off summary)."""
        found: list[dict[str, Any]] = (
            await self._cases.find(
                {"consulter_id": consulter_id, "closed_at": {"$ne": None}, "_id": {"$ne": case_id}},
                SUMMARY_FIELDS,
            )
            .sort("closed_at", -1)
            .limit(limit)
            .to_list(None)
        )
        return found
