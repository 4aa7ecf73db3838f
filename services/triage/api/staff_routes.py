"""Staff for the console: who is who (names, never ids on screen), who is on shift and free (the
supervisor's reassignment list), and each person's console settings.

- `GET /api/staff` — counselors and supervisors who take cases: id, name, role, skills, on shift
  now, seats in use and capacity;
- `GET /api/me/preferences`, `PUT /api/me/preferences {"lang"?, "sound"?, "desktop"?}` — the
  console's language (ja, en), the emergency sound and the desktop notice, kept on the server
  because the console stores nothing in the browser.
"""

from __future__ import annotations

from aiohttp import web

from services.triage.adapters.seats import SeatLedger
from services.triage.adapters.staff import StaffDirectory
from services.triage.api.access import CASE_ROLES
from services.triage.api.bodies import PreferencesIn
from services.triage.api.middlewares import principal, require_role
from services.triage.api.openapi import describe
from services.triage.domain.ports import Clock
from shared.web.json_body import read_model
from shared.web.respond import respond


class StaffRoutes:
    def __init__(self, *, staff: StaffDirectory, seats: SeatLedger, clock: Clock) -> None:
        self._staff = staff
        self._seats = seats
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/staff", self.roster),
            web.get("/api/me/preferences", self.preferences),
            web.put("/api/me/preferences", self.set_preferences),
        ]

    @describe("Case-taking staff: names, on shift, free seats", tags=("staff",), roles=CASE_ROLES)
    async def roster(self, request: web.Request) -> web.Response:
        require_role(request, *CASE_ROLES)
        names = await self._staff.names()
        people = [
            {
                "id": load.id,
                "display_name": names.get(load.id, load.id),
                "skills": sorted(load.skills),
                "on_shift": load.on_shift,
                "active_cases": load.active_case_count,
                "capacity": load.capacity,
                "free": load.free,
            }
            for load in await self._seats.loads(self._clock())
        ]
        people.sort(key=lambda p: (not p["free"], not p["on_shift"], p["display_name"]))
        return respond({"staff": people})

    @describe("My console settings", tags=("staff",))
    async def preferences(self, request: web.Request) -> web.Response:
        return respond({"preferences": await self._staff.preferences(principal(request).id)})

    @describe("Change my console settings", tags=("staff",), request=PreferencesIn)
    async def set_preferences(self, request: web.Request) -> web.Response:
        who = principal(request)
        body = await read_model(request, PreferencesIn)
        await self._staff.set_preferences(who.id, body.model_dump(exclude_none=True))
        return respond({"preferences": await self._staff.preferences(who.id)})
