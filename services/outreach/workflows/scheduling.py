"""A coordinator schedules, reschedules and cancels visits; the form asks first what clashes.

**Scheduling** a request, in order — each step refuses with nothing left behind:
1. the plan is checked (domain/plan.py: two staff, working, in the future, a catalogue place her
   consent allows) → 422 with every problem;
2. the request is *claimed* for the new visit (a conditional update: only one coordinator's visit
   can have it) → 409 `request_taken`;
3. the staff's slots are *reserved* (adapters/reservations.py: unique per staff and slot) → 409
   `staff_booked` naming who, having taken nothing;
4. the visit is stored, not yet committed;
5. the request is *committed* — status `scheduled`, with `outreach.scheduled` and her confirmation
   (`outreach.message.requested`) in its outbox, by one update that still requires the claim and
   an open request: a withdrawal or a closed case in the meantime refuses it (409
   `request_cancelled`) and the visit and its slots are given back;
6. the events are published (or later, by the outbox round, if the broker is away).
A process that dies between 3 and 5 leaves a visit that was never committed: the sweep round gives
its slots back once it is older than a grace time.

**Rescheduling** reserves the new slots under the next revision (keeping those its earlier revision
holds), then commits by one update naming the revision it replaces (two coordinators rescheduling
at once: one wins, the other gets 409 `visit_changed`), then frees the old slots.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

import structlog

from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.outbox import Outbox
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.reservations import Clash, Reservations
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.places import PlaceCatalogue
from services.outreach.domain.plan import VisitPlan, problems
from services.outreach.domain.ports import Clock
from services.outreach.domain.refusals import Conflict, Missing, Unprocessable
from services.outreach.domain.roster import Roster
from services.outreach.domain.slots import reservation_keys
from services.outreach.domain.states import REQUEST_SCHEDULABLE, VISIT_ACTIVE, VISIT_RESCHEDULABLE
from services.outreach.workflows.cancelling import Cancellation
from services.outreach.workflows.events import outreach_envelope
from services.outreach.workflows.messages import AppointmentMessages
from shared.events import Envelope, OutreachConsent, OutreachScheduled

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts (the verified staff assertion): id and role only."""

    id: str
    role: str


def _consent(request: dict[str, Any]) -> OutreachConsent:
    return OutreachConsent.model_validate(request["consent"])


