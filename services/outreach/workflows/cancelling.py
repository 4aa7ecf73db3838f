"""Cancelling what was not done: one visit (she cancelled that appointment, a coordinator did), or a
whole request with its visits (her withdrawal, the case closing, a coordinator). Each cancellation
frees the staff's slots and publishes `outreach.cancelled` naming who cancelled and the counselor
who proposed it, whom triage tells (DESIGN: a closing case says so to her counselor).

The request is cancelled first, so no new visit can be planned for it meanwhile; a visit a
coordinator was saving at that moment is refused when it tries to commit (workflows/scheduling.py).
"""

from __future__ import annotations

from typing import Any

import structlog

from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.outbox import Outbox
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.reservations import Reservations
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.ports import Clock
from services.outreach.domain.states import REQUEST_OPEN, VISIT_ACTIVE, CancelledBy
from services.outreach.workflows.events import outreach_envelope
from shared.events import OutreachCancelled

log = structlog.get_logger(__name__)


class Cancellation:
    def __init__(
        self,
        *,
        requests: OutreachRequests,
        visits: Visits,
        reservations: Reservations,
        outbox: Outbox,
        audit: AuditLog,
        clock: Clock,
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._reservations = reservations
        self._outbox = outbox
        self._audit = audit
        self._clock = clock

    async def cancel_visit(
        self,
        visit: dict[str, Any],
        *,
        by: CancelledBy,
        reason: str,
        actor: str,
        request_cancelled: bool,
        causation_id: str | None = None,
    ) -> dict[str, Any] | None:
        """Cancel one visit that has no result yet; None if it had one (or was cancelled) meanwhile."""
        now = self._clock()
        request = await self._requests.get(visit["request_id"]) or {}
        data = OutreachCancelled(
            request_id=visit["request_id"],
            visit_id=visit["_id"],
            case_id=visit["case_id"],
            reason=reason,
            cancelled_by=by,
            proposed_by=request.get("requested_by"),
            request_cancelled=request_cancelled,
        )
        envelope = outreach_envelope(
            data, visit["_id"], str(visit["revision"]), "cancelled", correlation_id=visit["request_id"],
            causation_id=causation_id,
        )
        done = await self._visits.apply_if(
            visit["_id"],
            {"status": {"$in": list(VISIT_ACTIVE)}, "committed": True},
            {"status": "cancelled", "cancel": {"by": by, "reason": reason, "at": now, "actor": actor}},
            history={"event": "cancelled", "by": actor, "reason": reason, "revision": visit["revision"]},
            envelopes=[envelope],
            at=now,
        )
        if done is None:
            return None
        await self._reservations.release(visit["_id"])
        if not request_cancelled:
            await self._requests.apply_if(
                visit["request_id"],
                {"visit_id": visit["_id"], "status": {"$in": list(REQUEST_OPEN)}},
                {"status": "requested", "visit_id": None},
                history={"event": "visit_cancelled", "visit_id": visit["_id"], "by": actor, "reason": reason},
                at=now,
            )
        await self._audit.record(actor, "visit.cancel", now, request_id=visit["request_id"], visit_id=visit["_id"], reason=reason, by=by)
        await self._outbox.deliver("visits", visit["_id"], [envelope])
        log.info("visit_cancelled", visit_id=visit["_id"], request_id=visit["request_id"], reason=reason, by=by)
        return done

    async def cancel_request(
        self,
        request_id: str,
        *,
        by: CancelledBy,
        reason: str,
        actor: str,
        causation_id: str | None = None,
    ) -> int:
        """Cancel a request and every visit of it not yet done; how many visits were cancelled."""
        now = self._clock()
        existing = await self._requests.get(request_id)
        if existing is None:
            return 0
        envelopes = []
        if not await self._visits.active(request_id=request_id):  # nothing scheduled: the request is what ends
            data = OutreachCancelled(
                request_id=request_id,
                case_id=existing["case_id"],
                reason=reason,
                cancelled_by=by,
                proposed_by=existing.get("requested_by"),
            )
            envelopes.append(
                outreach_envelope(data, request_id, "cancelled", correlation_id=request_id, causation_id=causation_id)
            )
        request = await self._requests.apply_if(
            request_id,
            {"status": {"$in": list(REQUEST_OPEN)}},
            {"status": "cancelled", "cancel": {"by": by, "reason": reason, "at": now, "actor": actor}},
            history={"event": "cancelled", "by": actor, "reason": reason},
            envelopes=envelopes,
            at=now,
        )
        if request is None and existing.get("status") != "cancelled":
            return 0  # it ended otherwise meanwhile (a result)
        # Also on a retry after a crash: whatever is still active of a cancelled request is cancelled.
        cancelled = 0
        for visit in await self._visits.active(request_id=request_id):
            if await self.cancel_visit(
                visit, by=by, reason=reason, actor=actor, request_cancelled=True, causation_id=causation_id
            ):
                cancelled += 1
        if request is None:
            return cancelled
        await self._outbox.deliver("requests", request_id, envelopes)
        await self._audit.record(actor, "request.cancel", now, request_id=request_id, reason=reason, by=by)
        log.info("outreach_request_cancelled", request_id=request_id, reason=reason, by=by, visits=cancelled)
        return cancelled
