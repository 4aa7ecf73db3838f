"""The answers the system's prompts offer as LINE quick replies, and the postback data they send back.

The codes are the same in every language (the label is translated, the code is not), so an answer
reads the same whatever language she was asked in:

- intake (DESIGN §4 "Intake", both optional): her age band — the codes of the console's intake
  (`under_20` … `70_plus`) — and how she heard of the service (the publicity channel); `skip` means
  she chose not to say;
- an appointment (an outreach visit, never named as one): confirm, ask for another time, cancel.

Intake answers are postbacks **without** `displayText`: her answer ("toilet sticker") never appears in
her chat, where someone checking her phone could read it. Appointment answers show a neutral line
in her chat, so she sees that her answer went.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AGE_BANDS = ("under_20", "20s", "30s", "40s", "50s", "60s", "70_plus", "skip")
CHANNELS = ("school_card", "toilet_sticker", "social_ad", "ward_website", "word_of_mouth", "other", "skip")
APPOINTMENT_ANSWERS = ("confirm", "reschedule", "cancel")

Question = Literal["age", "channel", "appointment"]
CHOICES: dict[Question, tuple[str, ...]] = {
    "age": AGE_BANDS,
    "channel": CHANNELS,
    "appointment": APPOINTMENT_ANSWERS,
}


@dataclass(frozen=True, slots=True)
class PromptAnswer:
    """A tapped quick reply: which question, the answer's code, and (appointments) which one."""

    question: Question
    code: str
    ref: str | None = None


def postback_data(question: Question, code: str, ref: str | None = None) -> str:
    """`intake:age:30s`, `intake:channel:skip`, `appointment:<ref>:confirm` (at most 300 characters)."""
    if code not in CHOICES[question]:
        raise ValueError(f"{code!r} is not an answer to {question}")
    if question == "appointment":
        if not ref or ":" in ref:
            raise ValueError("an appointment answer needs a reference without ':'")
        return f"appointment:{ref}:{code}"
    return f"intake:{question}:{code}"


def parse_postback(data: str) -> PromptAnswer | None:
    """The answer a postback carries, or None when it is not one of these prompts' (or is malformed)."""
    parts = data.split(":")
    if len(parts) != 3:
        return None
    kind, middle, code = parts
    if kind == "intake" and middle == "age" and code in AGE_BANDS:
        return PromptAnswer("age", code)
    if kind == "intake" and middle == "channel" and code in CHANNELS:
        return PromptAnswer("channel", code)
    if kind == "appointment" and middle and code in APPOINTMENT_ANSWERS:
        return PromptAnswer("appointment", code, middle)
    return None
