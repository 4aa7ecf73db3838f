"""Suicide and self-harm rules, incl. negation, hyperbole, third person, past, obfuscation."""

import pytest

from services.triage.risk import RiskAssessor
from tests.unit.risk._table import check

CASES = [
    # ideation (high)
    ("死にたい", "high", set()),
    ("もう疲れた、全部終わりにしたい", "high", set()),
    ("消えてしまいたい", "high", set()),
    ("楽になりたい", "high", set()),
    ("生きる意味がわからない", "high", set()),
    ("いなくなりたいな", "high", set()),
    # obfuscation
    ("氏にたい", "high", set()),
    ("ﾀﾋにたい", "high", set()),
    ("しにたーーい", "high", set()),
    ("し に た い", "high", set()),
    ("シニタイ", "high", set()),
    ("ころされる", "emergency", set()),
    # plans, means, time, place (emergency)
    ("薬を溜めてる", "emergency", set()),
    ("ロープ買った", "emergency", set()),
    ("練炭を用意した", "emergency", set()),
    ("今夜死にます", "emergency", set()),
    ("これから飛び降りる", "emergency", set()),
    ("今ビルの屋上にいる", "emergency", set()),
    ("駅のホームにいる、もう無理", "emergency", set()),
    ("薬全部飲んじゃった", "emergency", set()),
    ("手首切った、血が止まらない", "emergency", set()),
    ("みんなにありがとうって伝えて", "emergency", set()),
    ("ロープで死にたい", "emergency", set()),
    # means alone / self-harm (high)
    ("🪢", "high", set()),
    ("リスカしちゃった", "high", set()),
    ("ODしたい", "high", set()),
    # negation
    ("死にたくない", "low", {"negated"}),
    ("死にたいわけじゃない", "low", {"negated"}),
    ("死のうとは思ってない", "low", {"negated"}),
    ("死ぬつもりはない", "low", {"negated"}),
    # NOT negation
    ("死ぬしかない", "high", set()),
    ("死にたくてたまらない", "high", set()),
    # hyperbole
    ("疲れて死にそう", "low", set()),
    ("笑い死ぬ", "low", set()),
    ("死ぬほど眠い", "low", set()),
    ("暑すぎて死ぬ", "low", set()),
    ("辛すぎて死にたい", "high", set()),
    # third person keeps the level
    ("友達が死にたいって言ってる", "high", {"third_person"}),
    ("友達が今から飛び降りるって", "emergency", {"third_person"}),
    # past
    ("昔は死にたいと思ってた、今は大丈夫", "low", {"past"}),
    ("学生の頃は死にたいと思ってた", "medium", {"past"}),
    # information requests and everyday words
    ("自殺防止の相談窓口ってどこですか", "low", set()),
    ("今駅のホームにいる、電車遅れてる", "low", set()),
    ("風邪薬買った", "low", set()),
    ("今夜は友達とご飯", "low", set()),
]


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    # the rules by themselves (the learned model is tested in test_learned.py)
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(("text", "level", "flags"), CASES)
def test_suicide_rules(assessor: RiskAssessor, text: str, level: str, flags: set[str]) -> None:
    check(assessor, text, level, flags)


@pytest.mark.parametrize(
    ("recent", "text", "level"),
    [
        (("ロープ買った",), "今夜", "emergency"),
        (("もう死にたい",), "これから", "emergency"),
        (("薬いっぱい集めた",), "明日の朝には", "emergency"),
        (("死にたくない",), "今夜", "low"),
        (("今日は晴れ",), "今夜", "low"),
    ],
)
def test_several_messages_together(
    assessor: RiskAssessor, recent: tuple[str, ...], text: str, level: str
) -> None:
    a = assessor.assess(text, recent=recent)
    assert a.level.value == level
    if level == "emergency":
        assert "combined" in a.reasons[0].flags


def test_reasons_highest_first(assessor: RiskAssessor) -> None:
    a = assessor.assess("死にたい。今夜ロープで")
    ranks = [r.level.rank for r in a.reasons]
    assert ranks == sorted(ranks, reverse=True)
    assert a.level == a.reasons[0].level
