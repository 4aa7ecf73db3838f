"""The periodic first-response check (domain/sla.py): escalate, alert, and offer the case elsewhere.

For each case still waiting for a first reply past its target, once per case and level (a
conditional `$addToSet` on `escalated_levels`: of several triage processes, one wins):
1. `case.escalated` (reason `sla_breach`) and `partner.alert.requested` to the on-call supervisor
   (plus any kinds routed in seeds/alert_routing.yaml), stored in the case's outbox by the same
   update, then published;
2. if a counselor has it but has not answered, and another on-shift counselor with a free seat can
   take it, it moves to her (`case.assigned`, reason `sla_breach`) and the first counselor is
   excluded from getting it back during this wait. If nobody else is free it stays where it is:
   taking it away would leave her with no one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog

from services.triage.adapters.assignments import AssignmentStore
from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.cases import CaseRepository, awaiting_view, aware
from services.triage.adapters.seats import SeatLedger
from services.triage.domain.assignment import choose_counselor
from services.triage.domain.ports import Clock
from services.triage.domain.sla import Breach, SlaTargets, breaches
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.alerts import SystemAlerts
from services.triage.workflows.assign import Assigner
from services.triage.workflows.events import system_envelope
from shared.events import CaseEscalated, Envelope, RequestPartnerAlert, derived_event_id

log = structlog.get_logger(__name__)


class SlaChecker:
    def __init__(
        self,
        cases: CaseRepository,
        assignments: AssignmentStore,
        seats: SeatLedger,
        outbox: CaseOutbox,
        alerts: SystemAlerts,
        assigner: Assigner,
        clock: Clock,
        targets: SlaTargets,
        on_breach: Callable[[RiskLevel], None] = lambda _level: None,
    ) -> None:
        """`on_breach`: told of each breach this process escalates (the SLA metric)."""
        self._cases = cases
        self._assignments = assignments
        self._seats = seats
        self._outbox = outbox
        self._alerts = alerts
        self._assigner = assigner
        self._clock = clock
        self.targets = targets
        self._on_breach = on_breach

    async def tick(self) -> list[Breach]:
        """One round; returns the breaches this process escalated."""
        now = self._clock()
        docs = await self._cases.awaiting_first_reply()
        by_id = {doc["_id"]: doc for doc in docs}
        escalated = []
        for breach in breaches([awaiting_view(doc) for doc in docs], now, self.targets):
            if await self._escalate(by_id[breach.case_id], breach, now):
                escalated.append(breach)
                await self._offer_elsewhere(breach.case_id, now)
        return escalated

    def _events(
        self, doc: dict[str, Any], breach: Breach
    ) -> tuple[list[Envelope], list[RequestPartnerAlert]]:
        case_id, level = doc["_id"], breach.level
        base = (case_id, "sla_breach", level.value, aware(doc["waiting_since"]).isoformat())
        escalated = CaseEscalated(
            case_id=case_id,
            consulter_id=doc["consulter_id"],
            level=level.value,
            reason="sla_breach",
            waited_seconds=breach.waited.total_seconds(),
            target_seconds=breach.target.total_seconds(),
        )
        alerts = self._alerts.for_case(
            "sla_breach",
            case_id=case_id,
            level=level,
            alert_id=lambda kind: derived_event_id(*base, "alert", kind),
        )
        envelopes = [
            system_envelope(
                d,
                event_id=derived_event_id(*base, d.TYPE, getattr(d, "alert_id", "")),
                correlation_id=case_id,
            )
            for d in (escalated, *alerts)
        ]
        return envelopes, alerts

    async def _escalate(self, doc: dict[str, Any], breach: Breach, now: datetime) -> bool:
        envelopes, alerts = self._events(doc, breach)
        waited = breach.waited.total_seconds()
        push = self._outbox.push(doc["_id"], envelopes, now)
        if not await self._cases.escalate(doc["_id"], breach.level, now, waited, push):
            return False  # another process escalated it, or she was answered meanwhile
        log.warning("sla_breach", case_id=doc["_id"], level=breach.level.value, waited_s=round(waited))
        self._on_breach(breach.level)
        await self._alerts.track(alerts, doc["_id"], "sla_breach")
        await self._outbox.deliver(doc["_id"], envelopes)
        return True

    async def _offer_elsewhere(self, case_id: str, now: datetime) -> None:
        doc = await self._cases.get(case_id)
        if doc is None or doc["status"] != "assigned" or doc.get("first_response_at") is not None:
            return  # waiting: the periodic assignment already offers it to whoever is free
        current = doc["counselor_id"]
        waiting = (await self._assignments.view(doc)).with_excluded(current)
        decision = choose_counselor(waiting.case, await self._seats.loads(now))
        if decision is None:
            log.info("sla_no_other_counselor", case_id=case_id)
            return
        released = await self._assignments.unassign(case_id, current, exclude=True, unanswered_only=True)
        if released is None:
            return  # she answered or it changed hands meanwhile
        await self._assigner.give(
            waiting,
            decision.counselor_id,
            now,
            reason="sla_breach",
            previous_counselor_id=current,
            event_id=derived_event_id(case_id, current, now.isoformat(), "sla_reassign"),
            correlation_id=case_id,
            missing_skills=decision.missing_skills,
        )
