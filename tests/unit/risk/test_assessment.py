"""What triage reads from an assessment: level, reasons, language, uncertainty."""

import unicodedata

import pytest

from services.triage.risk import Assessment, Reason, RiskAssessor, RiskLevel, combine_case_level


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    return RiskAssessor.default()


TEXTS = [
    "今夜帰ってきたら殺される",
    "ホームの端にいる。次の快速で",
    "もう疲れた、消えたい",
    "家賃が払えない",
    "こんにちは、相談の受付時間を教えてください",
    "死ぬほど眠い",
    "I don't want to die, I'm just tired",
    "estoy en el puente",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_level_above_low_is_explained_by_a_reason_at_that_level(assessor: RiskAssessor, text: str) -> None:
    a = assessor.assess(text)
    assert isinstance(a, Assessment)
    if a.level > RiskLevel.LOW:
        assert a.reasons and a.reasons[0].level == a.level
    ranks = [r.level.rank for r in a.reasons]
    assert ranks == sorted(ranks, reverse=True)
    nfkc = unicodedata.normalize("NFKC", text)
    for r in a.reasons:
        assert isinstance(r, Reason)
        assert nfkc[r.start : r.end] == r.span


def test_false_alarms_of_the_kinds_the_issue_lists_stay_low(assessor: RiskAssessor) -> None:
    for text in ("死ぬほど眠い", "I don't want to die, I'm just tired", "こんにちは", "死にたくはないです、ただ疲れてるだけ"):
        assert assessor.assess(text).level == RiskLevel.LOW, text


def test_uncertainty_takes_the_higher_level_and_names_the_lower() -> None:
    assessor = RiskAssessor.default()
    seen = [assessor.assess(t) for t in TEXTS]
    for a in seen:
        if a.uncertain:
            assert a.alternative is not None and a.alternative < a.level
            assert "uncertain" in a.reasons[0].flags
            assert f"alternative:{a.alternative.value}" in a.reasons[0].flags


def test_learned_reasons_point_at_her_words(assessor: RiskAssessor) -> None:
    for text in TEXTS:
        for r in assessor.assess(text).reasons:
            if r.rule_id.startswith("ML-"):
                assert "learned" in r.flags and r.span


def test_probabilities_are_given(assessor: RiskAssessor) -> None:
    a = assessor.assess("もう死にたい")
    assert len(a.probabilities) == 4 and abs(sum(a.probabilities) - 1) < 1e-9


def test_the_case_level_only_rises_and_a_counselor_wins() -> None:
    assert combine_case_level(RiskLevel.HIGH, RiskLevel.LOW, counselor_set=False) == RiskLevel.HIGH
    assert combine_case_level(RiskLevel.LOW, RiskLevel.EMERGENCY, counselor_set=True) == RiskLevel.LOW
