"""Assignment policy: who takes a waiting case (services/triage/domain/assignment.py)."""

from datetime import UTC, datetime, timedelta

from services.triage.domain.assignment import CounselorLoad, Decision, choose_counselor, plan_assignments
from services.triage.domain.queue_order import WaitingCase
from services.triage.risk.levels import RiskLevel

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def case(
    case_id: str = "k1",
    risk: RiskLevel = RiskLevel.MEDIUM,
    needs: frozenset[str] = frozenset(),
    previous: str | None = None,
    waited_min: int = 0,
) -> WaitingCase:
    return WaitingCase(case_id, risk, T0 - timedelta(minutes=waited_min), needs, previous)


def c(cid: str, skills: str = "", capacity: int = 2, active: int = 0, on_shift: bool = True) -> CounselorLoad:
    return CounselorLoad(cid, frozenset(skills.split()), capacity, active, on_shift)


def test_least_loaded_qualifying_counselor_takes_it() -> None:
    team = [c("a", active=1), c("b", active=0), c("c", active=0, on_shift=False)]
    assert choose_counselor(case(), team) == Decision("b", "queue")


def test_load_is_the_share_of_capacity_then_count_then_id() -> None:
    # a: 1 of 3 used (1/3) is lighter than b: 1 of 2 (1/2).
    assert (
        choose_counselor(case(), [c("b", capacity=2, active=1), c("a", capacity=3, active=1)]).counselor_id
        == "a"
    )
    # Equal share and count: the id decides, whatever the input order.
    assert choose_counselor(case(), [c("z"), c("m")]).counselor_id == "m"


def test_full_or_off_shift_counselors_never_take_a_case() -> None:
    assert choose_counselor(case(), [c("a", capacity=1, active=1), c("b", on_shift=False)]) is None


def test_needed_skills_are_required() -> None:
    team = [c("a", "dv"), c("b", "dv lang:en", active=1)]
    assert choose_counselor(case(needs=frozenset({"dv", "lang:en"})), team) == Decision("b", "queue")


def test_returning_consulter_goes_back_to_her_counselor_when_free() -> None:
    team = [c("a", active=0), c("b", active=1)]
    assert choose_counselor(case(previous="b"), team) == Decision("b", "continuity")


def test_continuity_yields_when_the_previous_counselor_is_full_or_away() -> None:
    assert choose_counselor(case(previous="b"), [c("a"), c("b", capacity=1, active=1)]) == Decision(
        "a", "queue"
    )
    assert choose_counselor(case(previous="b"), [c("a"), c("b", on_shift=False)]) == Decision("a", "queue")


def test_non_emergency_waits_for_a_busy_qualified_counselor() -> None:
    team = [c("a"), c("b", "lang:en", capacity=1, active=1)]
    assert choose_counselor(case(needs=frozenset({"lang:en"})), team) is None


def test_emergency_never_waits_for_a_missing_skill() -> None:
    team = [c("a", active=1), c("b", "lang:en", capacity=1, active=1), c("c", "dv")]
    decision = choose_counselor(case(risk=RiskLevel.EMERGENCY, needs=frozenset({"lang:en", "dv"})), team)
    assert decision == Decision("c", "queue", frozenset({"lang:en"}))


def test_nobody_with_the_skill_on_shift_means_the_best_free_counselor_takes_it() -> None:
    team = [c("a", active=1), c("b"), c("en", "lang:en", on_shift=False)]
    decision = choose_counselor(case(needs=frozenset({"lang:en"})), team)
    assert decision == Decision("b", "queue", frozenset({"lang:en"}))


def test_fallback_prefers_her_previous_counselor() -> None:
    team = [c("a"), c("b", active=1)]
    decision = choose_counselor(
        case(risk=RiskLevel.EMERGENCY, needs=frozenset({"lang:vi"}), previous="b"), team
    )
    assert decision == Decision("b", "continuity", frozenset({"lang:vi"}))


def test_emergency_with_nobody_free_stays_waiting() -> None:
    assert choose_counselor(case(risk=RiskLevel.EMERGENCY), [c("a", capacity=1, active=1)]) is None


def test_plan_assigns_in_queue_order_and_never_over_capacity() -> None:
    cases = [
        case("low-old", RiskLevel.LOW, waited_min=20),
        case("emergency", RiskLevel.EMERGENCY, waited_min=1),
        case("high", RiskLevel.HIGH, waited_min=5),
        case("medium", RiskLevel.MEDIUM, waited_min=9),
    ]
    team = [c("a", capacity=2, active=1), c("b", capacity=1, active=0)]
    plan = plan_assignments(cases, team)
    assert [(k.case_id, d.counselor_id) for k, d in plan] == [("emergency", "b"), ("high", "a")]


def test_plan_gives_each_case_at_most_one_counselor() -> None:
    cases = [case(f"k{i}", waited_min=i) for i in range(10)]
    plan = plan_assignments(cases, [c("a", capacity=3), c("b", capacity=4)])
    assert len({k.case_id for k, _ in plan}) == len(plan) == 7
    assert sum(d.counselor_id == "a" for _, d in plan) == 3
