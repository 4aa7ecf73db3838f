"""Situations: acts and states read with their aspect (rules/situations.yaml + situations.py).

The rules alone (no learned model), on the kinds the issue lists. These sentences are written
for the tests, not taken from any corpus.
"""

import pytest

from services.triage.risk import RiskAssessor
from services.triage.risk.situations import TABLE
from tests.unit.risk._table import check


@pytest.fixture(scope="module")
def rules() -> RiskAssessor:
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # an act in progress or just done, without a crisis word
        ("もらってた薬、残り全部いった", "emergency"),
        ("首にかけるとこまでやった", "emergency"),
        ("車の中で火をつけた", "emergency"),
        ("ガス栓ひねった。窓もしめた", "emergency"),
        ("睡眠薬とお酒いっしょに飲んだ", "emergency"),
        # being at a lethal place
        ("欄干の外側に座ってる", "emergency"),
        ("ホームの端にいる。次の快速で", "emergency"),
        ("いま橋の上", "emergency"),
        # a threat with a clock
        ("戻ったら殺すって。あと20分で戻る", "emergency"),
        ("帰ったら覚えとけって。あと30分", "emergency"),
        # violence, injury, confinement, drugged: now
        ("いま壁に押しつけられて首つかまれてる", "emergency"),
        ("血が止まらない", "emergency"),
        ("彼氏が車から降ろしてくれない", "emergency"),
        ("何か飲まされて体に力が入らない", "emergency"),
        ("隣の家から子どもの泣き叫ぶ声がずっと聞こえる", "emergency"),
        # the same acts wished, habitual or past: lower
        ("飛び降りたい", "high"),
        ("夫に殴られてる", "high"),
        ("昨日殴られた", "high"),
        ("10年前に殴られたけど今は大丈夫", "low"),
        ("殴られてはいない", "low"),
        ("屋上でお弁当たべた", "low"),
    ],
)
def test_situations(rules: RiskAssessor, text: str, level: str) -> None:
    check(rules, text, level, set())


def test_the_reason_names_the_aspect(rules: RiskAssessor) -> None:
    a = rules.assess("もらってた薬、残り全部いった")
    top = a.reasons[0]
    assert top.rule_id == "SUI-ACT-DONE"
    assert "aspect:done" in top.flags
    assert top.span in "もらってた薬、残り全部いった"


def test_every_kind_has_a_level_for_every_aspect() -> None:
    for levels in TABLE.values():
        assert len(levels) == 8
