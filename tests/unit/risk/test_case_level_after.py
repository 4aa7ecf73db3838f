"""The case's level after her latest message, given her earlier ones without times (the command
line and the evaluation read `recent` as triage's case holds it)."""

from services.triage.risk import RiskAssessor
from services.triage.risk.case_view import case_level_after
from services.triage.risk.levels import RiskLevel

A = RiskAssessor.default()


def test_without_earlier_messages_it_is_the_message_itself() -> None:
    assert case_level_after(A, "こんばんは", []) == A.assess("こんばんは")


def test_a_short_message_after_an_emergency_keeps_the_case_at_emergency() -> None:
    alone = A.assess("うん")
    after = case_level_after(A, "うん", ["彼があと10分で帰ってきて殺すって言ってる"])
    assert alone.level < RiskLevel.EMERGENCY
    assert after.level is RiskLevel.EMERGENCY
    assert after.reasons[0].rule_id == "CASE-EARLIER" and "combined" in after.reasons[0].flags
    assert after.reasons[0].span == ""  # the earlier words are not her latest message's


def test_a_decision_after_a_plan_is_read_by_the_case_rules() -> None:
    a = case_level_after(A, "決めた", ["薬を40錠ためてある", "今夜にするか迷ってる"])
    assert a.level is RiskLevel.EMERGENCY
    assert {r.rule_id for r in a.reasons} & {"CASE-DECIDED-AFTER-PLAN", "CASE-FAREWELL-AFTER-IDEATION"}


def test_harmless_history_changes_nothing() -> None:
    assert case_level_after(A, "ありがとう", ["開いている時間を教えてください"]).level is RiskLevel.LOW
