"""Applying assignment decisions in MongoDB, safely with several triage processes.

The recipe of domain/assignment.py: reserve a seat with a conditional `$inc` on the counselor, then
claim the case only if it is still waiting with no counselor; if the claim loses, give the seat back.
Single-document updates are atomic, so two processes can never put one case with two counselors or
a counselor over her capacity, with or without transactions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from services.triage.adapters.staff import StaffDirectory
from services.triage.domain.assignment import CaseForAssignment, Decision
from services.triage.domain.queue_order import MONGO_QUEUE_SORT
from services.triage.risk.levels import RiskLevel


class AssignmentStore:
    def __init__(self, db: Any, staff: StaffDirectory) -> None:
        self._cases = db["cases"]
        self._staff = staff

    async def waiting(self, limit: int = 200) -> list[CaseForAssignment]:
        """Waiting cases in queue order (risk, then waiting time), with her previous counselor."""
        docs = await self._cases.find({"status": "waiting"}).sort(MONGO_QUEUE_SORT).limit(limit).to_list(None)
        return [await self._for_assignment(doc) for doc in docs]

    async def _for_assignment(self, doc: dict[str, Any]) -> CaseForAssignment:
        previous = doc.get("previous_counselor_id")
        if previous is None:
            # A new case of a returning consulter: continuity with whoever had her last case.
            last = await self._cases.find_one(
                {
                    "consulter_id": doc["consulter_id"],
                    "_id": {"$ne": doc["_id"]},
                    "counselor_id": {"$ne": None},
                },
                sort=[("opened_at", -1)],
            )
            previous = last["counselor_id"] if last else None
        return CaseForAssignment(
            case_id=doc["_id"],
            risk=RiskLevel(doc["risk_level"]),
            waiting_since=doc["waiting_since"],
            needs=frozenset(doc.get("needs", ())),
            previous_counselor_id=previous,
        )

    async def claim(self, case_id: str, decision: Decision, now: datetime) -> dict[str, Any] | None:
        """Reserve a seat, then claim the case; the assigned case document, or None if either lost."""
        if not await self._staff.reserve_seat(decision.counselor_id):
            return None
        claimed: dict[str, Any] | None = await self._cases.find_one_and_update(
            {"_id": case_id, "status": "waiting", "counselor_id": None},
            {
                "$set": {
                    "status": "assigned",
                    "counselor_id": decision.counselor_id,
                    "assigned_at": now,
                    "assignment_reason": decision.reason,
                    "missing_skills": sorted(decision.missing_skills),
                },
                "$inc": {"version": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        if claimed is None:
            await self._staff.release_seat(decision.counselor_id)
        return claimed

    async def unassign(self, case_id: str, counselor_id: str, now: datetime) -> dict[str, Any] | None:
        """Put an assigned case back in the queue (SLA breach, reassignment) and free the seat."""
        released: dict[str, Any] | None = await self._cases.find_one_and_update(
            {"_id": case_id, "status": "assigned", "counselor_id": counselor_id},
            {
                "$set": {"status": "waiting", "counselor_id": None, "previous_counselor_id": counselor_id},
                "$inc": {"version": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        if released is not None:
            await self._staff.release_seat(counselor_id)
        return released

    async def active_counts(self) -> dict[str, int]:
        cursor = await self._cases.aggregate(
            [{"$match": {"status": "assigned"}}, {"$group": {"_id": "$counselor_id", "n": {"$sum": 1}}}]
        )
        return {row["_id"]: int(row["n"]) async for row in cursor}
