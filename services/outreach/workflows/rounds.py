"""The periodic rounds, each safe with several replicas running it at once (every send is claimed by
one conditional update, and every event id is derived, so a repeat changes nothing):

- `reminders`: her reminders as they fall due (domain/reminders.py), through triage, silent;
- `overdue`: a missing check-out `grace` after a visit's planned end alerts the coordinator (and,
  if configured, the on-call supervisor by a partner alert through notifier), once per revision;
- `sweep`: events the broker had not confirmed are published again (the outbox), a visit a dead
  process never committed is removed with its slots, and reservations no visit holds are freed.
Each takes `now` from the injected clock, so tests move time instead of waiting.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import structlog

from services.outreach.adapters.alerts_repo import CoordinatorAlerts
from services.outreach.adapters.outbox import Outbox
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.reservations import Reservations
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.overdue import checkout_overdue
from services.outreach.domain.ports import Clock
from services.outreach.domain.reminders import ReminderPolicy, due
from services.outreach.domain.roster import Roster
from services.outreach.domain.states import VISIT_ACTIVE
from services.outreach.workflows.events import outreach_envelope
from services.outreach.workflows.messages import AppointmentMessages
from shared.events import AlertContact, PartnerKind, RequestPartnerAlert, derived_event_id

log = structlog.get_logger(__name__)
HORIZON = timedelta(days=2)  # reminders look this far ahead (the day-before one is the earliest)


class ReminderRound:
    def __init__(
        self, *, visits: Visits, outbox: Outbox, messages: AppointmentMessages, policy: ReminderPolicy, clock: Clock
    ) -> None:
        self._visits = visits
        self._outbox = outbox
        self._messages = messages
        self._policy = policy
        self._clock = clock

    async def __call__(self) -> list[str]:
        """The visit ids a reminder went out for in this round."""
        now = self._clock()
        sent: list[str] = []
        for visit in await self._visits.starting_between(now, now + HORIZON):
            if visit["status"] not in ("scheduled", "confirmed"):
                continue  # she asked for another time, or they are there already
            done = set((visit.get("reminders") or {}).keys())
            which, settled = due(
                self._policy, starts_at=visit["starts_at"], scheduled_at=visit["scheduled_at"], sent=done, now=now
            )
            if which is None:
                continue
            envelope = self._messages.envelope(visit, "reminder", which)
            claimed = await self._visits.apply_if(
                visit["_id"],
                {"revision": visit["revision"], **{f"reminders.{r}": None for r in settled}},
                {f"reminders.{r}": now for r in settled},
                envelopes=[envelope],
                at=now,
            )
            if claimed is None:
                continue  # another replica sent it, or the visit changed
            await self._outbox.deliver("visits", visit["_id"], [envelope])
            log.info("appointment_reminder", visit_id=visit["_id"], reminder=which)
            sent.append(visit["_id"])
        return sent


class OverdueRound:
    def __init__(
        self,
        *,
        visits: Visits,
        alerts: CoordinatorAlerts,
        outbox: Outbox,
        roster: Roster,
        grace: timedelta,
        partner_alert: bool,
        contact_phone: str | None,
        clock: Clock,
    ) -> None:
        self._visits = visits
        self._alerts = alerts
        self._outbox = outbox
        self._roster = roster
        self._grace = grace
        self._partner_alert = partner_alert
        self._contact_phone = contact_phone
        self._clock = clock

    def _partner(self, visit: dict[str, Any], alert_id: str) -> RequestPartnerAlert:
        coordinator = self._roster.get(str(visit.get("coordinator_id")))
        contact = AlertContact(
            name=coordinator.name if coordinator else "アウトリーチ調整担当",
            role="outreach_coordinator",
            phone=self._contact_phone,
        )
        return RequestPartnerAlert(
            alert_id=alert_id,
            partner_kind=PartnerKind.ON_CALL_SUPERVISOR,
            category="staff_safety",
            urgency="high",
            action="call_staff",
            case_ref=visit["_id"],
            contact=contact,
        )

    async def __call__(self) -> list[str]:
        """The visit ids alerted in this round."""
        now = self._clock()
        alerted: list[str] = []
        for visit in await self._visits.ended_before(now - self._grace):
            ended = visit.get("check_out") is not None
            if not checkout_overdue(ends_at=visit["ends_at"], checked_out=ended, grace=self._grace, now=now):
                continue
            claimed = await self._visits.apply_if(
                visit["_id"],
                {"revision": visit["revision"], "overdue_alerted": None, "check_out": None},
                {"overdue_alerted": now},
                history={"event": "checkout_overdue"},
                at=now,
            )
            if claimed is None:
                continue
            alert_id = f"overdue:{visit['_id']}:{visit['revision']}"
            envelopes = []
            if self._partner_alert:
                partner = self._partner(visit, derived_event_id(alert_id, "partner-alert"))
                envelopes.append(outreach_envelope(partner, alert_id, correlation_id=visit["request_id"]))
            await self._alerts.raise_once(
                alert_id,
                kind="checkout_overdue",
                at=now,
                envelopes=envelopes,
                visit_id=visit["_id"],
                request_id=visit["request_id"],
                revision=visit["revision"],
                checked_in=visit.get("check_in") is not None,
                staff_ids=visit["staff_ids"],
            )
            await self._outbox.deliver("alerts", alert_id, envelopes)
            log.warning("checkout_overdue", visit_id=visit["_id"], checked_in=visit.get("check_in") is not None)
            alerted.append(visit["_id"])
        return alerted


class Sweep:
    def __init__(
        self,
        *,
        requests: OutreachRequests,
        visits: Visits,
        reservations: Reservations,
        outbox: Outbox,
        grace: timedelta,
        clock: Clock,
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._reservations = reservations
        self._outbox = outbox
        self._grace = grace
        self._clock = clock

    async def __call__(self) -> dict[str, int]:
        now = self._clock()
        cutoff = now - max(self._grace, timedelta(minutes=2))
        published = await self._outbox.sweep(now - self._grace)
        removed = 0
        for visit in await self._visits.uncommitted_before(cutoff):
            request = await self._requests.get(visit["request_id"]) or {}
            if request.get("visit_id") == visit["_id"] and request.get("status") == "scheduled":
                await self._visits.commit(visit["_id"])  # it was committed; only the flag was not set
                continue
            await self._visits.discard(visit["_id"])
            await self._reservations.release(visit["_id"])
            await self._requests.unclaim(visit["request_id"], visit["_id"])
            removed += 1
        freed = 0
        for held in await self._reservations.older_than(cutoff):
            holder = await self._visits.get(held["visit_id"])
            holds = (
                holder is not None
                and (holder.get("committed") or holder.get("created_at", now) >= cutoff)
                and holder["status"] in VISIT_ACTIVE
                and int(holder["revision"]) == int(held["revision"])
            )
            if not holds:
                await self._reservations.drop(held["_id"], held["visit_id"], int(held["revision"]))
                freed += 1
        return {"published": published, "visits_removed": removed, "slots_freed": freed}


