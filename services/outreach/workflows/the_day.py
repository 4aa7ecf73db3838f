"""The day of a visit: the workers' "today", check-in and check-out, and the result.

- A worker sees today's visits she is on (a coordinator sees them all).
- Check-in: a worker on the visit (or a coordinator), from `CHECK_IN_EARLY` before the start; it
  marks the visit `in_progress`. Check-out needs a check-in. Both are times the overdue round reads
  (staff safety): no check-out `OUTREACH_CHECKOUT_GRACE_MIN` after the planned end alerts.
- The result: `completed` or `no_show` need a check-in (a visit not yet started has no result);
  `cancelled` names who cancelled and why (this visit: the request waits for another, or the
  coordinator ends it from the queue). With it: where she was accompanied, the next steps
  (referral, a follow-up visit, ...) and notes, sealed at rest. `outreach.completed` or
  `outreach.cancelled` goes out; the request ends with the visit's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

import structlog

from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.outbox import Outbox
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.reservations import Reservations
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.ports import Clock
from services.outreach.domain.refusals import Conflict, Missing
from services.outreach.domain.states import VISIT_ACTIVE, CancelledBy, Result
from services.outreach.workflows.cancelling import Cancellation
from services.outreach.workflows.events import outreach_envelope
from services.outreach.workflows.scheduling import Actor
from shared.events import NextStep, OutreachCompleted

log = structlog.get_logger(__name__)
CHECK_IN_EARLY = timedelta(hours=3)
COORDINATOR = "outreach_coordinator"


class VisitDay:
    def __init__(
        self,
        *,
        requests: OutreachRequests,
        visits: Visits,
        reservations: Reservations,
        outbox: Outbox,
        audit: AuditLog,
        cancellation: Cancellation,
        tz: tzinfo,
        clock: Clock,
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._reservations = reservations
        self._outbox = outbox
        self._audit = audit
        self._cancellation = cancellation
        self._tz = tz
        self._clock = clock

    def today_bounds(self) -> tuple[datetime, datetime]:
        day = self._clock().astimezone(self._tz).date()
        start = datetime.combine(day, datetime.min.time(), tzinfo=self._tz)
        return start, start + timedelta(days=1)

    async def today(self, who: Actor) -> list[dict[str, Any]]:
        start, end = self.today_bounds()
        visits = await self._visits.between(start, end)
        return [v for v in visits if who.role != "outreach_worker" or who.id in v["staff_ids"]]

    async def _own(self, who: Actor, visit_id: str) -> dict[str, Any]:
        visit = await self._visits.get(visit_id)
        if visit is None or not visit.get("committed"):
            raise Missing("no_visit", "No such visit.")
        if who.role != COORDINATOR and who.id not in visit["staff_ids"]:
            raise Missing("no_visit", "No such visit among yours.")
        return visit

    async def check_in(self, who: Actor, visit_id: str) -> dict[str, Any]:
        now = self._clock()
        visit = await self._own(who, visit_id)
        if visit.get("check_in"):
            return {"visit_id": visit_id, "checked_in_at": visit["check_in"]["at"]}
        if visit["status"] not in VISIT_ACTIVE:
            raise Conflict("visit_not_open", "The visit has ended.", status=visit["status"])
        if now < visit["starts_at"] - CHECK_IN_EARLY:
            raise Conflict("too_early", "Check in on the day, shortly before the visit.")
        done = await self._visits.apply_if(
            visit_id,
            {"status": {"$in": list(VISIT_ACTIVE)}, "check_in": None},
            {"status": "in_progress", "check_in": {"at": now, "by": who.id}},
            history={"event": "checked_in", "by": who.id},
            at=now,
        )
        if done is None:
            raise Conflict("visit_changed", "The visit changed meanwhile; reload it.")
        await self._audit.record(who.id, "visit.check_in", now, request_id=visit["request_id"], visit_id=visit_id)
        return {"visit_id": visit_id, "checked_in_at": now}

    async def check_out(self, who: Actor, visit_id: str) -> dict[str, Any]:
        now = self._clock()
        visit = await self._own(who, visit_id)
        if visit.get("check_out"):
            return {"visit_id": visit_id, "checked_out_at": visit["check_out"]["at"]}
        if not visit.get("check_in"):
            raise Conflict("not_checked_in", "Check in before checking out.")
        done = await self._visits.apply_if(
            visit_id,
            {"check_out": None, "check_in": {"$ne": None}},
            {"check_out": {"at": now, "by": who.id}},
            history={"event": "checked_out", "by": who.id},
            at=now,
        )
        if done is None:
            raise Conflict("visit_changed", "The visit changed meanwhile; reload it.")
        await self._audit.record(who.id, "visit.check_out", now, request_id=visit["request_id"], visit_id=visit_id)
        return {"visit_id": visit_id, "checked_out_at": now}

    async def record_result(
        self,
        who: Actor,
        visit_id: str,
        *,
        result: Result,
        accompanied_to: str | None = None,
        next_steps: Sequence[NextStep] = (),
        notes: str | None = None,
        cancelled_by: CancelledBy | None = None,
        cancel_reason: str | None = None,
    ) -> dict[str, Any]:
        now = self._clock()
        visit = await self._own(who, visit_id)
        if visit["status"] not in VISIT_ACTIVE:
            raise Conflict("visit_not_open", "The visit already has a result.", status=visit["status"])
        if result == "cancelled":
            done = await self._cancellation.cancel_visit(
                visit,
                by=cancelled_by or "coordinator",
                reason=cancel_reason or "other",
                actor=who.id,
                request_cancelled=False,
            )
            if done is None:
                raise Conflict("visit_changed", "The visit changed meanwhile; reload it.")
            if notes:
                await self._visits.apply_if(visit_id, {}, {"notes": self._visits.seal(visit_id, "notes", notes)}, at=now)
            return {"visit_id": visit_id, "status": "cancelled"}
        if not visit.get("check_in"):
            raise Conflict("not_started", "A visit not yet started has no result: check in first.")
        data = OutreachCompleted(
            request_id=visit["request_id"],
            visit_id=visit_id,
            case_id=visit["case_id"],
            result=result,
            accompanied_to=accompanied_to,
            next_steps=tuple(next_steps),
        )
        envelope = outreach_envelope(data, visit_id, str(visit["revision"]), correlation_id=visit["request_id"])
        record = {
            "result": result,
            "accompanied_to": accompanied_to,
            "next_steps": list(next_steps),
            "at": now,
            "by": who.id,
        }
        done = await self._visits.apply_if(
            visit_id,
            {"status": {"$in": list(VISIT_ACTIVE)}, "check_in": {"$ne": None}},
            {"status": result, "result": record, "notes": self._visits.seal(visit_id, "notes", notes)},
            history={"event": result, "by": who.id},
            envelopes=[envelope],
            at=now,
        )
        if done is None:
            raise Conflict("visit_changed", "The visit changed meanwhile; reload it.")
        await self._reservations.release(visit_id)  # done: the staff's time after it is free again
        await self._requests.apply_if(
            visit["request_id"],
            {"visit_id": visit_id},
            {"status": result, "completed": result == "completed"},
            history={"event": result, "visit_id": visit_id, "by": who.id},
            at=now,
        )
        await self._audit.record(
            who.id, "visit.result", now, request_id=visit["request_id"], visit_id=visit_id, result=result
        )
        published = await self._outbox.deliver("visits", visit_id, [envelope])
        log.info("visit_result", visit_id=visit_id, result=result, published=published)
        return {"visit_id": visit_id, "status": result, "published": published}
