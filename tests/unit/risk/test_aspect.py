"""The grammar that tells an act's time (aspect.py), by itself: no word lists involved."""

import pytest

from services.triage.risk.aspect import Aspect, read_aspect
from services.triage.risk.tokens import shared_tokenizer

A = Aspect


@pytest.mark.parametrize(
    ("text", "verb", "aspect"),
    [
        ("首しめられてる", "しめ", A.ONGOING),
        ("座っています", "座", A.ONGOING),
        ("殴ってる最中", "殴", A.ONGOING),
        ("殴られた", "殴", A.DONE),
        ("飲んじゃった", "飲", A.DONE),
        ("飲んでしまった", "飲", A.DONE),
        ("残り全部いった", "い", A.DONE),
        ("ドアノブにかけました", "かけ", A.DONE),
        ("吊ろうとしたけど", "吊", A.ATTEMPTED),
        ("飛び降りようとしてる", "飛び降り", A.ABOUT_TO),
        ("落ちそう", "落ち", A.ABOUT_TO),
        ("飲むつもり", "飲", A.PLANNED),
        ("飲もうと思う", "飲", A.PLANNED),
        ("飲むことにした", "飲", A.PLANNED),
        ("飛び降りたい", "飛び降り", A.WISHED),
        ("飛び降りたら楽かな", "飛び降り", A.CONDITIONAL),
        ("帰ってきたら", "帰", A.CONDITIONAL),
        ("今から飲む", "飲", A.STATED),
        ("飛び降ります", "飛び降り", A.STATED),
    ],
)
def test_aspect_after_the_verb(text: str, verb: str, aspect: Aspect) -> None:
    tokens = shared_tokenizer().tokens(text)
    end = text.index(verb) + len(verb)
    assert read_aspect(tokens, text, end) == aspect


def test_nothing_after_the_match_is_stated() -> None:
    assert read_aspect([], "", 0) == A.STATED
