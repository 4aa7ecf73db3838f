"""The intake question on LINE (DESIGN §4 "Intake"): her age band and how she heard of the service,
asked gently as quick replies, each skippable, with the options a counselor has in the console
(shared/intake_options.py: the same codes).

The Japanese texts; in her other languages the replies catalogue (seeds/replies/) builds the same
questions with the same codes (workflows/intake.py chooses). Every text and
every label passes the safe-messaging check when the prompt is built: a preview on a checked phone
must say nothing about what she wrote to us. Answers are postbacks **without** `displayText`, so
what she tapped ("toilet sticker") never appears in her chat. Postback data: `intake:age:30s`,
`intake:channel:school_card`, `intake:age:skip` (the format the replies catalogue uses too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from services.triage.domain.reply_messages import Messages
from services.triage.domain.safe_words import UnsafeWords, assert_safe
from shared.intake_options import AGE_BANDS, ChannelRegistry

Question = Literal["age", "channel"]
QUESTIONS: tuple[Question, ...] = ("age", "channel")
FIELDS: dict[Question, str] = {"age": "age_band", "channel": "channel"}
SKIP = "skip"

ASK: dict[Question, str] = {
    "age": "よろしければ、年代を教えてください。\n答えなくてもかまいません。",
    "channel": "このアカウントを何で知りましたか。\nよろしければ教えてください。",
}
THANKS = "教えてくださってありがとうございます。"
SKIP_LABEL = "答えない"


@dataclass(frozen=True, slots=True)
class IntakeAnswer:
    question: Question
    code: str | None  # None: she chose not to say


def postback_data(question: Question, code: str) -> str:
    return f"intake:{question}:{code}"


class IntakePrompt:
    """The two questions and the thanks, as LINE messages (checked once, at start-up)."""

    def __init__(self, channels: ChannelRegistry, words: UnsafeWords) -> None:
        self._choices: dict[Question, tuple[tuple[str, str], ...]] = {
            "age": tuple((code, label) for code, label in AGE_BANDS if code != "unknown"),
            "channel": tuple((c.id, c.quick_label) for c in channels.channels),
        }
        for text in (*ASK.values(), THANKS, SKIP_LABEL, *self._labels()):
            assert_safe(text, words)

    def _labels(self) -> Iterable[str]:
        return (label for choices in self._choices.values() for _, label in choices)

    def parse(self, data: str) -> IntakeAnswer | None:
        """The answer a postback carries, or None when it is not an intake answer we offered."""
        parts = data.split(":")
        if len(parts) != 3 or parts[0] != "intake" or parts[1] not in QUESTIONS:
            return None
        question: Question = "age" if parts[1] == "age" else "channel"
        if parts[2] == SKIP:
            return IntakeAnswer(question, None)
        if parts[2] not in {code for code, _ in self._choices[question]}:
            return None
        return IntakeAnswer(question, parts[2])

    def question(self, question: Question) -> Messages:
        items: list[dict[str, Any]] = [
            _item(label[:20], postback_data(question, code)) for code, label in self._choices[question]
        ]
        items.append(_item(SKIP_LABEL, postback_data(question, SKIP)))
        return ({"type": "text", "text": ASK[question], "quickReply": {"items": items}},)

    def thanks(self) -> Messages:
        return ({"type": "text", "text": THANKS},)


def _item(label: str, data: str) -> dict[str, Any]:
    return {"type": "action", "action": {"type": "postback", "label": label, "data": data}}


def next_question(known: Iterable[str], after: Question | None = None) -> Question | None:
    """The first question after `after` whose answer is not known yet (nothing is asked twice)."""
    known_fields = set(known)
    start = QUESTIONS.index(after) + 1 if after else 0
    for question in QUESTIONS[start:]:
        if FIELDS[question] not in known_fields:
            return question
    return None
