"""Who takes a waiting case (DESIGN §4 "Assignment"). Pure: the caller supplies loads and shifts.

The rules, in the order they are applied:

1. Only counselors who are on shift, have a free seat (active cases < capacity) and have every skill
   the case needs (e.g. "dv", "youth", "lang:en") can take it.
2. A returning consulter goes back to her previous counselor when that counselor qualifies under
   rule 1 (reason "continuity").
3. Otherwise the least-loaded qualifying counselor takes it: the lowest share of her capacity in use,
   then the fewest active cases, then the counselor id, so every replica decides the same way.
4. When no free counselor has every needed skill, a case is still never left waiting for someone who
   is not coming: an **emergency** goes at once to any free on-shift counselor; any other level
   waits only while a counselor with the skills is on shift (busy for now), and otherwise goes to a
   free on-shift counselor too. The choice is her previous counselor first, then whoever lacks the
   fewest skills, then the least loaded; `Decision.missing_skills` records what is missing (e.g.
   "lang:en") so the console shows it and a supervisor can bring in an interpreter or hand over.

Applying a decision with several triage replicas (the adapter's job; single-document updates are
atomic in MongoDB, so two replicas can never both win):

1. Reserve a seat: ``counselors.find_one_and_update({"_id": cid, "$expr": {"$lt": ["$active_count",
   "$capacity"]}}, {"$inc": {"active_count": 1}})``. ``None`` means she filled up meanwhile: reload
   the loads and decide again (a few attempts, then leave the case waiting).
2. Claim the case: ``cases.find_one_and_update({"_id": case_id, "status": "waiting", "counselor_id":
   None}, {"$set": {"status": "assigned", "counselor_id": cid, "assigned_at": now, ...}})``. ``None``
   means another replica took it or it closed: undo step 1 with ``{"$inc": {"active_count": -1}}``
   (filter ``"active_count": {"$gt": 0}``) and move on.
3. Only after step 2 succeeded, publish `case.assigned` (through the outbox).

A crash between steps 1 and 2 leaves one seat reserved for nothing; a periodic reconciliation sets
each counselor's `active_count` to the count of her assigned cases. Closing or reassigning a case
gives the seat back with the same guarded ``$inc: -1``. Where MongoDB transactions are available
(replica set), steps 1 and 2 may instead run in one transaction; the filters stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from services.triage.domain.queue_order import WaitingCase, order_queue
from services.triage.risk.levels import RiskLevel


@dataclass(frozen=True, slots=True)
class CounselorLoad:
    """A case-taking counselor right now; `on_shift` comes from `roster.on_shift(shifts, now)`."""

    id: str
    skills: frozenset[str]
    capacity: int
    active_case_count: int
    on_shift: bool

    @property
    def free(self) -> bool:
        return self.on_shift and self.active_case_count < self.capacity


@dataclass(frozen=True, slots=True)
class Decision:
    """Give the case to `counselor_id`; `missing_skills` is non-empty only for an emergency fallback."""

    counselor_id: str
    reason: Literal["queue", "continuity"]
    missing_skills: frozenset[str] = frozenset()


def _load_key(c: CounselorLoad) -> tuple[Fraction, int, str]:
    # Share of capacity first: a counselor with 1 of 3 seats used is less loaded than one with 1 of 2.
    return (Fraction(c.active_case_count, c.capacity), c.active_case_count, c.id)


def choose_counselor(case: WaitingCase, counselors: Iterable[CounselorLoad]) -> Decision | None:
    """Apply the module's rules to one case; None means it stays in the queue."""
    everyone = [c for c in counselors if c.id not in case.excluded]
    free = [c for c in everyone if c.free]
    qualified = [c for c in free if case.needs <= c.skills]
    previous = case.previous_counselor_id
    if qualified:
        for c in qualified:
            if c.id == previous:
                return Decision(c.id, "continuity")
        return Decision(min(qualified, key=_load_key).id, "queue")
    if not free:
        return None
    qualified_on_shift = any(c.on_shift and case.needs <= c.skills for c in everyone)
    if qualified_on_shift and case.risk != RiskLevel.EMERGENCY:
        return None  # she will be free soon; an emergency cannot wait for that
    chosen = min(free, key=lambda c: (c.id != previous, len(case.needs - c.skills), _load_key(c)))
    reason: Literal["queue", "continuity"] = "continuity" if chosen.id == previous else "queue"
    return Decision(chosen.id, reason, frozenset(case.needs - chosen.skills))


def plan_assignments(
    waiting_cases: Iterable[WaitingCase], counselors: Sequence[CounselorLoad]
) -> list[tuple[WaitingCase, Decision]]:
    """Assign a batch in queue order, each decision taking a seat before the next case is decided.

    Cases left out stay waiting. The adapter applies each pair with the recipe above; a failed step
    only means re-planning on the next round, never a double assignment.
    """
    loads = {c.id: c for c in counselors}
    plan: list[tuple[WaitingCase, Decision]] = []
    for case in order_queue(waiting_cases):
        decision = choose_counselor(case, loads.values())
        if decision is None:
            continue
        taken = loads[decision.counselor_id]
        loads[decision.counselor_id] = replace(taken, active_case_count=taken.active_case_count + 1)
        plan.append((case, decision))
    return plan
