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

from datetime import UTC, datetime
from typing import Any

import structlog

from services.triage.context import Publisher, TriageContext
from services.triage.domain.assignment import choose_counselor
from services.triage.domain.sla import AwaitingFirstReply, Breach, breaches
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.alerts import system_alerts, track_alerts
from services.triage.workflows.assign import Assigner
from services.triage.workflows.events import system_envelope
from shared.events import CaseEscalated, Envelope, RequestPartnerAlert, derived_event_id

log = structlog.get_logger(__name__)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SlaChecker:
    def __init__(self, ctx: TriageContext, publisher: Publisher | None) -> None:
        self._ctx = ctx
        self._publisher = publisher

    async def tick(self) -> list[Breach]:
        """One round; returns the breaches this process escalated."""
        now = self._ctx.clock()
        docs = await self._ctx.db["cases"].find({"open": True, "first_response_at": None}).to_list(None)
        by_id = {doc["_id"]: doc for doc in docs}
        awaiting = [
            AwaitingFirstReply(
                doc["_id"],
                RiskLevel(doc["risk_level"]),
                _aware(doc["waiting_since"]),
                frozenset(RiskLevel(level) for level in doc.get("escalated_levels", ())),
            )
            for doc in docs
        ]
        escalated = []
        for breach in breaches(awaiting, now, self._ctx.sla_targets):
            if await self._escalate(by_id[breach.case_id], breach, now):
                escalated.append(breach)
                await self._offer_elsewhere(breach.case_id, now)
        return escalated

    def _events(
        self, doc: dict[str, Any], breach: Breach
    ) -> tuple[list[Envelope], list[RequestPartnerAlert]]:
        case_id, level = doc["_id"], breach.level
        base = (case_id, "sla_breach", level.value, _aware(doc["waiting_since"]).isoformat())
        escalated = CaseEscalated(
            case_id=case_id,
            consulter_id=doc["consulter_id"],
            level=level.value,
            reason="sla_breach",
            waited_seconds=breach.waited.total_seconds(),
            target_seconds=breach.target.total_seconds(),
        )
        alerts = system_alerts(
            self._ctx,
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
        level = breach.level.value
        won = await self._ctx.db["cases"].find_one_and_update(
            {"_id": doc["_id"], "open": True, "first_response_at": None, "escalated_levels": {"$ne": level}},
            {
                "$addToSet": {"escalated_levels": level},
                "$set": {f"escalations.{level}": {"at": now, "waited_s": breach.waited.total_seconds()}},
                **self._ctx.outbox.push(doc["_id"], envelopes, now),
            },
        )
        if won is None:
            return False  # another process escalated it, or she was answered meanwhile
        log.warning(
            "sla_breach", case_id=doc["_id"], level=level, waited_s=round(breach.waited.total_seconds())
        )
        await track_alerts(self._ctx, alerts, doc["_id"], "sla_breach")
        await self._ctx.outbox.deliver(self._publisher, doc["_id"], envelopes)
        return True

    async def _offer_elsewhere(self, case_id: str, now: datetime) -> None:
        doc = await self._ctx.cases.get(case_id)
        if doc is None or doc["status"] != "assigned" or doc.get("first_response_at") is not None:
            return  # waiting: the periodic assignment already offers it to whoever is free
        current = doc["counselor_id"]
        waiting = (await self._ctx.assignments.view(doc)).with_excluded(current)
        decision = choose_counselor(waiting.case, await self._ctx.seats.loads(now))
        if decision is None:
            log.info("sla_no_other_counselor", case_id=case_id)
            return
        released = await self._ctx.assignments.unassign(case_id, current, exclude=True, unanswered_only=True)
        if released is None:
            return  # she answered or it changed hands meanwhile
        await Assigner(self._ctx, self._publisher).give(
            waiting,
            decision.counselor_id,
            now,
            reason="sla_breach",
            previous_counselor_id=current,
            event_id=derived_event_id(case_id, current, now.isoformat(), "sla_reassign"),
            correlation_id=case_id,
            missing_skills=decision.missing_skills,
        )
