"""Per-staff, per-slot reservations: the guarantee that nobody is ever double-booked.

One document per (staff member, 15-minute slot) a visit occupies, `_id` = `<staff>|<slot>`
(domain/slots.py). MongoDB's `_id` is unique on every server and on the substitute, so of two
visits wanting the same slot exactly one insert succeeds, whichever coordinator or replica sent it,
with no transaction and no lock. A visit inserts its keys in one global order (ordered
`insert_many`); at the first key someone else holds it removes what it inserted and is refused.
A reschedule keeps the slots its own earlier revision holds (a conditional update moves them to the
new revision) and releases the rest once the new plan is stored.

A reservation outlives its visit only if a process died between reserving and storing the visit:
`sweep_orphans` removes those whose visit does not hold them, once they are older than a grace time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.errors import BulkWriteError, DuplicateKeyError

DUPLICATE_KEY = 11000


@dataclass(frozen=True, slots=True)
class Hold:
    """What one `reserve` call holds: to undo exactly that if the plan cannot be stored."""

    visit_id: str
    revision: int
    taken: tuple[str, ...]  # inserted by this call
    moved: tuple[tuple[str, int], ...]  # held by an earlier revision of the visit, moved to this one


@dataclass(frozen=True, slots=True)
class Clash:
    staff_id: str
    visit_id: str | None  # the holder (None: released meanwhile)


class Reservations:
    def __init__(self, db: Any) -> None:
        self._col = db["reservations"]

    async def reserve(
        self, visit_id: str, revision: int, keys: Sequence[tuple[str, str, datetime]], at: datetime
    ) -> Hold | Clash:
        """Hold every key for (visit, revision), or none of them and the first clash."""
        docs: list[dict[str, Any]] = [
            {"_id": key, "staff_id": staff, "slot": slot, "visit_id": visit_id, "revision": revision, "at": at}
            for key, staff, slot in keys
        ]
        taken: list[str] = []  # inserted by this call
        moved: list[tuple[str, int]] = []  # held by an earlier revision of this visit, moved to this one
        start = 0
        while start < len(docs):
            try:
                if docs[start:]:
                    await self._col.insert_many(docs[start:], ordered=True)
                taken += [d["_id"] for d in docs[start:]]
                return Hold(visit_id, revision, tuple(taken), tuple(moved))
            except BulkWriteError as exc:
                errors = exc.details.get("writeErrors") or [{}]
                failed = start + int(errors[0].get("index", 0))
                if errors[0].get("code") != DUPLICATE_KEY:
                    taken += [d["_id"] for d in docs[start:failed]]
                    await self.undo(Hold(visit_id, revision, tuple(taken), tuple(moved)))
                    raise
            except DuplicateKeyError:  # a driver may report a single document's refusal this way
                failed = start
            taken += [d["_id"] for d in docs[start:failed]]
            key = docs[failed]["_id"]
            earlier = await self._col.find_one_and_update(
                {"_id": key, "visit_id": visit_id, "revision": {"$lt": revision}},
                {"$set": {"revision": revision, "at": at}},
            )
            if earlier is None:
                holder = await self._col.find_one({"_id": key}, {"visit_id": 1})
                await self.undo(Hold(visit_id, revision, tuple(taken), tuple(moved)))
                return Clash(docs[failed]["staff_id"], holder.get("visit_id") if holder else None)
            moved.append((key, int(earlier["revision"])))
            start = failed + 1
        return Hold(visit_id, revision, tuple(taken), tuple(moved))

    async def undo(self, hold: Hold) -> None:
        """Give back what `hold` took: delete what it inserted, return what it moved."""
        if hold.taken:
            await self._col.delete_many(
                {"_id": {"$in": list(hold.taken)}, "visit_id": hold.visit_id, "revision": hold.revision}
            )
        for key, previous in hold.moved:
            await self._col.update_one(
                {"_id": key, "visit_id": hold.visit_id, "revision": hold.revision}, {"$set": {"revision": previous}}
            )

    async def release(self, visit_id: str, *, below: int | None = None) -> int:
        """Free the visit's slots (`below`: only those of revisions before it, after a reschedule)."""
        query: dict[str, Any] = {"visit_id": visit_id}
        if below is not None:
            query["revision"] = {"$lt": below}
        result = await self._col.delete_many(query)
        return int(result.deleted_count)

    async def held_by(self, visit_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._col.find({"visit_id": visit_id}).to_list(None)
        return found

    async def all(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._col.find({}).to_list(None)
        return found

    async def older_than(self, cutoff: datetime, limit: int = 500) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._col.find({"at": {"$lt": cutoff}}, {"visit_id": 1, "revision": 1}).limit(limit).to_list(None)
        )
        return found

    async def drop(self, key: str, visit_id: str, revision: int) -> None:
        await self._col.delete_one({"_id": key, "visit_id": visit_id, "revision": revision})
