"""The programme's outreach figures for a fiscal year (April to March, Japan time).

- **Visits** (実施件数): visits whose result is `completed`, counted in the fiscal year of their
  (latest) planned start, against the yearly target (seeds/targets.yaml, 12); the rate is
  visits ÷ target × 100, one decimal.
- **By month and result**: for each month of the year, the visits that started then, by result
  (completed, no-show, cancelled) and those still to come (`upcoming`).
- **Funnel** (提案 → 同意 → 日程決定 → 実施): the proposals and requests first made in the year —
  proposed (every proposal, whether she agreed, declined or has not decided), consented (a request
  with her consent), scheduled (a visit was planned for it), completed (a visit of it was done).
  Each counts once per request in every stage it reached, so the ward sees where the path breaks.
Reports (services/reports) keeps the same visit count from the same events for the yearly report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

RESULTS = ("completed", "no_show", "cancelled", "upcoming")
STAGES = ("proposed", "consented", "scheduled", "completed")


@dataclass(frozen=True, slots=True)
class FiscalYears:
    tz: tzinfo
    start_month: int = 4
    start_day: int = 1

    def year_of(self, moment: datetime) -> int:
        day = moment.astimezone(self.tz).date()
        return day.year if (day.month, day.day) >= (self.start_month, self.start_day) else day.year - 1

    def bounds(self, fiscal_year: int) -> tuple[date, date]:
        start = date(fiscal_year, self.start_month, self.start_day)
        end = date(fiscal_year + 1, self.start_month, self.start_day)
        return start, date.fromordinal(end.toordinal() - 1)

    def months(self, fiscal_year: int) -> list[str]:
        out = []
        for step in range(12):
            month = (self.start_month - 1 + step) % 12 + 1
            year = fiscal_year + (self.start_month - 1 + step) // 12
            out.append(f"{year:04d}-{month:02d}")
        return out

    def month_of(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%Y-%m")


@dataclass(frozen=True, slots=True)
class VisitFact:
    starts_at: datetime
    status: str


@dataclass(frozen=True, slots=True)
class RequestFact:
    id: str
    first_at: datetime  # proposed, or consented if it never was a proposal first
    consented: bool
    scheduled: bool
    completed: bool


def reiwa(fiscal_year: int) -> str:
    return f"令和{fiscal_year - 2018}年度" if fiscal_year > 2019 else ("令和元年度" if fiscal_year == 2019 else f"{fiscal_year}年度")


def _result(status: str) -> str:
    return status if status in ("completed", "no_show", "cancelled") else "upcoming"


def figures(
    years: FiscalYears,
    fiscal_year: int,
    *,
    target: int,
    visits: Iterable[VisitFact],
    requests: Iterable[RequestFact],
) -> dict[str, object]:
    in_year = [v for v in visits if years.year_of(v.starts_at) == fiscal_year]
    by_month: dict[str, Counter[str]] = {m: Counter() for m in years.months(fiscal_year)}
    for visit in in_year:
        by_month[years.month_of(visit.starts_at)][_result(visit.status)] += 1
    results = Counter(_result(v.status) for v in in_year)
    completed = results["completed"]
    chosen = [r for r in requests if years.year_of(r.first_at) == fiscal_year]
    reached = {
        "proposed": len(chosen),
        "consented": sum(1 for r in chosen if r.consented),
        "scheduled": sum(1 for r in chosen if r.scheduled),
        "completed": sum(1 for r in chosen if r.completed),
    }
    start, end = years.bounds(fiscal_year)
    return {
        "fiscal_year": fiscal_year,
        "label": reiwa(fiscal_year),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "target": target,
        "completed": completed,
        "rate": round(completed * 100 / target, 1) if target else None,
        "results": {name: results[name] for name in RESULTS},
        "months": [{"month": m, **{name: c[name] for name in RESULTS}} for m, c in by_month.items()],
        "funnel": [{"stage": stage, "count": reached[stage]} for stage in STAGES],
    }
