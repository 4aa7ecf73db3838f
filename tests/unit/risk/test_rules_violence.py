"""Violence (DV, sexual), stalking and child rules."""

import pytest

from services.triage.risk import RiskAssessor
from tests.unit.risk._table import check

CASES = [
    ("今夜帰ってきたら殺される", "emergency", set()),
    ("今殴られてる", "emergency", set()),
    ("夫が包丁持って暴れてる", "emergency", set()),
    ("帰ったらまた殴られる", "emergency", set()),
    ("部屋に閉じ込められてる", "emergency", set()),
    ("夫に殴られた", "high", set()),
    ("彼氏に首を絞められた", "high", set()),
    ("なぐられた", "high", set()),
    ("夫からDV受けてる", "high", set()),
    ("無理やりされた", "high", set()),
    ("殺すって言われた", "high", set()),
    ("夫が怒鳴ってばかり", "medium", set()),
    ("生活費をくれない", "medium", set()),
    ("スマホを毎日チェックされる", "medium", set()),
    # negation, question, past, third person
    ("殴られてはいない", "low", {"negated"}),
    ("叩かれたりはしてない", "low", {"negated"}),
    ("DVって何ですか", "low", {"question"}),
    ("前の夫には殴られてたけど、今は平気", "low", {"past"}),
    ("姉が旦那に殴られてるらしい", "high", {"third_person"}),
    ("殺されるかもしれない", "emergency", set()),
    # stalking
    ("元彼につきまとわれてる", "medium", set()),
    ("元彼に待ち伏せされて、殺すって言われた", "high", set()),
    ("元彼が今家の前にいる", "emergency", set()),
    # child
    ("子供を叩いてしまう", "high", set()),
    ("赤ちゃんが息してない", "emergency", set()),
    ("子供と一緒に死にたい", "emergency", set()),
    ("子供を殺してしまいそう", "emergency", set()),
    ("育児がつらい", "medium", set()),
    ("子どもの頃、親に叩かれてた", "medium", {"past"}),
    # everyday
    ("殺人事件のドラマ怖かった", "low", set()),
    ("上司に殺される笑", "low", set()),
]


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    # the rules by themselves (the learned model is tested in test_learned.py)
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(("text", "level", "flags"), CASES)
def test_violence_rules(assessor: RiskAssessor, text: str, level: str, flags: set[str]) -> None:
    check(assessor, text, level, flags)


def test_threat_then_return_is_emergency(assessor: RiskAssessor) -> None:
    check(assessor, "帰ってきた", "emergency", {"combined"}, recent=("夫が今夜帰ってきたら殺すって",))
