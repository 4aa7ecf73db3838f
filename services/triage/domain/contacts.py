"""The numbers the automatic replies give (seeds/emergency_contacts.yaml), and which of them answer
in her language.

Only a contact's `number`, its neutral label and a neutral note on her language are ever sent; the
organisation's name stays in the seed for staff (a name such as "DV相談ナビ" on a checked phone could
put her at risk). `when` says where a contact goes:

- `now` — danger now (110 / 119): the first line of the urgent reply names these numbers;
- `always` — answers 24 hours: right after that first line in the urgent reply;
- `local` — answers at its own hours: in the out-of-hours reply, after the others.

`other_languages` lists, per number, the languages it answers in besides Japanese, as checked against
each line's own published information (the seed says where and when). A line that answers another
language only in a chat reached through a website that names the topic lists nothing here: that
address is never sent automatically (a counselor may give it in the conversation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from services.triage.domain.safe_words import UnsafeWords, assert_safe

When = Literal["now", "always", "local"]


@dataclass(frozen=True, slots=True)
class LanguageAccess:
    """`numbers` (part of the contact's number) answer in `languages`; `press`: the key to press after
    the recorded guidance, `hours`: when that line answers, `varies_by_day`: not every language daily."""

    numbers: str
    languages: frozenset[str]
    press: str | None = None
    hours: str | None = None
    varies_by_day: bool = False


@dataclass(frozen=True, slots=True)
class EmergencyContact:
    """A number in the out-of-hours replies; only `number`, the label and a language note are sent."""

    id: str
    number: str
    label: str
    when: When = "always"
    other_languages: tuple[LanguageAccess, ...] = ()

    def access_in(self, language: str) -> tuple[LanguageAccess, ...]:
        """The parts of this contact that answer in `language` (empty: Japanese only, as far as known)."""
        return tuple(a for a in self.other_languages if language in a.languages)


def _access(raw: Mapping[str, Any]) -> LanguageAccess:
    return LanguageAccess(
        numbers=str(raw["numbers"]),
        languages=frozenset(str(lang) for lang in raw["languages"]),
        press=None if raw.get("press") is None else str(raw["press"]),
        hours=None if raw.get("hours") is None else str(raw["hours"]),
        varies_by_day=bool(raw.get("varies_by_day", False)),
    )


def parse_contacts(
    document: Mapping[str, Any], words: UnsafeWords | None = None
) -> tuple[EmergencyContact, ...]:
    """From the loaded seeds/emergency_contacts.yaml; a wrong `when` raises ValueError, and a label
    with an unsafe word (given `words`) UnsafeMessageError, naming this seed rather than a reply."""
    contacts = []
    for c in document["contacts"]:
        if words is not None:
            assert_safe(str(c["label"]), words)
        when = str(c.get("when", "always"))
        if when not in ("now", "always", "local"):
            raise ValueError(f"contact {c['id']}: when must be now, always or local, not {when!r}")
        contacts.append(
            EmergencyContact(
                id=str(c["id"]),
                number=str(c["number"]),
                label=str(c["label"]),
                when=cast(When, when),  # checked just above
                other_languages=tuple(_access(a) for a in c.get("other_languages") or ()),
            )
        )
    return tuple(contacts)
