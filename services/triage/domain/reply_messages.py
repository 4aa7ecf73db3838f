"""One language's automatic texts as LINE message objects, each checked for unsafe words as it is
built; and the start-up check that builds every one of them (`check_language`).

Quick replies are postbacks whose data is the same in every language (`prompt_choices`): intake
answers carry no `displayText` (her answer never shows in her chat), appointment answers do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from services.triage.domain import reply_compose as compose
from services.triage.domain.contacts import EmergencyContact
from services.triage.domain.hours import Schedule, next_opening
from services.triage.domain.prompt_choices import CHOICES, postback_data
from services.triage.domain.reply_format import closure_name
from services.triage.domain.reply_rules import AutoText
from services.triage.domain.reply_texts import LanguageTexts
from services.triage.domain.safe_words import UnsafeWords, assert_safe
from shared.line_messages import Message, postback_action, text

Messages = tuple[dict[str, Any], ...]
Plain = Literal["group_chat", "please_wait", "intake_thanks"]
_SAMPLE = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # any date: the start-up check writes one


class MessageBuilder:
    """Builds the messages of any language for one schedule, contact list and word list."""

    def __init__(
        self, schedule: Schedule, contacts: tuple[EmergencyContact, ...], words: UnsafeWords
    ) -> None:
        self.schedule, self.contacts, self.words = schedule, contacts, words

    def message(self, body: str, quick: list[dict[str, Any]] | None = None) -> Message:
        for label in (item["label"] for item in quick or ()):
            assert_safe(label, self.words)
        return text(assert_safe(body, self.words), quick_replies=quick)

    def auto(self, kind: AutoText, lang: LanguageTexts, now: datetime | None, outreach: bool) -> Messages:
        s, c = self.schedule, self.contacts
        opening = next_opening(now, s) if now is not None else None
        if kind is AutoText.ACKNOWLEDGEMENT:
            body = compose.acknowledgement(lang, outreach=outreach)
        elif kind is AutoText.ANSWER_SOON:
            body = lang.texts["answer_soon"]
        elif kind is AutoText.OUT_OF_HOURS:
            body = compose.out_of_hours(lang, s, c, opening, outreach=outreach)
        else:
            body = compose.urgent_out_of_hours(lang, s, c, opening)
        return (self.message(body),)

    def plain(self, name: Plain, lang: LanguageTexts) -> Messages:
        return (self.message(lang.texts[name]),)

    def intake(self, question: Literal["age", "channel"], lang: LanguageTexts) -> Messages:
        labels = lang.choices[question]
        quick = [postback_action(labels[code], postback_data(question, code)) for code in CHOICES[question]]
        return (self.message(lang.texts[f"intake_{question}"], quick),)

    def appointment(
        self, which: compose.Appointment, lang: LanguageTexts, when: datetime, place: str | None, ref: str
    ) -> Messages:
        labels = lang.choices["appointment"]
        quick = [
            postback_action(labels[code], postback_data("appointment", code, ref), display_text=labels[code])
            for code in CHOICES["appointment"]
        ]
        return (self.message(compose.appointment(lang, self.schedule, which, when, place), quick),)


def check_language(build: MessageBuilder, lang: LanguageTexts) -> None:
    """Build every text of `lang` as it can be sent (a date and a place aside: checked at each send),
    with every day and month name; raise on the first missing entry or unsafe word."""
    missing = [
        *(f"closure_names.{c.name}" for c in build.schedule.closures if not closure_name(c, lang)),
        *(
            f"notes.{key}"
            for key in sorted(compose.notes_needed(build.contacts, lang.code))
            if key not in lang.notes
        ),
        *(
            f"contact_labels.{c.id}"
            for c in build.contacts
            if lang.code != "ja" and c.id not in lang.contact_labels
        ),
    ]
    if missing:
        raise ValueError(f"{lang.code}: missing {', '.join(missing)}")
    assert_safe(" ".join((*lang.weekdays, *lang.months)), build.words)
    for kind in AutoText:
        for outreach in (False, True):
            build.auto(kind, lang, _SAMPLE, outreach)
            build.auto(kind, lang, None, outreach)
    build.intake("age", lang)
    build.intake("channel", lang)
    for name in ("group_chat", "please_wait", "intake_thanks"):
        build.message(lang.texts[name])
    for which in ("confirm", "reminder"):
        build.appointment(which, lang, _SAMPLE, None, "ref")
