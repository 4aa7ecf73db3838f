"""The order of the waiting queue (DESIGN §4 "Queue and SLA").

A supervisor's summary: **the most dangerous first; among equals, whoever has waited longest.**
Emergency before high before medium before low; within a level, the earliest `waiting_since` first;
the case id breaks exact ties so every counselor's console and every triage replica show the same
order.

The database can sort the same way, provided each case document stores `risk_rank` (the integer
below, kept in step with the level whenever the level changes): sorting on the level's text would
follow the alphabet (medium, low, high, emergency), and a rank cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from services.triage.risk.levels import RiskLevel

RISK_RANK: dict[str, int] = {"low": 0, "medium": 1, "high": 2, "emergency": 3}
"""Stored as `risk_rank` on the case document; higher is more urgent."""

MONGO_QUEUE_SORT: list[tuple[str, int]] = [("risk_rank", -1), ("waiting_since", 1), ("_id", 1)]
"""`collection.find({"status": "waiting"}).sort(MONGO_QUEUE_SORT)` gives `order_queue`'s order."""

MONGO_QUEUE_INDEX: list[tuple[str, int]] = [("status", 1), *MONGO_QUEUE_SORT]
"""The compound index that serves that query without an in-memory sort."""


@dataclass(frozen=True, slots=True)
class WaitingCase:
    """A case waiting for a person: what ordering, assignment and the SLA check need to know.

    `waiting_since` is when her wait for a first answer began; `needs` the skills it asks for;
    `previous_counselor_id` whoever had her last (continuity); `excluded` counselors who must not
    get it back (she missed its target); `escalated_levels` the levels already escalated."""

    case_id: str
    risk: RiskLevel
    waiting_since: datetime
    needs: frozenset[str] = frozenset()
    previous_counselor_id: str | None = None
    excluded: frozenset[str] = frozenset()
    escalated_levels: frozenset[RiskLevel] = frozenset()

    def without(self, counselor_id: str) -> WaitingCase:
        """The same case, never to be given to `counselor_id` during this wait."""
        return replace(self, excluded=self.excluded | {counselor_id})


Q = TypeVar("Q", bound=WaitingCase)


def risk_rank(level: RiskLevel | str) -> int:
    """0 for low up to 3 for emergency (the `risk_rank` field of a case document)."""
    return RISK_RANK[str(level)]


def queue_key(case: WaitingCase) -> tuple[int, datetime, str]:
    """Sort key: higher risk first, then longer wait, then case id."""
    if case.waiting_since.tzinfo is None:
        # Mixing naive and aware times would raise deep inside sorted(); say what is wrong here.
        raise ValueError(f"case {case.case_id}: waiting_since must be timezone-aware")
    return (-risk_rank(case.risk), case.waiting_since, case.case_id)


def order_queue(cases: Iterable[Q]) -> list[Q]:
    """The waiting cases in the order counselors should take them."""
    return sorted(cases, key=queue_key)
