"""Her quick-reply answers to an appointment message (`outreach.reply.received`, from triage, which
received the postback and checked it came from her):

- `confirm` → the visit is `confirmed` (the coordinator and workers see she knows);
- `reschedule` (another time) → the visit is `reschedule_requested` and the coordinator is alerted;
  the staff keep the time until the coordinator reschedules or cancels;
- `cancel` → that visit is cancelled (by her), the staff's slots freed, the request waits for
  another visit, and the coordinator is alerted (the counselor is told by `outreach.cancelled`).
An answer to an earlier scheduling (the visit was rescheduled since), or from anyone but her, changes
nothing.
"""

from __future__ import annotations

import structlog

from services.outreach.adapters.alerts_repo import CoordinatorAlerts
from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.ports import Clock
from services.outreach.domain.states import VISIT_RESCHEDULABLE
from services.outreach.workflows.cancelling import Cancellation
from shared.events import AppointmentAnswered, Envelope

log = structlog.get_logger(__name__)


class HerAnswers:
    def __init__(
        self,
        *,
        requests: OutreachRequests,
        visits: Visits,
        cancellation: Cancellation,
        alerts: CoordinatorAlerts,
        audit: AuditLog,
        clock: Clock,
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._cancellation = cancellation
        self._alerts = alerts
        self._audit = audit
        self._clock = clock

    async def on_answer(self, envelope: Envelope, data: AppointmentAnswered) -> str:
        """What it did: confirmed, reschedule_requested, cancelled, or ignored."""
        now = self._clock()
        visit = await self._visits.get(data.visit_id)
        if visit is None or visit.get("consulter_id") != data.consulter_id or not visit.get("committed"):
            log.warning("appointment_answer_unknown", visit_id=data.visit_id)
            return "ignored"
        if int(visit["revision"]) != data.revision or visit["status"] not in VISIT_RESCHEDULABLE:
            log.info("appointment_answer_stale", visit_id=data.visit_id, revision=data.revision)
            return "ignored"
        answer = {"answer": data.answer, "revision": data.revision, "at": data.at}
        codes = {"visit_id": visit["_id"], "request_id": visit["request_id"], "revision": data.revision}
        outcome = "ignored"
        if data.answer == "confirm":
            done = await self._visits.apply_if(
                visit["_id"],
                {"revision": data.revision, "status": {"$in": ["scheduled", "confirmed"]}},
                {"status": "confirmed", "answer": answer},
                history={"event": "she_confirmed", "revision": data.revision},
                at=now,
            )
            outcome = "confirmed" if done else outcome
        elif data.answer == "reschedule":
            done = await self._visits.apply_if(
                visit["_id"],
                {"revision": data.revision, "status": {"$in": list(VISIT_RESCHEDULABLE)}},
                {"status": "reschedule_requested", "answer": answer},
                history={"event": "she_asked_another_time", "revision": data.revision},
                at=now,
            )
            if done:
                await self._requests.apply_if(
                    visit["request_id"],
                    {"visit_id": visit["_id"], "status": "scheduled"},
                    {"status": "reschedule_requested"},
                    history={"event": "she_asked_another_time", "visit_id": visit["_id"]},
                    at=now,
                )
                await self._alerts.raise_once(
                    f"reschedule:{visit['_id']}:{data.revision}", kind="reschedule_requested", at=now, **codes
                )
                outcome = "reschedule_requested"
        else:
            done = await self._cancellation.cancel_visit(
                visit,
                by="consulter",
                reason="consulter_cancelled",
                actor="consulter",
                request_cancelled=False,
                causation_id=envelope.id,
            )
            if done:
                await self._alerts.raise_once(
                    f"cancelled:{visit['_id']}:{data.revision}", kind="consulter_cancelled", at=now, **codes
                )
                outcome = "cancelled"
        await self._audit.record("consulter", f"answer.{data.answer}", now, **codes, outcome=outcome)
        log.info("appointment_answered", visit_id=visit["_id"], answer=data.answer, outcome=outcome)
        return outcome
