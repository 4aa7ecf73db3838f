"""The case lifecycle (DESIGN §4): a consulter's first message opens a case; a message after
closure reopens it within a configurable window, else opens a new one.

States: `waiting` (no counselor yet) → `assigned` (a counselor has it) → `closed` (with an outcome).
A case is *open* while waiting or assigned; a consulter has at most one open case (a unique index
enforces it, so two triage processes cannot both open one). Documented in docs/triage.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from services.triage.risk.levels import RiskLevel
from services.triage.risk.policy import combine_case_level


class CaseStatus(StrEnum):
    WAITING = "waiting"
    ASSIGNED = "assigned"
    CLOSED = "closed"


OPEN_STATUSES = frozenset({CaseStatus.WAITING, CaseStatus.ASSIGNED})


class RiskSetBy(StrEnum):
    AUTO = "auto"
    COUNSELOR = "counselor"


class CaseAction(StrEnum):
    OPEN = "open"  # a new case
    REOPEN = "reopen"  # the last closed case, within the window
    EXTEND = "extend"  # the open case takes the message


@dataclass(frozen=True, slots=True)
class CaseView:
    """What the open/reopen decision needs to know about an existing case."""

    case_id: str
    status: CaseStatus
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class CaseDecision:
    action: CaseAction
    case_id: str | None  # None for OPEN: the caller names the new case


def decide_case(
    open_case: CaseView | None, last_closed: CaseView | None, at: datetime, reopen_window: timedelta
) -> CaseDecision:
    """Where a consulter's message written at `at` goes.

    The window is inclusive (a message exactly `reopen_window` after closure reopens). A message
    written before the closure but handled after it (late delivery) also reopens: she wrote while
    the case was open, and a counselor must see it in the same conversation.
    """
    if open_case is not None and open_case.status in OPEN_STATUSES:
        return CaseDecision(CaseAction.EXTEND, open_case.case_id)
    if last_closed is not None and last_closed.closed_at is not None:
        if at - last_closed.closed_at <= reopen_window:
            return CaseDecision(CaseAction.REOPEN, last_closed.case_id)
    return CaseDecision(CaseAction.OPEN, None)


def new_case_document(case_id: str, consulter_id: str, at: datetime, opened_by: str) -> dict[str, Any]:
    """A freshly opened case, as stored (schema: docs/triage.md). `opened_by` is the id of the
    event that opened it, so a retried handler recognises its own case."""
    return {
        "_id": case_id,
        "consulter_id": consulter_id,
        "status": CaseStatus.WAITING.value,
        "open": True,
        "risk_level": RiskLevel.LOW.value,
        "risk_rank": RiskLevel.LOW.rank,
        "risk_set_by": RiskSetBy.AUTO.value,
        "opened_at": at,
        "waiting_since": at,
        "first_response_at": None,
        "last_message_at": at,
        "counselor_id": None,
        "previous_counselor_id": None,
        "closed_at": None,
        "outcome": None,
        "reopened_count": 0,
        "needs": [],
        "opened_by": opened_by,
        "reopened_by": None,
        "escalated_levels": [],
        "excluded_counselors": [],
        "counselor_replied": False,
        "pending_events": [],
        "version": 1,
    }


def reopen_changes(at: datetime, reopened_by: str, counselor_id: str | None) -> dict[str, Any]:
    """The `$set` that reopens a closed case: back to waiting with no counselor; the last one is
    kept as `previous_counselor_id` so assignment can give her back to the same person."""
    return {
        "status": CaseStatus.WAITING.value,
        "open": True,
        "waiting_since": at,
        "first_response_at": None,
        "counselor_id": None,
        "previous_counselor_id": counselor_id,
        "closed_at": None,
        "outcome": None,
        "reopened_by": reopened_by,
        # A new wait: its targets are escalated afresh and every counselor may take it again.
        "escalated_levels": [],
        "excluded_counselors": [],
        "awaiting_reply_since": None,
        "next_escalated_levels": [],
        "satisfaction": None,
    }


def next_case_level(current: RiskLevel | None, set_by: RiskSetBy, assessed: RiskLevel) -> RiskLevel:
    """The case's level after an automatic assessment: only ever raised; a counselor's level wins."""
    return combine_case_level(current, assessed, set_by is RiskSetBy.COUNSELOR)
