"""What one fiscal year's figures are computed from: every fact, and the calendar that says which
moments fall in the year. Figures read facts only through these helpers, so "in the year" and
"which month" mean the same everywhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.reports.domain.facts import CaseFact, ConsulterFact
from services.reports.domain.fiscal import FiscalCalendar
from shared.intake_options import ChannelRegistry


@dataclass(frozen=True, slots=True)
class Visit:
    """Visits of a channel's friend-add link on one Japan-time day (a count, nothing about anyone)."""

    channel: str
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Facts:
    cases: Sequence[CaseFact]
    consulters: Mapping[str, ConsulterFact]
    alerts: Sequence[Mapping[str, Any]]
    outreach: Sequence[Mapping[str, Any]]
    visits: Sequence[Visit]


@dataclass(frozen=True, slots=True)
class Year:
    fiscal_year: int
    calendar: FiscalCalendar
    channels: ChannelRegistry

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and self.calendar.year_of(moment) == self.fiscal_year

    def contains_day(self, day: date) -> bool:
        return self.calendar.year_of_date(day) == self.fiscal_year

    def month(self, moment: datetime) -> str:
        return self.calendar.month_of(moment)

    @property
    def months(self) -> tuple[str, ...]:
        return self.calendar.months(self.fiscal_year)

    def before(self, moment: datetime) -> bool:
        """`moment` falls before this fiscal year began."""
        return self.calendar.year_of(moment) < self.fiscal_year

    def ends_after(self, moment: datetime) -> bool:
        """`moment` falls in this fiscal year or before it (counted in a year-end total)."""
        return self.calendar.year_of(moment) <= self.fiscal_year
