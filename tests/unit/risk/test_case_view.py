"""The case's level read from her last messages together, with their times (case_view.py)."""

from datetime import datetime, timedelta

import pytest

from services.triage.risk import RiskAssessor, RiskLevel

T0 = datetime(2026, 12, 1, 20, 0)


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    return RiskAssessor.default()


def test_a_farewell_an_hour_after_ideation_is_an_emergency(assessor: RiskAssessor) -> None:
    a = assessor.assess_case([("もう死にたい", T0), ("今までありがとう", T0 + timedelta(hours=1))])
    assert a.level == RiskLevel.EMERGENCY
    assert a.reasons[0].rule_id == "CASE-FAREWELL-AFTER-IDEATION"
    assert a.reasons[0].span == "今までありがとう"


def test_decided_the_day_after_a_plan_is_an_emergency(assessor: RiskAssessor) -> None:
    a = assessor.assess_case([("ロープ買った。今夜やる", T0), ("決めた", T0 + timedelta(hours=20))])
    assert a.level == RiskLevel.EMERGENCY
    assert a.reasons[0].rule_id == "CASE-DECIDED-AFTER-PLAN"


def test_without_the_earlier_message_or_long_after_it_no_case_rule(assessor: RiskAssessor) -> None:
    alone = assessor.assess_case([("決めた", T0)])
    late = assessor.assess_case([("もう死にたい", T0), ("今までありがとう", T0 + timedelta(days=5))])
    joke = assessor.assess_case([("死ぬほど眠い", T0), ("さよなら", T0 + timedelta(hours=1))])
    for a in (alone, late, joke):
        assert not any(r.rule_id.startswith("CASE-") for r in a.reasons)


def test_no_messages_is_low(assessor: RiskAssessor) -> None:
    assert assessor.assess_case([]).level == RiskLevel.LOW
