"""The figures for a fiscal year (domain/figures.py), read from outreach's own records: for the
console's outreach pages and for the reports capability (`GET /api/outreach/figures`)."""

from __future__ import annotations

from typing import Any

from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.visits_repo import Visits
from services.outreach.domain.figures import FiscalYears, RequestFact, VisitFact, figures
from services.outreach.domain.ports import Clock


class Figures:
    def __init__(
        self, *, requests: OutreachRequests, visits: Visits, years: FiscalYears, target: int, clock: Clock
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._years = years
        self._target = target
        self._clock = clock

    def current_year(self) -> int:
        return self._years.year_of(self._clock())

    async def for_year(self, fiscal_year: int) -> dict[str, Any]:
        requests, proposals = await self._requests.for_figures()
        facts: dict[str, RequestFact] = {
            p["_id"]: RequestFact(p["_id"], p["at"], False, False, False) for p in proposals
        }
        for r in requests:
            proposed = facts.get(r["_id"])
            first = min(proposed.first_at, r["consented_at"]) if proposed else r["consented_at"]
            facts[r["_id"]] = RequestFact(
                r["_id"], first, True, bool(r.get("ever_scheduled")), bool(r.get("completed"))
            )
        visits = [VisitFact(v["starts_at"], v["status"]) for v in await self._visits.for_figures()]
        return figures(self._years, fiscal_year, target=self._target, visits=visits, requests=facts.values())
