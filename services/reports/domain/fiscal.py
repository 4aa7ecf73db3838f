"""The ward's calendar: fiscal years (April to March), months and days in Japan time.

Every figure is bucketed by the Japan-time date of what it counts (Asia/Tokyo has no daylight
saving), so a message at 23:30 UTC on 31 March is counted on 1 April, in the new fiscal year.
A fiscal year is named by the calendar year it starts in: FY2025 runs from 2025-04-01 to
2026-03-31, which the ward writes 令和7年度.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

JAPAN = ZoneInfo("Asia/Tokyo")
REIWA_FIRST_YEAR = 2019
_JAPAN_OFFSET_S = 9 * 3600  # Asia/Tokyo: UTC+9 all year (no daylight saving since 1951)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _japan_day(moment: datetime) -> int:
    """Days since 1970-01-01 of `moment`'s Japan-time date: arithmetic, not a zone conversion, because
    a year's figures ask it millions of times (the benchmark's year has a million messages)."""
    return int((moment.timestamp() + _JAPAN_OFFSET_S) // 86400)


@dataclass(frozen=True, slots=True)
class FiscalCalendar:
    """Fiscal years starting on `start_month`/`start_day` (the programme's: 1 April)."""

    start_month: int = 4
    start_day: int = 1

    def local_date(self, moment: datetime) -> date:
        return self._day(_japan_day(moment))[0]

    @lru_cache(maxsize=8192)  # noqa: B019  (a few thousand days, on a frozen, hashable calendar)
    def _day(self, day_number: int) -> tuple[date, int, str]:
        day = date.fromordinal(_EPOCH_ORDINAL + day_number)
        return day, self.year_of_date(day), day.strftime("%Y-%m")

    def year_of_date(self, day: date) -> int:
        return day.year if (day.month, day.day) >= (self.start_month, self.start_day) else day.year - 1

    def year_of(self, moment: datetime) -> int:
        """The fiscal year `moment` falls in (Japan time)."""
        return self._day(_japan_day(moment))[1]

    def month_of(self, moment: datetime) -> str:
        """`YYYY-MM` of the Japan-time calendar month (the ward's months, April first)."""
        return self._day(_japan_day(moment))[2]

    def months(self, fiscal_year: int) -> tuple[str, ...]:
        """The twelve `YYYY-MM` of a fiscal year, in order."""
        out = []
        for step in range(12):
            month = (self.start_month - 1 + step) % 12 + 1
            year = fiscal_year + (self.start_month - 1 + step) // 12
            out.append(f"{year:04d}-{month:02d}")
        return tuple(out)

    def bounds(self, fiscal_year: int) -> tuple[date, date]:
        """First and last day of the fiscal year (both included)."""
        start = date(fiscal_year, self.start_month, self.start_day)
        end = date(fiscal_year + 1, self.start_month, self.start_day).toordinal() - 1
        return start, date.fromordinal(end)


def era_label(fiscal_year: int) -> str:
    """令和N年度 (the ward's name for the year); 令和元年度 for 2019."""
    n = fiscal_year - REIWA_FIRST_YEAR + 1
    if n < 1:
        return f"{fiscal_year}年度"
    return "令和元年度" if n == 1 else f"令和{n}年度"


def month_label(month: str) -> str:
    """`2025-04` → `4月`."""
    return f"{int(month[5:7])}月"
