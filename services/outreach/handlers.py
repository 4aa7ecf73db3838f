"""Outreach's event handler, one row per event kind (`outreach.requests`): a request with her
consent, a proposal she has not agreed to, her withdrawal, her answer to an appointment message,
a case closing. Anything else is rejected to the dead-letter queue: it was routed here by mistake.
Every effect is idempotent (keyed by ids from the event), so a redelivery changes nothing twice."""

from __future__ import annotations

import structlog

from services.outreach.workflows.answers import HerAnswers
from services.outreach.workflows.intake import RequestIntake
from shared.events import (
    AppointmentAnswered,
    CaseClosed,
    Envelope,
    EventData,
    OutreachConsentWithdrawn,
    OutreachProposed,
    RequestOutreach,
)
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


class OutreachHandlers:
    """`Handler` for `EventConsumer` on `outreach.requests`."""

    def __init__(self, intake: RequestIntake, answers: HerAnswers) -> None:
        self._intake = intake
        self._answers = answers

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        with structlog.contextvars.bound_contextvars(case_id=getattr(data, "case_id", None)):
            match data:
                case RequestOutreach():
                    await self._intake.requested(envelope, data)
                case OutreachProposed():
                    await self._intake.proposed(data)
                case OutreachConsentWithdrawn():
                    await self._intake.withdrawn(envelope, data)
                case AppointmentAnswered():
                    await self._answers.on_answer(envelope, data)
                case CaseClosed():
                    await self._intake.case_closed(envelope, data)
                case _:
                    raise Rejected(f"outreach does not handle {envelope.type}")
