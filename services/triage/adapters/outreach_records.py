"""Triage's side of outreach: the appointment messages it sent her for outreach (`appointments`,
keyed by the reference her quick replies carry, `<visit>.<revision>`), her answers to them, and
the proposals a counselor made (`outreach_requests` by `by`), newest first. Ids, codes and times
only: the texts sent are in her conversation, sealed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("appointments", [("case_id", 1), ("sent_at", 1)], name="appointments_case"),
    IndexSpec("outreach_requests", [("by", 1), ("requested_at", -1)], name="outreach_by"),
)


def appointment_ref(visit_id: str, revision: int) -> str:
    return f"{visit_id}.{revision}"


class OutreachRecords:
    def __init__(self, db: Any) -> None:
        self._appointments = db["appointments"]
        self._requests = db["outreach_requests"]

    async def sent(
        self,
        *,
        ref: str,
        visit_id: str,
        revision: int,
        request_id: str,
        case_id: str,
        consulter_id: str,
        kind: str,
        line_request_id: str,
        at: datetime,
    ) -> None:
        """One appointment message sent (idempotent: a redelivery adds nothing)."""
        await self._appointments.update_one(
            {"_id": ref},
            {
                "$setOnInsert": {
                    "visit_id": visit_id,
                    "revision": revision,
                    "request_id": request_id,
                    "case_id": case_id,
                    "consulter_id": consulter_id,
                    "answer": None,
                    "sent_at": at,
                },
                "$addToSet": {"messages": {"kind": kind, "request_id": line_request_id, "at": at}},
            },
            upsert=True,
        )

    async def get(self, ref: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._appointments.find_one({"_id": ref})
        return found

    async def answered(self, ref: str, answer: str, at: datetime) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._appointments.find_one_and_update(
            {"_id": ref},
            {"$set": {"answer": answer, "answered_at": at}},
            return_document=ReturnDocument.AFTER,
        )
        return found

    async def for_case(self, case_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._appointments.find({"case_id": case_id}).sort("sent_at", 1).to_list(None)
        )
        return found

    async def proposals_of(self, counselor_id: str, limit: int = 50) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._requests.find({"by": counselor_id}).sort("requested_at", -1).limit(limit).to_list(None)
        )
        return found
