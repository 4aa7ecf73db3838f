"""Queue order: risk first, then waiting time (services/triage/domain/queue_order.py)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.triage.domain.queue_order import (
    MONGO_QUEUE_SORT,
    WaitingCase,
    order_queue,
    queue_key,
    risk_rank,
)
from services.triage.risk.levels import RiskLevel

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def waiting(case_id: str, risk: RiskLevel, waited_min: int) -> WaitingCase:
    return WaitingCase(case_id, risk, T0 - timedelta(minutes=waited_min))


def test_emergency_first_then_longest_wait() -> None:
    cases = [
        waiting("low-long", RiskLevel.LOW, 60),
        waiting("high-short", RiskLevel.HIGH, 1),
        waiting("emergency", RiskLevel.EMERGENCY, 0),
        waiting("high-long", RiskLevel.HIGH, 8),
        waiting("medium", RiskLevel.MEDIUM, 30),
    ]
    order = [k.case_id for k in order_queue(cases)]
    assert order == ["emergency", "high-long", "high-short", "medium", "low-long"]


def test_exact_ties_are_broken_by_case_id() -> None:
    cases = [waiting("b", RiskLevel.HIGH, 3), waiting("a", RiskLevel.HIGH, 3)]
    assert [k.case_id for k in order_queue(cases)] == ["a", "b"]


def test_risk_rank_matches_the_database_sort() -> None:
    assert [risk_rank(level) for level in ("low", "medium", "high", "emergency")] == [0, 1, 2, 3]
    assert MONGO_QUEUE_SORT[:2] == [("risk_rank", -1), ("waiting_since", 1)]


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        queue_key(WaitingCase("k", RiskLevel.LOW, datetime(2026, 12, 3, 9, 0)))
