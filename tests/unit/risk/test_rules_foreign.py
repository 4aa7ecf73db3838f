"""Rules for messages in English, Chinese, Korean, Vietnamese, Tagalog and Nepali."""

import pytest

from services.triage.risk import RiskAssessor
from tests.unit.risk._table import check

CASES = [
    ("I want to die", "high", {"foreign:en"}),
    ("I don't want to die", "low", {"negated", "foreign:en"}),
    ("I want to kill myself tonight", "emergency", {"foreign:en"}),
    ("He said he will kill me when he gets home", "emergency", {"foreign:en"}),
    ("My husband hits me", "high", {"foreign:en"}),
    ("I have nowhere to sleep tonight", "high", {"foreign:en"}),
    ("I'm bored to death lol", "low", set()),
    ("我想死", "high", {"foreign:zh"}),
    ("我不想死", "low", {"negated"}),
    ("老公打我", "high", {"foreign:zh"}),
    ("累死了", "low", set()),
    ("죽고 싶어", "high", {"foreign:ko"}),
    ("죽고 싶지 않아", "low", {"negated"}),
    ("배고파 죽겠다", "low", set()),
    ("Tôi muốn chết", "high", {"foreign:vi"}),
    ("Tôi không muốn chết", "low", {"negated"}),
    ("Gusto kong mamatay", "high", {"foreign:tl"}),
    ("Ayokong mamatay", "low", {"negated"}),
    ("मलाई मर्न मन छ", "high", {"foreign:ne"}),
    ("मलाई मर्न मन छैन", "low", {"negated"}),
    ("Hello, can I ask about visa?", "low", set()),
]


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    # the rules by themselves (the learned model is tested in test_learned.py)
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(("text", "level", "flags"), CASES)
def test_foreign_rules(assessor: RiskAssessor, text: str, level: str, flags: set[str]) -> None:
    check(assessor, text, level, flags)
