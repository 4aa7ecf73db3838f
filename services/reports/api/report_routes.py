"""`/api/reports/...`: the yearly figures as JSON and each table as CSV (supervisors and admins).

- `GET /api/reports/years` — the fiscal years with figures, and the current one;
- `GET /api/reports/years/{fy}` — that year's report (`?publication=1`: small counts hidden);
- `GET /api/reports/years/{fy}/tables/{table}.csv` — one table as CSV (same switch);
- `POST /api/reports/refresh` — recompute now instead of within REPORTS_REFRESH_S.
Each answer reads one stored document: figures are computed when events arrive, not when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from services.reports.adapters.summaries import Summaries
from services.reports.domain.csv_format import table_csv
from services.reports.domain.fiscal import FiscalCalendar
from services.reports.domain.publication import for_publication
from services.reports.workflows.summarise import Summariser
from shared.web.errors import api_error
from shared.web.respond import respond
from shared.web.staff import require_role

ROLES = ("supervisor", "admin")


def _publication(request: web.Request) -> bool:
    return request.query.get("publication", "") in ("1", "true", "yes")


class ReportRoutes:
    def __init__(
        self,
        *,
        summaries: Summaries,
        summariser: Summariser,
        calendar: FiscalCalendar,
        threshold: int,
        clock: Callable[[], datetime],
    ) -> None:
        self._summaries = summaries
        self._summariser = summariser
        self._calendar = calendar
        self._threshold = threshold
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/reports/years", self.years),
            web.get("/api/reports/years/{fy:[0-9]{4}}", self.year),
            web.get("/api/reports/years/{fy:[0-9]{4}}/tables/{table:[a-z_]+}.csv", self.csv),
            web.post("/api/reports/refresh", self.refresh),
        ]

    async def _report(self, request: web.Request) -> dict[str, Any]:
        require_role(request, *ROLES)
        report = await self._summaries.year(int(request.match_info["fy"]))
        if report is None:
            raise api_error(404, "no_figures", "There are no figures for that fiscal year.")
        return for_publication(report, self._threshold) if _publication(request) else report

    async def years(self, request: web.Request) -> web.Response:
        require_role(request, *ROLES)
        current = self._calendar.year_of(self._clock())
        return respond({"years": await self._summaries.years(), "current": current, "threshold": self._threshold})

    async def year(self, request: web.Request) -> web.Response:
        return respond(await self._report(request))

    async def csv(self, request: web.Request) -> web.Response:
        report = await self._report(request)
        name = request.match_info["table"]
        table = next((t for t in report["tables"] if t["id"] == name), None)
        if table is None:
            raise api_error(404, "no_table", "There is no such table.")
        suffix = "_publication" if _publication(request) else ""
        filename = f"tsunagari_FY{report['fiscal_year']}_{name}{suffix}.csv"
        return web.Response(
            body=table_csv(table),
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )

    async def refresh(self, request: web.Request) -> web.Response:
        require_role(request, *ROLES)
        await self._summariser.refresh(force=True)
        return respond({"years": await self._summaries.years()})
