"""`GET /api/cases/closed`: closed cases, to find a case again and read it (read-only).

Filters, all optional: `ref` (the start of a case reference, as the console shows it), `from` and
`to` (closing dates in Japan time, both included), `level`, `outcome`. A counselor finds only the
cases she closed or last held; a supervisor any. Nothing searches message text. The listing is
audited (`cases.search_closed`, with the filters' codes and the count).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from services.triage.adapters.case_history import CaseHistory, ClosedFilter
from services.triage.adapters.staff import StaffDirectory
from services.triage.api.access import CASE_ROLES, CaseAccess
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from shared.events import CaseOutcome, RiskLevelName
from shared.web.errors import api_error
from shared.web.respond import respond

JST = ZoneInfo("Asia/Tokyo")


class ClosedQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    ref: Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F-]{1,36}$")] | None = None
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    level: RiskLevelName | None = None
    outcome: CaseOutcome | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), JST)


class HistoryRoutes:
    def __init__(self, *, access: CaseAccess, history: CaseHistory, staff: StaffDirectory) -> None:
        self._access = access
        self._history = history
        self._staff = staff

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/api/cases/closed", self.closed)]

    @describe("Closed cases by reference, closing date, level and outcome", tags=("cases",), roles=CASE_ROLES)
    async def closed(self, request: web.Request) -> web.Response:
        who = require_role(request, *CASE_ROLES)
        try:
            query = ClosedQuery.model_validate({k: v for k, v in request.query.items() if v})
        except ValidationError:
            raise api_error(422, "invalid_query", "Use ref, from, to (YYYY-MM-DD), level, outcome.") from None
        wanted = ClosedFilter(
            ref=query.ref.lower() if query.ref else None,
            closed_from=_start_of(query.date_from) if query.date_from else None,
            closed_before=_start_of(query.date_to + timedelta(days=1)) if query.date_to else None,
            level=query.level,
            outcome=query.outcome.value if query.outcome else None,
            counselor_id=None if who.role == "supervisor" else who.id,
        )
        names = await self._staff.names()
        cases: list[dict[str, Any]] = [
            {"id": d.pop("_id"), **d, "counselor_name": names.get(d.get("counselor_id") or "")}
            for d in await self._history.closed(wanted)
        ]
        filters = {k: v for k, v in query.model_dump(mode="json", by_alias=True).items() if v is not None}
        await self._access.audit(who, "cases.search_closed", None, count=len(cases), **filters)
        return respond({"cases": cases})
