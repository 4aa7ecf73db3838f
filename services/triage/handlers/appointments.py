"""The handler of `triage.appointments`: outreach asks triage to send her an appointment message
(workflows/appointments.py). One event, one silent LINE send, stored in her conversation; a repeat
of the same event sends nothing new (ids derived from it, consumers de-duplicate)."""

from __future__ import annotations

import structlog

from services.triage.workflows.appointments import Appointments
from shared.events import Envelope, EventData, SendAppointmentMessage
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


class AppointmentHandler:
    """`Handler` for `EventConsumer` on `triage.appointments`."""

    def __init__(self, appointments: Appointments) -> None:
        self._appointments = appointments

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, SendAppointmentMessage):
            raise Rejected(f"triage.appointments takes outreach.message.requested, not {envelope.type}")
        with structlog.contextvars.bound_contextvars(case_id=data.case_id, visit_id=data.visit_id):
            await self._appointments.send(envelope, data)
