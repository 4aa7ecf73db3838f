"""The automatic risk assessment of a message, and the case level it may raise.

`assess_text` reads the message with up to `recent_messages_for_risk` of her earlier texts in the
case (oldest first: some rules need what she said before). `apply_assessment` raises the case level
(never lowers it; a counselor's level stays) and returns `case.risk.assessed`, whose reasons carry
rule ids and flags but never the matched words (those are stored sealed with the message).
"""

from __future__ import annotations

from datetime import datetime

import structlog

from services.triage.context import TriageContext
from services.triage.domain.needs import derive_needs
from services.triage.handlers.emit import Emitter
from services.triage.risk import Assessment
from shared.events import CaseRiskAssessed, Envelope, RiskReasonRef

log = structlog.get_logger(__name__)


async def assess_text(
    ctx: TriageContext, case_id: str, message_id: str, at: datetime, text: str
) -> Assessment:
    limit = ctx.settings.recent_messages_for_risk
    recent = await ctx.messages.recent_texts(case_id, until=at, exclude=message_id, limit=limit)
    return ctx.assessor.assess(text, recent=tuple(recent))


async def apply_assessment(
    ctx: TriageContext,
    emit: Emitter,
    *,
    case_id: str,
    consulter_id: str,
    message_id: str,
    assessment: Assessment,
    discriminator: str,
) -> Envelope:
    needs = derive_needs((r.rule_id, r.level, r.flags) for r in assessment.reasons)
    change = await ctx.cases.raise_risk(case_id, assessment.level, needs)
    # Rule ids and levels only: the reasons' spans are her words.
    log.info(
        "risk_assessed",
        assessed=assessment.level.value,
        level=change.level.value,
        previous=change.previous.value,
        rules=[r.rule_id for r in assessment.reasons],
    )
    data = CaseRiskAssessed(
        case_id=case_id,
        consulter_id=consulter_id,
        message_id=message_id,
        level=change.level.value,
        assessed_level=assessment.level.value,
        previous_level=change.previous.value,
        by="auto",
        reasons=tuple(
            RiskReasonRef(rule_id=r.rule_id, level=r.level.value, flags=tuple(r.flags))
            for r in assessment.reasons
        ),
    )
    return emit.envelope(data, discriminator)
