"""First-response targets and breaches (services/triage/domain/sla.py)."""

from datetime import UTC, datetime, timedelta

import pytest

from services.triage.domain.queue_order import WaitingCase
from services.triage.domain.sla import (
    Breach,
    SlaTargets,
    breaches,
    first_response_target,
)
from services.triage.risk.levels import RiskLevel

NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def awaiting(
    case_id: str, risk: RiskLevel, waited: timedelta, escalated: frozenset[RiskLevel] = frozenset()
) -> WaitingCase:
    return WaitingCase(case_id, risk, NOW - waited, escalated_levels=escalated)


def test_default_targets() -> None:
    assert first_response_target(RiskLevel.EMERGENCY) == timedelta(minutes=2)
    assert first_response_target(RiskLevel.HIGH) == timedelta(minutes=10)
    assert first_response_target(RiskLevel.MEDIUM) == timedelta(minutes=30)
    assert first_response_target(RiskLevel.LOW) == timedelta(minutes=30)


def test_breach_starts_exactly_at_the_target() -> None:
    cases = [
        awaiting("just-in-time", RiskLevel.EMERGENCY, timedelta(minutes=2) - timedelta(seconds=1)),
        awaiting("late", RiskLevel.EMERGENCY, timedelta(minutes=2)),
    ]
    assert breaches(cases, NOW) == [
        Breach("late", RiskLevel.EMERGENCY, timedelta(minutes=2), timedelta(minutes=2))
    ]


def test_once_per_case_and_level() -> None:
    already = awaiting("k", RiskLevel.HIGH, timedelta(minutes=11), frozenset({RiskLevel.HIGH}))
    assert breaches([already], NOW) == []
    # Raised to emergency after the high escalation: escalated again, at the new level.
    raised = awaiting("k", RiskLevel.EMERGENCY, timedelta(minutes=11), frozenset({RiskLevel.HIGH}))
    assert [(b.case_id, b.level) for b in breaches([raised], NOW)] == [("k", RiskLevel.EMERGENCY)]


def test_breaches_come_most_urgent_first() -> None:
    cases = [
        awaiting("low", RiskLevel.LOW, timedelta(minutes=45)),
        awaiting("emergency", RiskLevel.EMERGENCY, timedelta(minutes=3)),
        awaiting("high", RiskLevel.HIGH, timedelta(minutes=10)),
        awaiting("medium-ok", RiskLevel.MEDIUM, timedelta(minutes=29)),
    ]
    assert [b.case_id for b in breaches(cases, NOW)] == ["emergency", "high", "low"]


def test_configured_targets_apply() -> None:
    targets = SlaTargets.from_seconds(emergency=60, high=300, medium=900, low=1800)
    late = awaiting("k", RiskLevel.MEDIUM, timedelta(minutes=15))
    assert [b.target for b in breaches([late], NOW, targets)] == [timedelta(minutes=15)]


def test_looser_target_for_a_more_urgent_level_is_refused() -> None:
    with pytest.raises(ValueError, match="not looser"):
        SlaTargets(emergency=timedelta(minutes=20), high=timedelta(minutes=10))
