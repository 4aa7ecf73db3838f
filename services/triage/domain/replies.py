"""The texts the system itself sends a consulter, in her language, each with its Japanese gloss.

`ReplyCatalog` is built once at start from the schedule, the contacts, the unsafe words and the
language files (seeds/replies/*.yaml). Building it writes **every text in every language** and checks
it against the unsafe words of every language (`safe_words`), so a seed that breaks safe messaging
— a label, a closure name, a translation — stops the service at start-up; each text is checked again
when it is sent (a date, a place). Every text it returns is ready for `SendLineMessage.messages`,
and `AutoReply.gloss` is the same message in Japanese, for the counselor's console.

A language the catalog lacks falls back (`reply_language.resolve`): asking for `es` gives English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from services.triage.domain.contacts import EmergencyContact, parse_contacts
from services.triage.domain.hours import Schedule
from services.triage.domain.reply_compose import Appointment
from services.triage.domain.reply_language import JAPANESE, resolve
from services.triage.domain.reply_messages import MessageBuilder, Messages, Plain, check_language
from services.triage.domain.reply_rules import AutoText
from services.triage.domain.reply_texts import LanguageTexts
from services.triage.domain.safe_words import (
    CORE_UNSAFE_WORDS,
    UnsafeMessageError,
    UnsafeWords,
    assert_safe,
    find_unsafe_words,
    parse_unsafe_words,
)

__all__ = [
    "CORE_UNSAFE_WORDS",
    "AutoReply",
    "EmergencyContact",
    "ReplyCatalog",
    "UnsafeMessageError",
    "UnsafeWords",
    "assert_safe",
    "find_unsafe_words",
    "parse_contacts",
    "parse_unsafe_words",
]


@dataclass(frozen=True, slots=True)
class AutoReply:
    """What to send, in `language`; `gloss` is the same in Japanese (None when sent in Japanese)."""

    language: str
    messages: Messages
    gloss: Messages | None


class ReplyCatalog:
    """Builds the system's LINE messages in each language of `languages` (Japanese required)."""

    def __init__(
        self,
        schedule: Schedule,
        contacts: Iterable[EmergencyContact],
        words: UnsafeWords,
        languages: Iterable[LanguageTexts],
    ) -> None:
        self._build = MessageBuilder(schedule, tuple(contacts), words)
        # Japanese first: the reference, so its problems are reported before a translation's.
        self._langs = {lang.code: lang for lang in sorted(languages, key=lambda lang: lang.code != JAPANESE)}
        if JAPANESE not in self._langs:
            raise ValueError("the Japanese texts (ja) are required: every gloss is Japanese")
        for lang in self._langs.values():
            check_language(self._build, lang)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with texts, Japanese first."""
        return tuple(self._langs)

    def resolve(self, language: str | None) -> str:
        """The language a text for her goes in: hers if it has texts, else its fallback (reply_language)."""
        return resolve(language, self._langs)

    def _both(self, language: str, build: Callable[[LanguageTexts], Messages]) -> AutoReply:
        code = resolve(language, self._langs)
        messages = build(self._langs[code])
        gloss = None if code == JAPANESE else build(self._langs[JAPANESE])
        return AutoReply(code, messages, gloss)

    # -- what the handlers call --

    def reply(
        self,
        kind: AutoText,
        language: str = JAPANESE,
        *,
        now: datetime | None = None,
        with_outreach: bool = False,
    ) -> AutoReply:
        """One automatic reply (`reply_rules.automatic_texts` says which); `now`: when she wrote,
        required out of hours (it names the next opening). `with_outreach` adds "meeting in person
        is possible" to the acknowledgement and the out-of-hours reply."""
        if now is None and kind in (AutoText.OUT_OF_HOURS, AutoText.URGENT_OUT_OF_HOURS):
            raise ValueError(f"{kind}: now is required")
        return self._both(language, lambda lang: self._build.auto(kind, lang, now, with_outreach))

    def plain(self, name: Plain, language: str = JAPANESE) -> AutoReply:
        """A fixed text: `group_chat`, `please_wait` (a counselor sends it) or `intake_thanks`."""
        return self._both(language, lambda lang: self._build.plain(name, lang))

    def intake_question(self, question: Literal["age", "channel"], language: str = JAPANESE) -> AutoReply:
        """Her age band, or how she heard of the service, as quick replies (both may be skipped);
        her answer comes back as the postback `intake:<question>:<code>`."""
        return self._both(language, lambda lang: self._build.intake(question, lang))

    def appointment(
        self,
        which: Appointment,
        language: str = JAPANESE,
        *,
        when: datetime,
        ref: str,
        place: str | None = None,
    ) -> AutoReply:
        """Confirm or remind an appointment; her answer comes back as `appointment:<ref>:<code>`.
        `place` is the coordinator's wording: an unsafe place raises UnsafeMessageError."""
        return self._both(language, lambda lang: self._build.appointment(which, lang, when, place, ref))

    # -- today's callers (handlers/hours.py, handlers/chats.py): Japanese unless told --

    def acknowledgement(self, language: str = JAPANESE, *, with_outreach: bool = False) -> Messages:
        """In hours: her message arrived and a person will answer."""
        return self.reply(AutoText.ACKNOWLEDGEMENT, language, with_outreach=with_outreach).messages

    def out_of_hours(
        self, now: datetime, language: str = JAPANESE, *, with_outreach: bool = False
    ) -> Messages:
        """Out of hours: the hours, the next opening and numbers that answer now."""
        return self.reply(AutoText.OUT_OF_HOURS, language, now=now, with_outreach=with_outreach).messages

    def group_chat_notice(self, language: str = JAPANESE) -> Messages:
        """In a group or room: the account is for one-to-one chats (others read this one)."""
        return self.plain("group_chat", language).messages

    def please_wait(self, language: str = JAPANESE) -> Messages:
        """When her first-response target passes: she has not been forgotten (sent by a counselor)."""
        return self.plain("please_wait", language).messages
