"""`cases`: one document per case (schema in docs/triage.md), changed only by conditional
single-document updates so that several triage processes stay correct without transactions.

- opening relies on the unique partial index `one_open_case_per_consulter`;
- every other change is guarded by `version` (optimistic concurrency): read, decide, then
  `update_one({_id, version})`; a lost race re-reads and decides again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.triage.domain.cases import (
    CaseStatus,
    CaseView,
    RiskSetBy,
    new_case_document,
    next_case_level,
    reopen_changes,
)
from services.triage.domain.needs import merge_needs
from services.triage.domain.queue_order import MONGO_QUEUE_SORT, WaitingCase
from services.triage.risk.levels import RiskLevel

MAX_RACES = 8  # a few concurrent writers at most: beyond this something is wrong, let the handler retry


class ConcurrentUpdate(RuntimeError):
    """Lost the optimistic-concurrency race too often; the event is retried."""


@dataclass(frozen=True, slots=True)
class WaitingSummary:
    level: str
    count: int
    oldest_since: datetime | None


@dataclass(frozen=True, slots=True)
class RiskChange:
    previous: RiskLevel
    level: RiskLevel
    needs: tuple[str, ...]


def view(doc: dict[str, Any]) -> CaseView:
    return CaseView(str(doc["_id"]), CaseStatus(doc["status"]), doc.get("closed_at"))


def aware(value: datetime) -> datetime:
    # The substitute (and a client without tz_aware) hands back naive UTC datetimes.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def awaiting_view(doc: dict[str, Any]) -> WaitingCase:
    """A case still waiting for a first reply, as the SLA check sees it."""
    return WaitingCase(
        doc["_id"],
        RiskLevel(doc["risk_level"]),
        aware(doc["waiting_since"]),
        escalated_levels=frozenset(RiskLevel(level) for level in doc.get("escalated_levels", ())),
    )


class CaseRepository:
    def __init__(self, db: Any) -> None:
        self._cases = db["cases"]

    async def get(self, case_id: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._cases.find_one({"_id": case_id})
        return result

    async def find_open(self, consulter_id: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._cases.find_one(
            {"consulter_id": consulter_id, "open": True}
        )
        return result

    async def find_last_closed(self, consulter_id: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._cases.find_one(
            {"consulter_id": consulter_id, "status": CaseStatus.CLOSED.value}, sort=[("closed_at", -1)]
        )
        return result

    async def insert_new(self, case_id: str, consulter_id: str, at: datetime, opened_by: str) -> bool:
        """Open a case; False when she already has an open one (another process won) or the id exists."""
        try:
            await self._cases.insert_one(new_case_document(case_id, consulter_id, at, opened_by))
        except DuplicateKeyError:
            return False
        return True

    async def reopen(self, doc: dict[str, Any], at: datetime, reopened_by: str) -> dict[str, Any] | None:
        """Reopen the closed case `doc`; None if it changed meanwhile or she has an open case now."""
        try:
            result: dict[str, Any] | None = await self._cases.find_one_and_update(
                {"_id": doc["_id"], "status": CaseStatus.CLOSED.value, "version": doc["version"]},
                {
                    "$set": reopen_changes(at, reopened_by, doc.get("counselor_id")),
                    "$max": {"last_message_at": at},
                    "$inc": {"reopened_count": 1, "version": 1},
                },
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None
        return result

    async def touch(self, case_id: str, at: datetime) -> None:
        """Note a message's time; `$max` keeps it right whatever order messages are handled in."""
        await self._cases.update_one({"_id": case_id}, {"$max": {"last_message_at": at}})

    async def raise_risk(self, case_id: str, assessed: RiskLevel, needs: tuple[str, ...]) -> RiskChange:
        """Apply an automatic assessment: the level only rises and a counselor's level stays."""
        for _ in range(MAX_RACES):
            doc = await self.get(case_id)
            if doc is None:
                raise LookupError(f"case {case_id} vanished")
            previous = RiskLevel(doc["risk_level"])
            level = next_case_level(previous, RiskSetBy(doc["risk_set_by"]), assessed)
            merged = merge_needs(doc.get("needs", ()), needs)
            if level == previous and list(merged) == list(doc.get("needs", [])):
                return RiskChange(previous, level, merged)
            changed = await self._cases.update_one(
                {"_id": case_id, "version": doc["version"]},
                {
                    "$set": {"risk_level": level.value, "risk_rank": level.rank, "needs": list(merged)},
                    "$inc": {"version": 1},
                },
            )
            if changed.modified_count == 1:
                return RiskChange(previous, level, merged)
        raise ConcurrentUpdate(case_id)

    async def apply_if(
        self, case_id: str, query: dict[str, Any], update: dict[str, Any], outbox: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Apply `update` and the outbox's `$push` in one write, only if the case still matches
        `query`; the case after the change, or None when it no longer matched."""
        write = {**update, **outbox}
        if "$push" in update and "$push" in outbox:  # keep the caller's own pushes beside the outbox's
            write["$push"] = {**update["$push"], **outbox["$push"]}
        result: dict[str, Any] | None = await self._cases.find_one_and_update(
            {"_id": case_id, **query}, write, return_document=ReturnDocument.AFTER
        )
        return result

    async def mark_first_response(self, case_id: str, at: datetime) -> None:
        """The first reply of a wait stops the SLA clock (later replies leave it as it is)."""
        await self._cases.update_one(
            {"_id": case_id, "first_response_at": None}, {"$set": {"first_response_at": at}}
        )

    async def awaiting_first_reply(self) -> list[dict[str, Any]]:
        """Open cases no counselor has answered yet (served by the `awaiting_first_reply` index)."""
        found: list[dict[str, Any]] = await self._cases.find(
            {"open": True, "first_response_at": None}
        ).to_list(None)
        return found

    async def escalate(
        self, case_id: str, level: RiskLevel, at: datetime, waited_s: float, outbox: dict[str, Any]
    ) -> bool:
        """Record an SLA escalation at `level` once (of several processes, one wins) with its events;
        False if another process escalated it or she was answered meanwhile."""
        won = await self._cases.find_one_and_update(
            {
                "_id": case_id,
                "open": True,
                "first_response_at": None,
                "escalated_levels": {"$ne": level.value},
            },
            {
                "$addToSet": {"escalated_levels": level.value},
                "$set": {f"escalations.{level.value}": {"at": at, "waited_s": waited_s}},
                **outbox,
            },
        )
        return won is not None

    async def waiting_queue(self, limit: int) -> list[dict[str, Any]]:
        """Waiting cases in queue order (risk, then waiting time; the `queue` index)."""
        found: list[dict[str, Any]] = (
            await self._cases.find({"status": "waiting"}).sort(MONGO_QUEUE_SORT).limit(limit).to_list(None)
        )
        return found

    async def assigned_to(self, counselor_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = await self._cases.find(
            {"status": "assigned", "counselor_id": counselor_id}
        ).to_list(None)
        return found

    async def active(self, limit: int) -> list[dict[str, Any]]:
        """Every open case in queue order (supervisors' overview)."""
        found: list[dict[str, Any]] = (
            await self._cases.find({"open": True}).sort(MONGO_QUEUE_SORT).limit(limit).to_list(None)
        )
        return found

    async def waiting_summary(self) -> list[WaitingSummary]:
        """Per level: how many cases wait for a counselor, and since when the oldest has waited
        (one aggregation over the `queue` index)."""
        cursor = await self._cases.aggregate(
            [
                {"$match": {"status": "waiting"}},
                {"$group": {"_id": "$risk_level", "n": {"$sum": 1}, "oldest": {"$min": "$waiting_since"}}},
            ]
        )
        return [
            WaitingSummary(
                str(row["_id"]), int(row["n"]), aware(row["oldest"]) if row.get("oldest") else None
            )
            async for row in cursor
        ]
