"""Round 3's words of time and of not meaning it: laughter, dreams, what she watches, a
prescribed dose, 今も + a verb going on, なう, a plan settled with a time (sentences written
for this test)."""

import pytest

from services.triage.risk import RiskAssessor
from services.triage.risk.levels import RiskLevel


@pytest.fixture(scope="module")
def rules() -> RiskAssessor:
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("死にたいｗｗ", "joke"),
        ("死にたい（笑）", "joke"),
        ("시험 망해서 죽고 싶다 ㅋㅋ", "joke"),
        ("彼氏の笑顔が尊すぎて息できない", "hyperbole"),
        ("飛び込み営業で一日歩いた", "hyperbole"),
        ("処方の睡眠薬を1錠飲んでから寝ています", "hyperbole"),
        ("今読んでる漫画、ヒロインが監禁されてて怖い", "fiction"),
    ],
)
def test_not_meant(rules: RiskAssessor, text: str, flag: str) -> None:
    a = rules.assess(text)
    assert a.reasons, "the words must still be seen"
    assert any(flag in r.flags for r in a.reasons)
    assert a.level is RiskLevel.LOW


@pytest.mark.parametrize(
    "text",
    [
        "死にたい",  # the same words said plainly stay high
        "階段から突き落とされて足が動かない、あいつ上で笑ってる",  # someone laughing is not her joke
    ],
)
def test_meant(rules: RiskAssessor, text: str) -> None:
    a = rules.assess(text)
    assert a.level >= RiskLevel.HIGH and not any("joke" in r.flags for r in a.reasons)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("今も蹴られております", RiskLevel.EMERGENCY),  # 今も + going on: this moment
        ("今も思い出すと怖い", RiskLevel.LOW),  # 今も alone: still
        ("鉄橋の上なう", RiskLevel.EMERGENCY),
        ("今夜にする。方法も決めた", RiskLevel.EMERGENCY),
        ("片付けの方法も決めた", RiskLevel.LOW),  # a plan without a time says nothing
    ],
)
def test_time_words(rules: RiskAssessor, text: str, level: RiskLevel) -> None:
    assert rules.assess(text).level is level
