"""How requests and visits are shown to staff: codes, times, the roster's names and the catalogue's
place names (for the console), never her words or LINE id. Sealed fields are opened only in the
views of one visit (`visit(..., sealed=True)`), for staff the route already allowed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.consent import summary
from services.outreach.domain.places import PlaceCatalogue
from services.outreach.domain.roster import Roster
from shared.events import OutreachConsent


class Views:
    def __init__(self, *, roster: Roster, places: PlaceCatalogue, visits: Visits) -> None:
        self._roster = roster
        self._places = places
        self._visits = visits

    def request(self, doc: dict[str, Any], now: datetime) -> dict[str, Any]:
        consent = doc.get("consent")
        consented = doc.get("consented_at")
        return {
            "id": doc["_id"],
            "case_ref": str(doc.get("case_id", ""))[:8],
            "status": doc.get("status"),
            "urgency": doc.get("urgency"),
            "accompaniment": doc.get("accompaniment"),
            "area": doc.get("area"),
            "consented_at": consented,
            "waiting_days": (now - consented).days if consented else None,
            "requested_by": doc.get("requested_by"),
            "visit_id": doc.get("visit_id"),
            "consent": summary(OutreachConsent.model_validate(consent)) if consent else None,
            "cancel": doc.get("cancel"),
        }

    def visit(self, doc: dict[str, Any], *, sealed: bool = False) -> dict[str, Any]:
        place = self._places.get(str(doc.get("place_id")))
        names = self._roster.names()
        view = {
            "id": doc["_id"],
            "request_id": doc["request_id"],
            "case_ref": str(doc.get("case_id", ""))[:8],
            "revision": doc["revision"],
            "status": doc["status"],
            "starts_at": doc["starts_at"],
            "ends_at": doc["ends_at"],
            "occupancy": doc.get("occupancy"),
            "travel_before_min": doc.get("travel_before_min"),
            "travel_after_min": doc.get("travel_after_min"),
            "place": {"id": doc.get("place_id"), "name": place.name if place else None, "note": place.note if place else None},
            "staff": [{"id": s, "name": names.get(s, s)} for s in doc["staff_ids"]],
            "accompany_to": doc.get("accompany_to"),
            "accompany_contact": doc.get("accompany_contact"),
            "coordinator_id": doc.get("coordinator_id"),
            "answer": doc.get("answer"),
            "check_in": doc.get("check_in"),
            "check_out": doc.get("check_out"),
            "result": doc.get("result"),
            "reminders": doc.get("reminders") or {},
            "overdue_alerted": doc.get("overdue_alerted"),
        }
        if sealed:
            view["details"] = self._visits.open(doc, "details")
            view["notes"] = self._visits.open(doc, "notes")
            view["history"] = doc.get("history", [])
        return view
