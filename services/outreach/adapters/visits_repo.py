"""Visits: the plan of each scheduling (its revision), her answer, the check-in and check-out, the
result, and the notes — sealed at rest (ENCRYPTION_KEYS, context `outreach.visit:<id>:<field>`):
`notes` (what happened) and `details` (how to meet: a room, an entrance, her address only for a
home visit). Neither is ever logged or put in an event.

A change and its events are one conditional update on the visit (`apply_if`, with the outbox), so
two coordinators rescheduling at once cannot both win: the update names the revision it replaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from services.outreach.adapters.outbox import push
from services.outreach.domain.states import VISIT_ACTIVE
from shared.crypto import Keyring, Sealed
from shared.events import Envelope
from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("visits", [("starts_at", 1)], name="visits_start"),
    IndexSpec("visits", [("staff_ids", 1), ("occupancy.start", 1)], name="visits_staff"),
    IndexSpec("visits", [("request_id", 1)], name="visits_request"),
    IndexSpec("visits", [("case_id", 1)], name="visits_case"),
    IndexSpec("visits", [("outbox.at", 1)], name="visits_outbox", options={"sparse": True}),
)
SEALED = ("notes", "details")


class Visits:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._visits = db["visits"]
        self._keyring = keyring

    def seal(self, visit_id: str, field: str, text: str | None) -> dict[str, object] | None:
        if not text:
            return None
        return self._keyring.seal(text, context=f"outreach.visit:{visit_id}:{field}").to_document()

    def open(self, doc: dict[str, Any], field: str) -> str | None:
        value = doc.get(field)
        if not value:
            return None
        return self._keyring.open(Sealed.from_document(value), context=f"outreach.visit:{doc['_id']}:{field}")

    async def insert(self, doc: dict[str, Any], envelopes: Sequence[Envelope], at: datetime) -> None:
        await self._visits.insert_one({**doc, "outbox": push(envelopes, at)["outbox"]["$each"]})

    async def get(self, visit_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._visits.find_one({"_id": visit_id}, {"outbox": 0})
        return found

    async def apply_if(
        self,
        visit_id: str,
        query: dict[str, Any],
        changes: dict[str, Any],
        *,
        history: dict[str, Any] | None = None,
        envelopes: Sequence[Envelope] = (),
        at: datetime,
        increment: dict[str, int] | None = None,
    ) -> dict[str, Any] | None:
        update: dict[str, Any] = {"$set": changes}
        pushes: dict[str, Any] = {}
        if history:
            pushes["history"] = {"at": at, **history}
        if envelopes:
            pushes.update(push(envelopes, at))
        if pushes:
            update["$push"] = pushes
        if increment:
            update["$inc"] = increment
        found: dict[str, Any] | None = await self._visits.find_one_and_update(
            {"_id": visit_id, **query}, update, return_document=ReturnDocument.AFTER, projection={"outbox": 0}
        )
        return found

    async def between(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._visits.find(
                {"starts_at": {"$gte": start, "$lt": end}, "committed": True}, {"outbox": 0, "history": 0}
            )
            .sort("starts_at", 1)
            .to_list(None)
        )
        return found

    async def overlapping(self, staff_ids: Sequence[str], start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Active visits of any of these staff whose occupancy overlaps [start, end)."""
        found: list[dict[str, Any]] = await self._visits.find(
            {
                "staff_ids": {"$in": list(staff_ids)},
                "status": {"$in": list(VISIT_ACTIVE)},
                "occupancy.start": {"$lt": end},
                "occupancy.end": {"$gt": start},
            },
            {"outbox": 0, "history": 0, "notes": 0, "details": 0},
        ).to_list(None)
        return found

    async def of_request(self, request_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._visits.find({"request_id": request_id, "committed": True}, {"outbox": 0})
            .sort("starts_at", 1)
            .to_list(None)
        )
        return found

    async def active(self, *, request_id: str | None = None, case_id: str | None = None) -> list[dict[str, Any]]:
        query: dict[str, Any] = {"status": {"$in": list(VISIT_ACTIVE)}, "committed": True}
        if request_id:
            query["request_id"] = request_id
        if case_id:
            query["case_id"] = case_id
        found: list[dict[str, Any]] = await self._visits.find(query, {"outbox": 0}).to_list(None)
        return found

    async def starting_between(self, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Active visits starting in [start, end): the reminder round's candidates."""
        found: list[dict[str, Any]] = await self._visits.find(
            {"status": {"$in": list(VISIT_ACTIVE)}, "committed": True, "starts_at": {"$gte": start, "$lt": end}},
            {"outbox": 0, "history": 0, "notes": 0, "details": 0},
        ).to_list(None)
        return found

    async def ended_before(self, cutoff: datetime) -> list[dict[str, Any]]:
        """Active visits (no result yet) planned to end by `cutoff`: the overdue round's candidates."""
        found: list[dict[str, Any]] = await self._visits.find(
            {"status": {"$in": list(VISIT_ACTIVE)}, "committed": True, "ends_at": {"$lte": cutoff}, "check_out": None},
            {"outbox": 0, "history": 0, "notes": 0, "details": 0},
        ).to_list(None)
        return found

    async def for_figures(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._visits.find(
            {"committed": True}, {"starts_at": 1, "status": 1}
        ).to_list(None)
        return found

    async def uncommitted_before(self, cutoff: datetime) -> list[dict[str, Any]]:
        """Visits a coordinator's call inserted but never committed (its process died), older than cutoff."""
        found: list[dict[str, Any]] = await self._visits.find(
            {"committed": False, "created_at": {"$lt": cutoff}}, {"request_id": 1, "revision": 1}
        ).to_list(None)
        return found

    async def commit(self, visit_id: str) -> None:
        await self._visits.update_one({"_id": visit_id}, {"$set": {"committed": True}})

    async def discard(self, visit_id: str) -> None:
        await self._visits.delete_one({"_id": visit_id, "committed": False})
