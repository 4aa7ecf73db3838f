"""Outreach against its target and its funnel (DESIGN §4 "Outreach"), from outreach's events.

- **Visits** (アウトリーチ実施件数): visits that ended `completed`, counted in the fiscal year of
  their (latest) scheduled start, or of when the result was recorded if no scheduling was seen.
  Measured against the yearly target (seeds/targets.yaml, 12).
- **Funnel** (アウトリーチの流れ): outreach proposed in the year — every proposal, whether she agreed
  (a request), declined or has not decided — and how far each got: consented, scheduled, completed
  (or no-show), cancelled, her consent withdrawn. One row per stage, in order; a proposal counts in
  every stage it reached, so the ward sees where the path breaks.

`STAGES` is the whole funnel (outreach's own figures, `GET /api/outreach/figures`, count the same
first four stages from outreach's records).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.reports.domain.tables import Column, Table
from services.reports.domain.year import Facts, Year

Request = Mapping[str, Any]


def _visits(request: Request) -> list[Mapping[str, Any]]:
    return list((request.get("visits") or {}).values())


def _scheduled(visit: Mapping[str, Any]) -> bool:
    return bool(visit.get("scheduled"))


def _result(visit: Mapping[str, Any]) -> str | None:
    result = visit.get("result") or {}
    return str(result["result"]) if result.get("result") else None


@dataclass(frozen=True, slots=True)
class Stage:
    code: str
    label: str
    reached: Callable[[Request], bool]


STAGES: tuple[Stage, ...] = (
    Stage("proposed", "提案した", lambda r: True),
    Stage("requested", "同意を得て依頼した", lambda r: r.get("requested_at") is not None),
    Stage("scheduled", "訪問日時を決めた", lambda r: any(_scheduled(v) for v in _visits(r))),
    Stage("completed", "訪問を実施した", lambda r: any(_result(v) == "completed" for v in _visits(r))),
    Stage("no_show", "会えなかった", lambda r: any(_result(v) == "no_show" for v in _visits(r))),
    Stage("cancelled", "取りやめた", lambda r: bool(r.get("cancelled"))),
    Stage("withdrawn", "同意を撤回した", lambda r: r.get("withdrawn_at") is not None),
)


def visit_time(visit: Mapping[str, Any]) -> datetime | None:
    """The latest scheduling's start, else when its result was recorded."""
    scheduled = list((visit.get("scheduled") or {}).values())
    if scheduled:
        return max(scheduled, key=lambda s: s["at"])["starts_at"]  # type: ignore[no-any-return]
    result = visit.get("result") or {}
    return result.get("at")


def completed_visits(year: Year, facts: Facts) -> int:
    return sum(
        1
        for request in facts.outreach
        for visit in _visits(request)
        if _result(visit) == "completed" and year.contains(visit_time(visit))
    )


def funnel_table(year: Year, facts: Facts) -> Table:
    requests = [r for r in facts.outreach if year.contains(r.get("proposed_at") or r.get("requested_at"))]
    rows = [
        {"stage": stage.label, "code": stage.code, "requests": sum(1 for r in requests if stage.reached(r))}
        for stage in STAGES
    ]
    columns = (Column("stage", "段階", "label"), Column("requests", "件数"))
    note = "その年度に提案したアウトリーチが、どの段階まで進んだか（1件が複数の段階に数えられます）。"
    return Table("outreach", "アウトリーチの流れ", columns, tuple(rows), False, note)
