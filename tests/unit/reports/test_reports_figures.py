"""Events in → figures out, exactly: the scenario's FY2025 worked out by hand (scenario.py says who
did what), then the same events twice and shuffled, then a rebuild from the archive."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from tests.unit.reports.scenario import events
from tests.unit.reports.support import feed, jst, reports, table, year

HEADLINE = {
    "consultations": 3,  # a1 (Apr), b1 (May), c1 (Jun); d1 had no counselor reply; c0 is FY2024
    "consultation_target": 280,
    "achievement_rate": 1.1,  # 3 / 280 = 1.07 %
    "followed": 3,  # A, B, D
    "blocked": 1,  # C in July
    "refollowed": 0,
    "friends_registered": 2,  # 3 + 0 - 1
    "friends_at_year_end": 3,  # C's follow in FY2024 + 2
    "consulters": 3,  # A, B, C
    "new_consulters": 2,  # A, B
    "continuing_consulters": 1,  # C consulted in FY2024
    "new_share": 66.7,
    "messages": 5,  # A 1, B 2, C 1 (c1), D 1
    "out_of_hours": 2,  # B at 23:10, D at 21:00
    "out_of_hours_share": 40.0,
    "outreach_visits": 1,
    "outreach_target": 12,
    "outreach_rate": 8.3,
}

# (table, row code, column, expected)
CELLS = [
    ("monthly", "2025-04", "consultations", 1),
    ("monthly", "2025-05", "consultations", 1),
    ("monthly", "2025-06", "cumulative", 3),
    ("monthly", "2025-08", "consultations", 0),
    ("monthly", "2025-04", "new_consulters", 1),
    ("monthly", "2025-06", "new_consulters", 0),
    ("monthly", "2025-08", "cases_opened", 1),
    ("monthly", "2025-07", "blocked", 1),
    ("monthly", "2025-07", "friends", -1),
    ("monthly", "2025-05", "out_of_hours", 1),
    ("monthly", "2025-05", "outreach_visits", 1),
    ("monthly", "total", "consultations", 3),
    ("age", "30s", "consulters", 1),
    ("age", "40s", "consulters", 1),  # B: the counselor's 40s wins over her own "20s"
    ("age", "20s", "consulters", 0),
    ("age", "30s", "share", 50.0),
    ("age", "not_given", "consulters", 1),  # C
    ("age", "not_given", "share", None),
    ("age", "total", "consulters", 3),
    ("consulters", "new", "consulters", 2),
    ("consulters", "continuing", "share", 33.3),
    ("channels", "school_card", "link_visits", 2),
    ("channels", "school_card", "answers", 1),
    ("channels", "school_card", "friends", 1),
    ("channels", "school_card", "consultations", 1),
    ("channels", "toilet_sticker", "answers", 1),
    ("channels", "toilet_sticker", "consultations", 1),
    ("channels", "social_ad", "answers", 1),
    ("channels", "social_ad", "friends", 1),
    ("channels", "social_ad", "consultations", 0),
    ("channels", "not_given", "friends", -1),  # C blocked
    ("channels", "not_given", "consultations", 1),  # c1
    ("channels", "total", "consultations", 3),
    ("hours", "19", "wd3", 1),  # A, Thursday 19h
    ("hours", "18", "wd5", 1),  # B, Saturday 18h
    ("hours", "23", "out_of_hours", 1),
    ("hours", "21", "wd4", 1),  # D, Friday 21h
    ("hours", "total", "messages", 5),
    ("hours", "total", "in_hours", 3),
    ("response", "high", "responses", 1),
    ("response", "high", "median_s", 300),
    ("response", "high", "late", 0),
    ("response", "emergency", "late", 1),
    ("response", "emergency", "late_share", 100.0),
    ("response", "emergency", "escalations", 1),
    ("response", "medium", "p90_s", 900),
    ("response", "low", "responses", 0),  # c0's response was in FY2024
    ("response", "total", "responses", 3),
    ("risk", "emergency", "cases", 1),
    ("risk", "high", "cases", 1),
    ("risk", "medium", "cases", 1),
    ("risk", "unassessed", "cases", 1),  # d1: a sticker
    ("risk", "total", "cases", 4),  # c0 opened in FY2024
    ("outcomes", "resolved", "closings", 1),
    ("outcomes", "referred", "consultations", 1),
    ("outcomes", "no_response", "closings", 1),
    ("outcomes", "no_response", "consultations", 0),
    ("outcomes", "total", "closings", 3),
    ("referrals", "police", "referrals", 1),
    ("referrals", "police", "delivered", 1),
    ("referrals", "total", "failed", 0),
    ("outreach", "proposed", "requests", 3),  # r1, r2 and the declined p1
    ("outreach", "requested", "requests", 2),
    ("outreach", "scheduled", "requests", 1),
    ("outreach", "completed", "requests", 1),
    ("outreach", "no_show", "requests", 0),
    ("outreach", "cancelled", "requests", 1),
    ("outreach", "withdrawn", "requests", 1),
]


async def _scenario_service():  # type: ignore[no-untyped-def]
    service = reports()
    for _ in range(2):
        await service.stores.visits.count("school_card", jst(2025, 4, 5).date())
    return service


async def test_headline_figures_are_the_hand_computed_ones() -> None:
    service = await _scenario_service()
    await feed(service, events())
    report = await year(service, 2025)
    assert report["headline"] == HEADLINE
    assert report["label"] == "令和7年度"
    assert report["period"] == {"start": "2025-04-01", "end": "2026-03-31"}


@pytest.fixture(scope="module")
def fy2025() -> dict[str, Any]:
    """The scenario's report, computed once for the table of cells below."""

    async def compute() -> dict[str, Any]:
        service = await _scenario_service()
        await feed(service, events())
        return await year(service, 2025)

    return asyncio.run(compute())


@pytest.mark.parametrize(("table_id", "code", "column", "expected"), CELLS)
def test_table_cells_are_the_hand_computed_ones(
    fy2025: dict[str, Any], table_id: str, code: str, column: str, expected: object
) -> None:
    assert table(fy2025, table_id)[code][column] == expected


async def test_the_previous_year_has_its_own_report() -> None:
    service = await _scenario_service()
    await feed(service, events())
    earlier = await year(service, 2024)
    assert earlier["headline"]["consultations"] == 1  # c0
    assert earlier["headline"]["new_consulters"] == 1
    assert await service.stores.summaries.years() == [2024, 2025]


async def test_duplicates_and_any_order_count_once() -> None:
    once = await _scenario_service()
    await feed(once, events())
    twice = await _scenario_service()
    originals = events()
    doubled = originals + originals  # the very same envelopes (same ids), redelivered
    random.Random(12).shuffle(doubled)
    await feed(twice, doubled)
    assert await year(twice, 2025) == await year(once, 2025)
    assert await twice.stores.archive.count() == len(originals)


async def test_rebuild_from_the_archive_gives_the_same_figures() -> None:
    service = await _scenario_service()
    await feed(service, events())
    live = await year(service, 2025)
    result = await service.rebuild.run()
    assert result.events == len(events())
    assert result.years == (2024, 2025)
    rebuilt = await service.stores.summaries.year(2025)
    assert rebuilt is not None
    rebuilt.pop("refreshed_at")
    assert rebuilt == live
