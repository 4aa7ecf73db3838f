"""One language's automatic texts (seeds/replies/<code>.yaml), read and checked at start-up.

A translator edits one file per language; `parse_language` refuses a file with a missing text, an
unknown `{placeholder}`, a quick-reply label LINE would reject (over 20 characters), or an urgent
first line that lost its numbers, so a slip stops start-up instead of reaching her phone. The
safe-messaging check and the cross-checks against the schedule and the contacts are the catalog's
(`replies.ReplyCatalog`), which builds every text once at start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Any

from services.triage.domain.prompt_choices import CHOICES

# Each text and the placeholders it may use (a template without them is fine).
TEXTS: dict[str, frozenset[str]] = {
    name: frozenset(fields)
    for name, fields in {
        "acknowledgement": (),
        "answer_soon": (),
        "please_wait": (),
        "group_chat": (),
        "thanks": (),
        "closed_now": (),
        "next_opening": ("when",),
        "contacts_heading": (),
        "urgent_first_line": (),
        "always_heading": (),
        "outreach_possible": (),
        "intake_age": (),
        "intake_channel": (),
        "intake_thanks": (),
        "appointment_confirm": ("details",),
        "appointment_reminder": ("details",),
        "appointment_when": ("when",),
        "appointment_place": ("place",),
    }.items()
}
# Notes on a contact that answers in her language: needed only where a contact offers the language.
NOTES: dict[str, frozenset[str]] = {
    "language_numbers": frozenset({"numbers"}),
    "language_menu": frozenset({"press", "hours"}),
    "language_menu_some_days": frozenset({"press", "hours"}),
}
FORMATS: dict[str, frozenset[str]] = {
    "day": frozenset({"weekday"}),
    "day_join": frozenset(),
    "hours": frozenset({"sessions"}),
    "session": frozenset({"days", "opens", "closes"}),
    "session_last_intake": frozenset({"days", "opens", "closes", "last_intake"}),
    "session_join": frozenset(),
    "closed_days": frozenset({"closures"}),
    "closure": frozenset({"name", "start", "end"}),
    "month_day": frozenset({"month", "day", "month_name"}),
    "date_time": frozenset({"month", "day", "month_name", "weekday", "time"}),
}
LABEL_LIMIT = 20  # LINE's limit for a quick-reply label


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


@dataclass(frozen=True, slots=True)
class LanguageTexts:
    """A language's texts, choice labels, date formats, closure names and contact labels."""

    code: str
    name: str
    texts: Mapping[str, str]
    notes: Mapping[str, str]
    choices: Mapping[str, Mapping[str, str]]
    formats: Mapping[str, str]
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    closure_names: Mapping[str, str]
    contact_labels: Mapping[str, str]


def _templates(
    section: Any, allowed: Mapping[str, frozenset[str]], what: str, *, required: bool
) -> dict[str, str]:
    section = section or {}
    if not isinstance(section, Mapping):
        raise ValueError(f"{what}: expected a mapping")
    unknown = set(section) - set(allowed)
    missing = set(allowed) - set(section) if required else set()
    if unknown or missing:
        raise ValueError(f"{what}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    out: dict[str, str] = {}
    for key, value in section.items():
        text = "" if value is None else str(value)
        if not text.strip() and key not in ("day_join", "session_join"):
            raise ValueError(f"{what}.{key}: empty")
        extra = placeholders(text) - allowed[key]
        if extra:
            raise ValueError(f"{what}.{key}: unknown placeholders {sorted(extra)}")
        out[str(key)] = text
    return out


def _choices(section: Any, code: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for question, codes in CHOICES.items():
        labels = (section or {}).get(question) or {}
        if set(labels) != set(codes):
            raise ValueError(f"{code}: choices.{question} must label exactly {', '.join(codes)}")
        out[question] = {str(k): str(v) for k, v in labels.items()}
        for k, v in out[question].items():
            if not 1 <= len(v) <= LABEL_LIMIT:
                raise ValueError(f"{code}: choices.{question}.{k} must be 1-{LABEL_LIMIT} characters")
    return out


def parse_language(document: Mapping[str, Any]) -> LanguageTexts:
    """Build one language from its loaded file; a wrong entry raises ValueError naming it."""
    code = str(document["language"])
    texts = _templates(document.get("texts"), TEXTS, f"{code}: texts", required=True)
    if not ("110" in texts["urgent_first_line"] and "119" in texts["urgent_first_line"]):
        raise ValueError(f"{code}: texts.urgent_first_line must name 110 and 119")
    formats = _templates(document.get("format"), FORMATS, f"{code}: format", required=True)
    weekdays = tuple(str(d) for d in document.get("weekdays") or ())
    months = tuple(str(m) for m in document.get("months") or ())
    if len(weekdays) != 7:
        raise ValueError(f"{code}: weekdays must list 7 days, Monday first")
    uses_month_names = any("month_name" in placeholders(f) for f in formats.values())
    if (months or uses_month_names) and len(months) != 12:
        raise ValueError(f"{code}: months must list 12 months when a format uses month_name")
    return LanguageTexts(
        code=code,
        name=str(document.get("name", code)),
        texts=texts,
        notes=_templates(document.get("notes"), NOTES, f"{code}: notes", required=False),
        choices=_choices(document.get("choices"), code),
        formats=formats,
        weekdays=weekdays,
        months=months,
        closure_names={str(k): str(v) for k, v in (document.get("closure_names") or {}).items()},
        contact_labels={str(k): str(v) for k, v in (document.get("contact_labels") or {}).items()},
    )
