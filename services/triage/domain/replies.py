"""The texts the system itself sends a consulter, and the safe-messaging check they all pass.

Safe messaging (DESIGN §4): LINE shows a message's first lines on the lock screen and a partner may
read her chat, so no automatic text may name a topic (violence, DV, suicide, counseling, support,
visits...). `ReplyCatalog` checks every template when it is built, so a seed that breaks the rule
(an emergency-contact label, a closure name) stops the service at start-up, and checks again at each
send. The words are `CORE_UNSAFE_WORDS` plus seeds/unsafe_words.yaml; matching ignores width, case
and hiragana/katakana; all-ASCII words match whole words only ("dv" is not in "advice").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.triage.domain.group_chats import GROUP_CHAT_REPLY
from services.triage.domain.hours import (
    Schedule,
    closed_days_text,
    hours_text,
    next_opening,
    opening_text,
)

Messages = tuple[dict[str, Any], ...]

# A floor the seed can extend but not remove (the words DESIGN §4 and the programme name).
CORE_UNSAFE_WORDS = (
    *("暴力", "DV", "ドメスティック", "自殺", "自死", "死", "殺", "虐待", "ストーカー", "性"),
    *("避難", "シェルター", "相談", "支援", "保護", "アウトリーチ", "訪問", "同行", "警察"),
    *("violence", "abuse", "suicide", "shelter", "outreach", "counseling"),
)
_HIRAGANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


class UnsafeMessageError(ValueError):
    """A system text contains a word that could put the consulter at risk."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA)


def _compile(word: str) -> re.Pattern[str]:
    folded = re.escape(_fold(word))
    if word.isascii():
        return re.compile(rf"(?<![a-z0-9]){folded}(?![a-z0-9])")
    return re.compile(folded)


@dataclass(frozen=True, slots=True)
class UnsafeWords:
    """The word list, compiled once; build it with `UnsafeWords.of`."""

    words: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def of(cls, extra: Iterable[str] = ()) -> UnsafeWords:
        words = tuple(dict.fromkeys(w.strip() for w in (*CORE_UNSAFE_WORDS, *extra) if w.strip()))
        return cls(words, tuple(_compile(w) for w in words))


CORE = UnsafeWords.of()


def find_unsafe_words(text: str, words: UnsafeWords = CORE) -> list[str]:
    """The listed words found in `text` (as listed, in list order); empty means safe."""
    folded = _fold(text)
    return [w for w, p in zip(words.words, words.patterns, strict=True) if p.search(folded)]


def assert_safe(text: str, words: UnsafeWords = CORE) -> str:
    """Return `text` unchanged, or raise UnsafeMessageError naming the words (never the text)."""
    found = find_unsafe_words(text, words)
    if found:
        raise UnsafeMessageError(f"system text contains unsafe words: {', '.join(found)}")
    return text


@dataclass(frozen=True, slots=True)
class EmergencyContact:
    """A number in the out-of-hours reply; only `label` and `number` are sent."""

    id: str
    number: str
    label: str


def parse_contacts(document: Mapping[str, Any]) -> tuple[EmergencyContact, ...]:
    """From the loaded seeds/emergency_contacts.yaml."""
    return tuple(
        EmergencyContact(str(c["id"]), str(c["number"]), str(c["label"])) for c in document["contacts"]
    )


def parse_unsafe_words(document: Mapping[str, Any]) -> UnsafeWords:
    """From the loaded seeds/unsafe_words.yaml, on top of CORE_UNSAFE_WORDS."""
    return UnsafeWords.of(str(w) for w in document.get("words") or ())


def _text(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}


class ReplyCatalog:
    """Builds the system's LINE messages (ready for `SendLineMessage.messages`)."""

    ACK = "メッセージありがとうございます。\n順番にお返事しますので、このまま少しお待ちください。"
    PLEASE_WAIT = "お待たせしています。\n順番にお返事しますので、もう少しだけお待ちください。"

    def __init__(self, schedule: Schedule, contacts: Iterable[EmergencyContact], words: UnsafeWords) -> None:
        self._schedule, self._contacts, self._words = schedule, tuple(contacts), words
        # Everything except the next-opening date is fixed: check it all now, at start-up.
        for text in (self.ACK, self.PLEASE_WAIT, GROUP_CHAT_REPLY, self._out_of_hours_text(None)):
            assert_safe(text, words)

    def _out_of_hours_text(self, opening: datetime | None) -> str:
        lines = ["メッセージありがとうございます。", "ただいまは受付時間外です。"]
        lines += [hours_text(self._schedule), closed_days_text(self._schedule)]
        if opening is not None:
            lines.append(f"次の受付は{opening_text(opening, self._schedule)}からです。")
        if self._contacts:
            lines += ["", "お電話でつながる先:"]
            lines += [f"・{c.label} {c.number}" for c in self._contacts]
        return "\n".join(lines)

    def acknowledgement(self) -> Messages:
        """In hours: her message arrived and a person will answer."""
        return (_text(assert_safe(self.ACK, self._words)),)

    def out_of_hours(self, now: datetime) -> Messages:
        """Out of hours: the hours, the next opening and numbers that answer now."""
        text = self._out_of_hours_text(next_opening(now, self._schedule))
        return (_text(assert_safe(text, self._words)),)

    def group_chat_notice(self) -> Messages:
        """In a group or room: the account is for one-to-one chats (others read this one)."""
        return (_text(assert_safe(GROUP_CHAT_REPLY, self._words)),)

    def please_wait(self) -> Messages:
        """When her first-response target passes: she has not been forgotten."""
        return (_text(assert_safe(self.PLEASE_WAIT, self._words)),)
