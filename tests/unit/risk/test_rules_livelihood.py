"""Livelihood, work, school, caregiving and isolation rules."""

import pytest

from services.triage.risk import RiskAssessor
from tests.unit.risk._table import check

CASES = [
    ("今夜泊まるところがない", "high", set()),
    ("家を追い出された", "high", set()),
    ("ネカフェで寝泊まりしてる", "high", set()),
    ("家賃が払えない", "medium", set()),
    ("電気止められた", "medium", set()),
    ("パワハラがひどい", "medium", set()),
    ("学校でいじめられてる", "medium", set()),
    ("母の介護に疲れた", "medium", set()),
    ("介護で眠れない", "medium", set()),
    ("頼れる人がいない", "medium", set()),
    ("転職しようか迷ってる", "low", set()),
    ("今月ちょっと金欠笑", "low", set()),
    ("こんにちは", "low", set()),
    ("離婚の手続きについて知りたい", "low", set()),
]


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    # the rules by themselves (the learned model is tested in test_learned.py)
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(("text", "level", "flags"), CASES)
def test_livelihood_rules(assessor: RiskAssessor, text: str, level: str, flags: set[str]) -> None:
    check(assessor, text, level, flags)
