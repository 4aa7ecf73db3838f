"""How the rules' level and the model's opinion make the level (combination.py)."""

from services.triage.risk.combination import Evidence, Settings, combine
from services.triage.risk.learned import Opinion
from services.triage.risk.levels import RiskLevel

E, H, M, L = RiskLevel.EMERGENCY, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW
S = Settings(thresholds=(0.4, 0.5, 0.6), veto=0.0, min_chars=4, margin=0.1, floor=E)


def op(low: float, med: float, high: float, em: float) -> Opinion:
    return Opinion((low, med, high, em), grams=("x",))


def ev(level: RiskLevel, suppressed: bool = False, letters: int = 20) -> Evidence:
    return Evidence(level, suppressed, letters)


def test_a_confident_model_raises_the_rules() -> None:
    d = combine(ev(L), op(0.05, 0.05, 0.1, 0.8), S)
    assert (d.level, d.by_model, d.uncertain) == (E, True, False)


def test_a_raise_near_its_threshold_is_uncertain_with_the_lower_alternative() -> None:
    d = combine(ev(M), op(0.2, 0.2, 0.15, 0.45), S)
    assert d.level == E and d.uncertain and d.alternative == H


def test_the_rules_emergency_stands_whatever_the_model() -> None:
    d = combine(ev(E), op(0.9, 0.05, 0.03, 0.02), S)
    assert d.level == E and d.uncertain and d.alternative is not None and d.alternative < E


def test_below_the_floor_a_clearly_disagreeing_model_overrules() -> None:
    d = combine(ev(H), op(0.85, 0.1, 0.03, 0.02), S)
    assert d.level == L and d.by_model


def test_no_raise_over_a_negation_or_a_too_short_message() -> None:
    assert combine(ev(L, suppressed=True), op(0.0, 0.0, 0.1, 0.9), S).level == L
    assert combine(ev(L, letters=2), op(0.0, 0.0, 0.1, 0.9), S).level == L


def test_without_a_model_or_known_ngrams_the_rules_decide() -> None:
    assert combine(ev(H), None, S).level == H
    assert combine(ev(H), Opinion((0.9, 0.1, 0.0, 0.0), grams=()), S).level == H


def test_the_low_guard_puts_a_possible_emergency_in_the_queue_as_medium_and_unsure() -> None:
    guarded = Settings(thresholds=(0.4, 0.5, 0.6), min_chars=6, floor=E, low_guard=0.25)
    # "low" by every threshold, yet a one-in-four chance of an emergency
    d = combine(ev(L), op(0.55, 0.1, 0.08, 0.27), guarded)
    assert (d.level, d.by_model, d.uncertain, d.alternative) == (M, True, True, L)
    assert combine(ev(L), op(0.7, 0.1, 0.08, 0.12), guarded).level == L
    assert combine(ev(L, letters=3), op(0.55, 0.1, 0.08, 0.27), guarded).level == L  # too short
    assert combine(ev(L), op(0.55, 0.1, 0.08, 0.27), S).level == L  # off without a guard


def test_lowering_by_one_level_at_most() -> None:
    one = Settings(thresholds=(0.4, 0.5, 0.6), min_chars=4, floor=E, lower_one=True)
    assert combine(ev(H), op(0.85, 0.1, 0.03, 0.02), one).level == M


def test_a_rules_emergency_the_model_all_but_rules_out_is_high_never_lower() -> None:
    doubting = Settings(
        thresholds=(0.4, 0.5, 0.6), min_chars=4, floor=E, doubt_emergency=0.15, doubt_min_letters=15
    )
    d = combine(ev(E, letters=30), op(0.9, 0.05, 0.03, 0.02), doubting)
    assert (d.level, d.by_model) == (H, True)  # high, not the alert; not medium or low either
    assert combine(ev(E, letters=30), op(0.5, 0.1, 0.1, 0.3), doubting).level == E  # p(E) not that low
    # a short message gives the model too little: 「これが最後のメッセージです」 stays an emergency
    assert combine(ev(E, letters=12), op(0.9, 0.05, 0.03, 0.02), doubting).level == E
