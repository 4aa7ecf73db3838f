"""The automatic risk assessment of a message, and the case level it may raise.

`assess` reads the message with up to `recent_limit` of her earlier texts in the case and their
times, oldest first (the risk package's case view: some rules need what she said before, and
when). The case level only rises (a counselor's level stays): a new message's change is written
with everything else it changes on the case (adapters/case_after_message.py), an edit's by
`apply`. `case.risk.assessed` carries rule ids and flags, never the matched words (those are
stored sealed with the message).
"""

from __future__ import annotations

from datetime import datetime

import structlog

from services.triage.adapters.cases import CaseRepository, RiskChange
from services.triage.adapters.messages import MessageRepository
from services.triage.domain.needs import derive_needs
from services.triage.handlers.emit import Emitter
from services.triage.risk import Assessment, RiskAssessor
from shared.events import CaseRiskAssessed, Envelope, RiskReasonRef

log = structlog.get_logger(__name__)


class RiskStep:
    def __init__(
        self, assessor: RiskAssessor, messages: MessageRepository, cases: CaseRepository, recent_limit: int
    ) -> None:
        self._assessor = assessor
        self._messages = messages
        self._cases = cases
        self._recent_limit = recent_limit

    async def assess(self, case_id: str, message_id: str, at: datetime, text: str) -> Assessment:
        """Her message read with her last ones in the case and their times (the case view: a
        farewell after ideation an hour earlier, 「決めた」 the day after a plan)."""
        earlier = await self._messages.recent_messages(
            case_id, until=at, exclude=message_id, limit=self._recent_limit
        )
        return self._assessor.assess_case([*earlier, (text, at)])

    async def apply(
        self,
        emit: Emitter,
        *,
        case_id: str,
        consulter_id: str,
        message_id: str,
        assessment: Assessment,
        discriminator: str,
    ) -> Envelope:
        """Raise the case's level by its own write (an edited message) and say so."""
        change = await self._cases.raise_risk(case_id, assessment.level, needs_of(assessment))
        return self.assessed(
            emit,
            case_id=case_id,
            consulter_id=consulter_id,
            message_id=message_id,
            assessment=assessment,
            change=change,
            discriminator=discriminator,
        )

    def assessed(
        self,
        emit: Emitter,
        *,
        case_id: str,
        consulter_id: str,
        message_id: str,
        assessment: Assessment,
        change: RiskChange,
        discriminator: str,
    ) -> Envelope:
        """`case.risk.assessed` for a change already written."""
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


def needs_of(assessment: Assessment) -> tuple[str, ...]:
    """The skills her message asks of a counselor (domain/needs.py)."""
    return derive_needs((r.rule_id, r.level, r.flags) for r in assessment.reasons)
