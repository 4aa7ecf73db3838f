"""Outreach requests (from `outreach.requested`: her consent recorded) and proposals she declined or
has not decided (`outreach.proposed`), keyed by their own ids.

Every write is an upsert or a conditional update keyed by ids from the events, so a redelivered
event changes nothing twice; a state change and the events it causes are one update (the outbox,
adapters/outbox.py). A request whose case closed first, or whose consent was withdrawn first (the
queue does not promise order), is stored already cancelled: the late request cannot revive it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from services.outreach.adapters.outbox import push
from services.outreach.domain.states import REQUEST_OPEN, REQUEST_SCHEDULABLE
from shared.events import Envelope, OutreachProposed, RequestOutreach
from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("requests", [("case_id", 1)], name="requests_case"),
    IndexSpec("requests", [("status", 1), ("consented_at", 1)], name="requests_status"),
    IndexSpec("requests", [("outbox.at", 1)], name="requests_outbox", options={"sparse": True}),
    IndexSpec("proposals", [("at", 1)], name="proposals_at"),
)


class OutreachRequests:
    def __init__(self, db: Any) -> None:
        self._requests = db["requests"]
        self._proposals = db["proposals"]
        self._closed = db["closed_cases"]

    async def record(self, data: RequestOutreach, at: datetime) -> bool:
        """True when this is the first time the request is seen."""
        fields = data.model_dump(mode="python", exclude={"request_id", "consent_recorded_at"})
        result = await self._requests.update_one(
            {"_id": data.request_id},
            {
                "$setOnInsert": {
                    **fields,
                    "status": "requested",
                    "visit_id": None,
                    "visits": [],
                    "ever_scheduled": False,
                    "completed": False,
                    "cancel": None,
                    "history": [{"at": at, "event": "requested", "by": data.requested_by}],
                },
                "$set": {"consented_at": data.consent_recorded_at, "received_at": at},
            },
            upsert=True,
        )
        return result.upserted_id is not None

    async def record_proposal(self, data: OutreachProposed) -> None:
        await self._proposals.update_one(
            {"_id": data.proposal_id},
            {"$setOnInsert": data.model_dump(mode="python", exclude={"proposal_id"})},
            upsert=True,
        )

    async def tombstone(self, request_id: str, case_id: str, cancel: dict[str, Any]) -> None:
        """A withdrawal that arrived before its request: the request will be stored cancelled."""
        await self._requests.update_one(
            {"_id": request_id},
            {"$setOnInsert": {"case_id": case_id, "status": "cancelled", "cancel": cancel, "visit_id": None}},
            upsert=True,
        )

    async def case_closed(self, case_id: str, at: datetime) -> None:
        await self._closed.update_one({"_id": case_id}, {"$setOnInsert": {"at": at}}, upsert=True)

    async def closed_at(self, case_id: str) -> datetime | None:
        found = await self._closed.find_one({"_id": case_id})
        return found["at"] if found else None

    async def get(self, request_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._requests.find_one({"_id": request_id}, {"outbox": 0})
        return found

    async def apply_if(
        self,
        request_id: str,
        query: dict[str, Any],
        changes: dict[str, Any],
        *,
        history: dict[str, Any] | None = None,
        envelopes: Sequence[Envelope] = (),
        at: datetime,
        extra_push: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """Apply `changes` (a `$set`) if the request still matches `query`; the document after, or None."""
        update: dict[str, Any] = {"$set": changes} if changes else {}
        pushes: dict[str, Any] = dict(extra_push or {})
        if history:
            pushes["history"] = {"at": at, **history}
        if envelopes:
            pushes.update(push(envelopes, at))
        if pushes:
            update["$push"] = pushes
        found: dict[str, Any] | None = await self._requests.find_one_and_update(
            {"_id": request_id, **query}, update, return_document=ReturnDocument.AFTER, projection={"outbox": 0}
        )
        return found

    async def claim(self, request_id: str, visit_id: str, at: datetime) -> dict[str, Any] | None:
        """Take the request for a new visit: only one coordinator's visit can have it."""
        return await self.apply_if(
            request_id, {"status": {"$in": list(REQUEST_SCHEDULABLE)}, "visit_id": None}, {"visit_id": visit_id}, at=at
        )

    async def unclaim(self, request_id: str, visit_id: str) -> None:
        await self._requests.update_one({"_id": request_id, "visit_id": visit_id}, {"$set": {"visit_id": None}})

    async def listing(self, statuses: Sequence[str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._requests.find({"status": {"$in": list(statuses)}}, {"outbox": 0, "history": 0}).to_list(None)
        )
        return found

    async def open_for_case(self, case_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._requests.find({"case_id": case_id, "status": {"$in": list(REQUEST_OPEN)}}).to_list(None)
        )
        return found

    async def for_figures(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(requests, proposals) with the fields the figures read."""
        requests = await self._requests.find(
            {"consented_at": {"$ne": None}}, {"consented_at": 1, "ever_scheduled": 1, "completed": 1}
        ).to_list(None)
        proposals = await self._proposals.find({}, {"at": 1}).to_list(None)
        return requests, proposals
