"""Putting a case in someone's hands by hand: a counselor takes a waiting case, or a supervisor
(re)assigns one. Both respect capacity (a seat is reserved first) and are atomic: if the case moved
or the seat was gone, nothing changes and the action is refused."""

from __future__ import annotations

import uuid
from typing import Any

from services.triage.adapters.assignments import AssignmentStore
from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.seats import SeatLedger
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import Conflict, Unprocessable
from services.triage.domain.staff import Principal
from services.triage.workflows.assign import Assigner
from services.triage.workflows.events import system_envelope
from shared.events import CaseAssigned, derived_event_id


def _full() -> Conflict:
    return Conflict("not_available", "The case is no longer waiting or the counselor has no free seat.")


class Handover:
    def __init__(
        self,
        *,
        seats: SeatLedger,
        assignments: AssignmentStore,
        outbox: CaseOutbox,
        assigner: Assigner,
        clock: Clock,
    ) -> None:
        self._seats = seats
        self._assignments = assignments
        self._outbox = outbox
        self._assigner = assigner
        self._clock = clock

    async def take(self, who: Principal, case: dict[str, Any]) -> dict[str, Any]:
        """A counselor (or supervisor) takes a waiting case herself."""
        return await self._give_waiting(case, who.id)

    async def assign(self, case: dict[str, Any], counselor_id: str) -> dict[str, Any]:
        """A supervisor gives the case to `counselor_id` (waiting or already assigned)."""
        target = await self._seats.get(counselor_id)
        if (
            target is None
            or not target.get("active")
            or target.get("role") not in ("counselor", "supervisor")
        ):
            raise Unprocessable("unknown_counselor", "No active counselor or supervisor with that id.")
        if case["status"] == "waiting":
            return await self._give_waiting(case, counselor_id)
        if case["status"] != "assigned":
            raise Conflict("case_closed", "The case is closed.")
        if case["counselor_id"] == counselor_id:
            return case
        now = self._clock()
        data = CaseAssigned(
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            counselor_id=counselor_id,
            previous_counselor_id=case["counselor_id"],
            reason="reassigned",
            level=case["risk_level"],
        )
        envelope = system_envelope(
            data,
            event_id=derived_event_id(case["_id"], str(case["version"]), data.TYPE),
            correlation_id=case["_id"],
        )
        moved = await self._assignments.transfer(
            case["_id"],
            case["counselor_id"],
            counselor_id,
            now,
            outbox=self._outbox.push(case["_id"], [envelope], now),
        )
        if moved is None:
            raise _full()
        await self._outbox.deliver(case["_id"], [envelope])
        return moved

    async def _give_waiting(self, case: dict[str, Any], counselor_id: str) -> dict[str, Any]:
        if case["status"] != "waiting":
            raise _full()
        waiting = await self._assignments.view(case)
        doc = await self._assigner.give(
            waiting,
            counselor_id,
            self._clock(),
            reason="manual",
            event_id=derived_event_id(case["_id"], counselor_id, str(uuid.uuid4())),
            correlation_id=case["_id"],
        )
        if doc is None:
            raise _full()
        return doc
