"""The periodic next-response check (domain/sla.py, "Next response"): after the first answer, a new
message of hers that waits past its target escalates once per wait and level — `case.escalated`
(reason `next_response`) and the on-call supervisor's `partner.alert.requested` (category
`next_response`, action `take_over`), stored in the case's outbox by the update that claims the
escalation (of several triage processes, one wins), then published. The case stays with its
counselor: the supervisor sees it marked in the console and may reassign it from the list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import structlog

from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.cases import aware
from services.triage.adapters.next_reply import NextReplies
from services.triage.domain.ports import Clock
from services.triage.domain.queue_order import WaitingCase
from services.triage.domain.sla import Breach, SlaTargets, breaches
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.alerts import SystemAlerts
from services.triage.workflows.events import system_envelope
from shared.events import CaseEscalated, derived_event_id

log = structlog.get_logger(__name__)


def _waiting(doc: dict[str, Any]) -> WaitingCase:
    return WaitingCase(
        doc["_id"],
        RiskLevel(doc["risk_level"]),
        aware(doc["awaiting_reply_since"]),
        escalated_levels=frozenset(RiskLevel(v) for v in doc.get("next_escalated_levels") or ()),
    )


class NextResponseCheck:
    def __init__(
        self, waits: NextReplies, outbox: CaseOutbox, alerts: SystemAlerts, clock: Clock, targets: SlaTargets
    ) -> None:
        self._waits = waits
        self._outbox = outbox
        self._alerts = alerts
        self._clock = clock
        self.targets = targets

    async def tick(self) -> list[Breach]:
        now = self._clock()
        docs = {doc["_id"]: doc for doc in await self._waits.waiting()}
        escalated = []
        for breach in breaches([_waiting(d) for d in docs.values()], now, self.targets):
            if await self._escalate(docs[breach.case_id], breach, now):
                escalated.append(breach)
        return escalated

    async def _escalate(self, doc: dict[str, Any], breach: Breach, now: datetime) -> bool:
        case_id, since = doc["_id"], doc["awaiting_reply_since"]
        base = (case_id, "next_response", breach.level.value, aware(since).isoformat())
        data = CaseEscalated(
            case_id=case_id,
            consulter_id=doc["consulter_id"],
            level=breach.level.value,
            reason="next_response",
            waited_seconds=breach.waited.total_seconds(),
            target_seconds=breach.target.total_seconds(),
        )
        alerts = self._alerts.for_case(
            "next_response",
            case_id=case_id,
            level=breach.level,
            alert_id=lambda kind: derived_event_id(*base, "alert", kind),
        )
        envelopes = [
            system_envelope(
                d, event_id=derived_event_id(*base, d.TYPE, getattr(d, "alert_id", "")), correlation_id=case_id
            )
            for d in (data, *alerts)
        ]
        push = self._outbox.push(case_id, envelopes, now)
        if not await self._waits.escalate(case_id, breach.level.value, since, now, push):
            return False
        log.warning("next_response_breach", case_id=case_id, level=breach.level.value)
        await self._alerts.track(alerts, case_id, "next_response")
        await self._outbox.deliver(case_id, envelopes)
        return True
