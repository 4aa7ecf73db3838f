"""Message builders keep LINE's limits, so a mistake is found at composition, not as a 400 later."""

import pytest
from linebot.v3.messaging import PushMessageRequest

from shared import line_messages as lm


def test_text_with_quick_replies_is_a_valid_line_message() -> None:
    message = lm.text(
        "年代を教えてください",
        quick_replies=[lm.postback_action("10代", "age=10s"), lm.message_action("答えない", "答えない")],
    )
    request = PushMessageRequest.from_dict({"to": "U0", "messages": [message]})
    assert request.to_dict()["messages"][0]["quickReply"]["items"][0]["action"]["data"] == "age=10s"


def test_templates_are_valid_line_messages() -> None:
    yes, no = lm.message_action("はい", "はい"), lm.message_action("いいえ", "いいえ")
    messages = [
        lm.confirm("確認", "続けますか？", yes, no),
        lm.buttons("選択", "どれですか", [yes, no], title="質問"),
    ]
    assert (
        PushMessageRequest.from_dict({"to": "U0", "messages": messages}).to_dict()["messages"][1]["template"][
            "title"
        ]
        == "質問"
    )


def test_limits_are_enforced() -> None:
    action = lm.message_action("a", "a")
    with pytest.raises(ValueError):
        lm.quick_reply([action] * 14)
    with pytest.raises(ValueError):
        lm.buttons("alt", "t", [action] * 5)
    with pytest.raises(ValueError):
        lm.message_action("x" * 21, "x")
    with pytest.raises(ValueError):
        lm.text("")
