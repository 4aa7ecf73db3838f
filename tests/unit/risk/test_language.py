"""Which language she wrote in (language.py)."""

import pytest

from services.triage.risk import RiskAssessor
from services.triage.risk.language import LANGUAGES, detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("死にたい", "ja"),
        ("help me 彼がなぐってる", "ja"),  # mixed with Japanese: Japanese
        ("ｼﾆﾀｲ", "ja"),
        ("I want to die tonight", "en"),
        ("我不想活了", "zh"),
        ("죽고 싶어요", "ko"),
        ("Tôi muốn chết", "vi"),
        ("Gusto ko nang mamatay, sinasaktan niya ako", "tl"),
        ("Ele está me batendo, não consigo sair", "pt"),
        ("Mi esposo me pegó y no me deja salir", "es"),
        ("मलाई मर्न मन छ", "ne"),
        ("Suami saya memukul saya, tolong", "id"),
        ("🙂🙂", None),
        ("", None),
    ],
)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_the_assessment_carries_it() -> None:
    a = RiskAssessor.default().assess("Mi esposo me pegó y no me deja salir")
    assert a.language == "es" and a.language in LANGUAGES