class Scheduling:
    def __init__(
        self,
        *,
        requests: OutreachRequests,
        visits: Visits,
        reservations: Reservations,
        outbox: Outbox,
        audit: AuditLog,
        cancellation: Cancellation,
        messages: AppointmentMessages,
        places: PlaceCatalogue,
        roster: Roster,
        tz: tzinfo,
        clock: Clock,
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._reservations = reservations
        self._outbox = outbox
        self._audit = audit
        self._cancellation = cancellation
        self._messages = messages
        self._places = places
        self._roster = roster
        self._tz = tz
        self._clock = clock

    async def _request(self, request_id: str) -> dict[str, Any]:
        request = await self._requests.get(request_id)
        if request is None or not request.get("consent"):
            raise Missing("no_request", "No such outreach request.")
        return request

    async def _visit(self, visit_id: str) -> dict[str, Any]:
        visit = await self._visits.get(visit_id)
        if visit is None or not visit.get("committed"):
            raise Missing("no_visit", "No such visit.")
        return visit

    def _check(self, plan: VisitPlan, consent: OutreachConsent) -> None:
        found = problems(
            plan, now=self._clock(), roster=self._roster, places=self._places, consent=consent, tz=self._tz
        )
        if found:
            raise Unprocessable(found[0].code, "The plan cannot be scheduled.", problems=[p.to_json() for p in found])

    async def preview(self, plan: VisitPlan, *, request_id: str, visit_id: str | None = None) -> dict[str, Any]:
        """What the form shows before saving: every problem and every clash with another visit."""
        consent = _consent(await self._request(request_id))
        found = problems(
            plan, now=self._clock(), roster=self._roster, places=self._places, consent=consent, tz=self._tz
        )
        span = plan.occupancy
        clashes = [
            {"staff_id": staff_id, "visit_id": other["_id"], "starts_at": other["starts_at"], "ends_at": other["ends_at"]}
            for other in await self._visits.overlapping(plan.staff, span.start, span.end)
            if other["_id"] != visit_id
            for staff_id in other["staff_ids"]
            if staff_id in plan.staff
        ]
        return {"problems": [p.to_json() for p in found], "clashes": clashes, "ok": not found and not clashes}

    def _plan_fields(self, plan: VisitPlan) -> dict[str, Any]:
        span = plan.occupancy
        return {
            "starts_at": plan.starts_at,
            "ends_at": plan.ends_at,
            "occupancy": {"start": span.start, "end": span.end},
            "travel_before_min": plan.travel_before_min,
            "travel_after_min": plan.travel_after_min,
            "place_id": plan.place_id,
            "staff_ids": list(plan.staff),
            "accompany_to": plan.accompany_to,
            "accompany_contact": plan.accompany_contact,
        }

    def _scheduled(self, visit: dict[str, Any]) -> Envelope:
        data = OutreachScheduled(
            request_id=visit["request_id"],
            visit_id=visit["_id"],
            case_id=visit["case_id"],
            starts_at=visit["starts_at"],
            ends_at=visit["ends_at"],
            staff_ids=tuple(visit["staff_ids"]),
            revision=int(visit["revision"]),
            place_id=visit["place_id"],
            accompany_to=visit.get("accompany_to"),
            coordinator_id=visit.get("coordinator_id"),
        )
        return outreach_envelope(data, visit["_id"], str(visit["revision"]), correlation_id=visit["request_id"])

    def _refuse_clash(self, clash: Clash) -> Conflict:
        log.info("visit_refused_staff_booked", staff_id=clash.staff_id, holder=clash.visit_id)
        return Conflict(
            "staff_booked", "A staff member is already booked then.", staff_id=clash.staff_id, visit_id=clash.visit_id
        )

    async def schedule(
        self, who: Actor, request_id: str, plan: VisitPlan, *, details: str | None = None
    ) -> dict[str, Any]:
        now = self._clock()
        request = await self._request(request_id)
        if request.get("visit_id"):
            raise Conflict("already_scheduled", "The request has a visit: reschedule it.", visit_id=request["visit_id"])
        if request["status"] not in REQUEST_SCHEDULABLE:
            raise Conflict("request_not_open", "The request is not waiting for a visit.", status=request["status"])
        self._check(plan, _consent(request))
        visit_id = f"v{uuid.uuid4().hex[:16]}"
        if await self._requests.claim(request_id, visit_id, now) is None:
            raise Conflict("request_taken", "Another coordinator is scheduling this request.")
        hold = await self._reservations.reserve(visit_id, 1, reservation_keys(plan.staff, plan.occupancy), now)
        if isinstance(hold, Clash):
            await self._requests.unclaim(request_id, visit_id)
            raise self._refuse_clash(hold)
        visit = {
            "_id": visit_id,
            "request_id": request_id,
            "case_id": request["case_id"],
            "consulter_id": request["consulter_id"],
            "revision": 1,
            "status": "scheduled",
            "committed": False,
            "created_at": now,
            "scheduled_at": now,
            "coordinator_id": who.id,
            **self._plan_fields(plan),
            "details": self._visits.seal(visit_id, "details", details),
            "answer": None,
            "check_in": None,
            "check_out": None,
            "result": None,
            "notes": None,
            "reminders": {},
            "overdue_alerted": None,
            "history": [{"at": now, "event": "scheduled", "by": who.id, "revision": 1, **self._history(plan)}],
        }
        await self._visits.insert(visit, (), now)
        envelopes = [self._scheduled(visit), self._messages.envelope(visit, "confirm", "confirm")]
        committed = await self._requests.apply_if(
            request_id,
            {"visit_id": visit_id, "status": {"$in": list(REQUEST_SCHEDULABLE)}},
            {"status": "scheduled", "ever_scheduled": True},
            history={"event": "scheduled", "visit_id": visit_id, "by": who.id},
            envelopes=envelopes,
            at=now,
            extra_push={"visits": visit_id},
        )
        if committed is None:
            await self._visits.discard(visit_id)
            await self._reservations.undo(hold)
            await self._requests.unclaim(request_id, visit_id)
            raise Conflict("request_cancelled", "The request was cancelled meanwhile; nothing was scheduled.")
        await self._visits.commit(visit_id)
        await self._audit.record(who.id, "visit.schedule", now, request_id=request_id, visit_id=visit_id, revision=1)
        published = await self._outbox.deliver("requests", request_id, envelopes)
        log.info("visit_scheduled", visit_id=visit_id, request_id=request_id, revision=1, published=published)
        return {"visit_id": visit_id, "revision": 1, "published": published}

    @staticmethod
    def _history(plan: VisitPlan) -> dict[str, Any]:
        return {
            "starts_at": plan.starts_at,
            "ends_at": plan.ends_at,
            "staff_ids": list(plan.staff),
            "place_id": plan.place_id,
        }

    async def reschedule(
        self, who: Actor, visit_id: str, revision: int, plan: VisitPlan, *, details: str | None = None
    ) -> dict[str, Any]:
        now = self._clock()
        visit = await self._visit(visit_id)
        if visit["status"] not in VISIT_RESCHEDULABLE:
            raise Conflict("visit_not_open", "The visit has started or ended.", status=visit["status"])
        if int(visit["revision"]) != revision:
            raise Conflict("visit_changed", "The visit changed meanwhile; reload it.", revision=visit["revision"])
        request = await self._request(visit["request_id"])
        self._check(plan, _consent(request))
        new = revision + 1
        hold = await self._reservations.reserve(visit_id, new, reservation_keys(plan.staff, plan.occupancy), now)
        if isinstance(hold, Clash):
            raise self._refuse_clash(hold)
        changes = {
            **self._plan_fields(plan),
            "revision": new,
            "status": "scheduled",
            "scheduled_at": now,
            "coordinator_id": who.id,
            "answer": None,
            "reminders": {},
            "overdue_alerted": None,
        }
        if details is not None:
            changes["details"] = self._visits.seal(visit_id, "details", details)
        after = {**visit, **changes}
        envelopes = [self._scheduled(after), self._messages.envelope(after, "confirm", "confirm")]
        updated = await self._visits.apply_if(
            visit_id,
            {"revision": revision, "status": {"$in": list(VISIT_RESCHEDULABLE)}},
            changes,
            history={"event": "rescheduled", "by": who.id, "revision": new, **self._history(plan)},
            envelopes=envelopes,
            at=now,
        )
        if updated is None:
            await self._reservations.undo(hold)
            raise Conflict("visit_changed", "The visit changed meanwhile; nothing was rescheduled.")
        await self._reservations.release(visit_id, below=new)
        await self._requests.apply_if(
            visit["request_id"],
            {"visit_id": visit_id, "status": "reschedule_requested"},
            {"status": "scheduled"},
            history={"event": "rescheduled", "visit_id": visit_id, "by": who.id},
            at=now,
        )
        await self._audit.record(who.id, "visit.reschedule", now, request_id=visit["request_id"], visit_id=visit_id, revision=new)
        published = await self._outbox.deliver("visits", visit_id, envelopes)
        log.info("visit_rescheduled", visit_id=visit_id, revision=new, published=published)
        return {"visit_id": visit_id, "revision": new, "published": published}

    async def cancel(self, who: Actor, visit_id: str, *, reason: str, whole_request: bool) -> dict[str, Any]:
        visit = await self._visit(visit_id)
        if visit["status"] not in VISIT_ACTIVE:
            raise Conflict("visit_not_open", "The visit has ended.", status=visit["status"])
        if whole_request:
            await self._cancellation.cancel_request(visit["request_id"], by="coordinator", reason=reason, actor=who.id)
        elif await self._cancellation.cancel_visit(
            visit, by="coordinator", reason=reason, actor=who.id, request_cancelled=False
        ) is None:
            raise Conflict("visit_changed", "The visit changed meanwhile; reload it.")
        return {"visit_id": visit_id, "status": "cancelled"}

    async def cancel_request(self, who: Actor, request_id: str, *, reason: str) -> dict[str, Any]:
        request = await self._request(request_id)
        if request["status"] in ("completed", "no_show", "cancelled"):
            raise Conflict("request_not_open", "The request has ended.", status=request["status"])
        await self._cancellation.cancel_request(request_id, by="coordinator", reason=reason, actor=who.id)
        return {"request_id": request_id, "status": "cancelled"}
