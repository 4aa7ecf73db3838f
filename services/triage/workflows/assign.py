"""Giving waiting cases to counselors: the queue, the loads, the plan, then the atomic claims.

`run` assigns the whole waiting queue in queue order (domain/assignment.py); `give` applies one
decision (also used for a supervisor's reassignment, a counselor taking a case, and an SLA breach).
Every claim stores its sealed `case.assigned` in the case's outbox in the same update, then publishes
it; an event the broker did not confirm goes out with the next sweep under the same id.

Event ids: the LINE handler derives them from the incoming envelope and the case; the periodic path
from the case, the counselor and the claim time — a retry of either repeats the same id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

import structlog

from services.triage.adapters.assignments import AssignmentStore, Waiting
from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.seats import SeatLedger
from services.triage.domain.assignment import plan_assignments
from services.triage.workflows.events import system_envelope
from shared.events import CaseAssigned, derived_event_id

log = structlog.get_logger(__name__)

Reason = Literal["queue", "continuity", "reassigned", "sla_breach", "manual"]
EventId = Callable[[str, str, datetime], str]
"""(case id, counselor id, now) → the `case.assigned` event id."""


def periodic_event_id(case_id: str, counselor_id: str, now: datetime) -> str:
    return derived_event_id(case_id, counselor_id, now.isoformat(), CaseAssigned.TYPE)


class Assigner:
    def __init__(self, assignments: AssignmentStore, seats: SeatLedger, outbox: CaseOutbox) -> None:
        self._assignments = assignments
        self._seats = seats
        self._outbox = outbox

    async def run(
        self,
        now: datetime,
        *,
        event_id: EventId = periodic_event_id,
        correlation_id: str | None = None,
        correlated_case: str | None = None,
        causation_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Assign what can be assigned now; returns the claimed case documents.

        `correlation_id` belongs to `correlated_case` only (the case of the message being handled);
        every other case assigned in the same pass is correlated by its own id, so a trace of one
        consulter's message never picks up another consulter's assignment."""
        waiting = await self._assignments.waiting()
        if not waiting:
            return []
        by_id = {w.case.case_id: w for w in waiting}
        plan = plan_assignments([w.case for w in waiting], await self._seats.loads(now))
        claimed = []
        for case, decision in plan:
            doc = await self.give(
                by_id[case.case_id],
                decision.counselor_id,
                now,
                reason=decision.reason,
                missing_skills=decision.missing_skills,
                event_id=event_id(case.case_id, decision.counselor_id, now),
                correlation_id=(
                    correlation_id if correlation_id and case.case_id == correlated_case else case.case_id
                ),
                causation_id=causation_id,
            )
            if doc is not None:
                claimed.append(doc)
        return claimed

    async def give(
        self,
        waiting: Waiting,
        counselor_id: str,
        now: datetime,
        *,
        reason: Reason,
        event_id: str,
        correlation_id: str,
        causation_id: str | None = None,
        missing_skills: frozenset[str] = frozenset(),
        previous_counselor_id: str | None = None,
    ) -> dict[str, Any] | None:
        """Claim one waiting case for `counselor_id`; None when the seat or the case was lost."""
        case = waiting.case
        data = CaseAssigned(
            case_id=case.case_id,
            consulter_id=waiting.consulter_id,
            counselor_id=counselor_id,
            previous_counselor_id=previous_counselor_id or case.previous_counselor_id,
            reason=reason,
            level=case.risk.value,
        )
        envelope = system_envelope(
            data, event_id=event_id, correlation_id=correlation_id, causation_id=causation_id
        )
        doc = await self._assignments.claim(
            case.case_id,
            counselor_id,
            now,
            reason=reason,
            missing_skills=missing_skills,
            outbox=self._outbox.push(case.case_id, [envelope], now),
        )
        if doc is None:
            return None
        # Ids only: the counselor id is staff, the case id a pseudonymous reference.
        log.info("case_assigned", case_id=case.case_id, counselor_id=counselor_id, reason=reason)
        await self._outbox.deliver(case.case_id, [envelope])
        return doc
