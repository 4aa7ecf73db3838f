"""First-response targets and their breaches (DESIGN §4 "Queue and SLA").

For a supervisor: from the moment a consulter's case starts waiting for a first answer from a person
(`waiting_since`), a counselor should have replied within

- **emergency**: 2 minutes,
- **high**: 10 minutes,
- **medium** and **low**: 30 minutes

(defaults; the service's settings can change them). When a target passes, the case is escalated:
supervisors are alerted once per case and per level. If the level rises later (low → emergency after
a new message), the stricter target applies from the original `waiting_since`, so the case is usually
escalated at once — a case that has already waited 5 minutes and becomes an emergency is already late.
The clock counts whether or not the case has been assigned: being assigned is not being answered.

**Next response**: once she has been answered, each new message of hers that waits past a second
target (10 minutes for high and emergency, 30 for the others by default) is escalated the same way,
once per wait and level — the clock starts at her first unanswered message and stops at the
counselor's next reply. `breaches` serves both: the caller passes that wait's start and targets.

The periodic checker passes every case still waiting for a first reply (as `WaitingCase`), calls
`breaches`, emits one `case.escalated` (reason "sla_breach", `waited_seconds`, `target_seconds`) per
breach, and records the level in the case's `escalated_levels` so the next round does not repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.triage.domain.queue_order import WaitingCase, order_queue
from services.triage.risk.levels import RiskLevel


@dataclass(frozen=True, slots=True)
class SlaTargets:
    """How long each level may wait for a first reply from a person."""

    emergency: timedelta = timedelta(minutes=2)
    high: timedelta = timedelta(minutes=10)
    medium: timedelta = timedelta(minutes=30)
    low: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        # A stricter level with a looser target would be a configuration mistake that delays help.
        if not timedelta(0) < self.emergency <= self.high <= self.medium <= self.low:
            raise ValueError("SLA targets must be positive and not looser for a more urgent level")

    @classmethod
    def from_seconds(cls, *, emergency: float, high: float, medium: float, low: float) -> SlaTargets:
        """Build from settings given in seconds."""
        return cls(*(timedelta(seconds=s) for s in (emergency, high, medium, low)))


DEFAULT_TARGETS = SlaTargets()


@dataclass(frozen=True, slots=True)
class Breach:
    """A case past its target, to be escalated once at this level."""

    case_id: str
    level: RiskLevel
    waited: timedelta
    target: timedelta


def first_response_target(level: RiskLevel, targets: SlaTargets = DEFAULT_TARGETS) -> timedelta:
    """The first-response target for a risk level."""
    value: timedelta = getattr(targets, RiskLevel(level).value)
    return value


def breaches(
    waiting_cases: Iterable[WaitingCase], now: datetime, targets: SlaTargets = DEFAULT_TARGETS
) -> list[Breach]:
    """Cases whose target has passed (at `now`, inclusive) and that are not yet escalated at their level.

    Returned in queue order, so the most urgent alert is sent first.
    """
    found = []
    for case in order_queue(waiting_cases):
        target = first_response_target(case.risk, targets)
        waited = now - case.waiting_since
        if waited >= target and case.risk not in case.escalated_levels:
            found.append(Breach(case.case_id, case.risk, waited, target))
    return found
