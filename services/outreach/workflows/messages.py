"""Her appointment messages, asked of triage (`outreach.message.requested`): the confirmation after
each (re)scheduling and the reminders. Only the date, the time and the place's neutral wording from
the catalogue (`line_label`; none for her home or a place that must not be named) go: triage writes
the text in her language, checks it for unsafe words and sends it silently."""

from __future__ import annotations

from typing import Any, Literal

from services.outreach.domain.places import PlaceCatalogue
from services.outreach.workflows.events import outreach_envelope
from shared.events import Envelope, SendAppointmentMessage


class AppointmentMessages:
    def __init__(self, places: PlaceCatalogue) -> None:
        self._places = places

    def envelope(self, visit: dict[str, Any], kind: Literal["confirm", "reminder"], which: str) -> Envelope:
        """`which` names this message among the visit revision's (confirm, day_before, hours_before)."""
        place = self._places.get(str(visit.get("place_id")))
        message_id_parts = (visit["_id"], str(visit["revision"]), which)
        data = SendAppointmentMessage(
            message_id="-".join(message_id_parts),
            request_id=visit["request_id"],
            visit_id=visit["_id"],
            revision=int(visit["revision"]),
            case_id=visit["case_id"],
            consulter_id=visit["consulter_id"],
            kind=kind,
            starts_at=visit["starts_at"],
            place=place.line_label if place else None,
        )
        return outreach_envelope(data, *message_id_parts, correlation_id=visit["request_id"])
