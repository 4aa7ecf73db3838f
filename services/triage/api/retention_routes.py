"""`GET /api/retention/runs`: the record of retention purges (when, up to which closing date, how
many cases, messages, notes and postback answers), for supervisors. Counts only."""

from __future__ import annotations

from aiohttp import web

from services.triage.adapters.retention import RetentionStore
from services.triage.api.access import CaseAccess
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from shared.web.respond import respond


class RetentionRoutes:
    def __init__(self, *, access: CaseAccess, retention: RetentionStore) -> None:
        self._access = access
        self._retention = retention

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/api/retention/runs", self.runs)]

    @describe(
        "Retention purges: when and how much (counts only)", tags=("supervision",), roles=("supervisor",)
    )
    async def runs(self, request: web.Request) -> web.Response:
        who = require_role(request, "supervisor")
        found = await self._retention.runs()
        await self._access.audit(who, "retention.runs.read", None, count=len(found))
        return respond({"runs": [{"id": d.pop("_id"), **d} for d in found]})
