"""Words of not meaning it and of time: laughter, dreams, what she watches, everyday uses, a
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


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("部長に殺される、資料まだ半分", RiskLevel.LOW),  # work hyperbole
        ("夫に殺される", RiskLevel.EMERGENCY),  # her partner is not hyperbole
        ("my professor will kill me, the essay is due at 9", RiskLevel.LOW),
        ("七輪で焼肉した、炭の火おこし楽しかった", RiskLevel.LOW),
        ("hace unos 6 años pensé en quitarme la vida, ya estoy bien", RiskLevel.LOW),
    ],
)
def test_everyday_and_resolved(rules: RiskAssessor, text: str, level: RiskLevel) -> None:
    assert rules.assess(text).level is level


def test_a_whole_word_is_not_the_start_of_another(rules: RiskAssessor) -> None:
    # Vietnamese "than" (charcoal) is marked whole; "thank" is not it
    assert "CHARCOAL" not in rules.concepts(rules.analyse("thank you so much, we are fine"))
    assert "CHARCOAL" in rules.concepts(rules.analyse("em mua than roi"))


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("荷造り用に紐とガムテ買った", RiskLevel.LOW),  # rope for packing
        ("屋上で夜景の写真とってる", RiskLevel.LOW),  # an everyday scene at a high place
        ("屋上にいる。もう終わりにする", RiskLevel.EMERGENCY),
        ("ヒロインが監禁される話、怖かった", RiskLevel.LOW),  # a story's character
        ("ima okujou ni iru. tobioriru", RiskLevel.EMERGENCY),  # Japanese in romaji
        ("my son is having a seizure and won't wake up", RiskLevel.EMERGENCY),
        ("con tôi đang co giật", RiskLevel.EMERGENCY),
    ],
)
def test_places_stories_romaji_and_seizures(rules: RiskAssessor, text: str, level: RiskLevel) -> None:
    assert rules.assess(text).level is level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("締め切りに殺される、あと2本", RiskLevel.LOW),  # a figure of speech keeps the concepts off too
        ("彼が戻ったら殺すって。あと20分で戻る", RiskLevel.EMERGENCY),  # a clock is still a clock
        ("kusuri zenbu nonda, sakki", RiskLevel.EMERGENCY),  # romaji
        ("sudah kusiapin tali di kamar", RiskLevel.EMERGENCY),  # a rope made ready
        ("転んで膝すりむいて血だらけ、でも泣かなかった", RiskLevel.LOW),
    ],
)
def test_figures_of_speech_clocks_and_ropes_made_ready(rules: RiskAssessor, text: str, level: RiskLevel) -> None:
    assert rules.assess(text).level is level

