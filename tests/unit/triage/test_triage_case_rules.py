"""The pure case rules: where a message goes, how the case level moves, the documents they write."""

from datetime import UTC, datetime, timedelta

import pytest

from services.triage.domain.cases import (
    CaseAction,
    CaseStatus,
    CaseView,
    RiskSetBy,
    decide_case,
    new_case_document,
    next_case_level,
    reopen_changes,
)
from services.triage.risk import RiskLevel

CLOSED_AT = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
WINDOW = timedelta(hours=72)
CLOSED = CaseView("case-old", CaseStatus.CLOSED, CLOSED_AT)


def test_first_message_opens_a_case() -> None:
    assert decide_case(None, None, CLOSED_AT, WINDOW).action is CaseAction.OPEN


@pytest.mark.parametrize("status", [CaseStatus.WAITING, CaseStatus.ASSIGNED])
def test_message_extends_the_open_case(status: CaseStatus) -> None:
    decision = decide_case(CaseView("case-1", status, None), CLOSED, CLOSED_AT, WINDOW)
    assert (decision.action, decision.case_id) == (CaseAction.EXTEND, "case-1")


@pytest.mark.parametrize(
    ("after", "action"),
    [
        (timedelta(minutes=1), CaseAction.REOPEN),
        (WINDOW - timedelta(seconds=1), CaseAction.REOPEN),
        (WINDOW, CaseAction.REOPEN),  # the window is inclusive
        (WINDOW + timedelta(milliseconds=1), CaseAction.OPEN),
        (timedelta(days=30), CaseAction.OPEN),
        (-timedelta(minutes=5), CaseAction.REOPEN),  # written before closure, handled after it
    ],
)
def test_reopen_window_boundaries(after: timedelta, action: CaseAction) -> None:
    decision = decide_case(None, CLOSED, CLOSED_AT + after, WINDOW)
    assert decision.action is action
    assert decision.case_id == ("case-old" if action is CaseAction.REOPEN else None)


def test_zero_window_never_reopens_later_messages() -> None:
    assert decide_case(None, CLOSED, CLOSED_AT + timedelta(seconds=1), timedelta(0)).action is CaseAction.OPEN


def test_closed_case_without_closing_time_is_not_reopened() -> None:
    broken = CaseView("case-old", CaseStatus.CLOSED, None)
    assert decide_case(None, broken, CLOSED_AT, WINDOW).action is CaseAction.OPEN


@pytest.mark.parametrize(
    ("current", "set_by", "assessed", "expected"),
    [
        (RiskLevel.LOW, RiskSetBy.AUTO, RiskLevel.HIGH, RiskLevel.HIGH),
        (RiskLevel.HIGH, RiskSetBy.AUTO, RiskLevel.LOW, RiskLevel.HIGH),  # only ever raised
        (RiskLevel.MEDIUM, RiskSetBy.COUNSELOR, RiskLevel.EMERGENCY, RiskLevel.MEDIUM),  # counselor wins
        (None, RiskSetBy.AUTO, RiskLevel.MEDIUM, RiskLevel.MEDIUM),
    ],
)
def test_case_level(
    current: RiskLevel | None, set_by: RiskSetBy, assessed: RiskLevel, expected: RiskLevel
) -> None:
    assert next_case_level(current, set_by, assessed) is expected


def test_new_case_is_waiting_low_and_open() -> None:
    doc = new_case_document("case-1", "c_1", CLOSED_AT, "env-1")
    assert doc["status"] == "waiting" and doc["open"] is True
    assert (doc["risk_level"], doc["risk_set_by"], doc["version"]) == ("low", "auto", 1)
    assert doc["waiting_since"] == doc["opened_at"] == doc["last_message_at"] == CLOSED_AT
    assert doc["counselor_id"] is None and doc["needs"] == [] and doc["opened_by"] == "env-1"


def test_reopen_goes_back_to_waiting_and_remembers_the_counselor() -> None:
    changes = reopen_changes(CLOSED_AT, "env-2", "counselor-7")
    assert changes["status"] == "waiting" and changes["open"] is True
    assert changes["counselor_id"] is None and changes["previous_counselor_id"] == "counselor-7"
    assert changes["closed_at"] is None and changes["outcome"] is None
