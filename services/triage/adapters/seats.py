"""Counselor seats in the `staff` collection: who can take a case now, and the seat ledger.

Each case-taking staff document keeps `free_seats` (capacity − assigned cases), `active_count` and
`seat_version` (+1 on every change). A seat is taken with a conditional `$inc` (`free_seats > 0`), so
two triage processes can never put a counselor over capacity (recipe: domain/assignment.py).

Reconciliation repairs a seat leaked by a crash between "reserve" and "claim". Counting assigned
cases races with claims in flight (a seat reserved, its case not yet claimed), so a count lower than
the ledger is applied only when `seat_version` has not moved for a whole round: nobody was
mid-assignment for that counselor. A count higher than the ledger (fewer free seats) is applied at
once. Every write is conditional on the `seat_version` it read.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from services.triage.domain.assignment import CounselorLoad
from services.triage.domain.roster import DatedSlot, Shift, WeeklySlot, on_shift


def shift_from_doc(doc: dict[str, Any]) -> Shift:
    """The inverse of `staff._shift_doc` (ISO strings back to times and dates)."""
    start, end = time.fromisoformat(doc["start"]), time.fromisoformat(doc["end"])
    if "day" in doc:
        return DatedSlot(date.fromisoformat(doc["day"]), start, end)
    return WeeklySlot(int(doc["weekday"]), start, end)


def load_of(doc: dict[str, Any], now: datetime) -> CounselorLoad:
    shifts = [shift_from_doc(s) for s in doc.get("shifts", ())]
    capacity = int(doc.get("capacity", 0))
    return CounselorLoad(
        id=doc["_id"],
        skills=frozenset(doc.get("skills", ())),
        capacity=capacity,
        # From the ledger: a seat reserved by another process counts before its case is claimed.
        active_case_count=capacity - int(doc.get("free_seats", 0)),
        on_shift=on_shift(shifts, now),
    )


class SeatLedger:
    def __init__(self, db: Any) -> None:
        self._staff = db["staff"]
        self._seen_versions: dict[str, int] = {}

    async def loads(self, now: datetime) -> list[CounselorLoad]:
        docs = await self._staff.find(
            {"active": True, "role": {"$in": ["counselor", "supervisor"]}, "capacity": {"$gt": 0}}
        ).to_list(None)
        return [load_of(doc, now) for doc in docs]

    async def reserve(self, counselor_id: str) -> bool:
        result = await self._staff.update_one(
            {"_id": counselor_id, "active": True, "free_seats": {"$gt": 0}},
            {"$inc": {"free_seats": -1, "active_count": 1, "seat_version": 1}},
        )
        return bool(result.modified_count == 1)

    async def release(self, counselor_id: str) -> None:
        await self._staff.update_one(
            {"_id": counselor_id, "active_count": {"$gt": 0}},
            {"$inc": {"free_seats": 1, "active_count": -1, "seat_version": 1}},
        )

    async def get(self, counselor_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._staff.find_one({"_id": counselor_id})
        return found

    async def reconcile(self, active_counts: dict[str, int]) -> list[str]:
        """Bring each ledger to the true count of assigned cases; returns the ids corrected."""
        corrected = []
        async for doc in self._staff.find(
            {}, {"capacity": 1, "active_count": 1, "free_seats": 1, "seat_version": 1}
        ):
            cid, version = doc["_id"], int(doc.get("seat_version", 0))
            ledger, actual = int(doc.get("active_count", 0)), active_counts.get(doc["_id"], 0)
            free = max(0, int(doc.get("capacity", 0)) - actual)
            stable = self._seen_versions.get(cid) == version
            self._seen_versions[cid] = version
            if (ledger, int(doc.get("free_seats", 0))) == (actual, free) or (actual < ledger and not stable):
                continue
            result = await self._staff.update_one(
                {"_id": cid, "seat_version": version},
                {"$set": {"active_count": actual, "free_seats": free}, "$inc": {"seat_version": 1}},
            )
            if result.modified_count == 1:
                corrected.append(cid)
        return corrected
