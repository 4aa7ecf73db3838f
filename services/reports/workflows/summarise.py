"""Turning the facts into each fiscal year's report, when something changed.

The consumer only records facts (cheap, idempotent); this round folds every fact into every year's
report and stores one document per year, which is all the API ever reads. It runs every
REPORTS_REFRESH_S seconds when an event arrived since the last run (and on demand: `POST
/api/reports/refresh`, tests, the rebuild). Two replicas running it at once store the same
reports: it is a pure function of the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog

from services.reports.adapters.stores import ReportStores
from services.reports.domain.report import fiscal_years, year_report
from services.reports.domain.targets import Targets
from services.reports.domain.year import Facts, Year
from shared.intake_options import ChannelRegistry

log = structlog.get_logger(__name__)


def all_reports(facts: Facts, targets: Targets, channels: ChannelRegistry) -> dict[int, dict[str, Any]]:
    """Every fiscal year's report from one set of facts."""
    return {
        fy: year_report(Year(fy, targets.calendar, channels), facts, targets)
        for fy in sorted(fiscal_years(facts, targets))
    }


class Summariser:
    def __init__(
        self,
        stores: ReportStores,
        targets: Targets,
        channels: ChannelRegistry,
        clock: Callable[[], datetime],
    ) -> None:
        self._stores = stores
        self._targets = targets
        self._channels = channels
        self._clock = clock

    async def store(self, facts: Facts, upto: int) -> dict[int, dict[str, Any]]:
        reports = all_reports(facts, self._targets, self._channels)
        await self._stores.summaries.store(reports, upto=upto, at=self._clock())
        return reports

    async def refresh(self, *, force: bool = False) -> bool:
        """Summarise if anything changed since the last run (or `force`); True if it ran."""
        pending = await self._stores.summaries.pending()
        if pending is None and not force:
            return False
        facts = await self._stores.facts.load(await self._stores.visits.all())
        reports = await self.store(facts, pending or 0)
        log.info("reports_summarised", years=sorted(reports), cases=len(facts.cases))
        return True
