"""Applying assignment decisions in MongoDB, safely with several triage processes.

The recipe of domain/assignment.py: reserve a seat with a conditional `$inc` on the counselor, then
claim the case only if it is still waiting with no counselor; if the claim loses, give the seat back.
Single-document updates are atomic, so two processes can never put one case with two counselors or
a counselor over her capacity, with or without transactions. The claim also stores the sealed
`case.assigned` in the case's outbox (`case_outbox.py`) in the same update: the event cannot be
lost between the claim and its publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from services.triage.adapters.seats import SeatLedger
from services.triage.domain.queue_order import MONGO_QUEUE_SORT, WaitingCase
from services.triage.risk.levels import RiskLevel


@dataclass(frozen=True, slots=True)
class Waiting:
    """A case as assignment sees it, with whose case it is (her pseudonym, for `case.assigned`)."""

    case: WaitingCase
    consulter_id: str

    def with_excluded(self, counselor_id: str) -> Waiting:
        return Waiting(self.case.without(counselor_id), self.consulter_id)


class AssignmentStore:
    def __init__(self, db: Any, seats: SeatLedger) -> None:
        self._cases = db["cases"]
        self.seats = seats

    async def waiting(self, limit: int = 200) -> list[Waiting]:
        """Waiting cases in queue order (risk, then waiting time), with her previous counselor."""
        docs = await self._cases.find({"status": "waiting"}).sort(MONGO_QUEUE_SORT).limit(limit).to_list(None)
        return [await self.view(doc) for doc in docs]

    async def view(self, doc: dict[str, Any]) -> Waiting:
        """Any case document as assignment sees it (also an assigned one, to reassign it)."""
        return Waiting(await self._for_assignment(doc), doc["consulter_id"])

    async def _for_assignment(self, doc: dict[str, Any]) -> WaitingCase:
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
        return WaitingCase(
            case_id=doc["_id"],
            risk=RiskLevel(doc["risk_level"]),
            waiting_since=doc["waiting_since"],
            needs=frozenset(doc.get("needs", ())),
            previous_counselor_id=previous,
            excluded=frozenset(doc.get("excluded_counselors", ())),
        )

    async def claim(
        self,
        case_id: str,
        counselor_id: str,
        now: datetime,
        *,
        reason: str,
        missing_skills: frozenset[str] = frozenset(),
        outbox: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """Reserve a seat, then claim the case; the assigned case document, or None if either lost."""
        if not await self.seats.reserve(counselor_id):
            return None
        update: dict[str, Any] = {
            "$set": {
                "status": "assigned",
                "counselor_id": counselor_id,
                "assigned_at": now,
                "assignment_reason": reason,
                "missing_skills": sorted(missing_skills),
            },
            "$inc": {"version": 1},
            **(outbox or {}),
        }
        claimed: dict[str, Any] | None = await self._cases.find_one_and_update(
            {"_id": case_id, "status": "waiting", "counselor_id": None},
            update,
            return_document=ReturnDocument.AFTER,
        )
        if claimed is None:
            await self.seats.release(counselor_id)
        return claimed

    async def unassign(
        self, case_id: str, counselor_id: str, *, exclude: bool = False, unanswered_only: bool = False
    ) -> dict[str, Any] | None:
        """Put an assigned case back in the queue and free the seat; `exclude` keeps her from
        getting it straight back (SLA breach); `unanswered_only` refuses once she has replied."""
        query: dict[str, Any] = {"_id": case_id, "status": "assigned", "counselor_id": counselor_id}
        if unanswered_only:
            query["first_response_at"] = None
        update: dict[str, Any] = {
            "$set": {"status": "waiting", "counselor_id": None, "previous_counselor_id": counselor_id},
            "$inc": {"version": 1},
        }
        if exclude:
            update["$addToSet"] = {"excluded_counselors": counselor_id}
        released: dict[str, Any] | None = await self._cases.find_one_and_update(
            query, update, return_document=ReturnDocument.AFTER
        )
        if released is not None:
            await self.seats.release(counselor_id)
        return released

    async def active_counts(self) -> dict[str, int]:
        cursor = await self._cases.aggregate(
            [{"$match": {"status": "assigned"}}, {"$group": {"_id": "$counselor_id", "n": {"$sum": 1}}}]
        )
        return {row["_id"]: int(row["n"]) async for row in cursor}

    async def transfer(
        self, case_id: str, from_id: str, to_id: str, now: datetime, *, outbox: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Hand an assigned case from one counselor to another: seat first, then the conditional
        switch, then the old seat back; None (seat given back) if she is full or the case moved."""
        if not await self.seats.reserve(to_id):
            return None
        moved: dict[str, Any] | None = await self._cases.find_one_and_update(
            {"_id": case_id, "status": "assigned", "counselor_id": from_id},
            {
                "$set": {
                    "counselor_id": to_id,
                    "previous_counselor_id": from_id,
                    "assigned_at": now,
                    "assignment_reason": "reassigned",
                },
                "$inc": {"version": 1},
                **outbox,
            },
            return_document=ReturnDocument.AFTER,
        )
        if moved is None:
            await self.seats.release(to_id)
            return None
        await self.seats.release(from_id)
        return moved
