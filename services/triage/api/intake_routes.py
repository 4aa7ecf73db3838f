"""`GET /api/intake/options`: the age bands and publicity channels a counselor can record (the same
codes and the same list the consulter is offered on LINE: shared/intake_options.py)."""

from __future__ import annotations

from aiohttp import web

from services.triage.api.access import CASE_ROLES
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from shared.intake_options import AGE_BANDS, ChannelRegistry
from shared.web.respond import respond


class IntakeRoutes:
    def __init__(self, *, channels: ChannelRegistry) -> None:
        self._channels = channels

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/api/intake/options", self.options)]

    @describe("The intake's age bands and publicity channels", tags=("cases",), roles=CASE_ROLES)
    async def options(self, request: web.Request) -> web.Response:
        require_role(request, *CASE_ROLES)
        return respond(
            {
                "age_bands": [{"code": code, "label": label} for code, label in AGE_BANDS],
                "channels": [{"code": c.id, "label": c.label} for c in self._channels.channels],
            }
        )
