"""Normalisation: width, kana, spacing, stretched vowels, obfuscation, offsets."""

import pytest

from services.triage.risk import RiskAssessor


@pytest.fixture(scope="module")
def assessor() -> RiskAssessor:
    # the rules by themselves (the learned model is tested in test_learned.py)
    return RiskAssessor(model_path=None)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # the kana spelling しにたい is then read as 死にたい (rules/normalise.yaml)
        ("しにたーーい", "死にたい"),
        ("し に た い", "死にたい"),
        ("し・に・た・い", "死にたい"),
        ("しにたぁい", "死にたい"),
        ("きえたーい", "消えたい"),
        ("ねむーい", "ねむい"),
        ("死にたいいいい", "死にたい"),
        ("ﾀﾋにたい", "死にたい"),
        ("氏にたい", "死にたい"),
        ("ＯＤしたい", "odしたい"),
        ("ローーープ", "ロープ"),
        ("I  don't   want", "i don't want"),
        ("いい天気", "いい天気"),
    ],
)
def test_clean_text(assessor: RiskAssessor, raw: str, clean: str) -> None:
    assert assessor._normalise(raw).clean == clean


def test_folded_reads_katakana_as_hiragana(assessor: RiskAssessor) -> None:
    assert assessor._normalise("ロープ").folded == "ろーぷ"


@pytest.mark.parametrize("raw", ["ﾀﾋにたい", "し に た い", "今夜 帰ってきたら ころされる"])
def test_offsets_point_into_nfkc_text(assessor: RiskAssessor, raw: str) -> None:
    a = assessor.assess(raw)
    assert a.reasons
    import unicodedata

    nfkc = unicodedata.normalize("NFKC", raw)
    for r in a.reasons:
        assert nfkc[r.start : r.end] == r.span
        assert r.span


def test_empty_and_symbols_only(assessor: RiskAssessor) -> None:
    assert assessor.assess("").level == "low"
    assert assessor.assess("   ").level == "low"
    assert assessor.assess("。。。！？").level == "low"
