"""How each automatic text is put together from one language's templates (the words are the seed's).

The out-of-hours reply: thanks, "outside hours", the hours, the closed days, the next opening, then
the numbers with neutral labels (docs/policies.md §5 has it in every language).

The **urgent** out-of-hours reply (an emergency-level message) puts first what she must do now:
its first line tells her to call 110 or 119 now; then the 24-hour lines; then the hours and the next
opening, and last the local lines — everything the plain reply has, so once she has it nothing is
missing. A number that answers in her language says so in a neutral note ("English: 110 / 119").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from services.triage.domain.contacts import EmergencyContact, LanguageAccess
from services.triage.domain.hours import Schedule
from services.triage.domain.reply_format import closed_days_line, date_time, hours_line
from services.triage.domain.reply_texts import LanguageTexts

Appointment = Literal["confirm", "reminder"]


def contact_label(contact: EmergencyContact, lang: LanguageTexts) -> str:
    """The Japanese label is the contacts seed's; other languages give theirs by contact id."""
    return contact.label if lang.code == "ja" else lang.contact_labels[contact.id]


def _note_key(access: LanguageAccess) -> str:
    if access.press is None:
        return "language_numbers"
    return "language_menu_some_days" if access.varies_by_day else "language_menu"


def notes_needed(contacts: Iterable[EmergencyContact], language: str) -> set[str]:
    """The `notes` a language file needs, given which contacts answer in that language."""
    return {_note_key(a) for c in contacts for a in c.access_in(language)}


def language_note(contact: EmergencyContact, lang: LanguageTexts) -> str:
    """「 (English: 110 / 119)」 where the contact answers in her language, else ""."""
    numbers, menus = [], []
    for access in contact.access_in(lang.code):
        if access.press is None:
            numbers.append(access.numbers)
        else:
            menus.append(lang.notes[_note_key(access)].format(press=access.press, hours=access.hours or ""))
    head = [lang.notes["language_numbers"].format(numbers=" / ".join(numbers))] if numbers else []
    return "".join([*head, *menus])


def _lines(contacts: Iterable[EmergencyContact], lang: LanguageTexts, *, labelled: bool) -> list[str]:
    return [
        f"・{contact_label(c, lang)} {c.number}{language_note(c, lang)}"
        if labelled
        else f"・{c.number}{language_note(c, lang)}"
        for c in contacts
    ]


def _closed(lang: LanguageTexts, schedule: Schedule, opening: datetime | None) -> list[str]:
    t = lang.texts
    lines = [t["closed_now"], hours_line(schedule, lang), closed_days_line(schedule, lang)]
    if opening is not None:
        lines.append(t["next_opening"].format(when=date_time(opening, schedule, lang)))
    return lines


def acknowledgement(lang: LanguageTexts, *, outreach: bool = False) -> str:
    """In hours, the message that opens a case: it arrived, a person will answer."""
    return "\n".join(
        [lang.texts["acknowledgement"], *([lang.texts["outreach_possible"]] if outreach else [])]
    )


def out_of_hours(
    lang: LanguageTexts,
    schedule: Schedule,
    contacts: tuple[EmergencyContact, ...],
    opening: datetime | None,
    *,
    outreach: bool = False,
) -> str:
    """Out of hours: the hours, the next opening and the numbers that answer now."""
    t = lang.texts
    lines = [t["thanks"], *_closed(lang, schedule, opening)]
    if outreach:
        lines.append(t["outreach_possible"])
    if contacts:
        lines += ["", t["contacts_heading"], *_lines(contacts, lang, labelled=True)]
    return "\n".join(lines)


def urgent_out_of_hours(
    lang: LanguageTexts, schedule: Schedule, contacts: tuple[EmergencyContact, ...], opening: datetime | None
) -> str:
    """Out of hours, an emergency-level message: call 110 or 119 now, then the 24-hour lines."""
    t = lang.texts
    lines = [t["urgent_first_line"]]
    lines += [language_note(c, lang).strip() for c in contacts if c.when == "now" and language_note(c, lang)]
    always = [c for c in contacts if c.when == "always"]
    if always:
        lines += [t["always_heading"], *_lines(always, lang, labelled=False)]
    lines += ["", *_closed(lang, schedule, opening)]
    local = [c for c in contacts if c.when == "local"]
    if local:
        lines += ["", t["contacts_heading"], *_lines(local, lang, labelled=True)]
    return "\n".join(lines)


def appointment(
    lang: LanguageTexts, schedule: Schedule, kind: Appointment, when: datetime, place: str | None
) -> str:
    """The confirmation or the reminder of an appointment: the date and time, and the place if given."""
    t = lang.texts
    details = [t["appointment_when"].format(when=date_time(when, schedule, lang))]
    if place:
        details.append(t["appointment_place"].format(place=place))
    return t[f"appointment_{kind}"].format(details="\n".join(details))
