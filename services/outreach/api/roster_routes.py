"""The roster, the places catalogue, the coordinator's alerts and the figures.

- `GET /api/outreach/staff` — the outreach staff: role, languages, skills, days and hours;
- `GET /api/outreach/places` — the catalogue (counselors too: the consent form lists it);
- `GET /api/outreach/alerts`, `POST /api/outreach/alerts/{id}/ack` — what needs the coordinator;
- `GET /api/outreach/figures?fy=2026` — the fiscal year's visits against the target, by month and
  result, and the funnel (coordinators, supervisors, admins; domain/figures.py defines each).
"""

from __future__ import annotations

from aiohttp import web

from services.outreach.adapters.alerts_repo import CoordinatorAlerts
from services.outreach.api.roles import (
    COORDINATOR,
    FIGURE_READERS,
    PLACE_READERS,
    QUEUE_READERS,
    READERS,
    actor,
)
from services.outreach.domain.places import PlaceCatalogue
from services.outreach.domain.ports import Clock
from services.outreach.domain.refusals import Missing, Unprocessable
from services.outreach.domain.roster import Roster
from services.outreach.domain.states import CANCEL_REASONS, DESTINATIONS, NEXT_STEPS
from services.outreach.workflows.figures import Figures
from shared.web.respond import respond


class RosterRoutes:
    def __init__(
        self, *, roster: Roster, places: PlaceCatalogue, alerts: CoordinatorAlerts, figures: Figures, clock: Clock
    ) -> None:
        self._roster = roster
        self._places = places
        self._alerts = alerts
        self._figures = figures
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/outreach/staff", self.staff),
            web.get("/api/outreach/places", self.places),
            web.get("/api/outreach/alerts", self.alerts),
            web.post("/api/outreach/alerts/{alert_id}/ack", self.acknowledge),
            web.get("/api/outreach/figures", self.figures),
        ]

    async def staff(self, request: web.Request) -> web.Response:
        actor(request, *READERS)
        staff = [
            {
                "id": s.id,
                "name": s.name,
                "role": s.role,
                "languages": list(s.languages),
                "skills": list(s.skills),
                "days": [d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if d in s.days],
                "hours": f"{s.start:%H:%M}-{s.end:%H:%M}",
            }
            for s in self._roster.staff
        ]
        return respond({"staff": staff})

    async def places(self, request: web.Request) -> web.Response:
        actor(request, *PLACE_READERS)
        places = [
            {"id": p.id, "name": p.name, "kind": p.kind, "area": p.area, "named_to_her": p.line_label is not None}
            for p in self._places.places
        ]
        codes = {"destinations": list(DESTINATIONS), "cancel_reasons": list(CANCEL_REASONS), "next_steps": list(NEXT_STEPS)}
        return respond({"places": places, **codes})

    async def alerts(self, request: web.Request) -> web.Response:
        actor(request, *QUEUE_READERS)
        return respond({"alerts": await self._alerts.open()})

    async def acknowledge(self, request: web.Request) -> web.Response:
        who = actor(request, COORDINATOR)
        done = await self._alerts.acknowledge(request.match_info["alert_id"], who.id, self._clock())
        if done is None:
            raise Missing("no_alert", "No such open alert.")
        return respond({"alert": done})

    async def figures(self, request: web.Request) -> web.Response:
        actor(request, *FIGURE_READERS)
        raw = request.query.get("fy")
        try:
            fiscal_year = int(raw) if raw else self._figures.current_year()
        except ValueError:
            raise Unprocessable("invalid_year", "fy: expected a fiscal year such as 2026.") from None
        if not 2000 <= fiscal_year <= 2100:
            raise Unprocessable("invalid_year", "fy: expected a fiscal year such as 2026.")
        return respond(await self._figures.for_year(fiscal_year))
